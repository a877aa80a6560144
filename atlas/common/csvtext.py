"""CSV text the tool writes: safe to open in a spreadsheet.

* A cell taken from a document or a file name that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return would be run as a formula by Excel
  or LibreOffice (CSV injection); such text cells get a leading ``'``, as
  OWASP advises. Numbers are never touched.
* Outputs meant for users start with a UTF-8 byte-order mark, so Excel on
  Chinese Windows opens them as UTF-8 (pandas and most tools skip the mark).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a frame is written: BOM and defuse stay light
    import pandas as pd

BOM = "\ufeff"
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: object) -> object:
    """A text cell with a leading ``'`` if a spreadsheet would read it as a formula.

    Examples
    --------
    >>> defuse("=HYPERLINK(1)"), defuse("-3"), defuse(-3), defuse("河北")
    ("'=HYPERLINK(1)", "'-3", -3, '河北')
    """
    return "'" + value if isinstance(value, str) and value.startswith(_TRIGGERS) else value


def csv_text(frame: pd.DataFrame, bom: bool = True) -> str:
    """``frame`` as CSV text (``\\n`` line ends), text cells defused, with a BOM unless ``bom=False``.

    Examples
    --------
    >>> import pandas as pd
    >>> csv_text(pd.DataFrame({"name": ["@x"], "n": [-1]}), bom=False)
    "name,n\\n'@x,-1\\n"
    """
    import pandas as pd

    text_columns = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])
                    and not pd.api.types.is_bool_dtype(frame[c])]
    safe = frame.copy()
    for column in text_columns:
        safe[column] = safe[column].map(defuse, na_action="ignore")
    return (BOM if bom else "") + safe.to_csv(index=False, lineterminator="\n")

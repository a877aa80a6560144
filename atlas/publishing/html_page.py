"""The frame of the atlas's plain HTML pages (index, planning pages, summaries): one head, one style sheet each."""

from __future__ import annotations

from atlas.publishing.maps.escaping import html_text as esc

#: Body text in a CJK font where one is installed, any sans-serif otherwise.
FONT = '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif'


def html_document(title: str, css: str, body: str) -> str:
    """A self-contained HTML page: ``title`` (escaped), ``css`` and ``body`` as given (already escaped HTML).

    Examples
    --------
    >>> page = html_document("甲 <b>", "body { margin: 0; }", "<p>x</p>")
    >>> page.startswith("<!DOCTYPE html>") and "<title>甲 &lt;b&gt;</title>" in page
    True
    """
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(title)}</title>\n'
            f"<style>\n{css}\n</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")

"""A pilot's agenda: the task headings of its work plan, read by their numbering.

A Chinese work plan numbers its parts ``一、`` and the items inside a part
``（一）``, then ``1.`` and ``(1)``. The parts are of three kinds, named in the
administrative vocabulary of such plans: goals (目标), tasks (任务, 举措, 重点,
内容, 改革 …) and safeguards (保障, 组织实施 …). The agenda is the items of the task
parts: the first level of numbering under them (``（一）``, or ``1.`` where a part
skips a level). A plan with no part named as tasks gives the items of every part
that is neither goals nor safeguards. Each item keeps its line, and its text is
the heading up to the end of its first sentence (an item often runs on into its
body: ``（一）加强组织领导。成立……``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from atlas.reading.sources import Document
from atlas.reading.text import SENTENCE_END, heading

#: ``(1)`` / ``（1）``: a fourth numbering level, below ``1.``.
_LEVEL4 = re.compile(r"^[(（]\d{1,2}[)）]\s*\S")
#: Words naming a part of goals or of safeguards (checked first: 保障措施 is no task part).
_NOT_TASKS = ("目标", "保障", "组织实施", "实施步骤", "进度安排", "基本情况", "概况", "总体要求", "指导思想")
#: Words naming a part of tasks.
_TASKS = ("任务", "举措", "重点", "内容", "改革", "措施", "工作")
#: Longest item text kept (a heading that runs on without a sentence end is cut here).
ITEM_MAX = 60


@dataclass(frozen=True)
class AgendaItem:
    """One task heading of a pilot's work plan."""

    line: int
    mark: str  # the numbering as written: （一）, 1.
    text: str  # the heading without its mark, up to its first sentence end
    part: str  # the part it sits in (``二、主要任务``), mark included


def _level(text: str) -> int | None:
    found = heading(text)
    if found:
        return found[0]
    return 4 if _LEVEL4.match(text) else None


def _split(text: str) -> tuple[str, str]:
    """Numbering mark and heading text of a heading line."""
    match = re.match(r"^([(（]?[一二三四五六七八九十\d]+[)）、.．]?)\s*", text)
    mark = match.group(1) if match else ""
    body = SENTENCE_END.split(text[len(match.group(0)) if match else 0:], maxsplit=1)[0]
    return mark, body.strip()[:ITEM_MAX]


def part_kind(title: str) -> str:
    """``tasks``, ``other`` (goals, safeguards) or ``unnamed`` for a part's title.

    >>> part_kind("二、主要任务"), part_kind("三、保障措施"), part_kind("四、附则")
    ('tasks', 'other', 'unnamed')
    """
    if any(word in title for word in _NOT_TASKS):
        return "other"
    return "tasks" if any(word in title for word in _TASKS) else "unnamed"


def agenda_items(lines: list[tuple[int, str]]) -> list[AgendaItem]:
    """Task headings among the numbered lines of one pilot's section.

    Parameters
    ----------
    lines : list of (int, str)
        ``(line number, text)`` of the section's non-blank lines, in order.

    Returns
    -------
    list of AgendaItem
        The first numbering level under each task part, in order.

    Examples
    --------
    >>> plan = ["一、总体目标", "到2020年……", "二、主要任务", "（一）推进户籍制度改革",
    ...         "放宽落户条件。", "（二）建立多元化投融资机制。发行债券。",
    ...         "三、保障措施", "（一）加强组织领导。成立领导小组。"]
    >>> [(i.line, i.mark, i.text) for i in agenda_items(list(enumerate(plan, 1)))]
    [(4, '（一）', '推进户籍制度改革'), (6, '（二）', '建立多元化投融资机制')]
    """
    parts: list[tuple[str, list[tuple[int, int, str]]]] = []
    for number, text in lines:
        level = _level(text)
        if level == 1:
            parts.append((text, []))
        elif level is not None and parts:
            parts[-1][1].append((level, number, text))
    kinds = [part_kind(_split(title)[1]) for title, _ in parts]
    wanted = "tasks" if "tasks" in kinds else "unnamed"
    items = []
    for (title, headings), kind in zip(parts, kinds):
        if kind != wanted or not headings:
            continue
        top = min(level for level, _, _ in headings)
        part_label = "".join(_split(title))
        for level, number, text in headings:
            if level == top:
                mark, body = _split(text)
                if body:
                    items.append(AgendaItem(number, mark, body, part_label[:20]))
    return items


def section_agenda(doc: Document, section: tuple[int, int]) -> list[AgendaItem]:
    """Agenda items of the section ``(first, last)`` line of a document (a pilot's section)."""
    start, end = section
    lines = doc.lines
    return agenda_items([(n, lines[n - 1]) for n in range(max(start, 0) + 1, min(end, len(lines)) + 1) if lines[n - 1]])


AGENDA_COLUMNS = ["name", "canonical_name", "adcode", "doc", "page", "line", "mark", "text"]


def agenda_records(items: list[AgendaItem], doc: Document, name: str, canonical_name: str,
                   adcode: str) -> list[dict]:
    """Rows of :data:`AGENDA_COLUMNS` for one pilot's items (page and line on it for a paged document)."""
    rows = []
    for item in items:
        page, line = doc.locate(item.line)
        rows.append({"name": name, "canonical_name": canonical_name, "adcode": adcode, "doc": doc.id,
                     "page": page, "line": line, "mark": item.mark, "text": item.text})
    return rows


def agenda_frame(rows: list[dict]) -> pd.DataFrame:
    """Agenda rows as a table with :data:`AGENDA_COLUMNS` (empty but typed when there are none)."""
    frame = pd.DataFrame(rows, columns=AGENDA_COLUMNS)
    frame["line"] = pd.to_numeric(frame["line"]).astype("int64")
    frame["page"] = pd.to_numeric(frame["page"], errors="coerce").astype("Int64")
    return frame

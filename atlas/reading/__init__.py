"""Reading documents: files → lines → paragraphs → place spans → mentions, pilots and figures.

The steps, in order: :mod:`~atlas.reading.formats` (PDF, Word, web archives)
and :mod:`~atlas.reading.sources` (bytes, encodings, markup) with
:mod:`~atlas.reading.script` (traditional script, noise, page chrome) give
numbered lines; :mod:`~atlas.reading.text` joins them into paragraphs under
headings; :mod:`~atlas.reading.scanner` finds place spans, which
:mod:`~atlas.reading.mentions` resolves in context (with
:mod:`~atlas.reading.zones`); :mod:`~atlas.reading.pilots`,
:mod:`~atlas.reading.lists` and :mod:`~atlas.reading.notices` find the pilot
lists; :mod:`~atlas.reading.figures` and :mod:`~atlas.reading.facts` read and
attribute figures; :mod:`~atlas.reading.extraction` runs it all on a folder.
"""

"""``invoke import``: iCalendar events into content files (see docs/import.md).

Data flows one way: :mod:`.source` reads and parses the calendar,
:mod:`.convert` turns each VEVENT into an :class:`~.convert.Draft` (pure),
:mod:`.document` writes a draft as front matter and Markdown (pure),
:mod:`.writer` matches drafts with the files already there and writes,
:mod:`.report` says what happened. :mod:`.run` ties them together. Nothing
here imports Pelican.
"""

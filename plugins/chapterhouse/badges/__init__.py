"""Name badges and an attendance sheet from an RSVP form's CSV export (``invoke badges``).

* :mod:`.csvread` reads Google Forms, Tally and Framaforms exports as they are
  (encodings, byte-order marks, delimiters, header names in several languages);
* :mod:`.layout` places badges on A4 or US Letter paper, with crop marks, and
  shrinks names until they fit;
* :mod:`.fonts` checks that every character has a glyph in an installed font;
* :mod:`.render` and :mod:`.sheet` write the PDFs with WeasyPrint.

The first two are pure (no Pelican, no WeasyPrint, no clock); attendee data is
personal and never written inside the content folder, the site or the repository
(see :mod:`chapterhouse.cli.badges`).
"""

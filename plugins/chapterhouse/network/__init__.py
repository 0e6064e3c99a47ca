"""A hub's member sites: who they are, fetching their data, and checking it.

* :mod:`.members`: ``content/network.yml`` read into :class:`~.members.Member` values;
* :mod:`.store`: the last good copy of each source, in the build cache;
* :mod:`.documents`: remote ``events.json`` / ``chapters.json`` / iCalendar feeds checked
  into :class:`~.documents.RemoteChapter` and :class:`~.documents.RemoteEvent`;
* :mod:`.sources`: :func:`~.sources.gather`, fetching every member within limits, in parallel,
  falling back on the last good copy.

Nothing here imports Pelican; the site layer turns the gathered data into pages.
"""

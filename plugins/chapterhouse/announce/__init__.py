"""Ready-to-paste announcements of one event, for email, LinkedIn and Mastodon.

Pure: takes the model (an event, the chosen occurrence, its chapter), the
site's URLs and the interface of the event's language; never imports Pelican
and never reads the clock ("now" is given). ``invoke announce`` is its
command-line adapter (:mod:`chapterhouse.cli.announce`).

* :mod:`.limits`: how long a text is for each network, and fitting a text to a limit;
* :mod:`.facts`: what is announced, in the event's language (or why not);
* :mod:`.networks`: the post for each network.
"""

"""The incremental build engine: outputs declared with their inputs, kept, rendered or written.

Knows nothing of events, chapters or templates. An output is a path, the
values it is made from and a function that makes its bytes (:mod:`.outputs`);
:class:`~.engine.Engine` keeps an output whose inputs have the fingerprint
(:mod:`.fingerprint`) they had in the previous build, makes it otherwise, and
writes it only when its bytes changed. Values shared by many outputs
(:class:`~.outputs.Derived`) are computed once and remembered across builds.
Work is spread over processes (:mod:`.jobs`); the cache lives on disk
(:mod:`.store`, :mod:`.cache`); a build either fully succeeds or changes
nothing (:mod:`.publish`).
"""

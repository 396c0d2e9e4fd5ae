"""The tantivy engine: schema and analysis of fields (``schema``), records as documents
(``documents``, ``rebuild`` for the worker processes of a big rebuild), queries (``query``),
words for completion and "did you mean" (``words``), and the backend that ties them
(``backend``).

This file imports nothing: a rebuild's worker process imports ``rebuild`` through it before
Django is set up, and a model imported here would make the worker die on its first task (the
pool then waits forever for a result that never comes).
"""

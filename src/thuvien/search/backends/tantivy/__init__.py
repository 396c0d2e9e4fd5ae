"""The tantivy engine: schema and analysis of fields (``schema``), records as documents
(``documents``, ``rebuild`` for the worker processes of a big rebuild), queries (``query``),
words for completion and "did you mean" (``words``), and the backend that ties them
(``backend``)."""

from thuvien.search.backends.tantivy.backend import TantivyBackend

__all__ = ["TantivyBackend"]

"""Search: the service pages and the API call (``services``), query parsing (``query``),
Vietnamese analysis (``analysis``), what the index knows of a record (``documents``), the
applier that follows the change feed (``applier``), and the engines behind one interface
(``backends``: tantivy is the one we ship)."""

"""Search: one backend interface (tantivy is the engine), Vietnamese analysis, the outbox
that carries catalogue changes to the index, and the search service pages and the API call."""

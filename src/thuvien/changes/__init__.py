"""The change feed: "record N changed", written by every domain that changes what a record
shows (catalogue, circulation, digital) and read by whoever keeps a copy (the search index)."""

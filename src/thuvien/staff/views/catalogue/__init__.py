"""Catalogue pages: records and the MARC editor, copies, imports."""

"""Factories and sample data for thuvien's tests (importable, so tests stay short)."""

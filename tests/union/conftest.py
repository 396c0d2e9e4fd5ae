"""Fixtures shared by the union tests: the records of test_services (one edition in three
libraries, a re-edition, old books for review)."""

from tests.union.test_services import records

__all__ = ["records"]

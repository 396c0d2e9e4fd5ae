"""thuvien: one platform for a Vietnamese provincial library network."""

__version__ = "0.1.0"

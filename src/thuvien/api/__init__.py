"""The HTTP API under /api/v1 (django-ninja), problem+json errors everywhere."""

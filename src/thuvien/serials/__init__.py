"""Periodicals (ấn phẩm định kỳ): subscriptions, expected issues, check-in, claims, bound
volumes."""

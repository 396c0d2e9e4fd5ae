"""The one error shape of thuvien's domain.

Services raise :class:`ThuvienError` subclasses; views, the API and the CLI turn them into
a page message, an RFC 9457 problem document or a line on stderr. Each carries a stable
``code`` (for programs and tests), a message that says what went wrong with which value and
what to do next, the ids involved, and the HTTP status that fits.
"""

from __future__ import annotations

from typing import Any


class ThuvienError(Exception):
    code = "thuvien.error"
    status = 400

    def __init__(self, message: str, **ids: Any) -> None:
        super().__init__(message)
        self.message = message
        self.ids = ids

    def as_problem(self) -> dict[str, Any]:
        """RFC 9457 problem details."""
        problem: dict[str, Any] = {
            "type": f"https://thuvien.vn/problems/{self.code}",
            "title": self.code,
            "status": self.status,
            "detail": self.message,
        }
        if self.ids:
            problem["ids"] = {k: str(v) for k, v in self.ids.items()}
        return problem


class NotPermitted(ThuvienError):
    code = "permission.denied"
    status = 403


class NotFound(ThuvienError):
    code = "not_found"
    status = 404


class InvalidInput(ThuvienError):
    code = "invalid_input"
    status = 422


class Conflict(ThuvienError):
    code = "conflict"
    status = 409

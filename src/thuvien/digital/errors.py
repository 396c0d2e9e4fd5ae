"""The digital library's errors, in the one error shape of :mod:`thuvien.errors`."""

from __future__ import annotations

from thuvien.errors import InvalidInput, NotFound, NotPermitted, ThuvienError


class Rejected(InvalidInput):
    """A file refused at ingest; the message is the plain reason shown to the uploader."""

    code = "digital.rejected"


class UnknownObject(NotFound):
    code = "digital.not_found"


class AccessDenied(NotPermitted):
    code = "digital.access_denied"


class SignInRequired(NotPermitted):
    """The object may be seen after signing in (401, not 403: the reader can do something)."""

    code = "digital.sign_in_required"
    status = 401


class IIIFBadRequest(ThuvienError):
    """A IIIF request the server understands but refuses: 400, as the Image API asks."""

    code = "iiif.bad_request"
    status = 400

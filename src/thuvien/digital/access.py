"""Who may see a digital object, decided in one place for every path.

Images, tiles, manifests, PDFs, OCR text and search results all call :func:`check`, so an
access level holds everywhere or nowhere. Staff of the owning library (and network-wide
roles) see everything; readers see open material; on-site material from the reading rooms'
addresses; by-request material with an approved, unexpired request; restricted material never.
Every view of restricted material is written to :class:`AccessLog`.
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import conf
from thuvien.digital.errors import AccessDenied, SignInRequired, UnknownObject
from thuvien.digital.models import AccessLog, AccessRequest, DigitalObject
from thuvien.http import client_address, signed_in_reader_id
from thuvien.network.permissions import Action, can

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(raw: str) -> tuple[Network, ...]:
    networks = []
    for part in raw.split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                continue  # reported by the system check digital.W003
    return tuple(networks)


def reading_room_networks() -> tuple[Network, ...]:
    return _networks(conf.get_str("READING_ROOM_NETWORKS"))


def in_reading_room(request: HttpRequest) -> bool:
    # The same client address the API's rate limit uses (X-Forwarded-For only from the
    # configured number of trusted proxies; IPv6 reduced to its /64).
    try:
        client = ipaddress.ip_network(client_address(request), strict=False)
    except ValueError:
        return False
    return any(
        client.version == network.version and client.subnet_of(network)  # type: ignore[arg-type]
        for network in reading_room_networks()
    )


def is_staff_for(request: HttpRequest, obj: DigitalObject) -> bool:
    return can(request.user, Action.VIEW_STAFF_PAGES, obj.library)


@dataclass(frozen=True)
class Grant:
    """What the viewer may do with an object they may see."""

    staff: bool
    watermark: str  # empty: none needed
    public: bool  # open to everyone: shared caches may keep it

    @property
    def cacheable(self) -> bool:
        return not self.watermark


def _requester(request: HttpRequest) -> Q | None:
    """Whose requests count for this request: the reader signed in on the portal with their
    card, and the signed-in account; None when nobody is signed in."""
    whose = Q(pk__in=[])
    patron = signed_in_reader_id(request)
    if patron is not None:
        whose |= Q(patron_ref=patron)
    if request.user.is_authenticated:
        whose |= Q(reader=request.user)
    return whose if patron is not None or request.user.is_authenticated else None


def is_signed_in(request: HttpRequest) -> bool:
    return request.user.is_authenticated or signed_in_reader_id(request) is not None


def has_approved_request(request: HttpRequest, obj: DigitalObject) -> bool:
    whose = _requester(request)
    if whose is None:
        return False
    return AccessRequest.objects.filter(
        whose,
        digital_object=obj,
        state=AccessRequest.State.APPROVED,
        expires_at__gt=timezone.now(),
    ).exists()


def has_pending_request(request: HttpRequest, obj: DigitalObject) -> bool:
    whose = _requester(request)
    if whose is None:
        return False
    return AccessRequest.objects.filter(
        whose, digital_object=obj, state=AccessRequest.State.PENDING
    ).exists()


def check(request: HttpRequest, obj: DigitalObject, what: str) -> Grant:
    """Allow or raise: 404 for unpublished objects (as if absent), 401/403 with the reason.

    ``what`` names the kind of access for the log of restricted material (empty: not logged).
    """
    staff = is_staff_for(request, obj)
    published = obj.status == DigitalObject.Status.PUBLISHED and not _embargoed(obj)
    if not staff and not published:
        raise UnknownObject(
            _("Không có đối tượng số {identifier}.").format(identifier=obj.identifier),
            identifier=obj.identifier,
        )
    if obj.access == DigitalObject.Access.RESTRICTED:
        if not staff:
            _refuse(
                request,
                obj,
                _("Tài liệu hạn chế: chỉ cán bộ thư viện được xem."),
            )
        if what:  # empty: this viewer's access was logged moments ago
            AccessLog.objects.create(
                digital_object=obj,
                user_id=request.user.pk,
                user_label=request.user.get_username(),
                address=str(request.META.get("REMOTE_ADDR", ""))[:64],
                what=what[:120],
            )
    elif obj.access == DigitalObject.Access.ONSITE and not staff and not in_reading_room(request):
        raise AccessDenied(
            _("Tài liệu này chỉ xem được tại phòng đọc của thư viện."),
            identifier=obj.identifier,
        )
    elif (
        obj.access == DigitalObject.Access.REQUEST
        and not staff
        and not has_approved_request(request, obj)
    ):
        _refuse(
            request,
            obj,
            _("Tài liệu này cần gửi yêu cầu và được cán bộ duyệt."),
        )
    return Grant(
        staff=staff,
        watermark=watermark_for(request, obj),
        public=obj.access == DigitalObject.Access.OPEN,
    )


def _embargoed(obj: DigitalObject) -> bool:
    return obj.embargo_until is not None and obj.embargo_until > datetime.date.today()


def _refuse(request: HttpRequest, obj: DigitalObject, reason: str) -> None:
    if not is_signed_in(request):
        raise SignInRequired(
            _("{reason} Hãy đăng nhập.").format(reason=reason),
            identifier=obj.identifier,
        )
    raise AccessDenied(reason, identifier=obj.identifier)


def watermark_for(request: HttpRequest, obj: DigitalObject) -> str:
    """In-copyright (or unknown) material carries who asked and the date."""
    if obj.rights not in (DigitalObject.Rights.IN_COPYRIGHT, DigitalObject.Rights.UNKNOWN):
        return ""
    if request.user.is_authenticated:
        who = request.user.get_username()
    elif signed_in_reader_id(request) is not None:
        who = f"reader {signed_in_reader_id(request)}"
    else:
        who = "thuvien"
    return f"{obj.library.code} · {who} · {timezone.localdate():%d/%m/%Y}"


def visible(request: HttpRequest) -> QuerySet[DigitalObject]:
    """The objects the requester may find (search results), as one query."""
    from thuvien.network.permissions import profile_of

    rows = DigitalObject.objects.all()
    profile = profile_of(request.user)
    if profile is not None and profile.library_id is None:
        return rows  # network-wide roles
    readable = Q(access=DigitalObject.Access.OPEN)
    if in_reading_room(request):
        readable |= Q(access=DigitalObject.Access.ONSITE)
    whose = _requester(request)
    if whose is not None:
        granted = AccessRequest.objects.filter(
            whose,
            state=AccessRequest.State.APPROVED,
            expires_at__gt=timezone.now(),
        ).values("digital_object_id")
        readable |= Q(access=DigitalObject.Access.REQUEST, pk__in=granted)
    published = Q(status=DigitalObject.Status.PUBLISHED) & (
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=datetime.date.today())
    )
    condition = published & readable
    if profile is not None:
        condition |= Q(library_id=profile.library_id)
    return rows.filter(condition)

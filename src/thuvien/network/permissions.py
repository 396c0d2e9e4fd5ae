"""Who may do what, where: enforced by the services, not only by the views.

A staff account has one role; network-wide roles act on every library, the others only on
the library their account is scoped to. Views call the same :func:`require` the services do,
so a button is hidden exactly when the operation would be refused.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thuvien import actors
from thuvien.errors import NotPermitted
from thuvien.network.models import NETWORK_WIDE_ROLES, Library, Role, StaffProfile

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from thuvien.actors import Actor


class Action(StrEnum):
    VIEW_STAFF_PAGES = "view staff pages"
    REGISTER_LIBRARY = "register a library"
    EDIT_LIBRARY = "edit a library"
    EDIT_CATALOGUE = "edit records"
    EDIT_ITEMS = "edit items"
    IMPORT_RECORDS = "import records"
    MANAGE_STAFF = "manage staff accounts"
    VIEW_AUDIT = "view the audit log"
    CIRCULATE = "lend and take back items"
    MANAGE_PATRONS = "manage readers"
    OVERSEE = "oversee the network"
    ANSWER_EVALUATION = "answer an evaluation"
    READ_REPORTS = "read statistical reports"
    FILL_REPORTS = "fill statistical reports"
    REVIEW_REPORTS = "review statistical reports"
    OPERATE = "operate the system"
    SET_BRANDING = "set the portal's branding"
    PUBLISH_NEWS = "publish news"
    DECIDE_CLUSTERS = "decide union catalogue clusters"
    NAME_LEAD_LIBRARY = "name the lead library"
    RESET_MFA = "reset a staff member's two-step sign-in"
    TAKE_STOCK = "take stock and propose weeding"
    WITHDRAW_ITEMS = "decide a withdrawal"
    ACQUIRE = "acquire and register material"


# What each action is called in a refusal, in the librarians' words (the values above are
# stable keys for code and logs).
ACTION_NAMES = {
    Action.VIEW_STAFF_PAGES: gettext_lazy("xem trang nghiệp vụ"),
    Action.REGISTER_LIBRARY: gettext_lazy("đăng ký thư viện"),
    Action.EDIT_LIBRARY: gettext_lazy("sửa thông tin thư viện"),
    Action.EDIT_CATALOGUE: gettext_lazy("sửa biểu ghi"),
    Action.EDIT_ITEMS: gettext_lazy("sửa bản sách"),
    Action.IMPORT_RECORDS: gettext_lazy("nhập biểu ghi"),
    Action.MANAGE_STAFF: gettext_lazy("quản lý tài khoản cán bộ"),
    Action.VIEW_AUDIT: gettext_lazy("xem nhật ký"),
    Action.CIRCULATE: gettext_lazy("cho mượn và nhận trả"),
    Action.MANAGE_PATRONS: gettext_lazy("quản lý bạn đọc"),
    Action.OVERSEE: gettext_lazy("quản lý đánh giá, chỉ tiêu, kiểm tra và tập huấn"),
    Action.ANSWER_EVALUATION: gettext_lazy("tự đánh giá và trả lời kết quả đánh giá"),
    Action.READ_REPORTS: gettext_lazy("xem báo cáo thống kê"),
    Action.FILL_REPORTS: gettext_lazy("lập và gửi báo cáo thống kê"),
    Action.REVIEW_REPORTS: gettext_lazy("duyệt báo cáo thống kê"),
    Action.OPERATE: gettext_lazy("vận hành hệ thống (sao lưu, phục hồi)"),
    Action.SET_BRANDING: gettext_lazy("đặt tên, biểu trưng và màu sắc trên cổng tra cứu"),
    Action.PUBLISH_NEWS: gettext_lazy("viết và đăng tin"),
    Action.DECIDE_CLUSTERS: gettext_lazy("quyết định gom hay tách biểu ghi của mục lục liên hợp"),
    Action.NAME_LEAD_LIBRARY: gettext_lazy("chỉ định thư viện đầu mối"),
    Action.RESET_MFA: gettext_lazy("đặt lại xác thực hai bước của cán bộ"),
    Action.TAKE_STOCK: gettext_lazy("kiểm kê kho và lập danh sách thanh lọc"),
    Action.WITHDRAW_ITEMS: gettext_lazy("ra quyết định thanh lý tài liệu"),
    Action.ACQUIRE: gettext_lazy("bổ sung tài liệu và ghi sổ đăng ký"),
}

_ALL_ROLES = frozenset(Role)

# Which roles may take each action (within their scope).
ALLOWED: dict[Action, frozenset[Role]] = {
    Action.VIEW_STAFF_PAGES: _ALL_ROLES,
    Action.REGISTER_LIBRARY: frozenset({Role.NETWORK_ADMIN}),
    Action.OPERATE: frozenset({Role.NETWORK_ADMIN}),
    Action.EDIT_LIBRARY: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN}),
    Action.EDIT_CATALOGUE: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN, Role.CATALOGUER}),
    Action.EDIT_ITEMS: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN, Role.CATALOGUER}),
    Action.IMPORT_RECORDS: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN, Role.CATALOGUER}),
    Action.MANAGE_STAFF: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN}),
    Action.VIEW_AUDIT: frozenset({Role.NETWORK_ADMIN, Role.DEPARTMENT_OFFICER, Role.LIBRARY_ADMIN}),
    Action.CIRCULATE: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN, Role.CIRCULATION_CLERK}),
    Action.MANAGE_PATRONS: frozenset(
        {Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN, Role.CIRCULATION_CLERK}
    ),
    # The Department's work (TT 05/2020 evaluation, the plan's KPIs, inspections, training).
    Action.OVERSEE: frozenset({Role.NETWORK_ADMIN, Role.DEPARTMENT_OFFICER}),
    Action.ANSWER_EVALUATION: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN}),
    # A library reads and fills only its own report; the Department reads all, fills none.
    Action.READ_REPORTS: _ALL_ROLES,
    Action.FILL_REPORTS: frozenset({Role.LIBRARY_ADMIN}),
    Action.REVIEW_REPORTS: frozenset({Role.DEPARTMENT_OFFICER}),
    # The province's look is the network admin's (no library: network-wide roles only); a
    # library admin sets their own library's.
    Action.SET_BRANDING: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN}),
    # A library's news is its admin's; the Department publishes the province's.
    Action.PUBLISH_NEWS: frozenset(
        {Role.NETWORK_ADMIN, Role.DEPARTMENT_OFFICER, Role.LIBRARY_ADMIN}
    ),
    # The union catalogue: checked on the lead library (thư viện đầu mối), whose library
    # admins decide; other cataloguers propose (Decree 93/2020 Art. 27–28).
    Action.DECIDE_CLUSTERS: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN}),
    Action.NAME_LEAD_LIBRARY: frozenset({Role.NETWORK_ADMIN}),
    # A lost phone: only the network admin removes a staff member's app (issue 14).
    Action.RESET_MFA: frozenset({Role.NETWORK_ADMIN}),
    # Counting the shelves is everyday work; marking copies lost at close and withdrawing
    # copies are the library's decision (quyết định thanh lý, signed by its head).
    Action.TAKE_STOCK: frozenset(
        {Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN, Role.CATALOGUER, Role.CIRCULATION_CLERK}
    ),
    Action.WITHDRAW_ITEMS: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN}),
    # Ordering, receiving and the registers (bổ sung, đăng ký): the technical staff who also
    # catalogue the copies; the Department reads the registers through the yearly report.
    Action.ACQUIRE: frozenset({Role.NETWORK_ADMIN, Role.LIBRARY_ADMIN, Role.CATALOGUER}),
}


def profile_of(user: AbstractBaseUser | AnonymousUser | None) -> StaffProfile | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        # The reverse one-to-one is unknown to the type stubs; Django caches it on the user.
        profile: StaffProfile = getattr(user, "staff")  # noqa: B009
        return profile
    except StaffProfile.DoesNotExist:
        return None


def can(
    user: AbstractBaseUser | AnonymousUser | None, action: Action, library: Library | None = None
) -> bool:
    """Whether ``user`` may take ``action`` on ``library`` (None: anywhere / network-wide)."""
    profile = profile_of(user)
    if profile is None:
        return False
    role = Role(profile.role)
    if role not in ALLOWED[action]:
        return False
    if role in NETWORK_WIDE_ROLES:
        return True
    return library is not None and library.pk == profile.library_id


def require(
    user: AbstractBaseUser | AnonymousUser | None, action: Action, library: Library | None = None
) -> StaffProfile:
    """Return the user's staff profile, or raise :class:`NotPermitted` saying why."""
    profile = profile_of(user)
    if profile is None:
        raise NotPermitted(
            _("Chỉ cán bộ thư viện mới được {action}.").format(action=ACTION_NAMES[action])
        )
    if not can(user, action, library):
        name = user.get_username()  # type: ignore[union-attr]
        refusal = (
            _("Tài khoản {user} ({role}) không được phép {action} tại {library}.")
            if library is not None
            else _("Tài khoản {user} ({role}) không được phép {action}.")
        )
        raise NotPermitted(
            refusal.format(
                user=name,
                role=Role(profile.role).label,
                action=ACTION_NAMES[action],
                library=library.code if library is not None else "",
            ),
            user=name,
            library=library.code if library is not None else "",
        )
    return profile


def check(actor: Actor, action: Action, library: Library | None = None) -> None:
    """People go through the role table; a program (``cli:…``, ``sip2:…``, the system) is
    the machine's operator, or a caller that authenticated some other way, and is trusted."""
    if not actors.is_program(actor):
        require(actor, action, library)


def libraries_for(user: AbstractBaseUser | AnonymousUser | None, action: Action) -> list[Library]:
    """The libraries on which ``user`` may take ``action`` (for choosers in forms)."""
    profile = profile_of(user)
    if profile is None or Role(profile.role) not in ALLOWED[action]:
        return []
    if Role(profile.role) in NETWORK_WIDE_ROLES:
        return list(Library.objects.all())
    return [profile.library] if profile.library is not None else []

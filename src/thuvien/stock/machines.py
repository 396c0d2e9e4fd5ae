"""The lifecycles of a stock-take and of a weeding list, as tables of :mod:`thuvien.lifecycle`.

Both are audited: a stock-take's close may mark copies lost and a decision withdraws them,
so the moves are decisions about the collection, not desk traffic.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thuvien.lifecycle.machine import Machine, Move
from thuvien.stock.models import StockTake, WeedingList

_S = StockTake.State
STOCK_TAKE = Machine(
    "stock-take",
    StockTake,
    noun=_("đợt kiểm kê"),
    audit_as="stock take",
    starts={"open": _("mở đợt kiểm kê")},
    moves={
        "count": Move(_("bắt đầu quét"), {_S.OPEN}, _S.COUNTING),
        "close": Move(_("đóng đợt kiểm kê"), {_S.OPEN, _S.COUNTING}, _S.CLOSED),
    },
)

_W = WeedingList.State
WEEDING = Machine(
    "weeding",
    WeedingList,
    noun=_("danh sách thanh lọc"),
    audit_as="weeding list",
    starts={"propose": _("lập danh sách thanh lọc")},
    moves={
        "decide": Move(_("ra quyết định thanh lý"), {_W.PROPOSED}, _W.DECIDED),
        "cancel": Move(_("huỷ danh sách"), {_W.PROPOSED}, _W.CANCELLED),
    },
)

"""Bars drawn on the server as SVG: no script, and a table beside each chart says the same
(the chart is hidden from screen readers, which read the table)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ROW = 26
LEFT = 270  # the labels' column, in the 680-unit wide drawing
SPAN = 330  # the bars' column


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    share: float  # 0–100: how far the bar reaches
    goal: float | None  # 0–100: where the target's mark stands
    y: int

    @property
    def width(self) -> int:
        return round(self.share * SPAN / 100)

    @property
    def target_x(self) -> int | None:
        return None if self.goal is None else LEFT + round(self.goal * SPAN / 100)

    @property
    def text_y(self) -> int:
        return self.y + 17

    @property
    def bar_y(self) -> int:
        return self.y + 4


def bars(rows: list[tuple[str, Decimal | None, Decimal | None]], percent: bool) -> list[Bar]:
    """``rows``: (label, value, target). Percentages are drawn against 100; other values
    against the largest value or target shown."""
    values = [v for _l, v, t in rows for v in (v, t) if v is not None]
    scale = Decimal(100) if percent else max(values, default=Decimal(1)) or Decimal(1)

    def at(v: Decimal | None) -> float | None:
        return None if v is None else float(min(v / scale, Decimal(1)) * 100)

    return [
        Bar(label, value, at(value) or 0.0, at(target), i * ROW)
        for i, (label, value, target) in enumerate(rows)
    ]


def height(chart: list[Bar]) -> int:
    return max(len(chart), 1) * ROW

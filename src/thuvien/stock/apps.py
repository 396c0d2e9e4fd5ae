from django.apps import AppConfig


class StockConfig(AppConfig):
    name = "thuvien.stock"
    verbose_name = "Kiểm kê và thanh lọc"

    def ready(self) -> None:
        from collections.abc import Sequence
        from datetime import date

        from thuvien.acquisitions import registers
        from thuvien.stock import weeding

        def withdrawals(item_ids: Sequence[int]) -> dict[int, tuple[date, str]]:
            # The individual register (acquisitions, a layer below) shows each withdrawal with
            # its decision's date and number; a copy withdrawn by hand keeps the default.
            return {**registers.withdrawn_items(item_ids), **weeding.withdrawals(item_ids)}

        registers.WITHDRAWALS = withdrawals

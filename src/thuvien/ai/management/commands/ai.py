"""``thuvien ai``: train the AI services on the catalogue's own text, and try them.

Branch h-diacritics holds only the diacritics service; the suggestion branch adds its
subcommands and trainers here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thuvien.ai import diacritics
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Trí tuệ nhân tạo gợi ý, người quyết định: huấn luyện trên dữ liệu của chính mục lục, "
        "không tải mô hình nào từ ngoài; thử từng dịch vụ."
    )

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser)
        train = self.subcommand(
            chooser,
            "train",
            gettext_lazy(
                "Huấn luyện lại mọi dịch vụ trên mục lục (nhan đề, chủ đề, tóm tắt, văn bản "
                "OCR), đo chất lượng trên phần để riêng, rồi đề xuất thêm dấu cho các biểu ghi "
                "mất dấu (chờ cán bộ duyệt)."
            ),
        )
        self.add_json_option(train)
        restore = self.subcommand(
            chooser,
            "diacritics",
            gettext_lazy(
                "Thêm dấu tiếng Việt cho văn bản gõ không dấu, hoặc giải mã văn bản gõ theo "
                "kiểu Telex/VNI khi bộ gõ tắt (thuw vieenj soos, thu7 vie65n so61)."
            ),
        )
        restore.add_argument("text", help=gettext_lazy("Văn bản cần thêm dấu."))
        self.add_json_option(restore)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "train":
            self._train(as_json=options["json"])
            return
        self._diacritics(options["text"], as_json=options["json"])

    def _train(self, *, as_json: bool) -> None:
        figures = diacritics.train()
        proposed = diacritics.propose()
        if as_json:
            self.print_json({"diacritics": {**figures, "proposed": proposed}})
            return
        accuracy = figures["accuracy"]
        self.stdout.write(
            _(
                "Thêm dấu: học {syllables} âm tiết ({vocabulary} dạng viết); trên {held} âm "
                "tiết để riêng, đúng {accuracy} (cách đơn giản — dạng hay gặp nhất: "
                "{baseline}). Đề xuất mới cho {proposed} biểu ghi mất dấu."
            ).format(
                syllables=figures["syllables"],
                vocabulary=figures["vocabulary"],
                held=figures["held_out_syllables"],
                accuracy="-" if accuracy is None else f"{accuracy:.1%}",
                baseline="-"
                if figures["baseline_accuracy"] is None
                else f"{figures['baseline_accuracy']:.1%}",
                proposed=proposed,
            )
        )

    def _diacritics(self, text: str, *, as_json: bool) -> None:
        found = diacritics.restore_text(text)
        if found is None:
            raise fail(_("Chưa có mô hình thêm dấu: hãy chạy `thuvien ai train` trước."))
        decoded, restoration = found
        if not as_json:
            self.stdout.write(restoration.text)
            return
        self.print_json(
            {
                "text": text,
                "decoded": decoded if decoded != text else None,
                "restored": restoration.text,
                "syllables": [
                    {
                        "typed": s.typed,
                        "restored": s.restored,
                        "alternatives": [
                            {"form": a.form, "score": a.score} for a in s.alternatives
                        ],
                    }
                    for s in restoration.syllables
                ],
                "quality": diacritics.model_quality(),
            }
        )

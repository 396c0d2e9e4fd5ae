"""``thuvien ai``: train the suggesters on the network's own records, and show what they
suggest for one record (suggestions only: nothing here changes a record)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thuvien.ai import cataloguing, diacritics, training
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Gợi ý của máy cho người biên mục và bạn đọc, học từ dữ liệu của chính mạng lưới: "
        "máy gợi ý, người quyết định."
    )

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser)
        train = self.subcommand(
            chooser,
            "train",
            gettext_lazy(
                "Huấn luyện lại mọi bộ gợi ý từ các biểu ghi và lượt mượn của mạng lưới, đo "
                "chất lượng trên các thư viện giữ lại để thử, rồi lưu mô hình vào thư mục dữ liệu."
            ),
        )
        train.add_argument(
            "--only", metavar="NAME", help=gettext_lazy("Chỉ một bộ gợi ý (theo tên).")
        )
        self.add_json_option(train)
        suggest = self.subcommand(
            chooser,
            "suggest",
            gettext_lazy("Các lớp phân loại và đề mục chủ đề gợi ý cho một biểu ghi, kèm điểm."),
        )
        suggest.add_argument("record_id", type=int, help=gettext_lazy("Số hiệu biểu ghi."))
        self.add_json_option(suggest)
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
            self._train(options["only"], as_json=options["json"])
        elif options["action"] == "diacritics":
            self._diacritics(options["text"], as_json=options["json"])
        else:
            self._suggest(options["record_id"], as_json=options["json"])

    def _train(self, only: str | None, *, as_json: bool) -> None:
        names = [t.name for t in training.TRAINERS]
        if only is not None and only not in names:
            raise fail(
                _("Không có bộ gợi ý «{name}»; có: {names}.").format(
                    name=only, names=", ".join(names)
                )
            )
        results = training.run_all(only)
        if as_json:
            self.print_json(results)
            return
        for name, result in results.items():
            if name == "diacritics":
                self.stdout.write(_diacritics_line(result))
                continue
            self.stdout.write(
                _("{name}: đã học từ {records} biểu ghi trong {seconds} giây.").format(
                    name=name,
                    records=result.get("records", 0),
                    seconds=result.get("seconds", 0),
                )
            )
            for family, figures in result.get("families", {}).items():
                held = figures["held_out"]
                self.stdout.write(
                    _(
                        "  {family}: {labels} nhãn; thử trên {tested} biểu ghi: đúng ở vị trí 1 "
                        "{p1:.0%} (chuẩn so sánh {b1:.0%}), F1@5 {f5:.2f} (chuẩn {b5:.2f})."
                    ).format(
                        family=family,
                        labels=figures["labels"],
                        tested=held["records"],
                        p1=held["precision_at_1"],
                        b1=held["baseline_precision_at_1"],
                        f5=held["f1_at_5"],
                        b5=held["baseline_f1_at_5"],
                    )
                )

    def _suggest(self, record_id: int, *, as_json: bool) -> None:
        record = Record.objects.filter(pk=record_id).first()
        if record is None:
            raise fail(
                _("Không có biểu ghi số {id}. Xem số hiệu trong trang biểu ghi.").format(
                    id=record_id
                )
            )
        if cataloguing.summary() is None:
            raise fail(_("Chưa có mô hình gợi ý: hãy chạy «thuvien ai train» trước."))
        marc = MarcRecord.from_stored(record.leader, record.marc)
        found = cataloguing.suggest_for(marc, cataloguing.ocr_of(record.pk))
        classes = [s.as_dict() for s in found if s.label.family != "subject"]
        subjects = [s.as_dict() for s in found if s.label.family == "subject"]
        if as_json:
            self.print_json({"record": record.pk, "classes": classes, "subjects": subjects})
            return
        self.stdout.write(
            _("Gợi ý cho biểu ghi {id} «{title}»:").format(id=record.pk, title=record.title)
        )
        for c in classes:
            self.stdout.write(f"  {c['scheme'].upper()} {c['value']}  ({c['score']:.2f})")
        for s in subjects:
            self.stdout.write(f"  {s['tag']} {s['heading']}  ({s['score']:.2f})")

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


def _diacritics_line(figures: dict[str, Any]) -> str:
    accuracy, baseline = figures["accuracy"], figures["baseline_accuracy"]
    return _(
        "Thêm dấu: học {syllables} âm tiết ({vocabulary} dạng viết); trên {held} âm "
        "tiết để riêng, đúng {accuracy} (cách đơn giản — dạng hay gặp nhất: "
        "{baseline}). Đề xuất mới cho {proposed} biểu ghi mất dấu."
    ).format(
        syllables=figures["syllables"],
        vocabulary=figures["vocabulary"],
        held=figures["held_out_syllables"],
        accuracy="-" if accuracy is None else f"{accuracy:.1%}",
        baseline="-" if baseline is None else f"{baseline:.1%}",
        proposed=figures["proposed"],
    )

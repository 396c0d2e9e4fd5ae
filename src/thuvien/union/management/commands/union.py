"""``thuvien union``: rebuild the union catalogue's clusters, explain one record's, or export
the union catalogue (one record per edition, with 852 holdings) for the National Library."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.catalogue.models import Record
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy
from thuvien.network.services import library_by_code
from thuvien.union import publishing, quality, review, services
from thuvien.union.models import Membership


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Mục lục liên hợp: gom các biểu ghi cùng một ấn bản của mọi thư viện thành cụm. "
        "Mỗi biểu ghi giữ nguyên; cụm chỉ cho biết chúng là một."
    )

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser)
        rebuild = self.subcommand(
            chooser,
            "rebuild",
            gettext_lazy(
                "Dựng lại mọi cụm từ các biểu ghi, thay các cụm cũ một lần (bị ngắt giữa "
                "chừng thì các cụm cũ vẫn nguyên), rồi dựng lại chỉ mục tìm kiếm."
            ),
        )
        self.add_json_option(rebuild)
        explain = self.subcommand(
            chooser,
            "explain",
            gettext_lazy("Cho biết cụm của một biểu ghi, các biểu ghi cùng cụm và vì sao."),
        )
        explain.add_argument("record_id", type=int, help=gettext_lazy("Số hiệu biểu ghi."))
        quality = self.subcommand(
            chooser,
            "quality",
            gettext_lazy(
                "Kiểm tra trường tối thiểu (Nghị định 93/2020, Điều 28) của biểu ghi dùng chung: "
                "tỷ lệ biểu ghi đủ trường của mỗi thư viện và các biểu ghi còn thiếu."
            ),
        )
        quality.add_argument(
            "--library", metavar="CODE", help=gettext_lazy("Chỉ một thư viện (mã thư viện).")
        )
        self.add_json_option(quality)
        export = self.subcommand(
            chooser,
            "export",
            gettext_lazy(
                "Xuất mục lục liên hợp cho Thư viện Quốc gia: mỗi ấn bản một biểu ghi (biểu "
                "ghi tốt nhất của cụm), kèm vốn tài liệu của mọi thư viện trong trường 852."
            ),
        )
        export.add_argument(
            "--output", required=True, metavar="FILE", help=gettext_lazy("Tệp được ghi ra.")
        )
        export.add_argument(
            "--format",
            choices=("marcxml", "iso2709"),
            default="marcxml",
            help=gettext_lazy("Khuôn dạng (mặc định: marcxml)."),
        )
        export.add_argument(
            "--since",
            metavar="DATE",
            help=gettext_lazy(
                "Chỉ các ấn bản thay đổi từ ngày này (YYYY-MM-DD, giờ UTC), kèm biểu ghi xoá "
                "(đầu biểu vị trí 05 = d) cho các ấn bản đã mất."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            counts = services.rebuild(actors.cli_operator())
            # Every record's cluster may have changed: the index's editions are rebuilt too.
            call_command("reindex", stdout=io.StringIO())
            if options["json"]:
                self.print_json(counts.as_dict())
                return
            self.stdout.write(
                _(
                    "Đã dựng lại mục lục liên hợp: {clusters} cụm, {records} biểu ghi, "
                    "{linked} biểu ghi được gom, {review} biểu ghi chờ người duyệt."
                ).format(**counts.as_dict())
            )
            return
        if options["action"] == "quality":
            self._quality(options["library"], as_json=options["json"])
            return
        if options["action"] == "export":
            self._export(options["output"], options["format"], options["since"])
            return
        self._explain(options["record_id"])

    def _quality(self, code: str | None, *, as_json: bool) -> None:
        library = library_by_code(code) if code else None
        figures = quality.by_library(library)
        failing = quality.failing(library, limit=None)
        if as_json:
            self.print_json(
                {
                    "libraries": [f.as_dict() for f in figures],
                    "failing": [
                        {"id": r.id, "library": r.library, "title": r.title, "missing": r.missing}
                        for r in failing
                    ],
                }
            )
            return
        for f in figures:
            missing = ", ".join(
                f"{quality.label(key)} {count}" for key, count in f.missing.items() if count
            )
            self.stdout.write(
                _("{library}: {complete}/{records} biểu ghi đủ trường tối thiểu ({share}).").format(
                    library=f.code,
                    complete=f.complete,
                    records=f.records,
                    share=f"{f.share:.0%}",
                )
                + (" " + _("Thiếu: {missing}.").format(missing=missing) if missing else "")
            )
        for record in failing:
            self.stdout.write(
                _("  {id} [{library}] «{title}» thiếu: {missing}").format(
                    id=record.id,
                    library=record.library,
                    title=record.title,
                    missing=", ".join(quality.label(key) for key in record.missing),
                )
            )

    def _export(self, output: str, fmt: str, since_text: str | None) -> None:
        since = None
        if since_text:
            try:
                since = dt.datetime.fromisoformat(since_text)
            except ValueError:
                raise fail(
                    _("Ngày «{value}» không đúng dạng YYYY-MM-DD.").format(value=since_text)
                ) from None
            if since.tzinfo is None:
                since = since.replace(tzinfo=dt.UTC)
        with Path(output).open("wb") as stream:
            done = publishing.exporter()(stream, fmt, since)
        for line in done.skipped:
            self.stderr.write(line)
        self.stdout.write(
            _("Đã ghi {written} ấn bản và {deleted} biểu ghi xoá vào {file} ({format}).").format(
                written=done.written, deleted=done.deleted, file=output, format=fmt
            )
        )

    def _explain(self, record_id: int) -> None:
        record = Record.objects.filter(pk=record_id).first()
        if record is None:
            raise fail(
                _("Không có biểu ghi số {id}. Xem số hiệu trong trang biểu ghi.").format(
                    id=record_id
                )
            )
        membership = Membership.objects.filter(record_id=record_id).first()
        if membership is None:
            self.stdout.write(
                _("Biểu ghi {id} «{title}» không thuộc cụm nào: chưa thấy bản trùng.").format(
                    id=record_id, title=record.title
                )
            )
            self._decisions(record_id)
            return
        cluster = membership.cluster
        self.stdout.write(
            _("Biểu ghi {id} thuộc cụm {cluster} (biểu ghi hiển thị: {best}).").format(
                id=record_id, cluster=cluster.pk, best=cluster.best_record_id or "-"
            )
        )
        rows = (
            Membership.objects.filter(cluster=cluster)
            .select_related("record__library")
            .order_by("record_id")
        )
        for m in rows:
            reasons = "; ".join(
                f"{r['rule']} {r['field']}: {r['evidence']}" for r in m.evidence.get("reasons", [])
            )
            self.stdout.write(
                _("  {id} [{library}] «{title}» — quy tắc {rule}, với {other}: {reasons}").format(
                    id=m.record_id,
                    library=m.record.library.code,
                    title=m.record.title,
                    rule=m.rule,
                    other=m.evidence.get("with", "-"),
                    reasons=reasons,
                )
            )
        self._decisions(record_id)

    def _decisions(self, record_id: int) -> None:
        """The review queue's decisions on this record: a person's word outranks the rules."""
        for d in review.decisions_on({record_id}):
            self.stdout.write(
                _("  Quyết định {id}: {verdict} {a} – {b} ({status}, {who})").format(
                    id=d.pk,
                    verdict=d.get_verdict_display(),
                    a=d.record_a_id,
                    b=d.record_b_id,
                    status=d.get_status_display(),
                    who=d.decided_by or d.proposed_by,
                )
            )

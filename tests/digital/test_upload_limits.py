"""Uploads (issue 14, item 6): PDFs whose opening or events reach out (GoToR, GoToE, Launch,
URI in OpenAction or AA) are refused naming what was found; the ingest's pixel limit
(THUVIEN_DIGITAL_MAX_MEGAPIXELS, 200 by default) is read from the header. Real files, written
with pypdf."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from tests.digital import samples
from thuvien.digital import screening
from thuvien.digital.errors import Rejected


def _action(kind: str, **entries: Any) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def _pdf(path: Path, *, open_action: DictionaryObject | None = None, page_aa: Any = None,
         link: DictionaryObject | None = None) -> Path:  # fmt: skip
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    if open_action is not None:
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(open_action)
    if page_aa is not None:
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): page_aa})
    if link is not None:
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([FloatObject(0)] * 2 + [FloatObject(50)] * 2),
                NameObject("/A"): link,
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    with path.open("wb") as out:
        writer.write(out)
    return path


def _refusal(what: str) -> str:
    return (
        f"Tệp PDF chứa nội dung chủ động ({what}) và bị từ chối; hãy xuất lại PDF chỉ có trang in."
    )


@pytest.mark.parametrize(
    ("pdf", "what"),
    [
        (
            {"open_action": _action("/GoToR", F="\\\\10.0.0.5\\share\\x.pdf")},
            "mở tệp ở nơi khác (GoToR)",
        ),
        ({"open_action": _action("/GoToE")}, "mở tệp nhúng (GoToE)"),
        ({"open_action": _action("/Launch", F="cmd.exe")}, "lệnh chạy chương trình (Launch)"),
        (
            {"open_action": _action("/URI", URI="http://attacker.example/track")},
            "mở địa chỉ mạng khi mở tệp hoặc theo sự kiện (URI)",
        ),
        (
            {"page_aa": _action("/URI", URI="http://attacker.example/track")},
            "mở địa chỉ mạng khi mở tệp hoặc theo sự kiện (URI)",
        ),
        (
            {"page_aa": _action("/GoToR", F="\\\\10.0.0.5\\share\\x.pdf")},
            "mở tệp ở nơi khác (GoToR)",
        ),
    ],
)
def test_pdfs_that_reach_out_are_refused(tmp_path: Path, pdf: dict[str, Any], what: str) -> None:
    path = _pdf(tmp_path / "a.pdf", **pdf)
    with pytest.raises(Rejected) as caught:
        screening.screen(path)
    assert str(caught.value) == _refusal(what)


def test_a_link_on_a_page_is_accepted(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "a.pdf", link=_action("/URI", URI="https://thuvien.vn/"))
    assert screening.screen(path).pages == 1


def test_images_over_the_ingest_limit_are_refused_from_the_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = samples.png_bomb(tmp_path / "map.png", side=30_000)  # 900 megapixels, a few KB
    assert bomb.stat().st_size < 100_000
    with pytest.raises(Rejected) as caught:
        screening.screen(bomb)
    assert str(caught.value) == (
        "Ảnh quá lớn: 30000 × 30000 điểm ảnh (tối đa 40000 mỗi cạnh và 200 triệu điểm ảnh); "
        "có thể là một 'quả bom giải nén'."
    )
    monkeypatch.setenv("THUVIEN_DIGITAL_MAX_MEGAPIXELS", "1000")
    assert screening.screen(bomb).width == 30_000

"""The syllable trigram model: forms chosen by context, the baseline, case, storage."""

from __future__ import annotations

from pathlib import Path

import pytest

from thuvien.vietnamese.diacritics import Model, accuracy, has_marks, segments

TEXT = [
    "Thư viện số cho mọi người.",
    "Xây dựng thư viện số ở Việt Nam",
    "Sổ tay thủ thư",
    "Thủ tướng và thư ký",
    "Số học; Sổ tay toán",
    "Thư từ gửi bạn",
    "Thư viện và thủ thư",
    "Lich su khong dau",  # no marks: not learnt from
]


@pytest.fixture
def model() -> Model:
    trained = Model()
    trained.train(TEXT)
    return trained


def test_context_chooses_the_form(model: Model) -> None:
    assert model.restore("thu vien so").text == "thư viện số"
    assert model.restore("so tay thu thu").text == "sổ tay thủ thư"
    assert model.restore("thu tuong").text == "thủ tướng"


def test_the_baseline_takes_the_most_frequent_form_whatever_surrounds_it(model: Model) -> None:
    assert model.most_frequent("thu tuong") == "thư tướng"


def test_case_punctuation_and_unknown_words_are_kept(model: Model) -> None:
    assert model.restore("THU VIEN so, Jazz!").text == "THƯ VIỆN số, Jazz!"
    assert model.restore("Thư vien so").text == "Thư viện số"


def test_text_without_marks_teaches_nothing(model: Model) -> None:
    assert "lich" not in model.forms
    assert model.is_foreign_word("Lich") is False
    assert not has_marks("Lich su")
    assert has_marks("Lịch sử")


def test_alternatives_are_shares_of_one(model: Model) -> None:
    first = model.restore("thu vien").syllables[0]
    assert first.restored == "thư"
    assert first.alternatives[0].form == "thư"
    assert abs(sum(a.score for a in first.alternatives) - 1) < 0.001


def test_segments_break_at_punctuation() -> None:
    assert list(segments("Số học; Sổ tay: toán")) == [["Số", "học"], ["Sổ", "tay"], ["toán"]]


def test_saved_and_loaded_the_model_restores_the_same(model: Model, tmp_path: Path) -> None:
    model.meta = {"accuracy": 0.9}
    path = tmp_path / "ai" / "model.json.gz"
    model.save(path)
    loaded = Model.load(path)
    assert loaded.meta == {"accuracy": 0.9}
    assert loaded.restore("so tay thu thu").text == "sổ tay thủ thư"


def test_accuracy_counts_vietnamese_syllables(model: Model) -> None:
    assert accuracy(lambda t: model.restore(t).text, ["Sổ tay thủ thư"]) == (4, 4)
    assert accuracy(model.most_frequent, ["Thủ tướng"]) == (1, 2)

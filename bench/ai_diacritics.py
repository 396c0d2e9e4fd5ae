"""Diacritic restoration quality: syllable accuracy on held-out Vietnamese text.

Two kinds of text, each split 80/20 by a hash of the sentence (the same split every run):

- titles: the Tiki listing's book titles (../shared/data/vietnamese/tiki_book_data.csv,
  duplicates removed), with its categories and publishers as further training text;
- running text: the Vietnamese sentences of the project's own message catalogue (msgids of
  src/thuvien/locale/en/LC_MESSAGES/django.po, split at sentence ends).

The model trains on both training parts together, as `thuvien ai train` would on a
catalogue, and restores each held-out sentence after its diacritics are removed (fold).
The baseline writes each folded syllable as its most frequent form in the same training
text. Printed: syllable accuracy of both on all Vietnamese syllables and on the ambiguous
ones (folded syllables with more than one form in training), whole sentences right, the
Telex/VNI decoder on the held-out titles typed as keystrokes, load average.

    .venv/bin/python bench/ai_diacritics.py [--json] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from thuvien.vietnamese import diacritics, keystrokes  # noqa: E402
from thuvien.vietnamese.text import fold, is_vietnamese_syllable  # noqa: E402

TIKI = Path("data") / "vietnamese" / "tiki_book_data.csv"
PO = ROOT / "src" / "thuvien" / "locale" / "en" / "LC_MESSAGES" / "django.po"
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")
_PLACEHOLDER = re.compile(r"\{[^}]*\}|%\([^)]*\)[sd]|%[sd]|<[^>]*>")
# Telex keys for each tone and vowel diacritic, to type the held-out titles as keystrokes.
_TELEX = {"ă": "aw", "â": "aa", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw", "đ": "dd"}
_TONE_KEYS = ("", "f", "r", "x", "s", "j")


def held_out(text: str) -> bool:
    return zlib.crc32(text.encode()) % 5 == 0


def titles(shared: Path) -> tuple[list[str], list[str]]:
    seen: set[str] = set()
    train: list[str] = []
    test: list[str] = []
    with (shared / TIKI).open(encoding="utf-8") as source:
        for row in csv.DictReader(source):
            title = row["title"].strip()
            if title and title not in seen:
                seen.add(title)
                (test if held_out(title) else train).append(title)
            train += [row["catagory"], row["manufacturer"]]
    return train, test


def running_text() -> tuple[list[str], list[str]]:
    text = PO.read_text(encoding="utf-8")
    msgids: list[str] = []
    for block in re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.M):
        msgids.append("".join(json.loads(line) for line in block.splitlines()))
    sentences = {
        s.strip()
        for m in msgids
        for s in _SENTENCE_END.split(_PLACEHOLDER.sub(" ", m))
        if len(s.split()) >= 4 and diacritics.has_marks(s)
    }
    train = [s for s in sorted(sentences) if not held_out(s)]
    test = [s for s in sorted(sentences) if held_out(s)]
    return train, test


def telex(word: str) -> str:
    from thuvien.vietnamese.text import DECOMPOSE

    def typed(match: re.Match[str]) -> str:
        letters = ""
        tone = 0
        for c in match.group().lower():
            base, t = DECOMPOSE.get(c, (c, 0))
            tone = tone or t
            letters += _TELEX.get(base, base)
        return letters + _TONE_KEYS[tone]

    return re.sub(r"[^\W\d_]+", typed, word)


def ambiguous_accuracy(
    model: diacritics.Model, restore: object, sentences: list[str]
) -> tuple[int, int]:
    right = total = 0
    for sentence in sentences:
        words = re.findall(r"[^\W\d_]+", sentence)
        got = re.findall(r"[^\W\d_]+", restore(fold(sentence)))  # type: ignore[operator]
        if len(got) != len(words):
            continue
        for want, have in zip(words, got, strict=True):
            w = diacritics._form(want)
            if is_vietnamese_syllable(w) and len(model.forms.get(fold(w), [])) > 1:
                total += 1
                right += w == diacritics._form(have)
    return right, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)"
    )
    args = parser.parse_args()
    title_train, title_test = titles(args.shared)
    prose_train, prose_test = running_text()
    model = diacritics.Model()
    started = time.perf_counter()
    syllables = model.train([*title_train, *prose_train])
    trained_s = time.perf_counter() - started

    def restored(text: str) -> str:
        return model.restore(text).text

    figures: dict[str, object] = {
        "training_syllables": syllables,
        "vocabulary": model.vocabulary,
        "train_seconds": round(trained_s, 2),
    }
    for name, test in (("titles", title_test), ("running_text", prose_test)):
        started = time.perf_counter()
        right, total = diacritics.accuracy(restored, test)
        seconds = time.perf_counter() - started
        base_right, _ = diacritics.accuracy(model.most_frequent, test)
        amb_right, amb_total = ambiguous_accuracy(model, restored, test)
        base_amb, _ = ambiguous_accuracy(model, model.most_frequent, test)
        whole = sum(restored(fold(s)).lower() == s.lower() for s in test)
        whole_base = sum(model.most_frequent(fold(s)).lower() == s.lower() for s in test)
        figures[name] = {
            "sentences": len(test),
            "syllables": total,
            "model_accuracy": round(right / total, 4),
            "baseline_accuracy": round(base_right / total, 4),
            "ambiguous_syllables": amb_total,
            "model_ambiguous_accuracy": round(amb_right / amb_total, 4),
            "baseline_ambiguous_accuracy": round(base_amb / amb_total, 4),
            "model_sentences_right": round(whole / len(test), 4),
            "baseline_sentences_right": round(whole_base / len(test), 4),
            "ms_per_sentence": round(1000 * seconds / len(test), 2),
        }
    typed = [telex(t) for t in title_test]
    decoded = sum(
        (keystrokes.decode(k, model.is_foreign_word) or "").lower() == t.lower()
        for k, t in zip(typed, title_test, strict=False)
    )
    figures["telex_titles_decoded"] = round(decoded / len(title_test), 4)
    plain = sum(keystrokes.decode(fold(t), model.is_foreign_word) is None for t in title_test)
    figures["unaccented_titles_left_alone_by_decoder"] = round(plain / len(title_test), 4)
    figures["cores"] = os.cpu_count()
    figures["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return
    for key, value in figures.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()

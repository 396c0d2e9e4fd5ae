"""Reproducible data for bench/search.py: N realistic records written beneath the ORM.

Vietnamese titles are drawn Zipf-like from the words of the Tiki listing in ../shared/data,
English ones from a list of common words plus generated ones; 50 libraries of Zipf-like
sizes; Vietnamese and Western authors; subjects; years skewed to recent ones; ISBNs on 60%
of records; 1-3 copies each, mostly on the shelf. One seed, one catalogue.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from thuvien.demo.vietnamese_samples import clean_title, read_rows
from thuvien.vietnamese import canonical_tones, is_vietnamese_syllable
from thuvien.vietnamese.text import COMPOSE, syllable_info

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "data" / "vietnamese" / "tiki_book_data.csv"
SEED = 20251121
LIBRARIES = 50
CHUNK = 10_000


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = _words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý")
MIDDLE = _words("Văn Thị Hữu Đức Minh Ngọc Thanh Quang Xuân Thu Kim Hoài Bảo Gia")
ENGLISH = _words(
    "the of and history library digital world new life science art culture people war "
    "language guide introduction modern theory practice water city love children story "
    "economics information management design nature music health data learning social "
    "great small early global power mind human system road river forest sea garden house"
)
GIVEN_EN = _words("John Mary David Anna James Linda Peter Susan Paul Emma Mark Laura")
SUBJECTS = [
    "Kỹ năng sống", "Tiểu thuyết", "Truyện ngắn", "Lịch sử Việt Nam", "Kinh tế học",
    "Giáo dục", "Thư viện học", "Văn học thiếu nhi", "Nông nghiệp", "Y học", "Tin học",
    "Địa chí", "Phật giáo", "Âm nhạc", "Pháp luật", "Du lịch", "Nuôi trồng thủy sản",
    "Truyện tranh", "Triết học", "Tiếng Anh", "Digital libraries", "History", "Economics",
]  # fmt: skip


def zipf(n: int, s: float = 1.07) -> list[float]:
    return list(itertools.accumulate(1 / (rank**s) for rank in range(1, n + 1)))


def _synthetic_syllables(rng: random.Random, known: list[str], count: int) -> list[str]:
    """Well-formed Vietnamese syllables that the listing does not have: the long tail of a
    real catalogue (place and person names, rare words). Every onset, rhyme and tone the
    listing uses, combined; the valid new ones, shuffled."""
    rhymes = sorted({info[1:3] for w in known if (info := syllable_info(w)) is not None})
    onsets = _words("b c ch d đ g gh h k kh l m n ng nh p ph r s t th tr v x")
    seen = set(known)
    made = set()
    for (nucleus, coda), onset, tone in itertools.product(rhymes, onsets, range(6)):
        word = canonical_tones(onset + COMPOSE[(nucleus[0], tone)] + nucleus[1:] + coda)
        if word not in seen and is_vietnamese_syllable(word):
            made.add(word)
    tail = sorted(made)
    rng.shuffle(tail)
    return tail[:count]


class Generator:
    """Everything drawn from one seeded generator: same seed, same catalogue.

    Vietnamese titles take their words from the listing's titles (cleaned of the shop's
    additions, as the sample records are) with the listing's own frequencies, and their
    lengths from the listing's; one word in eight comes from a Zipf-like long tail of
    syllables the listing does not have. So the commonest word is in about as many titles as
    in the listing (16%), not in half of them. English titles: Zipf over common and made-up
    words."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        words: Counter[str] = Counter()
        lengths: Counter[int] = Counter()
        given: Counter[str] = Counter()
        for row in read_rows(CSV):
            found = re.findall(r"[^\W\d_]+", clean_title(row.title, row.authors).lower())
            words.update(found)
            lengths[max(2, min(len(found), 20))] += 1
            given.update(row.authors.split()[-1:])
        self.vi = [w for w, _ in words.most_common()]
        self.vi_w = list(itertools.accumulate(n for _, n in words.most_common()))
        self.tail = _synthetic_syllables(self.rng, self.vi, 12_000)
        self.tail_w = zipf(len(self.tail), 0.6)  # rare words, none of them common
        self.lengths = sorted(lengths)
        self.lengths_w = list(itertools.accumulate(lengths[n] for n in self.lengths))
        self.given = [g for g, _ in given.most_common(300) if g.isalpha()]
        made = {"".join(self.rng.choices("bcdfghklmnprstvw", k=1) + self.rng.choices(
            "aeiou", k=1) + self.rng.choices("nrstlm", k=1) + self.rng.choices("aeiouy", k=1))
            for _ in range(30_000)}  # fmt: skip
        self.en = ENGLISH + sorted(made)
        self.en_w = zipf(len(self.en), 0.9)  # "the" in about a quarter of titles
        self.subject_w = zipf(len(SUBJECTS), 0.8)
        self.library_w = zipf(LIBRARIES, 0.7)

    def title(self, vietnamese: bool) -> str:
        r = self.rng
        k = r.choices(self.lengths, cum_weights=self.lengths_w)[0]
        if not vietnamese:
            return " ".join(r.choices(self.en, cum_weights=self.en_w, k=k)).capitalize()
        words = r.choices(self.vi, cum_weights=self.vi_w, k=k)
        for i in range(k):
            if r.random() < 0.125:
                words[i] = r.choices(self.tail, cum_weights=self.tail_w)[0]
        return " ".join(words).capitalize()

    def common_words(self, k: int) -> str:
        """What a reader types: words of titles, as often as titles have them."""
        return " ".join(dict.fromkeys(self.rng.choices(self.vi, cum_weights=self.vi_w, k=k)))

    def author(self, vietnamese: bool) -> str:
        r = self.rng
        if vietnamese:
            return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(self.given).capitalize()}"
        return f"{r.choice(self.en[40:2000]).capitalize()}, {r.choice(GIVEN_EN)}"


def isbn13(n: int) -> str:
    core = f"978604{n % 1_000_000:06d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(core))
    return core + str((10 - total % 10) % 10)


def record_rows(
    g: Generator, start: int, count: int, now: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    records: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    r = g.rng
    for n in range(start, start + count):
        vietnamese = r.random() < 0.7
        title = g.title(vietnamese)
        authors = [g.author(vietnamese) for _ in range(r.choice((0, 1, 1, 1, 1, 2)))]
        subjects = list(
            dict.fromkeys(r.choices(SUBJECTS, cum_weights=g.subject_w, k=r.randint(1, 2)))
        )
        year = None if r.random() < 0.03 else min(2025, int(1950 + 75 * r.random() ** 0.5))
        library = r.choices(range(1, LIBRARIES + 1), cum_weights=g.library_w)[0]
        isbn = isbn13(n) if r.random() < 0.6 else ""
        fields: list[Any] = [["001", f"BM{n:08d}"], ["008", f"250101s{year or '    '}    vm"]]
        fields += [["020", " ", " ", [["a", isbn]]]] if isbn else []
        fields += [["100", "0", " ", [["a", authors[0]]]]] if authors else []
        fields += [["245", "1", "0", [["a", title]]]]
        fields += [["650", " ", "4", [["a", s]]] for s in subjects]
        if r.random() < 0.3:
            fields.append(
                ["520", " ", " ", [["a", g.title(vietnamese) + " " + g.title(vietnamese)]]]
            )
        call = f"{r.randint(0, 999):03d} {title[:3].upper()}"
        records.append({
            "id": n, "library_id": library, "kind": "bib", "leader": "00000nam a2200000 a 4500",
            "marc": json.dumps(fields, ensure_ascii=False, separators=(",", ":")),
            "match_key": f"cn:BM:{n}", "content_hash": f"{n:064x}", "control_number": f"BM{n:08d}",
            "control_number_identifier": "BM", "title": title, "responsibility": "",
            "authors": " ; ".join(authors), "publisher": "Nxb. Tổng hợp", "place": "Hà Nội",
            "year": year, "edition": "", "isbn": isbn, "isbns": isbn, "issn": "",
            "language": "vie" if vietnamese else "eng",
            "material_type": r.choices(("book", "serial", "map", "video"), (92, 5, 2, 1))[0],
            "subjects": " ; ".join(subjects), "classification": {"ddc": [call[:3]]},
            "call_number": call, "source": "bench", "source_encoding": "utf-8",
            "import_batch_id": None, "copied_from_id": None, "needs_review": "",
            "created_at": now, "updated_at": now,
        })  # fmt: skip
        for c in range(r.randint(1, 3)):
            status = r.choices(("available", "on-loan", "not-for-loan", "lost"), (85, 10, 4, 1))[0]
            items.append({
                "id": n * 3 + c, "library_id": library, "record_id": n,
                "barcode": f"{library:02d}{n:08d}{c}", "accession_number": f"VV.{n:07d}{c}",
                "call_number": call, "location": "Kho mượn", "item_type": "BK", "status": status,
                "price": None, "acquisition_source": "", "note": "", "source_field": f"952#{c + 1}",
                "created_at": now, "updated_at": now,
            })  # fmt: skip
    return records, items


def build(total: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from thuvien.catalogue import bulk
    from thuvien.catalogue.models import Item, Record
    from thuvien.network.models import Library, LibraryType

    call_command("migrate", verbosity=0)
    Library.objects.bulk_create(
        [
            Library(
                code=f"VN-BM{i:04d}", name_vi=f"Thư viện mẫu {i}", library_type=LibraryType.PUBLIC
            )
            for i in range(1, LIBRARIES + 1)
        ]
    )
    ids = dict(Library.objects.values_list("code", "id"))
    g, now = Generator(SEED), timezone.now()
    started = time.perf_counter()
    for start in range(1, total + 1, CHUNK):
        records, items = record_rows(g, start, min(CHUNK, total + 1 - start), now)
        for row in (*records, *items):
            row["library_id"] = ids[f"VN-BM{row['library_id']:04d}"]
        with transaction.atomic():
            bulk.insert(Record, records)
            bulk.insert(Item, items)
        done = start + len(records) - 1
        print(
            f"\r  built {done:,} records ({time.perf_counter() - started:.0f} s)",
            end="",
            flush=True,
        )
    print()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("catalogue_record", "catalogue_item"):
                sql = "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {}))"
                cursor.execute(sql.format(table), [table])  # our own table names
            cursor.execute("ANALYZE")

"""Vietnamese text handling: normalisation, matching forms, collation, legacy encodings.

Pure Python on the standard library, fast enough to run on every field of an import.
"""

from thuvien.vietnamese.collation import sort_key, sort_string
from thuvien.vietnamese.legacy import (
    Detection,
    Encoding,
    Repair,
    detect,
    detect_bytes,
    from_unicode,
    repair,
    to_unicode,
)
from thuvien.vietnamese.text import (
    canonical_tones,
    fold,
    is_vietnamese_syllable,
    iy_key,
    iy_variants,
    nfc,
)

__all__ = [
    "Detection",
    "Encoding",
    "Repair",
    "canonical_tones",
    "detect",
    "detect_bytes",
    "fold",
    "from_unicode",
    "is_vietnamese_syllable",
    "iy_key",
    "iy_variants",
    "nfc",
    "repair",
    "sort_key",
    "sort_string",
    "to_unicode",
]

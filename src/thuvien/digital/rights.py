"""Rights: the Vietnamese term of protection, and the statements shown with a work.

Under the Law on Intellectual Property (Art. 27) the economic rights in most works last for the
author's life and 50 years after the death, to 31 December of that fiftieth year; a work
whose author is unknown, or a photographic, cinematographic, applied-art or anonymous work,
lasts 75 years from first publication (Art. 27 §2a). The helpers here compute the first
year a work is free; staff still decide (a death year can be wrong, a work can have several
authors: pass the last to die).
"""

from __future__ import annotations

import datetime

LIFE_PLUS = 50
ANONYMOUS_TERM = 75

RIGHTS_URIS = {
    "public-domain": "http://rightsstatements.org/vocab/NoC-US/1.0/",
    "in-copyright": "http://rightsstatements.org/vocab/InC/1.0/",
    "licensed": "http://rightsstatements.org/vocab/InC-EDU/1.0/",
    "unknown": "http://rightsstatements.org/vocab/UND/1.0/",
}


def free_from(*, death_year: int | None = None, publication_year: int | None = None) -> int | None:
    """The first calendar year in which the work is in the public domain, if it can be said.

    Protection runs to the end of the 50th year after the death (so an author who died in
    1970 is free from 1 January 2021); anonymous works, 75 years after publication.
    """
    if death_year is not None:
        return death_year + LIFE_PLUS + 1
    if publication_year is not None:
        return publication_year + ANONYMOUS_TERM + 1
    return None


def is_public_domain(
    *,
    death_year: int | None = None,
    publication_year: int | None = None,
    today: datetime.date | None = None,
) -> bool | None:
    """True/False when the years settle it, None when nothing is known."""
    year = free_from(death_year=death_year, publication_year=publication_year)
    if year is None:
        return None
    return (today or datetime.date.today()).year >= year

"""Issue 14, item 7: property tests of the parsers that read what strangers send.

Each parser gets arbitrary and near-valid input from hypothesis and must either answer or
refuse with its own documented error: no other exception (an unhandled one is a 500 on the
web, a dropped connection in SIP2) and, for IIIF, never a size beyond the bounds. Examples are
derandomised and bounded so the file runs in seconds in CI.
"""

from __future__ import annotations

import contextlib
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thuvien.catalogue import formats, iso2709
from thuvien.catalogue.formats import NotMarc
from thuvien.catalogue.marc import MarcRecord
from thuvien.circulation.sip2 import protocol
from thuvien.digital import iiif_image
from thuvien.digital.errors import IIIFBadRequest
from thuvien.interop import cql

BOUNDED = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

SAMPLE = MarcRecord(
    "00000nam a2200000 i 4500",
    [
        ["001", "FUZZ0001"],
        ["008", "250101s2024    vm a          000 0 vie d"],
        ["100", "1", " ", [["a", "Nguyễn Du"]]],
        ["245", "1", "0", [["a", "Truyện Kiều /"], ["c", "Nguyễn Du."]]],
    ],
)
VALID = iso2709.encode(SAMPLE)


def _read_all(data: bytes, fmt: str) -> None:
    try:
        for item in formats.read(io.BytesIO(data), fmt):
            assert item.record is not None or item.error
    except NotMarc:
        pass


# --- ISO 2709 --------------------------------------------------------------------------------


@BOUNDED
@given(st.binary(max_size=2000))
def test_iso2709_any_bytes_are_read_or_refused(data: bytes) -> None:
    with contextlib.suppress(ValueError):  # RecordError, TooLong: listed as rejects
        iso2709.decode(data)
    _read_all(data, "iso2709")


@BOUNDED
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), max_size=8))
def test_iso2709_a_damaged_record_is_read_or_refused(changes: list[tuple[int, int]]) -> None:
    data = bytearray(VALID)
    for at, value in changes:
        data[at] = value
    _read_all(bytes(data) * 2, "iso2709")


# --- MARCXML ---------------------------------------------------------------------------------

_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@BOUNDED
@given(tag=_XML_TEXT, ind=_XML_TEXT, code=_XML_TEXT, value=_XML_TEXT, leader=_XML_TEXT)
def test_marcxml_any_values_are_read_or_refused(
    tag: str, ind: str, code: str, value: str, leader: str
) -> None:
    from xml.sax.saxutils import escape, quoteattr

    xml = (
        '<collection xmlns="http://www.loc.gov/MARC21/slim"><record>'
        f"<leader>{escape(leader)}</leader>"
        f"<datafield tag={quoteattr(tag)} ind1={quoteattr(ind)} ind2=' '>"
        f"<subfield code={quoteattr(code)}>{escape(value)}</subfield></datafield>"
        "</record></collection>"
    )
    _read_all(xml.encode("utf-8", "surrogatepass"), "marcxml")


@BOUNDED
@given(st.binary(max_size=600))
def test_marcxml_any_bytes_are_read_or_refused(data: bytes) -> None:
    _read_all(b'<collection xmlns="http://www.loc.gov/MARC21/slim"><record>' + data, "marcxml")


# --- CQL -------------------------------------------------------------------------------------

_CQL_TOKENS = st.sampled_from(
    ["(", ")", "and", "or", "not", "prox/unit=word", "=", "==", "<>", "any", "all", "/",
     '"x y"', "dc.title", ">", "x=", "sortBy", "*", "a", "b", "\\", '"', "exact"]
)  # fmt: skip


@BOUNDED
@given(st.one_of(st.text(max_size=200), st.lists(_CQL_TOKENS, max_size=400).map(" ".join)))
def test_cql_any_text_parses_or_is_a_syntax_error(text: str) -> None:
    with contextlib.suppress(cql.CqlSyntaxError):
        cql.parse(text)


# --- SIP2 ------------------------------------------------------------------------------------


@BOUNDED
@given(
    st.one_of(
        st.binary(max_size=300),
        st.tuples(st.sampled_from(sorted(protocol.REQUEST_LAYOUT)), st.binary(max_size=300)).map(
            lambda t: t[0].encode() + t[1]
        ),
    )
)
def test_sip2_any_frame_parses_or_is_a_frame_error(frame: bytes) -> None:
    with contextlib.suppress(protocol.FrameError):
        protocol.parse(frame)


# --- IIIF ------------------------------------------------------------------------------------

_NUM = st.one_of(
    st.integers(0, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e308", "0", "00", "-1", "9" * 400, "1.5", ".5"]),
)
_REGION = st.one_of(
    st.sampled_from(["full", "square"]),
    st.lists(_NUM, min_size=4, max_size=4).map(",".join),
    st.lists(_NUM, min_size=4, max_size=4).map(lambda v: "pct:" + ",".join(v)),
    st.text(max_size=30),
)
_SIZE = st.one_of(
    st.tuples(
        st.sampled_from(["", "^"]),
        st.sampled_from(["", "!"]),
        st.one_of(st.just(""), _NUM),
        st.one_of(st.just(""), _NUM),
    ).map(lambda t: f"{t[0]}{t[1]}{t[2]},{t[3]}"),
    st.tuples(st.sampled_from(["", "^"]), _NUM).map(lambda t: f"{t[0]}pct:{t[1]}"),
    st.sampled_from(["max", "^max"]),
    st.text(max_size=30),
)
_ROTATION = st.one_of(_NUM, _NUM.map(lambda n: "!" + n), st.text(max_size=10))


@BOUNDED
@given(
    region=_REGION,
    size=_SIZE,
    rotation=_ROTATION,
    quality=st.sampled_from(["default.jpg", "gray.png", "x.y", "default", "bitonal.webp"]),
    width=st.integers(1, 20000),
    height=st.integers(1, 20000),
)
def test_iiif_parameters_parse_within_bounds_or_are_a_400(  # noqa: PLR0917 - hypothesis
    region: str, size: str, rotation: str, quality: str, width: int, height: int
) -> None:
    try:
        wanted = iiif_image.parse(region, size, rotation, quality, width=width, height=height)
    except IIIFBadRequest:  # a 400 (its status is the class's)
        return
    x, y, w, h = wanted.region
    assert 0 <= x < width
    assert 0 <= y < height
    assert 0 < w <= width - x
    assert 0 < h <= height - y
    out_w, out_h = wanted.size
    assert min(out_w, out_h) >= 1
    assert out_w * out_h <= iiif_image.MAX_AREA
    if out_w > w or out_h > h:
        side, pixels = iiif_image.upscale_limits()
        assert max(out_w, out_h) <= side
        assert out_w * out_h <= pixels

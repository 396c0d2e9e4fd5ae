"""IIIF Image API 3.0 (compliance level 2): parsing a request and cutting the image.

Parsing is pure (no pixels) so every bad parameter gets its 400 before any file is opened.
Cutting reads the pyramid level nearest above the wanted scale, so a small tile of a huge
page costs a tile or two, not the page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from thuvien.digital.errors import IIIFBadRequest

CONTEXT = "http://iiif.io/api/image/3/context.json"
FORMATS = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "tif": "image/tiff"}
QUALITIES = ("default", "color", "gray", "bitonal")
MAX_AREA = 100_000_000  # the largest image a single request returns (10,000 × 10,000)
TILE = 256
# An upscaled (^) answer is made, not read: its cost grows with its area whatever the source,
# so it has a bound of its own, far below MAX_AREA (settings IIIF_UPSCALE_MAX_SIDE/_PIXELS).
UPSCALE_MAX_SIDE = 4000
UPSCALE_MAX_PIXELS = 4_000_000
MAX_PERCENT = 1_000_000  # pct: beyond this is no size any client means


CHEAP_PIXELS = 1024 * 1024  # a viewer's tiles (256–1024 px) are always below this


def is_expensive(request: Request) -> bool:
    """Whether rendering ``request`` may cost more than a tile: upscaled, or a large answer.
    Only these hold a render slot; a viewer's many tiles at once never wait for one."""
    out_w, out_h = request.size
    upscaled = out_w > request.region[2] or out_h > request.region[3]
    return upscaled or out_w * out_h > CHEAP_PIXELS


def upscale_limits() -> tuple[int, int]:
    side = int(getattr(settings, "THUVIEN_IIIF_UPSCALE_MAX_SIDE", UPSCALE_MAX_SIDE))
    pixels = int(getattr(settings, "THUVIEN_IIIF_UPSCALE_MAX_PIXELS", UPSCALE_MAX_PIXELS))
    return side, pixels


@dataclass(frozen=True)
class Request:
    region: tuple[int, int, int, int]  # x, y, w, h in full-image pixels
    size: tuple[int, int]
    rotation: int
    mirror: bool
    quality: str
    format: str

    def key(self) -> str:
        """The canonical form of the request, for caches and ETags."""
        region = ",".join(map(str, self.region))
        size = f"{self.size[0]},{self.size[1]}"
        turn = f"{'!' if self.mirror else ''}{self.rotation}"
        return f"{region}/{size}/{turn}/{self.quality}.{self.format}"


def bad(what: str, value: str, why: str) -> IIIFBadRequest:
    """``what`` is the IIIF parameter's own name, the same in every language."""
    return IIIFBadRequest(f"{what} {value!r}: {why}", parameter=what, value=value)


# Numbers are bounded in the pattern: nine digits before the point (no image is a billion
# pixels wide) and nine after, so no value reaches an overflow, an infinity or Python's
# limit on converting long digit strings.
_NUMBER = r"\d{1,9}(?:\.\d{1,9})?"
_INT = r"\d{1,9}"
_PX = re.compile(rf"^({_INT}),({_INT}),({_INT}),({_INT})$")
_PCT = re.compile(rf"^pct:({_NUMBER}),({_NUMBER}),({_NUMBER}),({_NUMBER})$")


def parse_region(value: str, width: int, height: int) -> tuple[int, int, int, int]:
    if value == "full":
        return 0, 0, width, height
    if value == "square":
        side = min(width, height)
        return (width - side) // 2, (height - side) // 2, side, side
    if m := _PX.match(value):
        x, y, w, h = (int(g) for g in m.groups())
    elif m := _PCT.match(value):
        px, py, pw, ph = (float(g) for g in m.groups())
        x, y = round(px * width / 100), round(py * height / 100)
        w, h = round(pw * width / 100), round(ph * height / 100)
        if pw > 0 and ph > 0:
            w, h = max(w, 1), max(h, 1)
    else:
        raise bad("region", value, _("dùng full, square, x,y,w,h hoặc pct:x,y,w,h"))
    if w <= 0 or h <= 0:
        raise bad("region", value, _("chiều rộng và cao phải lớn hơn 0"))
    if x >= width or y >= height:
        raise bad(
            "region",
            value,
            _("nằm ngoài ảnh {width} × {height}").format(width=width, height=height),
        )
    return x, y, min(w, width - x), min(h, height - y)


_SIZE = re.compile(rf"^(\^)?(!)?({_INT})?,({_INT})?$")


def parse_size(value: str, region_w: int, region_h: int) -> tuple[int, int]:
    upscale = value.startswith("^")
    body = value[1:] if upscale else value
    if body == "max":
        w, h = region_w, region_h
        if w * h > MAX_AREA:
            scale = math.sqrt(MAX_AREA / (w * h))
            w, h = max(1, int(w * scale)), max(1, int(h * scale))
        return w, h
    if body.startswith("pct:"):
        if not re.fullmatch(_NUMBER, body[4:]):
            raise bad("size", value, _("phần trăm không hợp lệ"))
        pct = float(body[4:])
        if pct <= 0:
            raise bad("size", value, _("phần trăm phải lớn hơn 0"))
        if pct > MAX_PERCENT:
            raise bad("size", value, _("phần trăm quá lớn"))
        w, h = max(round(region_w * pct / 100), 1), max(round(region_h * pct / 100), 1)
    else:
        w, h = _size_by_numbers(value, body, region_w, region_h)
    if w <= 0 or h <= 0:
        raise bad("size", value, _("kích thước phải lớn hơn 0"))
    if not upscale and (w > region_w or h > region_h):
        raise bad(
            "size",
            value,
            _("lớn hơn vùng ảnh {width} × {height}; dùng ^ để phóng to").format(
                width=region_w, height=region_h
            ),
        )
    if w * h > MAX_AREA:
        raise bad(
            "size",
            value,
            _("vượt quá {limit} điểm ảnh (maxArea)").format(limit=MAX_AREA),
        )
    if upscale and (w > region_w or h > region_h):
        side, pixels = upscale_limits()
        if w > side or h > side or w * h > pixels:
            raise bad(
                "size",
                value,
                _("phóng to tối đa {side} điểm ảnh mỗi chiều và {pixels} điểm ảnh").format(
                    side=side, pixels=pixels
                ),
            )
    return w, h


def _size_by_numbers(value: str, body: str, region_w: int, region_h: int) -> tuple[int, int]:
    """w, | ,h | w,h | !w,h"""
    m = _SIZE.match(body)
    if m is None:
        raise bad("size", value, _("dùng max, w,, ,h, pct:n, w,h hoặc !w,h (thêm ^ để phóng to)"))
    _caret, confined, ws, hs = m.groups()
    if ws is None and hs is None:
        raise bad("size", value, _("thiếu chiều rộng và cao"))
    if confined:
        if ws is None or hs is None:
            raise bad("size", value, _("!w,h cần cả hai số"))
        bw, bh = int(ws), int(hs)
        if bw <= 0 or bh <= 0:
            raise bad("size", value, _("kích thước phải lớn hơn 0"))
        scale = min(bw / region_w, bh / region_h)
        return max(1, min(bw, round(region_w * scale))), max(1, min(bh, round(region_h * scale)))
    if ws is not None and hs is not None:
        return int(ws), int(hs)
    if ws is not None:
        return int(ws), max(1, round(region_h * int(ws) / region_w))
    h = int(hs or 0)
    return max(1, round(region_w * h / region_h)), h


def parse_rotation(value: str) -> tuple[int, bool]:
    mirror = value.startswith("!")
    body = value[1:] if mirror else value
    if not re.fullmatch(_NUMBER, body):
        raise bad("rotation", value, _("phải là một số độ"))
    degrees = float(body)
    if degrees >= 360:
        raise bad("rotation", value, _("phải nhỏ hơn 360"))
    if degrees % 90:
        raise bad("rotation", value, _("chỉ xoay theo bội số của 90°"))
    return int(degrees), mirror


def parse(
    region: str, size: str, rotation: str, quality_format: str, *, width: int, height: int
) -> Request:
    quality, dot, fmt = quality_format.rpartition(".")
    if not dot:
        raise bad("format", quality_format, _("thiếu định dạng"))
    if quality not in QUALITIES:
        raise bad(
            "quality",
            quality,
            _("dùng {values}").format(values=", ".join(QUALITIES)),
        )
    if fmt not in FORMATS:
        raise bad("format", fmt, _("dùng {values}").format(values=", ".join(FORMATS)))
    box = parse_region(region, width, height)
    turned, mirror = parse_rotation(rotation)
    w, h = parse_size(size, box[2], box[3])
    return Request(box, (w, h), turned, mirror, quality, fmt)


def info(base_id: str, width: int, height: int) -> dict[str, Any]:
    levels = []
    w, h = width, height
    factor = 1
    while True:
        levels.append(factor)
        if max(w, h) <= TILE:
            break
        factor *= 2
        w, h = math.ceil(width / factor), math.ceil(height / factor)
    sizes = [
        {"width": math.ceil(width / f), "height": math.ceil(height / f)}
        for f in reversed(levels)
        if math.ceil(width / f) * math.ceil(height / f) <= MAX_AREA
    ]
    return {
        "@context": CONTEXT,
        "id": base_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level2",
        "width": width,
        "height": height,
        "maxArea": MAX_AREA,
        "sizes": sizes,
        "tiles": [{"width": TILE, "height": TILE, "scaleFactors": levels}],
        "extraFormats": ["webp", "tif"],
        "extraQualities": ["color", "gray", "bitonal"],
        "extraFeatures": ["mirroring", "sizeUpscaling"],
    }


@lru_cache(maxsize=4096)
def levels(path: str) -> int:
    """Pyramid levels of a derivative (derivatives never change once written)."""
    import pyvips

    return int(pyvips.Image.new_from_file(path).get("n-pages"))


def render(path: Path, request: Request, width: int, watermark: str = "") -> bytes:
    """Cut, scale, turn and encode; reads the pyramid level that is just large enough."""
    import pyvips

    x, y, w, h = request.region
    out_w, out_h = request.size
    scale = min(out_w / w, out_h / h)
    level = 0
    while scale * (2 ** (level + 1)) <= 1 and (width >> (level + 1)) > 0:
        level += 1
    level = min(level, levels(str(path)) - 1) if level else 0
    image = pyvips.Image.new_from_file(str(path), page=level, access="random")
    factor = 2**level
    lx, ly = x // factor, y // factor
    lw = max(1, min(image.width - lx, math.ceil(w / factor)))
    lh = max(1, min(image.height - ly, math.ceil(h / factor)))
    image = image.crop(lx, ly, lw, lh)
    if (lw, lh) != (out_w, out_h):
        image = image.resize(out_w / lw, vscale=out_h / lh, kernel="lanczos3")
        if (image.width, image.height) != (out_w, out_h):
            image = image.gravity("centre", out_w, out_h, extend="copy")
    if request.mirror:
        image = image.fliphor()
    if request.rotation:
        image = image.rot(f"d{request.rotation}")
    if request.quality == "gray":
        image = image.colourspace("b-w")
    elif request.quality == "bitonal":
        image = (image.colourspace("b-w") > 128).ifthenelse(255, 0).cast("uchar")
    elif request.quality == "color" and image.bands == 1:
        image = image.colourspace("srgb")
    if watermark:
        image = stamp(image, watermark)
    fmt = request.format
    if fmt == "jpg":
        return bytes(image.jpegsave_buffer(Q=85, strip=True))
    if fmt == "png":
        return bytes(image.pngsave_buffer(compression=6))
    if fmt == "webp":
        return bytes(image.webpsave_buffer(Q=85))
    return bytes(image.tiffsave_buffer(compression="deflate"))


def stamp(image: Any, text: str) -> Any:
    """A watermark across the foot of the image: who asked and when (in-copyright material)."""
    import pyvips

    height = max(10, min(image.height // 12, 48))
    label = pyvips.Image.text(
        text, font=f"DejaVu Sans {height * 2 // 3}px", width=max(1, image.width - 8)
    )
    label = label.crop(0, 0, min(label.width, image.width), min(label.height, image.height))
    mask = (label * 0.55).cast("uchar")
    ink = image.new_from_image([30] * image.bands)  # dark ink: scans are mostly light
    overlay = ink.crop(0, 0, mask.width, mask.height).bandjoin(mask)
    top = max(0, image.height - mask.height - 4)
    base = image.copy(interpretation="srgb" if image.bands >= 3 else "b-w")
    return base.composite2(overlay, "over", x=4, y=top).flatten().cast("uchar")

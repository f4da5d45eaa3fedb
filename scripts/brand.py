"""Draw the integration's brand images: an original mark of our own (no crest, no artwork).

A dark rounded square with an open white gauge ring and an amber charging bolt.
Pure standard library (zlib + struct), so the output is byte-for-byte reproducible:

    scripts/run python scripts/brand.py          # writes brand/icon.png and brand/logo.png
"""

from __future__ import annotations

import math
from pathlib import Path
import struct
import zlib

BRAND_DIR = (
    Path(__file__).resolve().parent.parent / "custom_components/porsche_connect/brand"
)
BACKGROUND = (32, 38, 46)
RING = (236, 239, 242)
BOLT = (229, 177, 0)
SAMPLES = 4  # per axis, for anti-aliasing

# The bolt, in units of the mark's side (0..1).
BOLT_SHAPE = [
    (0.56, 0.22),
    (0.36, 0.54),
    (0.49, 0.54),
    (0.43, 0.78),
    (0.65, 0.44),
    (0.52, 0.44),
]


def _inside_polygon(x: float, y: float, polygon: list[tuple[float, float]]) -> bool:
    inside = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _mark_colour(u: float, v: float) -> tuple[int, int, int] | None:
    """Colour of the mark at (u, v) in 0..1, or None where it is transparent."""
    radius = 0.18
    cx = min(max(u, radius), 1 - radius)
    cy = min(max(v, radius), 1 - radius)
    if math.hypot(u - cx, v - cy) > radius:
        return None
    if _inside_polygon(u, v, BOLT_SHAPE):
        return BOLT
    distance = math.hypot(u - 0.5, v - 0.5)
    angle = math.degrees(math.atan2(u - 0.5, v - 0.5))  # 0 = straight down
    if 0.33 <= distance <= 0.39 and abs(angle) > 40:
        return RING
    return BACKGROUND


def render(width: int, height: int) -> bytes:
    """Return a PNG of the mark, centred and as large as fits."""
    side = min(width, height)
    left = (width - side) / 2
    top = (height - side) / 2
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            red = green = blue = hits = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    u = (x - left + (sx + 0.5) / SAMPLES) / side
                    v = (y - top + (sy + 0.5) / SAMPLES) / side
                    if not (0 <= u <= 1 and 0 <= v <= 1):
                        continue
                    colour = _mark_colour(u, v)
                    if colour is None:
                        continue
                    red += colour[0]
                    green += colour[1]
                    blue += colour[2]
                    hits += 1
            if hits:
                rows += bytes(
                    (
                        red // hits,
                        green // hits,
                        blue // hits,
                        255 * hits // SAMPLES**2,
                    )
                )
            else:
                rows += b"\0\0\0\0"
    return _png(width, height, bytes(rows))


def _png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


IMAGES = {"icon.png": (256, 256), "logo.png": (256, 256)}


def main() -> None:
    """Write the brand images."""
    BRAND_DIR.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in IMAGES.items():
        (BRAND_DIR / name).write_bytes(render(width, height))
        print(f"wrote {BRAND_DIR / name} ({width}x{height})")


if __name__ == "__main__":
    main()

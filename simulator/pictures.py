"""Small PNG pictures of the cars, drawn in their paint colour."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def car_png(
    color_hex: str, view_index: int, width: int = 48, height: int = 24
) -> bytes:
    """Return a tiny PNG: a car-coloured band on white, its height set by the view."""
    try:
        paint = bytes.fromhex(color_hex.strip("#")[:6])
    except ValueError:
        paint = b"\x80\x80\x80"
    if len(paint) != 3:
        paint = b"\x80\x80\x80"
    white = b"\xff\xff\xff"
    top = height // 3 - view_index % 3
    bottom = height - height // 4
    rows = []
    for y in range(height):
        pixel = paint if top <= y < bottom else white
        rows.append(b"\x00" + pixel * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + _chunk(b"IEND", b"")
    )

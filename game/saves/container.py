"""The save file layout: gzip around three lines of JSON.

    line 1  header   {"format": "alliance-drift-save", "format_version": N, "checksum": "sha256:..."}
    line 2  summary  what the save screen lists (scenario, year, player, name, time)
    line 3  payload  everything needed to restore and replay the game

The checksum covers lines 2 and 3, so any change after writing is noticed. The header is
read first and alone: a save from a newer game is refused before its payload is parsed,
and the save list reads only the first two lines. Sizes are bounded before and while
decompressing, so a hostile file cannot exhaust memory.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

from game.files import read_regular
from game.saves.errors import DamagedSave

MAGIC = "alliance-drift-save"
MAX_FILE_BYTES = 64 * 1024 * 1024  # compressed size of a save file
MAX_DATA_BYTES = 64 * 1024 * 1024  # decompressed size: 7 times the largest game the loader allows
MAX_HEADER_BYTES = 4096
MAX_SUMMARY_BYTES = 64 * 1024
_PIECE = 4 * 1024 * 1024  # unpacked at a time
_GZIP_MAGIC = b"\x1f\x8b"


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
        "utf-8"
    )


def checksum_of(summary: bytes, payload: bytes) -> str:
    return "sha256:" + hashlib.sha256(summary + b"\n" + payload).hexdigest()


def encode(version: int, summary: dict, payload: dict) -> bytes:
    """The bytes of a save file (gzip, deterministic apart from the contents)."""
    summary_bytes, payload_bytes = _dump(summary), _dump(payload)
    header = _dump(
        {
            "format": MAGIC,
            "format_version": version,
            "checksum": checksum_of(summary_bytes, payload_bytes),
        }
    )
    return _gzip(header + b"\n" + summary_bytes + b"\n" + payload_bytes + b"\n")


def _gzip(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing files too large to be a save (DamagedSave) and anything
    that is not a regular file (game.files.ReadRefused: a folder, a FIFO, a device)."""
    data = read_regular(path, MAX_FILE_BYTES)
    if len(data) > MAX_FILE_BYTES:
        raise DamagedSave(
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, too large to be a save"
        )
    return data


def _inflate(data: bytes, limit: int, whole: bool) -> bytes:
    """The unpacked bytes, at most `limit` of them (for a whole save: refused beyond it).

    Unpacked a piece at a time, so a "zip bomb" costs no more memory than `limit`; a file
    of several gzip members (as `cat a.gz b.gz` makes) is unpacked member after member and
    counted as a whole."""
    if not data.startswith(_GZIP_MAGIC):
        raise DamagedSave("this is not an Alliance Drift save (it is not a compressed save file)")
    out = bytearray()
    rest = data
    while True:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while rest and not inflater.eof and len(out) <= limit:
                out += inflater.decompress(rest, min(_PIECE, limit + 1 - len(out)))
                rest = inflater.unconsumed_tail
        except zlib.error:
            raise DamagedSave("the file is damaged (its compressed data is corrupt)") from None
        if len(out) > limit:
            if whole:
                raise DamagedSave(
                    f"the save unpacks to more than {limit // (1024 * 1024)} MB, too large to be a save"
                )
            return bytes(out[:limit])
        if not inflater.eof:
            if whole:
                raise DamagedSave("the file is cut short (it was not completely written or copied)")
            return bytes(out)
        rest = inflater.unused_data
        if not rest:
            return bytes(out)
        if not rest.startswith(_GZIP_MAGIC):
            if whole:
                raise DamagedSave("the file has extra bytes after the end of the save")
            return bytes(out)


def _header(first: bytes) -> tuple[int, str]:
    try:
        header = json.loads(first)
    except (ValueError, RecursionError):
        raise DamagedSave("the save's header is damaged") from None
    if not isinstance(header, dict) or header.get("format") != MAGIC:
        raise DamagedSave("this is not an Alliance Drift save (its header is not ours)")
    version, checksum = header.get("format_version"), header.get("checksum")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedSave("the save's header has no usable format version")
    if not isinstance(checksum, str):
        raise DamagedSave("the save's header has no checksum")
    return version, checksum


def _json_object(raw: bytes, what: str) -> dict:
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        raise DamagedSave(f"the save's {what} is not readable JSON") from None
    if not isinstance(value, dict):
        raise DamagedSave(f"the save's {what} is not a table")
    return value


def peek(data: bytes) -> tuple[int, dict]:
    """(format version, summary) from the start of a save, without checking the payload."""
    head = _inflate(data, MAX_HEADER_BYTES + MAX_SUMMARY_BYTES + 2, whole=False)
    lines = head.split(b"\n", 2)
    if len(lines) < 3:
        raise DamagedSave("the file is cut short (it was not completely written or copied)")
    version, _ = _header(lines[0])
    return version, _json_object(lines[1], "summary")


def decode(data: bytes, newest: int) -> tuple[int, dict, dict]:
    """(format version, summary, payload) of a whole save, checked against its checksum.

    A version above `newest` is refused before anything else is parsed.
    """
    content = _inflate(data, MAX_DATA_BYTES, whole=True)
    first, _, rest = content.partition(b"\n")
    if len(first) > MAX_HEADER_BYTES:
        raise DamagedSave("the save's header is damaged")
    version, checksum = _header(first)
    if version > newest:
        raise NewerSave(version)
    summary, newline, payload = rest.partition(b"\n")
    if not newline or not payload.endswith(b"\n") or b"\n" in payload[:-1]:
        raise DamagedSave(
            "the file is cut short or has lines added (it does not have the three parts of a save)"
        )
    payload = payload[:-1]
    if checksum_of(summary, payload) != checksum:
        raise DamagedSave(
            "the save was changed or damaged after it was written (its checksum does not match)"
        )
    return version, _json_object(summary, "summary"), _json_object(payload, "contents")


class NewerSave(DamagedSave):
    """The save was written by a newer version of the game."""

    def __init__(self, version: int) -> None:
        super().__init__(f"format version {version}")
        self.version = version

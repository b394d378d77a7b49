"""Reading bytes as text: UTF-8 (with or without BOM), UTF-16 (with or without BOM), the legacy Arabic code pages
Windows-1256 and ISO-8859-6 told apart by what they decode to, and UTF-8 that was read as Latin-1 or Windows-1252
(mojibake: "Ø§Ù„Ø­Ø³ÙƒØ©") repaired."""
from __future__ import annotations

import re

_ARABIC = re.compile("[\u0621-\u064a]")
_LATIN_ACCENTED = re.compile("[\u00c0-\u00ff]")
_MOJIBAKE_LEADS = "\u00d8\u00d9\u00da\u00db"  # the first bytes of Arabic letters in UTF-8 (D8-DB), read as Latin-1
_MOJIBAKE = re.compile(f"[{_MOJIBAKE_LEADS}]"
                       "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a]")


def decode(data: bytes) -> tuple[str, str | None, str | None]:
    """(text, error, note): the text, or an error naming the problem; a note says what was repaired or guessed."""
    if not data.strip():
        return "", "empty file", None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None, None
        except UnicodeDecodeError:
            return "", "unreadable encoding: bad UTF-16", None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, None, "read as UTF-16 without a byte order mark"
    if b"\x00" in data[:4096]:
        return "", "binary file, not text", None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _legacy(data)
    repaired = repair_mojibake(text)
    if repaired != text:
        return repaired, None, "repaired mojibake (UTF-8 that had been read as Latin-1/Windows-1252)"
    return text, None, None


def _utf16_without_bom(data: bytes) -> str | None:
    """Arabic UTF-16 has a zero or 0x06 in every other byte."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    for encoding, offset in (("utf-16-le", 1), ("utf-16-be", 0)):
        high = sample[offset::2]
        if sum(b in (0, 6) for b in high) > 0.9 * len(high):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _legacy(data: bytes) -> tuple[str, str | None, str | None]:
    """Windows-1256 or ISO-8859-6: the reading with more Arabic letters and fewer stray accented Latin letters."""
    best = None
    for encoding in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = len(_ARABIC.findall(text)) - 5 * len(_LATIN_ACCENTED.findall(text))
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best and best[0] > 0.2 * len(best[1]):
        return best[1], None, f"decoded as {best[2]}"
    return "", "unreadable encoding: not UTF-8, UTF-16, Windows-1256 or ISO-8859-6 Arabic", None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 or Latin-1, when that is what the text shows and the undoing works: each
    character back to its byte (Windows-1252, else Latin-1), the bytes read as UTF-8. Bytes the first reading lost
    become U+FFFD; the repair is kept only when almost everything comes back as Arabic."""
    if not any(map(text.__contains__, _MOJIBAKE_LEADS)) or len(_MOJIBAKE.findall(text)) < 3:
        return text  # most texts hold none of the letters an Arabic letter's first byte becomes: found in C
    raw = bytearray()
    for ch in text:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 255:
                return text
            raw.append(ord(ch))
    fixed = raw.decode("utf-8", errors="replace")
    lost = fixed.count("\ufffd")
    if len(_ARABIC.findall(fixed)) >= 0.8 * len(_MOJIBAKE.findall(text)) and lost <= 0.1 * len(fixed):
        return fixed
    return text

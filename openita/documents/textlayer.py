"""The text layer of a Typst PDF made to copy as its source text (krilla#411, typst#7610).

Typst (through krilla) writes, for every glyph, the text of the whole cluster it first appeared
in (`ขั้` for the glyph of ข *and* for the raised tone mark of the same cluster), and relies on
`/ActualText` spans to say the right text. A Thai cluster whose tone mark is raised over an upper
vowel is drawn in two pieces, though, and the second piece lies outside the span: readers that
honour ActualText (poppler's pdftotext, pdfium) read the cluster twice (`คำสั่สั่ง`), and readers
that ignore it (pdf.js, the text layer of Firefox and of many web viewers) read it twice as well.

`fix_text_layer` rewrites, after Typst:

1. every ToUnicode CMap so that each glyph maps to its own characters: the glyph's name in the
   embedded subset (`uni0E49.small` is ้, `yoYingthai.less` is ญ; Typst keeps the names), or the
   mapping Typst wrote when the name says nothing;
2. every `/ActualText` span whose glyphs do not hold all of its characters (the rest of the
   cluster was drawn after the span): the span is removed, so its glyphs and the piece after it
   are read through the CMap, each once. Spans that hold their whole cluster (`คำ`, drawn as
   ค + ํ + า) are kept: readers that honour them give the exact source characters.

A reader that ignores ActualText gives ำ as ํ + า (the same text under NFKC) in those kept spans.
"""

from __future__ import annotations

import bisect
import io
import re
import unicodedata
from collections import Counter
from typing import Any

import pypdf
from pypdf.generic import DecodedStreamObject, StreamObject

_SPAN = re.compile(rb"/Span\s*<<\s*/ActualText\s*<([0-9A-Fa-f]*)>\s*>>\s*BDC(.*?)EMC", re.DOTALL)
_STRING_START = re.compile(rb"\(|<(?!<)")
_PLAIN_LITERAL = re.compile(rb"([^()\\]*)\)")
# a piece of a literal string: plain bytes (1), an octal escape (2), another escape (3), an opening
# (4) or closing (5) parenthesis, or a backslash at the very end
_LITERAL_PIECE = re.compile(rb"([^()\\]+)|\\([0-7]{1,3})|\\([\s\S])|(\()|(\))|\\")
_FONT = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+[0-9.]+\s+Tf")
_ESCAPES = {
    ord("n"): 10,
    ord("r"): 13,
    ord("t"): 9,
    ord("b"): 8,
    ord("f"): 12,
    ord("("): 40,
    ord(")"): 41,
    ord("\\"): 92,
}


def fix_text_layer(pdf: bytes) -> bytes:
    """The PDF with glyph-by-glyph ToUnicode maps and without ActualText spans that cut a cluster."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    maps: dict[int, dict[int, str]] = {}  # font object id -> glyph id -> text
    for page in writer.pages:
        page_fonts = _page_fonts(page, maps)
        contents = page.get_contents()
        if contents is None or not page_fonts:
            continue
        data = contents.get_data()
        fixed = _fix_spans(data, page_fonts)
        if fixed == data:
            continue
        stored = page["/Contents"].get_object()
        if isinstance(stored, StreamObject):
            _set_data(stored, fixed)
        else:  # an array of streams: one stream instead
            stream = DecodedStreamObject()
            stream.set_data(fixed)
            page.replace_contents(stream.flate_encode())
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# --- ToUnicode -----------------------------------------------------------------------------------


def _page_fonts(page: Any, maps: dict[int, dict[int, str]]) -> dict[bytes, dict[int, str]]:
    """The page's Type0 fonts by resource name, each with its (rewritten) glyph -> text map."""
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    if fonts is None:
        return {}
    found: dict[bytes, dict[int, str]] = {}
    for name, reference in fonts.get_object().items():
        font = reference.get_object()
        if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
            continue
        key = getattr(reference, "idnum", id(font))
        if key not in maps:
            maps[key] = _rewrite_to_unicode(font)
        found[name[1:].encode("latin-1")] = maps[key]
    return found


def _rewrite_to_unicode(font: Any) -> dict[int, str]:
    old_stream = font.get("/ToUnicode")
    old = _parse_cmap(old_stream.get_object().get_data()) if old_stream is not None else {}
    mapping = dict(old)
    mapping.update(_names_of_glyphs(font))
    if mapping and old_stream is not None:
        _set_data(old_stream.get_object(), _cmap(mapping))
    return mapping


def _set_data(stream: StreamObject, data: bytes) -> None:
    """New content for a stream kept in place (an indirect object), compressed when it was."""
    if stream.get("/Filter") in (None, "/FlateDecode", ["/FlateDecode"]):
        stream.set_data(data)  # pypdf re-encodes Flate only; Typst writes nothing else


def _names_of_glyphs(font: Any) -> dict[int, str]:
    """Glyph id -> characters, read from the glyph names of the embedded TrueType subset."""
    try:
        descendant = font["/DescendantFonts"][0].get_object()
        if descendant.get("/CIDToGIDMap", "/Identity") != "/Identity":
            return {}
        data = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
    except (KeyError, IndexError, TypeError):
        return {}
    from fontTools import agl
    from fontTools.ttLib import TTFont

    try:
        order = TTFont(io.BytesIO(data), lazy=True).getGlyphOrder()
    except Exception:
        return {}
    names: dict[int, str] = {}
    for glyph_id, name in enumerate(order):
        base = name.split(".")[0]
        value = agl.toUnicode(base) or agl.toUnicode(base.lower()) if base else ""
        if value and not any(unicodedata.category(char) == "Co" for char in value):
            names[glyph_id] = value
    return names


def _parse_cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for code, value in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(value.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for start, end, value in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = bytes.fromhex(value.decode()).decode("utf-16-be", "replace")
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                mapping[code] = first[:-1] + chr(ord(first[-1]) + offset)
    return mapping


def _cmap(mapping: dict[int, str]) -> bytes:
    entries = sorted(mapping.items())
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines = "\n".join(
            f"<{code:04X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in chunk
        )
        blocks.append(f"{len(chunk)} beginbfchar\n{lines}\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


# --- ActualText spans ----------------------------------------------------------------------------


def _fix_spans(data: bytes, fonts: dict[bytes, dict[int, str]]) -> bytes:
    font_at = [(match.start(), match.group(1)) for match in _FONT.finditer(data)]
    starts = [start for start, _name in font_at]

    def current_font(position: int) -> dict[int, str]:
        index = bisect.bisect_right(starts, position) - 1
        return fonts.get(font_at[index][1], {}) if index >= 0 else {}

    pieces: list[bytes] = []
    last = 0
    for match in _SPAN.finditer(data):
        actual = bytes.fromhex(match.group(1).decode()).decode("utf-16-be", "replace")
        actual = actual.removeprefix("\ufeff")
        inner = match.group(2)
        tf = inner.find(b"Tf")
        mapping = current_font(match.start(2) + tf if tf >= 0 else match.start())
        shown = "".join(mapping.get(glyph, "") for glyph in _glyphs(inner))
        if _same_characters(actual, shown):
            continue
        pieces += [data[last : match.start()], inner]
        last = match.end()
    if last == 0:
        return data
    pieces.append(data[last:])
    return b"".join(pieces)


def _same_characters(left: str, right: str) -> bool:
    def letters(value: str) -> Counter[str]:
        return Counter(unicodedata.normalize("NFKC", value))

    return letters(left) == letters(right)


def _glyphs(content: bytes) -> list[int]:
    """The glyph ids (2-byte codes) of the strings shown in a piece of content stream."""
    codes = bytearray()
    index = 0
    # the next string: a literal, or a hex string (a "<" not followed by "<")
    while (match := _STRING_START.search(content, index)) is not None:
        if match.group() == b"(":
            index, value = _literal(content, match.end())
            codes += value
        else:
            end = content.index(b">", match.start())
            codes += bytes.fromhex(content[match.end() : end].decode())
            index = end + 1
    return [codes[i] << 8 | codes[i + 1] for i in range(0, len(codes) - 1, 2)]


def _literal(content: bytes, index: int) -> tuple[int, bytes]:
    plain = _PLAIN_LITERAL.match(content, index)
    if plain is not None:  # no escapes, no parentheses inside
        return plain.end(), plain.group(1)
    value = bytearray()
    depth = 1
    for piece in _LITERAL_PIECE.finditer(content, index):  # one after the other, to the end
        kind = piece.lastindex
        if kind == 1:
            value += piece.group(1)
        elif kind == 2:  # an octal escape
            value.append(int(piece.group(2), 8) & 0xFF)
        elif kind == 3:  # any other escape; a backslash before an end of line is dropped with it
            following = piece.group(3)[0]
            if following in _ESCAPES:
                value.append(_ESCAPES[following])
            elif following not in (10, 13):
                value.append(following)
        elif kind == 4:
            depth += 1
            value += b"("
        elif kind == 5:
            depth -= 1
            if depth == 0:
                return piece.end(), bytes(value)
            value += b")"
        else:
            raise IndexError("a backslash ends the content")
    return len(content), bytes(value)


# --- Reading as pdf.js does ----------------------------------------------------------------------

# A token of a content stream, after what changes nothing (whitespace, the delimiters [ ] ) > { } %,
# dictionary brackets, and numbers): a literal string (1: plain, 2: with escapes or parentheses), a
# hex string (3, or 4 when it does not end), a name (5) or an operator (6).
_CONTENT_TOKEN = re.compile(
    rb"(?:<<|>>|[\s\[\]){}%>]|[0-9.\-][^\s/\[\]()<>{}%]*)*+"
    rb"(?:\(([^()\\]*)\)|(\()|<([^>]*)>|(<)|/([^\s/\[\]()<>{}%]*)|([^\s/\[\]()<>{}%]+))"
)


def _shown_strings(data: bytes) -> list[tuple[str, bytes]]:
    """The content stream as ("font", name), ("text", codes) and ("end", b"") in order."""
    events: list[tuple[str, bytes]] = []
    operands: list[bytes] = []
    strings = bytearray()
    index = 0
    while (match := _CONTENT_TOKEN.match(data, index)) is not None:  # None at the end
        index = match.end()
        kind = match.lastindex
        if kind == 1:  # a literal string without escapes or parentheses
            strings += match.group(1)
        elif kind == 2:  # any other literal string
            index, value = _literal(data, index)
            strings += value
        elif kind == 3:
            strings += bytes.fromhex(match.group(3).decode())
        elif kind == 4:  # a hex string that does not end
            data.index(b">", match.start(4))  # raises ValueError
        elif kind == 5:
            operands.append(match.group(5))
        else:  # an operator (numbers are skipped): it takes the operands and strings before it
            token = match.group(6)
            if token == b"Tf" and operands:
                events.append(("font", operands[-1]))
            elif token in (b"Tj", b"TJ", b"'", b'"'):
                events.append(("text", bytes(strings)))
            elif token == b"ET":
                events.append(("end", b""))
            operands, strings = [], bytearray()
    return events


def tounicode_text(pdf: bytes) -> str:
    """The text of each page (form feeds between) read through the ToUnicode maps only, ignoring
    ActualText, as pdf.js builds its text layer: glyphs in content order, no spaces added."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    maps: dict[int, dict[int, str]] = {}
    pages = []
    for page in reader.pages:
        fonts: dict[bytes, dict[int, str]] = {}
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources is not None else None
        for name, reference in font_dict.get_object().items() if font_dict else []:
            font = reference.get_object()
            key = getattr(reference, "idnum", id(font))
            if key not in maps:
                stream = font.get("/ToUnicode")
                maps[key] = _parse_cmap(stream.get_object().get_data()) if stream else {}
            fonts[name[1:].encode("latin-1")] = maps[key]
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        current: dict[int, str] = {}
        shown = []
        for event, value in _shown_strings(data):
            if event == "font":
                current = fonts.get(value, {})
            elif event == "end":
                shown.append("\n")
            else:
                codes = [value[i] << 8 | value[i + 1] for i in range(0, len(value) - 1, 2)]
                shown += [current.get(code, "") for code in codes]
        pages.append("".join(shown))
    return "\f".join(pages)

"""Text shared by every renderer: pieces to strings (digits, dates) and Thai line-break units.

Thai is written without spaces between words, so an engine must know where a line may break.
`break_units` cuts a string into units that must stay whole (each Thai word, glued punctuation,
"พ.ศ. 2566" joined by a no-break space) and spaces; a line may break between two units. Words come
from PyThaiNLP's dictionary (newmm); a word of 8 or more characters that is a compound is cut
once more into two dictionary words (ปี|งบประมาณ, ผู้|รับผิดชอบ) so it still fits a narrow
table column. Names of 16+ characters that the dictionary holds whole
(สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ) are cut into their words first. A compound
here is a word whose two halves are each more common on their own than
the whole word (frequencies of the Thai National Corpus, shipped with PyThaiNLP): วิเคราะห์,
ครอบครัว and จริยธรรม also split into dictionary words, but are single words, and stay whole.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from openita.core.thai import THAI_MONTHS, THAI_MONTHS_ABBR, format_thai_date, to_thai_digits
from openita.documents.spec import DateText, Digits, Line, Piece, Run

NO_BREAK_SPACE = "\u00a0"
LONG_WORD = 8  # characters; a dictionary word this long may be cut once more
LONG_NAME = 16  # characters; a dictionary entry this long is a name made of words
_REPETITION_MARK = "ๆ"


# --- Pieces to strings ---------------------------------------------------------------------------


def number_text(value: int | Decimal | float, decimals: int = 0, signed: bool = False) -> str:
    """'1,234' or '1,234.50'; signed: '+2.40', '-1.50', '0.00' (digits as written; apply
    `with_digits` after)."""
    if isinstance(value, int) and decimals == 0:
        shown = f"{value:,}"
    else:
        shown = f"{Decimal(str(value)):,.{decimals}f}"
    if signed and shown.startswith("-") and not shown.strip("-0.,"):
        shown = shown[1:]  # -0.00 is no change
    if signed and not shown.startswith("-") and shown.strip("0.,"):
        shown = "+" + shown
    return shown


def with_digits(value: str, digits: Digits) -> str:
    return to_thai_digits(value) if digits == "thai" else value


_ERA_BEFORE_YEAR = re.compile(r"(พ\.ศ\.|ค\.ศ\.)\s*(?=[0-9๐-๙])")


def glue_era(value: str) -> str:
    """'พ.ศ. 2566' and 'พ.ศ.2566' with a no-break space, so the era never ends a line."""
    return _ERA_BEFORE_YEAR.sub(lambda match: match.group(1) + NO_BREAK_SPACE, value)


_MONTH_NAMES = "|".join(
    re.escape(month)
    for month in sorted(THAI_MONTHS[1:] + THAI_MONTHS_ABBR[1:], key=len, reverse=True)
)
_DAY_BEFORE_MONTH = re.compile(rf"(?<![0-9๐-๙])([0-9๐-๙]{{1,2}})[ ]+(?=(?:{_MONTH_NAMES}))")
_MONTH_BEFORE_YEAR = re.compile(rf"({_MONTH_NAMES})[ ]+(?=[0-9๐-๙]{{2,4}}(?![0-9๐-๙]))")


def glue_dates(value: str) -> str:
    """'31 ม.ค. 2568' and '9 มกราคม 2566' with no-break spaces: a date never ends a line inside
    itself (๒๕๖๗ – ๓๑ | ม.ค.). The PDF renderer applies it to every text."""
    value = _DAY_BEFORE_MONTH.sub(lambda match: match.group(1) + NO_BREAK_SPACE, value)
    return _MONTH_BEFORE_YEAR.sub(lambda match: match.group(1) + NO_BREAK_SPACE, value)


def piece_text(piece: Piece, digits: Digits) -> str:
    """What a piece shows in a document whose numbers use `digits`."""
    if isinstance(piece, Run):
        return piece.text if piece.keep_digits else with_digits(glue_era(piece.text), digits)
    if isinstance(piece, DateText):
        return format_thai_date(
            piece.value, month=piece.month, digits=digits, with_era=piece.with_era
        )
    return with_digits(number_text(piece.value, piece.decimals, piece.signed), digits)


@dataclass(frozen=True)
class StyledText:
    """A piece resolved to its shown characters."""

    text: str
    bold: bool = False
    link: str | None = None


def resolve(line: Line, digits: Digits, bold: bool = False) -> list[StyledText]:
    """The shown text of a line, piece by piece; `bold` makes every piece bold."""
    resolved = []
    for piece in line:
        link = piece.link if isinstance(piece, Run) else None
        resolved.append(StyledText(piece_text(piece, digits), bold or piece.bold, link))
    return resolved


def line_text(line: Line, digits: Digits) -> str:
    return "".join(styled.text for styled in resolve(line, digits))


def numbered_marker(number: int, digits: Digits) -> str:
    return with_digits(f"{number}.", digits)


BULLET = "•"


# --- Thai words ----------------------------------------------------------------------------------


def is_thai_letter(char: str) -> bool:
    """Thai consonants, vowels and marks (U+0E01-U+0E4F), not Thai digits."""
    return "\u0e01" <= char <= "\u0e4f"


def has_thai_letter(value: str) -> bool:
    return any(is_thai_letter(char) for char in value)


@dataclass(frozen=True)
class _Segmenter:
    tokenize: Callable[[str], list[str]]
    words: frozenset[str]
    frequencies: dict[str, int]


@functools.cache
def _segmenter() -> _Segmenter:
    """PyThaiNLP's newmm tokenizer, word list and word frequencies, loaded once per process."""
    from pythainlp.corpus import thai_words, tnc
    from pythainlp.tokenize import word_tokenize

    def tokenize(value: str) -> list[str]:
        return list(word_tokenize(value, engine="newmm", keep_whitespace=True))

    tokenize("ประจำปีงบประมาณ")  # builds the dictionary trie now, not inside the first document
    return _Segmenter(tokenize, thai_words(), dict(tnc.word_freqs()))


def dictionary_words() -> frozenset[str]:
    return _segmenter().words


def segment(value: str) -> list[str]:
    """PyThaiNLP's words of a string, whitespace kept as tokens."""
    return _segmenter().tokenize(value)


def warm_up() -> None:
    """Load the dictionary now (e.g. in a worker before the first document)."""
    _segmenter()


def compound_cuts(word: str) -> list[int]:
    """Where a Thai word of 8+ characters may break: between two dictionary words that are each
    more common than the whole word. Most common halves first."""
    if len(word) < LONG_WORD or not has_thai_letter(word):
        return []
    segmenter = _segmenter()
    whole = segmenter.frequencies.get(word, 0)

    def rarer_half(cut: int) -> int:
        return min(
            segmenter.frequencies.get(word[:cut], 0), segmenter.frequencies.get(word[cut:], 0)
        )

    cuts = [
        cut
        for cut in range(1, len(word))
        if word[:cut] in segmenter.words
        and word[cut:] in segmenter.words
        and is_cluster_start(word, cut)
        and rarer_half(cut) > whole
    ]
    return sorted(cuts, key=rarer_half, reverse=True)


@functools.lru_cache(maxsize=2_000)
def split_long_name(word: str) -> tuple[str, ...]:
    """A dictionary entry of 16+ characters (an organisation's name) as the words it is made of."""
    if len(word) < LONG_NAME or not has_thai_letter(word):
        return (word,)
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import dict_trie

    words = dictionary_words()
    shorter = {
        word[start:end]
        for start in range(len(word))
        for end in range(start + 1, min(len(word), start + LONG_NAME - 1) + 1)
        if word[start:end] in words
    }
    if not shorter:
        return (word,)
    return tuple(word_tokenize(word, custom_dict=dict_trie(shorter), engine="newmm"))


def split_long_word(word: str) -> tuple[str, ...]:
    """A long compound as its two most common halves (ปี|งบประมาณ); any other word unchanged."""
    cuts = compound_cuts(word)
    if not cuts:
        return (word,)
    return (word[: cuts[0]], word[cuts[0] :])


_FOLLOWING_CHARS = frozenset(
    "\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
    "\u0e45\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def is_cluster_start(value: str, index: int) -> bool:
    """Whether a line may start at `index` without cutting a Thai character cluster."""
    if index <= 0 or index >= len(value):
        return True
    return value[index] not in _FOLLOWING_CHARS and value[index - 1] not in _LEADING_VOWELS


# --- Break units ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A stretch that must stay on one line (`keep`) or a breakable space (`text == ' '`).

    A unit without Thai letters is left to the engine (Latin words, web addresses), which breaks
    it only where Latin rules allow.
    """

    text: str
    keep: bool

    @property
    def is_space(self) -> bool:
        return self.text == " "


SPACE = Unit(" ", keep=False)


def _may_break_between(left: str, right: str) -> bool:
    if right.startswith(_REPETITION_MARK):
        return False
    left_thai = has_thai_letter(left) and is_thai_letter(left[-1])
    right_thai = has_thai_letter(right) and is_thai_letter(right[0])
    return right_thai and (left_thai or left.endswith("/"))


@functools.lru_cache(maxsize=20_000)
def break_units(value: str) -> tuple[Unit, ...]:
    """Units of a string; a line may break only between two units or at a space unit."""
    tokens: list[str] = []
    for token in segment(value):
        for piece in split_long_name(token):
            tokens.extend(split_long_word(piece))
    units: list[Unit] = []
    pending = ""  # non-space text that is not yet closed into a unit
    for index, token in enumerate(tokens):
        is_space = token.isspace() and NO_BREAK_SPACE not in token
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if is_space and following.startswith(_REPETITION_MARK):
            pending += token  # "ต่าง ๆ": the mark never starts a line
        elif is_space:
            if pending:
                units.append(Unit(pending, keep=has_thai_letter(pending)))
                pending = ""
            if not units or not units[-1].is_space:
                units.append(SPACE)
        elif pending and _may_break_between(pending, token):
            units.append(Unit(pending, keep=has_thai_letter(pending)))
            pending = token
        else:
            pending += token
    if pending:
        units.append(Unit(pending, keep=has_thai_letter(pending)))
    return tuple(units)


def _name_words(value: str, names: frozenset[str]) -> list[tuple[int, int]]:
    """Where the words of the given names (a given name, a surname, a unit's name) stand."""
    spans = []
    for name in names:
        start = value.find(name)
        while start >= 0:
            for word in re.finditer(r"[^\s]+", name):
                spans.append((start + word.start(), start + word.end()))
            start = value.find(name, start + len(name))
    return sorted(spans)


def break_units_keeping(value: str, names: frozenset[str]) -> tuple[Unit, ...]:
    """`break_units`, but each word of a name (`names`: people and units) is one unit: a name
    breaks only between its words (given name | surname), never inside one (กนก|พร)."""
    units = break_units(value)
    spans = _name_words(value, names) if names else []
    if not spans:
        return units
    merged: list[Unit] = []
    offset = 0
    until = -1  # the end of the name word the last unit belongs to
    for unit in units:
        start, end = offset, offset + len(unit.text)
        offset = end
        if start < until and not unit.is_space:
            merged[-1] = Unit(merged[-1].text + unit.text, keep=True)
            until = max(until, end)
            continue
        inside = [span_end for span_start, span_end in spans if span_start <= start < span_end]
        until = max(inside) if inside and not unit.is_space else -1
        merged.append(Unit(unit.text, keep=True) if until > end else unit)
    return tuple(merged)


WORD_JOINER = "\u2060"  # no line break here (UAX #14 WJ); not a joiner of shapes like U+200D
# A given name or a surname; a longer word of a name is a unit's name (สถานีตำรวจภูธรเมืองธารทอง),
# left to Word's dictionary: glued whole it could not wrap in a column narrower than itself.
LONGEST_GLUED_WORD = 20


def joined_names(value: str, names: frozenset[str]) -> str:
    """`value` with a word joiner at each break opportunity inside a word of a name (กนก|พร,
    มั่นคง|ธรรม), so that Word, which breaks Thai lines with its own dictionary, keeps a given name
    and a surname each whole; a line may still break between them. Words longer than
    LONGEST_GLUED_WORD (units' names) are left as they are."""
    spans = [
        (start, end)
        for start, end in (_name_words(value, names) if names else [])
        if end - start <= LONGEST_GLUED_WORD
    ]
    if not spans:
        return value
    cuts: set[int] = set()
    for start, end in spans:
        offset = start
        for unit in break_units(value[start:end])[:-1]:
            offset += len(unit.text)
            cuts.add(offset)
    return "".join(
        (WORD_JOINER + char) if index in cuts else char for index, char in enumerate(value)
    )

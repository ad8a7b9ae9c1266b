"""Values in TCK tables, and the driver's values, in one comparable form.

The TCK writes expected values as Cypher-like literals: `1`, `1.0`, `'text'`, `[1, 2]`,
`{a: 1}`, nodes `(:L {k: 1})`, relationships `[:T {k: 1}]` and paths `<(:A)-[:T]->(:B)>`.
Temporal values are written as the strings Cypher's `toString` gives for them.

Both sides become tuples tagged by kind, so that an integer never equals a float, nodes compare
by labels and properties (not identity), and NaN equals NaN as the TCK expects.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

import neo4j.graph
import neo4j.time

Canonical = tuple[Any, ...]


class ValueSyntaxError(ValueError):
    """A table cell that is not a TCK value literal."""


class _Reader:
    """A recursive-descent reader of one TCK value literal."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def fail(self, message: str) -> ValueSyntaxError:
        return ValueSyntaxError(f"{message} at offset {self.position} in {self.text!r}")

    def skip_spaces(self) -> None:
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1

    def peek(self, token: str) -> bool:
        self.skip_spaces()
        return self.text.startswith(token, self.position)

    def expect(self, token: str) -> None:
        if not self.peek(token):
            raise self.fail(f"expected {token!r}")
        self.position += len(token)

    def accept(self, token: str) -> bool:
        if self.peek(token):
            self.position += len(token)
            return True
        return False

    def read_all(self) -> Any:
        value = self.read_value()
        self.skip_spaces()
        if self.position != len(self.text):
            raise self.fail("unexpected text")
        return value

    def read_value(self) -> Any:
        self.skip_spaces()
        if self.position >= len(self.text):
            raise self.fail("missing value")
        char = self.text[self.position]
        if char == "'":
            return ("str", self.read_string())
        if char == "[":
            return self.read_list_or_relationship()
        if char == "{":
            return ("map", self.read_map_entries())
        if char == "(":
            return self.read_node()
        if char == "<":
            return self.read_path()
        return self.read_word()

    def read_word(self) -> Canonical:
        start = self.position
        while self.position < len(self.text) and (
            self.text[self.position].isalnum() or self.text[self.position] in "+-._"
        ):
            self.position += 1
        word = self.text[start : self.position]
        if word == "null":
            return ("null",)
        if word in ("true", "false"):
            return ("bool", word == "true")
        if word in ("NaN", "-NaN"):
            return ("float", math.nan)
        if word in ("Inf", "+Inf", "Infinity"):
            return ("float", math.inf)
        if word in ("-Inf", "-Infinity"):
            return ("float", -math.inf)
        try:
            if word.lstrip("+-").isdigit():
                return ("int", int(word))
            if word.lower().startswith(("0x", "-0x")):
                return ("int", int(word, 16))
            return ("float", float(word))
        except ValueError:
            raise self.fail(f"unknown literal {word!r}") from None

    def read_string(self) -> str:
        self.expect("'")
        parts: list[str] = []
        while True:
            if self.position >= len(self.text):
                raise self.fail("unterminated string")
            char = self.text[self.position]
            self.position += 1
            if char == "'":
                return "".join(parts)
            if char == "\\" and self.position < len(self.text):
                parts.append(self.text[self.position])
                self.position += 1
            else:
                parts.append(char)

    def read_key(self) -> str:
        self.skip_spaces()
        if self.accept("`"):
            end = self.text.index("`", self.position)
            key = self.text[self.position : end]
            self.position = end + 1
            return key
        start = self.position
        while self.position < len(self.text) and (
            self.text[self.position].isalnum() or self.text[self.position] == "_"
        ):
            self.position += 1
        if start == self.position:
            raise self.fail("expected a name")
        return self.text[start : self.position]

    def read_map_entries(self) -> tuple[tuple[str, Any], ...]:
        self.expect("{")
        entries: dict[str, Any] = {}
        if not self.accept("}"):
            while True:
                key = self.read_key()
                self.expect(":")
                entries[key] = self.read_value()
                if self.accept("}"):
                    break
                self.expect(",")
        return tuple(sorted(entries.items()))

    def read_list_or_relationship(self) -> Canonical:
        self.expect("[")
        if self.peek(":"):
            self.expect(":")
            rel_type = self.read_key()
            properties: tuple[tuple[str, Any], ...] = ()
            if self.peek("{"):
                properties = self.read_map_entries()
            self.expect("]")
            return ("relationship", rel_type, properties)
        items: list[Any] = []
        if not self.accept("]"):
            while True:
                items.append(self.read_value())
                if self.accept("]"):
                    break
                self.expect(",")
        return ("list", tuple(items))

    def read_node(self) -> Canonical:
        self.expect("(")
        labels: set[str] = set()
        while self.accept(":"):
            labels.add(self.read_key())
        properties: tuple[tuple[str, Any], ...] = ()
        if self.peek("{"):
            properties = self.read_map_entries()
        self.expect(")")
        return ("node", frozenset(labels), properties)

    def read_path(self) -> Canonical:
        self.expect("<")
        elements: list[Any] = [self.read_node()]
        while not self.accept(">"):
            if self.accept("<-"):
                relationship = self.read_list_or_relationship()
                self.expect("-")
                direction = "<"
            else:
                self.expect("-")
                relationship = self.read_list_or_relationship()
                self.expect("->")
                direction = ">"
            elements.append((relationship, direction))
            elements.append(self.read_node())
        return ("path", tuple(elements))


def parse_value(text: str) -> Canonical:
    """Read one TCK table cell into its comparable form."""
    return _Reader(text.strip()).read_all()


def python_value(value: Canonical) -> Any:
    """Turn a parsed TCK literal into the Python value the driver sends as a parameter."""
    kind = value[0]
    if kind == "null":
        return None
    if kind in ("bool", "int", "float", "str"):
        return value[1]
    if kind == "list":
        return [python_value(item) for item in value[1]]
    if kind == "map":
        return {key: python_value(item) for key, item in value[1]}
    raise ValueSyntaxError(f"a {kind} cannot be a parameter")


def _fraction(nanoseconds: int) -> str:
    """Cypher's fraction of a second: groups of three digits, as few as needed."""
    if nanoseconds == 0:
        return ""
    if nanoseconds % 1_000_000 == 0:
        return f".{nanoseconds // 1_000_000:03d}"
    if nanoseconds % 1_000 == 0:
        return f".{nanoseconds // 1_000:06d}"
    return f".{nanoseconds:09d}"


def _clock(hour: int, minute: int, second: int, nanosecond: int) -> str:
    text = f"{hour:02d}:{minute:02d}"
    if second or nanosecond:
        text += f":{second:02d}{_fraction(nanosecond)}"
    return text


def _offset(seconds: int) -> str:
    if seconds == 0:
        return "Z"
    sign = "+" if seconds > 0 else "-"
    seconds = abs(seconds)
    text = f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
    if seconds % 60:
        text += f":{seconds % 60:02d}"
    return text


def _year(year: int) -> str:
    if 0 <= year <= 9999:
        return f"{year:04d}"
    return f"{'+' if year > 0 else '-'}{abs(year):09d}"


def _date_text(value: neo4j.time.Date) -> str:
    return f"{_year(value.year)}-{value.month:02d}-{value.day:02d}"


def _offset_seconds(tzinfo: datetime.tzinfo | None, moment: Any) -> int | None:
    if tzinfo is None:
        return None
    delta = tzinfo.utcoffset(moment)
    return None if delta is None else int(delta.total_seconds())


def _duration_text(value: neo4j.time.Duration) -> str:
    months, days, seconds, nanoseconds = value.months, value.days, value.seconds, value.nanoseconds
    years, months = int(months / 12), months - int(months / 12) * 12
    text = "P"
    if years:
        text += f"{years}Y"
    if months:
        text += f"{months}M"
    if days:
        text += f"{days}D"
    total_nanoseconds = seconds * 1_000_000_000 + nanoseconds
    if total_nanoseconds:
        text += "T"
        negative = total_nanoseconds < 0
        magnitude = abs(total_nanoseconds)
        hours, rest = divmod(magnitude, 3_600_000_000_000)
        minutes, rest = divmod(rest, 60_000_000_000)
        whole, fraction = divmod(rest, 1_000_000_000)
        sign = "-" if negative else ""
        if hours:
            text += f"{sign}{hours}H"
        if minutes:
            text += f"{sign}{minutes}M"
        if whole or fraction:
            digits = f".{fraction:09d}".rstrip("0") if fraction else ""
            text += f"{sign}{whole}{digits}S"
    return "PT0S" if text == "P" else text


def temporal_text(value: Any) -> str | None:
    """Cypher's `toString` of a driver temporal value, or None for other values."""
    if isinstance(value, neo4j.time.Duration):
        return _duration_text(value)
    if isinstance(value, neo4j.time.DateTime):
        moment = _date_text(value.date()) + "T" + _clock(value.hour, value.minute, value.second, value.nanosecond)
        offset = _offset_seconds(value.tzinfo, value)
        if offset is None:
            return moment
        text = moment + _offset(offset)
        zone = getattr(value.tzinfo, "key", None) or getattr(value.tzinfo, "zone", None)
        if zone and zone not in ("UTC", "Z") and not zone.startswith(("+", "-")):
            text += f"[{zone}]"
        return text
    if isinstance(value, neo4j.time.Date):
        return _date_text(value)
    if isinstance(value, neo4j.time.Time):
        text = _clock(value.hour, value.minute, value.second, value.nanosecond)
        offset = _offset_seconds(value.tzinfo, None) if value.tzinfo is not None else None
        if offset is None and value.tzinfo is not None:
            delta = value.utc_offset()
            offset = None if delta is None else int(delta.total_seconds())
        return text if offset is None else text + _offset(offset)
    return None


def canonical(value: Any) -> Canonical:
    """The comparable form of a value the driver returned."""
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", value)
    if isinstance(value, str):
        return ("str", value)
    if isinstance(value, neo4j.graph.Node):
        return ("node", frozenset(value.labels), _properties(value))
    if isinstance(value, neo4j.graph.Relationship):
        return ("relationship", value.type, _properties(value))
    if isinstance(value, neo4j.graph.Path):
        elements: list[Any] = [canonical(value.nodes[0])]
        for index, relationship in enumerate(value.relationships):
            start = value.nodes[index]
            forward = relationship.start_node is not None and relationship.start_node.element_id == start.element_id
            elements.append((canonical(relationship), ">" if forward else "<"))
            elements.append(canonical(value.nodes[index + 1]))
        return ("path", tuple(elements))
    # The temporal check comes before the list check because the driver's Duration is a tuple.
    text = temporal_text(value)
    if text is not None:
        return ("str", text)
    if isinstance(value, (list, tuple)):
        return ("list", tuple(canonical(item) for item in value))
    if isinstance(value, dict):
        return ("map", tuple(sorted((key, canonical(item)) for key, item in value.items())))
    if isinstance(value, (bytes, bytearray)):
        return ("bytes", bytes(value))
    return ("unknown", repr(value))


def _properties(entity: Any) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((key, canonical(item)) for key, item in entity.items()))


def unordered_lists(value: Canonical) -> Canonical:
    """The same value with the elements of every list sorted, for 'ignoring element order'."""
    kind = value[0]
    if kind == "list":
        return ("list", tuple(sorted((unordered_lists(item) for item in value[1]), key=repr)))
    if kind == "map":
        return ("map", tuple((key, unordered_lists(item)) for key, item in value[1]))
    return value


def same(expected: Canonical, actual: Canonical) -> bool:
    """Whether two comparable values are equal as the TCK means it (NaN equals NaN)."""
    if expected[0] != actual[0]:
        return False
    kind = expected[0]
    if kind == "float":
        if math.isnan(expected[1]) and math.isnan(actual[1]):
            return True
        return expected[1] == actual[1]
    if kind in ("list", "path"):
        return len(expected[1]) == len(actual[1]) and all(
            _same_element(left, right) for left, right in zip(expected[1], actual[1], strict=True)
        )
    if kind == "map":
        return _same_entries(expected[1], actual[1])
    if kind == "node":
        return expected[1] == actual[1] and _same_entries(expected[2], actual[2])
    if kind == "relationship":
        return expected[1] == actual[1] and _same_entries(expected[2], actual[2])
    return expected == actual


def _same_element(left: Any, right: Any) -> bool:
    if isinstance(left, tuple) and len(left) == 2 and left[1] in ("<", ">") and isinstance(left[0], tuple):
        return isinstance(right, tuple) and len(right) == 2 and left[1] == right[1] and same(left[0], right[0])
    return same(left, right)


def _same_entries(left: tuple[tuple[str, Any], ...], right: tuple[tuple[str, Any], ...]) -> bool:
    return len(left) == len(right) and all(
        left_key == right_key and same(left_value, right_value)
        for (left_key, left_value), (right_key, right_value) in zip(left, right, strict=True)
    )


def render(value: Canonical) -> str:
    """A value in TCK notation, for failure reasons."""
    kind = value[0]
    if kind == "null":
        return "null"
    if kind == "bool":
        return "true" if value[1] else "false"
    if kind == "int":
        return str(value[1])
    if kind == "float":
        return repr(value[1])
    if kind == "str":
        return "'" + value[1].replace("\\", "\\\\").replace("'", "\\'") + "'"
    if kind == "list":
        return "[" + ", ".join(render(item) for item in value[1]) + "]"
    if kind == "map":
        return "{" + ", ".join(f"{key}: {render(item)}" for key, item in value[1]) + "}"
    if kind == "node":
        labels = "".join(f":{label}" for label in sorted(value[1]))
        properties = " " + render(("map", value[2])) if value[2] else ""
        return f"({labels}{properties})".replace("( ", "(")
    if kind == "relationship":
        properties = " " + render(("map", value[2])) if value[2] else ""
        return f"[:{value[1]}{properties}]"
    if kind == "path":
        text = render(value[1][0])
        for index in range(1, len(value[1]), 2):
            relationship, direction = value[1][index]
            arrow = f"-{render(relationship)}->" if direction == ">" else f"<-{render(relationship)}-"
            text += arrow + render(value[1][index + 1])
        return f"<{text}>"
    return repr(value[1:])

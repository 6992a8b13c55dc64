"""Read YAML while remembering where every value came from (file and line).

Framework libraries are edited by people; when one is wrong, the message must name the file, the
line and the field. PyYAML throws away positions once it builds Python objects, so this module
composes the node graph itself and builds ``MarkedDict`` / ``MarkedList`` values that keep an
``Origin`` for the node and for each key or index.

Two deliberate departures from PyYAML's YAML 1.1 defaults:

* ``yes``/``no``/``on``/``off`` stay strings (YAML 1.2 behaviour): the answer codes of yes/no
  survey items are literally ``yes`` and ``no``;
* a key repeated in one mapping is a problem to report, not a silent overwrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True)
class Origin:
    """Where a value was written: a file and a 1-based line number."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class MarkedDict(dict[str, Any]):
    """A mapping that knows where it and each of its keys were written."""

    origin: Origin | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_origins: dict[str, Origin] = {}

    def origin_of(self, key: str) -> Origin | None:
        return self.key_origins.get(key, self.origin)


class MarkedList(list[Any]):
    """A sequence that knows where it and each of its entries were written."""

    origin: Origin | None = None

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_origins: list[Origin | None] = []

    def origin_of(self, index: int) -> Origin | None:
        if 0 <= index < len(self.item_origins):
            return self.item_origins[index] or self.origin
        return self.origin


def origin_of(container: Any, key: str | int | None = None) -> Origin | None:
    """The origin of ``container[key]`` (or of the container itself), if it was recorded."""
    if key is not None and isinstance(container, MarkedDict) and isinstance(key, str):
        return container.origin_of(key)
    if key is not None and isinstance(container, MarkedList) and isinstance(key, int):
        return container.origin_of(key)
    return getattr(container, "origin", None)


class YamlProblem(Exception):
    """The text is not YAML, or uses a YAML feature libraries do not allow."""

    def __init__(self, origin: Origin, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.message = message


# libyaml's parser (C) when present: about ten times faster on the shipped libraries.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader whose booleans are only true/false (YAML 1.2 style)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _origin(file: str, node: Node) -> Origin:
    return Origin(file, node.start_mark.line + 1)


def _build(node: Node, loader: _Loader, file: str, duplicates: list[YamlProblem]) -> Any:
    if isinstance(node, MappingNode):
        loader.flatten_mapping(node)
        mapping = MarkedDict()
        mapping.origin = _origin(file, node)
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(_origin(file, key_node), "a key must be plain text")
            key = loader.construct_object(key_node, deep=True)
            key_text = str(key)
            if key_text in mapping:
                duplicates.append(
                    YamlProblem(_origin(file, key_node), f"the key '{key_text}' is repeated")
                )
            mapping[key_text] = _build(value_node, loader, file, duplicates)
            mapping.key_origins[key_text] = _origin(file, key_node)
        return mapping
    if isinstance(node, SequenceNode):
        sequence = MarkedList()
        sequence.origin = _origin(file, node)
        for child in node.value:
            sequence.append(_build(child, loader, file, duplicates))
            sequence.item_origins.append(_origin(file, child))
        return sequence
    return loader.construct_object(node, deep=True)


def parse_marked_yaml(text: str, file: str) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document into marked values.

    Returns the value and the list of repeated keys found (problems that do not stop parsing).
    Raises ``YamlProblem`` when the text is not valid YAML.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, []
        duplicates: list[YamlProblem] = []
        return _build(root, loader, file, duplicates), duplicates
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise YamlProblem(Origin(file, line), f"not valid YAML: {message}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(Origin(file, 1), f"not valid YAML: {error}") from None
    finally:
        loader.dispose()


def read_marked_yaml(path: Path, display_name: str | None = None) -> tuple[Any, list[YamlProblem]]:
    """Read and parse one file; see ``parse_marked_yaml``."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlProblem(Origin(name, 0), "file not found") from None
    except UnicodeDecodeError:
        raise YamlProblem(Origin(name, 0), "the file is not UTF-8 text") from None
    return parse_marked_yaml(text, name)


class _Dumper(yaml.SafeDumper):
    """Dumper that writes multi-line strings as literal blocks and never uses aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(MarkedDict, _represent_dict)
_Dumper.add_representer(MarkedList, yaml.SafeDumper.represent_list)


def dump_yaml(data: Any) -> str:
    """Write plain data as readable YAML (keys in the given order, Thai as text)."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )

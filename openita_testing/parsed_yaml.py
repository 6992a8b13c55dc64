"""Each YAML text parsed once per test process (the framework libraries: about 80 ms each, read again by
every test that loads the shipped libraries).

`parse_marked_yaml` stays the parser: the first call for a text (and file name) runs it, and every call gets
its own copy of what it returned (pickled once, unpickled per call: a caller may change the values it gets,
as the merging of a library's includes does). A text that is not valid YAML, or repeats a key, is never kept: it
is parsed again each time (its problems are exceptions, which pickle cannot copy). The cache is keyed on the text itself, so a file a test changes is parsed anew.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

Parse = Callable[[str, str], tuple[Any, list[Any]]]


def cached(parse: Parse) -> Parse:
    parsed: dict[tuple[str, str], bytes] = {}

    def parse_once(text: str, file: str) -> tuple[Any, list[Any]]:
        key = (text, file)
        if key not in parsed:
            value, repeated = parse(text, file)
            if repeated:
                return value, repeated
            parsed[key] = pickle.dumps((value, repeated))
        result: tuple[Any, list[Any]] = pickle.loads(parsed[key])  # pickled by this process
        return result

    return parse_once

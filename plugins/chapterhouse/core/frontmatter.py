"""Split a content file into YAML front matter and a Markdown body.

The YAML is loaded safely with libyaml's C parser when present, with a
resolver set close to YAML 1.2's core schema:

* dates and times stay strings (PyYAML would turn ``2027-01-20`` into a date,
  ``2027-01-20 18:30`` into a string and ``18:30`` into the integer 1110);
  :mod:`chapterhouse.core.timing` parses them all the same way;
* only ``true``/``false`` are booleans (``no``, the ISO code of Norway, stays
  a string);
* integers are decimal, floats are plain decimals: no sexagesimal, no octal;
  an integer of more than 18 digits stays text (each key's check then says
  what is wrong with it), and a float keeps the text it was written as
  (:class:`Decimal` prices must not see ``1.0e-400`` rounded to ``0.0``).

Every key's line number is kept so that problems point at the right line.
Files that are too large, not UTF-8, or that expand aliases beyond a node
budget are refused before any value is built.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from chapterhouse.core.problems import Problem, quote

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is present on every supported platform
    _BaseLoader = yaml.SafeLoader  # type: ignore[misc]

#: Upper bound on the number of YAML nodes after alias expansion.
MAX_EXPANDED_NODES = 10_000

_DELIMITER = re.compile(r"^(---|\.\.\.)[ \t]*$")


class _FrontMatterLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader with YAML 1.2-like implicit typing (see module docstring)."""


_FrontMatterLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]{0,17})$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", ["<"]),
):
    _FrontMatterLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


class WrittenFloat(float):
    """A YAML float that remembers how it was written (``text``).

    Equal to the float it stands for; :attr:`text` lets exact values (prices)
    and text fields (a title ``1.50``) use what the author wrote.
    """

    text: str

    def __new__(cls, text: str) -> WrittenFloat:  # noqa: D102 - the float of ``text``
        value = super().__new__(cls, text)
        value.text = text
        return value

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (WrittenFloat, (self.text,))


def written(value: object) -> str:
    """A scalar as its author wrote it (a float's own text, not Python's repr)."""
    return value.text if isinstance(value, WrittenFloat) else str(value)


def _construct_float(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> float:
    return WrittenFloat(loader.construct_scalar(node))


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


@dataclass(frozen=True)
class FrontMatter:
    """The parsed parts of a content file.

    Attributes:
        data: The front matter as a dict (empty when the file has none).
        lines: 1-based line of each key, by dotted path (``venue.geo``,
            ``speakers.0``); the empty path is the opening ``---`` line.
        body: The Markdown after the closing delimiter.
        body_line: Line on which the body starts.
        has_front_matter: False when the file does not start with ``---``.
    """

    data: dict[str, Any]
    lines: Mapping[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    has_front_matter: bool = True

    def line_of(self, path: str) -> int:
        """Line of a dotted key path, falling back to its closest known parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return self.lines.get("", 1)


def decode(raw: bytes, path: str, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """Decode a file's bytes as UTF-8 (a BOM is tolerated), within a size limit."""
    if len(raw) > max_bytes:
        return None, [
            Problem(
                path,
                1,
                "file",
                f"the file is {len(raw):,} bytes; the limit is {max_bytes:,}",
                "split it, or raise CHAPTERHOUSE['max_file_size']",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start : error.start + 1].hex()
        return None, [
            Problem(
                path,
                line,
                "file",
                f"the file is not valid UTF-8 (byte 0x{byte} at offset {error.start})",
                "save it with the UTF-8 encoding",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse(text: str, path: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Split ``text`` into front matter and body and load the YAML.

    Returns the parsed :class:`FrontMatter` (``None`` when the YAML cannot be
    used at all) and the problems found.
    """
    lines = text.split("\n")
    if not lines or not _DELIMITER.match(lines[0]) or lines[0].startswith("..."):
        return FrontMatter({}, {"": 1}, text, 1, has_front_matter=False), []
    for index in range(1, len(lines)):
        if _DELIMITER.match(lines[index]):
            closing = index
            break
    else:
        return None, [
            Problem(
                path,
                1,
                "front matter",
                "the front matter opened on line 1 is never closed",
                "end it with a line containing only '---'",
            )
        ]
    yaml_text = "\n".join(lines[1:closing])
    body = "\n".join(lines[closing + 1 :])
    data, key_lines, problems = load_yaml(yaml_text, path, first_line=2)
    if data is None:
        return None, problems
    key_lines[""] = 1  # problems about the whole front matter point at its opening line
    return FrontMatter(data, key_lines, body, closing + 2), problems


def load_yaml(
    yaml_text: str, path: str, first_line: int = 1, max_values: int = MAX_EXPANDED_NODES
) -> tuple[dict[str, Any] | None, dict[str, int], list[Problem]]:
    """Load one YAML mapping, returning it with the line of every key.

    ``max_values``: the most values the document may hold once its aliases are expanded.
    """
    return _load(
        yaml_text, path, first_line, max_values, yaml.MappingNode, {}, "front matter",
        "the front matter must be a list of 'key: value' lines",
    )  # fmt: skip


def load_yaml_list(
    yaml_text: str, path: str, field: str, max_values: int = MAX_EXPANDED_NODES
) -> tuple[list[Any] | None, dict[str, int], list[Problem]]:
    """Load a YAML file that is one list, with the line of every item and key.

    Lines are recorded by dotted path from ``field`` (``members.0``,
    ``members.0.url``); problems with the whole file are reported under ``field``.
    """
    return _load(
        yaml_text, path, 1, max_values, yaml.SequenceNode, [], field,
        "the file must be a list ('- ' items)", field,
    )  # fmt: skip


def _load(
    yaml_text: str,
    path: str,
    first_line: int,
    max_values: int,
    expected: type[yaml.Node],
    empty: Any,
    field: str,
    wrong_shape: str,
    root: str = "",
) -> tuple[Any, dict[str, int], list[Problem]]:
    offset = first_line - 1
    loader = _FrontMatterLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return empty, {"": first_line}, []
        if not isinstance(node, expected):
            line = node.start_mark.line + 1 + offset
            return None, {}, [Problem(path, line, field, wrong_shape)]
        problems: list[Problem] = []
        key_lines: dict[str, int] = {"": first_line}
        if not _check_nodes(node, root, offset, path, key_lines, problems, max_values):
            return None, key_lines, problems
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else first_line
        return None, {}, [_yaml_problem(path, line, error, yaml_text, mark)]
    except yaml.YAMLError as error:  # reader errors: control characters and the like
        position = getattr(error, "position", 0) or 0
        line = yaml_text.count("\n", 0, position) + 1 + offset
        reason = getattr(error, "reason", None) or str(error).splitlines()[0]
        return None, {}, [Problem(path, line, "front matter", f"YAML cannot be read: {reason}")]
    except RecursionError:
        return None, {}, [Problem(path, first_line, "front matter", "YAML nesting is too deep")]
    finally:
        loader.dispose()
    return data, key_lines, problems


def _yaml_problem(
    path: str, line: int, error: yaml.MarkedYAMLError, text: str, mark: Any
) -> Problem:
    reason = error.problem or "invalid YAML"
    hint = ""
    source_line = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
    if "mapping values are not allowed" in reason:
        hint = "a value containing ': ' must be put in quotes"
    elif "found character '\\t'" in reason or "\t" in source_line:
        hint = "indent with spaces, not tabs"
    elif "could not find expected ':'" in reason:
        hint = "each line should be 'key: value'"
    message = f"YAML syntax error: {reason}"
    if source_line.strip():
        message += f" in {quote(source_line.strip())}"
    return Problem(path, line, "front matter", message, hint)


def _check_nodes(
    root: yaml.Node,
    root_path: str,
    offset: int,
    path: str,
    key_lines: dict[str, int],
    problems: list[Problem],
    max_values: int = MAX_EXPANDED_NODES,
) -> bool:
    """Record key lines; report duplicate keys, odd keys and alias bombs.

    Returns False when the document must not be constructed at all.

    Aliases make the node graph a DAG (or a cycle); the expanded size is
    computed with memoisation so that a billion-laughs document is refused
    after visiting each distinct node once.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def expanded_size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise _RecursiveAlias(node)
        in_progress.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                total += expanded_size(key_node) + expanded_size(value_node)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += expanded_size(item)
        in_progress.discard(key)
        sizes[key] = min(total, max_values + 1)
        return sizes[key]

    try:
        size = expanded_size(root)
    except _RecursiveAlias as recursive:
        problems.append(
            Problem(
                path,
                recursive.node.start_mark.line + 1 + offset,
                "front matter",
                "a YAML alias refers to itself",
            )
        )
        return False
    if size > max_values:
        if len(sizes) > max_values:  # that many values written out, no alias needed
            message, hint = f"the YAML holds more than {max_values:,} values", "split the file"
        else:
            message = f"the YAML expands to more than {max_values:,} values through aliases"
            hint = "remove the '&anchor' and '*alias' references"
        problems.append(Problem(path, 1 + offset, "front matter", message, hint))
        return False
    _record_lines(root, root_path, offset, path, key_lines, problems, set())
    return True


class _RecursiveAlias(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def _record_lines(
    node: yaml.Node,
    prefix: str,
    offset: int,
    path: str,
    key_lines: dict[str, int],
    problems: list[Problem],
    seen: set[int],
) -> None:
    if id(node) in seen:  # an alias: its lines were recorded where it was defined
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + offset
            if key_node.tag == "tag:yaml.org,2002:merge":
                _record_lines(value_node, prefix, offset, path, key_lines, problems, seen)
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (
                "tag:yaml.org,2002:str",
                "tag:yaml.org,2002:int",
            ):
                problems.append(Problem(path, line, prefix or "front matter", "keys must be words"))
                continue
            dotted = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            if dotted in key_lines:
                problems.append(
                    Problem(
                        path,
                        line,
                        dotted,
                        f"the key appears twice (first on line {key_lines[dotted]})",
                        "keep only one",
                    )
                )
                continue
            key_lines[dotted] = line
            _record_lines(value_node, dotted, offset, path, key_lines, problems, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            dotted = f"{prefix}.{index}"
            key_lines.setdefault(dotted, item.start_mark.line + 1 + offset)
            _record_lines(item, dotted, offset, path, key_lines, problems, seen)

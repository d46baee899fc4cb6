"""Read YAML or JSON documents keeping where each value sits, and turn pydantic validation errors into
``Problem``s that name the file, the row and column, and the field, with a message in both languages.

The knowledge-base loader and the profile loader both use this; so will every importer of user files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from mizaan.errors import Problem


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@dataclass(frozen=True)
class Document:
    """A parsed document: its data and, where it could be parsed as YAML, its node tree for positions."""

    data: Any
    node: yaml.Node | None
    file: str | None


def parse_text(text: str, file: str | None = None, fmt: str = "yaml") -> Document:
    """Parse ``text`` (``fmt`` = ``yaml`` or ``json``). Syntax errors become a one-problem ``InputError``."""
    from mizaan.errors import InputError

    try:
        data = json.loads(text) if fmt == "json" else yaml.load(text, Loader=_UniqueKeyLoader)
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem("v.syntax_json", {"detail": exc.msg}, file=file, row=exc.lineno, column=exc.colno)],
            file=file,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            [
                Problem(
                    "v.syntax_yaml",
                    {"detail": getattr(exc, "problem", None) or str(exc)},
                    file=file,
                    row=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ],
            file=file,
        ) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # valid JSON that PyYAML cannot compose (tabs, for example): no positions
        node = None
    return Document(data=data, node=node, file=file)


def read_document(path: str | Path) -> Document:
    """Read a ``.yaml``/``.yml``/``.json`` file into a ``Document``. Unreadable files raise ``InputError``."""
    from mizaan.errors import InputError

    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise InputError([Problem("v.no_file", {"path": name}, file=name)], file=name)
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem("v.encoding", {"position": exc.start}, file=name)], file=name) from None
    fmt = "json" if p.suffix.lower() == ".json" else "yaml"
    return parse_text(text, file=name, fmt=fmt)


def locate(node: yaml.Node | None, loc: tuple[int | str, ...]) -> tuple[int | None, int | None]:
    """The (row, column), both 1-based, of the value at ``loc`` in a YAML node tree; the deepest existing
    ancestor when the value itself is missing."""
    if node is None:
        return None, None
    current: yaml.Node = node
    for part in loc:
        nxt: yaml.Node | None = None
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    nxt = value_node
                    break
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(current.value):
                nxt = current.value[part]
        if nxt is None:
            continue  # a pydantic-only step (a union tag, for example): stay on the current node
        current = nxt
    return current.start_mark.line + 1, current.start_mark.column + 1


def field_path(loc: tuple[int | str, ...], known_tags: frozenset[str] = frozenset()) -> str:
    """A readable field path: ``('budget', 'amount')`` -> ``budget.amount``; ``('rules', 3)`` -> ``rules[3]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in known_tags or part.startswith("function-"):
            continue
        else:
            out += ("." if out else "") + part
    return out


_SIMPLE = {
    "missing": "v.missing",
    "extra_forbidden": "v.unknown_field",
    "int_parsing": "v.integer",
    "int_type": "v.integer",
    "int_from_float": "v.integer",
    "float_parsing": "v.number",
    "float_type": "v.number",
    "decimal_parsing": "v.number",
    "decimal_type": "v.number",
    "finite_number": "v.number",
    "bool_parsing": "v.bool",
    "bool_type": "v.bool",
    "string_type": "v.text",
    "dict_type": "v.mapping",
    "model_type": "v.mapping",
    "list_type": "v.list",
    "string_too_short": "v.too_short",
    "string_too_long": "v.too_long",
    "string_pattern_mismatch": "v.pattern",
    "url_parsing": "v.url",
    "url_scheme": "v.url",
}


def problem_from_error(err: ErrorDetails, doc: Document | None, prefix: tuple[int | str, ...] = ()) -> Problem:
    """One pydantic error as a located, bilingual ``Problem``."""
    loc = (*prefix, *err["loc"])
    row, col = locate(doc.node if doc else None, loc)
    ctx = dict(err.get("ctx") or {})
    etype = err["type"]
    value = err.get("input")
    shown = _show(value)
    field = field_path(loc) or None
    if etype.startswith("mz."):
        key, params = etype[3:], {k: v for k, v in ctx.items()}
        params.setdefault("value", shown)
    elif etype in _SIMPLE:
        key, params = _SIMPLE[etype], {"value": shown, **{k: _show(v) for k, v in ctx.items()}}
    elif etype in ("literal_error", "enum"):
        key, params = "v.choice", {"value": shown, "expected": _choices(str(ctx.get("expected", "")))}
    elif etype in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = ctx.get("gt", ctx.get("ge", ctx.get("lt", ctx.get("le"))))
        key, params = f"v.{etype}", {"value": shown, "bound": _show(bound)}
    elif etype == "union_tag_invalid":
        key, params = (
            "v.choice",
            {"value": _show(ctx.get("tag")), "expected": _choices(str(ctx.get("expected_tags", "")))},
        )
    else:
        key, params = "v.invalid", {"value": shown, "detail": err.get("msg", "")}
    return Problem(key, params, file=doc.file if doc else None, row=row, column=col, field=field)


def problems_from_validation(
    exc: ValidationError, doc: Document | None, prefix: tuple[int | str, ...] = ()
) -> list[Problem]:
    problems = [problem_from_error(e, doc, prefix) for e in exc.errors(include_url=False)]
    return sorted(problems, key=lambda p: (p.row if p.row is not None else 10**9, p.column or 0))


def _choices(expected: str) -> str:
    """Pydantic's "'a', 'b' or 'c'" as a language-neutral "a, b, c"."""
    return expected.replace(" or ", ", ").replace("'", "")


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"

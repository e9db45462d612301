"""Turn a rubric YAML file into typed objects; structural problems raise RubricError."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from audit import vocabulary as vocab
from audit.rubric.model import (Check, Criterion, Deduction, Grade, Group, Level, PassRule,
                                Rubric, Scoring, Tier, Window)
from audit.rubric.errors import RubricError
from audit.rubric.validate import validate
from audit.rubric.yamlines import LineDict, load_yaml
from audit.text import clean

RUBRICS_DIR = Path(__file__).resolve().parents[1] / "rubrics"   # package data: shipped inside the wheel
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


class _Reader:
    """Reads one file's mappings, raising RubricError with the file's name and a line."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, node: Any, message: str, key: str | None = None) -> RubricError:
        line = node.line_of(key) if isinstance(node, LineDict) and key else getattr(node, "line", 0)
        return RubricError(self.path, line, message)

    def mapping(self, node: Any, what: str, parent: Any = None) -> LineDict:
        if not isinstance(node, LineDict):
            raise self.fail(parent, f"{what} must be a mapping")
        return node

    def req(self, node: LineDict, key: str, kind: type | tuple[type, ...], what: str) -> Any:
        if key not in node:
            raise self.fail(node, f"{what}: missing '{key}'")
        return self.typed(node, key, kind, what)

    def opt(self, node: LineDict, key: str, kind: type | tuple[type, ...], what: str,
            default: Any = None) -> Any:
        return self.typed(node, key, kind, what) if key in node else default

    def typed(self, node: LineDict, key: str, kind: type | tuple[type, ...], what: str) -> Any:
        value = node[key]
        if kind is float:
            kind = (int, float)
        if isinstance(value, bool) and kind != bool:
            raise self.fail(node, f"{what}: '{key}' must not be a boolean", key)
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            hint = " (quote it)" if kind is str and isinstance(value, (int, float)) else ""
            raise self.fail(node, f"{what}: '{key}' must be {names}, got {value!r}{hint}", key)
        return clean(value) if isinstance(value, str) else value

    def seq(self, node: LineDict, key: str, what: str) -> list[Any]:
        value = node.get(key, [])
        if not isinstance(value, list):
            raise self.fail(node, f"{what}: '{key}' must be a list", key)
        return value


def _window(r: _Reader, node: LineDict, key: str) -> Window | None:
    if key not in node:
        return None
    win = r.mapping(node[key], "window", node)
    parts = []
    for end in ("start", "end"):
        match = _MONTH_DAY.match(str(r.req(win, end, str, "window")))
        if not match:
            raise r.fail(win, f"window {end} must be \"MM-DD\"", end)
        parts.append((int(match.group(1)), int(match.group(2))))
    return Window(parts[0], parts[1])


def _check(r: _Reader, node: Any, parent: LineDict) -> Check:
    m = r.mapping(node, "check", parent)
    kind = r.req(m, "kind", str, "check")
    if kind not in vocab.CHECK_KINDS:
        raise r.fail(m, f"unknown check kind '{kind}' (known: {', '.join(sorted(vocab.CHECK_KINDS))})", "kind")
    required, optional = vocab.CHECK_PARAMS[kind]
    for key in m:
        if key not in required | optional | vocab.COMMON_CHECK_PARAMS:
            raise r.fail(m, f"check '{kind}': unknown parameter '{key}'", key)
    for key in required:
        if key not in m:
            raise r.fail(m, f"check '{kind}': missing parameter '{key}'")
    params = {k: v for k, v in m.items() if k not in vocab.COMMON_CHECK_PARAMS}
    name = r.opt(m, "name", str, "check", kind)
    return Check(kind, name, params, _window(r, m, "window"), m.line, dict(m.key_lines))


def _scoring(r: _Reader, node: Any, parent: LineDict, default: str) -> Scoring:
    if node is None:
        return Scoring(default)
    if isinstance(node, str):
        node_rule, m = node, None
    else:
        m = r.mapping(node, "scoring", parent)
        node_rule = r.req(m, "rule", str, "scoring")
    if node_rule not in vocab.SCORING_RULES:
        raise r.fail(m or parent, f"unknown scoring rule '{node_rule}'", "rule" if m else "scoring")
    if m is None:
        return Scoring(node_rule)
    tiers = tuple(Tier(str(r.req(t, "id", str, "tier")), r.req(t, "min", float, "tier"),
                       r.req(t, "points", float, "tier"), r.opt(t, "title", str, "tier", ""))
                  for t in (r.mapping(x, "tier", m) for x in r.seq(m, "tiers", "scoring")))
    deductions = tuple(_deduction(r, r.mapping(x, "deduction", m)) for x in r.seq(m, "deductions", "scoring"))
    levels = tuple(Level(r.req(lv, "label", str, "level"), r.req(lv, "points", float, "level"))
                   for lv in (r.mapping(x, "level", m) for x in r.seq(m, "levels", "scoring")))
    return Scoring(node_rule, tiers, deductions, levels)


def _deduction(r: _Reader, d: LineDict) -> Deduction:
    per = r.req(d, "per", str, "deduction")
    if per not in vocab.DEDUCTION_PER:
        raise r.fail(d, f"deduction: unknown 'per' value '{per}' (known: {', '.join(sorted(vocab.DEDUCTION_PER))})", "per")
    items = tuple(str(i) for i in r.seq(d, "items", "deduction"))
    return Deduction(r.req(d, "points", float, "deduction"), per, r.opt(d, "title", str, "deduction", ""),
                     r.opt(d, "check", str, "deduction"), items)


def _criterion(r: _Reader, node: Any, parent: LineDict, group: str, bonus: bool, default: str) -> Criterion:
    m = r.mapping(node, "criterion", parent)
    cid = r.req(m, "id", str, "criterion")
    what = f"criterion {cid}"
    if "check" not in m:  # no check given: a person judges
        checks: tuple[Check, ...] = (Check("manual", "manual", {}, None, m.line),)
    else:
        raw_checks = m["check"]
        if raw_checks is None:
            raise r.fail(m, f"{what}: 'check' is empty", "check")
        checks = tuple(_check(r, c, m) for c in (raw_checks if isinstance(raw_checks, list) else [raw_checks]))
    if not checks:
        raise r.fail(m, f"{what}: 'check' is an empty list", "check")
    return Criterion(
        id=cid, title=r.req(m, "title", str, what), max=r.req(m, "max", float, what),
        group=group, bonus=bonus, checks=checks, scoring=_scoring(r, m.get("scoring"), m, default),
        evidence=r.opt(m, "evidence", str, what), unit=r.opt(m, "unit", str, what),
        scoring_text=r.opt(m, "scoring_text", str, what), note=r.opt(m, "note", str, what), line=m.line)


def _group(r: _Reader, node: Any, parent: LineDict, inherited_bonus: bool, default: str) -> Group:
    m = r.mapping(node, "group", parent)
    gid = r.req(m, "id", str, "group")
    bonus = bool(r.opt(m, "bonus", bool, f"group {gid}", inherited_bonus))
    subs = tuple(_group(r, g, m, bonus, default) for g in r.seq(m, "groups", f"group {gid}"))
    crits = tuple(_criterion(r, c, m, gid, bonus, default) for c in r.seq(m, "criteria", f"group {gid}"))
    return Group(gid, r.req(m, "title", str, f"group {gid}"), r.req(m, "points", float, f"group {gid}"),
                 bonus, subs, crits, m.line)


def _grades(r: _Reader, m: LineDict, key: str) -> tuple[Grade, ...]:
    return tuple(Grade(r.req(g, "name", str, "grade"), r.req(g, "min", float, "grade"))
                 for g in (r.mapping(x, "grade", m) for x in r.seq(m, key, key)))


def _pass_rule(r: _Reader, m: LineDict) -> PassRule | None:
    if "pass_rule" not in m:
        return None
    p = r.mapping(m["pass_rule"], "pass_rule", m)
    return PassRule(r.req(p, "min_total", float, "pass_rule"), _grades(r, p, "classes"),
                    r.opt(p, "min_group_share", float, "pass_rule", 0.0))


def parse_rubric(text: str, path: str = "<rubric>") -> Rubric:
    """Parse rubric YAML text into a Rubric (structure only; see validate for the rest)."""
    r = _Reader(path)
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RubricError(path, mark.line + 1 if mark else 0, f"YAML syntax: {getattr(exc, 'problem', exc)}") from None
    m = r.mapping(data, "rubric file", None)
    default = r.req(m, "default_scoring", str, "rubric")
    if default not in vocab.SCORING_RULES - {"tiers", "deductions", "levels"}:
        raise r.fail(m, f"default_scoring must be all_or_nothing or proportional, got '{default}'", "default_scoring")
    level = r.req(m, "level", str, "rubric")
    if level not in vocab.LEVELS:
        raise r.fail(m, f"level must be one of {', '.join(sorted(vocab.LEVELS))}", "level")
    total = r.req(m, "total", float, "rubric")
    year = m.get("school_year")
    return Rubric(
        id=r.req(m, "id", str, "rubric"), title=r.req(m, "title", str, "rubric"), level=level,
        total=total, cap=r.opt(m, "cap", float, "rubric", total),
        groups=tuple(_group(r, g, m, False, default) for g in r.seq(m, "groups", "rubric")),
        default_scoring=default, window=_window(r, m, "window") or Window(),
        grades=_grades(r, m, "grades"), pass_rule=_pass_rule(r, m),
        school_year=str(year) if year is not None else None,
        self_score_column=r.opt(m, "self_score_column", str, "rubric"),
        source=dict(m.get("source") or {}), path=path)


def load_rubric(path: str | Path) -> Rubric:
    """Load and validate one rubric file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(str(p), 0, f"cannot read: {exc}") from None
    rubric = parse_rubric(text, str(p))
    problems = validate(rubric, text)
    if problems:
        raise problems[0]
    return rubric


def rubric_files(directory: Path = RUBRICS_DIR) -> list[Path]:
    """The rubric YAML files of a directory, sorted."""
    return sorted(p for p in directory.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_all(directory: Path = RUBRICS_DIR) -> list[Rubric]:
    """Every rubric in the directory (raises on the first bad file)."""
    return [load_rubric(p) for p in rubric_files(directory)]


def find_rubric(rubric_id: str, directory: Path = RUBRICS_DIR) -> Rubric:
    """The rubric with this id; KeyError naming the known ids when absent."""
    for p in rubric_files(directory):
        if p.stem == rubric_id:
            rubric = load_rubric(p)
            if rubric.id == rubric_id:
                return rubric
    for rubric in load_all(directory):
        if rubric.id == rubric_id:
            return rubric
    known = ", ".join(p.stem for p in rubric_files(directory))
    raise KeyError(f"không có bộ tiêu chí '{rubric_id}' (có: {known})")

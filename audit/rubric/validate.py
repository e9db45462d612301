"""Semantic checks of a parsed rubric: ids, sums, known names, sane thresholds."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from audit import vocabulary as vocab
from audit.rubric.errors import RubricError
from audit.rubric.model import Check, Criterion, Group, Rubric

_EPS = 1e-6
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
_MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
# Sane ranges for thresholds: beyond them a transcription slip is likelier than a real target.
_RANGES = {"min": (1, 5000), "min_avg": (0.1, 1_000_000), "count": (1, 366)}


def _key_line(text: str, key: str) -> int:
    """Line of the first top-level `key:` in the YAML text (0 when absent)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 0


def validate(rubric: Rubric, text: str = "") -> list[RubricError]:
    """Every problem found in the rubric, in file order."""
    err = _Collector(rubric.path)
    if rubric.path and Path(rubric.path).stem != rubric.id:
        err.add(_key_line(text, "id"), f"rubric id '{rubric.id}' differs from the file name")
    _check_ids(err, rubric)
    for group in rubric.all_groups():
        _check_group_sum(err, group)
    top = sum(g.points for g in rubric.groups)
    if abs(top - rubric.total) > _EPS:
        err.add(_key_line(text, "total"), f"groups sum to {top:g}, but total is {rubric.total:g}")
    if rubric.cap > rubric.total + _EPS:
        err.add(_key_line(text, "cap"), f"cap {rubric.cap:g} is above the total {rubric.total:g}")
    _check_bands(err, [(g.name, g.min) for g in rubric.grades], rubric.cap, _key_line(text, "grades"))
    if rubric.pass_rule:
        rule, line = rubric.pass_rule, _key_line(text, "pass_rule")
        if not 0 <= rule.min_group_share < 1:
            err.add(line, "pass_rule: min_group_share must be in [0, 1)")
        _check_bands(err, [(c.name, c.min) for c in rule.classes], rubric.cap, line, need_zero=False)
    for criterion in rubric.criteria:
        _check_criterion(err, criterion)
    return sorted(err.problems, key=lambda e: e.line)


class _Collector:
    def __init__(self, path: str):
        self.path, self.problems = path, []  # type: str, list[RubricError]

    def add(self, line: int, message: str) -> None:
        self.problems.append(RubricError(self.path, line, message))


def _check_ids(err: _Collector, rubric: Rubric) -> None:
    seen: dict[str, int] = {}
    for c in rubric.criteria:
        if c.id in seen:
            err.add(c.line, f"duplicate criterion id '{c.id}' (first at line {seen[c.id]})")
        seen.setdefault(c.id, c.line)
    groups: dict[str, int] = {}
    for g in rubric.all_groups():
        if g.id in groups:
            err.add(g.line, f"duplicate group id '{g.id}' (first at line {groups[g.id]})")
        groups.setdefault(g.id, g.line)


def _check_group_sum(err: _Collector, group: Group) -> None:
    if not group.groups and not group.criteria:
        err.add(group.line, f"group {group.id} has no criteria")
        return
    parts = sum(g.points for g in group.groups) + sum(c.max for c in group.criteria)
    if abs(parts - group.points) > _EPS:
        err.add(group.line, f"group {group.id}: parts sum to {parts:g}, but the group has {group.points:g} points")


def _check_bands(err: _Collector, bands: list[tuple[str, float]], cap: float, line: int,
                 need_zero: bool = True) -> None:
    mins = [m for _, m in bands]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        err.add(line, "bands must be listed highest first with distinct minimums")
    if any(m < 0 or m > cap for m in mins):
        err.add(line, f"band minimums must lie between 0 and {cap:g}")
    if bands and need_zero and mins[-1] != 0:
        err.add(line, "the lowest band must start at 0 so that every total has a grade")


def _check_criterion(err: _Collector, c: Criterion) -> None:
    if c.max <= 0:
        err.add(c.line, f"criterion {c.id}: max must be positive")
    names = [k.name for k in c.checks]
    if len(set(names)) != len(names):
        err.add(c.line, f"criterion {c.id}: two checks share a name; give them distinct 'name's")
    if any(k.manual for k in c.checks) and len(c.checks) > 1:
        err.add(c.line, f"criterion {c.id}: 'manual' cannot be combined with other checks")
    for check in c.checks:
        for line, message in _check_params(check):
            err.add(line, f"criterion {c.id}: {message}")
    _check_scoring(err, c, {k.name: k for k in c.checks})


def _check_params(check: Check) -> Iterable[tuple[int, str]]:
    p, line = check.params, check.line
    for key, (low, high) in _RANGES.items():
        if key in p and (not isinstance(p[key], (int, float)) or not low <= p[key] <= high):
            yield check.line_of(key), f"check {check.kind}: '{key}' = {p[key]!r} is outside {low:g}..{high:g}"
    known = {"forms": vocab.FORM_KINDS, "portal_sections": vocab.PORTAL_SECTIONS}.get(check.kind)
    if known is not None:
        bad = [x for x in _as_list(p.get("required")) if x not in known]
        if bad or not p.get("required"):
            yield check.line_of("required"), f"check {check.kind}: unknown or empty 'required' {bad} (known: {', '.join(known)})"
    if check.kind in ("integration", "integration_share", "portal_posts_used"):
        domain = str(p.get("domain", p.get("portal", "")))
        if not _DOMAIN.match(domain):
            yield line, f"check {check.kind}: '{domain}' is not a domain name"
    if check.kind == "documents":
        yield from _check_documents(check)


def _check_documents(check: Check) -> Iterable[tuple[int, str]]:
    p, line = check.params, check.line
    specs = [p] + [x for x in _as_list(p.get("items")) if isinstance(x, dict)]
    if not (p.get("types") or p.get("keywords") or p.get("items")):
        yield line, "check documents: give at least one of types, keywords, items"
    for spec in specs:
        bad = [t for t in _as_list(spec.get("types")) if t not in vocab.DOC_TYPES]
        if bad:
            yield line, f"check documents: unknown document type(s) {bad}"
        if not all(isinstance(k, str) and k.strip() for k in _as_list(spec.get("keywords"))):
            yield line, "check documents: keywords must be non-empty strings"
        if "deadline" in spec and not _MONTH_DAY.match(str(spec["deadline"])):
            yield getattr(spec, "line", line), f"check documents: deadline '{spec['deadline']}' must be \"MM-DD\""
    for item in _as_list(p.get("items")):
        if not isinstance(item, dict) or not item.get("name") or not (item.get("types") or item.get("keywords")):
            yield getattr(item, "line", line), f"check documents: each item needs a name and types or keywords, got {item!r}"


def _check_scoring(err: _Collector, c: Criterion, checks: dict[str, Check]) -> None:
    s = c.scoring
    if s.rule == "tiers":
        if not s.tiers:
            err.add(c.line, f"criterion {c.id}: tiers rule without tiers")
        _check_bands(err, [(t.id, t.min) for t in s.tiers], 100, c.line)
        if len({t.id for t in s.tiers}) != len(s.tiers):
            err.add(c.line, f"criterion {c.id}: tier ids must be unique")
    points = [t.points for t in s.tiers] + [lv.points for lv in s.levels]
    if any(x < 0 or x > c.max + _EPS for x in points):
        err.add(c.line, f"criterion {c.id}: a tier or level gives more than max {c.max:g}")
    if s.rule == "levels" and not s.levels:
        err.add(c.line, f"criterion {c.id}: levels rule without levels")
    if s.rule == "deductions" and not s.deductions:
        err.add(c.line, f"criterion {c.id}: deductions rule without deductions")
    for d in s.deductions:
        _check_deduction(err, c, d, checks)


def _check_deduction(err: _Collector, c: Criterion, d: object, checks: dict[str, Check]) -> None:
    from audit.rubric.model import Deduction
    assert isinstance(d, Deduction)
    if d.points <= 0:
        err.add(c.line, f"criterion {c.id}: a deduction must take away a positive number of points")
    if d.per not in vocab.MACHINE_DEDUCTIONS:
        return
    name = d.check or (next(iter(checks)) if len(checks) == 1 else None)
    target = checks.get(name) if name else None
    if target is None or target.manual:
        err.add(c.line, f"criterion {c.id}: deduction per {d.per} needs an automatic check to read (check: '{d.check}')")
    elif d.per == "missing_month" and not target.params.get("per_month"):
        err.add(c.line, f"criterion {c.id}: deduction per missing_month needs a documents check with per_month: true")


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]

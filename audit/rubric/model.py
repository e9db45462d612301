"""Typed, immutable rubric objects built by the loader from a YAML file."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator


@dataclass(frozen=True)
class Window:
    """Counting window inside a school year as month-day pairs (start in year 1, end in year 2)."""
    start: tuple[int, int] = (9, 1)
    end: tuple[int, int] = (5, 31)


@dataclass(frozen=True)
class Check:
    """One automatic or manual check of a criterion."""
    kind: str
    name: str
    params: dict[str, Any] = field(default_factory=dict)
    window: Window | None = None
    line: int = 0
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """Line of a parameter in the rubric file (the check's line when unknown)."""
        return self.key_lines.get(key, self.line)

    @property
    def manual(self) -> bool:
        """True when a person must judge."""
        return self.kind == "manual"


@dataclass(frozen=True)
class Tier:
    id: str
    min: float
    points: float
    title: str = ""


@dataclass(frozen=True)
class Deduction:
    points: float
    per: str
    title: str = ""
    check: str | None = None
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Level:
    label: str
    points: float


@dataclass(frozen=True)
class Scoring:
    """How a criterion's points follow from its checks' outcome."""
    rule: str = "all_or_nothing"
    tiers: tuple[Tier, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    levels: tuple[Level, ...] = ()


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    max: float
    group: str
    bonus: bool
    checks: tuple[Check, ...]
    scoring: Scoring
    evidence: str | None = None
    unit: str | None = None
    scoring_text: str | None = None
    note: str | None = None
    line: int = 0

    @property
    def manual(self) -> bool:
        """True when no machine check exists for this criterion."""
        return all(c.manual for c in self.checks)

    @property
    def check_kind(self) -> str | None:
        """The automatic check kinds joined by '+', or None for a person."""
        kinds = [c.kind for c in self.checks if not c.manual]
        return "+".join(dict.fromkeys(kinds)) or None


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    points: float
    bonus: bool
    groups: tuple[Group, ...]
    criteria: tuple[Criterion, ...]
    line: int = 0

    def all_criteria(self) -> Iterator[Criterion]:
        """Criteria of this group and its sub-groups, in sheet order."""
        yield from self.criteria
        for sub in self.groups:
            yield from sub.all_criteria()


@dataclass(frozen=True)
class Grade:
    name: str
    min: float


@dataclass(frozen=True)
class PassRule:
    min_total: float
    classes: tuple[Grade, ...]
    min_group_share: float


@dataclass(frozen=True)
class Rubric:
    id: str
    title: str
    level: str
    total: float
    cap: float
    groups: tuple[Group, ...]
    default_scoring: str
    window: Window = Window()
    grades: tuple[Grade, ...] = ()
    pass_rule: PassRule | None = None
    school_year: str | None = None
    self_score_column: str | None = None
    source: dict[str, Any] = field(default_factory=dict)
    path: str = ""

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """All scored criteria in sheet order."""
        return tuple(c for g in self.groups for c in g.all_criteria())

    def criterion(self, cid: str) -> Criterion | None:
        """The criterion with this id, or None."""
        return next((c for c in self.criteria if c.id == cid), None)

    def check_param(self, kind: str, key: str) -> Any:
        """A parameter of the rubric's first check of this kind that sets it (None: no such check or parameter)."""
        return next((k.params[key] for c in self.criteria for k in c.checks
                     if k.kind == kind and k.params.get(key) is not None), None)

    def all_groups(self) -> Iterator[Group]:
        """Every group, depth first, in sheet order."""
        stack = list(reversed(self.groups))
        while stack:
            group = stack.pop()
            yield group
            stack.extend(reversed(group.groups))

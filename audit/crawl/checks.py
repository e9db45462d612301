"""From a crawl outcome to the web-check findings: disclosure, forms, contents, visits (pure)."""
from __future__ import annotations

from typing import Any, Sequence

from audit.crawl.outcome import CrawlOutcome
from audit.detect import Page
from audit.detect.contents import detect_contents
from audit.detect.disclosure import detect_disclosure
from audit.detect.forms import detect_forms
from audit.detect.visits import visits_finding
from audit.extract.discovery import Section
from audit.fetch.errors import R_ROBOTS
from audit.findings import Finding, not_tested
from audit.vocabulary import SECTION_KIND_TO_CONTENT

_FORM_PAGE_KINDS = ("home", "forms", "disclosure", "introduction", "listing", "section")


def _pages(out: CrawlOutcome, *kinds: str) -> list[Page]:
    seen: set[str] = set()
    pages = []
    for r in out.pages:
        if r.kind in kinds and r.url not in seen and r.content:
            seen.add(r.url)
            pages.append(Page(r.url, r.kind, r.content, r.fetched_at))
    return pages


def _titled(out: CrawlOutcome) -> list[tuple[str, str]]:
    """Titles of the posts listed in news and disclosure sections (not Văn bản's directives)."""
    return list(dict.fromkeys((c.title, c.url) for c in out.news if c.title))


def check_findings(out: CrawlOutcome, previous_readings: Sequence[dict[str, Any]] = ()) -> dict[str, Finding]:
    """disclosure, forms, portal_sections and visits findings (not_tested when the crawl failed).

    Nothing is reported missing from pages that were not read: when no section page answered
    (only the home page was read), or the section where a thing would be could not be loaded,
    the finding is not_tested with the reason.
    """
    if out.failed:
        why = not_tested(f"không thu thập được cổng thông tin: {out.failure}")
        return {"disclosure": why, "forms": why, "portal_sections": why, "visits": why}
    answered = {r.url for r in out.pages if r.status < 400} | {u for u, e in out.errors if e == R_ROBOTS}
    readings = list(previous_readings) + ([out.counter] if out.counter else [])
    disclosure_pages = _pages(out, "disclosure")
    sections = out.sections + [Section(p.url, "", "disclosure") for p in disclosure_pages]
    menu = frozenset(s.url for s in out.sections)
    found = {
        "disclosure": detect_disclosure(disclosure_pages, _titled(out)),
        "forms": detect_forms(_pages(out, *_FORM_PAGE_KINDS), _titled(out), menu),
        "portal_sections": detect_contents(sections, answered, _pages(out, "introduction")),
        "visits": visits_finding(readings),
    }
    return {key: unread(out, key, finding) or finding for key, finding in found.items()}


# The section kinds where each check's items live: when such a section was found but its page
# could not be read, a "missing" answer would be invented.
_WHERE = {"disclosure": ("disclosure",), "forms": ("forms", "admission"), "portal_sections": tuple(SECTION_KIND_TO_CONTENT)}
_MISSING = {"disclosure": lambda f: not f.get("found") and not f.get("years"),
            "forms": lambda f: True,                     # which forms are required is the rubric's to say
            "portal_sections": lambda f: bool(f.get("missing"))}


def unread(out: CrawlOutcome, key: str, finding: Finding) -> Finding | None:
    """not_tested in place of a finding that would report something missing from pages never read."""
    if key not in _MISSING or not finding.tested:
        return None
    read = [r for r in out.pages if r.kind != "home" and r.status < 400]
    if not read:
        why = "chỉ đọc được trang chủ, không đọc được chuyên mục nào" if out.sections else \
            "trang chủ không có liên kết tới chuyên mục nào đọc được"
        if out.budget_spent:
            why += f" ({out.budget_spent})"
        return not_tested(f"không kết luận được: {why}")
    if not _MISSING[key](finding):
        return None
    failed = {u for u, e in out.errors}
    lost = [s for s in out.sections if s.kind in _WHERE[key] and s.url in failed
            and (key != "portal_sections" or SECTION_KIND_TO_CONTENT.get(s.kind) in finding.get("missing", []))]
    if lost:
        return not_tested(f"không kết luận được: không tải được trang “{lost[0].label}” ({lost[0].url})")
    return None

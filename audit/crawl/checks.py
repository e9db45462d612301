"""From a crawl outcome to the web-check findings: disclosure, forms, contents, visits (pure)."""
from __future__ import annotations

from typing import Any, Sequence

from audit.crawl.outcome import CrawlOutcome
from audit.detect import Page
from audit.detect.contents import detect_contents
from audit.detect.disclosure import detect_disclosure
from audit.detect.forms import detect_forms
from audit.detect.visits import visits_finding
from audit.findings import Finding, not_tested

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
    return list(dict.fromkeys((c.title, c.url) for c in out.news + out.other if c.title))


def check_findings(out: CrawlOutcome, previous_readings: Sequence[dict[str, Any]] = ()) -> dict[str, Finding]:
    """disclosure, forms, portal_sections and visits findings (not_tested when the crawl failed)."""
    if out.failed:
        why = not_tested(f"không thu thập được cổng thông tin: {out.failure}")
        return {"disclosure": why, "forms": why, "portal_sections": why, "visits": why}
    answered = {r.url for r in out.pages if r.status < 400}
    readings = list(previous_readings) + ([out.counter] if out.counter else [])
    return {
        "disclosure": detect_disclosure(_pages(out, "disclosure"), _titled(out)),
        "forms": detect_forms(_pages(out, *_FORM_PAGE_KINDS), _titled(out)),
        "portal_sections": detect_contents(out.sections, answered, _pages(out, "introduction")),
        "visits": visits_finding(readings),
    }

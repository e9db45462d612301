"""Ground truth of the web checks (disclosure, forms, sections, counter, directory), from the spec."""
from __future__ import annotations

from typing import Any

from audit.simulator.base import Site
from audit.simulator.disclosure import sy
from audit.simulator.model import SECTION_KEYS, World


def portal_checks(site: Site, root: str, day: int) -> dict[str, Any]:
    """The "checks" entry of one portal; URLs are root + path."""
    feat, extras = site.portal.features, site.extras
    groups = list(feat.groups) + (["annual_report"] if feat.annual_report else [])
    disclosure = {"how": feat.disclosure, "label": extras.disclosure_label,
                  "years": [sy(y) for y in sorted(feat.disclosure_years)],
                  "url": root + extras.disclosure_url if extras.disclosure_url else None,
                  "year_urls": {y: root + u for y, u in sorted(extras.year_urls.items())},
                  "groups": groups}
    counter = None
    if feat.counter is not None:
        spec = feat.counter
        counter = {"total": spec.total(day), "today": spec.today(day), "online": spec.online,
                   "per_day": spec.per_day, "format": spec.fmt, "labels": list(spec.labels)}
    return {"disclosure": disclosure,
            "forms": {k: root + u for k, u in extras.form_urls.items()},
            "traps": list(feat.traps),
            "sections": {k: root + extras.urls[k] for k in SECTION_KEYS if k in extras.urls},
            "counter": counter, "listed_in_directory": feat.listed}


def directory_path(world: World) -> str:
    """Path and query of the district portal's school directory."""
    return f"/dsdonvi.aspx?codekhoi=th&code={world.ward}"

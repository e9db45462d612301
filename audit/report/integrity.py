"""The integrity findings as the report and the desk print them (pure): Vietnamese dates, safe links."""
from __future__ import annotations

from typing import Any, Mapping

from audit.integrity import KINDS, NOTHING
from audit.report.fmt import safe_href, text, vn_date, vn_time

ROWS_SHOWN = 50   # proof rows printed per finding; the count says how many there are


def _link(url: Any, title: Any = None) -> dict[str, Any]:
    return {"text": text(title) or text(url), "url": text(url), "href": safe_href(url)}


def _post(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"link": _link(row.get("url"), row.get("title")), "published": vn_date(row.get("published"))}


def _rows(kind: str, proof: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for p in proof[:ROWS_SHOWN]:
        if not isinstance(p, Mapping):
            continue
        if kind == "backdated":
            missed = p.get("missed_by") or {}
            rows.append({**_post(p), "first_seen": vn_time(p.get("first_seen")), "days_late": p.get("days_late"),
                         "missed_at": vn_time(missed.get("crawl_started_at")), "missed_run": missed.get("run_id")})
        elif kind == "deleted_after":
            rows.append({**_post(p), "last_seen": vn_time(p.get("last_seen")),
                         "missing_since": vn_time(p.get("missing_since"))})
        elif kind in ("padding", "series"):
            similarity = p.get("similarity")
            rows.append({"title": text(p.get("title")), "count": p.get("count"),
                         "first": vn_date(p.get("first")), "last": vn_date(p.get("last")),
                         "similarity": f"{round(float(similarity) * 100)}%" if similarity is not None else "",
                         "posts": [_post(x) for x in p.get("posts") or [] if isinstance(x, Mapping)]})
    return rows


def posts_counted(result: Mapping[str, Any]) -> bool:
    """Whether the result read the portal's posts (a failed crawl's history proves nothing either way)."""
    return (result.get("posts") or {}).get("status") != "not_tested"


def integrity_view(found: Any) -> dict[str, Any]:
    """{"checked": False} when the result carries no integrity findings (never looked: print nothing);
    else the flags and the notes (recurring series) with their proof rows, or the quiet line."""
    if not isinstance(found, list):
        return {"checked": False, "flags": [], "notes": [], "nothing": ""}
    items = []
    for f in found:
        if not isinstance(f, Mapping):
            continue
        kind = text(f.get("kind"))
        proof = list(f.get("proof") or [])
        items.append({"kind": kind, "title": KINDS.get(kind, kind), "label": text(f.get("label")),
                      "count": f.get("count"), "flag": f.get("flag", True) is not False,
                      "nights": [{"night": vn_date(n.get("night")), "count": n.get("count")}
                                 for n in f.get("nights") or [] if isinstance(n, Mapping)],
                      "rows": _rows(kind, proof), "more": max(0, len(proof) - ROWS_SHOWN)})
    flags = [i for i in items if i["flag"]]
    return {"checked": True, "flags": flags, "notes": [i for i in items if not i["flag"]],
            "nothing": NOTHING if not flags else ""}

"""The school report: one self-contained Vietnamese HTML page (inline CSS and SVG, no JavaScript needed)."""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from audit.finals import ACTION_LABELS
from audit.report.fmt import anchor_id, local_href, num, safe_href, sheet_rows, signed, text, \
    vn_date, vn_time
from audit import labels as L
from audit.report.chart import pace_target, posts_chart
from audit.report.integrity import integrity_view, posts_counted
from audit.report.standing import crawl_notice, difference, grade_line, parts
from audit.rubric import Rubric
from audit.vocabulary import DOC_TYPES, FORM_KINDS, PORTAL_SECTIONS

TEMPLATES = Path(__file__).with_name("templates")
EVIDENCE_SHOWN = 4  # evidence links shown in a row; the rest behind "và N địa chỉ khác"
# Opens the collapsed lists before printing (the page reads fully without it).
PRINT_SCRIPT = ("addEventListener('beforeprint',function(){document.querySelectorAll('details')"
                ".forEach(function(d){d.open=true})});")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescaped, strict)."""
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def csp(script: str) -> str:
    """The page's Content-Security-Policy: inline styles, data images and only this one script."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
            f"form-action 'none'; script-src 'sha256-{digest}'")


def link(url: Any, snapshots: Mapping[str, str], short_host: str | None = None) -> dict[str, Any]:
    """A URL to show: its text, an href only for http(s), and its stored copy's href if any."""
    shown = text(url)
    href = safe_href(shown)
    if href and short_host and urlsplit(href).netloc == short_host:
        parts = urlsplit(href)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        shown = path if path not in ("", "/") else shown
    return {"text": shown, "title": text(url), "href": href, "snapshot": local_href(snapshots.get(text(url)))}


def section_status(section: Mapping[str, Any]) -> str:
    """A result section's status in Vietnamese ("không có dữ liệu" for a result without the section)."""
    status = text(section.get("status"))
    return L.SECTION_STATUS.get(status, status) or "không có dữ liệu"


def _status_word(status: str) -> str:
    return L.STATUS.get(status, (status, ""))[0]


def _proof_anchors(check: Any) -> list[dict[str, str]]:
    """Sections of the page holding a check's proof (a criterion may have several checks: "a+b")."""
    out: list[dict[str, str]] = []
    for kind in text(check).split("+"):
        if kind in L.CHECK_ANCHORS and L.CHECK_ANCHORS[kind][0] not in [a["anchor"] for a in out]:
            anchor, title = L.CHECK_ANCHORS[kind]
            out.append({"anchor": anchor, "title": title})
    return out


def _evidence(items: list[Any], snapshots: Mapping[str, str], host: str,
              doc_anchors: Mapping[str, str]) -> list[dict[str, Any]]:
    """Each proof of a criterion: a link (http/https), a document of this page, or plain text."""
    out = []
    for item in items:
        name = text(item)
        if name in doc_anchors:
            out.append({"text": name, "title": name, "href": None, "snapshot": None, "anchor": doc_anchors[name]})
        else:
            out.append({**link(name, snapshots, host), "anchor": None})
    return out


def _final(finals: Mapping[str, Any] | None, cid: str) -> dict[str, Any] | None:
    if finals is None:
        return None
    row = (finals.get("criteria") or {}).get(cid) or {"final": None, "source": "pending", "decision": None}
    decision = row.get("decision") or {}
    return {"value": num(row.get("final")) if row.get("final") is not None else L.FINAL_SOURCE["pending"],
            "pending": row.get("final") is None, "source": L.FINAL_SOURCE.get(row.get("source") or "", ""),
            "action": ACTION_LABELS.get(text(decision.get("action")), ""), "note": text(decision.get("note")),
            "user": text(decision.get("user"))}


def criterion_view(c: Mapping[str, Any], snapshots: Mapping[str, str], host: str,
                   doc_anchors: Mapping[str, str], finals: Mapping[str, Any] | None) -> dict[str, Any]:
    """One row of the rubric table, ready to print."""
    status = text(c.get("status"))
    evidence = _evidence(list(c.get("evidence") or []), snapshots, host, doc_anchors)
    return {
        "kind": "criterion", "id": text(c.get("id")), "anchor": anchor_id("tc", c.get("id")),
        "title": text(c.get("title")), "max": num(c.get("max")),
        "self": num(c.get("self")) if c.get("self") is not None else "chưa chấm",
        "self_missing": c.get("self") is None,
        "proposed": num(c.get("proposed")) if c.get("proposed") is not None else _status_word(status).lower(),
        "proposed_missing": c.get("proposed") is None,
        "difference": signed(c.get("difference")), "status": status, "badge": _status_word(status),
        "discrepancy": status == "contradicted", "reason": text(c.get("reason")),
        "proof": _proof_anchors(c.get("check")), "bonus": bool(c.get("bonus")),
        "evidence": evidence[:EVIDENCE_SHOWN], "more": evidence[EVIDENCE_SHOWN:],
        "final": _final(finals, text(c.get("id"))),
    }


def table_view(result: Mapping[str, Any], rubric: Rubric | None, snapshots: Mapping[str, str], host: str,
               doc_anchors: Mapping[str, str], finals: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Group title rows and criterion rows in sheet order."""
    rows = []
    for row in sheet_rows(result, rubric):
        if row["kind"] == "group":
            rows.append({"kind": "group", "id": text(row["id"]), "title": row["title"],
                         "max": num(row["max"]) if row["max"] is not None else "", "depth": row["depth"],
                         "bonus": row["bonus"]})
        else:
            rows.append(criterion_view(row, snapshots, host, doc_anchors, finals))
    return rows


def header_view(result: Mapping[str, Any], snapshots: Mapping[str, str],
                finals: Mapping[str, Any] | None) -> dict[str, Any]:
    """School, rubric, school year, crawl and totals."""
    school, crawl, totals = result.get("school") or {}, result.get("crawl") or {}, result.get("totals") or {}
    criteria = result.get("criteria") or []
    by_status = {s: [c for c in criteria if c.get("status") == s] for s in L.STATUS}
    points = {s: num(sum(float(c.get("max") or 0) for c in cs)) for s, cs in by_status.items()}
    window, rubric = result.get("window") or {}, result.get("rubric") or {}
    return {
        "name": text(school.get("name")) or text(school.get("url")), "url": link(school.get("url"), snapshots),
        "rubric": text(rubric.get("title")), "rubric_id": text(rubric.get("id")),
        "year": text(result.get("school_year")),
        "window": f"{vn_date(window.get('start'))} – {vn_date(window.get('end'))}",
        "crawl_status": L.CRAWL_STATUS.get(text(crawl.get("status")), text(crawl.get("status"))),
        "crawl_failed": crawl.get("status") == "failed",
        "crawl_time": vn_time(crawl.get("finished_at") or crawl.get("started_at")),
        "pages": crawl.get("pages_fetched", 0),
        "max": num(totals.get("max")), "self": num(totals.get("self")), "proposed": num(totals.get("proposed")),
        "difference": signed(difference(result)) if difference(result) is not None else "—",
        "self_grade": text(totals.get("self_grade")) or "—",
        "proposed_grade": text(totals.get("proposed_grade")) or "—", "grade_line": grade_line(result),
        "notice": crawl_notice(result),
        "parts": [{**part, "max": num(part["max"]), "self": num(part["self"]),
                   "proposed": num(part["proposed"]) if part["proposed"] is not None else None}
                  for part in parts(totals)],
        "discrepancies": totals.get("discrepancies", len(by_status["contradicted"])),
        "needs_review": len(by_status["needs_review"]),
        "verified_max": num(totals.get("verified_max")), "unverified_max": num(totals.get("unverified_max")),
        "counts": {s: len(cs) for s, cs in by_status.items()}, "points": points,
        "final_total": num(finals.get("total")) if finals else None,
        "final_grade": text(finals.get("grade")) or "—" if finals else None,
        "final_pending": finals.get("pending", 0) if finals else 0,
    }


def _post_row(item: Mapping[str, Any], snapshots: Mapping[str, str]) -> dict[str, Any]:
    urls = [u for u in item.get("urls") or [] if text(u) != text(item.get("url"))]
    return {"date": vn_date(item.get("published")), "title": text(item.get("title")) or text(item.get("url")),
            "link": link(item.get("url"), snapshots), "source": L.DATE_SOURCE.get(text(item.get("date_source")),
                                                                                text(item.get("date_source"))),
            "others": len(urls)}


def posts_view(result: Mapping[str, Any], target: float | None, snapshots: Mapping[str, str],
               yearly: float | None = None) -> dict[str, Any]:
    """The posts section: counts, the weekly chart, the posts in and out of the window, undated ones."""
    posts, window = result.get("posts") or {}, result.get("window") or {}
    start, end = text(window.get("start")), text(window.get("end"))
    items = sorted(posts.get("items") or [], key=lambda i: (text(i.get("published")), text(i.get("url"))))
    inside: list[Mapping[str, Any]] = []
    outside: list[Mapping[str, Any]] = []
    for i in items:   # one pass (a membership test per item was quadratic)
        (inside if start <= text(i.get("published")) <= end else outside).append(i)
    other = [i for i in posts.get("other_items") or [] if isinstance(i, Mapping)]
    gap = posts.get("longest_gap") or []
    chart = posts_chart(result, *pace_target(result, target, yearly))
    return {
        "status": section_status(posts),
        "tested": posts.get("status") != "not_tested", "reason": text(posts.get("reason")),
        "total": posts.get("total_in_window", 0), "average": num(posts.get("per_week_average")),
        "weeks": posts.get("weeks_in_window"), "meeting": posts.get("weeks_meeting_target"),
        "target": num(target) if target is not None else None,
        "gap_days": posts.get("longest_gap_days"),
        "gap": f"{vn_date(gap[0])} – {vn_date(gap[1])}" if len(gap) == 2 else "",
        "by_month": [{"month": f"{k[5:7].lstrip('0')}/{k[:4]}", "count": v}
                     for k, v in sorted((posts.get("by_month") or {}).items())],
        "chart": Markup(chart) if chart else None,
        "inside": [_post_row(i, snapshots) for i in inside],
        "outside": [_post_row(i, snapshots) for i in outside],
        "undated": [link(u, snapshots) for u in posts.get("undated") or []],
        "other": [_post_row(i, snapshots) for i in other if not i.get("offsite")],
        "offsite": [{**_post_row(i, snapshots), "reason": text(i.get("reason"))} for i in other if i.get("offsite")],
        "lower_bound": bool(posts.get("lower_bound")),
        "reasons": [text(r) for r in (posts.get("completeness") or {}).get("reasons") or []],
        "estimate": (posts.get("completeness") or {}).get("estimate"),
    }


def disclosure_view(result: Mapping[str, Any], snapshots: Mapping[str, str]) -> dict[str, Any]:
    """The disclosure (công khai) section."""
    d = result.get("disclosure") or {}
    year = text(result.get("school_year"))
    return {"status": section_status(d),
            "found": d.get("status") == "found", "reason": text(d.get("reason")),
            "url": link(d.get("url"), snapshots) if d.get("url") else None,
            "years": [{"year": text(y), "audited": text(y) == year} for y in d.get("years") or []],
            "groups": [L.DISCLOSURE_GROUPS.get(text(g), text(g)) for g in d.get("groups") or []],
            "entries": [{"year": text(i.get("year")), "title": text(i.get("title")),
                       "kind": L.DISCLOSURE_KIND.get(text(i.get("kind")), text(i.get("kind"))),
                       "link": link(i.get("url"), snapshots)}
                      for i in d.get("items") or [] if isinstance(i, Mapping)]}


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def forms_view(result: Mapping[str, Any], snapshots: Mapping[str, str]) -> dict[str, Any]:
    """The forms (biểu mẫu) section: found with their URLs, and missing."""
    f = result.get("forms") or {}
    return {"status": section_status(f), "tested": f.get("status") != "not_tested",
            "reason": text(f.get("reason")),
            "found": [{"kind": _capital(FORM_KINDS.get(text(x.get("kind")), text(x.get("kind")))),
                       "title": text(x.get("title")), "as": L.FORM_AS.get(text(x.get("as")), text(x.get("as"))),
                       "link": link(x.get("url"), snapshots) if x.get("url") else None}
                      for x in f.get("found") or [] if isinstance(x, Mapping)],
            "missing": [_capital(FORM_KINDS.get(text(k), text(k))) for k in f.get("missing") or []]}


def contents_view(result: Mapping[str, Any], snapshots: Mapping[str, str]) -> dict[str, Any]:
    """The portal contents section: each section present (with its URL) or missing."""
    c = result.get("contents") or {}
    present, missing = list(c.get("present") or []), list(c.get("missing") or [])
    urls = c.get("urls") or {}
    keys = [k for k in PORTAL_SECTIONS if k in present or k in missing]
    keys += [k for k in present + missing if k not in keys]
    return {"status": section_status(c),
            "reason": text(c.get("reason")),
            "rows": [{"name": _capital(PORTAL_SECTIONS.get(k, text(k))), "present": k in present,
                      "link": link(urls[k], snapshots) if urls.get(k) else None} for k in keys]}


def visits_view(result: Mapping[str, Any], snapshots: Mapping[str, str]) -> dict[str, Any]:
    """The visit counter readings."""
    v = result.get("visits") or {}
    return {"status": section_status(v),
            "reason": text(v.get("reason")),
            "per_day": num(v.get("per_day")) if v.get("per_day") is not None else None,
            "readings": [{"at": vn_time(r.get("at")), "link": link(r.get("url"), snapshots),
                          "total": num(r.get("total")), "today": num(r.get("today")), "online": num(r.get("online"))}
                         for r in v.get("readings") or [] if isinstance(r, Mapping)]}


def flag_label(flag: Any) -> str:
    """A document flag in Vietnamese ("duplicate_of:a.pdf" → "trùng nội dung với tệp a.pdf")."""
    name, _, detail = text(flag).partition(":")
    label = L.DOC_FLAGS.get(name, name)
    return f"{label} {detail}" if name == "duplicate_of" else (f"{label} ({detail})" if detail else label)


def served(result: Mapping[str, Any], file: str) -> list[dict[str, Any]]:
    """The criteria a file serves, read from the result's own table (so the cards never contradict it), with the
    doubts that keep a criterion waiting for a reviewer."""
    out = []
    for c in result.get("criteria") or []:
        review = {text(r.get("file")): r.get("flags") or [] for r in c.get("review") or [] if isinstance(r, Mapping)}
        if file in review or file in [text(e) for e in c.get("evidence") or []]:
            out.append({"id": text(c.get("id")), "anchor": anchor_id("tc", c.get("id")),
                        "doubts": [flag_label(f) for f in review.get(file, [])]})
    return out


def document_view(doc: Mapping[str, Any], anchor: str, result: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One evidence document's fields in Vietnamese, and the criteria it serves."""
    code = text(doc.get("doc_type"))
    return {"anchor": anchor, "file": text(doc.get("file")),
            "status": L.DOC_STATUS.get(text(doc.get("status")), text(doc.get("status"))),
            "parsed": doc.get("status") == "parsed", "reason": text(doc.get("reason")),
            "fields": [("Loại văn bản", f"{code} ({DOC_TYPES[code]})" if code in DOC_TYPES else code),
                       ("Số, ký hiệu", text(doc.get("number"))), ("Ngày ban hành", vn_date(doc.get("issued_on"))),
                       ("Nơi ban hành", text(doc.get("place"))), ("Cơ quan ban hành", text(doc.get("issuer"))),
                       ("Trích yếu", text(doc.get("title"))), ("Người ký", text(doc.get("signer"))),
                       ("Năm học", text(doc.get("school_year"))),
                       ("Nguồn chữ", L.TEXT_SOURCE.get(text(doc.get("text_source")), text(doc.get("text_source")))),
                       ("Số trang", text(doc.get("pages")))],
            "flags": [flag_label(f) for f in doc.get("flags") or []],
            "criteria": served(result, text(doc.get("file"))) if result is not None else
            [{"id": text(c), "anchor": anchor_id("tc", c), "doubts": []} for c in doc.get("criteria") or []]}


def crawl_view(result: Mapping[str, Any], snapshots: Mapping[str, str]) -> dict[str, Any]:
    """The crawl: times, pages, robots, TLS, errors."""
    crawl = result.get("crawl") or {}
    return {"status": L.CRAWL_STATUS.get(text(crawl.get("status")), text(crawl.get("status"))),
            "started": vn_time(crawl.get("started_at")), "finished": vn_time(crawl.get("finished_at")),
            "pages": crawl.get("pages_fetched", 0), "robots": crawl.get("robots_blocked", 0),
            "final_url": link(crawl.get("final_url"), snapshots) if crawl.get("final_url") else None,
            "insecure": crawl.get("verify_tls") is False,
            "errors": [{"link": link(e.get("url"), snapshots), "error": text(e.get("error"))}
                       for e in crawl.get("errors") or [] if isinstance(e, Mapping)]}


def school_view(result: Mapping[str, Any], rubric: Rubric | None, documents: list[Mapping[str, Any]],
                snapshots: Mapping[str, str], finals: Mapping[str, Any] | None) -> dict[str, Any]:
    """Everything the template prints, as plain strings, numbers and link dicts."""
    weekly, yearly = (rubric.check_param("posts_per_week", "min_avg"), rubric.check_param("posts_per_year", "min")) \
        if rubric else (None, None)
    home = (result.get("crawl") or {}).get("final_url") or (result.get("school") or {}).get("url")
    host = urlsplit(text(home)).netloc
    doc_anchors: dict[str, str] = {}
    for i, d in enumerate(documents):
        doc_anchors.setdefault(text(d.get("file")), anchor_id("vb", i))
    return {"header": header_view(result, snapshots, finals), "finals": finals is not None,
            "rows": table_view(result, rubric, snapshots, host, doc_anchors, finals),
            "posts": posts_view(result, float(weekly) if weekly is not None else None, snapshots,
                                float(yearly) if yearly is not None else None),
            "disclosure": disclosure_view(result, snapshots), "forms": forms_view(result, snapshots),
            "contents": contents_view(result, snapshots), "visits": visits_view(result, snapshots),
            "documents": [document_view(d, anchor_id("vb", i), result) for i, d in enumerate(documents)],
            "crawl": crawl_view(result, snapshots), "labels": L, "meanings": L.MEANINGS,
            "integrity": integrity_view(result.get("integrity") if posts_counted(result) else None)}


def render_school_html(result: Mapping[str, Any], *, documents: Sequence[Mapping[str, Any]] | None = None,
                       snapshots: Mapping[str, str] | None = None, finals: Mapping[str, Any] | None = None,
                       rubric: Rubric | None = None) -> str:
    """The school's report page; documents default to the result's evidence; the rubric (loaded by the caller)
    gives the sheet's order and titles (without it, the result's own)."""
    docs = list(documents if documents is not None else result.get("evidence") or [])
    view = school_view(result, rubric, [d for d in docs if isinstance(d, Mapping)], snapshots or {}, finals)
    return environment().get_template("school.html").render(
        v=view, script=Markup(PRINT_SCRIPT), csp=csp(PRINT_SCRIPT),
        title=f"Báo cáo kiểm tra – {view['header']['name']}")

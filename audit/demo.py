"""`audit demo`: serve a sample portal on loopback, audit it end to end, print and save the result."""
from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

from audit.commands import write_json
from audit.config import load_settings
from audit.render import summary_table
from audit.report import write_school_report
from audit.report.snapshots import outcome_reader, write_snapshots
from audit.rubric import find_rubric
from audit.school import run_audit
from audit.schoolyear import parse_school_year
from audit.selfscore import read_self_scores

RUBRIC = "tdm-2021-2022-school"
YEAR = "2021-2022"
SEED = 2022
LOOPBACK = ("127.0.0.0/8", "::1/128")


def run_demo(out: str | None) -> int:
    """Serve simulated portals, audit a healthy one against the TDM sheet and its self-scores."""
    from audit.simulator import build_world, serve
    rubric = find_rubric(RUBRIC)
    with resources.as_file(resources.files("audit.data").joinpath("demo", "self-scores.csv")) as sheet:
        selfs = read_self_scores(sheet, rubric)
    settings = replace(load_settings(), allow_networks=LOOPBACK, crawl_delay=0.02)
    world = build_world(seed=SEED, n_portals=10)
    portal = next(p for p in world.portals if p.template == "hcm" and not p.faults)
    with serve(world) as running:
        url = running.url(portal.id)
        print(f"Cổng mẫu ({portal.name}) đang chạy tại {url}; đang kiểm tra…", flush=True)
        document, outcome = run_audit([url], rubric, parse_school_year(YEAR), selfs, settings)
        expected = running.manifest()[portal.id]["expected"][YEAR]["news_in_window"]
    document["school"]["name"] = portal.name
    target = Path(out or "audit-out/demo") / "result.json"
    write_json(document, str(target))
    snapshots = write_snapshots(target.parent, document, outcome.pages, outcome_reader(outcome.pages))
    reports = write_school_report(target.parent, document, rubric=rubric, snapshots=snapshots)
    print(summary_table(document))
    print(f"\nSố tin bài thật của cổng mẫu trong năm học {YEAR}: {expected}; máy đếm được: "
          f"{document['posts']['total_in_window']}.")
    print(f"Kết quả đầy đủ (JSON): {target}")
    print("Báo cáo cho người đánh giá: " + ", ".join(str(p) for p in reports))
    return 0

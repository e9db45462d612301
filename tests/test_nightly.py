"""Nightly scheduling: beat times in Vietnam, spread of start times, stale schools re-queued."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from audit.config import load_settings
from audit.nightly import beat_schedule, nightly, requeue_stale, spread
from audit.schoolyear import school_year_of
from audit.store import Store

VN_NIGHT = datetime(2022, 3, 10, 1, 30, tzinfo=timezone(timedelta(hours=7)))


def settings_for(tmp_path: Path, **extra):
    base = load_settings(env={"AUDIT_DATA_DIR": str(tmp_path), "AUDIT_NIGHTLY_AT": "02:15"})
    return replace(base, **extra)


def test_beat_schedule_and_app_timezone(tmp_path: Path) -> None:
    schedule = beat_schedule(settings_for(tmp_path))
    nightly_entry = schedule["nightly-batch"]["schedule"]
    assert nightly_entry.hour == {2} and nightly_entry.minute == {15}
    from workers.app import make_app
    app = make_app(settings_for(tmp_path))
    assert app.conf.timezone == "Asia/Ho_Chi_Minh" and "requeue-stale" in app.conf.beat_schedule


def test_spread_is_deterministic_and_within_the_jitter() -> None:
    ids = [f"s{i}" for i in range(50)]
    plan = spread(ids, 1800, "nightly-20220310")
    assert plan == spread(ids, 1800, "nightly-20220310") and sorted(s for s, _ in plan) == sorted(ids)
    assert all(0 <= d < 1800 for _, d in plan) and len({d for _, d in plan}) > 25
    assert [s for s, _ in plan] != ids  # shuffled


def test_nightly_registers_and_enqueues_the_registry(tmp_path: Path) -> None:
    registry = tmp_path / "truong.csv"
    registry.write_text("id,name,url,rubric\nA,Trường A,http://a.edu.vn,tdm-2021-2022-school\n"
                        "B,Trường B,http://b.edu.vn,tdm-2021-2022-school\n", encoding="utf-8")
    settings = settings_for(tmp_path, registry=str(registry))
    sent: list[tuple[str, str, list[tuple[str, int]]]] = []
    with Store(settings) as store:
        batch = nightly(store, settings, VN_NIGHT, lambda b, y, plan: sent.append((b, y, plan)))
        assert batch == "nightly-20220310" and sent[0][1] == "2021-2022"
        assert sorted(s for s, _ in sent[0][2]) == ["A", "B"]
        assert nightly(store, settings_for(tmp_path), VN_NIGHT, lambda *a: None) is None  # no registry set


def test_stale_schools_are_requeued(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, max_age_hours=36)
    sent: list[list[tuple[str, int]]] = []
    now = datetime.now(timezone.utc)
    year = str(school_year_of(now.date()))  # the sweep audits the current school year
    with Store(settings) as store:
        for sid in ("fresh", "never", "failed"):
            store.upsert_school(sid, sid, f"http://{sid}.edu.vn", "tdm-2021-2022-school")
        store.create_batch("b1", year, ["fresh", "never", "failed"])
        ok = store.start_run("fresh", year, "b1", batch_id="b1")
        store.save_result(ok, {"crawl": {"status": "ok"}, "criteria": [], "school": {"url": "x"}})
        store.finish_run(ok, "done")
        bad = store.start_run("failed", year, "b1", batch_id="b1")
        store.save_result(bad, {"crawl": {"status": "failed"}, "criteria": [], "school": {"url": "x"}})
        store.finish_run(bad, "failed")
        batch = requeue_stale(store, settings, now, lambda b, y, plan: sent.append(plan))
        assert batch and sorted(s for s, _ in sent[0]) == ["failed", "never"]
        assert store.batch_progress(batch)["total"] == 2
        later = requeue_stale(store, settings, now + timedelta(hours=40), lambda b, y, plan: sent.append(plan))
        assert later and sorted(s for s, _ in sent[1]) == ["failed", "fresh", "never"]

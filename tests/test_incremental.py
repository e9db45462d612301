"""Incremental recrawls over simulated portals: night 2 reads listings until known posts, sends
conditional requests, still counts the whole year; a weekly full crawl flags a deleted post,
which still counts for its year."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest

from audit.pipeline import crawl_step
from audit.simulator import build_world, serve
from audit.simulator.server import Running
from audit.store import Store
from tests.conftest import SIM_SETTINGS

YEAR = "2022-2023"
NEW_DAY = date(2023, 5, 20)


@pytest.fixture(scope="module")
def portals() -> Iterator[tuple[Running, list[str]]]:
    """A world of its own (this test changes it): one healthy portal of each template."""
    with serve(build_world(seed=7, n_portals=24)) as running:
        chosen: dict[str, str] = {}
        for portal in running.world.portals:
            if not portal.faults:
                chosen.setdefault(portal.template, portal.id)
        yield running, sorted(chosen.values())


def _night(store: Store, settings: Any, pid: str, key: str) -> dict[str, Any]:
    store.create_batch(key, YEAR, [pid])
    run_id = crawl_step(store, settings, pid, YEAR, key)["run_id"]
    crawled = json.loads((settings.data_dir / "runs" / str(run_id) / "crawl.json").read_text(encoding="utf-8"))
    pages = store.pages(run_id)
    return {"posts": crawled["findings"]["posts"]["values"], "pages": len(pages), "crawl": crawled["crawl"],
            "checks": {k: (v["status"], v["values"].get("found"), v["values"].get("years"))
                       for k, v in crawled["findings"].items() if k in ("disclosure", "forms")},
            "reads": sum(p["kind"] in ("listing", "article", "sitemap", "feed") and p["status"] == 200 for p in pages),
            "not_modified": sum(p["status"] == 304 for p in pages)}


def test_second_night_reads_less_and_counts_the_whole_year(portals: tuple[Running, list[str]], tmp_path: Path) -> None:
    running, ids = portals
    settings = replace(SIM_SETTINGS, data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'a.sqlite3'}")
    with Store(settings) as store:
        for pid in ids:
            store.upsert_school(pid, pid, running.url(pid), "tdm-2021-2022-school")
        first = {pid: _night(store, settings, pid, "n1") for pid in ids}
        new = running.publish_news(on=NEW_DAY)
        truth = running.manifest()
        second = {pid: _night(store, settings, pid, "n2") for pid in ids}
        for pid in ids:
            one, two = first[pid], second[pid]
            assert two["posts"]["total_in_window"] == one["posts"]["total_in_window"] + 1, pid
            assert two["posts"]["total_in_window"] == truth[pid]["expected"][YEAR]["news_in_window"], pid
            assert two["crawl"]["pages_reused"] > 0 and two["checks"] == one["checks"], pid   # check pages kept
            if one["posts"]["completeness"]["complete"]:   # known posts only the sitemap mentions tonight stay listed
                assert two["posts"]["completeness"]["complete"], (pid, two["posts"]["completeness"]["reasons"])
            titles = {i["title"] for i in two["posts"]["items"] if not i.get("remembered")}
            assert new[pid].title in titles, pid
            assert two["pages"] < one["pages"], (pid, one["pages"], two["pages"])
            assert two["reads"] <= one["reads"] / 2, (pid, one["reads"], two["reads"])
            assert not any(p["deleted"] for p in store.posts_for(pid, (date(2022, 9, 1), date(2023, 5, 31))))
        etag_portals = [pid for pid in ids if running.sites[pid].portal.template in ("vhv", "nukeviet")]
        assert etag_portals and all(second[pid]["not_modified"] > 0 for pid in etag_portals)


def test_full_recrawl_flags_a_deleted_post_which_still_counts(portals: tuple[Running, list[str]],
                                                            tmp_path: Path) -> None:
    running, ids = portals
    pid = ids[0]
    settings = replace(SIM_SETTINGS, data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'a.sqlite3'}")
    with Store(settings) as store:
        store.upsert_school(pid, pid, running.url(pid), "tdm-2021-2022-school")
        before = _night(store, settings, pid, "n1")
        victim = next(p for p in running.sites[pid].items() if date(2022, 10, 1) <= p.published.date()
                      <= date(2023, 3, 1) and len(p.categories) == 1)
        running.remove_post(pid, victim.id)
        quick = _night(store, settings, pid, "n2")  # incremental: no proof of deletion yet
        assert not any(p["deleted"] for p in store.posts_for(pid, (date.min, date.max)))
        full = _night(store, replace(settings, full_recrawl_days=0), pid, "n3")
        flagged = [p for p in store.posts_for(pid, (date.min, date.max)) if p["deleted"]]
        assert [p["title"] for p in flagged] == [victim.title]
        for night in (quick, full):
            assert night["posts"]["total_in_window"] == before["posts"]["total_in_window"]
        item = next(i for i in full["posts"]["items"] if i["title"] == victim.title)
        assert item.get("deleted") is True and item.get("remembered") is True


def test_an_earlier_year_after_a_later_one_is_crawled_in_full(portals: tuple[Running, list[str]],
                                                               tmp_path: Path) -> None:
    """A crawl reads back to its own year's start: after a 2022-2023 crawl, a 2021-2022 crawl cannot stop at known
    posts (it would miss the older year's), so it is a full crawl and counts the whole year."""
    running, ids = portals
    settings = replace(SIM_SETTINGS, data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'b.sqlite3'}")
    truth = running.manifest()
    with Store(settings) as store:
        for pid in ids:
            store.upsert_school(pid, pid, running.url(pid), "tdm-2021-2022-school")
            _night(store, settings, pid, f"later-{pid}")
            assert store.last_complete_crawl(pid, year="2021-2022") is None
            assert store.last_complete_crawl(pid, year=YEAR) is not None
            store.create_batch(f"earlier-{pid}", "2021-2022", [pid])
            run_id = crawl_step(store, settings, pid, "2021-2022", f"earlier-{pid}")["run_id"]
            crawled = json.loads((settings.data_dir / "runs" / str(run_id) / "crawl.json").read_text(encoding="utf-8"))
            counted = crawled["findings"]["posts"]["values"]["total_in_window"]
            assert counted == truth[pid]["expected"]["2021-2022"]["news_in_window"], pid

"""Shared fixtures: rubrics by id, and paths to the shared contract."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import pytest

from audit.config import load_settings
from audit.crawl.crawler import crawl_school
from audit.crawl.outcome import CrawlOutcome
from audit.fetch import Fetcher
from audit.rubric import Rubric, find_rubric
from audit.rubric.model import Window
from audit.schoolyear import parse_school_year
from audit.simulator import Running, build_world, serve

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def tdm() -> Rubric:
    return find_rubric("tdm-2021-2022-school")


@pytest.fixture
def longbien() -> Rubric:
    return find_rubric("longbien-2021-eschool")


@pytest.fixture
def thachbanb() -> Rubric:
    return find_rubric("thachbanb-2023-2024-it-staff")


YEARS = ("2020-2021", "2021-2022", "2022-2023")
SIM_SETTINGS = replace(load_settings(env={"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8"}), crawl_delay=0.0,
                       max_retries=1, retry_backoff=0.05)


def crawl(url: str) -> CrawlOutcome:
    """Crawl a simulated portal back to the first school year of YEARS."""
    first, last = parse_school_year(YEARS[0]), parse_school_year(YEARS[-1])
    fetcher = Fetcher(SIM_SETTINGS)
    try:
        return crawl_school(url, fetcher, (first.resolve(Window())[0], last.resolve(Window())[1]))
    finally:
        fetcher.close()


@pytest.fixture(scope="session")
def sim() -> Iterator[tuple[Running, dict[str, Any], dict[str, CrawlOutcome]]]:
    """A 24-portal simulated world (seed 7), served, with every portal crawled once."""
    with serve(build_world(seed=7, n_portals=24)) as running:
        manifest = running.manifest()
        with ThreadPoolExecutor(max_workers=4) as pool:
            crawled = dict(zip(manifest, pool.map(lambda pid: crawl(manifest[pid]["url"]), manifest)))
        yield running, manifest, crawled


@pytest.fixture(scope="session")
def world(sim: tuple[Running, dict[str, Any], dict[str, CrawlOutcome]]) -> tuple[dict[str, Any], dict[tuple[str, str], CrawlOutcome]]:
    """The manifest and each portal's crawl, keyed by (portal, school year)."""
    _, manifest, crawled = sim
    return manifest, {(pid, year): crawled[pid] for pid in manifest for year in YEARS}

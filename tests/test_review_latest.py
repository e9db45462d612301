"""The newest result of each school of a year, across nightly batches (what reviewers look at)."""
from __future__ import annotations

import re
from importlib import resources
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import pytest

from audit.cli.score import score_once
from audit.config import load_settings
from audit.review import create_app
from audit.review.desk import latest_year
from audit.review.passwords import hash_password
from audit.store import Store

YEAR = "2022-2023"
PASSWORD = "mot-mat-khau-dai"


def _result(status: str, proposed: float) -> dict[str, Any]:
    """The bundled sample scored with its self-scores; this night's crawl status and 3.3 score."""
    demo = resources.files("audit.data").joinpath("demo")
    with resources.as_file(demo) as folder:
        result = score_once("tdm-2021-2022-school", str(folder / "findings.json"), str(folder / "self-scores.csv"),
                            YEAR)
    result["crawl"]["status"] = status
    result["totals"]["proposed"] = proposed
    return result


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    settings = replace(load_settings(env={}), data_dir=tmp_path / "var", database_url=f"sqlite:///{tmp_path / 'a.db'}")
    with Store(settings) as st:
        st.upsert_school("a", "THCS A", "http://a.edu.vn/", "tdm-2021-2022-school", district="Dĩ An")
        st.upsert_school("b", "THCS B", "http://b.edu.vn/", "tdm-2021-2022-school", district="Bến Cát")
        for night, (a_status, a_score) in enumerate((("ok", 1.0), ("ok", 2.0), ("failed", 0.0)), start=1):
            st.create_batch(f"n{night}", YEAR, ["a", "b"])
            run = st.start_run("a", YEAR, f"n{night}", batch_id=f"n{night}")
            st.save_result(run, _result(a_status, a_score))
            st.finish_run(run, "failed" if a_status == "failed" else "done")
        run = st.start_run("b", YEAR, "n1", batch_id="n1")
        st.save_result(run, _result("ok", 3.0))
        st.finish_run(run, "done")
        st.add_user("an", hash_password(PASSWORD), "reviewer", ["Dĩ An"])
        yield st


def test_the_newest_good_result_of_each_school(store: Store) -> None:
    rows = {r["school"]["id"]: r for r in store.latest_results(YEAR)}
    assert rows["a"]["result"]["totals"]["proposed"] == 2.0  # night 3's crawl failed: night 2 stands
    assert rows["b"]["result"]["totals"]["proposed"] == 3.0
    assert [r["school"]["id"] for r in store.latest_results(YEAR, "b")] == ["b"]
    assert store.latest_results("2020-2021") == []
    assert store.latest_statuses(YEAR) == {"a": "done", "b": "done"}


def test_latest_ids() -> None:
    assert latest_year("moi-nhat-2022-2023") == YEAR
    assert latest_year("2022-2023-20261122T010000") is None and latest_year("moi-nhat-x") is None


def test_a_reviewer_opens_the_newest_results_of_their_district(store: Store, tmp_path: Path) -> None:
    settings = replace(load_settings(env={}), data_dir=tmp_path / "var", database_url=f"sqlite:///{tmp_path / 'a.db'}")
    client = create_app(settings, store).test_client()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    client.post("/login", data={"csrf_token": token.group(1), "username": "an", "password": PASSWORD})
    index = client.get("/").text
    assert "Kết quả mới nhất" in index and "/batch/moi-nhat-2022-2023" in index
    latest = client.get("/batch/moi-nhat-2022-2023")
    assert latest.status_code == 200 and "THCS A" in latest.text and "THCS B" not in latest.text
    assert "Kết quả mới nhất · năm học 2022-2023" in latest.text
    school = client.get("/batch/moi-nhat-2022-2023/school/a")
    assert school.status_code == 200 and "Tự chấm" in school.text
    assert client.get("/batch/moi-nhat-2022-2023/school/b").status_code == 404  # another district
    assert client.get("/batch/moi-nhat-2022-2023/export.csv").status_code == 200

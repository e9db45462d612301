"""Integrity findings from the post history: backdating, padding, recurring series, deletions after the evaluation."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

import pytest
from bs4 import BeautifulSoup

from audit.cli.score import score_once
from audit.config import load_settings
from audit.crawl.outcome import CrawlOutcome
from audit.integrity import findings, integrity_findings, normalise_title, skeleton
from audit.report.html import render_school_html
from audit.result import schema_errors
from audit.review import create_app
from audit.review.passwords import hash_password
from audit.store import Store
from tests.conftest import ROOT

WINDOW = (date(2022, 9, 1), date(2023, 5, 31))
SEPT = date(2022, 9, 1)
RUN1_AT = datetime(2022, 10, 1, 18, 0, tzinfo=timezone.utc)   # 2 October 01:00 in Vietnam
RUN2_AT = datetime(2023, 5, 20, 18, 0, tzinfo=timezone.utc)


def crawl(run_id: int, at: datetime, complete: bool = True) -> dict[str, Any]:
    return {"run_id": run_id, "complete": complete, "crawl_started_at": at.isoformat(),
            "crawl_finished_at": (at + timedelta(minutes=20)).isoformat(), "covers_from": SEPT.isoformat()}


def post(n: int, published: date, run: int = 1, seen: datetime = RUN1_AT, title: str | None = None,
         missing_since: datetime | None = None, url: str | None = None) -> dict[str, Any]:
    seen = seen + timedelta(minutes=30)
    return {"url": url or f"https://thcs-a.edu.vn/tin-{n}", "title": title or f"Hoạt động số {n} của nhà trường",
            "published": published.isoformat(), "first_seen": seen.isoformat(), "last_seen": seen.isoformat(),
            "first_run_id": run, "last_run_id": run,
            "missing_since": missing_since.isoformat() if missing_since else None}


def distinct_titles(n: int) -> list[str]:
    words = ["Hội thi", "Lễ khai giảng", "Tập huấn", "Ngoại khóa", "Tham quan", "Văn nghệ", "Thể thao", "Họp phụ huynh",
             "Trồng cây", "Phòng cháy", "An toàn giao thông", "Hiến máu", "Khen thưởng", "Kỷ niệm"]
    subjects = ["toán", "văn", "tiếng Anh", "lịch sử", "địa lý", "sinh học", "âm nhạc", "mỹ thuật", "tin học", "vật lý"]
    return [f"{words[i % len(words)]} môn {subjects[i // len(words) % len(subjects)]} khối {6 + i % 4}"
            for i in range(n)]


def kinds(found: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["kind"]: f for f in found}


def year_of_posts(n: int = 10) -> list[dict[str, Any]]:
    """What the first complete crawl (run 1, 2 October) saw: September posts."""
    titles = distinct_titles(n)
    return [post(i, SEPT + timedelta(days=i), title=titles[i]) for i in range(n)]


def late_posts(count: int, start: int = 100) -> list[dict[str, Any]]:
    """Posts dated in September, first seen by run 2 in May."""
    titles = distinct_titles(start + count)[start:]
    return [post(start + i, SEPT + timedelta(days=i % 20), run=2, seen=RUN2_AT, title=titles[i]) for i in range(count)]


# backdating

def test_a_schools_first_crawl_never_flags_backdating() -> None:
    everything = year_of_posts(10) + late_posts(12)
    first_seen_by_run2 = [p for p in everything if p["first_run_id"] == 2]
    # run 2 is the first crawl of the school: every post is new to it, whatever its date
    assert "backdated" not in kinds(findings(first_seen_by_run2, [crawl(2, RUN2_AT)], WINDOW))
    # run 1 was incomplete (a listing not read through): it proves nothing absent
    assert "backdated" not in kinds(findings(everything, [crawl(1, RUN1_AT, complete=False), crawl(2, RUN2_AT)],
                                             WINDOW))


def test_posts_dated_before_a_complete_crawl_that_missed_them_are_backdated() -> None:
    found = kinds(findings(year_of_posts(10) + late_posts(6), [crawl(1, RUN1_AT), crawl(2, RUN2_AT)], WINDOW))
    flag = found["backdated"]
    assert flag["flag"] is True and flag["count"] == 6 and flag["total"] == 16
    assert "6/16 tin" in flag["label"] and "lùi ngày" in flag["label"]
    proof = flag["proof"][0]
    assert proof["url"] == "https://thcs-a.edu.vn/tin-100" and proof["published"] == "2022-09-01"
    assert proof["first_seen"] == RUN2_AT.isoformat() and proof["days_late"] == 262    # first seen 21/05/2023
    assert proof["missed_by"] == {"run_id": 1, "crawl_started_at": RUN1_AT.isoformat(),
                                  "crawl_finished_at": (RUN1_AT + timedelta(minutes=20)).isoformat()}
    assert flag["nights"] == [{"night": "2023-05-21", "count": 6}]


def test_backdating_needs_a_grace_a_covered_date_and_a_threshold() -> None:
    crawls = [crawl(1, RUN1_AT), crawl(2, RUN2_AT)]
    # dated three days before run 1: may have been approved late, not flagged
    recent = [post(200 + i, date(2022, 9, 29), run=2, seen=RUN2_AT, title=t)
              for i, t in enumerate(distinct_titles(8))]
    assert "backdated" not in kinds(findings(year_of_posts(10) + recent, crawls, WINDOW))
    # dated after run 1: nothing missed them
    fresh = [post(300 + i, date(2023, 5, 1), run=2, seen=RUN2_AT, title=t) for i, t in enumerate(distinct_titles(8))]
    assert "backdated" not in kinds(findings(year_of_posts(10) + fresh, crawls, WINDOW))
    # run 1 only read its listings back to 15 September
    narrow = [{**crawl(1, RUN1_AT), "covers_from": "2022-09-15"}, crawl(2, RUN2_AT)]
    early = late_posts(6)   # dated 1-6 September
    assert "backdated" not in kinds(findings(year_of_posts(10) + early, narrow, WINDOW))
    # four of forty: below both thresholds; three of twelve (25 %): flagged
    assert "backdated" not in kinds(findings(year_of_posts(36) + late_posts(4), crawls, WINDOW))
    assert kinds(findings(year_of_posts(9) + late_posts(3), crawls, WINDOW))["backdated"]["count"] == 3


def test_a_post_that_moved_to_a_new_address_is_not_backdated_nor_deleted() -> None:
    old = year_of_posts(10)
    gone = RUN2_AT + timedelta(minutes=30)
    moved = [{**p, "url": p["url"] + "?new", "first_run_id": 2, "first_seen": gone.isoformat(),
              "last_run_id": 2} for p in old[:6]]
    old_rows = [{**p, "missing_since": gone.isoformat()} if i < 6 else p for i, p in enumerate(old)]
    found = kinds(findings(old_rows + moved, [crawl(1, RUN1_AT), crawl(2, RUN2_AT)], WINDOW,
                           evaluated_at=RUN1_AT + timedelta(hours=1)))
    assert "backdated" not in found and "deleted_after" not in found


# padding and recurring series

def test_near_duplicates_close_in_date_are_padding_and_weekly_series_are_not() -> None:
    titles = distinct_titles(6)
    rows = [post(i, SEPT + timedelta(days=7 * i), title=t) for i, t in enumerate(titles)]
    day = date(2022, 11, 20)
    rows += [post(50, day, title="Hội thi vẽ tranh «Mái trường em» cấp trường"),
             post(51, day, title="Hội thi vẽ tranh Mái trường em cấp trường!"),
             post(52, day + timedelta(days=1), title="Hội thi vẽ tranh “Mái trường em” cấp trường"),
             post(53, day + timedelta(days=2), title="Hội thi vẽ tranh Mái trường em cấp trường (tt)")]
    rows += [post(60 + w, SEPT + timedelta(days=7 * w), title=f"Thực đơn tuần {w + 1} (từ {w + 5}/9)")
             for w in range(12)]
    rows += [post(80 + w, SEPT + timedelta(days=7 * w + 1), title="Lịch công tác tuần") for w in range(8)]
    found = kinds(findings(rows, [crawl(1, RUN1_AT)], WINDOW))
    padding = found["padding"]
    assert padding["flag"] is True and padding["count"] == 3
    assert len(padding["proof"]) == 1
    assert [p["url"] for p in padding["proof"][0]["posts"]] == [f"https://thcs-a.edu.vn/tin-{n}" for n in (50, 51, 52, 53)]
    assert 0.9 <= padding["proof"][0]["similarity"] < 1
    series = found["series"]
    assert series["flag"] is False and series["count"] == 20 and "chuỗi tin định kỳ" in series["label"]
    assert [(s["count"], s["first"]) for s in series["proof"]] == [(12, "2022-09-01"), (8, "2022-09-02")]
    assert "backdated" not in found and "deleted_after" not in found


def test_few_duplicates_are_not_flagged_and_titles_normalise() -> None:
    rows = [post(1, SEPT, title="Khai giảng năm học mới"), post(2, SEPT, title="Khai giảng năm học mới.")]
    assert findings(rows, [crawl(1, RUN1_AT)], WINDOW) == []
    assert normalise_title("  Thực đơn TUẦN 12 – (15/11/2021) ") == "thực đơn tuần 12 15 11 2021"
    assert skeleton(normalise_title("Lịch công tác tuần 5")) == "lịch công tác tuần #"
    assert normalise_title("Hoà nhập") == normalise_title("Hòa nhập")


# deletions after the evaluation

def test_posts_deleted_after_the_evaluation_are_flagged_with_last_seen() -> None:
    evaluated = RUN1_AT + timedelta(hours=1)
    later = RUN2_AT + timedelta(minutes=30)
    rows = year_of_posts(10)
    rows[3] = {**rows[3], "missing_since": later.isoformat()}                               # after: flagged
    rows[4] = {**rows[4], "missing_since": (RUN1_AT + timedelta(minutes=10)).isoformat()}   # before: not counted
    found = kinds(findings(rows, [crawl(1, RUN1_AT), crawl(2, RUN2_AT)], WINDOW, evaluated_at=evaluated))
    deleted = found["deleted_after"]
    assert deleted["count"] == 1 and "bị gỡ" in deleted["label"] and "02/10/2022" in deleted["label"]
    assert deleted["proof"] == [{"url": "https://thcs-a.edu.vn/tin-3", "title": rows[3]["title"],
                                 "published": "2022-09-04", "last_seen": rows[3]["last_seen"],
                                 "missing_since": later.isoformat()}]
    # judged at the deletion's night or later, the post was no longer counted
    assert "deleted_after" not in kinds(findings(rows, [crawl(1, RUN1_AT)], WINDOW, evaluated_at=later))


# through the store

@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{(tmp_path / 'db' / 'audit.sqlite3').as_posix()}"
    with Store(replace(load_settings(env={}), data_dir=tmp_path / "data", database_url=url)) as st:
        st.upsert_school("s1", "THCS A", "https://thcs-a.edu.vn/", "tdm-2021-2022-school", district="TDM")
        yield st


def _crawled(store: Store, run_key: str, at: str, items: list[dict[str, Any]]) -> int:
    run_id = store.start_run("s1", "2022-2023", run_key)
    outcome = CrawlOutcome(start_url="https://thcs-a.edu.vn/", final_url="https://thcs-a.edu.vn/",
                           started_at=at, finished_at=at.replace(":00:00", ":20:00"))
    assert outcome.complete
    store.save_crawl(run_id, outcome)
    store.save_posts("s1", "2022-2023", run_id, items, complete=outcome.complete)
    return run_id


def _item(n: int, day: str) -> dict[str, Any]:
    return {"url": f"https://thcs-a.edu.vn/tin-{n}", "title": distinct_titles(n + 1)[n], "published": day,
            "date_source": "listing"}


def test_the_store_history_gives_the_backdating_flag(store: Store) -> None:
    seen_in_october = [_item(n, f"2022-09-{n + 1:02d}") for n in range(10)]
    first = _crawled(store, "n1", "2022-10-02T01:00:00+07:00", seen_in_october)
    assert "backdated" not in kinds(integrity_findings(store, "s1", "2022-2023", first))  # a first crawl
    late = [_item(n, f"2022-09-{n - 9:02d}") for n in range(10, 16)]    # dated 1-6 September, new in May
    second = _crawled(store, "n2", "2023-05-21T01:00:00+07:00", seen_in_october + late
                      + [_item(16, "2023-05-19")])
    history = store.post_history("s1")
    assert len(history["posts"]) == 17 and [c["run_id"] for c in history["crawls"]] == [first, second]
    assert history["crawls"][0]["complete"] is True and history["posts"][0]["first_run_id"] == first
    flag = kinds(integrity_findings(store, "s1", "2022-2023", second))["backdated"]
    assert flag["count"] == 6 and flag["total"] == 17
    assert {p["url"] for p in flag["proof"]} == {f"https://thcs-a.edu.vn/tin-{n}" for n in range(10, 16)}
    assert {p["missed_by"]["run_id"] for p in flag["proof"]} == {first}
    assert flag["proof"][0]["first_seen"].startswith("2023-05-20T18:00")
    store.finish_run(second, "done")   # judged at the run's end, as the desk does
    assert kinds(integrity_findings(store, "s1", "2022-2023", second))["backdated"]["count"] == 6


# on the report

def test_the_report_shows_the_flags_with_their_proof() -> None:
    result = score_once("tdm-2021-2022-school", str(ROOT / "audit" / "data" / "demo" / "findings.json"),
                        str(ROOT / "audit" / "data" / "demo" / "self-scores.csv"), "2021-2022")
    result["integrity"] = findings(year_of_posts(10) + late_posts(6), [crawl(1, RUN1_AT), crawl(2, RUN2_AT)],
                                   WINDOW)
    assert schema_errors(result) == []
    soup = BeautifulSoup(render_school_html(result), "html.parser")
    section = soup.find(id="lich-su-tin-bai")
    assert section is not None
    words = section.get_text(" ", strip=True)
    assert "Tin ghi lùi ngày" in words and "6/16 tin" in words and "không làm thay đổi điểm" in words
    row = section.find("a", href="https://thcs-a.edu.vn/tin-100").find_parent("tr")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[1] == "01/09/2022" and cells[2].startswith("21/05/2023 01:00") and "sau 262 ngày" in cells[2]
    assert cells[3].startswith("02/10/2022 01:00") and "lần chạy 1" in cells[3]
    assert "21/05/2023 (6 tin)" in words

    result["integrity"] = []
    quiet = BeautifulSoup(render_school_html(result), "html.parser").find(id="lich-su-tin-bai")
    assert quiet.get_text(strip=True) == "Không phát hiện dấu hiệu bất thường trong lịch sử tin bài."
    del result["integrity"]
    assert BeautifulSoup(render_school_html(result), "html.parser").find(id="lich-su-tin-bai") is None


# on the desk

def test_the_desk_shows_the_live_flags(store: Store, tmp_path: Path) -> None:
    seen_in_october = [_item(n, f"2022-09-{n + 1:02d}") for n in range(10)]
    _crawled(store, "n1", "2022-10-02T01:00:00+07:00", seen_in_october)
    late = [_item(n, f"2022-09-{n - 9:02d}") for n in range(10, 16)]
    store.create_batch("dot-1", "2022-2023", ["s1"])
    run_id = _crawled(store, "dot-1", "2023-05-21T01:00:00+07:00", seen_in_october + late)
    result = score_once("tdm-2021-2022-school", str(ROOT / "audit" / "data" / "demo" / "findings.json"),
                        str(ROOT / "audit" / "data" / "demo" / "self-scores.csv"), "2021-2022")
    result["school"] = {"url": "https://thcs-a.edu.vn/", "id": "s1", "name": "THCS A"}
    store.start_run("s1", "2022-2023", "dot-1", batch_id="dot-1")
    store.save_result(run_id, result)            # no "integrity" stored: the desk reads the history itself
    store.finish_run(run_id, "done")
    store.add_user("quan-tri", hash_password("mat-khau-du-dai-10"), "admin", [])
    app = create_app(replace(store.settings, secret_key="k" * 64), store)
    client = app.test_client()
    form = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert csrf is not None
    assert client.post("/login", data={"csrf_token": csrf.group(1), "username": "quan-tri",
                                       "password": "mat-khau-du-dai-10"}).status_code == 302
    page = client.get("/batch/dot-1/school/s1")
    assert page.status_code == 200
    section = BeautifulSoup(page.text, "html.parser").find(id="lich-su-tin-bai")
    assert section is not None
    words = section.get_text(" ", strip=True)
    assert "Tin ghi lùi ngày" in words and "6/16 tin" in words
    assert section.find("a", href="https://thcs-a.edu.vn/tin-10") is not None

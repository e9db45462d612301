"""Issue 14 item 4: access follows the district a school had in each batch, not its current registration.

School S is registered in Dĩ An, audited in a batch (real pipeline over a simulated portal), decided on; then
registered again under Bến Cát (its portal moved too) and audited in a second batch. Bến Cát's reviewer must not
see the first batch's S, its decisions, snapshots or evidence; Dĩ An's reviewer still sees all of it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pytest
from alembic import command
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from audit.batch import register, run_inline
from audit.config import Settings
from audit.registry import SchoolEntry
from audit.review import create_app
from audit.review.passwords import hash_password
from audit.simulator import build_world, serve
from audit.store import Store
from audit.store.migrate import alembic_config
from tests.conftest import SIM_SETTINGS
from tests.test_review_app import login, token

ROOT = Path(__file__).resolve().parents[1]
SHEET = ROOT / "audit" / "data" / "demo" / "self-scores.csv"
YEAR, RUBRIC = "2021-2022", "tdm-2021-2022-school"
DI_AN, BEN_CAT = "Dĩ An", "Bến Cát"
PASSWORD = "mat-khau-du-dai-10"
NOTE = "Ghi chú riêng của phòng Dĩ An"
PDF = b"%PDF-1.4\n% ke hoach CNTT cua Di An\n%%EOF\n"


class History:
    """The store after both batches, with the ids a test needs."""

    def __init__(self, settings: Settings, store: Store, first: str, second: str, pdf_sha: str) -> None:
        self.settings, self.store, self.first, self.second, self.pdf_sha = settings, store, first, second, pdf_sha
        self.app = create_app(settings, store)

    def client(self, username: str) -> FlaskClient:
        client = self.app.test_client()
        assert login(client, username, PASSWORD).status_code == 302
        return client

    def pages(self, batch_id: str) -> set[str]:
        run_id = self.store.batch_school(batch_id, "s")["run_id"]  # type: ignore[index]
        return {p["sha256"] for p in self.store.pages(run_id)}


@pytest.fixture(scope="module")
def portals() -> Iterator[list[str]]:
    """Two healthy simulated portals: the school's site before and after it moved."""
    with serve(build_world(seed=7, n_portals=10)) as running:
        manifest = running.manifest()
        yield [manifest[p]["url"] for p in manifest if not manifest[p]["faults"]][:2]


@pytest.fixture
def history(portals: list[str], tmp_path: Path) -> Iterator[History]:
    settings = replace(SIM_SETTINGS, data_dir=tmp_path / "var", secret_key="k" * 64,
                       database_url=f"sqlite:///{(tmp_path / 'audit.sqlite3').as_posix()}")
    folder = tmp_path / "minh-chung"
    folder.mkdir()
    (folder / "ke-hoach.pdf").write_bytes(PDF)
    sha = hashlib.sha256(PDF).hexdigest()
    with Store(settings) as store:
        store.add_user("an", hash_password(PASSWORD), "reviewer", [DI_AN])
        store.add_user("binh", hash_password(PASSWORD), "reviewer", [BEN_CAT])
        store.add_user("quan-tri", hash_password(PASSWORD), "admin", [])
        before = SchoolEntry(id="s", name="THCS S", url=portals[0], rubric=RUBRIC, district=DI_AN,
                             self_scores=str(SHEET))
        first = register(store, [before], YEAR)
        run_inline(store, settings, first, YEAR, ["s"])
        run = store.batch_school(first, "s")["run_id"]  # type: ignore[index]
        doc = {"file": str(folder / "ke-hoach.pdf"), "sha256": sha, "status": "parsed", "flags": []}
        store.save_documents(run, [doc])                  # the evidence Dĩ An's batch read
        assert store.keep_document_files([doc]) == 1
        h = History(settings, store, first, "", sha)
        an = h.client("an")
        page = an.get(f"/batch/{first}/school/s")
        criterion = re.search(r'name="criterion_id" value="([^"]+)"', page.text)
        assert criterion
        decided = an.post(f"/batch/{first}/school/s/decide",
                          data={"csrf_token": token(page.text), "criterion_id": criterion.group(1), "action": "set",
                                "score": "0", "note": NOTE})
        assert decided.status_code == 303
        after = replace(before, district=BEN_CAT, url=portals[1])   # registered again, elsewhere
        h.second = register(store, [after], YEAR)
        run_inline(store, settings, h.second, YEAR, ["s"])
        assert store.school("s")["district"] == BEN_CAT
        yield h


def test_the_new_district_never_sees_the_earlier_batch(history: History) -> None:
    first, second = history.first, history.second
    binh = history.client("binh")
    index = binh.get("/").text
    assert second in index and first not in index
    for path in (f"/batch/{first}", f"/batch/{first}/school/s", f"/batch/{first}/export.csv",
                 f"/batch/{first}/export.xlsx"):
        assert binh.get(path).status_code == 404, path
    own = binh.get(f"/batch/{second}/school/s")
    assert own.status_code == 200 and NOTE not in own.text and "THCS S" in own.text
    assert binh.get(f"/batch/{second}/export.csv").data.count(b"THCS S") >= 1
    posted = binh.post(f"/batch/{first}/school/s/decide",
                       data={"csrf_token": token(own.text), "criterion_id": "3.1", "action": "set", "score": "5"})
    assert posted.status_code == 404
    latest = binh.get(f"/batch/moi-nhat-{YEAR}/school/s")   # the newest result is Bến Cát's batch
    assert latest.status_code == 200 and NOTE not in latest.text


def test_the_earlier_district_keeps_its_batch_and_notes(history: History) -> None:
    first, second = history.first, history.second
    an = history.client("an")
    index = an.get("/").text
    assert first in index and second not in index
    page = an.get(f"/batch/{first}/school/s")
    assert page.status_code == 200 and NOTE in page.text
    assert an.get(f"/batch/{first}/export.csv").status_code == 200
    assert an.get(f"/batch/{second}/school/s").status_code == 404
    assert an.get(f"/batch/moi-nhat-{YEAR}/school/s").status_code == 404
    admin = history.client("quan-tri")
    assert NOTE in admin.get(f"/batch/{first}/school/s").text
    assert NOTE not in admin.get(f"/batch/{second}/school/s").text   # each district's decisions stay its own


def test_snapshots_and_documents_follow_the_batch_district(history: History) -> None:
    earlier, later = history.pages(history.first), history.pages(history.second)
    only_earlier, only_later = earlier - later, later - earlier
    assert only_earlier and only_later
    an, binh = history.client("an"), history.client("binh")
    for sha in sorted(only_earlier)[:5]:
        assert binh.get(f"/snapshot/{sha}").status_code == 404
        assert an.get(f"/snapshot/{sha}").status_code == 200
    for sha in sorted(only_later)[:5]:
        assert an.get(f"/snapshot/{sha}").status_code == 404
        assert binh.get(f"/snapshot/{sha}").status_code == 200
    assert an.get(f"/document/{history.pdf_sha}/ke-hoach.pdf").data == PDF
    assert binh.get(f"/document/{history.pdf_sha}/ke-hoach.pdf").status_code == 404
    assert history.store.batch_districts(history.first) == {"s": DI_AN}
    assert history.store.batch_districts(history.second) == {"s": BEN_CAT}


def test_rows_from_before_the_migration_keep_the_district_they_had(tmp_path: Path) -> None:
    """A store at revision 0005 with a run and a decision: upgrading gives them the school's district then."""
    url = f"sqlite:///{(tmp_path / 'old.sqlite3').as_posix()}"
    engine = create_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        conn.execute(text("INSERT INTO schools (id, url, rubric, district, created_at, updated_at) "
                          "VALUES ('s', 'http://s.edu.vn/', :r, :d, '2022-01-01', '2022-01-01')"),
                     {"r": RUBRIC, "d": DI_AN})
        conn.execute(text("INSERT INTO batches (id, year, created_at) VALUES ('b1', :y, '2022-01-01')"), {"y": YEAR})
        conn.execute(text("INSERT INTO batch_schools (batch_id, school_id) VALUES ('b1', 's')"))
        conn.execute(text("INSERT INTO runs (school_id, year, run_key, batch_id, status, started_at) "
                          "VALUES ('s', :y, 'b1', 'b1', 'done', '2022-01-01')"), {"y": YEAR})
        conn.execute(text("INSERT INTO decisions (school_id, year, criterion_id, action, score, note, reviewer, "
                          "created_at) VALUES ('s', :y, '3.1', 'set', 1, 'cũ', 'an', '2022-01-01')"), {"y": YEAR})
    engine.dispose()
    settings = replace(SIM_SETTINGS, data_dir=tmp_path / "var", database_url=url)
    with Store(settings) as store:
        store.upsert_school("s", None, "http://s.edu.vn/", RUBRIC, district=BEN_CAT)   # registered again
        assert store.batch_districts("b1") == {"s": DI_AN}
        assert store.batch_results("b1")[0]["school"]["district"] == DI_AN
        assert [d["note"] for d in store.decisions("s", YEAR, DI_AN)] == ["cũ"]
        assert store.decisions("s", YEAR, BEN_CAT) == []



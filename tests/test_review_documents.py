"""Evidence files are kept when read, and a reviewer of the school's district can download them."""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from audit.config import load_settings
from audit.review import create_app
from audit.review.passwords import hash_password
from audit.store import Store

YEAR = "2022-2023"
PASSWORD = "mot-mat-khau-dai"
PDF = b"%PDF-1.4\n% ke hoach CNTT\n%%EOF\n"


def _client(settings: Any, store: Store, username: str) -> Any:
    client = create_app(settings, store).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    client.post("/login", data={"csrf_token": token.group(1), "username": username, "password": PASSWORD})
    return client


def test_a_kept_evidence_file_is_downloaded_by_its_district_only(tmp_path: Path) -> None:
    settings = replace(load_settings(env={}), data_dir=tmp_path / "var", database_url=f"sqlite:///{tmp_path / 'a.db'}")
    folder = tmp_path / "minh-chung"
    folder.mkdir()
    (folder / "Kế hoạch CNTT.pdf").write_bytes(PDF)
    sha = hashlib.sha256(PDF).hexdigest()
    doc = {"file": str(folder / "Kế hoạch CNTT.pdf"), "sha256": sha, "status": "parsed", "flags": []}
    gone = {"file": str(folder / "da-xoa.pdf"), "sha256": "ab" * 32, "status": "parsed", "flags": []}
    with Store(settings) as store:
        store.upsert_school("a", "THCS A", "http://a.edu.vn/", "tdm-2021-2022-school", district="Dĩ An")
        run = store.start_run("a", YEAR, "n1")
        store.save_documents(run, [doc, gone])
        assert store.keep_document_files([doc, gone]) == 1  # the file that is gone is skipped
        (folder / "Kế hoạch CNTT.pdf").write_bytes(b"changed later")  # the kept copy is what was read
        store.add_user("an", hash_password(PASSWORD), "reviewer", ["Dĩ An"])
        store.add_user("binh", hash_password(PASSWORD), "reviewer", ["Bến Cát"])
        mine = _client(settings, store, "an").get(f"/document/{sha}/Kế hoạch CNTT.pdf")
        assert mine.status_code == 200 and mine.data == PDF
        assert mine.headers["Content-Disposition"] == 'attachment; filename="Ke-hoach-CNTT.pdf"'
        assert mine.headers["X-Content-Type-Options"] == "nosniff"
        other = _client(settings, store, "binh")
        assert other.get(f"/document/{sha}/x.pdf").status_code == 404
        assert _client(settings, store, "an").get(f"/document/{'ab' * 32}/x.pdf").status_code == 404
        assert create_app(settings, store).test_client().get(f"/document/{sha}/x.pdf").status_code == 302  # login

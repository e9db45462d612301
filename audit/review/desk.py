"""The desk's state for one app: the Store, the settings, loaded rubrics; reads filtered by what a user may see."""
from __future__ import annotations

import re
import threading
from typing import Any, Mapping

from audit.config import Settings
from audit.finals import final_scores
from audit.jobs import Dispatch, default_dispatch
from audit.review import access, labels
from audit.review.model import Entry
from audit.review.passwords import dummy_hash
from audit.rubric import Rubric, find_rubric
from audit.store import Store

User = Mapping[str, Any]
LATEST = "moi-nhat-"   # the pseudo-batch of each school's newest result of a year: "moi-nhat-2022-2023"
_YEAR = re.compile(r"^\d{4}-\d{4}$")


def latest_year(batch_id: str) -> str | None:
    """The school year of a "moi-nhat-<year>" id, else None (a real batch)."""
    year = batch_id.removeprefix(LATEST)
    return year if batch_id.startswith(LATEST) and _YEAR.match(year) else None


class Desk:
    """Everything a request needs, created once by the app factory (no module-level state)."""

    def __init__(self, settings: Settings, store: Store, dispatch: Dispatch | None = None) -> None:
        self.settings = settings
        self.store = store
        self.dummy_hash = dummy_hash()
        self._rubrics: dict[str, Rubric | None] = {}
        self._lock = threading.Lock()
        self._dispatch = dispatch

    @property
    def dispatch(self) -> Dispatch:
        """Where started audits run: the given dispatcher, else (made on first use) the Celery workers when a
        broker is configured, or this process's own threads."""
        with self._lock:
            if self._dispatch is None:
                self._dispatch = default_dispatch(self.store, self.settings)
            return self._dispatch

    def rubric(self, rubric_id: str | None) -> Rubric | None:
        """The rubric with this id, loaded once (None when unknown)."""
        if not rubric_id:
            return None
        with self._lock:
            if rubric_id not in self._rubrics:
                try:
                    self._rubrics[rubric_id] = find_rubric(rubric_id)
                except KeyError:
                    self._rubrics[rubric_id] = None
            return self._rubrics[rubric_id]

    def rubric_of(self, row: Mapping[str, Any]) -> Rubric | None:
        """The rubric a row's result was scored with (the school's when there is no result yet)."""
        result = row.get("result") or {}
        return self.rubric((result.get("rubric") or {}).get("id") or row["school"].get("rubric"))

    def entry(self, row: Mapping[str, Any], latest: dict[str, dict[str, Any]] | None = None) -> Entry:
        """A batch row with its newest decisions of the row's district (read here unless given) and final scores
        (a school account is given none: it sees the machine's proposal, never the reviewers' decisions)."""
        result = row.get("result")
        if result is None:
            return Entry(dict(row["school"]), row["year"], row.get("run_id"), row["status"])
        if latest is None:
            latest = self.store.latest_decisions(row["school"]["id"], row["year"], row["school"].get("district"))
        finals = final_scores(result, latest, self.rubric_of(row))
        return Entry(dict(row["school"]), row["year"], row.get("run_id"), row["status"], dict(result), finals, latest)

    def batches(self, user: User) -> list[dict[str, Any]]:
        """The newest results of each school year, then the batches, each with at least one school the user
        may see (by the district each school had there), with counts of those schools; a school's own checks
        only to that school, its submissions labelled as such."""
        batches = [b for b in self.store.batches() if access.can_see_kind(user, b.get("kind"))]
        out = []
        for year in sorted({b["year"] for b in batches}, reverse=True):
            visible = access.visible_statuses(user, self.store.latest_statuses(year), self.store.latest_districts(year))
            if visible:
                out.append({"id": LATEST + year, "year": year, "created_at": None, "latest": True,
                            "schools": list(visible), **access.status_counts(visible)})
        for batch in batches:
            statuses = access.visible_statuses(user, self.store.batch_progress(batch["id"])["schools"],
                                               self.store.batch_districts(batch["id"]), batch.get("kind"))
            if statuses:
                out.append({**self.labelled(batch), **access.status_counts(statuses)})
        return out

    def labelled(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        """The batch with the label a school's check or submission is shown by ("Bài nộp của <trường>", with
        when it was submitted)."""
        kind, schools = batch.get("kind"), list(batch.get("schools") or [])
        if kind not in labels.OWN_KINDS or not schools:
            return dict(batch)
        name = self.store.school(schools[0]).get("name") or schools[0]
        submission = self.store.submission(batch["id"]) if kind == "submitted" else None
        return {**batch, "label": labels.own_batch(kind, name), "submission": submission}

    def batch_info(self, batch_id: str) -> dict[str, Any] | None:
        """A batch (or the newest results of a year, id "moi-nhat-<year>") with its kind, labelled; None if unknown."""
        year = latest_year(batch_id)
        if year is not None:
            return {"id": batch_id, "year": year, "created_at": None, "latest": True, "kind": None}
        batch = next((b for b in self.store.batches() if b["id"] == batch_id), None)
        return self.labelled(batch) if batch is not None else None

    def _rows(self, batch_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """A batch (or the newest results of a year, id "moi-nhat-<year>") and all its rows."""
        batch = self.batch_info(batch_id)
        if batch is None:
            return None
        year = latest_year(batch_id)
        return batch, (self.store.latest_results(year) if year is not None else self.store.batch_results(batch_id))

    def batch(self, user: User, batch_id: str) -> tuple[dict[str, Any], list[Entry]] | None:
        """The batch and its visible schools (None: unknown, or nothing in it for this user)."""
        found = self._rows(batch_id)
        if found is None:
            return None
        batch, everything = found
        rows = access.visible_rows(user, everything, batch["kind"])
        if not rows and not (access.is_admin(user) and access.can_see_kind(user, batch["kind"])):
            return None
        if access.is_school(user):
            return batch, [self.entry(r, {}) for r in rows]
        districts = {r["school"]["id"]: r["school"].get("district") for r in rows}
        latest = self.store.latest_decisions_for(list(districts), batch["year"], districts)
        return batch, [self.entry(r, latest[r["school"]["id"]]) for r in rows]

    def school(self, user: User, batch_id: str, school_id: str) -> Entry | None:
        """The school of the batch when the user may see it (None otherwise: never say which)."""
        batch = self.batch_info(batch_id)
        if batch is None:
            return None
        if batch.get("latest"):
            row = next(iter(self.store.latest_results(batch["year"], school_id)), None)
        else:
            row = self.store.batch_school(batch_id, school_id)
        if row is None or not access.can_see_row(user, school_id, row["school"].get("district"), batch["kind"]):
            return None
        return self.entry(row, {} if access.is_school(user) else None)

    def document(self, user: User, sha256: str) -> bytes | None:
        """The kept copy of an evidence file read by a run the user may see."""
        if not access.any_readable(user, self.store.document_readers(sha256)):
            return None
        try:
            return self.store.snapshot(sha256)
        except (KeyError, FileNotFoundError, ValueError):
            return None

    def snapshot(self, user: User, sha256: str) -> bytes | None:
        """Stored bytes of a page fetched by a run the user may see."""
        if not access.any_readable(user, self.store.snapshot_readers(sha256)):
            return None
        try:
            return self.store.snapshot(sha256)
        except (KeyError, FileNotFoundError, ValueError):
            return None

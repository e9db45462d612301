"""Issue 14 item 9: batches started in the same second get ids of their own, and their rows stay apart."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy.exc import IntegrityError

from audit import batch
from audit.config import load_settings
from audit.registry import SchoolEntry
from audit.store import Store

YEAR = "2022-2023"
RUBRIC = "tdm-2021-2022-school"
SECOND = datetime(2026, 11, 22, 1, 0, 0, tzinfo=timezone.utc)


class _FrozenClock(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
        return SECOND


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    settings = replace(load_settings(env={}), data_dir=tmp_path / "var", database_url=f"sqlite:///{tmp_path / 'a.db'}")
    with Store(settings) as st:
        yield st


def _entry(school_id: str) -> SchoolEntry:
    return SchoolEntry(id=school_id, name=f"THCS {school_id}", url=f"http://{school_id}.edu.vn/", rubric=RUBRIC,
                       district="Dĩ An")


def test_two_batches_in_the_same_second_get_different_ids_and_keep_their_rows(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "datetime", _FrozenClock)
    first = batch.register(store, [_entry("a"), _entry("b")], YEAR)
    second = batch.register(store, [_entry("c")], YEAR)
    assert first != second
    assert all(re.fullmatch(r"2022-2023-20261122T010000-[0-9a-f]{6}", b) for b in (first, second))
    for batch_id, school_ids in ((first, ["a", "b"]), (second, ["c"])):   # each run keyed by its own batch
        for sid in school_ids:
            store.finish_run(store.start_run(sid, YEAR, batch_id, batch_id=batch_id), "done")
    assert store.batch_progress(first)["schools"] == {"a": "done", "b": "done"}
    assert store.batch_progress(second)["schools"] == {"c": "done"}
    assert [r["school"]["id"] for r in store.batch_results(second)] == ["c"]
    assert {b["id"]: b["schools"] for b in store.batches()} == {first: ["a", "b"], second: ["c"]}


def test_an_id_already_taken_is_never_reused(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when the random part repeats in the same second, the store refuses the id and another is drawn."""
    monkeypatch.setattr(batch, "datetime", _FrozenClock)
    suffixes = iter(["aaaaaa", "aaaaaa", "aaaaaa", "bbbbbb"])
    monkeypatch.setattr(batch.secrets, "token_hex", lambda _n: next(suffixes))
    first = batch.register(store, [_entry("a")], YEAR)
    second = batch.register(store, [_entry("b")], YEAR)
    assert (first, second) == ("2022-2023-20261122T010000-aaaaaa", "2022-2023-20261122T010000-bbbbbb")
    assert store.batch_progress(first)["schools"] == {"a": "pending"}
    assert store.batch_progress(second)["schools"] == {"b": "pending"}
    with pytest.raises(IntegrityError):
        store.create_batch(first, YEAR, ["b"], new=True)
    assert store.batch_progress(first)["schools"] == {"a": "pending"}   # nothing written by the refused one


def test_a_given_id_is_still_reused(store: Store) -> None:
    """The nightly batch of a day is one batch however often it is registered."""
    assert batch.register(store, [_entry("a")], YEAR, "nightly-20261122") == "nightly-20261122"
    assert batch.register(store, [_entry("b")], YEAR, "nightly-20261122") == "nightly-20261122"
    assert store.batch_progress("nightly-20261122")["schools"] == {"a": "pending", "b": "pending"}

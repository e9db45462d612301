"""One enum per kind of status, one label table: every status has its Vietnamese words, no words lack a status."""
from __future__ import annotations

import json

from audit import labels, status
from audit.review import labels as desk_labels


def test_each_status_has_its_words_and_nothing_else() -> None:
    assert set(labels.STATUS) == set(status.Criterion)
    assert set(labels.CRAWL_STATUS) == set(status.Crawl) == set(labels.DESK_CRAWL_STATUS)
    assert set(labels.CRAWL_NOTICE) == {status.Crawl.FAILED, status.Crawl.PARTIAL}
    assert set(labels.RUN_STATUS) == set(status.Run) == set(labels.DESK_RUN_STATUS)
    assert set(labels.SECTION_STATUS) == set(status.Check)
    assert set(labels.POSTS_STATUS) == {status.Check.OK, status.Check.PARTIAL, status.Check.NOT_TESTED}
    assert set(labels.DOC_STATUS) == set(status.Document)
    assert set(labels.AUDIT_STATUS) == set(status.Audit)
    assert desk_labels.CRITERION_STATUS.keys() == labels.STATUS.keys() and desk_labels.ROLE == labels.ROLE


def test_a_status_is_its_string_everywhere() -> None:
    assert status.Criterion.NOT_TESTED == "not_tested" and labels.STATUS["not_tested"][0] == "Chưa kiểm tra được"
    assert json.dumps({"status": status.Criterion.NEEDS_REVIEW}) == '{"status": "needs_review"}'
    assert f"{status.Run.DONE}" == "done"

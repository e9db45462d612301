"""`audit demo`: score the bundled example school end to end and write its result."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from audit.commands import score_once, write_json
from audit.render import summary_table

RUBRIC = "tdm-2021-2022-school"
YEAR = "2021-2022"


def run_demo(out: str | None) -> int:
    """Score the bundled findings and self-score sheet; print the table; write result.json."""
    data = resources.files("audit.data").joinpath("demo")
    with resources.as_file(data) as folder:
        document = score_once(RUBRIC, str(folder / "findings.json"), str(folder / "self-scores.csv"), YEAR)
    target = Path(out or "audit-out/demo") / "result.json"
    write_json(document, str(target))
    print(summary_table(document))
    print(f"\nKết quả đầy đủ (JSON): {target}")
    return 0

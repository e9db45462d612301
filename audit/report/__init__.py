"""Reports for reviewers (HTML, XLSX, district summary).

The renderers (`html`, `xlsx`, `summary`, `chart`) are pure: plain result dicts in, str/bytes out;
`fmt` holds their shared helpers. Only `files` (and `snapshots.write_snapshots`) touch files or the store.
"""
from __future__ import annotations

from audit.report.files import (folder_name, read_result_files, rebuild_batch, rebuild_files, rebuild_latest,
                                write_school_report, write_summary)

__all__ = ["folder_name", "read_result_files", "rebuild_batch", "rebuild_files", "rebuild_latest",
           "write_school_report", "write_summary"]

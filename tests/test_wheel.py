"""The shipped package carries what it needs: a wheel built from the tree, unpacked away from the source, lists
the six rubrics and `audit rubrics check` passes there (the rubrics are package data, not files of the checkout)."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUBRICS = {"hcm-phong", "longbien-2021-eschool", "tdm-2021-2022-school", "thachbanb-2023-2024-it-staff",
           "vinhphuc-2016-2017-phong", "vinhphuc-2016-2017-school"}
RUN = ("import sys, audit; from audit.cli import main; print('FROM', audit.__file__); "
       "raise SystemExit(main(sys.argv[1:]))")


def _wheel(tmp: Path) -> Path:
    """A wheel of the tree (no download: the build runs in this environment)."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(tmp / "dist"), str(ROOT)], check=True, capture_output=True, timeout=300)
    return next((tmp / "dist").glob("school_audit-*.whl"))


def _audit(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "AUDIT_DATA_DIR": str(cwd / "var")}
    return subprocess.run([sys.executable, "-c", RUN, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_wheel_run_outside_the_tree_has_its_rubrics(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[-1].removesuffix(".yaml") for n in names if n.startswith("audit/rubrics/")
            and n.endswith(".yaml")} == RUBRICS
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere.mkdir()
    listed = _audit(site, elsewhere, "rubrics", "list")
    assert listed.returncode == 0, listed.stderr
    assert f"FROM {site}" in listed.stdout      # the unpacked wheel, not the checkout
    assert all(r in listed.stdout for r in RUBRICS)
    checked = _audit(site, elsewhere, "rubrics", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_image_installs_the_wheel_not_an_editable_copy() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip wheel" in dockerfile and "-e ." not in dockerfile and "COPY rubrics" not in dockerfile

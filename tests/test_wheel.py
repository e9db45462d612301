"""The shipped package carries what it needs: a wheel built from a copy of the tree, installed with pip into a
fresh virtual environment and run away from the source, lists the six rubrics and `audit rubrics check` passes
there (the rubrics are package data, not files of the checkout).

No network here: the wheel is installed without its dependencies, which the fresh environment reads from this
one's site-packages through a path file (that directory's own .pth files, the checkout's editable install among
them, are not processed: only the fresh environment's audit is importable)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUBRICS = {"hcm-phong", "longbien-2021-eschool", "tdm-2021-2022-school", "thachbanb-2023-2024-it-staff",
           "vinhphuc-2016-2017-phong", "vinhphuc-2016-2017-school"}
RUN = ("import sys, audit; from audit.cli import main; print('FROM', audit.__file__); "
       "raise SystemExit(main(sys.argv[1:]))")


def _wheel(tmp: Path) -> Path:
    """A wheel of a clean copy of the tree (no stale build/ folder; no download: the build runs here)."""
    src = tmp / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "*.egg-info")
    for name in ("audit", "workers"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(tmp / "dist"), str(src)], check=True, capture_output=True, timeout=300)
    return next((tmp / "dist").glob("school_audit-*.whl"))


def _fresh_env(tmp: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed by pip (its python)."""
    venv.create(tmp / "fresh", with_pip=True)
    python = tmp / "fresh" / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    return python


def _audit(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"AUDIT_DATA_DIR": str(cwd / "var")}
    return subprocess.run([str(python), "-c", RUN, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_wheel_run_outside_the_tree_has_its_rubrics(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[-1].removesuffix(".yaml") for n in names if n.startswith("audit/rubrics/")
            and n.endswith(".yaml")} == RUBRICS
    python, elsewhere = _fresh_env(tmp_path, wheel), tmp_path / "elsewhere"
    elsewhere.mkdir()
    listed = _audit(python, elsewhere, "rubrics", "list")
    assert listed.returncode == 0, listed.stderr
    assert f"FROM {tmp_path / 'fresh'}" in listed.stdout      # the installed wheel, not the checkout
    assert all(r in listed.stdout for r in RUBRICS)
    checked = _audit(python, elsewhere, "rubrics", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_image_installs_the_wheel_not_an_editable_copy() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip wheel" in dockerfile and "-e ." not in dockerfile and "COPY rubrics" not in dockerfile

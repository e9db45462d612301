"""python -m audit.simulator.unseen --seed 3 [--truth FILE]: serve one unseen portal until Ctrl-C."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from audit.simulator.unseen import build_portal, serve_unseen


def main(argv: list[str] | None = None) -> int:
    """Serve a portal, print its URL and where its truth JSON was written, wait for Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m audit.simulator.unseen")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--truth", type=Path, help="write the ground-truth JSON here (default: a temp file)")
    args = parser.parse_args(argv)
    spec = build_portal(args.seed)
    path = args.truth or Path(tempfile.gettempdir()) / f"{spec.id}-truth.json"
    with serve_unseen([spec]) as running:
        path.write_text(json.dumps(running.truth(spec.id), ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{spec.id} {running.url(spec.id)} {spec.name}", flush=True)
        print(f"truth: {path}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("stopping", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

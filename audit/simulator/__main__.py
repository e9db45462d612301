"""python -m audit.simulator --seed 7 --portals 24 [--port N] [--manifest FILE]: serve until Ctrl-C."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from audit.simulator import build_world, serve


def main(argv: list[str] | None = None) -> int:
    """Serve a world, print each portal's URL, write the manifest, wait for Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m audit.simulator")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--portals", type=int, default=24)
    parser.add_argument("--port", type=int, default=0,
                        help="the first portal's port, the next ones on the ports after it (default: free ports)")
    parser.add_argument("--manifest", type=Path, help="write the ground-truth JSON here")
    args = parser.parse_args(argv)
    world = build_world(seed=args.seed, n_portals=args.portals)
    with serve(world, args.port) as running:
        for portal in world.portals:
            faults = ",".join(portal.faults) or "-"
            print(f"{portal.id:14} {running.url(portal.id):28} {faults:16} {portal.name}", flush=True)
        if args.manifest:
            args.manifest.write_text(json.dumps(running.manifest(), ensure_ascii=False, indent=1),
                                     encoding="utf-8")
            print(f"manifest: {args.manifest}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("stopping", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

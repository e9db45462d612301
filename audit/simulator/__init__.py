"""A realistic simulator of Vietnamese school portals for tests, the demo and benchmarks.

`build_world(seed, n_portals)` generates portals (VHV-CMS, hcm.edu.vn, NukeViet, WordPress
and unseen "generic" layouts) with posts and faults; `serve(world)` serves each on its own
loopback port; `Running.manifest()` is the ground truth computed from the posts.
"""
from __future__ import annotations

from audit.simulator.manifest import build_manifest
from audit.simulator.model import FAULTS, TEMPLATES, Category, Post, PortalSpec, World
from audit.simulator.server import Running, serve
from audit.simulator.world import build_world

__all__ = ["FAULTS", "TEMPLATES", "Category", "Post", "PortalSpec", "Running", "World",
           "build_manifest", "build_world", "serve"]

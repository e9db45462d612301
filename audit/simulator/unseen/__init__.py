"""Unseen synthetic school portals: layouts the crawler was never tuned on, to measure its generality.

Independent of the template classes in `audit/simulator/sites/`. Each portal is drawn from an
int seed (`build_portal`): URL scheme (friendly slugs, ASP.NET, WordPress, Joomla, Botble), markup,
listing dates and formats, pagers (links, JS-only with a working or broken endpoint, none), posts
reachable only through related links, nested menus with document sections, forwarding roots,
English copies, sizes, disclosure and forms, robots/sitemap/RSS. `serve_unseen` serves each
portal on its own loopback port with a request log and a ground truth.

TUNING_SEEDS may be used while developing and in tests; BENCH_SEEDS are for the benchmark only
and are never looked at while developing (neither their pages nor their truth).
"""
from __future__ import annotations

from audit.simulator.unseen.build import build_portal
from audit.simulator.unseen.server import RunningUnseen, serve_unseen
from audit.simulator.unseen.spec import PortalSpec

TUNING_SEEDS = tuple(range(1, 21))
BENCH_SEEDS = tuple(range(9001, 9061))

__all__ = ["BENCH_SEEDS", "TUNING_SEEDS", "PortalSpec", "RunningUnseen", "build_portal", "serve_unseen"]

"""Portal templates by name."""
from __future__ import annotations

from audit.simulator.base import Site
from audit.simulator.sites.generic import GenericSite
from audit.simulator.sites.hcm import HcmSite
from audit.simulator.sites.nukeviet import NukeVietSite
from audit.simulator.sites.vhv import VhvSite
from audit.simulator.sites.wordpress import WordPressSite

SITES: dict[str, type[Site]] = {"vhv": VhvSite, "hcm": HcmSite, "nukeviet": NukeVietSite,
                                "wordpress": WordPressSite, "generic": GenericSite}

"""Which server a request goes to, for politeness: the limiter's key by address, registered domain or host.

Hundreds of school hostnames (`<code>.hcm.edu.vn`) often live on one shared server: keyed by
hostname, a batch would send each of them its own requests at once. The key is a setting
(`AUDIT_POLITENESS_KEY`):
- `ip` (default): the address the fetcher connects to (the one the address guard checked), and the port;
- `domain`: the registered domain under the public suffix list (`hcm.edu.vn`), and the port;
- `host`: the hostname and the port (one limit per school portal, as before).
Every key keeps the port: one address serving on two ports counts as two servers (the simulator's
loopback servers do; on the Internet the schools of one platform share the address and the port).
"""
from __future__ import annotations

import ipaddress
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Callable, Mapping, Sequence, TypeVar
from urllib.parse import urlsplit

import tldextract

from .errors import FetchError
from .netguard import IPAddress, resolve

T = TypeVar("T")

MODES = ("ip", "domain", "host")


def default_port(scheme: str) -> int:
    """80 or 443."""
    return 443 if scheme.lower() == "https" else 80


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    """The bundled public suffix list only: never fetched over the network, never cached on disk."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65536)
def registered_domain(host: str) -> str:
    """"hcm.edu.vn" for "thcs-a.pgd3.hcm.edu.vn"; the host itself for an address or a name without one."""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    return _extractor()(host).top_domain_under_public_suffix or host


def check_mode(mode: str) -> str:
    """The mode, or ValueError naming the allowed ones."""
    if mode not in MODES:
        raise ValueError(f"AUDIT_POLITENESS_KEY phải là một trong {', '.join(MODES)}, không phải '{mode}'")
    return mode


def server_key(mode: str, url: str, address: IPAddress | None) -> str:
    """The limiter's key of a request to `url` reaching `address` (None: not resolved here, the host stands in)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    port = parts.port or default_port(parts.scheme)
    if mode == "ip" and address is not None:
        who = f"[{address}]" if address.version == 6 else str(address)
    elif mode == "domain":
        who = registered_domain(host)
    else:
        who = host
    return f"{who}:{port}"


def url_server_key(mode: str, url: str, overrides: Mapping[str, IPAddress] | None = None) -> str:
    """The key a crawl of `url` will mostly be limited by (a URL without a scheme is taken as https; a name
    that does not resolve falls back to its host)."""
    url = url.strip() if "://" in url else f"https://{url.strip()}"
    address = None
    if mode == "ip":
        parts = urlsplit(url)
        try:
            address = resolve(parts.hostname or "", parts.port or default_port(parts.scheme), overrides)[0]
        except (FetchError, IndexError, ValueError):
            address = None
    return server_key(mode, url, address)


def server_keys(mode: str, urls: Sequence[str], overrides: Mapping[str, IPAddress] | None = None,
                threads: int = 16) -> list[str]:
    """url_server_key of each URL, looked up a few at a time (DNS)."""
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        return list(pool.map(lambda url: url_server_key(mode, url, overrides), urls))


def interleave(items: Sequence[T], key: Callable[[T], str]) -> list[T]:
    """Items taken round-robin across their keys (in order of first appearance; each key's items keep their
    order): consecutive items go to different servers while several have work."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    queues = [list(reversed(group)) for group in groups.values()]
    out: list[T] = []
    while queues:
        out.extend(queue.pop() for queue in queues)
        queues = [queue for queue in queues if queue]
    return out

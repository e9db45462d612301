"""The polite, safe fetcher: robots.txt, per-server limits (`politeness.py`), retries, guarded redirects, size cap, deadlines.

With a school's budget (`Fetcher.budget`) every HTTP request it makes takes one request of it
(robots.txt, retries and redirect hops included, failures too), no request outlives the time
left, and a Retry-After longer than that time (or than `max_retry_wait`) gives the URL up at once.
"""
from __future__ import annotations

import logging
import time
import unicodedata
import warnings
from datetime import datetime, timezone
from typing import Any, Callable, Mapping
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import InsecureRequestWarning

from audit.config import Settings

from . import errors as E
from .body import read_capped, retry_after
from .deadline import Allowance, Deadlines, Watch, WatchedAdapter
from .errors import BudgetSpent, PermanentFetchError, TransientFetchError
from .limiter import HostLimiter, LocalHostLimiter, host_slot
from .netguard import IPAddress, check_target, parse_networks, parse_resolve
from .politeness import check_mode, server_key
from .result import FetchResult
from .robots import ROBOTS_CAP, RobotsCache

log = logging.getLogger(__name__)
MAX_HOPS = 10
REDIRECTS = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504}


def ascii_agent(agent: str) -> str:
    """HTTP headers are latin-1: strip Vietnamese diacritics from the User-Agent."""
    bare = "".join(c for c in unicodedata.normalize("NFD", agent) if unicodedata.category(c) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D").encode("ascii", "ignore").decode()


def host_key(url: str) -> str:
    """Limiter key of the `host` mode: host:port."""
    return server_key("host", url, None)


class Fetcher:
    """Fetches pages of one school politely; `verify_tls=False` is the per-school TLS opt-out."""

    def __init__(self, settings: Settings, verify_tls: bool = True, limiter: HostLimiter | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 obey_robots: bool = True, budget: Allowance | None = None):
        self.settings, self.verify_tls, self.obey_robots = settings, verify_tls, obey_robots
        self.budget = budget   # the school's budget, spent by every request (None: no budget)
        self._deadlines = Deadlines()
        self._sleep, self._clock = sleep, clock
        self.limiter: HostLimiter = limiter or LocalHostLimiter(settings.per_host, sleep, clock)
        self._networks = parse_networks(settings.allow_networks)
        self._key_mode = check_mode(settings.politeness_key)
        self._overrides = parse_resolve(settings.resolve)
        self._pins: dict[str, str] = {}   # host -> the address the guard checked, where connections go
        self.agent = ascii_agent(settings.user_agent)
        self.robot_name = self.agent.split("/")[0].strip()
        self._robots = RobotsCache(self._load_robots)
        self.session = requests.Session()
        self.session.trust_env = False  # an environment proxy would bypass the address guard
        for scheme in ("http://", "https://"):  # and the guard again at connect time (DNS rebinding)
            self.session.mount(scheme, WatchedAdapter(self._networks, self._deadlines, self._pins))
        self.session.headers.update({"User-Agent": self.agent, "Accept-Language": "vi,en;q=0.8"})

    # -- public API -------------------------------------------------------------------------
    def get(self, url: str, **kwargs: Any) -> FetchResult:
        """GET a URL (see request)."""
        return self.request("GET", url, **kwargs)

    def request(self, method: str, url: str, data: Any = None,
                headers: Mapping[str, str] | None = None) -> FetchResult:
        """Fetch, following redirects; raise TransientFetchError/PermanentFetchError on failure."""
        res = self._fetch(method, url, data, headers, robots=self.obey_robots)
        if res.status >= 400:
            cls = TransientFetchError if res.status in RETRY_STATUSES else PermanentFetchError
            raise cls(res.url, E.status_reason(res.status), res.status)
        return res

    def allowed(self, url: str) -> bool:
        """True if robots.txt lets us fetch the URL (TransientFetchError if robots.txt is down)."""
        return self._robots.rules(url).can_fetch(url, self.robot_name)

    def crawl_delay(self, host: str) -> float:
        """Seconds between requests to a host (URL, origin or host:port): config or robots, larger."""
        if not self.obey_robots:
            return self.settings.crawl_delay
        asked = self._robots.rules(host).crawl_delay(self.robot_name) or 0.0
        return max(self.settings.crawl_delay, min(asked, self.settings.max_crawl_delay))

    def sitemaps(self, url: str) -> list[str]:
        """Sitemap: URLs declared in the origin's robots.txt."""
        return list(self._robots.rules(url).sitemaps)

    def abort(self) -> None:
        """Cut every request in flight now (the crawl watchdog; stop the budget too, or more will start)."""
        self._deadlines.abort()

    def close(self) -> None:
        """Close pooled connections."""
        self.session.close()

    # -- internals --------------------------------------------------------------------------
    def _load_robots(self, url: str) -> FetchResult:
        return self._fetch("GET", url, None, None, robots=False, truncate=True)

    def _fetch(self, method: str, url: str, data: Any, headers: Mapping[str, str] | None,
               robots: bool, truncate: bool = False) -> FetchResult:
        """Follow up to MAX_HOPS redirects, guarding every hop; return the final response."""
        start, hops = self._clock(), list[str]()
        for _ in range(MAX_HOPS + 1):
            key = self._guard(url)
            if robots and not self.allowed(url):
                raise PermanentFetchError(url, E.R_ROBOTS)
            resp, body = self._send(method, url, data, headers, robots, truncate, key)
            location = resp.headers.get("Location") if resp.status_code in REDIRECTS else None
            if not location:
                return self._result(resp, url, body, hops, start)
            hops.append(url)
            url = urljoin(url, location.strip())
            if resp.status_code == 303 or (resp.status_code in (301, 302) and method == "POST"):
                method, data = "GET", None
            log.debug("redirect %s -> %s", hops[-1], url)
        raise PermanentFetchError(url, E.R_REDIRECTS)

    def _guard(self, url: str) -> str:
        """Scheme and address checks, before any connection; pin the host to the address checked and
        return the request's politeness key."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            raise PermanentFetchError(url, E.R_SCHEME if parts.scheme else E.R_BAD_URL)
        address = check_target(url, parts, self._networks, self._overrides)
        self._pin(parts.hostname or "", address)
        return server_key(self._key_mode, url, address)

    def _pin(self, host: str, address: IPAddress | None) -> None:
        """New connections to `host` go to `address` (no second lookup between check and connect)."""
        if address is not None and host and host.strip("[]") != str(address):
            self._pins[host.rstrip(".")] = str(address)

    def _send(self, method: str, url: str, data: Any, headers: Mapping[str, str] | None,
              robots: bool, truncate: bool, key: str) -> tuple[requests.Response, bytes]:
        """One hop with bounded retries and backoff (honouring Retry-After)."""
        attempt = 0
        while True:
            try:
                resp, body = self._attempt(method, url, data, headers, robots, truncate, key)
            except TransientFetchError as exc:
                if not exc.retryable or attempt >= self.settings.max_retries:
                    raise
                self._backoff(url, attempt, None, exc.status)
            else:
                if resp.status_code not in RETRY_STATUSES or attempt >= self.settings.max_retries:
                    return resp, body
                self._backoff(url, attempt, resp.headers.get("Retry-After"), resp.status_code)
            attempt += 1

    def _backoff(self, url: str, attempt: int, header: str | None, status: int | None) -> None:
        """Sleep before the next try; a Retry-After beyond the budget's time left or max_retry_wait gives up."""
        left = self.budget.left() if self.budget is not None else float("inf")
        asked, cap = retry_after(header), self.settings.max_retry_wait
        if asked is not None and (asked > left or asked > cap):
            log.info("give up %s: Retry-After %s", url, header)
            raise TransientFetchError(url, E.wait_reason(asked, asked > left, cap), status,
                                      detail=f"Retry-After: {header}")
        wait = min(max(self.settings.retry_backoff * 2 ** attempt, asked or 0.0), cap)
        if self.budget is not None and wait >= left:
            raise BudgetSpent(url, self.budget.time_reason())
        log.info("retry %s in %.1fs (attempt %d)", url, wait, attempt + 1)
        self._sleep(wait)

    def _spend(self, url: str) -> None:
        """Take one request of the budget (BudgetSpent when none is left)."""
        reason = self.budget.take() if self.budget is not None else ""
        if reason:
            raise BudgetSpent(url, reason)

    def _limit(self, url: str) -> tuple[float, bool]:
        """Seconds this request may take, whole: total_timeout or the budget's time left, the shorter
        (and whether it is the budget's); BudgetSpent when no time is left."""
        left = self.budget.left() if self.budget is not None else float("inf")
        if self.budget is not None and left <= 0:
            raise BudgetSpent(url, self.budget.time_reason())
        return min(self.settings.total_timeout, left), left <= self.settings.total_timeout

    def _expired(self, url: str, by_budget: bool, limit: float) -> E.FetchError:
        if self.budget is not None and (by_budget or self.budget.left() <= 0):
            return BudgetSpent(url, self.budget.time_reason(), detail=f"cắt sau {limit:.1f} s")
        return TransientFetchError(url, E.R_TIMEOUT, detail=f"tổng thời gian tải vượt {limit:.0f} s")

    def _attempt(self, method: str, url: str, data: Any, headers: Mapping[str, str] | None,
                 robots: bool, truncate: bool, key: str) -> tuple[requests.Response, bytes]:
        """One request inside its server's slot (`key`), whole (connect, headers, body) within its deadline; the body
        is read only for non-error final responses."""
        delay = self.crawl_delay(url) if robots else self.settings.crawl_delay
        self._spend(url)
        with host_slot(self.limiter, key, delay):
            limit, by_budget = self._limit(url)
            end = self._clock() + limit
            with self._deadlines.within(limit) as watch:
                try:
                    resp, body = self._exchange(method, url, data, headers, truncate, limit, end)
                except E.FetchError as exc:
                    if self._cut(watch, exc, end):
                        raise self._expired(url, by_budget, limit) from exc
                    raise
                if watch.fired:   # the body ended when its socket was shut down: cut, not complete
                    raise self._expired(url, by_budget, limit)
                return resp, body

    def _cut(self, watch: Watch, exc: E.FetchError, end: float) -> bool:
        return watch.fired or (exc.reason == E.R_TIMEOUT and self._clock() >= end)

    def _exchange(self, method: str, url: str, data: Any, headers: Mapping[str, str] | None,
                  truncate: bool, limit: float, end: float) -> tuple[requests.Response, bytes]:
        log.debug("fetch %s %s", method, url)
        resp = self._open(method, url, data, headers, limit)
        with resp:
            if resp.status_code in REDIRECTS or resp.status_code >= 400:
                return resp, b""
            return resp, self._read(resp, url, truncate, end)

    def _open(self, method: str, url: str, data: Any, headers: Mapping[str, str] | None,
              limit: float) -> requests.Response:
        timeout = (min(self.settings.connect_timeout, limit), min(self.settings.read_timeout, limit))
        try:
            with warnings.catch_warnings():  # an opted-out school is recorded in its result, not warned per page
                warnings.simplefilter("ignore", InsecureRequestWarning)
                return self.session.request(method, url, data=data, headers=dict(headers or {}), stream=True,
                                            allow_redirects=False, timeout=timeout, verify=self.verify_tls)
        except requests.RequestException as exc:
            raise classify(url, exc) from exc
        except PermanentFetchError as exc:  # the connection reached a refused address
            raise PermanentFetchError(url, exc.reason, detail=exc.detail) from exc

    def _read(self, resp: requests.Response, url: str, truncate: bool, deadline: float) -> bytes:
        cap = ROBOTS_CAP if truncate else self.settings.max_bytes
        try:
            body, over = read_capped(resp, url, cap, deadline, self._clock)
        except requests.RequestException as exc:
            raise classify(url, exc) from exc
        if over and not truncate:
            raise PermanentFetchError(url, E.R_TOO_LARGE, resp.status_code, f"> {cap} bytes")
        return body

    def _result(self, resp: requests.Response, url: str, body: bytes, hops: list[str],
                start: float) -> FetchResult:
        return FetchResult(url=url, status=resp.status_code, headers=resp.headers, content=body,
                           fetched_at=datetime.now(timezone.utc), elapsed=self._clock() - start,
                           redirects=hops, verify_tls=self.verify_tls)


def classify(url: str, exc: requests.RequestException) -> E.FetchError:
    """Map a requests exception to our error classes, once."""
    detail = f"{type(exc).__name__}: {exc}"[:300]
    if isinstance(exc, requests.exceptions.SSLError):
        return PermanentFetchError(url, E.R_TLS, detail=detail)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return TransientFetchError(url, E.R_TIMEOUT, detail=detail, retryable=True)
    if isinstance(exc, requests.exceptions.ReadTimeout) or "timed out" in str(exc).lower():
        return TransientFetchError(url, E.R_TIMEOUT, detail=detail)
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema, requests.exceptions.InvalidHeader)):
        return PermanentFetchError(url, E.R_BAD_URL, detail=detail)
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return PermanentFetchError(url, "nội dung nén bị lỗi", detail=detail)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return TransientFetchError(url, E.R_CONNECT, detail=detail)
    return TransientFetchError(url, E.R_CONNECT, detail=detail, retryable=True)

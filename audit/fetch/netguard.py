"""Refuse private, loopback, link-local and reserved addresses unless allowed in config."""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import SplitResult

from .errors import R_BAD_URL, R_DNS, R_DNS_AGAIN, R_PRIVATE, PermanentFetchError, TransientFetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(cidrs: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """CIDR strings from the settings as network objects."""
    return tuple(ipaddress.ip_network(c, strict=False) for c in cidrs)


def is_public(ip: IPAddress) -> bool:
    """True for globally routable unicast addresses."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return is_public(ip.ipv4_mapped)
    return ip.is_global and not ip.is_multicast


def address_allowed(ip: IPAddress, allowed: tuple[IPNetwork, ...]) -> bool:
    """Public addresses, or those inside an allowed network."""
    return is_public(ip) or any(ip.version == net.version and ip in net for net in allowed)


def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses `host` resolves to (a literal IP resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        again = exc.errno == socket.EAI_AGAIN
        cls = TransientFetchError if again else PermanentFetchError
        raise cls(host, R_DNS_AGAIN if again else R_DNS, detail=str(exc)) from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def check_target(url: str, parts: SplitResult, allowed: tuple[IPNetwork, ...]) -> None:
    """Raise PermanentFetchError unless every address of the URL's host may be reached."""
    host = parts.hostname
    if not host:
        raise PermanentFetchError(url, R_BAD_URL)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise PermanentFetchError(url, R_BAD_URL, detail=str(exc)) from exc
    try:
        addresses = resolve(host, port)
    except (TransientFetchError, PermanentFetchError) as exc:
        raise type(exc)(url, exc.reason, detail=exc.detail) from exc
    refused = [ip for ip in addresses if not address_allowed(ip, allowed)]
    if refused or not addresses:
        raise PermanentFetchError(url, R_PRIVATE, detail=", ".join(map(str, refused)))

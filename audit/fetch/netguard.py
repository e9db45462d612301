"""Refuse private, loopback, link-local and reserved addresses unless allowed in config; an IPv6
address that embeds IPv4 (mapped, compatible, NAT64, 6to4, Teredo, ISATAP) is judged by the IPv4 it carries."""
from __future__ import annotations

import ipaddress
import socket
from typing import Mapping
from urllib.parse import SplitResult

from .errors import R_BAD_URL, R_DNS, R_DNS_AGAIN, R_PRIVATE, PermanentFetchError, TransientFetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(cidrs: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """CIDR strings from the settings as network objects."""
    return tuple(ipaddress.ip_network(c, strict=False) for c in cidrs)


# IPv6 prefixes whose addresses carry an IPv4 address (RFC 6052, 3056, 4380, 4291): such an
# address reaches, or is translated to, the IPv4 it embeds, so that IPv4 decides.
_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")        # IPv4-mapped
_COMPATIBLE = ipaddress.IPv6Network("::/96")            # IPv4-compatible (deprecated; :: and ::1 fall here too)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")          # NAT64 well-known prefix
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # NAT64 local-use (RFC 8215): never global, refused
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")       # 6to4: the IPv4 in bits 16–47
_TEREDO = ipaddress.IPv6Network("2001::/32")            # Teredo: server IPv4, and the client's XOR-ed
_ISATAP_IDS = (0x00005EFE, 0x02005EFE)                  # ISATAP interface id ::0:5efe:a.b.c.d / ::200:5efe:a.b.c.d


def embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address embeds (Teredo: its server's, and its client's XOR-ed;
    ISATAP: the interface id's), () when it embeds none."""
    value = int(ip)
    if ip in _MAPPED or ip in _COMPATIBLE or ip in _NAT64:
        return (ipaddress.IPv4Address(value & 0xFFFFFFFF),)
    if ip in _SIX_TO_FOUR:
        return (ipaddress.IPv4Address((value >> 80) & 0xFFFFFFFF),)
    if ip in _TEREDO:
        return ipaddress.IPv4Address((value >> 64) & 0xFFFFFFFF), ipaddress.IPv4Address(~value & 0xFFFFFFFF)
    if (value >> 32) & 0xFFFFFFFF in _ISATAP_IDS:
        return (ipaddress.IPv4Address(value & 0xFFFFFFFF),)
    return ()


def _translated(ip: ipaddress.IPv6Address) -> bool:
    """True for the prefixes whose addresses stand for the IPv4 they embed (it alone decides)."""
    return any(ip in net for net in (_MAPPED, _COMPATIBLE, _NAT64, _SIX_TO_FOUR, _TEREDO))


def is_public(ip: IPAddress) -> bool:
    """True for globally routable unicast addresses.

    An IPv6 address of a prefix that embeds IPv4 (mapped, compatible, NAT64, 6to4, Teredo) is public
    when every IPv4 it embeds is; one with an ISATAP interface id must also embed a public IPv4; the
    NAT64 local-use prefix never is (where its IPv4 sits depends on the operator's prefix length).
    """
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            return False
        inner = embedded_ipv4(ip)
        if not all(is_public(v4) for v4 in inner):
            return False
        if inner and _translated(ip):
            return True
    return ip.is_global and not ip.is_multicast


def address_allowed(ip: IPAddress, allowed: tuple[IPNetwork, ...]) -> bool:
    """Public addresses, or those inside an allowed network."""
    return is_public(ip) or any(ip.version == net.version and ip in net for net in allowed)


def parse_resolve(entries: tuple[str, ...]) -> dict[str, IPAddress]:
    """`AUDIT_RESOLVE` pairs "name:address" (like curl --resolve, without the port) as a map; ValueError if malformed."""
    pins: dict[str, IPAddress] = {}
    for entry in entries:
        name, _, address = entry.strip().partition(":")
        if not name or not address:
            raise ValueError(f"AUDIT_RESOLVE: '{entry}' không có dạng tên:địa-chỉ")
        pins[name.strip().lower().rstrip(".")] = ipaddress.ip_address(address.strip().strip("[]"))
    return pins


def resolve(host: str, port: int, overrides: Mapping[str, IPAddress] | None = None) -> list[IPAddress]:
    """All addresses `host` resolves to (a literal IP resolves to itself; an overridden name to its address)."""
    if overrides and host.lower().rstrip(".") in overrides:
        return [overrides[host.lower().rstrip(".")]]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        again = exc.errno == socket.EAI_AGAIN
        cls = TransientFetchError if again else PermanentFetchError
        raise cls(host, R_DNS_AGAIN if again else R_DNS, detail=str(exc)) from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def check_target(url: str, parts: SplitResult, allowed: tuple[IPNetwork, ...],
                 overrides: Mapping[str, IPAddress] | None = None) -> IPAddress:
    """The address to connect to (the first the host resolves to); PermanentFetchError unless every
    address of the URL's host may be reached."""
    host = parts.hostname
    if not host:
        raise PermanentFetchError(url, R_BAD_URL)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise PermanentFetchError(url, R_BAD_URL, detail=str(exc)) from exc
    try:
        addresses = resolve(host, port, overrides)
    except (TransientFetchError, PermanentFetchError) as exc:
        raise type(exc)(url, exc.reason, detail=exc.detail) from exc
    refused = [ip for ip in addresses if not address_allowed(ip, allowed)]
    if refused or not addresses:
        raise PermanentFetchError(url, R_PRIVATE, detail=", ".join(map(str, refused)))
    return addresses[0]

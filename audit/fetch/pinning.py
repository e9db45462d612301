"""The address guard again at connect time: the socket's peer must be an allowed address.

`check_target` resolves a host before each request, but the connection resolves it again: a
host that answers a public address first and a private one a moment later (DNS rebinding)
would slip past. urllib3's connection classes are subclassed to connect to the address the guard
checked (the fetcher's pins: no second lookup, and `AUDIT_RESOLVE` names reach their address) and to
check the address the socket actually reached; they are made per Fetcher (no class-level state
shared between fetchers).
"""
from __future__ import annotations

import ipaddress
import socket
from typing import Any, Mapping

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .errors import R_PRIVATE, PermanentFetchError
from .netguard import IPNetwork, address_allowed


def checked_peer(sock: socket.socket, host: str, allowed: tuple[IPNetwork, ...]) -> socket.socket:
    """The socket, if its peer is an allowed address; else it is closed and PermanentFetchError raised."""
    peer = ipaddress.ip_address(str(sock.getpeername()[0]).split("%")[0])
    if not address_allowed(peer, allowed):
        sock.close()
        raise PermanentFetchError(host, R_PRIVATE, detail=f"connected to {peer}")
    return sock


def pinned_socket(conn: Any, base: type[HTTPConnection], pins: Mapping[str, str]) -> socket.socket:
    """The base connection's socket, opened to the host's pinned address when it has one (the Host
    header, TLS name and certificate check still use the host name)."""
    address = pins.get(conn.host)
    if address is None:
        return base._new_conn(conn)
    name, conn._dns_host = conn._dns_host, address
    try:
        return base._new_conn(conn)
    finally:
        conn._dns_host = name


def _connection_class(base: type[HTTPConnection], allowed: tuple[IPNetwork, ...],
                      pins: Mapping[str, str]) -> type[HTTPConnection]:
    def _new_conn(self: Any) -> socket.socket:
        return checked_peer(pinned_socket(self, base, pins), self.host, allowed)
    return type(f"Guarded{base.__name__}", (base,), {"_new_conn": _new_conn})


def guarded_pools(allowed: tuple[IPNetwork, ...],
                  pins: Mapping[str, str] | None = None) -> dict[str, type[HTTPConnectionPool]]:
    """Pool classes whose connections go to the pinned address (if any) and check their peer address."""
    pins = {} if pins is None else pins
    return {"http": type("GuardedHTTPConnectionPool", (HTTPConnectionPool,),
                         {"ConnectionCls": _connection_class(HTTPConnection, allowed, pins)}),
            "https": type("GuardedHTTPSConnectionPool", (HTTPSConnectionPool,),
                          {"ConnectionCls": _connection_class(HTTPSConnection, allowed, pins)})}


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections only reach allowed addresses (the pinned one of a host if any)."""

    def __init__(self, allowed: tuple[IPNetwork, ...], pins: Mapping[str, str] | None = None,
                 **kwargs: Any) -> None:
        self.allowed = allowed  # before super().__init__, which builds the pool manager
        self.pins = {} if pins is None else pins
        super().__init__(**kwargs)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        """The usual pool manager, with the guarded pool classes."""
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = guarded_pools(self.allowed, self.pins)

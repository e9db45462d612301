"""The address guard and IPv6 that embeds IPv4 (issue 14, item 10): every prefix that carries an
IPv4 address — IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96), 6to4 (2002::/16), Teredo
(2001::/32, client XOR-ed) and ISATAP interface ids — is judged by the IPv4 it carries: a loopback,
private or link-local one is refused, a public one allowed; the NAT64 local-use prefix is refused."""
from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from audit.fetch import Fetcher, PermanentFetchError
from audit.fetch.errors import R_PRIVATE
from audit.fetch.netguard import address_allowed, embedded_ipv4, is_public
from tests.test_fetch import make_settings

PRIVATE = ("127.0.0.1", "10.1.2.3", "192.168.1.10", "169.254.169.254", "172.16.0.5", "100.64.0.1", "0.0.0.0")
PUBLIC = ("8.8.8.8", "203.113.131.1", "14.225.0.1")


def _v4(text: str) -> int:
    return int(ipaddress.IPv4Address(text))


def mapped(v4: str) -> str:
    return str(ipaddress.IPv6Address((0xFFFF << 32) | _v4(v4)))


def compatible(v4: str) -> str:
    return str(ipaddress.IPv6Address(_v4(v4)))


def nat64(v4: str) -> str:
    return str(ipaddress.IPv6Address((0x0064FF9B << 96) | _v4(v4)))


def six_to_four(v4: str) -> str:
    return str(ipaddress.IPv6Address((0x2002 << 112) | (_v4(v4) << 80) | 1))


def teredo_client(v4: str, server: str = "65.54.227.120") -> str:
    """A Teredo address: 2001:0000, the server's IPv4, flags, port and the client's IPv4, both XOR-ed."""
    return str(ipaddress.IPv6Address((0x20010000 << 96) | (_v4(server) << 64) | (0x8000 << 48)
                                     | ((~40000 & 0xFFFF) << 32) | (~_v4(v4) & 0xFFFFFFFF)))


def teredo_server(v4: str) -> str:
    return teredo_client("8.8.4.4", server=v4)


def isatap(v4: str) -> str:
    return str(ipaddress.IPv6Address((0x2A001234 << 96) | (0x5EFE << 32) | _v4(v4)))


FORMS = {"mapped": mapped, "compatible": compatible, "nat64": nat64, "6to4": six_to_four,
         "teredo_client": teredo_client, "teredo_server": teredo_server, "isatap": isatap}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("v4", PRIVATE)
def test_an_embedded_private_ipv4_is_refused(form: str, v4: str) -> None:
    ip = ipaddress.IPv6Address(FORMS[form](v4))
    assert v4 in {str(a) for a in embedded_ipv4(ip)}, ip
    assert not is_public(ip), ip
    assert not address_allowed(ip, ()), ip


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("v4", PUBLIC)
def test_an_embedded_public_ipv4_is_allowed(form: str, v4: str) -> None:
    ip = ipaddress.IPv6Address(FORMS[form](v4))
    assert v4 in {str(a) for a in embedded_ipv4(ip)}, ip
    assert is_public(ip), ip


def test_the_teredo_client_is_read_through_its_xor() -> None:
    ip = ipaddress.IPv6Address("2001:0:4136:e378:8000:63bf:3fff:fdd2")   # RFC 4380's example
    assert [str(a) for a in embedded_ipv4(ip)] == ["65.54.227.120", "192.0.2.45"]
    assert ip.teredo == tuple(embedded_ipv4(ip))   # the standard library agrees


@pytest.mark.parametrize("address", ["64:ff9b:1::808:808", "64:ff9b:1:7f00:1::", "64:ff9b:1::7f00:1"])
def test_the_nat64_local_use_prefix_is_refused(address: str) -> None:
    assert not is_public(ipaddress.IPv6Address(address))


@pytest.mark.parametrize("address", ["::", "::1", "fe80::1", "fc00::1", "ff02::1", "2001:db8::1", "127.0.0.1",
                                     "10.0.0.1", "224.0.0.1"])
def test_the_usual_private_addresses_stay_refused(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["2606:4700:4700::1111", "2a00:1450:4001:82a::200e", "8.8.8.8"])
def test_plain_public_addresses_stay_allowed(address: str) -> None:
    ip = ipaddress.ip_address(address)
    assert is_public(ip)
    assert ip.version == 4 or embedded_ipv4(ip) == ()


def test_allowed_networks_do_not_open_an_embedded_loopback(tmp_path: Path) -> None:
    """127.0.0.0/8 allowed (the tests' setting) allows 127.0.0.1, not an IPv6 form of it."""
    allowed = (ipaddress.ip_network("127.0.0.0/8"),)
    assert address_allowed(ipaddress.ip_address("127.0.0.1"), allowed)
    for form in FORMS.values():
        assert not address_allowed(ipaddress.IPv6Address(form("127.0.0.1")), allowed)


@pytest.mark.parametrize("form", ["nat64", "6to4", "compatible", "mapped", "teredo_client"])
def test_the_fetcher_refuses_a_url_with_an_embedded_loopback_without_connecting(tmp_path: Path, form: str) -> None:
    fetcher = Fetcher(make_settings(tmp_path))
    try:
        with pytest.raises(PermanentFetchError) as info:
            fetcher.get(f"http://[{FORMS[form]('127.0.0.1')}]:8080/admin")
    finally:
        fetcher.close()
    assert info.value.reason == R_PRIVATE

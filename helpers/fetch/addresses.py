"""Which addresses a pasted link may reach: looked up once, checked, then connected to as checked.

A workbook fetches on the analyst's behalf whatever link was pasted, so by default it reaches
public addresses only. Loopback, private, link-local and shared (carrier-grade NAT) addresses are
allowed with `allow_private=True`, for desks with an intranet; cloud metadata, multicast,
reserved and unspecified addresses never are.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from typing import Any, TypeAlias

from helpers.fetch.batch import Batch

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
# (family, sockaddr) as socket.getaddrinfo gives them, ready for socket.connect.
Address: TypeAlias = tuple[socket.AddressFamily, tuple[Any, ...]]

# Instance-metadata services hand out cloud credentials: AWS, GCP and Azure (169.254.169.254),
# AWS ECS tasks, Alibaba, AWS over IPv6.
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")  # 0.x.y.z reaches this machine on Linux
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: someone's inside network
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_TICK_S = 0.05


def refusal(address: str | IPAddress, *, allow_private: bool) -> str | None:
    """Why `address` may not be fetched ("a loopback address", ...), or None when it may.

    Example:
        >>> refusal("169.254.169.254", allow_private=True)
        'a cloud metadata address'
        >>> refusal("127.0.0.1", allow_private=False)
        'a loopback address (this machine)'
        >>> refusal("127.0.0.1", allow_private=True) is None
        True
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    for inner in _embedded(ip):
        never, why = _kind(inner)
        if why and (never or not allow_private):
            return why
    return None


def _embedded(ip: IPAddress) -> list[IPAddress]:
    """What to judge: an IPv4 address carried in IPv6 (mapped, NAT64) by itself; 6to4 both."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return [ip.ipv4_mapped]
        if ip in _NAT64:
            return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
        if ip.sixtofour:
            return [ip, ip.sixtofour]
    return [ip]


def _kind(ip: IPAddress) -> tuple[bool, str | None]:
    """(never allowed, what it is) for a non-public address; (False, None) for a public one."""
    if ip in METADATA:
        return True, "a cloud metadata address"
    if ip.is_unspecified or (isinstance(ip, ipaddress.IPv4Address) and ip in _THIS_NETWORK):
        return True, "the unspecified address"
    if ip.is_multicast:
        return True, "a multicast address"
    if ip.is_loopback:
        return False, "a loopback address (this machine)"
    if ip.is_link_local:
        return False, "a link-local address"
    if ip.is_reserved:
        return True, "a reserved address"
    if ip.is_private:
        return False, "a private (intranet) address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return False, "a shared (carrier-grade NAT) address"
    if not ip.is_global:
        return True, "not a public address"
    return False, None


def lookup(host: str, port: int, batch: Batch, until: float) -> list[Address]:
    """The addresses `host` resolves to, IPv4 first; raises TimeoutError, socket.gaierror.

    The system resolver cannot be interrupted, so it runs in a daemon thread that is left to end
    by itself when the deadline or a cancel comes first.
    """
    done = threading.Event()
    out: dict[str, Any] = {}

    def resolve() -> None:
        try:
            out["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            out["error"] = exc
        finally:
            done.set()

    threading.Thread(target=resolve, name="wiredesk-dns", daemon=True).start()
    while not done.wait(_TICK_S):
        if batch.stopped() or batch.remaining() <= 0 or time.monotonic() >= until:
            raise TimeoutError(host)
    if "error" in out:
        error = out["error"]
        raise error if isinstance(error, socket.gaierror) else socket.gaierror(str(error))
    infos = sorted(out["infos"], key=lambda info: info[0] != socket.AF_INET)
    return [(family, sockaddr) for family, _, _, _, sockaddr in infos]


def ip_of(address: Address) -> IPAddress:
    """The IP address of a looked-up address (scope ids dropped)."""
    return ipaddress.ip_address(str(address[1][0]).split("%")[0])

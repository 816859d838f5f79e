"""Who is asking and under which public address the site answers: one WSGI middleware for the whole app.

Every absolute URL (`url_for(..., _external=True)`, redirects, the YASGUI endpoint, the Service
Description, VoID) is built by Flask from the WSGI environment, so fixing the environment here
fixes them all, including on pages added later:

- `public_base_url` set: scheme, host and path prefix come from it, whatever the request says.
- not set: the Host header is used only if `allowed_hosts` lists it; otherwise the request is
  answered 400 (`host_not_allowed`) before anything could reflect the header.
- a request from one of `trusted_proxies` names its client in X-Forwarded-For (and its scheme and
  host in X-Forwarded-Proto/-Host); from anyone else those headers are ignored. REMOTE_ADDR becomes
  that client, so the per-client query allowance counts people, not the proxy.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, request

from ..config import Settings
from ..errors import HostNotAllowedError

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
BAD_HOST = "wugraph.bad_host"
PEER = "wugraph.peer_addr"
WILDCARD_BINDS = ("0.0.0.0", "::", "")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(entries: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def host_name(host: str) -> str:
    """The host part of a Host header value, lower-cased, without the port ("[::1]:80" gives "::1")."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host[1:]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """Django's rule: an exact name, "*" for any, ".example.org" for it and its subdomains; ports are ignored."""
    name = host_name(host)
    if not name:
        return False
    for entry in allowed:
        entry = entry.strip().lower()
        if entry == "*" or name == host_name(entry):
            return True
        if entry.startswith(".") and (name == entry[1:] or name.endswith(entry)):
            return True
    return False


class PublicOrigin:
    """WSGI middleware: the client's address behind trusted proxies, and the public scheme, host and prefix."""

    def __init__(self, app: WSGIApp, settings: Settings) -> None:
        self.app = app
        self.trusted = _networks(settings.trusted_proxies)
        self.allowed = tuple(settings.allowed_hosts) + (() if settings.host in WILDCARD_BINDS else (settings.host,))
        self.base: tuple[str, str, str] | None = None
        if settings.public_base_url:
            parts = urlsplit(settings.public_base_url.strip())
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"public_base_url must be an absolute http(s) URL, not {settings.public_base_url!r}")
            self.base = (parts.scheme, parts.netloc, parts.path.rstrip("/"))

    def _is_trusted(self, peer: str) -> bool:
        if not self.trusted:
            return False
        address = _address(peer)
        return address is not None and any(address in network for network in self.trusted)

    def _client(self, forwarded: str, peer: str) -> str:
        """The rightmost X-Forwarded-For entry that is not one of our proxies: the client the last proxy saw."""
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        for hop in reversed(hops):
            if not self._is_trusted(hop):
                return hop[:64]
        return hops[0][:64] if hops else peer

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        peer = environ.get("REMOTE_ADDR", "")
        environ[PEER] = peer
        via_proxy = self._is_trusted(peer)
        if via_proxy:
            environ["REMOTE_ADDR"] = self._client(environ.get("HTTP_X_FORWARDED_FOR", ""), peer)
        if self.base is not None:
            scheme, netloc, prefix = self.base
            environ["wsgi.url_scheme"], environ["HTTP_HOST"] = scheme, netloc
            environ["SCRIPT_NAME"] = prefix + environ.get("SCRIPT_NAME", "")
            return self.app(environ, start_response)
        if via_proxy:
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
            forwarded_host = environ.get("HTTP_X_FORWARDED_HOST", "").split(",")[0].strip()
            if forwarded_host:
                environ["HTTP_HOST"] = forwarded_host
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if not host_allowed(host, self.allowed):
            environ[BAD_HOST] = host[:200]
            environ["HTTP_HOST"] = "localhost"  # nothing downstream may build a URL from the rejected value
        return self.app(environ, start_response)


def _refuse_unknown_host() -> None:
    bad = request.environ.get(BAD_HOST)
    if bad is not None:
        raise HostNotAllowedError(
            f"Tên máy {bad!r} trong tiêu đề Host không nằm trong danh sách cho phép. Quản trị viên: đặt "
            "WUGRAPH_PUBLIC_BASE_URL (địa chỉ công khai của trang) hoặc thêm tên này vào WUGRAPH_ALLOWED_HOSTS.",
            f"The host {bad!r} in the Host header is not allowed. Operators: set WUGRAPH_PUBLIC_BASE_URL "
            "(the site's public address) or add this name to WUGRAPH_ALLOWED_HOSTS.",
            host=bad,
        )


def install(app: Flask, settings: Settings) -> None:
    """Wrap the app once; requests naming an unknown host are refused before any view runs."""
    app.wsgi_app = PublicOrigin(app.wsgi_app, settings)  # type: ignore[method-assign]
    app.before_request(_refuse_unknown_host)

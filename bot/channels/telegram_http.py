"""PTB's Bot API calls over one aiohttp session instead of httpx.

Why: with `bench load`, py-spy put about a third of a Telegram replica's CPU
in sending replies through PTB's own `HTTPXRequest` (httpx, httpcore and
anyio do a lot of Python work per request); aiohttp, which already serves our
webhook, makes the same call for much less. ptbcontrib's `AiohttpRequest` is
not on PyPI (git only) and bounds every request by one 15 s total, which
a long poll outlasts, so this is our own, small, mirror of `HTTPXRequest`:

- the same defaults: 256 connections (1 for getUpdates, see `for_get_updates`),
  read/write/connect timeouts 5 s, pool timeout 1 s, 20 s to write an upload;
- a timeout left at `DEFAULT_NONE` takes this instance's default, None means
  no limit;
- parameters go as form fields holding PTB's JSON-encoded values, files as
  multipart/form-data with their file names and content types;
- timeouts become `TimedOut`, connection failures `NetworkError`; status
  codes, RetryAfter and the rest are `BaseRequest.post`'s work, unchanged;
- a proxy in HTTP_PROXY / HTTPS_PROXY (minus NO_PROXY) is used, as httpx does
  by default (aiohttp's own `trust_env` would read them and ~/.netrc again
  for every request, so they are looked up once per server).

aiohttp has no timeout per socket write, so an upload's pool + connect +
write + read timeouts together bound it up to the response's headers (a peer
that stops reading the file). A form without files fits the socket's buffer,
so writing it never waits and the read timeout alone suffices.
"""
from __future__ import annotations

import asyncio
from urllib.parse import urlencode

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
Proxy = tuple[URL | None, aiohttp.BasicAuth | None]


class AiohttpRequest(BaseRequest):
    """A `telegram.request.BaseRequest` on one long-lived `aiohttp.ClientSession` with a connection pool."""

    __slots__ = ("_pool_size", "_timeouts", "_media_write_timeout", "_default", "_session", "_proxies")

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._timeouts = (read_timeout, write_timeout, connect_timeout, pool_timeout)
        self._media_write_timeout = media_write_timeout
        self._default = _client_timeout(read_timeout, connect_timeout, pool_timeout)
        self._session: aiohttp.ClientSession | None = None  # opened inside the event loop
        self._proxies: dict[str, Proxy] = {}  # scheme://host:port -> the environment's proxy for it

    @classmethod
    def for_get_updates(cls) -> "AiohttpRequest":
        """getUpdates' own instance, as PTB builds it: one connection, its long poll never waits behind a reply."""
        return cls(connection_pool_size=1)

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout; PTB adds getUpdates' long-poll time to it."""
        return self._timeouts[0]

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = self._new_session()

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _new_session(self) -> aiohttp.ClientSession:
        self._proxies.clear()
        return aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._pool_size),
            headers={"User-Agent": self.USER_AGENT},
            timeout=self._default,
        )

    def _open_session(self) -> aiohttp.ClientSession:
        """Like HTTPXRequest: usable before `initialize` (its client opens in __init__), not after `shutdown`."""
        if self._session is None:
            self._session = self._new_session()
        elif self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        return self._session

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._open_session()
        default_read, default_write, default_connect, default_pool = self._timeouts
        files = request_data is not None and request_data.contains_files
        read = _given(read_timeout, default_read)
        write = _given(write_timeout, self._media_write_timeout if files else default_write)
        connect = _given(connect_timeout, default_connect)
        pool = _given(pool_timeout, default_pool)
        same = (read, connect, pool) == (default_read, default_connect, default_pool)
        timeout = self._default if same else _client_timeout(read, connect, pool)

        body, headers = _body(request_data)
        proxy, proxy_auth = self._proxy(url)
        try:
            async with asyncio.timeout(_sum(pool, connect, write, read) if files else None):
                response = await session.request(
                    method, url, data=body, headers=headers, timeout=timeout, proxy=proxy, proxy_auth=proxy_auth
                )
            async with response:
                return response.status, await response.read()
        except asyncio.TimeoutError as exc:  # also aiohttp's connect and socket-read timeouts
            raise TimedOut(f"Timed out ({type(exc).__name__})") from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc

    def _proxy(self, url: str) -> Proxy:
        """The environment's proxy for this URL's server (None, None: connect directly)."""
        end = url.find("/", url.find("//") + 2)
        origin = url if end < 0 else url[:end]
        if origin not in self._proxies:
            try:
                self._proxies[origin] = get_env_proxy_for_url(URL(origin))
            except LookupError:  # none set, or NO_PROXY names this host
                self._proxies[origin] = (None, None)
        return self._proxies[origin]


def _given(value: ODVInput[float], default: float | None) -> float | None:
    """A timeout the caller left at DEFAULT_NONE is this instance's default; None stays None (no limit)."""
    return default if isinstance(value, DefaultValue) else value


def _client_timeout(read: float | None, connect: float | None, pool: float | None) -> aiohttp.ClientTimeout:
    """aiohttp's `connect` covers waiting for a pooled connection and opening one; `sock_read` is per read."""
    return aiohttp.ClientTimeout(total=None, connect=_sum(pool, connect), sock_connect=connect, sock_read=read)


def _sum(*seconds: float | None) -> float | None:
    """Several timeouts as one bound; None (no limit) if any of them is."""
    return None if any(s is None for s in seconds) else sum(seconds)  # type: ignore[arg-type]


def _body(request_data: RequestData | None) -> tuple[bytes | aiohttp.FormData | None, dict[str, str] | None]:
    """The parameters as a form, as HTTPXRequest sends them; multipart/form-data when there are files."""
    if request_data is None:
        return None, None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return urlencode(fields).encode(), FORM
    form = aiohttp.FormData(fields)
    for name, (filename, content, content_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=content_type)
    return form, None

"""A lean HTTP/1.1 keep-alive client for generating load on loopback.

The benchmark's clients share two cores with the server they measure, so every microsecond a
client spends building and parsing requests is taken from the server and shows up as its
latency. A general-purpose client (httpx) spends about half a millisecond of CPU a request on
URL models, header objects and transports; this one writes the request bytes and reads the
status, the headers it needs and the body, as load generators such as wrk do.

Examples
--------
>>> head = request_head("POST", "/graphql", "127.0.0.1:8000", {"Authorization": "Bearer k"}, 2)
>>> head.decode().splitlines()[0]
'POST /graphql HTTP/1.1'
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Coroutine, Mapping
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import orjson

T = TypeVar("T")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, for a server to be started on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def run_clients(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` (the clients) to completion on uvloop when it is installed, as uvicorn runs
    the server: its event loop spends less CPU on the same socket traffic than asyncio's, and
    every bit the clients save is the server's."""
    try:
        import uvloop
    except ImportError:  # Windows has no uvloop
        return asyncio.run(main)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)


class HttpError(Exception):
    """The server closed the connection or answered with something that is not HTTP/1.1."""


def request_head(
    method: str, target: str, host: str, headers: Mapping[str, str], length: int
) -> bytes:
    """The request line and headers, ending with the blank line."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if method != "GET" or length:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class Connection:
    """One keep-alive connection; requests on it are sent one at a time."""

    def __init__(self, url: str, headers: Mapping[str, str]) -> None:
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname is None or parts.port is None:
            raise ValueError(f"{url!r}: only http://host:port URLs are supported")
        self.host, self.port = parts.hostname, parts.port
        self.authority = f"{self.host}:{self.port}"
        self.headers = dict(headers)
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
    ) -> tuple[int, bytes]:
        """Send one request and return its status and body (reconnecting when needed)."""
        target = f"{path}?{urlencode(params)}" if params else path
        headers = self.headers
        body = b""
        if json_body is not None:
            body = orjson.dumps(json_body)
            headers = {**headers, "Content-Type": "application/json"}
        head = request_head(method, target, self.authority, headers, len(body))
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        try:
            self._writer.write(head + body)
            return await _read_response(self._reader)
        except (OSError, asyncio.IncompleteReadError, HttpError):
            await self.close()
            raise

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._reader = self._writer = None


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    status_line = await reader.readline()
    parts = status_line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise HttpError(f"not an HTTP/1.1 status line: {status_line[:80]!r}")
    status = int(parts[1])
    length: int | None = None
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n"):
            break
        if not line:
            raise HttpError("the connection closed in the headers")
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
    if chunked:
        return status, await _read_chunks(reader)
    if length is None:
        raise HttpError("a response with neither Content-Length nor chunked encoding")
    return status, await reader.readexactly(length)


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        size = int((await reader.readline()).split(b";")[0], 16)
        if size == 0:
            await reader.readline()  # the blank line after the last chunk (no trailers sent)
            return bytes(body)
        body += await reader.readexactly(size)
        await reader.readline()

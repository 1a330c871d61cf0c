"""The benchmark's lean HTTP client reads what a real HTTP/1.1 server sends, on keep-alive."""

from __future__ import annotations

import asyncio
import json

import pytest

from bench.http_client import Connection, HttpError, run_clients

pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")


async def _serve(replies: list[bytes], seen: list[bytes]) -> asyncio.Server:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while replies:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length")), 0)
            seen.append(head + await reader.readexactly(length))
            writer.write(replies.pop(0))
            await writer.drain()
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


def test_fixed_length_and_chunked_answers_on_one_connection() -> None:
    async def scenario() -> None:
        seen: list[bytes] = []
        replies = [
            b'HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\n{"data": 1}',
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"4\r\n{\"a\"\r\n3\r\n: 2\r\n1\r\n}\r\n0\r\n\r\n",
            b"HTTP/1.1 200 OK\r\n\r\n",
        ]
        server = await _serve(replies, seen)
        port = server.sockets[0].getsockname()[1]
        connection = Connection(f"http://127.0.0.1:{port}", {"Authorization": "Bearer k"})
        status, body = await connection.request("POST", "/graphql", json_body={"q": "é"})
        assert (status, json.loads(body)) == (200, {"data": 1})
        status, body = await connection.request("GET", "/plain", params={"a": "x y&z"})
        assert (status, json.loads(body)) == (404, {"a": 2})
        with pytest.raises(HttpError, match="neither Content-Length nor chunked"):
            await connection.request("GET", "/")
        await connection.close()
        server.close()
        await server.wait_closed()
        first, second = seen[0].decode(), seen[1].decode()
        assert first.startswith("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:")
        assert "Authorization: Bearer k" in first and "Content-Type: application/json" in first
        assert json.loads(first.split("\r\n\r\n", 1)[1]) == {"q": "é"}
        assert second.startswith("GET /plain?a=x+y%26z HTTP/1.1")
        assert "Content-Length" not in second

    asyncio.run(scenario())


def test_a_closed_connection_is_an_error_and_the_next_request_reconnects() -> None:
    async def scenario() -> None:
        seen: list[bytes] = []
        replies = [b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}']
        server = await _serve(replies, seen)
        port = server.sockets[0].getsockname()[1]
        connection = Connection(f"http://127.0.0.1:{port}", {})
        assert await connection.request("GET", "/") == (200, b"{}")
        with pytest.raises((HttpError, OSError, asyncio.IncompleteReadError)):
            await connection.request("GET", "/")  # the server hung up after one reply
        replies.append(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n[1,2]")
        assert await connection.request("GET", "/again") == (200, b"[1,2]")
        await connection.close()
        server.close()
        await server.wait_closed()

    asyncio.run(scenario())


async def _processes(pids: list[int]) -> asyncio.Server:
    """A server standing in for several server processes behind one socket: the n-th
    connection is "accepted by" process ``pids[n]`` (the last one from then on), and says so
    on ``/bench/pid``."""
    accepted = iter(pids)
    last = pids[-1]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        pid = next(accepted, last)
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                body = json.dumps({"pid": pid}).encode()
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n%s"
                             % (len(body), body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


def test_connections_are_spread_evenly_over_the_server_processes() -> None:
    from bench.api import spread_connections

    async def scenario() -> list[int]:
        # a burst lands on process 1 first, as when one process wakes before the other
        server = await _processes([1, 1, 1, 1, 1, 2, 1, 2, 2, 2])
        port = server.sockets[0].getsockname()[1]
        connections, spread = await spread_connections(
            f"http://127.0.0.1:{port}", {}, clients=6, workers=2
        )
        pids = [json.loads((await c.request("GET", "/bench/pid"))[1])["pid"]
                for c in connections]
        for connection in connections:
            await connection.close()
        server.close()
        await server.wait_closed()
        assert sorted(pids) == [1, 1, 1, 2, 2, 2]
        return spread

    assert asyncio.run(scenario()) == [3, 3]


def test_a_process_that_never_accepts_leaves_the_spread_uneven_and_says_so() -> None:
    from bench.api import spread_connections

    async def scenario() -> list[int]:
        server = await _processes([7])
        port = server.sockets[0].getsockname()[1]
        try:
            connections, spread = await spread_connections(
                f"http://127.0.0.1:{port}", {}, clients=4, workers=2
            )
            assert len(connections) == 4
            for connection in connections:
                assert (await connection.request("GET", "/bench/pid"))[0] == 200
                await connection.close()
            return spread
        finally:
            server.close()
            await server.wait_closed()

    assert asyncio.run(scenario()) == [4]


def test_clients_run_on_uvloop_as_the_server_does() -> None:
    async def loop_module() -> str:
        return type(asyncio.get_running_loop()).__module__

    assert run_clients(loop_module()).startswith("uvloop")

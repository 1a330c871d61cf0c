"""Every request gets an id, a structured log line, and never a stack trace in its answer.

The id comes from the caller's ``X-Request-ID`` when it is a plain token, otherwise it is made
here; it is bound to every log record made while the request runs, kept in the request's
state (``request.state.request_id``) and returned in the ``X-Request-ID`` header. The log line
names the method, path (never the query string), status and duration; credentials are never
logged. An exception nothing else handled is logged with its traceback and answered with a
500 that carries only the request id.
"""

from __future__ import annotations

import json
import random
import re
import time

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger("convene.http")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def new_request_id() -> str:
    """32 random hex digits. Not uuid4: its read of the system's random source hands the GIL
    to any busy worker thread, which can keep it for a whole switch interval (5 ms) per
    request, and a request id needs to be unique, not unpredictable."""
    return f"{random.getrandbits(128):032x}"


def request_id_of(scope: Scope) -> str:
    """The id :class:`RequestContext` gave this request (made now if it did not run)."""
    state = scope.setdefault("state", {})
    request_id = state.get("request_id")
    if not isinstance(request_id, str):
        request_id = state["request_id"] = new_request_id()
    return request_id


class RequestContext:
    """ASGI middleware: request id, request log line, and a last-resort 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_id(scope) or new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        began = time.perf_counter()
        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                log.exception("unhandled error", method=scope["method"], path=scope["path"])
                if started:
                    raise
                await _internal_error(send_with_id, request_id)
            finally:
                log.info(
                    "request",
                    method=scope["method"],
                    path=scope["path"],
                    status=status,
                    duration_ms=round((time.perf_counter() - began) * 1000, 2),
                )


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text if _REQUEST_ID.match(text) else None
    return None


async def _internal_error(send: Send, request_id: str) -> None:
    body = json.dumps({
        "errors": [{
            "message": f"internal error (request id {request_id})",
            "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        }]
    }).encode()
    await send({
        "type": "http.response.start",
        "status": 500,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    })
    await send({"type": "http.response.body", "body": body})

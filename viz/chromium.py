"""Headless Chromium: screenshots of pages, their DOM once drawn, and timing them.

Convene uses Debian's ``chromium`` package (``/usr/bin/chromium``; another binary can be
named with ``CONVENE_CHROMIUM``). Every run gets a fresh temporary profile, no sandbox (it
runs as whatever user calls it, in containers too), no GPU, and no background traffic: the
pages are self-contained, so the browser never needs the network.

- :func:`screenshot` and :func:`dump_dom` run Chromium once with ``--virtual-time-budget``:
  the page's clock runs ahead as fast as the work allows until the budget is spent, so a
  network is drawn (and a search from the URL fragment done) before the picture or the DOM
  is taken, however slow the machine.
- :class:`DevTools` drives Chromium over the DevTools protocol on a pipe
  (``--remote-debugging-pipe``: no port, no websocket) in real time, for measuring how long
  a page takes to become usable.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from graph.errors import ConveneError

DEFAULT_BINARY = "/usr/bin/chromium"
WINDOW = (1400, 900)
VIRTUAL_TIME_BUDGET_MS = 5_000
TIMEOUT_S = 120.0

BASE_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class ChromiumError(ConveneError):
    """Chromium is missing, failed, or did not finish in time."""


class _PageError(ChromiumError):
    """An expression evaluated in the page threw."""


def find_chromium() -> str | None:
    """The Chromium binary: ``CONVENE_CHROMIUM``, else ``/usr/bin/chromium``, else on PATH."""
    named = os.environ.get("CONVENE_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    if Path(DEFAULT_BINARY).exists():
        return DEFAULT_BINARY
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    found = find_chromium()
    if found is None:
        raise ChromiumError(
            "Chromium is not installed: install Debian's chromium package "
            "(apt-get install chromium) or set CONVENE_CHROMIUM to its binary"
        )
    return found


def page_url(target: str | Path) -> str:
    """A URL for ``target``: a URL as given, a file path as ``file://``."""
    text = str(target)
    if "://" in text:
        return text
    return Path(text).resolve().as_uri()


@contextmanager
def _profile() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="convene-chromium-") as folder:
        yield folder


def _run(args: Sequence[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ChromiumError(f"Chromium did not finish within {timeout:.0f} s") from None
    except OSError as exc:
        raise ChromiumError(f"cannot run Chromium ({args[0]}): {exc}") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise ChromiumError(f"Chromium failed (exit {done.returncode}): {' | '.join(tail)}")
    return done


def flags(
    profile: str,
    *,
    window: tuple[int, int] = WINDOW,
    budget_ms: int | None = VIRTUAL_TIME_BUDGET_MS,
) -> list[str]:
    """The command-line flags of one run with ``profile`` as its user data folder."""
    out = [*BASE_FLAGS, f"--user-data-dir={profile}", f"--window-size={window[0]},{window[1]}"]
    if budget_ms is not None:
        out.append(f"--virtual-time-budget={budget_ms}")
    return out


def screenshot(
    target: str | Path,
    png: Path,
    *,
    window: tuple[int, int] = WINDOW,
    budget_ms: int = VIRTUAL_TIME_BUDGET_MS,
    timeout: float = TIMEOUT_S,
) -> Path:
    """Open ``target`` (a file or URL), let it draw, and write a PNG of the window to ``png``."""
    binary = require_chromium()
    png = png.resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    with _profile() as profile:
        args = [
            binary,
            *flags(profile, window=window, budget_ms=budget_ms),
            "--hide-scrollbars",
            f"--screenshot={png}",
            page_url(target),
        ]
        _run(args, timeout)
    if not png.exists() or png.stat().st_size == 0:
        raise ChromiumError(f"Chromium wrote no screenshot to {png}")
    return png


def dump_dom(
    target: str | Path,
    *,
    window: tuple[int, int] = WINDOW,
    budget_ms: int = VIRTUAL_TIME_BUDGET_MS,
    timeout: float = TIMEOUT_S,
) -> str:
    """Open ``target``, let it draw, and return the DOM as HTML (after scripts ran)."""
    binary = require_chromium()
    with _profile() as profile:
        args = [
            binary,
            *flags(profile, window=window, budget_ms=budget_ms),
            "--dump-dom",
            page_url(target),
        ]
        done = _run(args, timeout)
    return done.stdout.decode("utf-8", "replace")


_TRAMPOLINE = (
    "import os, sys; "
    "os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.close(int(sys.argv[1])); os.close(int(sys.argv[2])); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)
"""Run as ``python -c``: put the pipe ends given on fds 3 and 4, then exec Chromium."""


class DevTools:
    """Chromium driven over the DevTools protocol on a pipe, in real time.

    Use as a context manager; :meth:`open` loads a page in a fresh tab and
    :meth:`evaluate` runs an expression in it.
    """

    def __init__(self, *, window: tuple[int, int] = WINDOW, timeout: float = TIMEOUT_S) -> None:
        self.window = window
        self.timeout = timeout
        self._next_id = 0
        self._buffer = b""
        self._proc: subprocess.Popen[bytes] | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._session: str | None = None

    def __enter__(self) -> DevTools:
        binary = require_chromium()
        self._profile = tempfile.TemporaryDirectory(prefix="convene-chromium-")
        pipe_r, self._to_child = os.pipe()
        self._from_child, pipe_w = os.pipe()
        # Chromium reads commands on fd 3 and answers on fd 4. The child's ends are moved
        # above fd 10 (so neither can land on the other's target) and a small Python
        # trampoline puts them on 3 and 4 and becomes Chromium: no preexec_fn, so this is
        # safe beside threads.
        child_r = fcntl.fcntl(pipe_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_w = fcntl.fcntl(pipe_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(pipe_r)
        os.close(pipe_w)
        args = [
            sys.executable,
            "-c",
            _TRAMPOLINE,
            str(child_r),
            str(child_w),
            binary,
            *flags(self._profile.name, window=self.window, budget_ms=None),
            "--remote-debugging-pipe",
            "about:blank",
        ]
        try:
            self._proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(child_r, child_w),
            )
        finally:
            os.close(child_r)
            os.close(child_w)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._proc is not None and self._proc.poll() is None:
                with suppress(ChromiumError):
                    self.call("Browser.close")
                try:
                    self._proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
        finally:
            for fd in (self._to_child, self._from_child):
                with suppress(OSError):
                    os.close(fd)
            if self._profile is not None:
                self._profile.cleanup()

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None
    ) -> dict[str, Any]:
        """Send one command and return its result (events before the answer are skipped)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        try:
            os.write(self._to_child, json.dumps(message).encode() + b"\0")
        except OSError as exc:
            raise ChromiumError(f"Chromium closed the DevTools pipe: {exc}") from None
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise ChromiumError(f"{method}: {answer['error'].get('message')}")
                result: dict[str, Any] = answer.get("result", {})
                return result

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ChromiumError("Chromium did not answer over DevTools in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise ChromiumError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        decoded: dict[str, Any] = json.loads(raw)
        return decoded

    @property
    def session(self) -> str | None:
        """The DevTools session of the open tab (for :meth:`call`), once :meth:`open` ran."""
        return self._session

    def open(self, url: str) -> None:
        """Load ``url`` in a new tab and keep talking to that tab."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.call("Page.enable", session=self._session)
        self.call("Page.navigate", {"url": url}, session=self._session)

    def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` in the open tab (JSON-serialisable values only)."""
        if self._session is None:
            raise ChromiumError("no page is open")
        answer = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True},
            session=self._session,
        )
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            thrown = details.get("exception", {}).get("description") or details.get("text")
            raise _PageError(f"page error: {thrown}")
        return answer.get("result", {}).get("value")

    def wait_for(
        self, expression: str, *, timeout: float | None = None, interval: float = 0.02
    ) -> Any:
        """Poll ``expression`` until it is truthy; return its value. An expression that
        throws (the page is still loading) counts as not yet."""
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        last = ""
        while True:
            try:
                value = self.evaluate(expression)
            except _PageError as exc:
                value, last = None, f" (last: {exc})"
            if value:
                return value
            if time.monotonic() > deadline:
                raise ChromiumError(f"timed out waiting for {expression}{last}")
            time.sleep(interval)

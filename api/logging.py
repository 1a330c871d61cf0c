"""Structured logs: JSON lines for machines, readable lines on a terminal."""

from __future__ import annotations

import logging
import sys

import structlog


def _drop_terminal_colours(
    _logger: object, _name: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    # uvicorn attaches an ANSI-coloured copy of each message; it is noise in a log line.
    event.pop("color_message", None)
    return event


def configure_logging(level: str = "INFO", fmt: str = "auto") -> None:
    """Route the standard library's and structlog's records through one renderer on stderr."""
    as_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    )
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
        _drop_terminal_colours,
    ]
    structlog.configure(
        # filter first: a record below the level would otherwise be stamped, merged and
        # wrapped before the standard library dropped it (the request line of every request)
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(foreign_pre_chain=shared, processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # JSON lines carry the traceback as text; the console renderer formats its own.
            *([structlog.processors.format_exc_info] if as_json else []),
            renderer,
        ])
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())

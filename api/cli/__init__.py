"""The ``convene`` command line. Each module below adds its commands to :data:`main`."""

from api.cli import (
    copy_command,
    demo,
    history_commands,
    introduced_command,
    load_command,
    merge_command,
    privacy_commands,
    serve,
    store_commands,
)
from api.cli.app import main

__all__ = [
    "copy_command",
    "demo",
    "history_commands",
    "introduced_command",
    "load_command",
    "main",
    "merge_command",
    "privacy_commands",
    "serve",
    "store_commands",
]

"""The ``convene`` command line. Each module below adds its commands to :data:`main`."""

from api.cli import (
    brokers_command,
    communities_command,
    connect_command,
    copy_command,
    demo,
    export_command,
    history_commands,
    introduced_command,
    introductions_command,
    keys_command,
    load_command,
    merge_command,
    privacy_commands,
    serve,
    store_commands,
    sweet_spots_command,
    viz_command,
)
from api.cli.app import main

__all__ = [
    "brokers_command",
    "communities_command",
    "connect_command",
    "copy_command",
    "demo",
    "export_command",
    "history_commands",
    "introduced_command",
    "introductions_command",
    "keys_command",
    "load_command",
    "main",
    "merge_command",
    "privacy_commands",
    "serve",
    "store_commands",
    "sweet_spots_command",
    "viz_command",
]

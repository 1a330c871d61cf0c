"""The ``convene`` command line. Each module below adds its commands to :data:`main`."""

from api.cli import demo, serve, store_commands
from api.cli.app import main

__all__ = ["demo", "main", "serve", "store_commands"]

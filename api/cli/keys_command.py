"""``convene keys new``: make an API key and the entry that configures it."""

from __future__ import annotations

import click

from api.access import KeyConfigError, Role, key_entry, new_key
from api.cli.app import json_option, main, print_json


@main.group()
def keys() -> None:
    """API keys for the HTTP API (configured by CONVENE_API_KEYS or CONVENE_API_KEYS_FILE)."""


@keys.command("new")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="viewer: public data; member: also internal; steward: also restricted, and writes.",
)
@click.option("--label", default=None, help="A name for the key in logs and change records.")
@json_option
def new(role: str, label: str | None, as_json: bool) -> None:
    """Print a new key once, and the line to add to the keys file.

    Only the line (the key's SHA-256) is configured; the key itself is shown here and
    nowhere else, so give it to its holder now.
    """
    key = new_key()
    try:
        entry = key_entry(key, Role(role), label)
    except KeyConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="--label") from None
    if as_json:
        print_json({"key": key, "role": role, "label": label, "entry": entry})
        return
    click.echo(f"key (shown once; send it as 'Authorization: Bearer <key>'):\n  {key}")
    click.echo(f"add this line to CONVENE_API_KEYS_FILE (or to CONVENE_API_KEYS):\n  {entry}")

"""API keys, roles, and who is calling.

Roles, each seeing what the one before it sees and more:

``viewer``
    public data.
``member``
    also internal data.
``steward``
    also restricted data, and may change the graph.

Keys are configured as ``role:sha256hex`` entries, optionally ``role:sha256hex:label`` (the
label names the key in logs and records of changes; letters, digits, ``.``, ``_``, ``@`` and
``-``). ``CONVENE_API_KEYS`` holds entries separated by commas or whitespace;
``CONVENE_API_KEYS_FILE`` names a file with one entry per line, where ``#`` starts a comment.
Only the SHA-256 of each key is configured, so the configuration reveals no key. A caller
presents the key itself, as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``; it is
hashed and compared with every configured hash in constant time, and never logged.

``convene keys new --role steward`` makes a key and prints the entry to configure.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from fastapi import Depends
from starlette.requests import Request

from graph.errors import ConveneError
from graph.vocabulary import Visibility

KEY_PREFIX = "cvn_"
_LABEL = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
_HEX = re.compile(r"^[0-9a-f]{64}$")
_MAX_KEY_LENGTH = 256


class Role(StrEnum):
    """What a caller may see and do."""

    VIEWER = "viewer"
    MEMBER = "member"
    STEWARD = "steward"

    @property
    def clearance(self) -> Visibility:
        """The most sensitive level this role may see."""
        return _CLEARANCE[self]

    @property
    def can_write(self) -> bool:
        return self is Role.STEWARD


_CLEARANCE = {
    Role.VIEWER: Visibility.PUBLIC,
    Role.MEMBER: Visibility.INTERNAL,
    Role.STEWARD: Visibility.RESTRICTED,
}


class KeyConfigError(ConveneError):
    """The configured API keys cannot be read; the message names the entry and the problem."""


class Unauthenticated(ConveneError):
    """The request carries no usable credentials; answered with 401."""


@dataclass(frozen=True, slots=True)
class ApiKey:
    """One configured key: its role, the SHA-256 of the key, and an optional label."""

    role: Role
    digest: bytes
    label: str | None = None

    @property
    def actor(self) -> str:
        """How this key is named in logs and records: its label, or its hash's first digits."""
        return f"key:{self.label or self.digest.hex()[:12]}"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a role and a name for the records (never the key)."""

    role: Role
    actor: str

    @property
    def clearance(self) -> Visibility:
        return self.role.clearance

    @property
    def can_write(self) -> bool:
        return self.role.can_write


ANONYMOUS = Principal(Role.VIEWER, "anonymous")


def hash_key(key: str) -> bytes:
    """The SHA-256 digest a key is configured and compared by."""
    return hashlib.sha256(key.encode("utf-8")).digest()


def new_key() -> str:
    """A fresh random key (256 bits)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_entry(key: str, role: Role, label: str | None = None) -> str:
    """The configuration entry for ``key``: ``role:sha256hex`` (and ``:label``)."""
    if label is not None and not _LABEL.match(label):
        raise KeyConfigError(f"label {label!r}: use 1-64 letters, digits, '.', '_', '@' or '-'")
    entry = f"{role.value}:{hash_key(key).hex()}"
    return f"{entry}:{label}" if label else entry


def parse_entry(entry: str, where: str) -> ApiKey:
    """One ``role:sha256hex[:label]`` entry; ``where`` says where it came from, for errors."""
    parts = entry.strip().split(":")
    if len(parts) not in (2, 3):
        raise KeyConfigError(f"{where}: expected role:sha256hex or role:sha256hex:label")
    role_text, digest_text = parts[0].strip().lower(), parts[1].strip().lower()
    try:
        role = Role(role_text)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise KeyConfigError(f"{where}: role {role_text!r} must be one of {choices}") from None
    if not _HEX.match(digest_text):
        raise KeyConfigError(f"{where}: the hash must be 64 hexadecimal digits (SHA-256)")
    label = parts[2].strip() if len(parts) == 3 else None
    if label is not None and not _LABEL.match(label):
        raise KeyConfigError(f"{where}: label: use 1-64 letters, digits, '.', '_', '@' or '-'")
    return ApiKey(role, bytes.fromhex(digest_text), label)


def parse_entries(text: str, origin: str) -> list[ApiKey]:
    """Entries separated by commas, whitespace or lines; ``#`` comments to the line's end."""
    keys: list[ApiKey] = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0]
        for index, entry in enumerate(re.split(r"[\s,]+", content.strip()), start=1):
            if entry:
                keys.append(parse_entry(entry, f"{origin} line {number} entry {index}"))
    return keys


class KeyRing:
    """The configured keys, and the rule for anonymous callers."""

    def __init__(self, keys: Iterable[ApiKey], *, anonymous: Principal | None = None) -> None:
        self._keys = tuple(keys)
        self.anonymous = anonymous
        """Who an anonymous caller is: :data:`ANONYMOUS` on loopback, else ``None`` (refused)."""

    def __len__(self) -> int:
        return len(self._keys)

    @classmethod
    def configured(
        cls, env_entries: str, keys_file: Path | None, bind_host: str | None
    ) -> KeyRing:
        """The keys from the environment and the keys file; anonymous viewers on loopback."""
        keys = parse_entries(env_entries, "CONVENE_API_KEYS")
        if keys_file is not None:
            try:
                text = keys_file.read_text(encoding="utf-8")
            except (OSError, UnicodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
                raise KeyConfigError(
                    f"CONVENE_API_KEYS_FILE {keys_file}: cannot read it ({reason})"
                ) from None
            keys += parse_entries(text, str(keys_file))
        return cls(keys, anonymous=ANONYMOUS if is_loopback(bind_host) else None)

    def match(self, presented: str) -> ApiKey | None:
        """The configured key ``presented`` is, comparing its hash with every one in constant
        time (no early exit, so timing says nothing about which or how many matched)."""
        digest = hash_key(presented)
        found: ApiKey | None = None
        for key in self._keys:
            if hmac.compare_digest(digest, key.digest):
                found = key
        return found

    def authenticate(self, headers: Mapping[str, str]) -> Principal:
        """The caller of a request with ``headers``; raise :class:`Unauthenticated`.

        A key that is presented must be valid, even where anonymous callers are served.
        """
        presented = presented_key(headers)
        if presented is None:
            if self.anonymous is None:
                raise Unauthenticated("an API key is required (Authorization: Bearer <key>)")
            return self.anonymous
        key = self.match(presented)
        if key is None:
            raise Unauthenticated("the API key is not valid")
        return Principal(key.role, key.actor)


def request_principal(request: Request) -> Principal:
    """The caller of an HTTP request, by the application's key ring; raise
    :class:`Unauthenticated` (answered with 401). Use as a FastAPI dependency, through
    :data:`Caller`, on any route that reads the graph, and read with its ``clearance``."""
    keyring: KeyRing = request.app.state.keyring
    return keyring.authenticate(request.headers)


async def _caller(request: Request) -> Principal:
    # async so that FastAPI calls it on the event loop: a plain ``def`` dependency goes to a
    # worker thread, a hand-off costing more than hashing a key
    return request_principal(request)


Caller = Annotated[Principal, Depends(_caller)]
"""A route parameter typed ``Caller`` receives the authenticated :class:`Principal`."""


def presented_key(headers: Mapping[str, str]) -> str | None:
    """The key in ``Authorization: Bearer`` or ``X-API-Key``; ``None`` when neither is sent.

    Raises :class:`Unauthenticated` for a malformed header, or two different keys.
    """
    bearer: str | None = None
    authorization = headers.get("authorization")
    if authorization is not None:
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("the Authorization header must be 'Bearer <key>'")
        bearer = token.strip()
    header_key = headers.get("x-api-key")
    header_key = header_key.strip() if header_key is not None else None
    if header_key == "":
        raise Unauthenticated("the X-API-Key header is empty")
    if bearer is not None and header_key is not None and bearer != header_key:
        raise Unauthenticated("Authorization and X-API-Key carry different keys")
    key = bearer if bearer is not None else header_key
    if key is not None and len(key) > _MAX_KEY_LENGTH:
        raise Unauthenticated("the API key is not valid")
    return key


def is_loopback(host: str | None) -> bool:
    """True when ``host`` is a loopback address (or ``localhost``)."""
    if host is None:
        return False
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

"""A recording stand-in for the Neo4j driver, so the store's queries can be checked anywhere.

It records every statement with its parameters, its routing (``"r"``/``"w"``) and the
transaction it ran in, and answers from canned records: ``answers`` maps a statement (the
constant itself) to a function of the parameters returning rows; anything unanswered gets the
default below (``written``/``removed`` counts, an increasing version, no rows otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from graph.store import cypher

Rows = list[dict[str, Any]]
Answer = Callable[[dict[str, Any]], Rows]


@dataclass
class Sent:
    statement: str
    params: dict[str, Any]
    routing: str
    tx: int


@dataclass
class Transaction:
    number: int
    routing: str
    outcome: str = "open"
    """``committed`` or ``rolled back`` once the transaction function has returned or raised."""


class FakeResult:
    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def data(self) -> Rows:
        return [dict(r) for r in self.rows]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)


class FakeTx:
    def __init__(self, driver: FakeDriver, tx: Transaction) -> None:
        self.driver, self.tx = driver, tx

    def run(self, statement: str, parameters: dict[str, Any] | None = None) -> FakeResult:
        return FakeResult(self.driver.answer(statement, parameters or {}, self.tx))


class FakeSession:
    def __init__(self, driver: FakeDriver, database: str | None) -> None:
        self.driver, self.database = driver, database

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def _transaction(self, routing: str, work: Callable[[FakeTx], Any]) -> Any:
        tx = self.driver.begin(routing)
        try:
            result = work(FakeTx(self.driver, tx))
        except BaseException:
            tx.outcome = "rolled back"
            raise
        tx.outcome = "committed"
        return result

    def execute_write(self, work: Callable[[FakeTx], Any]) -> Any:
        return self._transaction("w", work)

    def execute_read(self, work: Callable[[FakeTx], Any]) -> Any:
        return self._transaction("r", work)


@dataclass
class FakeDriver:
    answers: dict[str, Answer] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    databases: list[str | None] = field(default_factory=list)
    version: int = 0
    fail_with: BaseException | None = None
    """Raised by every call, to check how the store translates the driver's errors."""
    closed: bool = False

    def begin(self, routing: str) -> Transaction:
        tx = Transaction(len(self.transactions), routing)
        self.transactions.append(tx)
        return tx

    def answer(self, statement: str, params: dict[str, Any], tx: Transaction) -> Rows:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append(Sent(statement, params, tx.routing, tx.number))
        if statement in self.answers:
            return self.answers[statement](params)
        return self.default(statement, params)

    def default(self, statement: str, params: dict[str, Any]) -> Rows:
        if statement == cypher.BUMP_VERSION:
            self.version += 1
            return [{"version": self.version}]
        if statement == cypher.GET_VERSION:
            return [{"version": self.version}]
        if statement == cypher.INIT_META:
            return [{"version": self.version, "schema": cypher.SCHEMA_VERSION}]
        if "AS written" in statement:
            return [{"written": len(params["rows"])}]
        if "AS removed" in statement:
            return [{"removed": 0}]
        if "AS count" in statement and "AS key" not in statement:
            return [{"count": 0}]
        return []

    # -- the driver's surface the store uses -----------------------------------------------

    def execute_query(
        self,
        query_: str,
        parameters_: dict[str, Any] | None = None,
        routing_: str = "w",
        database_: str | None = None,
        **kwargs: Any,
    ) -> SimpleNamespace:
        assert not kwargs, f"parameters must go in parameters_, not keywords: {kwargs}"
        self.databases.append(database_)
        tx = self.begin(str(routing_.value if hasattr(routing_, "value") else routing_))
        rows = self.answer(query_, parameters_ or {}, tx)
        tx.outcome = "committed"
        return SimpleNamespace(records=rows)

    def session(self, database: str | None = None, **config: Any) -> FakeSession:
        self.databases.append(database)
        return FakeSession(self, database)

    def verify_connectivity(self) -> None:
        if self.fail_with is not None:
            raise self.fail_with

    def close(self) -> None:
        self.closed = True

    # -- reading back what was sent --------------------------------------------------------

    def statements(self) -> list[str]:
        return [s.statement for s in self.sent]

    def in_tx(self, number: int) -> list[Sent]:
        return [s for s in self.sent if s.tx == number]

    def write_transactions(self) -> list[list[Sent]]:
        return [self.in_tx(t.number) for t in self.transactions if t.routing == "w"]

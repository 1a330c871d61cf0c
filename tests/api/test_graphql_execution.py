"""Plain fields answered directly give exactly what graphql-core's general way gives.

:class:`~api.graphql.execution.AcyclicExecutionContext` reads plain attribute fields itself
instead of going through graphql-core's resolver call and value completion. Every answer here
is computed both ways and compared whole: data, and errors with their messages, paths and
locations. The tests also check that the direct way was taken where it should be, so they
cannot pass by never taking it.
"""

from __future__ import annotations

import asyncio
import enum
from typing import Any

import pytest
import strawberry
from graphql import parse
from graphql.execution.collect_fields import FragmentDetails
from graphql.language import FragmentDefinitionNode, OperationDefinitionNode
from graphql_api import Api
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.access import Role
from api.graphql.execution import AcyclicExecutionContext, _has_directives


class GeneralWayCount:
    """How many fields went graphql-core's general way."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fields = 0
        general = StrawberryGraphQLCoreExecutionContext.execute_field

        def counted(executor: Any, *args: Any) -> Any:
            self.fields += 1
            return general(executor, *args)

        monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "execute_field", counted)


@pytest.fixture
def count(monkeypatch: pytest.MonkeyPatch) -> GeneralWayCount:
    return GeneralWayCount(monkeypatch)


def both_ways(
    monkeypatch: pytest.MonkeyPatch, count: GeneralWayCount, answer: Any
) -> tuple[Any, Any, int]:
    """``answer()`` computed directly, then the general way only, and how many fields the
    direct way answered."""
    count.fields = 0
    direct = answer()
    direct_general_fields = count.fields
    count.fields = 0
    with monkeypatch.context() as patch:
        patch.setattr(AcyclicExecutionContext, "answers_plain_fields_directly", False)
        general = answer()
    return direct, general, count.fields - direct_general_fields


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


@strawberry.type
class Thing:
    name: str
    nickname: str | None
    count: int
    ratio: float
    colour: Colour
    maybe_colour: Colour | None
    tags: list[str]
    key: strawberry.ID

    @strawberry.field
    def shout(self) -> str:
        return str(getattr(self, "name", None)).upper()


def _thing(**changes: Any) -> Thing:
    fields: dict[str, Any] = {
        "name": "ada", "nickname": None, "count": 3, "ratio": 0.5, "colour": Colour.RED,
        "maybe_colour": None, "tags": ["a"], "key": strawberry.ID("t1"),
    }
    fields.update(changes)
    thing = Thing.__new__(Thing)
    for name, value in fields.items():
        object.__setattr__(thing, name, value)
    return thing


class Bare:
    """An object missing every attribute a Thing has."""


THINGS = {
    "plain": _thing(),
    "with a nickname": _thing(nickname="Countess", maybe_colour=Colour.GREEN),
    "null in a non-null field": _thing(name=None),
    "integer past 32 bits": _thing(count=2**40),
    "float that is not finite": _thing(ratio=float("nan")),
    "value outside the enum": _thing(colour="purple"),
    "string where an enum goes": _thing(maybe_colour="RED"),
    "integer in a string field": _thing(nickname=7, key=12),
    "missing attributes": Bare(),
}


@strawberry.type
class Query:
    @strawberry.field
    def thing(self, case: str) -> Thing | None:
        return THINGS[case]  # type: ignore[return-value]

    @strawberry.field
    def things(self) -> list[Thing]:
        return [t for t in THINGS.values() if isinstance(t, Thing)]


SCHEMA = strawberry.Schema(query=Query, execution_context_class=AcyclicExecutionContext)
FIELDS = "__typename key count ratio colour maybeColour tags nickname shout alias: name name"
ANSWERED_DIRECTLY = {"plain": 8, "with a nickname": 8, "null in a non-null field": 6}


def _run(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    result = asyncio.run(SCHEMA.execute(query, variable_values=variables))
    return {"data": result.data, "errors": [e.formatted for e in result.errors or []]}


@pytest.mark.parametrize("case", THINGS)
def test_each_value_is_answered_as_graphql_core_answers_it(
    case: str, monkeypatch: pytest.MonkeyPatch, count: GeneralWayCount
) -> None:
    query = f"query One($case: String!) {{ thing(case: $case) {{ {FIELDS} }} }}"
    direct, general, answered = both_ways(
        monkeypatch, count, lambda: _run(query, {"case": case})
    )
    assert direct == general
    if case in ANSWERED_DIRECTLY:
        assert answered == ANSWERED_DIRECTLY[case]


def test_a_list_with_broken_items_is_answered_as_graphql_core_answers_it(
    monkeypatch: pytest.MonkeyPatch, count: GeneralWayCount
) -> None:
    query = f"{{ things {{ {FIELDS} }} first: things {{ name }} }}"
    direct, general, answered = both_ways(monkeypatch, count, lambda: _run(query))
    assert direct == general
    assert direct["errors"], "the broken things should be reported"
    assert answered > 0


API_QUERIES = {
    "node with every field": """{ node(id: "ada") { __typename id kind name aliases scale
        description url visibility properties sources { id kind origin locator }
        place { id name } } }""",
    "relationships": """{ node(id: "ada") { relationships { type sourceId targetId directed
        role since until weight source { id name } target { id kind } } } }""",
    "neighbours of neighbours": """{ node(id: "ada") { neighbours { id name kind
        ... on Person { scale } neighbours(first: 3) { id visibility } } } }""",
    "a page of nodes": """{ nodes(first: 4) { edges { cursor node { id name kind } }
        pageInfo { hasNextPage endCursor } } }""",
    "figures": "{ stats { totalNodes totalRelationships version } }",
    "introspection": "{ __schema { types { name kind fields { name } } } }",
}


@pytest.mark.parametrize("query", API_QUERIES.values(), ids=API_QUERIES.keys())
@pytest.mark.parametrize("role", ["viewer", "steward"])
def test_the_api_answers_the_same_either_way(
    api: Api, query: str, role: str, monkeypatch: pytest.MonkeyPatch, count: GeneralWayCount
) -> None:
    direct, general, answered = both_ways(
        monkeypatch, count, lambda: api.post(query, role=Role(role)).json()
    )
    assert direct == general
    assert "errors" not in direct, direct
    # introspection's types are graphql-core's own, answered the general way
    assert (answered == 0) == ("__schema" in query)


@strawberry.interface
class Pet:
    name: str


@strawberry.type
class Cat(Pet):
    lives: int


@strawberry.type
class Dog(Pet):
    good: bool | None

    @strawberry.field
    def bark(self) -> str:
        return "woof"


def _pet(cls: type, **fields: Any) -> Any:
    pet = cls.__new__(cls)
    for name, value in fields.items():
        object.__setattr__(pet, name, value)
    return pet


PETS = {
    "well": [_pet(Cat, name="Tom", lives=9), _pet(Dog, name="Rex", good=True),
             _pet(Dog, name="Fido", good=None)],
    "broken": [_pet(Cat, name="Tom", lives=9), _pet(Cat, name=None, lives=2),
               _pet(Dog, name="Rex", good="very"), _pet(Cat, name="Kit", lives=2**40)],
    "with a stranger": [_pet(Cat, name="Tom", lives=9), _thing()],
    "with a hole": [_pet(Cat, name="Tom", lives=9), None],
}


@strawberry.type
class PetQuery:
    @strawberry.field
    def pets(self, which: str) -> list[Pet]:
        return PETS[which]  # type: ignore[return-value]

    @strawberry.field
    def maybe_pets(self, which: str) -> list[Pet | None]:
        return [None, *PETS[which], None]  # type: ignore[list-item]


PET_SCHEMA = strawberry.Schema(query=PetQuery, types=[Cat, Dog],
                               execution_context_class=AcyclicExecutionContext)


class GeneralObjectCount:
    """How many objects, and lists, went graphql-core's general way."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.objects = self.lists = 0
        general_object = StrawberryGraphQLCoreExecutionContext.complete_object_value
        general_list = StrawberryGraphQLCoreExecutionContext.complete_list_value

        def counted_object(executor: Any, *args: Any) -> Any:
            self.objects += 1
            return general_object(executor, *args)

        def counted_list(executor: Any, *args: Any) -> Any:
            self.lists += 1
            return general_list(executor, *args)

        monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "complete_object_value",
                            counted_object)
        monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "complete_list_value",
                            counted_list)


PET_QUERIES = {
    "fragments and aliases": """query($which: String!) { pets(which: $which) { __typename
        name ... on Cat { lives } ... on Dog { good kind: __typename } again: name } }""",
    "directives": """query($which: String!, $yes: Boolean!) { pets(which: $which) {
        name @include(if: $yes) ... on Cat @skip(if: $yes) { lives } } }""",
    "a resolver among plain fields": """query($which: String!) { pets(which: $which) { name
        ... on Dog { bark } } }""",
    "nulls in a list that may hold them": """query($which: String!) {
        maybePets(which: $which) { __typename name } }""",
}


@pytest.mark.parametrize("which", PETS)
@pytest.mark.parametrize("yes", [True, False])
@pytest.mark.parametrize("query", PET_QUERIES.values(), ids=PET_QUERIES.keys())
def test_objects_of_plain_fields_are_answered_whole_as_graphql_core_answers_them(
    query: str, which: str, yes: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = GeneralObjectCount(monkeypatch)

    def answer() -> dict[str, Any]:
        result = asyncio.run(PET_SCHEMA.execute(
            query, variable_values={"which": which, "yes": yes}))
        return {"data": result.data, "errors": [e.formatted for e in result.errors or []]}

    direct = answer()
    direct_objects, direct_lists = counted.objects, counted.lists
    counted.objects = counted.lists = 0
    with monkeypatch.context() as patch:
        patch.setattr(AcyclicExecutionContext, "answers_plain_fields_directly", False)
        general = answer()
    assert direct == general
    assert counted.lists == 1
    pets = [p for p in PETS[which] if p is not None]
    broken = which in ("broken", "with a stranger") or (
        which == "with a hole" and "maybePets" not in query)  # a hole where none may be
    if not broken:
        assert not general["errors"]
        assert counted.objects == len(pets)
        # only a list with dogs asked to bark goes the general way, and in it only the dogs
        barking = sum(isinstance(p, Dog) for p in pets) if "bark" in query else 0
        assert (direct_lists, direct_objects) == (int(barking > 0), barking)
    else:
        # the list goes the general way; its pets before the broken one are still answered
        # whole (the general way stops at a broken pet when the list cannot hold a null)
        assert general["errors"]
        assert direct_lists == 1
        assert direct_objects < counted.objects or not counted.objects


@strawberry.interface
class Animal:
    name: str

    @classmethod
    def resolve_type(cls, obj: Any, info: Any, type_: Any) -> str:
        return {Bird: "Bird"}[type(obj)]  # a KeyError for anything else, as a slip would be


@strawberry.type
class Bird(Animal):
    wings: int


@strawberry.type
class AnimalQuery:
    @strawberry.field
    def animals(self, stranger: bool) -> list[Animal | None]:
        birds: list[Any] = [_pet(Bird, name="Tweety", wings=2)]
        return [*birds, _thing(), _pet(Bird, name="Zazu", wings=2)] if stranger else birds


ANIMAL_SCHEMA = strawberry.Schema(query=AnimalQuery, types=[Bird],
                                  execution_context_class=AcyclicExecutionContext)


@pytest.mark.parametrize("stranger", [False, True])
def test_a_type_that_fails_to_resolve_is_reported_on_its_item_as_graphql_core_does(
    stranger: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "query($s: Boolean!) { animals(stranger: $s) { __typename name } }"

    def answer() -> dict[str, Any]:
        result = asyncio.run(ANIMAL_SCHEMA.execute(query, variable_values={"s": stranger}))
        return {"data": result.data, "errors": [e.formatted for e in result.errors or []]}

    direct = answer()
    with monkeypatch.context() as patch:
        patch.setattr(AcyclicExecutionContext, "answers_plain_fields_directly", False)
        general = answer()
    assert direct == general
    if stranger:
        [error] = direct["errors"]
        assert error["path"] == ["animals", 1]
        assert direct["data"]["animals"][2] == {"__typename": "Bird", "name": "Zazu"}


def test_a_documents_plans_are_worked_out_once_and_directives_keep_them_per_request(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    worked_out = 0
    collected = AcyclicExecutionContext._collected_plan

    def counted(executor: Any, *args: Any) -> Any:
        nonlocal worked_out
        worked_out += 1
        return collected(executor, *args)

    monkeypatch.setattr(AcyclicExecutionContext, "_collected_plan", counted)
    plain = '{ node(id: "ada") { neighbours { id name kind } } }'
    first = api.post(plain).json()
    assert worked_out > 0
    worked_out = 0
    assert api.post(plain).json() == first
    assert worked_out == 0  # the same text is the same parsed document, with its plans

    switched = """query($x: Boolean!) { node(id: "ada") { neighbours {
        id name @include(if: $x) } } }"""
    answers = {x: api.post(switched, {"x": x}).json() for x in (True, False, True)}
    named, unnamed = (answers[x]["data"]["node"]["neighbours"] for x in (True, False))
    assert named and all(n.get("name") for n in named)
    assert unnamed and all("name" not in n for n in unnamed)
    with monkeypatch.context() as patch:
        patch.setattr(AcyclicExecutionContext, "answers_plain_fields_directly", False)
        assert {x: api.post(switched, {"x": x}).json() for x in (True, False)} == answers


@pytest.mark.parametrize(("query", "expected"), [
    ("{ a { b { c } } }", False),
    ("{ a { b { c @skip(if: true) } } }", True),
    ("{ a { ... on T @include(if: true) { c } } }", True),
    ("{ a { ...F } } fragment F on T { b { c } }", False),
    ("{ a { ...F @skip(if: false) } } fragment F on T { c }", True),
    ("{ a { ...F } } fragment F on T { b { c @include(if: true) } }", True),
    ("{ a { ...F ...F } } fragment F on T { ...G } fragment G on T { c @defer }", True),
])
def test_directives_are_found_anywhere_in_an_operation(query: str, expected: bool) -> None:
    document = parse(query)
    [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {d.name.value: FragmentDetails(d) for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    assert _has_directives(operation.selection_set, fragments) is expected

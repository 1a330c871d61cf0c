"""The vocabulary's rules: bad values are refused naming the field and the value."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import InvalidData
from graph.model import Node, Relationship, RelKey, Source
from graph.vocabulary import (
    ENDPOINTS,
    NodeKind,
    RelType,
    Visibility,
    allowed,
)


def _refusal(make: Any, **fields: Any) -> tuple[str, Any, str]:
    with pytest.raises(InvalidData) as caught:
        make(**fields)
    [problem] = caught.value.problems
    return problem.field, problem.value, problem.message


@pytest.mark.parametrize(
    ("fields", "field", "value"),
    [
        ({"kind": "Persn"}, "kind", "Persn"),
        ({"kind": "person"}, "kind", "person"),
        ({"id": ""}, "id", ""),
        ({"id": "a\x00b"}, "id", "a\x00b"),
        ({"id": 7}, "id", 7),
        ({"name": "   "}, "name", "   "),
        ({"scale": "global"}, "scale", "global"),
        ({"visibility": "secret"}, "visibility", "secret"),
        ({"url": "javascript:alert(1)"}, "url", "javascript:alert(1)"),
        ({"properties": {"name": "x"}}, "properties", "name"),
        ({"properties": {"bad key": 1}}, "properties", "bad key"),
        ({"properties": {"n": float("nan")}}, "n", float("nan")),
        ({"properties": {"n": {"nested": 1}}}, "n", {"nested": 1}),
    ],
)
def test_bad_node_fields_are_refused_by_name(fields: dict[str, Any], field: str,
                                             value: Any) -> None:
    base = {"id": "p1", "kind": "Person", "name": "Ada"}
    got_field, got_value, message = _refusal(Node, **{**base, **fields})
    assert got_field == field
    assert got_value == value or (value != value and got_value != got_value)  # NaN
    assert message


def test_node_error_message_says_which_node() -> None:
    with pytest.raises(InvalidData, match=r"node 'p1': scale='global': must be one of local"):
        Node(id="p1", kind="Person", name="Ada", scale="global")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"type": "LIKES"}, "type"),
        ({"since": "26/06/2014"}, "since"),
        ({"since": "2014-02-30"}, "since"),
        ({"since": "2015", "until": "2014"}, "until"),
        ({"weight": -1}, "weight"),
        ({"weight": "heavy"}, "weight"),
        ({"weight": 10**400}, "weight"),
        ({"target": "a"}, "target"),
    ],
)
def test_bad_relationship_fields_are_refused_by_name(fields: dict[str, Any], field: str) -> None:
    base = {"source": "a", "type": "KNOWS", "target": "b"}
    assert _refusal(Relationship, **{**base, **fields})[0] == field


def test_partial_dates_mean_the_first_day() -> None:
    tie = Relationship(source="a", type="KNOWS", target="b", since="2014", until="2014-06")
    assert (tie.since, tie.until) == (date(2014, 1, 1), date(2014, 6, 1))


def test_names_and_aliases_are_tidied() -> None:
    node = Node(id=" nhse ", kind="Organisation", name=" NHS England ",
                aliases="NHSE; @NHSEngland;NHSE")
    assert (node.id, node.name, node.aliases) == ("nhse", "NHS England", ("NHSE", "@NHSEngland"))


def test_symmetric_types_have_one_key_either_way_and_directed_types_do_not() -> None:
    assert RelKey.of("b", RelType.KNOWS, "a") == RelKey.of("a", "KNOWS", "b")
    assert Relationship(source="b", type="KNOWS", target="a").key == ("a", RelType.KNOWS, "b")
    assert RelKey.of("b", "PART_OF", "a") != RelKey.of("a", "PART_OF", "b")


def test_endpoint_rules_follow_the_design() -> None:
    assert allowed(RelType.WORKS_FOR, NodeKind.PERSON, NodeKind.ORGANISATION)
    assert not allowed(RelType.WORKS_FOR, NodeKind.ORGANISATION, NodeKind.PERSON)
    assert allowed(RelType.MEMBER_OF, NodeKind.PERSON, NodeKind.COMMUNITY)
    assert allowed(RelType.PART_OF, NodeKind.PLACE, NodeKind.PLACE)
    assert not allowed(RelType.PART_OF, NodeKind.PLACE, NodeKind.ORGANISATION)
    assert allowed(RelType.PLACED_AT, NodeKind.PERSON, NodeKind.ORGANISATION)
    assert set(ENDPOINTS) == set(RelType)


def test_visibility_levels_nest() -> None:
    assert Visibility.RESTRICTED.allows(Visibility.INTERNAL)
    assert not Visibility.PUBLIC.allows(Visibility.INTERNAL)
    assert Visibility.INTERNAL.visible_levels() == (Visibility.PUBLIC, Visibility.INTERNAL)


def test_sources_have_stable_ids_from_their_origin() -> None:
    one = Source(kind="row", origin="people.csv", locator="12", run="r1")
    two = Source(kind="row", origin="people.csv", locator="12", run="r2")
    assert one.id == two.id == "row:people.csv#12"
    assert Source.from_dict(one.to_dict()) == one


# -- property-based: whatever comes in, the model either refuses it clearly or holds it intact.

text = st.text(min_size=0, max_size=30)


@given(node_id=text, kind=text | st.sampled_from([k.value for k in NodeKind]), name=text,
       scale=st.none() | text | st.just("local"), visibility=st.none() | text)
def test_any_node_input_is_either_valid_or_refused_with_a_field(
    node_id: str, kind: str, name: str, scale: str | None, visibility: str | None
) -> None:
    try:
        node = Node(id=node_id, kind=kind, name=name, scale=scale, visibility=visibility)
    except InvalidData as exc:
        assert exc.problems and all(p.field for p in exc.problems)
        return
    assert node.id == node_id.strip() and node.id
    assert node.kind.value == kind
    assert Node(**{**node.to_dict(), "sources": ()}).to_dict() == node.to_dict()


@given(source=text, rel_type=text | st.sampled_from([t.value for t in RelType]), target=text,
       since=st.none() | text | st.dates().map(str), weight=st.none() | st.floats())
def test_any_relationship_input_is_either_valid_or_refused_with_a_field(
    source: str, rel_type: str, target: str, since: str | None, weight: float | None
) -> None:
    try:
        tie = Relationship(source=source, type=rel_type, target=target, since=since,
                           weight=weight)
    except InvalidData as exc:
        assert exc.problems and all(p.field for p in exc.problems)
        return
    assert tie.source != tie.target
    assert Relationship(**tie.to_dict()).key == tie.key


def test_restoring_refuses_a_partial_or_unknown_record() -> None:
    from graph.model import restorer

    with pytest.raises(TypeError, match="missing 8 required keyword-only arguments"):
        restorer(Node)(id="p1", kind=NodeKind.PERSON, name="Ada")
    ada = Node("p1", NodeKind.PERSON, "Ada")
    fields = {f.name: getattr(ada, f.name) for f in dataclasses.fields(ada)}
    assert restorer(Node)(**fields) == ada
    fields["colour"] = "red"
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        restorer(Node)(**fields)

"""Every query through HTTP: node, nodes, neighbourhood, stats, me, and a node's fields."""

from __future__ import annotations

from graphql_api import Api

from api.access import Role

NODE_FIELDS = """
  __typename id kind name aliases scale description url visibility properties
  sources { id kind origin locator run loadedAt }
"""


def test_node_has_every_field_and_its_kind_type(api: Api) -> None:
    data = api.data(f'{{ node(id: "trust") {{ {NODE_FIELDS} place {{ id name kind }} }} }}')
    trust = data["node"]
    assert trust["__typename"] == "Organisation"
    assert trust["kind"] == "ORGANISATION"
    assert trust["name"] == "North Essex Partnership"
    assert trust["aliases"] == ["NEP", "North Essex Partnership University Foundation Trust"]
    assert trust["scale"] == "LOCAL"
    assert trust["visibility"] == "PUBLIC"
    assert trust["properties"] == {}
    assert trust["sources"] == []
    assert trust["place"] == {"id": "dorset", "name": "Dorset", "kind": "PLACE"}


def test_node_properties_sources_and_person_type(api: Api) -> None:
    api.data("""mutation { upsertNodes(nodes: [{id: "ada", kind: PERSON, name: "Ada Lovelace",
        url: "https://example.org/ada", description: "Nurse",
        properties: {open_to_introductions: true, languages: ["en", "cy"]}}]) { __typename } }""")
    ada = api.data(f'{{ node(id: "ada") {{ {NODE_FIELDS} }} }}')["node"]
    assert ada["__typename"] == "Person"
    assert ada["url"] == "https://example.org/ada"
    assert ada["description"] == "Nurse"
    assert ada["properties"] == {"open_to_introductions": True, "languages": ["en", "cy"]}
    [source] = ada["sources"]
    assert source["kind"] == "API"
    assert source["origin"] == "key:steward-key"
    assert source["locator"]  # the request id of the call that asserted it
    assert ada["visibility"] == "PUBLIC"  # a later upsert without visibility keeps the level


def test_properties_come_back_exactly_whatever_the_numbers_and_letters(api: Api) -> None:
    # the answer is written by orjson, which refuses integers past 64 bits: those answers
    # must still be written, with every digit
    api.data("""mutation { upsertNodes(nodes: [{id: "ada", kind: PERSON, name: "Zoë Ádams",
        properties: {big: 1180591620717411303424, small: -9223372036854775808,
                     ratio: 0.1, note: "café ☕ \\u0000-free"}}]) { __typename } }""")  # a NUL
    response = api.post('{ node(id: "ada") { name properties } }')
    assert response.status_code == 200
    ada = response.json()["data"]["node"]
    assert ada["name"] == "Zoë Ádams"
    assert ada["properties"] == {"big": 2**70, "small": -(2**63), "ratio": 0.1,
                                 "note": "café ☕ \x00-free"}
    assert "1180591620717411303424" in response.text


def test_unknown_node_is_null(api: Api) -> None:
    assert api.data('{ node(id: "nobody") { id } }') == {"node": None}


def test_relationships_of_a_node_with_every_field(api: Api) -> None:
    data = api.data("""{ node(id: "ada") { relationships(types: [KNOWS, WORKS_FOR]) {
        type sourceId targetId source { id } target { id } directed role since until weight
        properties sources { id } } } }""")
    rels = data["node"]["relationships"]
    assert [(r["type"], r["sourceId"], r["targetId"]) for r in rels] == [
        ("KNOWS", "ada", "bob"),
        ("KNOWS", "ada", "cas"),
        ("WORKS_FOR", "ada", "trust"),
    ]
    knows_bob, _, works = rels
    assert knows_bob["since"] == "2014-06-26"
    assert knows_bob["directed"] is False
    assert knows_bob["source"] == {"id": "ada"} and knows_bob["target"] == {"id": "bob"}
    assert works["role"] == "Nurse" and works["directed"] is True
    assert works["weight"] is None and works["until"] is None and works["properties"] == {}


def test_relationships_first_and_weight(api: Api) -> None:
    data = api.data('{ node(id: "trust") { relationships(first: 1) { type weight } } }')
    assert data["node"]["relationships"] == [{"type": "LOCATED_IN", "weight": None}]
    data = api.data('{ node(id: "trust") { relationships(types: PARTNERS_WITH) { weight } } }')
    assert data["node"]["relationships"] == [{"weight": 2.0}]


def test_neighbours_filtered_by_kind_and_type_and_limited(api: Api) -> None:
    everyone = api.data('{ node(id: "ada") { neighbours { id } } }')["node"]["neighbours"]
    assert {n["id"] for n in everyone} == {"mh", "bob", "cas", "forum", "trust"}
    people = api.data('{ node(id: "ada") { neighbours(kinds: PERSON) { id } } }')
    assert [n["id"] for n in people["node"]["neighbours"]] == ["bob", "cas"]
    work = api.data('{ node(id: "ada") { neighbours(types: [WORKS_FOR]) { id name } } }')
    assert work["node"]["neighbours"] == [{"id": "trust", "name": "North Essex Partnership"}]
    cut = api.data('{ node(id: "ada") { one: neighbours(first: 1) { id } '
                   'three: neighbours(first: 3) { id } } }')["node"]
    assert (cut["one"], cut["three"]) == (everyone[:1], everyone[:3])


def test_nodes_pages_through_everything_in_name_order(api: Api) -> None:
    query = """query($after: String) { nodes(first: 4, after: $after) {
        edges { cursor node { id name } }
        nodes { id }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = api.data(query, {"after": after})["nodes"]
        pages += 1
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        assert [e["node"]["id"] for e in page["edges"]] == [n["id"] for n in page["nodes"]]
        assert info["startCursor"] == page["edges"][0]["cursor"]
        assert info["endCursor"] == page["edges"][-1]["cursor"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert pages == 3
    assert len(seen) == len(set(seen)) == 10
    names = api.data("{ nodes(first: 20) { nodes { name } } }")["nodes"]["nodes"]
    assert [n["name"] for n in names] == sorted((n["name"] for n in names), key=str.casefold)


def test_nodes_by_kind_scale_and_text(api: Api) -> None:
    def ids(arguments: str) -> list[str]:
        data = api.data(f"{{ nodes({arguments}) {{ nodes {{ id }} }} }}")
        return [n["id"] for n in data["nodes"]["nodes"]]

    assert ids("kind: ORGANISATION") == ["nhse", "trust", "refuge"]
    assert ids("kind: [PLACE, INTEREST]") == ["dorset", "mh", "hidden"]
    assert ids("scale: NATIONAL") == ["bob", "forum", "nhse"]
    assert ids("kind: PERSON, scale: [LOCAL]") == ["ada"]
    assert ids('text: "nhse"') == ["nhse"]  # an alias, any case
    assert ids('text: "  "') == ids("first: 50")  # blank text is no filter


def test_nodes_refuses_bad_page_sizes_and_cursors(api: Api) -> None:
    [error] = api.errors("{ nodes(first: 1001) { nodes { id } } }")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["problems"][0]["field"] == "first"
    [error] = api.errors("{ nodes(first: 0) { nodes { id } } }")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    [error] = api.errors('{ nodes(after: "not-a-cursor") { nodes { id } } }')
    assert error["extensions"]["problems"][0]["field"] == "after"
    assert "cursor" in error["message"]
    [error] = api.errors('{ node(id: "ada") { neighbours(first: 5000) { id } } }')
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["path"] == ["node", "neighbours"]


def test_neighbourhood_walks_hops_and_filters(api: Api) -> None:
    query = """query($id: ID!, $hops: Int!, $kinds: [NodeKind!], $first: Int! = 200) {
        neighbourhood(id: $id, hops: $hops, kinds: $kinds, first: $first) {
          centre { id } nodes { id } relationships { type sourceId targetId } truncated } }"""
    one = api.data(query, {"id": "trust", "hops": 1})["neighbourhood"]
    assert one["centre"] == {"id": "trust"}
    assert [n["id"] for n in one["nodes"]] == ["trust", "dorset", "nhse", "ada"]
    assert {(r["type"], r["sourceId"], r["targetId"]) for r in one["relationships"]} == {
        ("LOCATED_IN", "trust", "dorset"),
        ("PARTNERS_WITH", "nhse", "trust"),
        ("WORKS_FOR", "ada", "trust"),
    }
    assert one["truncated"] is False

    two = api.data(query, {"id": "trust", "hops": 2})["neighbourhood"]
    assert {n["id"] for n in two["nodes"]} == {
        "trust", "dorset", "nhse", "ada", "bob", "cas", "forum", "mh",
    }
    orgs = api.data(query, {"id": "ada", "hops": 3, "kinds": ["ORGANISATION"]})["neighbourhood"]
    assert [n["id"] for n in orgs["nodes"]] == ["ada", "trust", "nhse"]

    small = api.data(query, {"id": "trust", "hops": 2, "first": 3})["neighbourhood"]
    assert len(small["nodes"]) == 3 and small["truncated"] is True
    assert all(
        {r["sourceId"], r["targetId"]} <= {n["id"] for n in small["nodes"]}
        for r in small["relationships"]
    )


def test_neighbourhood_refuses_too_many_hops_and_is_null_for_unknown(api: Api) -> None:
    [error] = api.errors('{ neighbourhood(id: "ada", hops: 4) { truncated } }')
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["problems"][0]["field"] == "hops"
    assert api.data('{ neighbourhood(id: "nobody") { truncated } }') == {"neighbourhood": None}


def test_stats_counts_what_the_role_sees(api: Api) -> None:
    query = """{ stats { totalNodes totalRelationships version
        nodes { kind count } relationships { type count } } }"""
    steward = api.data(query)["stats"]
    assert steward["totalNodes"] == 10
    assert {c["kind"]: c["count"] for c in steward["nodes"]}["PERSON"] == 3
    assert {c["type"]: c["count"] for c in steward["relationships"]}["KNOWS"] == 2
    assert steward["version"] >= 2
    member = api.data(query, role=Role.MEMBER)["stats"]
    assert {c["kind"]: c["count"] for c in member["nodes"]}["PERSON"] == 2
    assert {c["type"]: c["count"] for c in member["relationships"]}["KNOWS"] == 1
    assert member["totalNodes"] == 8
    viewer = api.data(query, role=Role.VIEWER)["stats"]
    assert {c["kind"]: c["count"] for c in viewer["nodes"]}["PERSON"] == 1
    assert "KNOWS" not in {c["type"] for c in viewer["relationships"]}


def test_me_names_the_caller(api: Api) -> None:
    query = "{ me { role actor clearance canWrite } }"
    assert api.data(query)["me"] == {
        "role": "STEWARD", "actor": "key:steward-key", "clearance": "RESTRICTED", "canWrite": True,
    }
    assert api.data(query, role=Role.MEMBER)["me"] == {
        "role": "MEMBER", "actor": "key:member-key", "clearance": "INTERNAL", "canWrite": False,
    }
    assert api.data(query, role=Role.VIEWER)["me"]["clearance"] == "PUBLIC"


def test_interface_fragments_select_by_kind(api: Api) -> None:
    data = api.data("""{ nodes(first: 20) { nodes { id
        ... on Person { visibility } ... on Place { place { id } } } } }""")
    shaped = {n["id"]: n for n in data["nodes"]["nodes"]}
    assert shaped["ada"] == {"id": "ada", "visibility": "PUBLIC"}
    assert shaped["dorset"] == {"id": "dorset", "place": None}
    assert shaped["mh"] == {"id": "mh"}

"""What a GraphQL request read is freed as soon as its answer is sent.

If anything the request built sat in a reference cycle, every node, relationship and source it
read would wait for the cyclic garbage collector instead, and under load its passes take a
large share of the server's time. The collector is told to keep what it finds
(``DEBUG_SAVEALL``), so anything of the request's it had to collect shows up here.

Answers with errors are left out: an error keeps its traceback, whose frames refer back to
the error, until it has been logged; those few are the collector's to free.
"""

from __future__ import annotations

import gc

import pytest
from graphql_api import Api

from api.graphql.context import GraphQLContext
from graph.model import Node, Relationship, Source

REQUEST_OBJECTS = (GraphQLContext, Node, Relationship, Source)

QUERIES = {
    "node and neighbours": """{ node(id: "ada") { name
        neighbours { name place { name } } relationships { type source { name } } } }""",
    "page of nodes": "{ nodes(first: 5) { nodes { name neighbours { name } } } }",
    "an unknown node": '{ node(id: "nobody") { name } }',
}


def _left_for_the_collector(api: Api, query: str) -> list[str]:
    api.post(query)  # the first request of a kind warms caches that live on
    gc.collect()
    flags = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        response = api.post(query)
        assert response.status_code == 200, response.text
        gc.collect()
        return sorted({type(o).__name__ for o in gc.garbage if isinstance(o, REQUEST_OBJECTS)})
    finally:
        gc.set_debug(flags)
        gc.garbage.clear()


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_nothing_a_request_read_waits_for_the_garbage_collector(api: Api, query: str) -> None:
    assert _left_for_the_collector(api, query) == []

"""Running one operation: strawberry's execution context, without its reference cycle, and
answering plain attribute fields directly.

**The cycle.** graphql-core's executor hands resolvers two of its own bound methods
(``info.async_helpers``), and keeps them on itself: executor -> helpers -> bound method ->
executor. That cycle holds the executor, and through it the request's context, DataLoaders
and everything they read, until the garbage collector's next pass instead of freeing them
the moment the answer is built. Under load those passes cost about a quarter of a node
query's time (measured with 16 clients: 917 collections per 2,000 requests, against 5 for
the plain endpoint that does the same reads). The helpers here reach the executor through
weak references instead.

**Plain fields.** Most of a page of nodes is plain fields (``id``, ``name``, ``kind``) that
strawberry answers by reading an attribute; see :meth:`AcyclicExecutionContext.execute_field`.
An object whose selection is nothing but plain fields (and ``__typename``), such as each of a
node's fifty neighbours in ``neighbours { id name kind }``, is answered whole, and a list of
such objects in one loop; see :meth:`AcyclicExecutionContext.complete_object_value` and
:meth:`AcyclicExecutionContext.complete_list_value`. How to answer a selection whole (its
plan) is worked out once per parsed document and shared by the requests that send it, unless
a directive makes the selection depend on a request's variables (:func:`_shared_plans`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLResolveInfoHelpers,
    GraphQLScalarType,
    GraphQLString,
    GraphQLUnionType,
    Undefined,
)
from graphql.execution.collect_fields import FieldDetailsList, FragmentDetails, GroupedFieldSet
from graphql.language import (
    FragmentSpreadNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


def _weakly(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method``, called through a weak reference to its object."""
    ref = weakref.WeakMethod(method)

    def call(*args: Any, **kwargs: Any) -> Any:
        bound = ref()
        if bound is None:
            raise RuntimeError("the operation these helpers belong to has finished")
        return bound(*args, **kwargs)

    return call


class AcyclicExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context whose resolver helpers do not keep it alive, and which
    answers plain attribute fields directly."""

    answers_plain_fields_directly = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.async_helpers = GraphQLResolveInfoHelpers(
            gather=_weakly(self.gather_async_work), track=_weakly(self.track_async_work)
        )
        manager = self.middleware_manager
        self.direct = self.answers_plain_fields_directly and (
            manager is None or not manager.middlewares
        )
        self.plain: dict[GraphQLObjectType, dict[str, _PlainLeaf]] = {}
        self.shared_plans = _shared_plans(self.operation, self.fragments) if self.direct else None
        self.runtime_types: dict[
            tuple[GraphQLInterfaceType | GraphQLUnionType, str], GraphQLObjectType | None
        ] = {}

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        # graphql-core builds a resolve info, calls strawberry's attribute reader and
        # completes the value for every field, about 6 us each; a page of fifty neighbours
        # has a hundred and fifty such fields. A plain field gets the same answer by reading
        # the attribute and coercing it. Anything unusual (a null, a value that does not
        # coerce) goes the general way, which reports it as graphql-core does.
        if self.direct:
            plain = self._plain_fields_of(parent_type).get(field_details_list[0].node.name.value)
            if plain is not None:
                try:
                    value = getattr(source, plain.attribute)
                    if value is not None:
                        coerced = plain.coerce(value)
                        if coerced is not None and coerced is not Undefined:
                            return coerced
                    elif not plain.non_null:
                        return None
                except Exception:  # reported by the general way below
                    pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def complete_object_value(  # noqa: PLR0917  (graphql-core's signature)
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        # For each object graphql-core checks its type, then goes field by field (a path, an
        # awaitable check and execute_field for each): about 15 us an object whose fields are
        # all plain. Such an object is answered here in one pass. Anything unusual gives up
        # on the whole object, which the general way then answers from the start: reading
        # attributes changes nothing, so doing it twice is safe.
        if self.direct:
            answer = self._whole_object(return_type, field_details_list, info, result)
            if answer is not None:
                return answer
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def complete_list_value(  # noqa: PLR0917  (graphql-core's signature)
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        # Each item of a list goes through four more of graphql-core's steps (the item's
        # completion, the type checks of complete_value, the abstract type's resolution and
        # its validation) before reaching complete_object_value. A list of objects that can
        # all be answered whole is answered here in one loop; if any cannot, the whole list
        # goes the general way from the start.
        if self.direct and type(result) is list:
            answer = self._whole_list(return_type.of_type, field_details_list, info, path, result)
            if answer is not None:
                return answer
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _whole_list(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: list[Any],
    ) -> list[Any] | None:
        """``items`` answered whole, each an object of plain fields; else ``None``."""
        if self.get_stream_usage(field_details_list, path) is not None:
            return None
        non_null = isinstance(item_type, GraphQLNonNull)
        named = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            return None
        is_awaitable = self.is_awaitable
        plans: dict[GraphQLObjectType, _LeafPlan | None] = {}  # each runtime type's, once
        answers: list[Any] = []
        try:
            for item in items:
                if item is None:
                    if non_null:
                        return None
                    answers.append(None)
                    continue
                if is_awaitable(item):
                    return None
                if isinstance(named, GraphQLObjectType):
                    runtime: GraphQLObjectType | None = named
                else:
                    resolve = named.resolve_type or self.type_resolver
                    runtime = self._runtime_type(named, resolve(item, info, named))
                if runtime is None:
                    return None
                if runtime in plans:
                    plan = plans[runtime]
                else:
                    plan = plans[runtime] = self._leaf_plan_of(runtime, field_details_list)
                is_type_of = runtime.is_type_of
                if plan is None or (is_type_of is not None and is_type_of(item, info) is not True):
                    return None
                answer = _answer(plan, runtime.name, item)
                if answer is None:
                    return None
                answers.append(answer)
        except Exception:  # a type that fails to resolve: the general way reports it per item
            return None
        return answers

    def _runtime_type(
        self, abstract: GraphQLInterfaceType | GraphQLUnionType, name: Any
    ) -> GraphQLObjectType | None:
        """The object type ``name`` when it is one of ``abstract``'s, as graphql-core checks."""
        if not isinstance(name, str):  # an awaitable, or nothing
            return None
        key = (abstract, name)
        if key not in self.runtime_types:
            runtime = self.schema.get_type(name)
            self.runtime_types[key] = (
                runtime if isinstance(runtime, GraphQLObjectType)
                and self.schema.is_sub_type(abstract, runtime) else None
            )
        return self.runtime_types[key]

    def _whole_object(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        result: Any,
    ) -> dict[str, Any] | None:
        is_type_of = return_type.is_type_of
        try:
            if is_type_of is not None and is_type_of(result, info) is not True:  # or awaitable
                return None
        except Exception:  # raised again by the general way
            return None
        plan = self._leaf_plan_of(return_type, field_details_list)
        return None if plan is None else _answer(plan, return_type.name, result)

    def _plain_fields_of(self, parent_type: GraphQLObjectType) -> dict[str, _PlainLeaf]:
        fields = self.plain.get(parent_type)
        if fields is None:
            fields = self.plain[parent_type] = _plain_fields(parent_type)
        return fields

    def _leaf_plan_of(
        self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> _LeafPlan | None:
        """How to answer ``return_type`` objects whole for this selection, or ``None`` when a
        selected field is not plain (or is deferred)."""
        shared = self.shared_plans
        if shared is not None and len(field_details_list) == 1:
            details = field_details_list[0]
            if details.defer_usage is None and details.fragment_variable_values is None:
                key = (return_type, id(details.node))  # the node is held by its operation's entry
                if key not in shared:
                    shared[key] = self._collected_plan(return_type, field_details_list)
                return shared[key]
        return self._collected_plan(return_type, field_details_list)

    def _collected_plan(
        self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> _LeafPlan | None:
        # graphql-core remembers the collected fields for the operation; the plan from them
        # is a few lookups, shared where it can be (above)
        grouped, deferred, _ = self.collect_subfields(return_type, field_details_list)
        if deferred:
            return None
        return _leaf_plan(return_type, grouped, self._plain_fields_of(return_type))


def _answer(plan: _LeafPlan, type_name: str, result: Any) -> dict[str, Any] | None:
    """``result`` answered by ``plan``, or ``None`` when a value is missing, null where it
    may not be, or does not coerce: the general way then reports it."""
    answer: dict[str, Any] = {}
    try:
        for response_name, leaf in plan:
            if leaf is None:
                answer[response_name] = type_name
                continue
            value = getattr(result, leaf.attribute)
            if value is None:
                if leaf.non_null:
                    return None
                answer[response_name] = None
            elif leaf.text and type(value) is str:
                answer[response_name] = value  # what String and ID coerce a str to
            else:
                coerced = leaf.coerce(value)
                if coerced is None or coerced is Undefined:
                    return None
                answer[response_name] = coerced
    except Exception:
        return None
    return answer


class _PlainLeaf(NamedTuple):
    attribute: str
    coerce: Callable[[Any], Any]
    non_null: bool
    text: bool
    """String or ID, which give a ``str`` back as it is."""


_LeafPlan = list[tuple[str, _PlainLeaf | None]]
"""Each response name with how to answer it: a plain field, or ``None`` for ``__typename``."""


def _leaf_plan(
    parent_type: GraphQLObjectType, grouped: GroupedFieldSet, plain: dict[str, _PlainLeaf]
) -> _LeafPlan | None:
    """How to answer ``grouped`` on ``parent_type`` by reading attributes, or ``None`` when a
    field in it is not plain."""
    plan: _LeafPlan = []
    for response_name, details in grouped.items():
        name = details[0].node.name.value
        if name == "__typename":
            plan.append((response_name, None))
        elif name in plain:
            plan.append((response_name, plain[name]))
        else:
            return None
    return plan


SHARED_OPERATIONS = 256
"""Operations whose leaf plans are kept for the next request with the same document (as many
as the documents :class:`~api.graphql.limits.Limits` keeps parsed)."""


class _OperationPlans(NamedTuple):
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDetails]
    plans: dict[tuple[GraphQLObjectType, int], _LeafPlan | None] | None


_OPERATIONS: dict[int, _OperationPlans] = {}


def _shared_plans(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDetails]
) -> dict[tuple[GraphQLObjectType, int], _LeafPlan | None] | None:
    """The leaf plans every execution of ``operation`` shares, or ``None`` when they cannot.

    Requests with the same query text get the same parsed document (the parser cache hands
    it out), so the plan for a selection, worked out from graphql-core's collected subfields,
    holds for all of them unless a directive (``@skip``, ``@include``, ``@defer``) makes the
    selection depend on a request's variables (or a fragment takes arguments, which graphql-core
    allows experimentally). The entry holds the operation and its
    fragments, so no node's id can be taken by another node while a plan is keyed by it.
    """
    entry = _OPERATIONS.get(id(operation))
    if entry is None or entry.operation is not operation:
        if len(_OPERATIONS) >= SHARED_OPERATIONS:
            del _OPERATIONS[next(iter(_OPERATIONS))]  # the oldest
        free = not _has_directives(operation.selection_set, fragments) and not any(
            f.variable_signatures for f in fragments.values()
        )
        entry = _OPERATIONS[id(operation)] = _OperationPlans(
            operation, dict(fragments), {} if free else None
        )
    return entry.plans


def _has_directives(
    selection_set: SelectionSetNode | None, fragments: Mapping[str, FragmentDetails]
) -> bool:
    """Whether a directive appears anywhere in ``selection_set``, fragments included."""
    pending = [selection_set]
    seen: set[str] = set()
    while pending:
        current = pending.pop()
        for selection in current.selections if current is not None else ():
            if selection.directives:
                return True
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if name not in seen and fragment is not None:
                    seen.add(name)
                    if fragment.definition.directives:
                        return True
                    pending.append(fragment.definition.selection_set)
            else:
                pending.append(getattr(selection, "selection_set", None))
    return False


_PLAIN_FIELDS: weakref.WeakKeyDictionary[GraphQLObjectType, dict[str, _PlainLeaf]] = (
    weakref.WeakKeyDictionary()
)


def _plain_fields(parent_type: GraphQLObjectType) -> dict[str, _PlainLeaf]:
    """The plain fields of ``parent_type`` by name, worked out once per type."""
    found = _PLAIN_FIELDS.get(parent_type)
    if found is None:
        found = {}
        for name, field in parent_type.fields.items():
            plain = _plain_leaf(field)
            if plain is not None:
                found[name] = plain
        _PLAIN_FIELDS[parent_type] = found
    return found


def _plain_leaf(field: GraphQLField) -> _PlainLeaf | None:
    """How to answer ``field`` by reading an attribute, or ``None``.

    A field is plain when strawberry answers it by reading an attribute with ``getattr`` (no
    resolver, no permission, no field extension: strawberry marks its resolver as the default
    one, and the schema's default resolver is ``getattr``), takes no arguments, and returns a
    scalar or an enum.
    """
    resolve = field.resolve
    definition = (field.extensions or {}).get("strawberry-definition")
    if (
        resolve is None
        or not getattr(resolve, "_is_default", False)
        or definition is None
        or getattr(definition, "default_resolver", None) is not getattr
        or field.args
    ):
        return None
    kind = field.type
    non_null = isinstance(kind, GraphQLNonNull)
    named = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    if not isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return None
    text = named is GraphQLString or named is GraphQLID
    return _PlainLeaf(definition.python_name, named.coerce_output_value, non_null, text)

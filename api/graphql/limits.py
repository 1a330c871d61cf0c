"""Limits on what one GraphQL operation may ask for, checked before anything runs.

- **Depth**: fields nested at most ``graphql_max_depth`` deep (strawberry's
  depth rule; introspection is not counted).
- **Size**: at most ``graphql_max_tokens`` tokens in the document (graphql-core's parser) and
  ``graphql_max_aliases`` aliases (strawberry's alias rule), so a short document cannot ask for
  the same expensive field thousands of times.
- **Cost**: the estimated number of objects the operation can return, at most
  ``graphql_max_cost`` (:func:`cost_errors`). Every field that returns objects counts
  once per item of the lists it is in (scalar fields are free); a field with a ``first``
  argument returns up to ``first`` items, so
  ``nodes(first: 100) { edges { node { neighbours(first: 50) { name } } } }`` costs
  100 x (1 + 1 + 1 + 50) = 5,300. ``first`` comes from the literal, the variables sent, the
  variable's default, or the field's default, and never counts for more than the page-size
  cap.

A refused operation is a request error (nothing is executed): HTTP 400 with
``application/graphql-response+json``, or 200 with legacy ``application/json``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    VariableNode,
    get_named_type,
    parse,
    type_from_ast,
    value_from_ast,
)
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as aliases_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator
from strawberry.schema.schema import validate_document

from api.graphql.errors import QUERY_TOO_COSTLY, MaskInternalErrors
from api.settings import Settings
from graph.store.base import MAX_PAGE_SIZE

PAGE_ARGUMENT = "first"
DOCUMENT_CACHE_SIZE = 256
"""Query texts whose parse and validation are remembered (bounded: unique documents cannot grow
memory)."""


class CostEstimate:
    """The estimated number of items one operation's selections can return."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self._fragment_costs: dict[str, int] = {}
        self._expanding: set[str] = set()

    def of(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None) -> int:
        if selection_set is None or parent is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                scope = self.schema.get_type(condition.name.value) if condition else parent
                total += self.of(selection.selection_set, scope)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value)
        return total

    def _field(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        name = node.name.value
        if node.selection_set is None or name.startswith("__") or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return 0
        field = parent.fields.get(name)
        if field is None:
            return 0  # reported by the standard rules
        items = self._page_size(node, field)
        return items * (1 + self.of(node.selection_set, get_named_type(field.type)))

    def _fragment(self, name: str) -> int:
        if name in self._fragment_costs:
            return self._fragment_costs[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._expanding:
            return 0  # unknown fragments and cycles are reported by the standard rules
        self._expanding.add(name)
        scope = self.schema.get_type(fragment.type_condition.name.value)
        cost = self.of(fragment.selection_set, scope)
        self._expanding.discard(name)
        self._fragment_costs[name] = cost
        return cost

    def _page_size(self, node: FieldNode, field: GraphQLField) -> int:
        argument = field.args.get(PAGE_ARGUMENT)
        if argument is None:
            return 1
        value: Any = Undefined
        for given in node.arguments or ():
            if given.name.value == PAGE_ARGUMENT:
                if isinstance(given.value, VariableNode):
                    value = self.variables.get(given.value.name.value, Undefined)
                    if value is Undefined:
                        value = argument.default_value
                else:
                    value = value_from_ast(given.value, argument.type)
        if value is Undefined:
            value = argument.default_value
        if not isinstance(value, int) or isinstance(value, bool):
            return MAX_PAGE_SIZE  # not a number: the largest page it could be
        return max(1, min(value, MAX_PAGE_SIZE))


def _variables_with_defaults(
    schema: GraphQLSchema, operation: OperationDefinitionNode, sent: Mapping[str, Any]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name in sent:
            values[name] = sent[name]
        elif definition.default_value is not None:
            input_type = type_from_ast(schema, definition.type)
            if input_type is not None:
                values[name] = value_from_ast(definition.default_value, input_type)  # type: ignore[arg-type]
    return values


def cost_errors(
    schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any], max_cost: int
) -> list[GraphQLError]:
    """An error for each operation in ``document`` estimated to cost more than ``max_cost``."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    errors = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        root = schema.get_root_type(definition.operation)
        values = _variables_with_defaults(schema, definition, variables)
        cost = CostEstimate(schema, fragments, values).of(definition.selection_set, root)
        if cost > max_cost:
            name = definition.name.value if definition.name else "the operation"
            errors.append(GraphQLError(
                f"{name} could return about {cost} objects, more than the limit of "
                f"{max_cost}; ask for smaller pages (first) or fewer nested lists",
                definition,
                extensions={"code": QUERY_TOO_COSTLY, "cost": cost, "limit": max_cost},
            ))
    return errors


@dataclass(frozen=True, slots=True)
class CheckedDocument:
    """A parsed document and what the standard rules and the depth and alias limits found."""

    document: DocumentNode
    errors: tuple[GraphQLError, ...]


class Limits:
    """The checks one schema makes before running an operation, built once per schema.

    Parsing and validating a document take milliseconds, longer than answering most queries,
    and their outcome depends only on the schema and the query text (the token, depth and alias
    limits read no variables), so both are cached per query text: clients send the same few
    documents with new variables. The text is the key because Python keeps a string's hash,
    while hashing a parsed document walks all of it. The cost depends on the variables
    (``first: $n``), so it is worked out for every request, straight from the document
    (microseconds).
    """

    def __init__(self, settings: Settings, *, cache_size: int = DOCUMENT_CACHE_SIZE) -> None:
        self.max_cost = settings.graphql_max_cost
        self.max_tokens = settings.graphql_max_tokens
        self.rules: tuple[type[ASTValidationRule], ...] = (
            depth_validator(settings.graphql_max_depth, None),
            aliases_validator(settings.graphql_max_aliases),
        )
        self.checked = functools.lru_cache(maxsize=cache_size)(self._check)

    def _check(
        self, query: str, schema: GraphQLSchema, rules: tuple[type[ASTValidationRule], ...]
    ) -> CheckedDocument:
        # a document that does not parse (or has too many tokens) raises, and is not cached
        document = parse(query, max_tokens=self.max_tokens)
        errors = validate_document(schema, document, (*rules, *self.rules))
        return CheckedDocument(document, tuple(errors))


class CheckedOperation(SchemaExtension):
    """Parses and validates the document (once per query text) and checks this request's
    cost."""

    def __init__(self, *, limits: Limits) -> None:
        self.limits = limits
        self.checked: CheckedDocument | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query:  # strawberry refuses a request with no query itself
            self.checked = self.limits.checked(
                context.query, context.schema._schema, tuple(context.validation_rules)
            )
            context.graphql_document = self.checked.document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        checked = self.checked
        if checked is not None and context.pre_execution_errors is None:
            errors = list(checked.errors)
            if not errors:
                errors = cost_errors(context.schema._schema, checked.document,
                                     context.variables or {}, self.limits.max_cost)
            # an empty list tells strawberry validation is done and passed
            context.pre_execution_errors = errors
        yield


def extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The schema extensions, one fresh instance per request, sharing one :class:`Limits`."""
    limits = Limits(settings)
    return [functools.partial(CheckedOperation, limits=limits), MaskInternalErrors]

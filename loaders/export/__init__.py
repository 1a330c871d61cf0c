"""Writing the graph, or a part of it, to files other tools and a later load can read.

Four formats, each one a load reads back into the same graph (:func:`export_graph`):

- ``graphml``: GraphML with every attribute declared by a ``<key>`` with its ``attr.type``,
  for Gephi, yEd, Cytoscape and networkx;
- ``gexf``: GEXF 1.3 with declared attributes, for Gephi; a node's name is its ``label``;
- ``json``: ``{"nodes": [...], "edges": [...]}``, the JSON load format, one item a line;
- ``csv``: a CSV bundle folder, ``nodes.csv`` and ``edges.csv`` in the load format.

Every node and relationship carries its sources (id, kind, origin, locator, excerpt, run,
loaded_at): a ``sources`` list in JSON, a JSON-encoded ``sources`` column or attribute in the
others. A load restores them beside its own row source.

Typed properties in text formats
--------------------------------
CSV, GraphML and GEXF hold text, so a property whose values are not all non-blank text is
written under the name ``<name>:json`` with each value JSON-encoded (``3``, ``2.5``, ``true``,
``["a", "b"]``, ``""``, ``null``), and a load decodes it back (see
:data:`loaders.records.JSON_SUFFIX`). GraphML and GEXF first use their own types: a property
whose values are all whole numbers is declared ``long``, all numbers ``double``, all true/false
``boolean``; only lists and mixed types fall back to ``:json``.

Limits of the text formats: aliases are joined with ``;``, so an alias that itself holds a
``;`` comes back split (JSON keeps it whole); XML cannot hold most control characters, so a
name, description or role holding one can be exported as JSON or CSV only.
"""

from loaders.export.core import (
    ExportFormat,
    ExportProgress,
    ExportSummary,
    GraphSource,
    OutputExists,
    Selection,
    StoreChanged,
    export_graph,
)

__all__ = [
    "ExportFormat",
    "ExportProgress",
    "ExportSummary",
    "GraphSource",
    "OutputExists",
    "Selection",
    "StoreChanged",
    "export_graph",
]

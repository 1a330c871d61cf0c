"""Documents (``.txt``, ``.md``, ``.html`` posts and threads) into sourced graph facts.

``read_document`` turns one file into a :class:`~loaders.plan.LoadPlan` whose nodes and
relationships each carry a :class:`~graph.model.Source` of kind ``passage``: the file as
given, ``passage N`` and the sentence that states the fact. ``extract`` does the same for a
string. ``describe`` lists a plan's facts for review (``convene load --dry-run``).

How passages are cut: :mod:`loaders.documents.reading`. What is recognised and how:
:mod:`loaders.documents.mentions` (names), :mod:`loaders.documents.extract` (entities,
authors, resolution against a :class:`~graph.names.NameIndex`) and
:mod:`loaders.documents.relations` (relationships). The word lists are in
:mod:`loaders.documents.lexicon`.
"""

from loaders.documents.extract import Extraction
from loaders.documents.reader import describe, extract, read_document
from loaders.documents.reading import SUFFIXES, DocFormat

__all__ = ["SUFFIXES", "DocFormat", "Extraction", "describe", "extract", "read_document"]

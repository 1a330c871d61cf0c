"""Reading CSV bundles, ``.xlsx`` workbooks and JSON into the graph, all or nothing."""

from loaders.load import Format, LoadReport, load_paths
from loaders.plan import LoadPlan, validate_against

__all__ = ["Format", "LoadPlan", "LoadReport", "load_paths", "validate_against"]

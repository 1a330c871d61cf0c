"""Benchmarks for Convene. Run them with ``python -m bench`` (see ``bench/__main__.py``)."""

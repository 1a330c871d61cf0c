"""Convene's pages: the network and every analysis as interactive, offline pyvis pages.

- :mod:`viz.views`: the views, each a pure function from a graph (read at the viewer's
  clearance) and an analysis result to a :class:`~viz.scene.Scene` or its HTML;
- :mod:`viz.scene`, :mod:`viz.styling`, :mod:`viz.palette`, :mod:`viz.tooltips`,
  :mod:`viz.layout`: what is drawn and how it looks;
- :mod:`viz.page`, :mod:`viz.assets`, ``viz/templates``, ``viz/static``: the HTML, with
  vis-network (pyvis's bundled copy) and Convene's script inline or served, never from a CDN;
- :mod:`viz.service`: reading the store and running the analyses for a page;
- :mod:`viz.routes`: the pages over HTTP (``/`` and ``/viz/...``); :mod:`viz.landing`: ``/``;
- :mod:`viz.chromium`, :mod:`viz.png`: headless Chromium for PNGs and end-to-end checks.

``convene viz`` (``api/cli/viz_command.py``) writes any view to a self-contained file.
"""

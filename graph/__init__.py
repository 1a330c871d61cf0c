"""Convene's graph core: the vocabulary, the model, the stores and the analyses."""

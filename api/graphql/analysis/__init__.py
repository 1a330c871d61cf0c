"""The analysis queries: connections, shared context, brokers, communities, sweet spots and
introductions, each run on the graph as the caller may see it (see :mod:`.reading`)."""

"""Nodes: the Node interface and its kinds, relationships, node(s) queries, mutations."""

"""What lies within a few hops of a node: `neighbourhood`."""

"""History: what changed in the network, and the weaving indicators per quarter."""

"""Records beside the graph: load runs, introductions made, the audit log; and the stewards'
changes that write them (merges, introductions, uploaded files)."""

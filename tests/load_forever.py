"""A loader that writes batches into a store until it is killed (for the durability tests).

Usage: python load_forever.py DB_PATH BATCH_SIZE [START]
After each committed batch it prints ``committed <total nodes> <version>`` and flushes, so
the parent knows exactly what must survive a kill.
"""

from __future__ import annotations

import itertools
import sys

from graph.model import Node, Relationship
from graph.store.sqlite import SQLiteStore


def main() -> None:
    path, batch_size = sys.argv[1], int(sys.argv[2])
    start = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    store = SQLiteStore(path)
    for batch_no in itertools.count(start):
        first = batch_no * batch_size
        nodes = [
            Node(id=f"p{i}", kind="Person", name=f"Person {i}", description="x" * 200,
                 properties={"batch": batch_no, "row": i})
            for i in range(first, first + batch_size)
        ]
        summary = store.upsert_nodes(nodes, batch_size=batch_size)
        ties = [Relationship(source=f"p{i}", type="KNOWS", target=f"p{i + 1}")
                for i in range(first, first + batch_size - 1)]
        store.upsert_relationships(ties, batch_size=batch_size)
        print("committed", first + batch_size, summary.version, flush=True)


if __name__ == "__main__":
    main()

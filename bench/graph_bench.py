"""Measure ingestion, indexed point lookups and one- and two-hop expansions at several graph sizes.

Run it with one of the driver virtual environments (see bench/README.md):

    .venv/driver6/bin/python bench/graph_bench.py [--sizes 10000,100000,1000000] [--duration SECONDS]

For each size it starts a fresh server on free loopback ports with a temporary data directory,
creates an index on :Person(id), loads the nodes with `UNWIND $rows AS r CREATE (...)` and the
relationships with `UNWIND $rows AS r MATCH ... CREATE (a)-[:KNOWS]->(b)` in batches, then runs
each read query for a fixed time from one client with random ids. It prints one Markdown table,
so that the growth of each cost with the graph's size can be read down a column.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import neo4j

from bolt_bench import default_binary
from server_process import ServerProcess

ADMIN = ("admin", "graph-bench-password")
BATCH_SIZE = 10_000

CREATE_NODES = "UNWIND $rows AS r CREATE (:Person {id: r.id, name: r.name, age: r.age})"
CREATE_RELATIONSHIPS = (
    "UNWIND $rows AS r MATCH (a:Person {id: r.a}), (b:Person {id: r.b}) CREATE (a)-[:KNOWS {since: r.since}]->(b)"
)
READ_QUERIES = {
    "point lookup": "MATCH (p:Person {id: $id}) RETURN p.name AS name",
    "one hop": "MATCH (:Person {id: $id})-[:KNOWS]->(f) RETURN f.name AS name",
    "two hops": "MATCH (:Person {id: $id})-[:KNOWS]->()-[:KNOWS]->(f) RETURN count(f) AS friends",
}


@dataclass
class ReadResult:
    operations: int
    rate: float
    p50_ms: float
    p99_ms: float


@dataclass
class SizeResult:
    size: int
    relationships: int
    nodes_per_second: float
    relationships_per_second: float
    reads: dict[str, ReadResult]
    resident_mib: float


def make_graph(size: int, degree: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Return the node rows and the relationship rows of the graph, the same for every run of one size.

    Node i has `id` i. Each node gets `degree` outgoing relationships to nodes drawn uniformly,
    so self-loops and repeated pairs occur.
    """
    generator = random.Random(size)
    nodes = [{"id": i, "name": f"person-{i}", "age": generator.randrange(18, 90)} for i in range(size)]
    relationships = [
        {"a": i, "b": generator.randrange(size), "since": 2000 + generator.randrange(25)}
        for i in range(size)
        for _ in range(degree)
    ]
    return nodes, relationships


def resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(driver: neo4j.Driver, query: str, rows: list[dict[str, object]]) -> tuple[float, int]:
    """Run `query` over `rows` in batches, one transaction per batch.

    Returns the seconds taken and the number of nodes plus relationships the server reported as
    created.
    """
    created = 0
    started = time.perf_counter()
    for start in range(0, len(rows), BATCH_SIZE):
        counters = driver.execute_query(query, rows=rows[start : start + BATCH_SIZE]).summary.counters
        created += counters.nodes_created + counters.relationships_created
    return time.perf_counter() - started, created


def measure_reads(run: Callable[[int], object], size: int, duration: float) -> ReadResult:
    """Call `run` with random ids below `size` for `duration` seconds and measure each call.

    `run` must fetch every row, so that the latency includes the transfer of the results.
    """
    generator = random.Random(7)
    latencies: list[float] = []
    # Warm-up: the first statements compile the query and fill caches.
    for _ in range(50):
        run(generator.randrange(size))
    deadline = time.perf_counter() + duration
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        run(generator.randrange(size))
        latencies.append(time.perf_counter() - started)
    latencies.sort()

    def percentile(fraction: float) -> float:
        return latencies[min(len(latencies) - 1, int(fraction * len(latencies)))] * 1000

    return ReadResult(len(latencies), len(latencies) / duration, percentile(0.5), percentile(0.99))


def bolt_reader(session: neo4j.Session, query: str) -> Callable[[int], object]:
    """Return a function that runs `query` with parameter `id` on `session` and fetches every record."""
    return lambda person_id: list(session.run(query, id=person_id))


def nornicdb_server(binary: Path, directory: Path) -> ServerProcess:
    """Return an unstarted server with the ADMIN account, its data and log under `directory`."""
    return ServerProcess(
        directory / "data",
        directory / "server.log",
        env={"NORNICDB_AUTH": f"{ADMIN[0]}:{ADMIN[1]}", "NORNICDB_LOG_LEVEL": "warning"},
        binary=binary,
    )


def run_size(binary: Path, size: int, degree: int, duration: float, root: Path) -> SizeResult:
    server = nornicdb_server(binary, root / f"size-{size}")
    server.start()
    try:
        with neo4j.GraphDatabase.driver(server.uri, auth=ADMIN) as driver:
            driver.execute_query("CREATE INDEX person_id FOR (p:Person) ON (p.id)")
            nodes, relationships = make_graph(size, degree)
            node_seconds, _ = load(driver, CREATE_NODES, nodes)
            relationship_seconds, _ = load(driver, CREATE_RELATIONSHIPS, relationships)
            with driver.session() as session:
                reads = {
                    name: measure_reads(bolt_reader(session, query), size, duration)
                    for name, query in READ_QUERIES.items()
                }
            assert server.process is not None
            memory = resident_mib(server.process.pid)
    finally:
        server.stop()
    return SizeResult(
        size=size,
        relationships=len(relationships),
        nodes_per_second=size / node_seconds,
        relationships_per_second=len(relationships) / relationship_seconds,
        reads=reads,
        resident_mib=memory,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Graph ingestion and read benchmark over Bolt.")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated node counts")
    parser.add_argument("--degree", type=int, default=2, help="outgoing KNOWS relationships per node")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per read scenario")
    parser.add_argument("--binary", type=Path, default=default_binary(), help="server executable")
    options = parser.parse_args()
    if not options.binary.is_file():
        parser.error(f"server binary not found at {options.binary}; run swift build -c release first")
    sizes = [int(size) for size in options.sizes.split(",")]

    results = []
    with tempfile.TemporaryDirectory(prefix="nornicdb-graph-bench.") as root:
        for size in sizes:
            print(f"size {size}: loading and measuring...", file=sys.stderr, flush=True)
            results.append(run_size(options.binary, size, options.degree, options.duration, Path(root)))

    print(f"Machine: {platform.node()}, {os.cpu_count()} CPUs, {platform.platform()}; server {options.binary}")
    print(f"neo4j driver {neo4j.__version__}, batches of {BATCH_SIZE}, {options.degree} relationships per node")
    print()
    header = "| nodes | relationships | nodes/s | relationships/s |"
    divider = "| ---: | ---: | ---: | ---: |"
    for name in READ_QUERIES:
        header += f" {name}/s (p50, p99 ms) |"
        divider += " ---: |"
    header += " server RSS after (MiB) |"
    divider += " ---: |"
    print(header)
    print(divider)
    for result in results:
        line = (
            f"| {result.size:,} | {result.relationships:,} | {result.nodes_per_second:,.0f} | "
            f"{result.relationships_per_second:,.0f} |"
        )
        for name in READ_QUERIES:
            read = result.reads[name]
            line += f" {read.rate:,.0f} ({read.p50_ms:.2f}, {read.p99_ms:.2f}) |"
        line += f" {result.resident_mib:,.0f} |"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

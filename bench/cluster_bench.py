"""Compare one node on SQLite, one node on PostgreSQL and a cluster of nodes on one PostgreSQL database.

Run it with one of the driver virtual environments (see bench/README.md):

    .venv/driver6/bin/python bench/cluster_bench.py [--duration SECONDS] [--clients 1,4,16] [--binary PATH]

For each set-up it starts the servers on free loopback ports, with the integration tests' fixtures
(which also start a throwaway PostgreSQL server), and loads `--people` `:Person` nodes with an index
on `id`. For each client count it then measures an indexed read, a small write, and logins on a new
connection with a JWT bearer token and with basic auth. In the cluster, client i talks to node
i mod N over `bolt://`, so the clients are spread evenly over the nodes. It prints one Markdown
table; the script exits non-zero if any operation failed.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import jwt
import neo4j

from bolt_bench import ScenarioResult, default_binary, login_scenario, report, run_scenarios

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from cluster import Cluster  # noqa: E402
from harness import ADMIN_PASSWORD, ADMIN_USER, JWT_SECRET, ServerFactory  # noqa: E402
from postgres_server import PostgresServer  # noqa: E402
from server_process import ServerProcess  # noqa: E402

Make = Callable[[], tuple[Callable[[], None], Callable[[], None]]]

READ_QUERY = "MATCH (p:Person {id: $id}) RETURN p.name"
WRITE_QUERY = "CREATE (:Event {n: $n})"
LOAD_QUERY = "UNWIND range(0, $count - 1) AS i CREATE (:Person {id: i, name: 'person-' + toString(i)})"
QUIET = {"NORNICDB_LOG_LEVEL": "warning"}


def bearer_token(subject: str, role: str) -> str:
    """Sign a one-hour JWT with the run's shared secret, which every node accepts."""
    now = int(time.time())
    claims = {"sub": subject, "roles": [role], "iat": now, "exp": now + 3600}
    return jwt.encode(claims, JWT_SECRET, algorithm="HS256")


def round_robin(makes: list[Make]) -> Make:
    """Give worker i the operation of `makes[i % len(makes)]`, one per node."""
    counter = itertools.count()

    def make() -> tuple[Callable[[], None], Callable[[], None]]:
        # next() on itertools.count is atomic under the interpreter lock, so workers get distinct indices.
        return makes[next(counter) % len(makes)]()

    return make


def statement_scenario(nodes: list[ServerProcess], query: str, parameters: Callable[[], dict[str, object]]) -> Make:
    """Build workers that run `query` per operation on their own node, driver and session.

    Each worker logs in as its own JWT subject, because the server runs at most four statements
    of one user at once and rejects the rest with ResourceExhaustion, which `session.run` does not
    retry.
    """
    counter = itertools.count()

    def make() -> tuple[Callable[[], None], Callable[[], None]]:
        index = next(counter)
        node = nodes[index % len(nodes)]
        auth = neo4j.bearer_auth(bearer_token(f"bench-client-{index}", "editor"))
        driver = neo4j.GraphDatabase.driver(node.uri, auth=auth, max_connection_pool_size=1)
        session = driver.session()

        def operation() -> None:
            session.run(query, parameters()).consume()

        def cleanup() -> None:
            session.close()
            driver.close()

        return operation, cleanup

    return make


def load_people(node: ServerProcess, count: int) -> None:
    """Create the index on :Person(id), then `count` people in one transaction."""
    with neo4j.GraphDatabase.driver(node.uri, auth=(ADMIN_USER, ADMIN_PASSWORD)) as driver:
        driver.execute_query("CREATE INDEX person_id FOR (p:Person) ON (p.id)")
        driver.execute_query(LOAD_QUERY, count=count)
        records, _, _ = driver.execute_query("MATCH (p:Person) RETURN count(p) AS people")
        if records[0]["people"] != count:
            raise RuntimeError(f"loaded {records[0]['people']} people, expected {count}")


@contextlib.contextmanager
def sqlite_node(root: Path) -> Iterator[list[ServerProcess]]:
    factory = ServerFactory(root / "sqlite")
    try:
        yield [factory.standard(QUIET)]
    finally:
        factory.close()


@contextlib.contextmanager
def postgres_node(root: Path) -> Iterator[list[ServerProcess]]:
    postgres = PostgresServer()
    factory = ServerFactory(root / "postgres")
    try:
        postgres.start()
        url = postgres.url(postgres.create_database())
        yield [factory.standard({**QUIET, "NORNICDB_STORAGE_URL": url})]
    finally:
        try:
            factory.close()
        finally:
            postgres.close()


@contextlib.contextmanager
def postgres_cluster(root: Path, size: int) -> Iterator[list[ServerProcess]]:
    cluster = Cluster(root / "cluster", size)
    try:
        cluster.start_with(QUIET)
        yield cluster.nodes
    finally:
        cluster.close()


def measure_setup(
    name: str, nodes: list[ServerProcess], people: int, client_counts: list[int], duration: float
) -> list[ScenarioResult]:
    """Load the people through the first node, then run every scenario against `nodes`."""
    print(f"{name}: loading {people} people", file=sys.stderr)
    load_people(nodes[0], people)
    write_numbers = itertools.count()
    basic = (ADMIN_USER, ADMIN_PASSWORD)
    bearer = neo4j.bearer_auth(bearer_token("bench-login", "viewer"))
    scenarios: list[tuple[str, int, Make]] = []
    for clients in client_counts:
        read = statement_scenario(nodes, READ_QUERY, lambda: {"id": random.randrange(people)})
        write = statement_scenario(nodes, WRITE_QUERY, lambda: {"n": next(write_numbers)})
        scenarios.append((f"{name}: indexed read", clients, read))
        scenarios.append((f"{name}: small write", clients, write))
    for clients in client_counts:
        jwt_login = round_robin([login_scenario(node.uri, bearer) for node in nodes])
        scenarios.append((f"{name}: login, JWT bearer", clients, jwt_login))
    for clients in client_counts:
        basic_login = round_robin([login_scenario(node.uri, basic) for node in nodes])
        scenarios.append((f"{name}: login, basic", clients, basic_login))
    return run_scenarios(scenarios, duration)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario (default 10)")
    parser.add_argument("--binary", type=Path, default=default_binary(), help="nornicdb executable to start")
    parser.add_argument("--clients", default="1,4,16", help="comma-separated client counts (default 1,4,16)")
    parser.add_argument("--people", type=int, default=10_000, help=":Person nodes loaded per set-up (default 10000)")
    parser.add_argument("--cluster-size", type=int, default=3, help="nodes in the PostgreSQL cluster (default 3)")
    options = parser.parse_args()
    if not options.binary.is_file():
        parser.error(f"server binary not found at {options.binary}; run swift build -c release first")
    client_counts = [int(count) for count in options.clients.split(",")]
    # The fixtures start the binary named by NORNICDB_BINARY, and they drop the variable from the servers' environment.
    os.environ["NORNICDB_BINARY"] = str(options.binary.resolve())

    setups: list[tuple[str, Callable[[Path], contextlib.AbstractContextManager[list[ServerProcess]]]]] = [
        ("SQLite, 1 node", sqlite_node),
        ("PostgreSQL, 1 node", postgres_node),
        (
            f"PostgreSQL, {options.cluster_size} nodes",
            lambda root: postgres_cluster(root, options.cluster_size),
        ),
    ]
    results: list[ScenarioResult] = []
    with tempfile.TemporaryDirectory(prefix="nornicdb-cluster-bench-") as temporary:
        for name, start in setups:
            with start(Path(temporary)) as nodes:
                results += measure_setup(name, nodes, options.people, client_counts, options.duration)

    client = f"neo4j driver {neo4j.__version__}, Python {platform.python_version()}"
    return report(results, options.binary, client, options.duration)


if __name__ == "__main__":
    sys.exit(main())

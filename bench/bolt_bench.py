"""Measure Bolt logins per second and `RETURN 1` round trips per second against a local server.

Run it with one of the driver virtual environments (see bench/README.md):

    .venv/driver6/bin/python bench/bolt_bench.py [--duration SECONDS] [--binary PATH]

It starts its own server on free loopback ports with a temporary data directory (the release
build if present, else the debug build), runs each scenario for a fixed time, stops the server
and prints a Markdown table. All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jwt
import neo4j

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from bolt_wire import GOODBYE, HELLO, LOGON, SUCCESS, BoltSocket, describe, version_slot  # noqa: E402
from server_process import ServerProcess  # noqa: E402

ADMIN_USER = "admin"
# Upper bound on operations per worker, so a scenario stops even if the clock misbehaves.
MAX_OPERATIONS_PER_WORKER = 1_000_000


@dataclass
class WorkerResult:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None


@dataclass
class ScenarioResult:
    name: str
    clients: int
    elapsed: float
    latencies: list[float]
    errors: int
    first_error: str | None

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed > 0 else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def default_binary() -> Path:
    configured = os.environ.get("NORNICDB_BINARY")
    if configured:
        return Path(configured)
    release = REPO_ROOT / ".build" / "release" / "nornicdb"
    return release if release.is_file() else REPO_ROOT / ".build" / "debug" / "nornicdb"


def run_workers(
    name: str,
    clients: int,
    duration: float,
    make_operation: Callable[[], tuple[Callable[[], None], Callable[[], None]]],
) -> ScenarioResult:
    """Run `clients` threads for `duration` seconds; each calls its own operation in a loop.

    `make_operation` returns (operation, cleanup) for one worker and runs in that worker.
    """
    results = [WorkerResult() for _ in range(clients)]
    ready = threading.Barrier(clients + 1, timeout=60)
    go = threading.Event()
    deadline_holder: list[float] = []

    def work(result: WorkerResult) -> None:
        try:
            operation, cleanup = make_operation()
        except Exception as error:  # a worker that cannot connect still releases the barrier
            result.errors += 1
            result.first_error = f"set-up failed: {type(error).__name__}: {error}"
            ready.wait()
            return
        try:
            ready.wait()
            go.wait()
            deadline = deadline_holder[0]
            for _ in range(MAX_OPERATIONS_PER_WORKER):
                start = time.perf_counter()
                if start >= deadline:
                    break
                try:
                    operation()
                except Exception as error:  # counted and reported in the table
                    result.errors += 1
                    result.first_error = result.first_error or f"{type(error).__name__}: {error}"
                    continue
                result.latencies.append(time.perf_counter() - start)
        finally:
            cleanup()

    threads = [threading.Thread(target=work, args=(result,), daemon=True) for result in results]
    for thread in threads:
        thread.start()
    # Time starts once every worker has its connection, so set-up does not lower the rate.
    ready.wait()
    started = time.perf_counter()
    deadline_holder.append(started + duration)
    go.set()
    for thread in threads:
        thread.join(timeout=duration + 60)
    elapsed = time.perf_counter() - started
    latencies = [latency for result in results for latency in result.latencies]
    errors = sum(result.errors for result in results)
    first_error = next((result.first_error for result in results if result.first_error), None)
    return ScenarioResult(name, clients, elapsed, latencies, errors, first_error)


def login_scenario(uri: str, auth: object) -> Callable[[], tuple[Callable[[], None], Callable[[], None]]]:
    """Build workers that log in once per operation, on a new driver and so a new connection."""

    def make() -> tuple[Callable[[], None], Callable[[], None]]:
        def operation() -> None:
            with neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=5.0) as driver:
                driver.verify_connectivity()

        return operation, lambda: None

    return make


def raw_login_scenario(
    server: ServerProcess, user: str, password: str, agent: str
) -> Callable[[], tuple[Callable[[], None], Callable[[], None]]]:
    """Build workers that log in once per operation on a new raw Bolt connection (bolt_wire).

    Handshake, HELLO and LOGON on a plain socket cost the client far less than a new driver
    does, so this rate is closer to what the server itself sustains.
    """
    token = {"scheme": "basic", "principal": user, "credentials": password}
    hello_extra = {"user_agent": agent, "bolt_agent": {"product": agent}}

    def make() -> tuple[Callable[[], None], Callable[[], None]]:
        def operation() -> None:
            with BoltSocket(server.address, server.bolt_port) as connection:
                connection.handshake(version_slot(5, 4, 3))
                connection.send(HELLO, hello_extra)
                hello = connection.receive()
                connection.send(LOGON, token)
                logon = connection.receive()
                if hello.tag != SUCCESS or logon.tag != SUCCESS:
                    raise RuntimeError(f"login failed: {describe([hello, logon])}")
                connection.send(GOODBYE)

        return operation, lambda: None

    return make


def round_trip_scenario(uri: str, auth: object) -> Callable[[], tuple[Callable[[], None], Callable[[], None]]]:
    """Build workers that run one `RETURN 1` per operation on their own driver and session."""

    def make() -> tuple[Callable[[], None], Callable[[], None]]:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth, max_connection_pool_size=1)
        session = driver.session()

        def operation() -> None:
            session.run("RETURN 1").consume()

        def cleanup() -> None:
            session.close()
            driver.close()

        return operation, cleanup

    return make


def run_scenarios(
    scenarios: list[tuple[str, int, Callable[[], tuple[Callable[[], None], Callable[[], None]]]]], duration: float
) -> list[ScenarioResult]:
    """Run each (name, clients, make) scenario for `duration` seconds, one after another."""
    results = []
    for name, clients, make in scenarios:
        print(f"running {name} with {clients} client(s) for {duration:g} s", file=sys.stderr)
        results.append(run_workers(name, clients, duration, make))
    return results


def report(results: list[ScenarioResult], binary: Path, client: str, duration: float) -> int:
    """Print the run's settings, the table and each scenario's first error; return the exit code."""
    print(f"nornicdb {binary}, {client}, {os.cpu_count()} CPUs, {duration:g} s per scenario, loopback\n")
    print(format_table(results))
    for result in results:
        if result.first_error:
            print(f"\n{result.name} ({result.clients} clients), first error: {result.first_error}")
    return 0 if all(result.errors == 0 for result in results) else 1


def format_table(results: list[ScenarioResult]) -> str:
    lines = [
        "| scenario | clients | operations | per second | p50 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        lines.append(
            f"| {result.name} | {result.clients} | {len(result.latencies)} | {result.rate:,.0f} "
            f"| {result.percentile(0.50):.2f} | {result.percentile(0.99):.2f} | {result.errors} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario (default 10)")
    parser.add_argument("--binary", type=Path, default=default_binary(), help="nornicdb executable to start")
    parser.add_argument("--clients", default="1,4,16", help="client counts for RETURN 1 (default 1,4,16)")
    options = parser.parse_args()
    if not options.binary.is_file():
        parser.error(f"server binary not found at {options.binary}; run swift build -c release first")
    client_counts = [int(count) for count in options.clients.split(",")]

    password = "bench-" + secrets.token_hex(8)
    jwt_secret = secrets.token_hex(32)
    with tempfile.TemporaryDirectory(prefix="nornicdb-bench-") as temporary:
        root = Path(temporary)
        server = ServerProcess(
            data_dir=root / "data",
            log_path=root / "server.log",
            env={
                "NORNICDB_AUTH": f"{ADMIN_USER}:{password}",
                "NORNICDB_JWT_SECRET": jwt_secret,
                "NORNICDB_LOG_LEVEL": "warning",
            },
            binary=options.binary,
        )
        server.start()
        try:
            now = int(time.time())
            token = jwt.encode(
                {"sub": "bench", "roles": ["viewer"], "iat": now, "exp": now + 3600}, jwt_secret, algorithm="HS256"
            )
            basic = (ADMIN_USER, password)
            scenarios: list[tuple[str, int, Callable[[], tuple[Callable[[], None], Callable[[], None]]]]] = [
                ("login, basic", 1, login_scenario(server.uri, basic)),
                ("login, basic", 4, login_scenario(server.uri, basic)),
                ("login, JWT bearer", 1, login_scenario(server.uri, neo4j.bearer_auth(token))),
                ("login, JWT bearer", 4, login_scenario(server.uri, neo4j.bearer_auth(token))),
            ]
            for clients in client_counts:
                scenarios.append(("RETURN 1, session.run", clients, round_trip_scenario(server.uri, basic)))
            results = run_scenarios(scenarios, options.duration)
        finally:
            code = server.stop()
        if code != 0:
            print(f"warning: server exited with code {code}\n{server.log_tail()}", file=sys.stderr)

    client = f"neo4j driver {neo4j.__version__}, Python {platform.python_version()}"
    return report(results, options.binary, client, options.duration)


if __name__ == "__main__":
    sys.exit(main())

"""The Bolt listener: the address it binds, its flags, and round-trip latency."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import neo4j

from harness import (
    OTHER_LOOPBACK,
    ServerFactory,
    admin_driver,
    connect_result,
    require_other_loopback,
    standard_environment,
)
from server_process import ServerProcess


def test_binds_only_configured_address(server: ServerProcess) -> None:
    require_other_loopback()
    assert connect_result("127.0.0.1", server.bolt_port) == "accepted"
    assert connect_result(OTHER_LOOPBACK, server.bolt_port) == "refused"


def test_binds_other_loopback_address(server_factory: ServerFactory) -> None:
    require_other_loopback()
    server = server_factory.standard(address=OTHER_LOOPBACK)
    assert connect_result(OTHER_LOOPBACK, server.bolt_port) == "accepted"
    assert connect_result("127.0.0.1", server.bolt_port) == "refused"
    with admin_driver(server) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_configuration_by_flags(server_factory: ServerFactory, tmp_path: Path) -> None:
    # The same settings as flags of `serve` instead of environment variables.
    server = server_factory.create(start=False)
    env = standard_environment()
    server.configure_by_environment = False
    server.args = [
        "--data-dir", str(tmp_path / "flag-data"),
        "--address", "127.0.0.1",
        "--bolt-port", str(server.bolt_port),
        "--http-port", str(server.http_port),
        "--auth", env["NORNICDB_AUTH"].replace(":", "/", 1),
        "--jwt-secret", env["NORNICDB_JWT_SECRET"],
        "--default-database", "nornic",
        "--log-level", "info",
    ]  # fmt: skip
    server.start()
    assert (tmp_path / "flag-data").is_dir()
    with admin_driver(server) as driver:
        records, summary, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
    assert summary.database == "nornic"


def median_milliseconds(run, count: int = 50) -> float:
    for _ in range(5):
        run()
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def test_execute_query_latency(admin: neo4j.Driver) -> None:
    # A median near 40 ms is the symptom of Nagle's algorithm meeting delayed ACKs.
    median = median_milliseconds(lambda: admin.execute_query("RETURN 1"))
    assert median < 20, f"median execute_query latency {median:.1f} ms"


def test_session_run_latency(admin: neo4j.Driver) -> None:
    with admin.session() as session:
        median = median_milliseconds(lambda: session.run("RETURN 1").consume())
    assert median < 20, f"median session.run latency {median:.1f} ms"


def test_execute_read_latency(admin: neo4j.Driver) -> None:
    with admin.session() as session:
        median = median_milliseconds(lambda: session.execute_read(lambda tx: tx.run("RETURN 1").consume()))
    assert median < 20, f"median execute_read latency {median:.1f} ms"

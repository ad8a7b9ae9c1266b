"""Fixtures for the nornicdb integration suite.

The suite runs once per supported driver line. NORNICDB_TEST_DRIVER names the line of this run
(`driver5` or `driver6`) and must match the installed `neo4j` package. Every server fixture
starts the built binary (NORNICDB_BINARY, default `.build/debug/nornicdb`) on free loopback
ports with a fresh data directory, and on teardown sends SIGTERM and checks for exit code 0.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from harness import ServerFactory, admin_driver
from postgres_server import PostgresServer, binary_directory
from server_process import ServerProcess, binary_path

EXPECTED_DRIVER_MAJOR = {"driver5": 5, "driver6": 6}


def pytest_configure(config: pytest.Config) -> None:
    driver = os.environ.get("NORNICDB_TEST_DRIVER")
    if driver is None:
        return
    expected = EXPECTED_DRIVER_MAJOR.get(driver)
    if expected is None:
        raise pytest.UsageError(f"NORNICDB_TEST_DRIVER={driver!r} is invalid; use driver5 or driver6")
    installed = int(neo4j.__version__.split(".")[0])
    if installed != expected:
        raise pytest.UsageError(f"NORNICDB_TEST_DRIVER={driver} expects neo4j {expected}.x, found {neo4j.__version__}")


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"neo4j driver {neo4j.__version__}, server binary {binary_path()}"]


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[ServerFactory]:
    """A factory for servers that live for one test."""
    factory = ServerFactory(tmp_path)
    yield factory
    factory.close()


@pytest.fixture(scope="module")
def module_server_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerFactory]:
    """A factory for servers that live for one test module."""
    factory = ServerFactory(tmp_path_factory.mktemp("servers"))
    yield factory
    factory.close()


@pytest.fixture(scope="module")
def server(module_server_factory: ServerFactory) -> ServerProcess:
    """A server with the standard admin account and JWT secret, shared by one test module."""
    return module_server_factory.standard()


@pytest.fixture(scope="module")
def admin(server: ServerProcess) -> Iterator[neo4j.Driver]:
    """An admin driver to the module's server."""
    driver = admin_driver(server)
    yield driver
    driver.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Attach the end of each server log to the report of a failed test."""
    report = yield
    if report.failed:
        servers: list[ServerProcess] = []
        funcargs = getattr(item, "funcargs", {})
        if isinstance(funcargs.get("server"), ServerProcess):
            servers.append(funcargs["server"])
        if isinstance(funcargs.get("server_factory"), ServerFactory):
            servers.extend(funcargs["server_factory"].servers)
        for server in servers:
            report.sections.append((f"server log {server.log_path.name} ({report.when})", server.log_tail(30)))
    return report


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server shared by one test module; skips when PostgreSQL is missing."""
    if binary_directory() is None:
        pytest.skip("PostgreSQL is not installed (scripts/setup.sh installs it)")
    server = PostgresServer()
    server.start()
    yield server
    server.close()

"""Run the openCypher TCK against a freshly started nornicdb server over Bolt.

Usage: run.py [--features DIR] [--report FILE] [--check-baseline] [--update-baseline] [--match TEXT]
              [--storage sqlite|postgres]

Every scenario (each example row of an outline counts as one) starts from an empty graph and runs
its set-up queries, its query and its checks through the official Python driver. It ends as
passed, as failed with a one-line reason, or as skipped when it needs something the runner cannot
set up. A scenario that defines procedures ("there exists a procedure ...") runs on a server of
its own, started with those procedures in a NORNICDB_TEST_PROCEDURES file. The report goes to
docs/tck-report.md, and the last line printed is "N passed, M failed".

With --check-baseline the exit code is 1 when fewer scenarios pass than the count recorded in
tests/tck/baseline.txt, so that a change never loses a passing scenario unnoticed. Both baseline
flags count the whole kit, so they are rejected together with --match.

With --storage postgres the runner starts a throwaway PostgreSQL server (see
tests/integration/postgres_server.py), and every nornicdb server it starts keeps its graph and
accounts in a fresh PostgreSQL database on it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import neo4j
import neo4j.exceptions

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from postgres_server import PostgresServer  # noqa: E402
from server_process import ServerProcess  # noqa: E402
from tck_scenarios import Scenario, load_scenarios  # noqa: E402
from tck_steps import (  # noqa: E402
    ScenarioFailed,
    ScenarioRun,
    ScenarioSkipped,
    one_line,
    procedure_definitions,
)

DEFAULT_FEATURES = REPO_ROOT.parent / "shared" / "testdata" / "tck"
DEFAULT_REPORT = REPO_ROOT / "docs" / "tck-report.md"
BASELINE = HERE / "baseline.txt"
ADMIN = ("admin", "tck-runner-password")


@dataclass
class Result:
    scenario: Scenario
    status: str  # "passed", "failed" or "skipped"
    reason: str = ""


class Server:
    """The server under test, restarted on a fresh data directory if it stops responding."""

    def __init__(self, root: Path, env: dict[str, str] | None = None, postgres: PostgresServer | None = None) -> None:
        self.root = root
        self.env = env or {}
        self.postgres = postgres
        self.starts = 0
        self.process: ServerProcess | None = None
        self.driver: neo4j.Driver | None = None

    def start(self) -> neo4j.Driver:
        self.starts += 1
        directory = self.root / f"server-{self.starts}"
        storage = {}
        if self.postgres is not None:
            storage["NORNICDB_STORAGE_URL"] = self.postgres.url(self.postgres.create_database())
        self.process = ServerProcess(
            directory / "data",
            directory / "server.log",
            env={
                "NORNICDB_AUTH": f"{ADMIN[0]}:{ADMIN[1]}",
                "NORNICDB_LOG_LEVEL": "warning",
                "NORNICDB_AUDIT_ENABLED": "false",
                "NORNICDB_TRANSACTION_TIMEOUT": "30",
                **storage,
                **self.env,
            },
        )
        self.process.start()
        self.driver = neo4j.GraphDatabase.driver(self.process.uri, auth=ADMIN, connection_timeout=10)
        self.driver.verify_connectivity()
        return self.driver

    def healthy(self) -> bool:
        if self.process is None or not self.process.running or self.driver is None:
            return False
        try:
            self.driver.execute_query("RETURN 1")
            return True
        except Exception:  # noqa: BLE001 - any failure means a restart
            return False

    def restart(self) -> neo4j.Driver:
        self.stop()
        return self.start()

    def stop(self) -> None:
        if self.driver is not None:
            self.driver.close()
            self.driver = None
        if self.process is not None:
            if self.process.running:
                self.process.kill()
            self.process = None


def run_scenario(driver: neo4j.Driver, scenario: Scenario, graphs: Path) -> Result:
    try:
        ScenarioRun(driver, scenario, graphs).run()
        return Result(scenario, "passed")
    except ScenarioSkipped as skipped:
        return Result(scenario, "skipped", str(skipped))
    except ScenarioFailed as failed:
        return Result(scenario, "failed", str(failed))
    except neo4j.exceptions.Neo4jError as error:
        return Result(scenario, "failed", f"{error.code}: {one_line(error.message or '')}")
    except Exception as error:  # noqa: BLE001 - a broken scenario must not stop the run
        return Result(scenario, "failed", f"{type(error).__name__}: {one_line(str(error))}")


def run_with_procedures(
    scenario: Scenario,
    procedures: list[dict[str, object]],
    graphs: Path,
    directory: Path,
    postgres: PostgresServer | None,
) -> Result:
    """Run one scenario on a server of its own that defines the scenario's procedures."""
    directory.mkdir(parents=True)
    path = directory / "procedures.json"
    path.write_text(json.dumps({"procedures": procedures}), encoding="utf-8")
    server = Server(directory, env={"NORNICDB_TEST_PROCEDURES": str(path)}, postgres=postgres)
    try:
        driver = server.start()
    except Exception as error:  # noqa: BLE001 - a server that cannot start fails this scenario only
        return Result(scenario, "failed", f"server with test procedures did not start: {one_line(str(error))}")
    try:
        return run_scenario(driver, scenario, graphs)
    finally:
        server.stop()


def run_all(
    scenarios: list[Scenario], graphs: Path, root: Path, verbose: bool, postgres: PostgresServer | None
) -> list[Result]:
    server = Server(root, postgres=postgres)
    driver = server.start()
    results = []
    try:
        for index, scenario in enumerate(scenarios):
            started = time.monotonic()
            try:
                procedures = procedure_definitions(scenario)
            except (ScenarioFailed, ValueError) as error:
                result = Result(scenario, "failed", one_line(str(error)))
            else:
                if procedures:
                    result = run_with_procedures(scenario, procedures, graphs, root / f"procedures-{index}", postgres)
                else:
                    result = run_scenario(driver, scenario, graphs)
                    if result.status == "failed" and not server.healthy():
                        result.reason = "server stopped responding; " + result.reason
                        driver = server.restart()
            results.append(result)
            if verbose:
                elapsed = time.monotonic() - started
                print(f"{result.status:7} {elapsed:6.2f}s {scenario.folder} {scenario.title} {result.reason}")
    finally:
        server.stop()
    return results


def folder_totals(results: list[Result]) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = defaultdict(lambda: {"passed": 0, "failed": 0, "skipped": 0})
    for result in results:
        totals[result.scenario.folder][result.status] += 1
    return dict(sorted(totals.items()))


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "-"


def write_report(path: Path, results: list[Result], features: Path, elapsed: float) -> None:
    passed = sum(result.status == "passed" for result in results)
    failed = sum(result.status == "failed" for result in results)
    skipped = sum(result.status == "skipped" for result in results)
    lines = [
        "# openCypher TCK report",
        "",
        "Written by `tests/tck/run.py` (see the README's test command); do not edit by hand.",
        f"Features: `{features.name}` ({len(results)} scenarios, each example row of an outline counted once).",
        f"Run time: {elapsed:.0f} s.",
        "",
        f"**{passed} passed, {failed} failed, {skipped} skipped: {percent(passed, len(results))} pass.**",
        "",
        "| folder | passed | failed | skipped | pass rate |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for folder, counts in folder_totals(results).items():
        total = sum(counts.values())
        lines.append(
            f"| {folder} | {counts['passed']} | {counts['failed']} | {counts['skipped']} | "
            f"{percent(counts['passed'], total)} |"
        )
    lines += ["", "## Failed and skipped scenarios", ""]
    for result in results:
        if result.status != "passed":
            scenario = result.scenario
            reason = result.reason.replace("|", "\\|").replace("`", "'")
            lines.append(f"- {result.status}: {scenario.folder}, {scenario.title} (line {scenario.line}): {reason}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=Path, default=DEFAULT_FEATURES, help="folder of .feature files")
    parser.add_argument("--graphs", type=Path, help="folder of named graphs (default: FEATURES/graphs)")
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT, help="where to write the report")
    parser.add_argument("--no-report", action="store_true", help="write no report")
    parser.add_argument("--match", help="run only scenarios whose folder or title contains this text")
    parser.add_argument("--check-baseline", action="store_true", help="fail if fewer pass than the baseline")
    parser.add_argument("--update-baseline", action="store_true", help="record the pass count as the baseline")
    parser.add_argument("--verbose", action="store_true", help="print every scenario's outcome")
    parser.add_argument(
        "--storage",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="where the server stores its data: SQLite files, or a PostgreSQL server the runner starts",
    )
    arguments = parser.parse_args()
    if arguments.match and (arguments.check_baseline or arguments.update_baseline):
        # The baseline counts the whole kit, so a subset would always fail the check or lower it.
        parser.error("--check-baseline and --update-baseline count the whole kit; run them without --match")

    features = arguments.features.resolve()
    if not features.is_dir():
        print(f"no feature folder at {features}", file=sys.stderr)
        return 2
    graphs = arguments.graphs or features / "graphs"
    scenarios = load_scenarios(features)
    if arguments.match:
        scenarios = [s for s in scenarios if arguments.match in f"{s.folder} {s.title}"]
    if not scenarios:
        print("no scenario to run", file=sys.stderr)
        return 2

    started = time.monotonic()
    postgres = PostgresServer() if arguments.storage == "postgres" else None
    try:
        if postgres is not None:
            postgres.start()
        with tempfile.TemporaryDirectory(prefix="nornicdb-tck.") as root:
            results = run_all(scenarios, graphs, Path(root), arguments.verbose, postgres)
    finally:
        if postgres is not None:
            postgres.close()
    elapsed = time.monotonic() - started

    passed = sum(result.status == "passed" for result in results)
    failed = len(results) - passed
    if not arguments.no_report and not arguments.match:
        write_report(arguments.report, results, features, elapsed)
    for folder, counts in folder_totals(results).items():
        total = sum(counts.values())
        print(f"  {folder:40} {counts['passed']:5} / {total:5}  {percent(counts['passed'], total)}")
    status = 0
    if arguments.update_baseline:
        previous = BASELINE.read_text(encoding="utf-8").split()[0]
        BASELINE.write_text(f"{passed}\n", encoding="utf-8")
        print(f"TCK baseline in {BASELINE.name}: {previous} -> {passed} passing scenarios", file=sys.stderr)
    if arguments.check_baseline:
        baseline = int(BASELINE.read_text(encoding="utf-8").split()[0])
        if passed < baseline:
            print(f"TCK: {passed} scenarios pass, fewer than the {baseline} in {BASELINE.name}", file=sys.stderr)
            status = 1
    print(f"{passed} passed, {failed} failed")
    return status


if __name__ == "__main__":
    sys.exit(main())

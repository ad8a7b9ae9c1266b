"""Run every benchmark against every target in one go and rewrite the record in docs/benchmarks.md.

Start it through `bench/run`, which installs what it needs and builds the release binaries:

    bench/run [--quick] [--duration SECONDS] [--only SECTIONS] [--no-write]

Every server, directory and database it measures is its own, started on 127.0.0.1 in a temporary
folder and stopped at the end. The targets take turns within each scenario, so a change in the
machine's load during the run affects them alike.
"""

from __future__ import annotations

import argparse
import datetime
import math
import shlex
import sys
import tempfile
import time
from pathlib import Path

from suite import compare, gate, logins, machine, memory, record, references, roundtrips, scale, targets
from suite.context import Context
from suite.load import REPO_ROOT, NO_LOGIN, Row

SECTIONS = ("roundtrips", "logins", "ldap", "pam", "postgres", "gate", "memory", "scale")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="measured seconds per row (default 5)")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds before each row (default 1)")
    parser.add_argument("--connections", default="1,4,16,64", help="round-trip connection counts (default 1,4,16,64)")
    parser.add_argument("--login-connections", default="1,4", help="login connection counts (default 1,4)")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="graph sizes for the scale section")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections to run (default all)")
    parser.add_argument("--quick", action="store_true", help="1 s rows and 10,000 nodes: a check that all runs")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print the record instead of writing it")
    parser.add_argument(
        "--before",
        type=Path,
        help="an earlier build of nornicdb: adds a before-and-after table of it against the current build",
    )
    parser.add_argument("--before-label", default="", help="what the earlier build is, for the record")
    options = parser.parse_args()
    if options.quick:
        options.duration, options.warmup, options.sizes = 1.0, 0.5, "10000"
    options.only = [section.strip() for section in options.only.split(",") if section.strip()]
    unknown = set(options.only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    return options


def plural(connections: int) -> str:
    return f"{connections} connection" if connections == 1 else f"{connections} connections"


def goals(results: record.Results) -> list[record.Goal]:
    """Compare the run with the targets the project set itself."""
    found: list[record.Goal] = []

    def compare(name: str, value: Row | None, reference: Row | None, expected: float) -> None:
        if value is None or reference is None:
            return
        if value.operations == 0 or reference.operations == 0:
            failed = value if value.operations == 0 else reference
            found.append(record.Goal(name, f"not measured: {failed.target} failed ({failed.first_error})", f">= {expected:g}x", None))
            return
        share = value.rate / reference.rate if reference.rate > 0 else math.nan
        measured = f"{value.rate:,.0f}/s vs {reference.rate:,.0f}/s = {share:.2f}x"
        found.append(record.Goal(name, measured, f">= {expected:g}x", share >= expected))

    compare(
        "`RETURN 1`, 1 connection, vs canned",
        results.find("RETURN 1", "nornicdb", 1),
        results.find("RETURN 1", "canned", 1),
        0.85,
    )
    for connections in (1, 4):
        compare(
            f"`RETURN 1`, {plural(connections)}, vs FalkorDB",
            results.find("RETURN 1", "nornicdb", connections),
            results.find("RETURN 1", "falkordb", connections),
            1.5,
        )
    for connections in (1, 4):
        canned = results.find("raw login", "canned", connections)
        for scenario in ("login, JWT, empty principal", "login, bearer", "login, basic, cached"):
            compare(f"{scenario}, {plural(connections)}, vs canned", results.find(scenario, "nornicdb", connections), canned, 0.9)
        compare(
            f"LDAP login, cache off, {plural(connections)}, vs pooled binds",
            results.find("login, LDAP, cache off", "nornicdb", connections),
            results.find("LDAP simple bind, pooled connection", "ldap-bind-loop", connections),
            0.5,
        )
        for label in ("PAM", "PAM, sha512-crypt"):
            compare(
                f"{label} login, {plural(connections)}, vs in-process PAM",
                results.find(f"login, {label}", "nornicdb", connections),
                results.find(f"{label} in-process loop", "pam-loop", connections),
                0.9,
            )
    alone = results.find("RETURN 1, alone", "nornicdb", 1)
    during = results.find("RETURN 1, during Argon2id logins", "nornicdb", 1)
    if alone and during:
        # One Argon2id hash takes about 20 ms of a core: a round trip that waited for one stalled.
        found.append(
            record.Goal(
                "cold Argon2id logins stall no other connection",
                f"p99.9 {during.p999_ms:.2f} ms during 4 login clients vs {alone.p999_ms:.2f} ms alone",
                "p99.9 < 20 ms",
                during.p999_ms < 20,
            )
        )
    if results.gate:
        on, off = results.gate
        cost = (1 - on / off) * 100
        found.append(record.Goal("gate overhead on `RETURN 1`", f"{cost:.1f}%", "< 2%", cost < 2))
    if len(results.memory) > 1:
        connections, kib = results.memory[-1]
        each = (kib - results.memory[0][1]) / connections
        found.append(
            record.Goal(
                "resident memory per idle connection", f"{each:.1f} KiB at {connections:,}", "< 64 KiB", each < 64
            )
        )
    return found


def main() -> int:
    options = parse_arguments()
    started = time.monotonic()
    command = "bench/run " + shlex.join(sys.argv[1:]) if len(sys.argv) > 1 else "bench/run"
    results = record.Results(
        date=datetime.date.today().isoformat(),
        command=command.strip(),
        minutes=0,
        machine=machine.machine(),
        versions=machine.versions(),
        rows=[],
    )
    with tempfile.TemporaryDirectory(prefix="nornicdb-bench-") as temporary:
        root = Path(temporary)
        context = Context(
            root=root,
            duration=options.duration,
            warmup=options.warmup,
            connections=[int(count) for count in options.connections.split(",")],
            login_connections=[int(count) for count in options.login_connections.split(",")],
        )
        credentials = targets.Logins(root)
        canned = targets.CannedResponder(root) if {"roundtrips", "logins"} & set(options.only) else None
        try:
            if "roundtrips" in options.only:
                assert canned is not None
                run_round_trips(context, canned, credentials)
            if "logins" in options.only:
                assert canned is not None
                logins.measure_schemes(context, canned.port, credentials)
        finally:
            if canned:
                canned.stop()
        if "ldap" in options.only:
            results.references += references.measure_ldap(context, credentials)
        if "pam" in options.only:
            results.references += references.measure_pam(context)
        if "postgres" in options.only:
            results.references += references.measure_postgres(context)
        if "gate" in options.only:
            results.gate = gate.measure(context, credentials)
        if "memory" in options.only:
            results.memory = memory.measure(context, credentials)
        if options.before:
            results.comparison = compare.measure(context, options.before, credentials)
            results.before_label = options.before_label or str(options.before)
        if "scale" in options.only:
            results.scale = scale.measure(context, options.sizes)
        results.rows = context.rows
        results.notes = context.notes
    results.minutes = (time.monotonic() - started) / 60
    results.goals = goals(results)
    if options.no_write:
        print(record.render(results))
    else:
        record.write(options.output, results)
        print(f"bench: wrote {options.output}", file=sys.stderr)
    print("\n".join(record.render(results).splitlines()[12:30]))
    failed = [row for row in [*results.rows, *results.references] if row.errors]
    return 1 if failed else 0


def run_round_trips(context: Context, canned: targets.CannedResponder, credentials: targets.Logins) -> None:
    """Load the same people into our server and FalkorDB, then measure the three targets."""
    server = targets.nornicdb(context.root, "main")
    falkor = [targets.falkordb()]

    def running_falkordb() -> int:
        """Restart FalkorDB, with its people, if it died during an earlier row, and note the restart."""
        current = falkor[0]
        if current.process is not None and current.process.poll() is None:
            return current.bolt_port
        context.notes.append(
            f"FalkorDB exited with code {current.process.poll() if current.process else '?'} during the round trips "
            f"and was restarted; its last log lines: {' / '.join(current.log_tail(3).splitlines())}"
        )
        falkor[0] = targets.falkordb()
        targets.load_falkordb_people(falkor[0], roundtrips.PEOPLE)
        return falkor[0].bolt_port

    try:
        context.progress(f"loading {roundtrips.PEOPLE:,} people into NornicDB and FalkorDB")
        targets.load_people(server.uri, (targets.ADMIN_USER, targets.ADMIN_PASSWORD), roundtrips.PEOPLE)
        targets.load_falkordb_people(falkor[0], roundtrips.PEOPLE)
        roundtrips.measure(
            context,
            [
                roundtrips.Target("canned", canned.port, NO_LOGIN),
                roundtrips.Target("nornicdb", server.bolt_port, credentials.bearer),
                roundtrips.Target("falkordb", falkor[0].bolt_port, targets.FALKORDB_LOGIN, running_falkordb),
            ],
        )
    finally:
        server.stop()
        falkor[0].stop()


if __name__ == "__main__":
    sys.exit(main())

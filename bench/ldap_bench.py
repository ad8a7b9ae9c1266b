"""Measure LDAP logins per second over Bolt against a local slapd, with `ldapwhoami` as the reference.

Run it with one of the driver virtual environments (see bench/README.md):

    .venv/driver6/bin/python bench/ldap_bench.py [--duration SECONDS] [--binary PATH] [--mode MODE]

It starts a throwaway OpenLDAP directory (tests/integration/ldap_directory.py) and three servers
on free loopback ports: one with the login cache off (NORNICDB_AUTH_CACHE_TTL=0), so every
login binds to the directory, one with the default cache TTL, so every login after the first
is a cache hit, and one without LDAP for a local-account login (Argon2id) to compare with. Each
login opens a new Bolt connection (HELLO and LOGON), through a new driver or a raw socket. The
reference scenario runs one `ldapwhoami -x` process per operation: a process start, a TCP
connection and a simple bind. At the end it stops everything and prints a Markdown table. All
traffic stays on 127.0.0.1.

The providers default to `ldap,local`. With `local,ldap` every LDAP login first costs the local
provider one Argon2id hash, which it computes for unknown users too so that response times do
not reveal which local accounts exist.
"""

from __future__ import annotations

import argparse
import platform
import re
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import neo4j

from bolt_bench import ADMIN_USER, REPO_ROOT, default_binary, login_scenario, raw_login_scenario, report, run_scenarios

sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from ldap_directory import BOB, PEOPLE, SERVICE, LdapDirectory, running_directory  # noqa: E402
from ldap_settings import ROLE_MAPPING, USER_DN_TEMPLATE  # noqa: E402
from server_process import ServerProcess  # noqa: E402

AGENT = "nornicdb-ldap-bench/1.0"

Operation = Callable[[], tuple[Callable[[], None], Callable[[], None]]]


def whoami_scenario(directory: LdapDirectory) -> Operation:
    """Build workers that run one `ldapwhoami` process per operation as bob over plain LDAP."""
    arguments = ["ldapwhoami", "-x", "-H", directory.uri, "-D", BOB.dn, "-w", BOB.password]

    def make() -> tuple[Callable[[], None], Callable[[], None]]:
        def operation() -> None:
            result = subprocess.run(arguments, capture_output=True, text=True, timeout=10, check=False)
            if result.returncode != 0:
                raise RuntimeError(f"ldapwhoami exited with {result.returncode}: {result.stderr.strip()}")

        return operation, lambda: None

    return make


def slapd_version() -> str:
    """Return slapd's version, for example "slapd 2.5.13+dfsg-5", from `slapd -VV`."""
    result = subprocess.run(["slapd", "-VV"], capture_output=True, text=True, timeout=10, check=False)
    match = re.search(r"slapd (\S+)", result.stderr)
    return f"slapd {match.group(1)}" if match else "slapd (version unknown)"


def ldap_environment(directory: LdapDirectory, mode: str, providers: str, cache_ttl: str | None) -> dict[str, str]:
    """Return the LDAP settings of a benchmark server; `cache_ttl=None` keeps the default TTL."""
    env = {
        "NORNICDB_AUTH_PROVIDERS": providers,
        "NORNICDB_LDAP_URIS": directory.uri,
        "NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING": ROLE_MAPPING,
    }
    if mode == "template":
        env["NORNICDB_LDAP_USER_DN_TEMPLATE"] = USER_DN_TEMPLATE
    else:
        env.update(
            {
                "NORNICDB_LDAP_USER_SEARCH_BASE": PEOPLE,
                "NORNICDB_LDAP_BIND_DN": SERVICE.dn,
                "NORNICDB_LDAP_BIND_PASSWORD": SERVICE.password,
            }
        )
    if cache_ttl is not None:
        env["NORNICDB_AUTH_CACHE_TTL"] = cache_ttl
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario (default 10)")
    parser.add_argument("--binary", type=Path, default=default_binary(), help="nornicdb executable to start")
    parser.add_argument("--clients", default="1,4", help="comma-separated client counts (default 1,4)")
    parser.add_argument(
        "--mode",
        choices=["template", "search"],
        default="template",
        help="template: one bind per login; search: service bind, search, then user bind (default template)",
    )
    parser.add_argument(
        "--providers",
        choices=["ldap,local", "local,ldap"],
        default="ldap,local",
        help="NORNICDB_AUTH_PROVIDERS; with local first, each LDAP login also costs a local password check "
        "(default ldap,local)",
    )
    options = parser.parse_args()
    if not options.binary.is_file():
        parser.error(f"server binary not found at {options.binary}; run swift build -c release first")
    client_counts = [int(count) for count in options.clients.split(",")]

    password = "bench-" + secrets.token_hex(8)
    with tempfile.TemporaryDirectory(prefix="nornicdb-ldap-bench-") as temporary:
        root = Path(temporary)
        (root / "ldap").mkdir()
        with running_directory(root / "ldap") as directory:
            servers: dict[str, ServerProcess] = {}
            # A third server without LDAP gives the local-account login for comparison.
            for name, ldap in (
                ("cold", ldap_environment(directory, options.mode, options.providers, "0")),
                ("cached", ldap_environment(directory, options.mode, options.providers, None)),
                ("local", {}),
            ):
                env = {
                    "NORNICDB_AUTH": f"{ADMIN_USER}:{password}",
                    "NORNICDB_JWT_SECRET": secrets.token_hex(32),
                    "NORNICDB_LOG_LEVEL": "warning",
                    **ldap,
                }
                servers[name] = ServerProcess(
                    data_dir=root / f"data-{name}",
                    log_path=root / f"server-{name}.log",
                    env=env,
                    binary=options.binary,
                )
            codes: dict[str, int] = {}
            try:
                for server in servers.values():
                    server.start()
                bob = (BOB.login, BOB.password)
                scenarios: list[tuple[str, int, Operation]] = []
                for clients in client_counts:
                    cold = login_scenario(servers["cold"].uri, bob)
                    scenarios.append((f"Bolt login, LDAP {options.mode}, cache off", clients, cold))
                for clients in client_counts:
                    cached = login_scenario(servers["cached"].uri, bob)
                    scenarios.append((f"Bolt login, LDAP {options.mode}, cached", clients, cached))
                for name, label in (("cold", "cache off"), ("cached", "cached")):
                    for clients in client_counts:
                        raw = raw_login_scenario(servers[name], BOB.login, BOB.password, AGENT)
                        scenarios.append((f"raw Bolt login, LDAP {options.mode}, {label}", clients, raw))
                local = login_scenario(servers["local"].uri, (ADMIN_USER, password))
                scenarios.append(("Bolt login, local account", 1, local))
                for clients in client_counts:
                    scenarios.append(("ldapwhoami -x process (reference)", clients, whoami_scenario(directory)))
                results = run_scenarios(scenarios, options.duration)
            finally:
                for name, server in servers.items():
                    if server.running:
                        codes[name] = server.stop()
            for name, code in codes.items():
                if code != 0:
                    print(
                        f"warning: {name} server exited with code {code}\n{servers[name].log_tail()}", file=sys.stderr
                    )

    client = f"neo4j driver {neo4j.__version__}, Python {platform.python_version()}, {slapd_version()}"
    return report(results, options.binary, client, options.duration)


if __name__ == "__main__":
    sys.exit(main())

"""Compare Bolt over TLS with plaintext Bolt: `RETURN 1` round trips and JWT logins per second.

Run it with one of the driver virtual environments (see bench/README.md):

    .venv/driver6/bin/python bench/tls_bench.py [--duration SECONDS] [--binary PATH]

It makes a throwaway CA and server certificate with the `openssl` command, starts its own server
with NORNICDB_BOLT_TLS_ENABLED on free loopback ports, runs each scenario once over `bolt://`
and once over `bolt+ssc://`, stops the server and prints a Markdown table. A JWT login opens a
new connection per operation, so its TLS rows include a full handshake.
"""

from __future__ import annotations

import argparse
import platform
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import jwt
import neo4j

BENCH_DIRECTORY = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIRECTORY))

from bolt_bench import (  # noqa: E402
    ADMIN_USER,
    default_binary,
    login_scenario,
    report,
    round_trip_scenario,
    run_scenarios,
)
from server_process import ServerProcess  # noqa: E402
from tls_certificates import Certificates, bolt_tls_environment  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario (default 10)")
    parser.add_argument("--binary", type=Path, default=default_binary(), help="nornicdb executable to start")
    parser.add_argument("--clients", default="1,4", help="client counts for RETURN 1 (default 1,4)")
    options = parser.parse_args()
    if not options.binary.is_file():
        parser.error(f"server binary not found at {options.binary}; run swift build -c release first")
    client_counts = [int(count) for count in options.clients.split(",")]

    password = "bench-" + secrets.token_hex(8)
    jwt_secret = secrets.token_hex(32)
    with tempfile.TemporaryDirectory(prefix="nornicdb-tls-bench-") as temporary:
        root = Path(temporary)
        certificates = Certificates(root / "certificates")
        env = bolt_tls_environment(certificates)
        env.update(
            {
                "NORNICDB_AUTH": f"{ADMIN_USER}:{password}",
                "NORNICDB_JWT_SECRET": jwt_secret,
                "NORNICDB_LOG_LEVEL": "warning",
            }
        )
        server = ServerProcess(
            data_dir=root / "data", log_path=root / "server.log", env=env, binary=options.binary.resolve()
        )
        server.start()
        try:
            now = int(time.time())
            token = jwt.encode(
                {"sub": "bench", "roles": ["viewer"], "iat": now, "exp": now + 3600}, jwt_secret, algorithm="HS256"
            )
            bearer = neo4j.bearer_auth(token)
            basic = (ADMIN_USER, password)
            plain = server.uri
            secure = f"bolt+ssc://{server.address}:{server.bolt_port}"
            scenarios: list[tuple[str, int, Callable[[], tuple[Callable[[], None], Callable[[], None]]]]] = []
            for clients in client_counts:
                scenarios.append(("RETURN 1, plaintext", clients, round_trip_scenario(plain, basic)))
                scenarios.append(("RETURN 1, TLS", clients, round_trip_scenario(secure, basic)))
            scenarios.append(("login, JWT bearer, plaintext", 1, login_scenario(plain, bearer)))
            scenarios.append(("login, JWT bearer, TLS", 1, login_scenario(secure, bearer)))
            results = run_scenarios(scenarios, options.duration)
        finally:
            code = server.stop()
        if code != 0:
            print(f"warning: server exited with code {code}\n{server.log_tail()}", file=sys.stderr)

    client = f"neo4j driver {neo4j.__version__}, Python {platform.python_version()}"
    return report(results, options.binary, client, options.duration)


if __name__ == "__main__":
    sys.exit(main())

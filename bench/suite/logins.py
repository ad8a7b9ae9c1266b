"""Logins per second on a new connection each time, per scheme, beside the canned responder."""

from __future__ import annotations

from suite import load, targets
from suite.context import Context, rotated

# Any name and password: the canned responder accepts every login.
CANNED_LOGIN_PASSWORD = "canned-password"


def measure_schemes(context: Context, canned_port: int, logins: targets.Logins) -> None:
    """Basic with the login cache on and off, JWT as basic with an empty principal, and bearer."""
    cached = targets.nornicdb(context.root, "logins")
    cold = targets.nornicdb(context.root, "logins-cold", NORNICDB_AUTH_CACHE_TTL="0")
    canned_login = load.Login(
        "basic", "canned", targets.secret_file(context.root, "canned.password", CANNED_LOGIN_PASSWORD)
    )
    runs = {
        "canned": ("raw login", canned_port, canned_login),
        "basic, cached": ("login, basic, cached", cached.bolt_port, logins.basic),
        "basic, Argon2id": ("login, basic, cache off", cold.bolt_port, logins.basic),
        "JWT as basic": ("login, JWT, empty principal", cached.bolt_port, logins.jwt_basic),
        "bearer": ("login, bearer", cached.bolt_port, logins.bearer),
    }
    try:
        for turn, connections in enumerate(context.login_connections):
            for name in rotated(list(runs), turn):
                scenario, port, login = runs[name]
                target = "canned" if name == "canned" else "nornicdb"
                context.keep(
                    load.run(
                        "login",
                        port,
                        scenario=scenario,
                        target=target,
                        connections=connections,
                        duration=context.duration,
                        warmup=context.warmup,
                        login=login,
                    )
                )
        measure_stall(context, cold, logins)
    finally:
        cached.stop()
        cold.stop()


def measure_stall(context: Context, server: targets.ServerProcess, logins: targets.Logins) -> None:
    """`RETURN 1` on one open connection, alone and while four clients log in with Argon2id."""

    def round_trips(scenario: str) -> load.Row:
        return context.keep(
            load.run(
                "roundtrip",
                server.bolt_port,
                scenario=scenario,
                target="nornicdb",
                connections=1,
                duration=context.duration,
                warmup=context.warmup,
                login=logins.bearer,
                extra=["--query", "RETURN 1"],
            )
        )

    round_trips("RETURN 1, alone")
    storm = load.start(
        "login",
        server.bolt_port,
        scenario="login, basic, cache off, background",
        target="nornicdb",
        connections=4,
        duration=context.duration + context.warmup + 2,
        warmup=0,
        login=logins.basic,
    )
    try:
        round_trips("RETURN 1, during Argon2id logins")
    finally:
        context.keep(load.finish(storm))

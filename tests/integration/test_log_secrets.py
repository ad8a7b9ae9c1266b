"""No password, token or JWT secret reaches the server log, even at debug level with auth debugging."""

from __future__ import annotations

import secrets
import time

import neo4j
import pytest
from neo4j.exceptions import AuthError, ClientError

from harness import JWT_SECRET, ServerFactory, mint_token, open_driver, unique_name, unsigned_token


def secret_value(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(10)}"


def expect_auth_error(server, auth: object) -> None:
    with open_driver(server, auth) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_secrets_absent_from_debug_log(server_factory: ServerFactory) -> None:
    server = server_factory.create(
        {
            "NORNICDB_JWT_SECRET": JWT_SECRET,
            "NORNICDB_LOG_LEVEL": "debug",
            "NORNICDB_AUTH_DEBUG": "true",
        }
    )
    admin_password = server.generated_admin_password()
    used: dict[str, str] = {}

    with open_driver(server, ("admin", admin_password)) as admin:
        name = unique_name("alice")
        used["created password"] = secret_value("created")
        admin.execute_query(
            f"CREATE USER {name} SET PASSWORD '{used['created password']}' CHANGE NOT REQUIRED", database_="system"
        )
        admin.execute_query(f"GRANT ROLE editor TO {name}", database_="system")

        newcomer = unique_name("newcomer")
        used["change-required password"] = secret_value("initial")
        admin.execute_query(
            f"CREATE USER {newcomer} SET PASSWORD '{used['change-required password']}' CHANGE REQUIRED",
            database_="system",
        )

        used["reset password"] = secret_value("reset")
        admin.execute_query(
            f"ALTER USER {name} SET PASSWORD '{used['reset password']}' CHANGE NOT REQUIRED", database_="system"
        )

    with open_driver(server, (name, used["reset password"])) as driver:
        driver.execute_query("CREATE (:LogProbe {note: 'not a secret'})")
        used["own new password"] = secret_value("own")
        driver.execute_query(
            f"ALTER CURRENT USER SET PASSWORD FROM '{used['reset password']}' TO '{used['own new password']}'",
            database_="system",
        )

    with open_driver(server, (newcomer, used["change-required password"])) as driver:
        with pytest.raises(ClientError):
            driver.execute_query("RETURN 1")
        used["expired flow password"] = secret_value("fresh")
        driver.execute_query(
            f"ALTER CURRENT USER SET PASSWORD FROM '{used['change-required password']}' "
            f"TO '{used['expired flow password']}'",
            database_="system",
        )

    used["wrong password"] = secret_value("wrong")
    expect_auth_error(server, (name, used["wrong password"]))
    used["unknown user password"] = secret_value("nobody")
    expect_auth_error(server, ("nosuchuser", used["unknown user password"]))
    used["old password"] = used["created password"]
    expect_auth_error(server, (name, used["created password"]))

    used["valid token"] = mint_token(name, ["viewer"])
    with open_driver(server, neo4j.bearer_auth(used["valid token"])) as driver:
        driver.execute_query("MATCH (n:LogProbe) RETURN count(n)")
    used["basic token"] = mint_token(unique_name("ext"), ["viewer"])
    with open_driver(server, ("", used["basic token"])) as driver:
        driver.execute_query("RETURN 1")
    now = int(time.time())
    used["expired token"] = mint_token(name, ["admin"], lifetime=None, iat=now - 600, exp=now - 60)
    expect_auth_error(server, neo4j.bearer_auth(used["expired token"]))
    used["foreign token"] = mint_token(name, ["admin"], secret=secret_value("foreign-secret-long-enough"))
    expect_auth_error(server, neo4j.bearer_auth(used["foreign token"]))
    used["unsigned token"] = unsigned_token(name, ["admin"])
    expect_auth_error(server, neo4j.bearer_auth(used["unsigned token"]))
    used["garbage token"] = secret_value("garbage")
    expect_auth_error(server, neo4j.bearer_auth(used["garbage token"]))

    for key in ("valid token", "basic token", "expired token", "foreign token"):
        used[f"{key} signature"] = used[key].rsplit(".", 1)[1]
    used["JWT secret"] = JWT_SECRET

    code = server.stop()
    assert code == 0
    log = server.log_text()
    assert log.count(admin_password) == 1, "the generated admin password must appear once, in its own line"
    assert f"Generated password for user 'admin': {admin_password}" in log
    leaked = sorted(label for label, value in used.items() if value in log)
    assert not leaked, f"secrets found in the server log ({server.log_path}): {leaked}"

"""Logins with JSON Web Tokens signed with the configured NORNICDB_JWT_SECRET."""

from __future__ import annotations

import time

import neo4j
import pytest
from neo4j.exceptions import AuthError, Forbidden

from harness import count_nodes, create_user, mint_token, open_driver, unique_name, unsigned_token
from server_process import ServerProcess


def whoami(driver: neo4j.Driver) -> str:
    records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
    return records[0]["user"]


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_bearer_token_login(server: ServerProcess, algorithm: str) -> None:
    token = mint_token("jwtreader", ["viewer"], algorithm=algorithm)
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_basic_with_empty_principal_and_token(server: ServerProcess) -> None:
    token = mint_token("jwtreader", ["viewer"])
    with open_driver(server, ("", token)) as driver:
        records, _, _ = driver.execute_query("RETURN 2 AS two")
    assert records[0]["two"] == 2


def test_token_subject_becomes_user(server: ServerProcess) -> None:
    subject = unique_name("ext")
    with open_driver(server, neo4j.bearer_auth(mint_token(subject, ["viewer"]))) as driver:
        assert whoami(driver) == subject


def test_expired_token_rejected(server: ServerProcess) -> None:
    now = int(time.time())
    token = mint_token("jwtreader", ["admin"], lifetime=None, iat=now - 600, exp=now - 300)
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_token_not_yet_valid_rejected(server: ServerProcess) -> None:
    token = mint_token("jwtreader", ["admin"], nbf=int(time.time()) + 3600)
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_unsigned_token_rejected(server: ServerProcess) -> None:
    token = unsigned_token("jwtadmin", ["admin"])
    for auth in (neo4j.bearer_auth(token), ("", token)):
        with open_driver(server, auth) as driver:
            with pytest.raises(AuthError):
                driver.verify_connectivity()


def test_wrong_secret_rejected(server: ServerProcess) -> None:
    token = mint_token("jwtadmin", ["admin"], secret="another-secret-that-is-long-enough-0123456789")
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_tampered_payload_rejected(server: ServerProcess) -> None:
    header, _, signature = mint_token("jwtreader", ["viewer"]).split(".")
    forged_payload = mint_token("jwtreader", ["admin"]).split(".")[1]
    token = f"{header}.{forged_payload}.{signature}"
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


@pytest.mark.parametrize("token", ["", "not-a-jwt", "a.b", "a.b.c.d", "...."])
def test_malformed_token_rejected(server: ServerProcess, token: str) -> None:
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_local_viewer_keeps_viewer_role(server: ServerProcess, admin: neo4j.Driver) -> None:
    # The account's roles win over the token's roles claim for a subject with a local account.
    name = unique_name("jwtviewer")
    create_user(admin, name, "viewer-password-1", "viewer")
    label = unique_name("JwtProbe")
    token = mint_token(name, ["admin"])
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        assert count_nodes(driver, label) == 0
        with pytest.raises(Forbidden):
            driver.execute_query(f"CREATE (:{label})")
        with pytest.raises(Forbidden):
            driver.execute_query("SHOW USERS", database_="system")
    assert count_nodes(admin, label) == 0


def test_external_editor_token_can_write(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("JwtWrite")
    token = mint_token(unique_name("exteditor"), ["editor"])
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        driver.execute_query(f"CREATE (:{label})")
        with pytest.raises(Forbidden):
            driver.execute_query(f"CREATE INDEX {label.lower()}_name FOR (n:{label}) ON (n.name)")
    assert count_nodes(admin, label) == 1


def test_external_viewer_token_cannot_write(server: ServerProcess, admin: neo4j.Driver) -> None:
    label = unique_name("JwtRead")
    token = mint_token(unique_name("extviewer"), ["viewer"])
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        with pytest.raises(Forbidden):
            driver.execute_query(f"CREATE (:{label})")
    assert count_nodes(admin, label) == 0


def test_short_secret_accepts_only_hs256(server_factory) -> None:
    # RFC 7518 section 3.2: an HMAC key must be at least as long as the hash output, so a
    # 32-byte secret verifies HS256 tokens but not HS384 or HS512 ones.
    secret = "k" * 16 + "0123456789abcdef"
    server = server_factory.standard({"NORNICDB_JWT_SECRET": secret})
    token = mint_token("shortsecret", ["viewer"], secret=secret, algorithm="HS256")
    with open_driver(server, neo4j.bearer_auth(token)) as driver:
        driver.verify_connectivity()
    for algorithm in ["HS384", "HS512"]:
        token = mint_token("shortsecret", ["viewer"], secret=secret, algorithm=algorithm)
        with open_driver(server, neo4j.bearer_auth(token)) as driver:
            with pytest.raises(AuthError):
                driver.verify_connectivity()

"""Server settings for the LDAP tests, and checks of what an LDAP login gets over Bolt and HTTP.

The group-to-role mapping of the test tree (see ldap_directory.py):

| group | role |
| --- | --- |
| graph-admins | admin |
| graph-readers | viewer |
| graph-editors | editor |
| all-staff (contains the group graph-readers) | editor |
| graph-admins and graph-readers together | editor |

So alice gets admin, editor and viewer, bob and the metacharacter user get viewer, and carol
(in no group) gets the default role, `none` unless a test sets another.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import Neo4jError

from harness import ServerFactory, open_driver
from http_client import Response, commit
from ldap_directory import (
    ALL_STAFF,
    GRAPH_ADMINS,
    GRAPH_EDITORS,
    GRAPH_READERS,
    PEOPLE,
    SERVICE,
    LdapDirectory,
    running_directory,
)
from server_process import ServerProcess

UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
FORBIDDEN = "Neo.ClientError.Security.Forbidden"
AUTH_PROVIDER_FAILED = "Neo.TransientError.Security.AuthProviderFailed"
AUTH_PROVIDER_TIMEOUT = "Neo.TransientError.Security.AuthProviderTimeout"
AUTHORIZATION_EXPIRED = "Neo.ClientError.Security.AuthorizationExpired"

ROLE_MAPPING = "; ".join(
    [
        f'"{GRAPH_ADMINS}" = admin',
        f'"{GRAPH_READERS}" = viewer',
        f'"{GRAPH_EDITORS}" = editor',
        f'"{ALL_STAFF}" = editor',
        f'"{GRAPH_ADMINS}","{GRAPH_READERS}" = editor',
    ]
)
USER_DN_TEMPLATE = f"uid={{0}},{PEOPLE}"

# Roles each directory user gets from ROLE_MAPPING with nested groups off, by login name.
ALICE_ROLES = ["admin", "editor", "viewer"]
BOB_ROLES = ["viewer"]
CAROL_ROLES = ["none"]
ODD_ROLES = ["viewer"]


def template_settings(directory: LdapDirectory, **overrides: str) -> dict[str, str]:
    """Return settings for direct bind with a DN template, no service account, `local,ldap`.

    `overrides` are further variables, for example `NORNICDB_LDAP_STARTTLS="true"`.
    """
    settings = {
        "NORNICDB_AUTH_PROVIDERS": "local,ldap",
        "NORNICDB_LDAP_URIS": directory.uri,
        "NORNICDB_LDAP_USER_DN_TEMPLATE": USER_DN_TEMPLATE,
        "NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING": ROLE_MAPPING,
    }
    settings.update(overrides)
    return settings


def search_settings(directory: LdapDirectory, **overrides: str) -> dict[str, str]:
    """Return settings for search-then-bind as the service account svc-bind, `local,ldap`."""
    settings = {
        "NORNICDB_AUTH_PROVIDERS": "local,ldap",
        "NORNICDB_LDAP_URIS": directory.uri,
        "NORNICDB_LDAP_BIND_DN": SERVICE.dn,
        "NORNICDB_LDAP_BIND_PASSWORD": SERVICE.password,
        "NORNICDB_LDAP_USER_SEARCH_BASE": PEOPLE,
        "NORNICDB_LDAP_GROUP_TO_ROLE_MAPPING": ROLE_MAPPING,
    }
    settings.update(overrides)
    return settings


def settings_for(mode: str, directory: LdapDirectory, **overrides: str) -> dict[str, str]:
    """Return `template_settings` for mode "template" and `search_settings` for mode "search"."""
    if mode == "template":
        return template_settings(directory, **overrides)
    if mode == "search":
        return search_settings(directory, **overrides)
    raise ValueError(f"unknown LDAP mode {mode!r}; use template or search")


@contextmanager
def module_directory(factory: pytest.TempPathFactory) -> Iterator[LdapDirectory]:
    """Run one directory in a new temporary folder for a test module's fixture."""
    root: Path = factory.mktemp("ldap")
    with running_directory(root) as directory:
        yield directory


def login_error(server: ServerProcess, auth: object) -> Neo4jError | None:
    """Log in over Bolt with `auth` on a new driver; return the server's error, or None on success.

    `verify_connectivity` makes one attempt, so a transient failure is returned, not retried.
    """
    with open_driver(server, auth) as driver:
        try:
            driver.verify_connectivity()
        except Neo4jError as error:
            return error
    return None


def login_code(server: ServerProcess, user: str, password: str) -> str | None:
    """Return the Neo4j code of a failed Bolt login, or None when the login succeeds."""
    error = login_error(server, (user, password))
    return None if error is None else error.code


def current_user(server: ServerProcess, user: str, password: str) -> tuple[str, list[str]]:
    """Log in over Bolt and return the (user, roles) row of `SHOW CURRENT USER`.

    `execute_query` retries transient errors such as AuthProviderFailed for up to 2 seconds
    (`open_driver`), so use `login_code` where the first attempt itself must succeed.
    """
    with open_driver(server, (user, password)) as driver:
        records, _, _ = driver.execute_query("SHOW CURRENT USER", database_="system")
    assert len(records) == 1, records
    return records[0]["user"], list(records[0]["roles"])


def http_current_user(server: ServerProcess, user: str, password: str) -> tuple[str, list[str]]:
    """Return the (user, roles) row of `SHOW CURRENT USER` run over HTTP with Basic auth."""
    response = commit(server, (user, password), "SHOW CURRENT USER", database="system")
    assert response.status == 200, response.describe()
    assert response.json["errors"] == [], response.describe()  # type: ignore[index]
    row = response.json["results"][0]["data"][0]["row"]  # type: ignore[index]
    return row[0], list(row[1])


def http_login(server: ServerProcess, user: str, password: str) -> Response:
    """Run `RETURN 1` over HTTP with Basic auth and return the response."""
    return commit(server, (user, password), "RETURN 1")


def start_server(factory: ServerFactory, settings: dict[str, str]) -> ServerProcess:
    """Start a server with the run's admin account and JWT secret plus `settings`."""
    return factory.standard(settings)


def run_as(server: ServerProcess, user: str, password: str, query: str, database: str | None = None) -> None:
    """Run `query` as an LDAP user on a new driver; errors propagate to the test."""
    with open_driver(server, (user, password)) as driver:
        driver.execute_query(query, database_=database)


def raw_basic(user: str, password: str) -> neo4j.Auth:
    """Return a basic auth token sent exactly as given, even with an empty password."""
    return neo4j.Auth("basic", user, password)

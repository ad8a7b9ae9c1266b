"""PAM stacks for the PAM tests, run through pam_wrapper and nss_wrapper with no change under /etc.

pam_wrapper (Debian: libpam-wrapper) makes the server read its PAM service files from a folder
of ours, and nss_wrapper (libnss-wrapper) makes it read users and groups from passwd and group
files of ours. Both are preloaded into the server process only.

The users of every stack:

| user | password | pam_matrix service | Unix groups |
| --- | --- | --- | --- |
| alice | ALICE_PASSWORD | the stack's service | graph-admins, graph-readers |
| bob | BOB_PASSWORD | another service, so pam_acct_mgmt refuses him | graph-readers |
| carol | CAROL_PASSWORD | the stack's service | none but her own |
| dave | DAVE_PASSWORD | the stack's service | no passwd entry, so no groups |

The pwdfile service checks erin's sha512-crypt hash with pam_pwdfile and returns
PAM_USER_UNKNOWN for every other user.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import login_code, open_driver  # noqa: F401 (login_code is re-exported for the PAM tests)
from http_client import commit
from server_process import ServerProcess

LIBRARY_DIR = Path("/usr/lib/x86_64-linux-gnu")
PAM_WRAPPER = LIBRARY_DIR / "libpam_wrapper.so"
NSS_WRAPPER = LIBRARY_DIR / "libnss_wrapper.so"
PAM_MATRIX = LIBRARY_DIR / "pam_wrapper" / "pam_matrix.so"
PAM_CHATTY = LIBRARY_DIR / "pam_wrapper" / "pam_chatty.so"
PAM_PWDFILE = LIBRARY_DIR / "security" / "pam_pwdfile.so"

UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized"
FORBIDDEN = "Neo.ClientError.Security.Forbidden"
AUTH_PROVIDER_FAILED = "Neo.TransientError.Security.AuthProviderFailed"
AUTH_PROVIDER_TIMEOUT = "Neo.TransientError.Security.AuthProviderTimeout"

# Random per run, so the log scan can tell whether the server ever printed them.
ALICE_PASSWORD = "alice-" + secrets.token_hex(8)
BOB_PASSWORD = "bob-" + secrets.token_hex(8)
CAROL_PASSWORD = "carol-" + secrets.token_hex(8)
DAVE_PASSWORD = "dave-" + secrets.token_hex(8)
ERIN_PASSWORD = "erin-" + secrets.token_hex(8)
PASSWORDS = [ALICE_PASSWORD, BOB_PASSWORD, CAROL_PASSWORD, DAVE_PASSWORD, ERIN_PASSWORD]

# The service names of every stack, each a file in the stack's service folder.
SERVICE = "nornicdb-test"
ECHO_SERVICE = "nornicdb-echo"
CHATTY_SERVICE = "nornicdb-chatty"
PWDFILE_SERVICE = "nornicdb-pwdfile"
SLOW_SERVICE = "nornicdb-slow"
BROKEN_SERVICE = "nornicdb-broken"
# Seconds the slow service's pam_exec sleeps before pam_matrix checks the password.
SLOW_SECONDS = 3

ROLE_MAPPING = "graph-admins = admin; graph-readers = viewer; graph-admins, graph-readers = editor"
# Roles each user gets from ROLE_MAPPING with the default role `none`.
ALICE_ROLES = ["admin", "editor", "viewer"]
CAROL_ROLES = ["none"]


def require_wrappers() -> None:
    """Skip the test when pam_wrapper, nss_wrapper or pam_pwdfile are not installed."""
    missing = [str(path) for path in (PAM_WRAPPER, NSS_WRAPPER, PAM_MATRIX, PAM_PWDFILE) if not path.is_file()]
    if missing:
        pytest.skip(
            f"PAM test modules missing: {', '.join(missing)}; install libpam-wrapper, libnss-wrapper and libpam-pwdfile"
        )


@dataclass
class PamStack:
    """A folder of PAM service files, a pam_matrix password file and nss_wrapper databases."""

    root: Path

    @property
    def services(self) -> Path:
        return self.root / "services"

    def environment(self) -> dict[str, str]:
        """Return the variables that make a process use this stack and these users and groups."""
        return {
            "LD_PRELOAD": f"{PAM_WRAPPER}:{NSS_WRAPPER}",
            "PAM_WRAPPER": "1",
            "PAM_WRAPPER_SERVICE_DIR": str(self.services),
            "NSS_WRAPPER_PASSWD": str(self.root / "passwd"),
            "NSS_WRAPPER_GROUP": str(self.root / "group"),
        }

    def settings(self, service: str = SERVICE, providers: str = "local,pam", **overrides: str) -> dict[str, str]:
        """Return the server settings for `service`, with the wrapper variables and ROLE_MAPPING."""
        settings = self.environment()
        settings.update(
            {
                "NORNICDB_AUTH_PROVIDERS": providers,
                "NORNICDB_PAM_SERVICE": service,
                "NORNICDB_PAM_GROUP_TO_ROLE_MAPPING": ROLE_MAPPING,
            }
        )
        settings.update(overrides)
        return settings

    def write_service(self, name: str, lines: list[str]) -> None:
        (self.services / name).write_text("\n".join(lines) + "\n")


def make_stack(root: Path) -> PamStack:
    """Write the users, groups and services described in this module's docstring under `root`."""
    stack = PamStack(root)
    stack.services.mkdir(parents=True)
    passdb = root / "passdb"
    passdb.write_text(
        "\n".join(
            [
                f"alice:{ALICE_PASSWORD}:{SERVICE}",
                f"bob:{BOB_PASSWORD}:another-service",
                f"carol:{CAROL_PASSWORD}:{SERVICE}",
                f"dave:{DAVE_PASSWORD}:{SERVICE}",
            ]
        )
        + "\n"
    )
    (root / "passwd").write_text(
        "alice:x:5001:5001:Alice:/nonexistent:/usr/sbin/nologin\n"
        "bob:x:5002:5002:Bob:/nonexistent:/usr/sbin/nologin\n"
        "carol:x:5003:5003:Carol:/nonexistent:/usr/sbin/nologin\n"
        "erin:x:5005:5005:Erin:/nonexistent:/usr/sbin/nologin\n"
    )
    (root / "group").write_text(
        "alice:x:5001:\nbob:x:5002:\ncarol:x:5003:\nerin:x:5005:\n"
        "graph-admins:x:6001:alice\ngraph-readers:x:6002:alice,bob,erin\n"
    )
    matrix = f"{PAM_MATRIX} passdb={passdb}"
    stack.write_service(SERVICE, [f"auth required {matrix}", f"account required {matrix}"])
    # With `echo`, pam_matrix prompts for the password with echo on, which the server rejects.
    stack.write_service(ECHO_SERVICE, [f"auth required {matrix} echo", f"account required {matrix}"])
    # Info and error messages around the password prompt need a NULL answer, not a failure.
    stack.write_service(
        CHATTY_SERVICE,
        [
            f"auth required {PAM_CHATTY} num_lines=3 info error",
            f"auth required {matrix} verbose",
            # pam_matrix's account check would want the user's service in the password file.
            "account required pam_permit.so",
        ],
    )
    hashed = subprocess.run(
        ["openssl", "passwd", "-6", "-stdin"], input=ERIN_PASSWORD, capture_output=True, text=True, check=True
    ).stdout.strip()
    (root / "pwdfile").write_text(f"erin:{hashed}\n")
    stack.write_service(
        PWDFILE_SERVICE, [f"auth required {PAM_PWDFILE} pwdfile={root / 'pwdfile'}", "account required pam_permit.so"]
    )
    sleep = shutil.which("sleep") or "/bin/sleep"
    stack.write_service(
        SLOW_SERVICE,
        [
            f"auth requisite pam_exec.so quiet {sleep} {SLOW_SECONDS}",
            f"auth required {matrix}",
            "account required pam_permit.so",
        ],
    )
    stack.write_service(
        BROKEN_SERVICE, [f"auth required {root / 'no-such-module.so'}", "account required pam_permit.so"]
    )
    # Without this file pam_wrapper falls back to the system's `other` service.
    stack.write_service("other", ["auth required pam_deny.so", "account required pam_deny.so"])
    return stack


def current_user(server: ServerProcess, user: str, password: str) -> tuple[str, list[str]]:
    """Log in over Bolt and return the (user, roles) row of `SHOW CURRENT USER`."""
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

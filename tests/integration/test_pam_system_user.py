"""Real pam_unix with a throwaway system user and group; runs only as root, as CI does.

The test creates one system user, one group and one /etc/pam.d service file, each with a random
name, and removes all three afterwards, also when the test fails. The server runs without
pam_wrapper, so it reads /etc/pam.d, /etc/passwd, /etc/group and /etc/shadow like a real
installation running as root.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import ServerFactory
from pam_stack import UNAUTHORIZED, current_user, login_code
from server_process import ServerProcess

PAM_DIR = Path("/etc/pam.d")


@dataclass
class SystemUser:
    name: str
    password: str
    group: str
    service: str


def run(*command: str, stdin: str | None = None) -> None:
    subprocess.run(command, input=stdin, text=True, check=True, capture_output=True)


@pytest.fixture
def system_user() -> Iterator[SystemUser]:
    if os.geteuid() != 0:
        pytest.skip("creates a system user, group and /etc/pam.d file, so it runs only as root")
    for tool in ("useradd", "userdel", "groupadd", "groupdel", "chpasswd", "chage"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    suffix = secrets.token_hex(4)
    user = SystemUser(
        name=f"nrnpam{suffix}",
        password="pam-" + secrets.token_hex(12),
        group=f"nrnpamgrp{suffix}",
        service=f"nornicdb-test-{suffix}",
    )
    service_file = PAM_DIR / user.service
    created_user = created_group = False
    try:
        run("groupadd", "--system", user.group)
        created_group = True
        run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "-G", user.group, user.name)
        created_user = True
        run("chpasswd", stdin=f"{user.name}:{user.password}\n")
        # nodelay drops pam_unix's delay of about 2 seconds after a failure.
        service_file.write_text("auth     required pam_unix.so nodelay\naccount  required pam_unix.so\n")
        yield user
    finally:
        service_file.unlink(missing_ok=True)
        if created_user:
            subprocess.run(["userdel", user.name], check=False, capture_output=True)
        if created_group:
            subprocess.run(["groupdel", user.group], check=False, capture_output=True)


@pytest.fixture
def server(server_factory: ServerFactory, system_user: SystemUser) -> ServerProcess:
    return server_factory.standard(
        {
            "NORNICDB_AUTH_PROVIDERS": "local,pam",
            "NORNICDB_PAM_SERVICE": system_user.service,
            "NORNICDB_PAM_GROUP_TO_ROLE_MAPPING": f"{system_user.group} = editor",
            "NORNICDB_AUTH_DEBUG": "true",
        }
    )


def test_system_user_logs_in(server: ServerProcess, system_user: SystemUser) -> None:
    assert current_user(server, system_user.name, system_user.password) == (system_user.name, ["editor"])
    assert login_code(server, system_user.name, "not-" + system_user.password) == UNAUTHORIZED
    assert system_user.password not in server.log_text()


def test_expired_account_refused(server: ServerProcess, system_user: SystemUser) -> None:
    # pam_authenticate accepts the password of an expired account; only pam_acct_mgmt refuses it.
    run("chage", "-E", "0", system_user.name)
    assert login_code(server, system_user.name, system_user.password) == UNAUTHORIZED
    assert "pam_acct_mgmt returned" in server.log_text()
    run("chage", "-E", "-1", system_user.name)
    assert current_user(server, system_user.name, system_user.password)[0] == system_user.name


def test_locked_password_refused(server: ServerProcess, system_user: SystemUser) -> None:
    run("usermod", "-L", system_user.name)
    assert login_code(server, system_user.name, system_user.password) == UNAUTHORIZED
    run("usermod", "-U", system_user.name)
    assert current_user(server, system_user.name, system_user.password)[0] == system_user.name

"""Local logins while other clients keep every PAM thread busy.

With NORNICDB_AUTH_PROVIDERS=local,pam a local account is decided before PAM is asked, so a flood
of logins for unknown names, each held up by a slow stack, does not delay the local admin. (With
`pam` first every local login waits for a PAM thread; the README says so.)
"""

from __future__ import annotations

import threading
import time

import pytest

from harness import ADMIN_PASSWORD, ADMIN_USER, ServerFactory
from pam_stack import PWDFILE_SERVICE, PamStack, login_code, make_stack, require_wrappers

SLOW_PWDFILE_SERVICE = "nornicdb-slow-pwdfile"
# Seconds pam_exec sleeps before pam_pwdfile returns PAM_USER_UNKNOWN for a name it has no entry for.
SLOW_SECONDS = 1
TIMEOUT_SECONDS = 4
FLOODING_CLIENTS = 4


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> PamStack:
    require_wrappers()
    stack = make_stack(tmp_path_factory.mktemp("pam-provider-order"))
    pwdfile_lines = (stack.services / PWDFILE_SERVICE).read_text().splitlines()
    stack.write_service(
        SLOW_PWDFILE_SERVICE, [f"auth requisite pam_exec.so quiet /bin/sleep {SLOW_SECONDS}", *pwdfile_lines]
    )
    return stack


def test_local_login_during_pam_flood(server_factory: ServerFactory, stack: PamStack) -> None:
    settings = stack.settings(
        SLOW_PWDFILE_SERVICE,
        providers="local,pam",
        NORNICDB_PAM_MAX_CONCURRENT="1",
        NORNICDB_PAM_TIMEOUT=f"{TIMEOUT_SECONDS}s",
    )
    server = server_factory.standard(settings)
    stop = threading.Event()
    flood_codes: list[str | None] = []

    def flood() -> None:
        while not stop.is_set():
            flood_codes.append(login_code(server, "mallory", "wrong-password"))

    clients = [threading.Thread(target=flood) for _ in range(FLOODING_CLIENTS)]
    for client in clients:
        client.start()
    try:
        time.sleep(SLOW_SECONDS)
        started = time.monotonic()
        code = login_code(server, ADMIN_USER, ADMIN_PASSWORD)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=TIMEOUT_SECONDS * 3)
    assert code is None, f"the local admin's login failed with {code} while other clients sent PAM logins"
    assert elapsed < SLOW_SECONDS, f"the local admin's login took {elapsed:.2f} s during the PAM flood"
    assert flood_codes, "no flooding login finished; the test proved nothing"

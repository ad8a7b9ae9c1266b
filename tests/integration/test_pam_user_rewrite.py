"""A PAM_USER that a module rewrites to a name the server cannot read back.

pam_wrapper's pam_set_items module sets PAM_USER from the server's own PAM_USER environment
variable, after pam_matrix has checked the name and password the client typed. When the
rewritten name is empty or longer than the 1023 bytes the server reads back, the server keeps
the typed name, with that name's Unix groups and roles, instead of rejecting the login.
"""

from __future__ import annotations

import pytest

from harness import ServerFactory
from pam_stack import (
    ALICE_PASSWORD,
    LIBRARY_DIR,
    PAM_MATRIX,
    UNAUTHORIZED,
    PamStack,
    login_code,
    make_stack,
    require_wrappers,
)

PAM_SET_ITEMS = LIBRARY_DIR / "pam_wrapper" / "pam_set_items.so"
REWRITE_SERVICE = "nornicdb-rewrite"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> PamStack:
    require_wrappers()
    if not PAM_SET_ITEMS.is_file():
        pytest.skip(f"{PAM_SET_ITEMS} is missing; install libpam-wrapper")
    stack = make_stack(tmp_path_factory.mktemp("pam-rewrite"))
    matrix = f"{PAM_MATRIX} passdb={stack.root / 'passdb'}"
    # pam_matrix's account step accepts alice only for the service named in the password file, so
    # this service leaves account management to pam_permit.
    stack.write_service(
        REWRITE_SERVICE,
        [f"auth required {matrix}", f"auth required {PAM_SET_ITEMS}", "account required pam_permit.so"],
    )
    return stack


@pytest.mark.parametrize("rewritten", ["", "z" * 2000], ids=["empty", "2000 bytes"])
def test_unreadable_rewritten_user_rejected(server_factory: ServerFactory, stack: PamStack, rewritten: str) -> None:
    settings = stack.settings(REWRITE_SERVICE, NORNICDB_AUTH_DEBUG="true", PAM_USER=rewritten)
    server = server_factory.standard(settings)
    # The stack authenticated someone whose name the server cannot use, so the login must fail
    # rather than go on as "alice" with alice's groups and roles.
    assert login_code(server, "alice", ALICE_PASSWORD) == UNAUTHORIZED

"""A PAM service name with capital letters.

Linux-PAM's pam_start lowercases the service name before it opens /etc/pam.d/<service>, so with
NORNICDB_PAM_SERVICE=NornicDB-Strict it reads `nornicdb-strict`, or `other` when that file is
missing (checked with libpam0g 1.5.2 under pam_wrapper). The start-up check looks for the lowercase
file, so it warns when only the mixed-case file exists.
"""

from __future__ import annotations

import pytest

from harness import ServerFactory
from pam_stack import PamStack, login_code, make_stack, require_wrappers

MIXED_CASE_SERVICE = "NornicDB-Strict"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> PamStack:
    require_wrappers()
    stack = make_stack(tmp_path_factory.mktemp("pam-service-name"))
    # The file written under the mixed-case name denies everyone, and `other` accepts everyone, so
    # a login that succeeds shows that Linux-PAM read `other`.
    stack.write_service(MIXED_CASE_SERVICE, ["auth required pam_deny.so", "account required pam_deny.so"])
    stack.write_service("other", ["auth required pam_permit.so", "account required pam_permit.so"])
    return stack


def test_mixed_case_service_warns(server_factory: ServerFactory, stack: PamStack) -> None:
    server = server_factory.standard(stack.settings(MIXED_CASE_SERVICE))
    assert login_code(server, "carol", "any-password-at-all") is None
    assert "no PAM service file 'nornicdb-strict'" in server.log_text()

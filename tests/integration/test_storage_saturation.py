"""Logins and short statements still run while long statements fill every storage thread."""

from __future__ import annotations

import threading
import time

import neo4j

from harness import ServerFactory, admin_driver, create_user, mint_token, open_driver, unique_name

# About 10^10 rows: hours of work, so only the server's stop ends it within the test.
ENDLESS = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a WHERE a < 0 RETURN count(*)"
# The server has 32 storage threads and runs at most four statements of one user at once.
STORAGE_THREADS = 32
STATEMENTS_PER_USER = 4


def test_logins_served_while_storage_threads_busy(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    users = [unique_name("busy") for _ in range(STORAGE_THREADS // STATEMENTS_PER_USER)]
    with admin_driver(server) as admin:
        for user in users:
            create_user(admin, user, "busy-password", "viewer")
        # Caches the admin's login, so the basic login below needs no password hash.
        admin.verify_connectivity()

    drivers = [open_driver(server, (user, "busy-password")) for user in users]
    running = threading.Semaphore(0)
    ended: list[BaseException] = []

    def run_endless(driver: neo4j.Driver) -> None:
        try:
            with driver.session() as session:
                running.release()
                session.run(ENDLESS).consume()
        except BaseException as error:  # noqa: BLE001 - any error ends the statement
            ended.append(error)

    threads = [
        threading.Thread(target=run_endless, args=(driver,)) for driver in drivers for _ in range(STATEMENTS_PER_USER)
    ]
    for thread in threads:
        thread.start()
    try:
        for _ in threads:
            assert running.acquire(timeout=30), "a session did not open"
        # Long enough for every statement to reach the server and take a storage thread.
        time.sleep(2)

        began = time.monotonic()
        with admin_driver(server) as admin:
            records, _, _ = admin.execute_query("RETURN 1 AS one")
        basic_seconds = time.monotonic() - began
        assert records[0]["one"] == 1

        began = time.monotonic()
        with open_driver(server, neo4j.bearer_auth(mint_token("bearer-probe", ["viewer"]))) as bearer:
            records, _, _ = bearer.execute_query("RETURN 2 AS two")
        bearer_seconds = time.monotonic() - began
        assert records[0]["two"] == 2

        assert basic_seconds < 20, f"a cached basic login and RETURN 1 took {basic_seconds:.1f} s"
        assert bearer_seconds < 20, f"a bearer login and RETURN 2 took {bearer_seconds:.1f} s"
    finally:
        assert server.stop(timeout=30) == 0
        for thread in threads:
            thread.join(10)
        for driver in drivers:
            driver.close()
    assert len(ended) == len(threads)

"""SIGTERM cancels running statements, rolls back open transactions and exits promptly."""

from __future__ import annotations

import threading
import time

from harness import ServerFactory, admin_driver, count_nodes, unique_name

# About 10^10 rows: hours of work, so only cancellation ends it within the test.
ENDLESS = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a WHERE a < 0 RETURN count(*)"


def test_sigterm_cancels_running_statements(server_factory: ServerFactory) -> None:
    server = server_factory.standard()
    label = unique_name("Stopped")
    driver = admin_driver(server)
    errors: list[BaseException] = []
    started = threading.Event()

    def run_endless() -> None:
        try:
            with driver.session() as session:
                started.set()
                session.run(ENDLESS).consume()
        except BaseException as error:  # noqa: BLE001 - the test inspects whatever ended the query
            errors.append(error)

    def write_then_wait() -> None:
        try:
            with driver.session() as session:
                with session.begin_transaction() as tx:
                    tx.run(f"CREATE (:{label})").consume()
                    tx.run(ENDLESS).consume()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=run_endless) for _ in range(3)]
    threads.append(threading.Thread(target=write_then_wait))
    for thread in threads:
        thread.start()
    assert started.wait(10)
    # Long enough for every statement to be running on the server.
    time.sleep(1.5)

    began = time.monotonic()
    code = server.stop(timeout=30)
    elapsed = time.monotonic() - began
    for thread in threads:
        thread.join(10)
    driver.close()

    assert code == 0, server.log_tail()
    # Without cancellation the stop waits for the transaction timeout, 300 s by default.
    assert elapsed < 10, f"SIGTERM took {elapsed:.1f} s with statements running"
    assert len(errors) == len(threads)
    assert not any(thread.is_alive() for thread in threads)

    server.start()
    with admin_driver(server) as fresh:
        assert count_nodes(fresh, label) == 0

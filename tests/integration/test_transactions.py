"""Explicit transactions: commit, rollback, failure inside a transaction, and two sessions."""

from __future__ import annotations

import threading

import neo4j
import pytest
from neo4j.exceptions import CypherSyntaxError

from harness import count_nodes, unique_name


def test_commit_persists(admin: neo4j.Driver) -> None:
    label = unique_name("Committed")
    with admin.session() as session:
        with session.begin_transaction() as tx:
            tx.run(f"CREATE (:{label} {{n: 1}})").consume()
            tx.run(f"CREATE (:{label} {{n: 2}})").consume()
            records = tx.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()
            assert records["c"] == 2
            tx.commit()
    assert count_nodes(admin, label) == 2


def test_rollback_discards(admin: neo4j.Driver) -> None:
    label = unique_name("RolledBack")
    with admin.session() as session:
        tx = session.begin_transaction()
        tx.run(f"CREATE (:{label})").consume()
        tx.rollback()
    assert count_nodes(admin, label) == 0


def test_closed_transaction_rolls_back(admin: neo4j.Driver) -> None:
    # Transaction.close() without commit() rolls back. (Leaving a `with` block commits.)
    label = unique_name("Closed")
    with admin.session() as session:
        tx = session.begin_transaction()
        tx.run(f"CREATE (:{label})").consume()
        tx.close()
    assert count_nodes(admin, label) == 0


def test_session_close_rolls_back_open_transaction(admin: neo4j.Driver) -> None:
    label = unique_name("Abandoned")
    session = admin.session()
    tx = session.begin_transaction()
    tx.run(f"CREATE (:{label})").consume()
    session.close()
    assert count_nodes(admin, label) == 0


def test_error_inside_transaction_rolls_back(admin: neo4j.Driver) -> None:
    label = unique_name("Failed")
    with admin.session() as session:
        with pytest.raises(CypherSyntaxError):
            with session.begin_transaction() as tx:
                tx.run(f"CREATE (:{label})").consume()
                tx.run("THIS IS NOT CYPHER").consume()
                tx.commit()
        # The session stays usable after the failed transaction.
        assert session.run("RETURN 7 AS seven").single()["seven"] == 7
    assert count_nodes(admin, label) == 0


def test_managed_write_retried_work_commits_once(admin: neo4j.Driver) -> None:
    label = unique_name("Managed")

    def write(tx: neo4j.ManagedTransaction) -> int:
        return tx.run(f"CREATE (n:{label}) RETURN count(n) AS c").single()["c"]

    with admin.session() as session:
        assert session.execute_write(write) == 1
    assert count_nodes(admin, label) == 1


def test_committed_write_visible_to_other_session(admin: neo4j.Driver) -> None:
    label = unique_name("Shared")
    with admin.session() as writer, admin.session() as reader:
        with writer.begin_transaction() as tx:
            tx.run(f"CREATE (:{label})").consume()
            tx.commit()
        records = reader.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()
        assert records["c"] == 1


def test_uncommitted_write_invisible_to_other_session(admin: neo4j.Driver) -> None:
    label = unique_name("Isolated")
    observed: list[int] = []
    errors: list[BaseException] = []

    def read_in_other_session() -> None:
        try:
            with admin.session() as reader:
                observed.append(reader.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()["c"])
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    with admin.session() as writer:
        tx = writer.begin_transaction()
        tx.run(f"CREATE (:{label})").consume()
        reader = threading.Thread(target=read_in_other_session)
        reader.start()
        reader.join(timeout=10)
        blocked = reader.is_alive()
        tx.commit()
        reader.join(timeout=10)
    assert not errors, errors
    assert not blocked, "a read in another session waited for an open write transaction"
    assert observed == [0]
    assert count_nodes(admin, label) == 1


def test_transaction_on_named_database(admin: neo4j.Driver) -> None:
    label = unique_name("Named")
    with admin.session(database="nornic") as session:
        with session.begin_transaction() as tx:
            tx.run(f"CREATE (:{label})").consume()
            tx.commit()
    assert count_nodes(admin, label, database="nornic") == 1
    assert count_nodes(admin, label) == 1

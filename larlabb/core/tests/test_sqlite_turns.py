"""Writers of one process take turns on SQLite (core/sqlite), so none waits out the timeout."""

import threading

import pytest
from django.db import connection, transaction

from larlabb.core.sqlite.base import DatabaseWrapper
from larlabb.network.models import Network

pytestmark = pytest.mark.django_db(transaction=True)


def _turn_taken() -> bool:
    return DatabaseWrapper.write_turn.locked()


def test_a_transaction_holds_the_write_turn_until_it_commits_or_rolls_back():
    with transaction.atomic():
        Network.objects.create(name="Reglab", slug="reglab")
        assert _turn_taken()
    assert not _turn_taken()

    with pytest.raises(RuntimeError), transaction.atomic():
        Network.objects.create(name="Nätverket", slug="natverket")
        assert _turn_taken()
        raise RuntimeError
    assert not _turn_taken()
    assert list(Network.objects.values_list("slug", flat=True)) == ["reglab"]


def test_a_single_write_outside_a_transaction_takes_its_turn_and_a_read_does_not():
    seen: list[tuple[str, bool]] = []

    def observe(execute, sql, params, many, context):
        seen.append((sql.split()[0].upper(), _turn_taken()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(observe):
        Network.objects.create(name="Reglab", slug="reglab")
        Network.objects.count()

    assert seen == [("INSERT", True), ("SELECT", False)]
    assert not _turn_taken()


def test_a_second_thread_writes_only_after_the_first_has_committed():
    order: list[str] = []
    first_inside, second_waiting, first_may_commit = (threading.Event() for _ in range(3))
    turn = DatabaseWrapper.write_turn
    plain_acquire = turn.acquire

    def first() -> None:
        with transaction.atomic():
            Network.objects.create(name="Först", slug="forst")
            order.append("first writes")
            first_inside.set()
            first_may_commit.wait()
            order.append("first commits")
        connection.close()

    def second() -> None:
        first_inside.wait()
        try:
            with transaction.atomic():
                Network.objects.create(name="Sedan", slug="sedan")
                order.append("second writes")
        except Exception as error:  # without turns SQLite refuses; the order shows it
            order.append(f"second failed: {error}")
        finally:
            # Also set here, so a missing turn fails the test instead of hanging it.
            second_waiting.set()
            connection.close()

    class Watched:
        """The lock, telling the test when the second thread starts to wait for its turn."""

        def acquire(self, timeout: float = -1) -> bool:
            if threading.current_thread().name == "second":
                second_waiting.set()
            return plain_acquire(timeout=timeout)

        def release(self) -> None:
            turn.release()

        def locked(self) -> bool:
            return turn.locked()

    DatabaseWrapper.write_turn = Watched()  # type: ignore[assignment]
    try:
        threads = [
            threading.Thread(target=first, name="first"),
            threading.Thread(target=second, name="second"),
        ]
        for thread in threads:
            thread.start()
        second_waiting.wait()
        first_may_commit.set()
        for thread in threads:
            thread.join()
    finally:
        DatabaseWrapper.write_turn = turn

    assert order == ["first writes", "first commits", "second writes"]
    assert set(Network.objects.values_list("slug", flat=True)) == {"forst", "sedan"}

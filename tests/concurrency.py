"""Racing writes against each other on PostgreSQL: each target runs in its own thread, with its own
database connection, and all are released at once by a barrier."""

import threading

from django.db import connections


def race(targets, *, timeout: float = 30):
    """Run each target in its own thread, released together; returns their results or exceptions."""
    barrier = threading.Barrier(len(targets))
    results: list = [None] * len(targets)

    def run(index, target):
        try:
            barrier.wait(timeout=timeout)
            results[index] = target()
        except BaseException as error:  # noqa: BLE001 - handed back to the test to inspect
            results[index] = error
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results

"""One redis.Redis client per connection pool, reused for every cache call, and safe across a fork
(gunicorn forks its workers from one master)."""

import os
import uuid

import pytest
import redis

from creative_minds.redis_cache import RedisCache


@pytest.fixture
def shared_cache():
    url = os.environ.get("REDIS_URL", "").strip()
    if not url:
        pytest.skip("needs Redis: set REDIS_URL=redis://... to run it")
    backend = RedisCache(url, {"KEY_PREFIX": f"cm-redis-cache-test-{uuid.uuid4().hex}"})
    yield backend
    client = backend._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{backend.key_prefix}:*"))
    if keys:
        client.delete(*keys)


def test_every_call_uses_the_same_client(shared_cache, monkeypatch):
    shared_cache.set("warm", 1)
    made = []
    original = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        made.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)
    for number in range(20):
        shared_cache.set(f"key-{number}", number)
        assert shared_cache.get(f"key-{number}") == number
    assert shared_cache.get_many(["key-1", "key-2"]) == {"key-1": 1, "key-2": 2}
    assert made == []
    assert shared_cache._cache.get_client() is shared_cache._cache.get_client(write=True)


def test_a_forked_child_gets_its_own_connections_and_leaves_the_parents_working(shared_cache):
    shared_cache.set("before-the-fork", "parent")
    pool = shared_cache._cache.get_client().connection_pool
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child: answer through the pipe, then leave at once, as a worker would
        try:
            shared_cache.set("from-the-child", os.getpid())
            same_value = shared_cache.get("before-the-fork") == "parent"
            own_pool = pool.pid == os.getpid()
            os.write(write_end, b"ok" if same_value and own_pool else b"bad")
        finally:
            os._exit(0)
    os.close(write_end)
    answer = os.read(read_end, 10)
    os.waitpid(child, 0)
    os.close(read_end)

    assert answer == b"ok"
    assert pool.pid == os.getpid()
    assert shared_cache.get("from-the-child") == child
    shared_cache.set("after-the-fork", "parent")
    assert shared_cache.get("after-the-fork") == "parent"

"""Django's Redis cache, with one redis.Redis client per connection pool, made once and reused.

Django's RedisCacheClient makes a new redis.Redis for every cache call, and redis-py's constructor
fills a table of about 170 response callbacks each time: about 60 µs a call on this machine, a fifth
of what a cached page costs. A client holds no connection of its own (it borrows one from its pool
for each command and gives it back), so one per pool serves every call in the process.

Safe across gunicorn's fork: the pools (made on first use, so after the fork in practice) check the
process id on every borrow, and a child that inherits one starts with new connections, leaving the
parent's sockets alone (tests/test_redis_cache.py forks to prove it).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Keyed on the pool itself (pools live as long as this object): one client each.
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """settings.CACHES' BACKEND in production: "creative_minds.redis_cache.RedisCache"."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

"""Production settings refuse to start without their secrets, and pass `check --deploy`.

These run Python in a subprocess, so the settings module is imported fresh with exactly
the environment each test gives it.
"""

import json
import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from creative_minds.redis_cache import RedisCache

BASE_DIR = Path(__file__).resolve().parent.parent
REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "WAGTAILADMIN_BASE_URL"]
PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "creativeminds.example.org,www.creativeminds.example.org",
    "DATABASE_URL": "postgres://creative_minds@db.internal:5432/creative_minds",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://creativeminds.example.org",
    # Not required to start, but `check --deploy` warns without it (partners.W001).
    "THREESIXTYGIVING_PREFIX": "360G-creativeminds-test",
}


def clean_environment(**extra) -> dict:
    """This process's environment without any deployment settings, plus `extra`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in REQUIRED and not key.startswith("DJANGO_")
    }
    env.update(extra)
    return env


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python("import creative_minds.settings.production", clean_environment())
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "The environment variable SECRET_KEY must be set in production." in result.stderr


@pytest.mark.parametrize("missing", REQUIRED)
def test_each_required_variable_is_named_when_missing(missing):
    env = clean_environment(**{key: value for key, value in PRODUCTION_ENV.items() if key != missing})
    env[missing] = "   "  # blank counts as missing
    result = run_python("import creative_minds.settings.production", env)
    assert result.returncode != 0
    assert (
        f"ImproperlyConfigured: The environment variable {missing} must be set in production."
        in result.stderr
    )


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("short-but-varied-key-0123456789", "it has 31 characters and needs at least 50"),
        ("ab" * 30, "it needs at least 5 different characters"),
        (
            "django-insecure-" + secrets.token_urlsafe(50),
            'it starts with "django-insecure-", so it was made for development',
        ),
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key, problem):
    """Django's rule (security.W009) only warns; production must not start at all."""
    result = run_python(
        "import creative_minds.settings.production",
        clean_environment(**{**PRODUCTION_ENV, "SECRET_KEY": key}),
    )
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: The environment variable SECRET_KEY is too weak for production"
        in result.stderr
    )
    assert "security.W009" in result.stderr
    assert problem in result.stderr
    assert key not in result.stderr  # the message never repeats the key


def test_production_values():
    code = """
import json
from creative_minds.settings import production as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "CACHE": s.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": s.CACHES["default"]["LOCATION"],
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "POSTCODE_ONLINE_FALLBACK_URL": s.POSTCODE_ONLINE_FALLBACK_URL,
}))
"""
    result = run_python(code, clean_environment(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["creativeminds.example.org", "www.creativeminds.example.org"],
        "ENGINE": "django.db.backends.postgresql",
        "CACHE": "creative_minds.redis_cache.RedisCache",
        "CACHE_LOCATION": "redis://cache.internal:6379/0",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "POSTCODE_ONLINE_FALLBACK_URL": "",
    }


def test_check_deploy_passes_under_production_settings():
    """`manage.py check --deploy` with every required variable set: no errors and no warnings."""
    env = clean_environment(**PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="creative_minds.settings.production")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


@pytest.fixture
def redis_url() -> str:
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


def test_redis_cache_round_trip(redis_url):
    """The cache backend production uses, against a real Redis (skipped if none, except in CI)."""
    cache = RedisCache(redis_url, {"KEY_PREFIX": f"cm-test-{uuid.uuid4().hex}", "TIMEOUT": 60})
    try:
        cache.get("ping")
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 (CI) but Redis does not answer at {redis_url}: {error}")
        pytest.skip(f"no Redis at {redis_url} ({error}); set REDIS_URL to run this test")
    value = {"postcode": "HD1 2TA", "miles": [1, 3, 5]}
    try:
        assert cache.get("round-trip") is None
        cache.set("round-trip", value)
        assert cache.get("round-trip") == value
        cache.delete("round-trip")
        assert cache.get("round-trip") is None
        assert cache.get("round-trip", "gone") == "gone"
    finally:
        cache.delete("round-trip")
        cache.close()

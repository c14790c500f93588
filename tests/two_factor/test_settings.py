"""Two-factor sign-in is on in production whatever the environment says, off in local development
unless TWO_FACTOR_REQUIRED=on, and off in the tests unless a test turns it on."""

import pytest

from tests.test_settings import PRODUCTION_ENV, clean_environment, run_python

PRINT_SETTING = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"


@pytest.mark.parametrize(
    ("module", "variable", "expected"),
    [
        ("production", None, "True"),
        ("production", "off", "True"),  # not a switch a deployment can flip
        ("dev", None, "False"),
        ("dev", "on", "True"),
        ("dev", "ON ", "True"),
        ("test", "on", "False"),
    ],
)
def test_where_two_factor_sign_in_is_required(module, variable, expected):
    env = clean_environment(**PRODUCTION_ENV, DJANGO_SETTINGS_MODULE=f"creative_minds.settings.{module}")
    env.pop("TWO_FACTOR_REQUIRED", None)
    if variable is not None:
        env["TWO_FACTOR_REQUIRED"] = variable

    result = run_python(PRINT_SETTING, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected

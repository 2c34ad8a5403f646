"""Two server processes share one cache and one lockout: a TOTP code works once across
them, and wrong passwords typed to either (in any case) lock the account on both."""

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret

from tests.accounts.factories import PASSWORD, totp_code
from tests.accounts.two_servers import SET_UP_USER, Browser, aordesk, environment, start_server

pytestmark = [pytest.mark.slow]
USER = "admin@agency.example"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    env = environment(tmp_path_factory.mktemp("two-servers"))
    aordesk(env, "migrate", "--verbosity", "0")
    secret = generate_totp_secret()
    aordesk(env, "shell", "-c", SET_UP_USER.format(secret=secret))
    started = [start_server(env), start_server(env)]
    yield secret, [url for _, url in started]
    for process, _ in started:
        process.terminate()
        process.wait(timeout=30)


def _sign_in(browser, server, code, login=USER, password=PASSWORD):
    browser.post_form(f"{server}/accounts/login/", {"login": login, "password": password})
    return browser.post_form(f"{server}/accounts/2fa/authenticate/", {"code": code})


def test_a_totp_code_used_on_one_server_is_refused_by_the_other(servers):
    secret, (first, second) = servers
    code = totp_code(secret)
    one, other = Browser(), Browser()
    _sign_in(one, first, code)
    assert one.signed_in(first)
    status, _, page = _sign_in(other, second, code)
    assert not other.signed_in(second)
    assert status == 200 and "Incorrect code" in page
    assert pyotp.TOTP(secret).verify(code), "the code itself was still current"


def test_wrong_passwords_spread_over_both_servers_lock_the_account_on_both(servers):
    _, (first, second) = servers
    attacker = Browser()
    for attempt in range(5):
        server = (first, second)[attempt % 2]
        login = (USER, USER.upper())[attempt % 2]
        attacker.post_form(f"{server}/accounts/login/", {"login": login, "password": "wrong one"})
    for server in (first, second):
        status, _, page = Browser().post_form(
            f"{server}/accounts/login/", {"login": USER.title(), "password": PASSWORD}
        )
        assert status == 429 and "Too many failed sign-ins" in page

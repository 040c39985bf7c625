"""/healthz, which load balancers poll: 200 "ok" whatever the settings."""

import pytest


@pytest.mark.parametrize("read_requires_login", [False, True])
def test_health_answers_ok_to_a_visitor_who_is_not_logged_in(client, settings, read_requires_login):
    settings.READ_REQUIRES_LOGIN = read_requires_login
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"

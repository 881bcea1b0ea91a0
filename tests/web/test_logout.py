"""Logging out from the navigation's button ends the session and leads back to the login page."""

from __future__ import annotations


def test_logging_out_leads_to_the_login_page(login, east_registrar):
    client = login(east_registrar)
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/").status_code == 302  # signed out: the dashboard asks for a login again

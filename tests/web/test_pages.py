"""Every page: sign-in first, the right roles only, the security headers, the navigation."""

from __future__ import annotations

import pytest

from salw.web.security import CONTENT_SECURITY_POLICY

PAGES = ["/", "/weapons/", "/weapons/new/", "/import/", "/search/", "/audit/"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_login_page_renders_with_labelled_fields(client):
    html = client.get("/login/").content.decode()
    assert '<label for="id_username">' in html and '<label for="id_password">' in html


@pytest.mark.parametrize(("user", "allowed", "refused"), [
    ("east_registrar", ["/", "/weapons/", "/weapons/new/", "/import/", "/search/"], ["/audit/"]),
    ("east_viewer", ["/", "/weapons/", "/search/"], ["/weapons/new/", "/import/", "/audit/"]),
    ("national_auditor", ["/", "/weapons/", "/search/", "/audit/"], ["/weapons/new/", "/import/"]),
])
def test_each_role_opens_its_pages_and_is_refused_the_others(request, login, user, allowed, refused):
    client = login(request.getfixturevalue(user))
    for url in allowed:
        assert client.get(url).status_code == 200, url
    for url in refused:
        assert client.get(url).status_code == 403, url


def test_a_user_without_roles_is_refused_everything(login, make_user):
    client = login(make_user("nobody"))
    for url in PAGES:
        assert client.get(url).status_code == 403, url


def test_navigation_shows_only_the_pages_of_the_role(login, east_viewer, east_registrar):
    viewer_nav = login(east_viewer).get("/").content.decode()
    assert 'href="/search/"' in viewer_nav
    assert 'href="/weapons/new/"' not in viewer_nav and 'href="/audit/"' not in viewer_nav
    registrar_nav = login(east_registrar).get("/weapons/").content.decode()
    assert 'href="/weapons/new/"' in registrar_nav and 'href="/import/"' in registrar_nav
    assert '<a href="/weapons/" aria-current="page">' in registrar_nav
    register_nav = login(east_registrar).get("/weapons/new/").content.decode()
    assert register_nav.count('aria-current="page"') == 1
    assert '<a href="/weapons/new/" aria-current="page">' in register_nav


def test_security_headers_on_pages(login, east_registrar):
    response = login(east_registrar).get("/")
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_carry_no_inline_script_or_style(login, east_registrar, east_rifle):
    client = login(east_registrar)
    for url in [*PAGES[:5], f"/weapons/{east_rifle.id}/", f"/weapons/{east_rifle.id}/events/new/"]:
        html = client.get(url).content.decode()
        assert "<style" not in html and " style=" not in html, url
        for tag in html.split("<script")[1:]:
            assert tag.lstrip().startswith("src=") and "</script>" in tag and tag.index(">") < tag.index("</script>")
            assert tag[tag.index(">") + 1:tag.index("</script>")].strip() == "", url


def test_layout_has_a_skip_link_and_a_language_direction(login, east_registrar):
    html = login(east_registrar).get("/").content.decode()
    assert 'class="skip-link" href="#content"' in html and 'id="content"' in html
    assert 'dir="ltr"' in html


def test_unknown_page_is_a_friendly_404(login, east_registrar):
    response = login(east_registrar).get("/no-such-page/")
    assert response.status_code == 404 and "outside your jurisdiction" in response.content.decode()


def test_logging_in_leads_to_the_dashboard(client, east_registrar):
    response = client.post("/login/", {"username": "east-registrar", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_view_may_carry_its_own_policy(rf):
    from django.http import HttpResponse

    from salw.web.security import SecurityHeadersMiddleware, content_security_policy

    letter = content_security_policy("default-src 'self'; style-src 'unsafe-inline'")(lambda request: HttpResponse())
    response = SecurityHeadersMiddleware(letter)(rf.get("/"))
    assert response["Content-Security-Policy"] == "default-src 'self'; style-src 'unsafe-inline'"
    assert response["X-Content-Type-Options"] == "nosniff"

"""The login page: its language switch works without a username (it used to sit inside the login form)."""

from html.parser import HTMLParser

LOGIN = "/accounts/login/"


class _FormNesting(HTMLParser):
    """Records, for each <form>, how many forms were open when it started."""

    def __init__(self):
        super().__init__()
        self.depth, self.forms = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.forms.append((dict(attrs).get("action"), self.depth))
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth -= 1


def test_the_language_switch_is_not_inside_the_login_form(db, client):
    parser = _FormNesting()
    parser.feed(client.get(LOGIN).content.decode())
    assert ("/i18n/setlang/", 0) in parser.forms
    assert all(depth == 0 for _, depth in parser.forms)


def test_switching_language_on_the_login_page_needs_no_username(db, client):
    page = client.get(LOGIN).content.decode()
    assert "English" in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    english = response.content.decode()
    assert "Log in" in english or "Username" in english
    assert "中文" in english  # and back again

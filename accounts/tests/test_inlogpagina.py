"""The login page as a person reads it."""

import lxml.html
import pytest
from django.urls import reverse
from django.utils.translation import override

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_the_login_page_offers_a_new_password_once(client, taal):
    """Exploratory test: "Wachtwoord vergeten?" stood on the page twice, above the password field (allauth's
    description of the field) and again beside the button ("Forgot your password?" and "Forgotten your password?"
    in English)."""
    with override(taal):
        response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE=taal)
    boom = lxml.html.fromstring(response.content)
    links = boom.xpath(f'//main//a[@href="{reverse("account_reset_password")}"]')
    assert response.status_code == 200 and len(links) == 1, [a.text_content() for a in links]
    # and it is the password field's description, read out with the field
    veld = boom.xpath('//input[@name="password"]')[0]
    beschrijving = veld.get("aria-describedby", "").split()
    assert beschrijving and any(boom.get_element_by_id(i).xpath(".//a") for i in beschrijving)

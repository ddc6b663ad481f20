"""The weekly cap, the opt-out, the one-time link and answering in the portal."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from beleving.models import Belevingsvraag, Bevraagde, Touchpoint
from beleving.selectors import eerste_open_vraag, open_vragen
from beleving.services import (
    ontvanger_werkgever,
    ontvanger_werkzoekende,
    vraag_stellen,
)
from outbox.models import Mail
from werkgevers.tests.factories import WerkgeverUserFactory
from werkzoekenden.models import Contactvoorkeur
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _vraag_werkgever(wereld, sleutel="1", nu=None):
    return vraag_stellen(touchpoint=Touchpoint.WG_KENNISMAKING, ontvanger=ontvanger_werkgever(wereld.werkgever),
                         sleutel=f"test:{sleutel}", regio=wereld.werkgever.regio, werkgever=wereld.werkgever, nu=nu)


def _vraag_willem(wereld, sleutel="1", nu=None, touchpoint=Touchpoint.WZ_PLAN):
    return vraag_stellen(touchpoint=touchpoint, ontvanger=ontvanger_werkzoekende(wereld.kandidaat),
                         sleutel=f"test:{sleutel}", regio=wereld.kandidaat.regio, nu=nu)


def _link(mail):
    return mail.context["link"]


# --- the weekly cap ------------------------------------------------------------------------------


def test_never_more_than_one_question_per_person_per_week_skipped_not_queued(wereld):
    nu = timezone.now()
    assert _vraag_willem(wereld, "a", nu=nu) is not None
    assert _vraag_willem(wereld, "b", nu=nu + timedelta(days=6, hours=23)) is None
    # Skipped, not queued: nothing waits to be asked later.
    assert Belevingsvraag.objects.filter(kandidaat=wereld.kandidaat).count() == 1
    assert _vraag_willem(wereld, "c", nu=nu + timedelta(days=7)) is not None
    # The cap is per person: the werkgever is asked the same day.
    assert _vraag_werkgever(wereld, "d", nu=nu) is not None


def test_the_same_cause_never_asks_twice(wereld):
    nu = timezone.now()
    assert _vraag_willem(wereld, "zelfde", nu=nu) is not None
    assert _vraag_willem(wereld, "zelfde", nu=nu + timedelta(days=30)) is None


# --- respecting the person's choice ---------------------------------------------------------------


def test_werkzoekende_not_wanting_mail_gets_no_mail_only_the_portal(wereld):
    vraag = _vraag_willem(wereld)
    assert vraag.gebruiker == wereld.werkzoekende_user
    assert not Mail.objects.filter(sleutel__startswith="beleving:").exists()
    wereld.kandidaat.contactvoorkeur = Contactvoorkeur.MAIL
    wereld.kandidaat.save(update_fields=["contactvoorkeur"])
    vraag = _vraag_willem(wereld, "2", nu=timezone.now() + timedelta(days=8))
    assert Mail.objects.filter(sleutel=f"beleving:{vraag.pk}:{wereld.werkzoekende_user.email}").exists()


def test_vraag_me_dit_niet_meer_in_the_portal_is_stored_and_stops_every_question(client, wereld):
    open_vraag = _vraag_willem(wereld)
    client.force_login(wereld.werkzoekende_user)
    response = client.post(reverse("beleving_overzicht"), {"keuze": "niet_meer"}, follow=True)
    assert "we stellen je deze vragen niet meer" in response.content.decode()
    stand = Bevraagde.objects.get(kandidaat=wereld.kandidaat)
    assert stand.niet_meer_vragen_op is not None
    # The open question closes, and no new one comes, not even weeks later.
    assert client.get(reverse("beleving_vraag", args=[open_vraag.pk])).status_code == 404
    assert _vraag_willem(wereld, "later", nu=timezone.now() + timedelta(days=60)) is None
    # Changed their mind: asked again.
    client.post(reverse("beleving_overzicht"), {"keuze": "weer"})
    assert _vraag_willem(wereld, "weer", nu=timezone.now() + timedelta(days=60)) is not None


def test_vraag_me_dit_niet_meer_from_the_mail_link_without_account(client, wereld):
    wereld.werkgever.contactpersoon_email = "joke@betuwe.example.nl"
    wereld.werkgever.save(update_fields=["contactpersoon_email"])
    wereld.werkgever_user.is_active = False
    wereld.werkgever_user.save(update_fields=["is_active"])
    vraag = _vraag_werkgever(wereld)
    assert vraag.gebruiker is None
    link = _link(Mail.objects.get(sleutel__startswith="beleving:"))
    response = client.post(link, {"keuze": "niet_meer"})
    assert response.status_code == 200 and "We vragen het niet meer" in response.content.decode()
    assert Bevraagde.objects.get(pk=vraag.bevraagde_id).niet_meer_vragen_op is not None
    assert _vraag_werkgever(wereld, "later", nu=timezone.now() + timedelta(days=60)) is None


def test_a_deactivated_contactpersoon_is_not_asked_by_mail(wereld):
    """Before, with no active account left at the company, the question went by mail to the company record's contact
    address even when that was the address of a deactivated account (the contactpersoon left): every other werkgever
    mail already skipped it (``werkgever_contactadres``)."""
    martijn, werkgever = wereld.werkgever_user, wereld.werkgever
    werkgever.contactpersoon_email = f" {martijn.email.upper()} "  # typed in another case
    werkgever.save(update_fields=["contactpersoon_email"])
    martijn.is_active = False
    martijn.save(update_fields=["is_active"])

    assert ontvanger_werkgever(werkgever) is None
    assert _vraag_werkgever(wereld) is None
    assert not Mail.objects.filter(aan__iexact=martijn.email).exists()
    assert not Bevraagde.objects.exists()

    # A colleague with an account is asked in his place; a general company address still is.
    piet = WerkgeverUserFactory(werkgever=werkgever)
    assert ontvanger_werkgever(werkgever).gebruiker == piet
    piet.is_active = False
    piet.save(update_fields=["is_active"])
    werkgever.contactpersoon_email = "Info@DeHeul.example.nl"
    werkgever.save(update_fields=["contactpersoon_email"])
    assert ontvanger_werkgever(werkgever).email == "Info@DeHeul.example.nl"


# --- the one-time link ------------------------------------------------------------------------------


def test_link_answers_once_then_404_like_a_wrong_or_expired_one(client, wereld):
    vraag = _vraag_werkgever(wereld)
    link = _link(Mail.objects.get(sleutel__startswith="beleving:"))
    assert re.fullmatch(r"/hoe-ging-dit/[\w-]{40,}/", link)
    pagina = client.get(link)
    assert pagina.status_code == 200 and pagina["Cache-Control"].startswith("no-store")
    html = pagina.content.decode()
    # Only the question: no names of the company, its people or the accountmanager.
    for naam in (wereld.werkgever.naam, wereld.werkgever_user.achternaam, wereld.accountmanager.achternaam):
        assert naam not in html
    assert 'type="radio" name="score" value="5"' in html and "Heel goed" in html
    assert client.post(link, {"score": "4", "opmerking": "Prettig gesprek"}).status_code == 200
    vraag.refresh_from_db()
    assert (vraag.score, vraag.opmerking) == (4, "Prettig gesprek") and vraag.beantwoord_op
    # Used: the same 404 as a wrong token, for a GET and a POST; the answer stays as it was.
    gebruikt = client.get(link)
    fout = client.get(reverse("beleving_link", args=["x" * 43]))
    assert gebruikt.status_code == fout.status_code == 404
    # The same page, byte for byte but for the CSRF token, which every page masks anew, and the page's own address
    # (where the language switch returns to).
    zonder_token = re.compile(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value="|name="next" type="hidden" '
                              rb'value=")[^"]+')
    assert zonder_token.sub(rb"\1", gebruikt.content) == zonder_token.sub(rb"\1", fout.content)
    assert client.post(link, {"score": "1"}).status_code == 404
    vraag.refresh_from_db()
    assert vraag.score == 4


def test_expired_link_is_404(client, wereld):
    vraag = _vraag_werkgever(wereld)
    link = _link(Mail.objects.get(sleutel__startswith="beleving:"))
    Belevingsvraag.objects.filter(pk=vraag.pk).update(verloopt_op=timezone.now() - timedelta(seconds=1))
    assert client.get(link).status_code == 404
    assert client.post(link, {"score": "3"}).status_code == 404


def test_link_without_a_choice_keeps_the_comment_and_says_what_to_do(client, wereld):
    _vraag_werkgever(wereld)
    link = _link(Mail.objects.get(sleutel__startswith="beleving:"))
    response = client.post(link, {"opmerking": "Mijn tekst"})
    html = response.content.decode()
    assert response.status_code == 400 and "Kies hoe het ging" in html and "Mijn tekst" in html
    response = client.post(link, {"score": "9"})
    assert response.status_code == 400
    response = client.post(link, {"score": "2", "opmerking": "x" * 1001})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()


# --- in the portal ----------------------------------------------------------------------------------


def test_werkzoekende_answers_in_the_portal_and_the_home_card_goes(client, wereld):
    vraag = _vraag_willem(wereld)
    client.force_login(wereld.werkzoekende_user)
    home = client.get(reverse("werkzoekende_home")).content.decode()
    assert reverse("beleving_vraag", args=[vraag.pk]) in home
    assert vraag.vraag in client.get(reverse("beleving_overzicht")).content.decode()
    response = client.post(reverse("beleving_vraag", args=[vraag.pk]), {"score": "5", "opmerking": ""})
    assert response.status_code == 200 and "Dank je wel" in response.content.decode()
    vraag.refresh_from_db()
    assert vraag.score == 5
    assert reverse("beleving_vraag", args=[vraag.pk]) not in client.get(reverse("werkzoekende_home")).content.decode()
    assert client.get(reverse("beleving_vraag", args=[vraag.pk])).status_code == 404


def test_someone_elses_question_is_404(client, wereld):
    vraag = _vraag_willem(wereld)
    client.force_login(wereld.werkgever_user)
    assert client.get(reverse("beleving_vraag", args=[vraag.pk])).status_code == 404
    assert client.post(reverse("beleving_vraag", args=[vraag.pk]), {"score": "1"}).status_code == 404
    vraag.refresh_from_db()
    assert vraag.score is None


def test_a_question_asked_by_mail_before_the_account_shows_in_the_portal_later(client, wereld):
    """Asked at the intake (no account yet, mail); the werkzoekende logs in later and finds it there too."""
    from accounts.tests.factories import WerkzoekendeUserFactory
    from werkzoekenden.tests.factories import KandidaatFactory

    kandidaat = KandidaatFactory(klantmanager=wereld.klantmanager, contactvoorkeur=Contactvoorkeur.MAIL)
    vraag = vraag_stellen(touchpoint=Touchpoint.WZ_INTAKE, ontvanger=ontvanger_werkzoekende(kandidaat),
                          sleutel="intake", regio=kandidaat.regio)
    assert vraag.gebruiker is None
    account = WerkzoekendeUserFactory()
    kandidaat.account = account
    kandidaat.save(update_fields=["account"])
    client.force_login(account)
    assert reverse("beleving_vraag", args=[vraag.pk]) in client.get(reverse("beleving_overzicht")).content.decode()


def test_overzicht_query_count_does_not_grow(client, wereld):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(wereld.werkzoekende_user)
    url = reverse("beleving_overzicht")

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    _vraag_willem(wereld, "1")
    klein = tel()
    for i in range(2, 12):
        Belevingsvraag.objects.create(touchpoint=Touchpoint.WZ_PLAN, gebruiker=wereld.werkzoekende_user,
                                      kandidaat=wereld.kandidaat, regio=wereld.kandidaat.regio, sleutel=f"n{i}",
                                      token_hash=f"{i:064d}", verloopt_op=timezone.now() + timedelta(days=3))
    groot = tel()
    # session+user (+organisatie, regio: the header's regio; the unread meldingen count in the header), the kandidaat
    # and their Bevraagde row, the page of open questions (not full: no count, klantreis.lib.paginering.pagineer)
    assert klein == groot == 4


def test_the_home_page_question_is_the_newest_open_one_of_open_vragen(wereld):
    """``eerste_open_vraag`` (the home page's card) is ``open_vragen(...).first()``: newest first, not answered, not
    expired, also a question asked to the kandidaat before the account existed, never someone else's."""
    nu = timezone.now()
    vragen = [_vraag_willem(wereld, sleutel=str(i), nu=nu - timedelta(weeks=3 - i)) for i in range(3)]
    assert all(vragen)
    Belevingsvraag.objects.filter(pk__in=[v.pk for v in vragen]).update(verloopt_op=nu + timedelta(days=7))
    andere = KandidaatFactory()
    Belevingsvraag.objects.filter(pk=vragen[0].pk).update(gebruiker=None)  # asked by mail, before the account
    willem = wereld.werkzoekende_user

    def beide():
        return eerste_open_vraag(willem), open_vragen(willem).first()

    assert beide() == (vragen[2], vragen[2])
    Belevingsvraag.objects.filter(pk=vragen[2].pk).update(beantwoord_op=nu, score=4)
    assert beide() == (vragen[1], vragen[1])
    Belevingsvraag.objects.filter(pk=vragen[1].pk).update(verloopt_op=nu - timedelta(minutes=1))
    assert beide() == (vragen[0], vragen[0])
    Belevingsvraag.objects.filter(pk=vragen[0].pk).update(kandidaat=andere)
    assert beide() == (None, None)


def test_a_persons_open_questions_read_their_own_questions_not_the_countrys(client, wereld):
    """The home page's card, /hoe-ging-het/ and one question read the person's own questions through an index: asked to
    the account, or to the kandidaat before the account existed. "Asked to the account or to the kandidaat of the
    account" across a join made PostgreSQL read every question in the country on every home page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.plannen import leest_hoogstens

    nu = timezone.now()
    eigen = [_vraag_willem(wereld, sleutel=str(i), nu=nu - timedelta(weeks=3 - i)) for i in range(3)]
    Belevingsvraag.objects.filter(pk=eigen[0].pk).update(gebruiker=None)  # asked by mail, before the account
    Belevingsvraag.objects.filter(pk__in=[v.pk for v in eigen]).update(verloopt_op=nu + timedelta(days=7))
    # The rest of the country: questions to other people, open and answered, as many as a test can afford.
    andere = KandidaatFactory(klantmanager=wereld.klantmanager)
    Belevingsvraag.objects.bulk_create(
        Belevingsvraag(touchpoint=Touchpoint.WZ_PLAN, gebruiker=wereld.werkgever_user if i % 2 else None,
                       kandidaat=None if i % 2 else andere, regio=wereld.kandidaat.regio, sleutel=f"land:{i}",
                       token_hash=f"{i:064d}", verloopt_op=nu + timedelta(days=7), gesteld_op=nu - timedelta(hours=i),
                       beantwoord_op=nu if i % 3 == 0 else None, score=3 if i % 3 == 0 else None)
        for i in range(400))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE beleving_belevingsvraag")

    client.force_login(wereld.werkzoekende_user)
    with CaptureQueriesContext(connection) as queries:
        home = client.get(reverse("werkzoekende_home")).content.decode()
        overzicht = client.get(reverse("beleving_overzicht")).content.decode()
        assert client.get(reverse("beleving_vraag", args=[eigen[0].pk])).status_code == 200
    assert reverse("beleving_vraag", args=[eigen[2].pk]) in home
    assert all(reverse("beleving_vraag", args=[v.pk]) in overzicht for v in eigen)
    assert overzicht.count('href="/hoe-ging-het/') == 3
    if connection.vendor == "postgresql":
        leest_hoogstens(queries, "beleving_belevingsvraag", 2 * len(eigen), sorteren=True)

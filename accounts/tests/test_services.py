import re
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Rol, User, Verwerking, VerwerkingBetrokkene
from accounts.services import (
    gebruiker_uitnodigen,
    uitnodiging_accepteren,
    verlopen_uitnodigingen_opruimen,
    verwerking_registreer,
    verwerkingen_registreer,
)
from accounts.tests.factories import OrganisatieFactory, regio
from conftest import logregel_queries
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db(transaction=False)


def _nodig_uit(wereld, django_capture_on_commit_callbacks, **extra):
    velden = dict(
        door=wereld.beheerder, email="Nieuwe.Klantmanager@Gemeente.nl", rol=Rol.KLANTMANAGER,
        voornaam="Nina", achternaam="Nieuw", organisatie=wereld.klantmanager.organisatie, regio=regio("AM07"),
    )
    velden.update(extra)
    with django_capture_on_commit_callbacks(execute=True):
        return gebruiker_uitnodigen(**velden)


def test_invitation_creates_account_without_password_and_mails_link(wereld, django_capture_on_commit_callbacks):
    nieuw = _nodig_uit(wereld, django_capture_on_commit_callbacks)
    assert nieuw.email == "nieuwe.klantmanager@gemeente.nl"
    assert not nieuw.has_usable_password()
    assert nieuw.uitgenodigd_door == wereld.beheerder
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["nieuwe.klantmanager@gemeente.nl"]
    assert "/uitnodiging/" in bericht.body
    assert bericht.alternatives and bericht.alternatives[0][1] == "text/html"
    assert Verwerking.objects.filter(object_id=str(nieuw.pk), actie=Verwerking.Actie.AANMAKEN).exists()


def test_no_mail_when_the_transaction_rolls_back(wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                gebruiker_uitnodigen(
                    door=wereld.beheerder, email="x@y.nl", rol=Rol.ACCOUNTMANAGER,
                    organisatie=wereld.accountmanager.organisatie, regio=regio("AM07"),
                )
                raise RuntimeError("iets anders ging mis")
    assert mail.outbox == []
    assert not User.objects.filter(email="x@y.nl").exists()


@pytest.mark.parametrize(
    "uitnodiger,rol",
    [("accountmanager", Rol.KLANTMANAGER), ("klantmanager", Rol.WERKGEVER), ("werkgever_user", Rol.WERKZOEKENDE),
     ("werkzoekende_user", Rol.WERKZOEKENDE), ("accountmanager", Rol.BEHEERDER)],
)
def test_only_the_right_people_invite_a_role(wereld, uitnodiger, rol):
    with pytest.raises(PermissionError):
        gebruiker_uitnodigen(door=getattr(wereld, uitnodiger), email="a@b.nl", rol=rol)


def test_double_email_is_refused(wereld):
    with pytest.raises(ValidationError):
        gebruiker_uitnodigen(
            door=wereld.beheerder, email=wereld.klantmanager.email.upper(), rol=Rol.KLANTMANAGER,
            organisatie=wereld.klantmanager.organisatie, regio=regio("AM07"),
        )


def test_role_and_organisation_must_fit(wereld):
    with pytest.raises(ValidationError) as exc:
        gebruiker_uitnodigen(
            door=wereld.beheerder, email="km@wsp.nl", rol=Rol.KLANTMANAGER,
            organisatie=OrganisatieFactory(soort="wsp", gemeente=None, regio=regio("AM02")), regio=regio("AM02"),
        )
    assert "organisatie" in exc.value.message_dict


def test_accepting_sets_password_and_verifies_email(wereld, django_capture_on_commit_callbacks):
    nieuw = _nodig_uit(wereld, django_capture_on_commit_callbacks)
    uitnodiging_accepteren(gebruiker=nieuw, wachtwoord="Een-goed-wachtwoord-42")
    nieuw.refresh_from_db()
    assert nieuw.check_password("Een-goed-wachtwoord-42")
    assert nieuw.emailaddress_set.get().verified


def test_expired_unused_invitations_are_removed(wereld, django_capture_on_commit_callbacks):
    oud = _nodig_uit(wereld, django_capture_on_commit_callbacks, email="oud@gemeente.nl")
    geaccepteerd = _nodig_uit(wereld, django_capture_on_commit_callbacks, email="wel@gemeente.nl")
    uitnodiging_accepteren(gebruiker=geaccepteerd, wachtwoord="Een-goed-wachtwoord-42")
    vers = _nodig_uit(wereld, django_capture_on_commit_callbacks, email="vers@gemeente.nl")
    later = timezone.now() + timedelta(days=8)
    User.objects.filter(pk=vers.pk).update(uitgenodigd_op=later - timedelta(days=1))
    assert verlopen_uitnodigingen_opruimen(nu=later) == 1
    assert not User.objects.filter(pk=oud.pk).exists()
    assert User.objects.filter(pk__in=[geaccepteerd.pk, vers.pk]).count() == 2
    assert Verwerking.objects.filter(object_id=str(oud.pk), actie=Verwerking.Actie.VERWIJDEREN).exists()


def test_verwerkingenlog_is_append_only(wereld):
    regel = verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="dossier")
    assert regel.gebruiker_omschrijving.startswith("Karin Klant")
    with pytest.raises(PermissionError):
        regel.save()
    with pytest.raises(PermissionError):
        regel.delete()
    with pytest.raises(PermissionError):
        Verwerking.objects.filter(pk=regel.pk).update(doel="anders")
    with pytest.raises(PermissionError):
        Verwerking.objects.all().delete()


def test_a_line_with_its_betrokkenen_is_stored_as_returned_in_a_fixed_number_of_queries(wereld):
    """What ``verwerking_vastleggen`` returns is what the database holds, field for field, with one betrokkene per
    person (each once); on PostgreSQL line and betrokkenen are one statement, elsewhere two."""
    anderen = KandidaatFactory.create_batch(3, klantmanager=wereld.klantmanager)
    personen = [wereld.kandidaat, *anderen, anderen[0], None]
    ContentType.objects.get_for_model(wereld.kandidaat)  # from the cache, as on every page after the first
    with CaptureQueriesContext(connection) as ctx:
        regel = verwerkingen_registreer(gebruiker=wereld.klantmanager, actie="inzien", objecten=personen,
                                        doel="caseload", wat="caseload")
    assert len(ctx.captured_queries) == logregel_queries()
    opgeslagen = Verwerking.objects.get(pk=regel.pk)
    velden = [v.attname for v in Verwerking._meta.concrete_fields]
    assert {v: getattr(opgeslagen, v) for v in velden} == {v: getattr(regel, v) for v in velden}
    assert (opgeslagen.rol, opgeslagen.actie, opgeslagen.object_id, opgeslagen.object_omschrijving) == (
        "klantmanager", "inzien", "", "4 personen")
    assert opgeslagen.organisatie == wereld.klantmanager.organisatie.naam
    assert sorted(VerwerkingBetrokkene.objects.filter(verwerking=regel).values_list("object_id", "omschrijving")) == \
        sorted((str(k.pk), str(k)) for k in [wereld.kandidaat, *anderen])
    assert not regel._state.adding and regel._state.db == "default"


def test_a_line_written_in_a_transaction_that_fails_is_gone_with_it(wereld):
    """Inside the caller's transaction the line is part of it: rolled back with the change it logged."""
    voor = Verwerking.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        verwerking_registreer(gebruiker=wereld.klantmanager, actie="wijzigen", obj=wereld.kandidaat, doel="x")
        raise RuntimeError("de wijziging mislukt")
    assert Verwerking.objects.count() == voor


def test_database_refuses_to_rewrite_the_log(wereld):
    """Also the database itself (trigger), for code that bypasses the model."""
    regel = verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="dossier")
    tabel = Verwerking._meta.db_table
    # A line younger than the minimum bewaartermijn can be neither changed nor deleted (migration 0008).
    statements = [f"UPDATE {tabel} SET doel = 'x' WHERE id = %s", f"DELETE FROM {tabel} WHERE id = %s"]
    for sql in statements:
        with pytest.raises((IntegrityError, InternalError, OperationalError)):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [regel.pk])
    regel.refresh_from_db()
    assert regel.doel == "dossier"


def test_deleting_an_account_keeps_its_log_lines(wereld):
    verwerking_registreer(gebruiker=wereld.vreemde_klantmanager, actie="inzien", obj=wereld.kandidaat, doel="x")
    pk = wereld.vreemde_klantmanager.pk
    wereld.vreemde_klantmanager.delete()
    regel = Verwerking.objects.get(gebruiker_id=pk)
    assert re.search(r"\(Klantmanager\)$", regel.gebruiker_omschrijving)


def test_password_rules_are_dutch_and_speak_to_every_reader():
    """Django's own Dutch texts say "Uw wachtwoord ..."; a werkzoekende reads "je" everywhere."""
    teksten = " ".join(password_validators_help_texts())
    assert teksten.startswith("Het wachtwoord") and " uw " not in f" {teksten.lower()} "
    for fout_wachtwoord, verwacht in (("kort1", "te kort"), ("1234567890", "alleen uit cijfers"),
                                      ("wachtwoord", "te vaak gebruikt")):
        with pytest.raises(ValidationError) as exc:
            validate_password(fout_wachtwoord)
        assert any(verwacht in m for m in exc.value.messages), exc.value.messages

"""One function per e-mail of the werkgeversreis; all leave via Celery after commit."""

from django.urls import reverse
from django.utils import timezone, translation

from accounts.emails import queue_email
from accounts.models import Rol, User
from accounts.selectors import van_gedeactiveerd_account, werkgevermensen, wsp_van_regio
from klantreis.lib import datums
from klantreis.lib.werktijd import uiterlijk_tekst
from werkgevers.models import Verzoekaanvulling


def werkgever_contactadres(werkgever, mensen=()):
    """The company's contact address, unless it is that of a deactivated account (the contactpersoon left and her
    account was closed, but the company record still names her): she no longer gets the company's mail. ``mensen``:
    the addresses of the company's active people (lower case); their address needs no further look-up."""
    adres = (werkgever.contactpersoon_email or "").strip()
    if not adres or (adres.lower() not in mensen and van_gedeactiveerd_account(adres)):
        return ""
    return adres


def werkgever_adressen(werkgever):
    """The company's contactpersoon (not a deactivated account's address) and everyone of the company with an
    active account."""
    adressen = list(
        werkgevermensen(werkgever.organisatie_id).values_list("email", flat=True)
    )
    if contact := werkgever_contactadres(werkgever, {a.lower() for a in adressen}):
        adressen.append(contact)
    return adressen


def werkgever_aanhef(werkgever):
    """[(address, name to greet)] for the addresses of ``werkgever_adressen``: a colleague with an account by his own
    name, the contactpersoon by hers ("" when not known); an address once. One mail to everyone opened with "Beste
    Ria van Dam", also in the inbox of her colleague Piet."""
    namen = {}
    for email, voornaam, achternaam in werkgevermensen(werkgever.organisatie_id).values_list(
            "email", "voornaam", "achternaam"):
        namen.setdefault(email.lower(), (email, f"{voornaam} {achternaam}".strip()))
    if contact := werkgever_contactadres(werkgever, namen):
        namen.setdefault(contact.lower(), (contact, werkgever.contactpersoon_naam))
    return list(namen.values())


def _regio_accountmanagers(regio_id):
    return list(User.objects.filter(rol=Rol.ACCOUNTMANAGER, regio_id=regio_id, is_active=True)
                .values_list("email", flat=True))


def _uiterlijk(deadline):
    """"uiterlijk maandag 12:00", always in Dutch: the werkgever's mail is written in Dutch."""
    with translation.override("nl"):
        return uiterlijk_tekst(deadline)


def verzoek_ontvangen(*, email, contactpersoon, telefoon, vraag, deadline, accountmanager=None):
    """The confirmation to the address typed. Built from what was typed and the deadline only, so that it reads the
    same whatever the WSP knows of the company; ``accountmanager`` only when she took the call herself."""
    queue_email(
        to=[email], subject="We bellen u binnen één werkdag",
        template="emails/werkgevers/verzoek_ontvangen",
        context={"contactpersoon": contactpersoon, "telefoon": telefoon, "vraag": vraag, "am": accountmanager,
                 "deadline": timezone.localtime(deadline), "uiterlijk": _uiterlijk(deadline)},
    )


def verzoek_nieuw(verzoek):
    ontvangers = [verzoek.accountmanager.email] if verzoek.accountmanager_id else _regio_accountmanagers(verzoek.regio_id)
    queue_email(
        to=ontvangers, subject=f"Nieuw verzoek van {verzoek.werkgever.naam}: bellen vóór "
        f"{datums.in_mail(datums.datum_tijd, verzoek.deadline)}",
        template="emails/werkgevers/verzoek_nieuw",
        context={"verzoek": verzoek, "deadline": timezone.localtime(verzoek.deadline),
                 "link": reverse("verzoek_detail", args=[verzoek.pk])},
    )


def verzoek_aangevuld(aanvulling):
    """Another question came in for an open verzoek: its accountmanager, or the region's queue, hears it. One mail a
    day per verzoek (the form is public): later ones are on the verzoek's page."""
    verzoek = aanvulling.verzoek
    ontvangers = ([verzoek.accountmanager.email] if verzoek.accountmanager_id
                  else _regio_accountmanagers(verzoek.regio_id))
    queue_email(
        to=ontvangers, subject=f"Nog een vraag bij het verzoek van {verzoek.werkgever.naam}",
        template="emails/werkgevers/verzoek_aangevuld",
        context={"verzoek": verzoek, "aanvulling": aanvulling, "deadline": timezone.localtime(verzoek.deadline),
                 "link": reverse("verzoek_detail", args=[verzoek.pk])},
        sleutel=f"werkgevers.verzoek-aangevuld:{verzoek.pk}:{timezone.localdate().isoformat()}",
    )


def verzoek_niet_bereikbaar(vrager, *, regio_id):
    """A verzoek was closed because its asker could not be reached: they hear that we tried, on which number, and
    how to reach the Werkgeversservicepunt of the region (its phone and mail, as the other mails to outsiders name
    it) or to ask again through the form. ``vrager``: the verzoek, or a question added to it that was closed with it
    (``Verzoekaanvulling``: its asker was promised a call too). Built from what was typed, like the confirmation, so it
    reads the same whatever the WSP knows of the company."""
    wsp = wsp_van_regio(regio_id)
    soort = "aanvulling" if isinstance(vrager, Verzoekaanvulling) else "verzoek"
    queue_email(
        to=[vrager.email], subject="We konden u niet bereiken over uw vraag",
        template="emails/werkgevers/verzoek_niet_bereikbaar",
        context={"contactpersoon": vrager.contactpersoon, "telefoon": vrager.telefoon, "vraag": vrager.vraag,
                 "ontvangen_op": timezone.localtime(vrager.ontvangen_op),
                 "wsp_naam": wsp.naam if wsp else "", "wsp_telefoon": wsp.telefoon if wsp else "",
                 "wsp_email": wsp.email if wsp else "", "formulier": reverse("verzoek_indienen")},
        sleutel=f"werkgevers.verzoek-niet-bereikbaar:{soort}:{vrager.pk}",
    )


def verzoek_herinnering(verzoek):
    ontvangers = [verzoek.accountmanager.email] if verzoek.accountmanager_id else _regio_accountmanagers(verzoek.regio_id)
    queue_email(
        to=ontvangers, subject=f"Herinnering: bel {verzoek.werkgever.naam} vóór "
        f"{datums.in_mail(datums.datum_tijd, verzoek.deadline)}",
        template="emails/werkgevers/verzoek_herinnering",
        context={"verzoek": verzoek, "deadline": timezone.localtime(verzoek.deadline),
                 "link": reverse("verzoek_detail", args=[verzoek.pk])},
    )


def verzoek_escalatie(verzoek):
    coordinatoren = list(User.objects.filter(rol=Rol.ACCOUNTMANAGER, regio_id=verzoek.regio_id, is_coordinator=True,
                                             is_active=True).values_list("email", flat=True))
    wsp = verzoek.regio.organisaties.filter(soort="wsp").values_list("email", flat=True).first()
    ontvangers = coordinatoren + ([wsp] if wsp else [])
    if not ontvangers:  # a region without coordinators: every accountmanager of the region
        ontvangers = _regio_accountmanagers(verzoek.regio_id)
    queue_email(
        to=ontvangers, subject=f"Te laat: {verzoek.werkgever.naam} is niet binnen één werkdag gebeld",
        template="emails/werkgevers/verzoek_escalatie",
        context={"verzoek": verzoek, "deadline": timezone.localtime(verzoek.deadline),
                 "link": reverse("verzoek_detail", args=[verzoek.pk])},
    )


def accountmanager_gewijzigd(werkgever, *, vorige):
    for adres, aanhef in werkgever_aanhef(werkgever):
        queue_email(
            to=[adres], subject="Uw vaste contactpersoon bij het Werkgeversservicepunt",
            template="emails/werkgevers/accountmanager_gewijzigd",
            context={"werkgever": werkgever, "am": werkgever.accountmanager, "vorige": vorige, "aanhef": aanhef},
        )


def afspraak_bevestiging(afspraak):
    for adres, aanhef in werkgever_aanhef(afspraak.werkgever):
        queue_email(
            to=[adres], subject="Bevestiging van onze afspraak", template="emails/werkgevers/afspraak_bevestiging",
            context={"afspraak": afspraak, "werkgever": afspraak.werkgever, "am": afspraak.vastgelegd_door,
                     "aanhef": aanhef},
        )


def vacature_nog_actueel(vacature):
    queue_email(
        to=werkgever_adressen(vacature.werkgever), subject=f"Is uw vacature {vacature.titel} nog open?",
        template="emails/werkgevers/vacature_nog_actueel",
        context={"vacature": vacature, "link": reverse("vacature_detail", args=[vacature.pk]),
                 "am": vacature.werkgever.accountmanager},
    )


def collega_heeft_al_toegang(*, collega, door, werkgever):
    """Someone of the company invited a colleague who already logs in: nothing changes, the colleague hears where to
    log in and how to choose a new password (the usual reason for asking again)."""
    queue_email(
        to=[collega.email], subject="U heeft al toegang tot het portaal",
        template="emails/werkgevers/collega_heeft_al_toegang",
        context={"collega": collega, "door": door, "werkgever": werkgever, "inloggen": reverse("account_login"),
                 "wachtwoord": reverse("account_reset_password")},
        sleutel=_een_per_dag("al-toegang", werkgever),
    )


def toegang_geprobeerd(*, gebruiker, door, werkgever, wsp):
    """Someone of ``werkgever`` invited an address that has an account of another role or organisation: that account
    is left as it was, and its owner hears who tried, that they may ignore it, and whom to ask (``wsp``: the
    Werkgeversservicepunt of the werkgever's region, or None). The werkgever is never told. One a day per company."""
    queue_email(
        to=[gebruiker.email],
        subject=("Iemand probeerde je toegang te geven tot het portaal" if gebruiker.leest_je
                 else "Iemand probeerde u toegang te geven tot het portaal"),
        template="emails/werkgevers/toegang_geprobeerd",
        context={"gebruiker": gebruiker, "door": door, "werkgever": werkgever, "wsp": wsp},
        sleutel=_een_per_dag("toegang-geprobeerd", werkgever),
    )


def _een_per_dag(soort, werkgever):
    """At most one such mail a day per company to an address (the outbox's key is per recipient): trying the same
    address again and again does not flood its owner."""
    return f"werkgevers.{soort}:{werkgever.pk}:{timezone.localdate().isoformat()}"

"""Every write of the werkgeversreis. Each transition runs in one transaction, locks its row, writes
a tijdlijnregel, and queues its e-mails for after the commit."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop, ngettext

from accounts.emails import uitnodiging_email
from accounts.models import Collegauitnodiging, Organisatie, Rol, User, Verwerking
from accounts.selectors import account_met_adres, gemeente_voor_postcode, wsp_van_regio
from accounts.services import gebruiker_opslaan, gebruiker_uitnodigen, verwerking_registreer
from klantreis.lib import datums
from klantreis.lib.claim import claim, claim_rijen
from klantreis.lib.postcode import normaliseer_postcode
from klantreis.lib.werktijd import binnen_een_werkdag, na_werkuren
from outbox.services import gebeurtenis_vastleggen
from werkgevers import emails
from werkgevers.models import (
    VERVAL_TERMIJN,
    AccountmanagerToewijzing,
    Afspraak,
    Bedrijfsbezoek,
    Tijdlijnregel,
    Vacature,
    Verzoek,
    Verzoekaanvulling,
    Vestiging,
    Werkgever,
)

# The promise is "binnen één werkdag" in werkuren (klantreis.lib.werktijd); the reminder comes 4 werkuren before.
HERINNERING_VOOR_DEADLINE = timedelta(hours=4)

# Journey events of this app (the apps above react to them; see docs/architecture.md).
# The first contact after a verzoek (payload ``verzoek_id``, ``werkgever_id``) and a kennismaking op locatie
# (``bezoek_id``, ``werkgever_id``): beleving asks the werkgever "Hoe ging dit?".
CONTACT_OPGENOMEN = "werkgevers.contact_opgenomen"
BEZOEK_VASTGELEGD = "werkgevers.bezoek_vastgelegd"
# A beheerder moved a werkgever to another arbeidsmarktregio (``werkgever_id``): what is kept per region of the
# werkgever (plaatsingen) follows it.
WERKGEVER_REGIO_GEWIJZIGD = "werkgevers.regio_gewijzigd"
# A vacature was opened, the first time or again (``vacature_id``, ``werkgever_id``, ``heropend``): when the
# werkgever did it himself, his accountmanager hears of it and gets a task to look for kandidaten.
VACATURE_GEOPEND = "werkgevers.vacature_geopend"
# A vacature was marked vervuld or closed (``vacature_id``, ``werkgever_id``, ``status``): the voordrachten still
# open on it stop (bemiddeling), and the kandidaten, their klantmanagers and the accountmanager hear why.
VACATURE_GESLOTEN = "werkgevers.vacature_gesloten"
# The werkgever has another vaste accountmanager (``werkgever_id``, ``van_id``: the previous one, ``naar_id``): the open
# work about the werkgever follows (taken), and both accountmanagers hear it (meldingen).
ACCOUNTMANAGER_GEWIJZIGD = "werkgevers.accountmanager_gewijzigd"


def geopend_voor_accountmanager(gebeurtenis):
    """For the reactions to ``VACATURE_GEOPEND`` (a melding and a task): the vacature, its werkgever's accountmanager
    and what she reads; (None, None, None) when there is nobody to tell (no accountmanager, she opened it herself, or
    it is no longer open)."""
    vacature = Vacature.objects.select_related("werkgever__accountmanager").filter(
        pk=gebeurtenis.gegevens["vacature_id"]).first()
    if vacature is None or vacature.status != Vacature.Status.OPEN:
        return None, None, None
    am = vacature.werkgever.accountmanager
    if am is None or am.pk == gebeurtenis.door_id:
        return None, None, None
    tekst = (_("%(w)s heeft de vacature %(t)s weer opengezet. Zoek kandidaten die passen.")
             if gebeurtenis.gegevens.get("heropend")
             else _("Nieuwe vacature van %(w)s: %(t)s. Zoek kandidaten die passen.")) % {
        "w": vacature.werkgever.naam, "t": vacature.titel}
    return vacature, am, tekst


def werkgever_regio_gewijzigd(*, werkgever: Werkgever, door: User) -> None:
    """Call in the transaction that saved the werkgever's new ``regio``: the apps that keep the region with their
    rows (plaatsingen) follow it after commit."""
    gebeurtenis_vastleggen(WERKGEVER_REGIO_GEWIJZIGD, door=door, werkgever_id=werkgever.pk)


# Longer than this without contact, and "Mijn werkgevers" says so: the werkgever should not have to chase the WSP.
CONTACT_TERMIJN = timedelta(days=90)


def contact_gehad(*, werkgever_id, op):
    """The WSP had contact with the werkgever on ``op`` (a date or a moment): "laatste contact" moves forward only,
    so an older visit recorded later does not hide a newer contact."""
    dag = op if not isinstance(op, datetime) else timezone.localdate(op)
    Werkgever.objects.filter(Q(laatste_contact_op__lt=dag) | Q(laatste_contact_op__isnull=True),
                             pk=werkgever_id).update(laatste_contact_op=dag)


def tijdlijn(werkgever, soort, tekst, *, door=None, voor_werkgever=True):
    """A line on the werkgever's tijdlijn. Both sides read it later, in whatever language they read the portal:
    ``tekst`` is Dutch (a ``gettext_noop`` text, or one made under ``translation.override(settings.LANGUAGE_CODE)``),
    never the language of the person who acted."""
    return Tijdlijnregel.objects.create(
        werkgever=werkgever, soort=soort, tekst=tekst[:500], door=door, voor_werkgever=voor_werkgever
    )


# --- verzoek and the 24-hour promise ---------------------------------------------------------


def verzoek_indienen(
    *,
    bedrijfsnaam: str,
    kvk_nummer: str,
    adres: str,
    postcode: str,
    plaats: str,
    sector: str,
    aantal_medewerkers: int,
    contactpersoon: str,
    telefoon: str,
    email: str,
    vraag: str,
    kanaal: str,
    geregistreerd_door: User | None = None,
) -> Verzoek:
    """A werkgever asks for help. A known KvK-nummer links to the existing werkgever; a new one
    becomes a werkgever with its vestiging. The clock of the promise starts now: the deadline is one werkdag
    of werkuren later (``klantreis.lib.werktijd.binnen_een_werkdag``).

    A call registered by an accountmanager of the verzoek's region is hers at once, as if she picked it up from
    the queue (``verzoek_oppakken``, in this transaction): the queue never sees it and nobody is mailed about a
    new verzoek. The werkgever's vaste accountmanager keeps his own; another region's verzoek stays in that
    region's queue."""
    postcode = normaliseer_postcode(postcode)
    gemeente = gemeente_voor_postcode(postcode)
    if gemeente is None:
        raise ValidationError({"postcode": _("Deze postcode kennen we niet. Controleer de vier cijfers.")})
    nu = timezone.now()
    with transaction.atomic():
        werkgever = Werkgever.objects.select_for_update().filter(kvk_nummer=kvk_nummer).first()
        if werkgever is None:
            organisatie = Organisatie.objects.create(
                naam=bedrijfsnaam, soort=Organisatie.Soort.WERKGEVER, regio=gemeente.regio, gemeente=gemeente,
                telefoon=telefoon, email=email,
            )
            werkgever = Werkgever.objects.create(
                organisatie=organisatie, naam=bedrijfsnaam, kvk_nummer=kvk_nummer, sector=sector,
                aantal_medewerkers=aantal_medewerkers, regio=gemeente.regio, gemeente=gemeente,
                contactpersoon_naam=contactpersoon, contactpersoon_telefoon=telefoon, contactpersoon_email=email,
            )
            Vestiging.objects.create(werkgever=werkgever, adres=adres, postcode=postcode, plaats=plaats,
                                     gemeente=gemeente)
        elif open_verzoek := werkgever.verzoeken.filter(status=Verzoek.Status.NIEUW).order_by("pk").first():
            if geregistreerd_door is not None:  # the accountmanager typing in a call: "je", not the werkgever's "u"
                raise ValidationError(_("Voor dit KvK-nummer loopt al een verzoek. Je vindt het bij de verzoeken: "
                                        "bel de werkgever uiterlijk binnen één werkdag na dat eerste verzoek."))
            _verzoek_aanvullen(verzoek=open_verzoek, nu=nu, bedrijfsnaam=bedrijfsnaam, contactpersoon=contactpersoon,
                               telefoon=telefoon, email=email, vraag=vraag)
            return open_verzoek
        verzoek = Verzoek.objects.create(
            werkgever=werkgever, regio=werkgever.regio, accountmanager=werkgever.accountmanager, kanaal=kanaal,
            contactpersoon=contactpersoon, telefoon=telefoon, email=email, vraag=vraag, ontvangen_op=nu,
            deadline=binnen_een_werkdag(nu), geregistreerd_door=geregistreerd_door,
        )
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            tijdlijn(werkgever, Tijdlijnregel.Soort.VERZOEK,
                     _("Verzoek om hulp ontvangen (%(kanaal)s): %(vraag)s") % {"kanaal": verzoek.get_kanaal_display(),
                                                                             "vraag": vraag[:300]},
                     door=geregistreerd_door)
        opgepakt = (geregistreerd_door is not None and geregistreerd_door.rol == Rol.ACCOUNTMANAGER
                    and verzoek.accountmanager_id is None and geregistreerd_door.regio_id == verzoek.regio_id)
        if opgepakt:
            verzoek = verzoek_oppakken(verzoek=verzoek, accountmanager=geregistreerd_door,
                                       reden=gettext_noop("Telefonisch verzoek aangenomen"))
        emails.verzoek_ontvangen(
            email=email, contactpersoon=contactpersoon, telefoon=telefoon, vraag=vraag, deadline=verzoek.deadline,
            accountmanager=verzoek.accountmanager if kanaal == Verzoek.Kanaal.TELEFOON else None,
        )
        if not opgepakt:
            emails.verzoek_nieuw(verzoek)
    return verzoek


# The same question of the same asker this soon after the first is the form sent twice, not a second question.
DUBBEL_BINNEN = timedelta(minutes=5)


def _vraag_van(email, contactpersoon, telefoon, vraag):
    """Who asked what, as typed differently by the same hand: case, spaces, a phone's dashes."""
    return ((email or "").strip().lower(), " ".join((contactpersoon or "").split()).lower(),
            "".join(c for c in telefoon or "" if c.isdigit()), " ".join((vraag or "").split()))


def _verzoek_aanvullen(*, verzoek: Verzoek, nu, bedrijfsnaam, contactpersoon, telefoon, email, vraag):
    """The public form for a company whose verzoek is still open (called inside ``verzoek_indienen``'s transaction,
    with the werkgever locked). Whoever typed it gets the answer a first verzoek gets: the same page and the same
    mail, with a deadline one werkdag from now (true: the open verzoek's own is earlier). Telling them a verzoek is
    open would tell anyone who knows a KvK-nummer, a public number, that the company asked the WSP for help (of an
    eenmanszaak: that a person did). The question is added to the open verzoek, not a second one in the queue; its
    accountmanager, or the region's queue, hears of it. The tijdlijn line is for staff: the asker is not verified,
    and the werkgever's own people see only what they themselves asked. The same asker (name, e-mail, phone) with the
    same question within ``DUBBEL_BINNEN`` (a double click, a page sent again) is kept once: no second line, mail or
    question to call about."""
    kort_geleden = nu - DUBBEL_BINNEN
    deze = _vraag_van(email, contactpersoon, telefoon, vraag)
    eerder = list(verzoek.aanvullingen.filter(ontvangen_op__gte=kort_geleden).values_list(
        "email", "contactpersoon", "telefoon", "vraag"))
    if verzoek.ontvangen_op >= kort_geleden:
        eerder.append((verzoek.email, verzoek.contactpersoon, verzoek.telefoon, verzoek.vraag))
    if any(_vraag_van(*gevraagd) == deze for gevraagd in eerder):
        return
    aanvulling = Verzoekaanvulling.objects.create(
        verzoek=verzoek, ontvangen_op=nu, bedrijfsnaam=bedrijfsnaam, contactpersoon=contactpersoon,
        telefoon=telefoon, email=email, vraag=vraag,
    )
    tijdlijn(verzoek.werkgever, Tijdlijnregel.Soort.VERZOEK,
             gettext_noop("Nog een vraag bij het open verzoek, van %(naam)s: %(vraag)s") % {"naam": contactpersoon,
                                                                              "vraag": vraag[:300]},
             voor_werkgever=False)
    emails.verzoek_ontvangen(email=email, contactpersoon=contactpersoon, telefoon=telefoon, vraag=vraag,
                             deadline=binnen_een_werkdag(nu), accountmanager=None)
    emails.verzoek_aangevuld(aanvulling)


def verzoek_oppakken(*, verzoek: Verzoek, accountmanager: User, reden: str = "") -> Verzoek:
    """Take a verzoek from the region's queue; a werkgever without a vaste accountmanager gets this one."""
    with transaction.atomic():
        verzoek, werkgever = _vergrendeld(verzoek)
        if not verzoek.is_open:
            raise ValidationError(_afgehandeld(verzoek))
        if verzoek.accountmanager_id and verzoek.accountmanager_id != accountmanager.pk:
            raise ValidationError(_("Dit verzoek is al opgepakt door %(naam)s.") % {"naam": verzoek.accountmanager})
        verzoek.accountmanager = accountmanager
        verzoek.save(update_fields=["accountmanager"])
        if werkgever.accountmanager_id is None:
            accountmanager_toewijzen(werkgever=werkgever, accountmanager=accountmanager, door=accountmanager,
                                     reden=reden or gettext_noop("Verzoek opgepakt uit de wachtrij"), verzoek=verzoek)
    return verzoek


def verzoek_contact_opgenomen(*, verzoek: Verzoek, door: User, notitie: str, gebeld=()) -> Verzoek:
    """Stops the 24-hour clock. Each question asked again through the public form while it was open
    (``Verzoekaanvulling``) is accounted for: those in ``gebeld`` (ids) were called or discussed in this call; each
    other becomes a verzoek of its own in the queue (``_vervolgverzoek``), as whoever asked was promised a call within
    one werkdag and only the day's first question was mailed."""
    with transaction.atomic():
        verzoek, werkgever = _vergrendeld(verzoek)
        if not verzoek.is_open:
            raise ValidationError(_afgehandeld(verzoek))
        verzoek.status = Verzoek.Status.CONTACT
        verzoek.contact_opgenomen_op = timezone.now()
        verzoek.contact_opgenomen_door = door
        verzoek.contact_notitie = notitie
        if verzoek.accountmanager_id is None:
            verzoek.accountmanager = door
        verzoek.save(update_fields=["status", "contact_opgenomen_op", "contact_opgenomen_door", "contact_notitie",
                                    "accountmanager"])
        if werkgever.accountmanager_id is None:
            accountmanager_toewijzen(werkgever=werkgever, accountmanager=door, door=door,
                                     reden=gettext_noop("Eerste contact opgenomen"))
        contact_gehad(werkgever_id=werkgever.pk, op=verzoek.contact_opgenomen_op)
        binnen = verzoek.contact_opgenomen_op <= verzoek.deadline
        tijdlijn(werkgever, Tijdlijnregel.Soort.CONTACT,
                 gettext_noop("Contact opgenomen door %(naam)s%(laat)s.") % {
                     "naam": door.get_full_name(),
                     "laat": "" if binnen else gettext_noop(" (na de termijn van één werkdag)")},
                 door=door)
        _aanvullingen_verantwoorden(verzoek, werkgever_id=werkgever.pk, door=door, mee=gebeld,
                                    gebeld_op=verzoek.contact_opgenomen_op)
        gebeurtenis_vastleggen(CONTACT_OPGENOMEN, door=door, verzoek_id=verzoek.pk, werkgever_id=werkgever.pk)
    return verzoek


def verzoek_sluiten(*, verzoek: Verzoek, door: User, reden: str, toelichting: str, mee=()) -> Verzoek:
    """Ends an open verzoek without contact: the asker could not be reached (``NIET_BEREIKBAAR``: they are mailed how
    to reach the WSP), or it was no question for the WSP (``GEEN_VRAAG``: spam, a werkzoekende, a wrong desk; no
    mail). The sweep stops reminding and escalating it, and the retention counts from ``gesloten_op``. Nothing was
    discussed with the werkgever: no vaste accountmanager, no "laatste contact", no "Hoe ging dit?" (so no
    ``CONTACT_OPGENOMEN``; nothing else reacts to a verzoek's end, so no event of its own). The questions added while
    it was open are accounted for as at contact: those in ``mee`` (ids) are closed with it (the same spammer), each
    other becomes a verzoek of its own (``_vervolgverzoek``): its asker was promised a call too."""
    if reden not in Verzoek.Sluitreden.values:
        raise ValidationError({"reden": _("Kies waarom je het verzoek sluit.")})
    if not (toelichting or "").strip():
        raise ValidationError({"toelichting": _("Schrijf kort wat je probeerde, of waarom dit geen vraag voor het WSP "
                                                "is.")})
    with transaction.atomic():
        verzoek, werkgever = _vergrendeld(verzoek)
        if not verzoek.is_open:
            raise ValidationError(_afgehandeld(verzoek))
        verzoek.status = Verzoek.Status.GESLOTEN
        verzoek.gesloten_op = timezone.now()
        verzoek.gesloten_door = door
        verzoek.sluitreden = reden
        verzoek.sluit_toelichting = toelichting.strip()
        if verzoek.accountmanager_id is None:
            verzoek.accountmanager = door
        verzoek.save(update_fields=["status", "gesloten_op", "gesloten_door", "sluitreden", "sluit_toelichting",
                                    "accountmanager"])
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            reden_tekst = str(verzoek.get_sluitreden_display())
        tijdlijn(werkgever, Tijdlijnregel.Soort.VERZOEK,
                 gettext_noop("Verzoek gesloten zonder contact door %(naam)s (%(reden)s): %(toelichting)s") % {
                     "naam": door.get_full_name() or door.email, "reden": reden_tekst[:1].lower() + reden_tekst[1:],
                     "toelichting": verzoek.sluit_toelichting[:300]},
                 door=door, voor_werkgever=False)
        _aanvullingen_verantwoorden(verzoek, werkgever_id=werkgever.pk, door=door, mee=mee)
        if reden == Verzoek.Sluitreden.GEEN_VRAAG:
            _toewijzing_door_oppakken_beeindigen(werkgever, verzoek)
        if reden == Verzoek.Sluitreden.NIET_BEREIKBAAR:
            # Whoever asked and is closed with it was promised a call: each address hears it once.
            gemaild = set()
            for vrager in [verzoek, *verzoek.aanvullingen.filter(pk__in=[int(pk) for pk in mee]).order_by(
                    "ontvangen_op", "pk")]:
                if (adres := vrager.email.strip().lower()) not in gemaild:
                    gemaild.add(adres)
                    emails.verzoek_niet_bereikbaar(vrager, regio_id=verzoek.regio_id)
    return verzoek


def _toewijzing_door_oppakken_beeindigen(werkgever, verzoek):
    """It was no question for the WSP (spam, a werkzoekende, a wrong desk): whoever became the werkgever's vaste
    accountmanager only by picking up this verzoek (``AccountmanagerToewijzing.verzoek``) is not any more, so the
    company does not stay among her werkgevers, to be kept in touch with. A vaste accountmanager from before, or
    assigned since, stays. Inside ``verzoek_sluiten``'s transaction, the werkgever locked."""
    toewijzing = AccountmanagerToewijzing.objects.filter(werkgever=werkgever, tot__isnull=True,
                                                         verzoek=verzoek).first()
    if toewijzing is None or werkgever.accountmanager_id != toewijzing.accountmanager_id:
        return
    # Only while this verzoek is all there is: another verzoek (a real question, or one added to this one and not
    # closed with it), a first contact, a vacature or people of the company on the portal (who were told she is their
    # vaste accountmanager) make her the werkgever's, and she stays.
    if (werkgever.laatste_contact_op is not None or werkgever.verzoeken.exclude(pk=verzoek.pk).exists()
            or werkgever.vacatures.exists() or User.objects.filter(organisatie_id=werkgever.organisatie_id).exists()):
        return
    toewijzing.tot = verzoek.gesloten_op
    toewijzing.save(update_fields=["tot"])
    werkgever.accountmanager = None
    werkgever.save(update_fields=["accountmanager"])
    tijdlijn(werkgever, Tijdlijnregel.Soort.ACCOUNTMANAGER,
             gettext_noop("%(naam)s is geen vaste accountmanager meer: het verzoek waardoor %(naam)s dat werd, was "
                          "geen vraag voor het WSP.") % {"naam": toewijzing.accountmanager.get_full_name()},
             door=verzoek.gesloten_door, voor_werkgever=False)


def _vergrendeld(verzoek):
    """``verzoek`` and its werkgever, locked in the order the public form takes them (``verzoek_indienen`` locks the
    werkgever to find its open verzoek, then adds a question to it): the werkgever first. Opposite orders deadlock
    when a question comes in while the verzoek ends. Both without KEY: a tijdlijn line written by the sweep or a
    question added meanwhile only check that the row exists, and need not wait."""
    werkgever = Werkgever.objects.select_for_update(no_key=True).get(pk=verzoek.werkgever_id)
    return Verzoek.objects.select_for_update(no_key=True).get(pk=verzoek.pk), werkgever


def _afgehandeld(verzoek):
    """Why a verzoek that is no longer open cannot be handled again, for the accountmanager who tried."""
    if verzoek.status == Verzoek.Status.GESLOTEN:
        return _("Dit verzoek is al gesloten zonder contact, door %(naam)s.") % {
            "naam": verzoek.gesloten_door.get_full_name() if verzoek.gesloten_door_id else _("een collega")}
    return _("Voor dit verzoek is het contact al geregistreerd.")


def _aanvullingen_verantwoorden(verzoek, *, werkgever_id, door, mee, gebeld_op=None):
    """When an open verzoek ends (contact or closed), each question added to it is accounted for: those in ``mee``
    (ids) ended with it (``gebeld_op``: called or discussed in the call; None: closed with it, the verzoek's status
    says so), each other becomes a verzoek of its own. Inside the caller's transaction, the verzoek and werkgever
    locked."""
    mee = {int(pk) for pk in mee}
    for aanvulling in verzoek.aanvullingen.select_for_update().filter(
            gebeld_op__isnull=True, vervolgverzoek__isnull=True).order_by("ontvangen_op", "pk"):
        if aanvulling.pk in mee:
            if gebeld_op is not None:
                aanvulling.gebeld_op = gebeld_op
                aanvulling.save(update_fields=["gebeld_op"])
        else:
            aanvulling.vervolgverzoek = _vervolgverzoek(aanvulling, werkgever_id=werkgever_id, door=door,
                                                        gesloten=gebeld_op is None)
            aanvulling.save(update_fields=["vervolgverzoek"])


def _vervolgverzoek(aanvulling, *, werkgever_id, door, gesloten=False) -> Verzoek:
    """A question added to a verzoek that has now ended (contact recorded, or ``gesloten`` without contact), and not
    ended with it: a verzoek of its own, as if it had come in when it was asked, with the deadline that asker was
    promised (past already, it escalates as any late verzoek). It goes to the werkgever's vaste accountmanager, else
    to the region's queue, and they are mailed as for any new verzoek. Inside ``_aanvullingen_verantwoorden``, the
    werkgever locked."""
    werkgever = Werkgever.objects.select_related("accountmanager").get(pk=werkgever_id)
    nieuw = Verzoek.objects.create(
        werkgever=werkgever, regio=werkgever.regio, accountmanager=werkgever.accountmanager,
        kanaal=Verzoek.Kanaal.WEBFORMULIER, contactpersoon=aanvulling.contactpersoon, telefoon=aanvulling.telefoon,
        email=aanvulling.email, vraag=aanvulling.vraag, ontvangen_op=aanvulling.ontvangen_op,
        deadline=binnen_een_werkdag(aanvulling.ontvangen_op),
    )
    tekst = (gettext_noop("Niet gesloten met het verzoek zonder contact, nu een eigen verzoek: de vraag van %(naam)s: "
                          "%(vraag)s") if gesloten
             else gettext_noop("Niet gebeld bij het eerste contact, nu een eigen verzoek: de vraag van %(naam)s: "
                               "%(vraag)s"))
    tijdlijn(werkgever, Tijdlijnregel.Soort.VERZOEK,
             tekst % {"naam": aanvulling.contactpersoon, "vraag": aanvulling.vraag[:300]},
             door=door, voor_werkgever=False)
    emails.verzoek_nieuw(nieuw)
    return nieuw


def verzoeken_van_vertrokken_accountmanager(*, accountmanager: User, ontvangen_tot=None) -> int:
    """She left, or her role or organisation changed (reaction to ``accounts.gebruiker_gewijzigd``): an open verzoek
    she had picked up would wait for someone who no longer calls. It goes to the werkgever's vaste accountmanager if
    that is someone else who still works, else back to the region's queue, announced to the region's accountmanagers
    as a new one. The deadline stands: the werkgever was promised a call within one werkdag of asking, and the sweep
    still escalates to the coordinators when nobody calls (``verzoeken_bewaken``). The verzoeken of her werkgevers
    went along with their handover already (``accountmanager_toewijzen``). ``ontvangen_tot``: only the verzoeken
    received by then (when she left; a late retry leaves what came to her after). Returns how many moved."""
    with transaction.atomic():
        # Without KEY: the public form, holding the werkgever, adds a question to such a verzoek meanwhile (its foreign
        # key only checks the verzoek exists); a full lock here, then this one's tijdlijn line on that werkgever,
        # waited for each other for ever.
        verzoeken = Verzoek.objects.select_for_update(of=("self",), no_key=True).filter(
            accountmanager=accountmanager, status=Verzoek.Status.NIEUW)
        if ontvangen_tot is not None:
            verzoeken = verzoeken.filter(ontvangen_op__lte=ontvangen_tot)
        verzoeken = list(verzoeken.select_related(
            "werkgever__accountmanager", "regio").order_by("pk"))
        naam = accountmanager.get_full_name() or accountmanager.email
        for verzoek in verzoeken:
            vaste = verzoek.werkgever.accountmanager
            if (vaste is not None and vaste.pk != accountmanager.pk and vaste.is_active
                    and vaste.rol == Rol.ACCOUNTMANAGER):
                verzoek.accountmanager = vaste
                tekst = gettext_noop("%(van)s kan het verzoek niet meer oppakken: het is nu van %(naar)s.") % {
                    "van": naam, "naar": vaste.get_full_name()}
            else:
                verzoek.accountmanager = None
                tekst = gettext_noop("%(van)s kan het verzoek niet meer oppakken: het staat weer in de wachtrij van de "
                                     "regio.") % {"van": naam}
            verzoek.save(update_fields=["accountmanager"])
            tijdlijn(verzoek.werkgever, Tijdlijnregel.Soort.VERZOEK, tekst, voor_werkgever=False)
            emails.verzoek_nieuw(verzoek)
    return len(verzoeken)


VERZOEK_BATCH = 200


def verzoeken_bewaken(*, nu=None) -> dict:
    """Celery beat, every few minutes: remind 4 werkuren before the deadline, escalate after it.

    Verzoeken are claimed in batches (their timestamp set, SKIP LOCKED on PostgreSQL) in the same
    transaction that writes their mail to the outbox, so concurrent or repeated sweeps never mail twice,
    and a sweep that was missed (worker or broker down) catches up on the next run.
    """
    nu = nu or timezone.now()
    resultaat = {"herinneringen": 0, "escalaties": 0}
    open_verzoeken = Verzoek.objects.filter(status=Verzoek.Status.NIEUW)
    te_herinneren = open_verzoeken.filter(herinnering_verstuurd_op__isnull=True,
                                          deadline__lte=na_werkuren(nu, HERINNERING_VOOR_DEADLINE), deadline__gt=nu)
    te_escaleren = open_verzoeken.filter(geescaleerd_op__isnull=True, deadline__lte=nu)
    while True:
        # Claimed in batches (SKIP LOCKED on PostgreSQL): parallel sweeps share the work, never a verzoek twice.
        with transaction.atomic():
            ids = claim_rijen(te_herinneren, aantal=VERZOEK_BATCH, volgorde=("deadline", "pk"),
                              herinnering_verstuurd_op=nu)
            for verzoek in Verzoek.objects.filter(pk__in=ids).select_related("werkgever", "accountmanager"):
                emails.verzoek_herinnering(verzoek)
            resultaat["herinneringen"] += len(ids)
        if len(ids) < VERZOEK_BATCH:
            break
    while True:
        with transaction.atomic():
            ids = claim_rijen(te_escaleren, aantal=VERZOEK_BATCH, volgorde=("deadline", "pk"), geescaleerd_op=nu)
            for verzoek in Verzoek.objects.filter(pk__in=ids).select_related("werkgever", "accountmanager", "regio"):
                tijdlijn(verzoek.werkgever, Tijdlijnregel.Soort.VERZOEK,
                         gettext_noop("Niet binnen één werkdag gebeld: doorgezet naar de coördinatoren van het WSP."),
                         voor_werkgever=False)
                emails.verzoek_escalatie(verzoek)
            resultaat["escalaties"] += len(ids)
        if len(ids) < VERZOEK_BATCH:
            break
    return resultaat


# --- vaste accountmanager --------------------------------------------------------------------


def accountmanager_toewijzen(*, werkgever: Werkgever, accountmanager: User, door: User, reden: str = "",
                             verzoek: Verzoek | None = None) -> Werkgever:
    """Exactly one vaste accountmanager at a time; the history is kept and the werkgever is told. Open verzoeken go
    to the new one at once, the open tasks about the werkgever after commit (``ACCOUNTMANAGER_GEWIJZIGD``).
    ``verzoek``: she gets the werkgever only because she picked up this verzoek (no relation yet; see
    ``AccountmanagerToewijzing.verzoek``)."""
    if accountmanager.rol != Rol.ACCOUNTMANAGER or not accountmanager.is_active:
        raise ValidationError({"accountmanager": _("Kies een actieve accountmanager.")})
    if accountmanager.regio_id != werkgever.regio_id:
        raise ValidationError({"accountmanager": _("Deze accountmanager werkt in een andere regio.")})
    with transaction.atomic():
        # Without KEY: the sweep writing a tijdlijn line for another open verzoek of this werkgever (it holds that
        # verzoek, which this updates below) must not wait for this lock, or both wait for ever.
        werkgever = Werkgever.objects.select_for_update(no_key=True).get(pk=werkgever.pk)
        if werkgever.accountmanager_id == accountmanager.pk:
            return werkgever
        vorige = werkgever.accountmanager
        nu = timezone.now()
        AccountmanagerToewijzing.objects.filter(werkgever=werkgever, tot__isnull=True).update(tot=nu)
        AccountmanagerToewijzing.objects.create(
            werkgever=werkgever, accountmanager=accountmanager, van=nu, toegewezen_door=door, reden=reden,
            verzoek=verzoek,
        )
        werkgever.accountmanager = accountmanager
        werkgever.save(update_fields=["accountmanager"])
        # Open verzoeken follow the werkgever to the new contactpersoon.
        werkgever.verzoeken.filter(status=Verzoek.Status.NIEUW).update(accountmanager=accountmanager)
        tijdlijn(werkgever, Tijdlijnregel.Soort.ACCOUNTMANAGER,
                 gettext_noop("%(naam)s is uw vaste accountmanager.") % {"naam": accountmanager.get_full_name()},
                 door=door)
        emails.accountmanager_gewijzigd(werkgever, vorige=vorige)
        if vorige is not None:
            gebeurtenis_vastleggen(ACCOUNTMANAGER_GEWIJZIGD, door=door, werkgever_id=werkgever.pk, van_id=vorige.pk,
                                   naar_id=accountmanager.pk)
    return werkgever


# --- de mensen van de werkgever in het portaal ----------------------------------------------


def _begin_van_vandaag(nu):
    return timezone.make_aware(datetime.combine(timezone.localdate(nu), time.min))


def collega_uitnodigen(*, werkgever: Werkgever, door: User, email: str, voornaam: str, achternaam: str,
                       telefoon: str = "") -> Collegauitnodiging:
    """A werkgever's person gives a colleague of the company access: who takes over when the contactpersoon leaves
    needs no one at the WSP for it. The accountmanager reads it on the tijdlijn.

    The page answers every address alike ("we sent an e-mail"), and every invitation is listed there as open
    (``selectors.open_collegauitnodigingen``) until it is answered, withdrawn or expires: the form must not tell
    anyone whether an address has an account on the portal (it could be a werkzoekende, a client of the gemeente or
    UWV: AVG). Behind that one answer, by what the address is:

    - no account: a werkgever's account for the company, without a password, and the invitation mail with the link
      to choose one (``gebruiker_uitnodigen``);
    - a werkgever's account of this company whose access was withdrawn (by mistake, or the colleague came back): the
      same account comes back with the names typed, its old password stops working, and a new invitation link;
    - an active account of this company that was invited and never chose a password (the mail got lost, the link
      expired): a new invitation link and a new term before the sweep of unused invitations (whether the names
      typed replace the account's: ``_collega_opnieuw_uitnodigen``);
    - an active account of this company with a password: nothing changes; the colleague gets a mail that they
      have access already, with the links to log in and to choose a new password;
    - an account of another role (a werkzoekende, staff) or of another company, active or not, by its login or as
      its verified second address: nothing changes on it; its owner gets a mail that someone of this werkgever
      tried to give them access, that they may ignore it, and whom at the WSP to ask.

    The werkgever's tijdlijn reads "invited" in every case; a line only the WSP sees says which case it was. Until
    it is accepted, an account made or brought back here is only its invitation on every page the werkgever sees
    (``accounts.selectors.werkgevermensen``), so nothing tells the cases apart once the invitation expires either.

    Each call is a row (``Collegauitnodiging``) and at most ``LIMIET_UITNODIGINGEN_PER_DAG`` of them a calendar day
    per person (the werkgever's row is locked while counting, so two tabs cannot both send the last one): the form
    mails any address it is given and must not become a way to send mass mail. One transaction; the mail leaves
    after commit.
    """
    if door.rol != Rol.WERKGEVER or door.organisatie_id != werkgever.organisatie_id:
        raise ValidationError(_("U kunt alleen collega's van uw eigen bedrijf uitnodigen."))
    email = email.strip().lower()
    nu = timezone.now()
    with transaction.atomic():
        # One invitation of the company at a time: the count cannot be passed by two tabs, and a colleague inviting
        # the same new address a moment later finds the account made by the first.
        Werkgever.objects.select_for_update().filter(pk=werkgever.pk).values_list("pk", flat=True).get()
        limiet = settings.LIMIET_UITNODIGINGEN_PER_DAG
        if Collegauitnodiging.objects.filter(door=door, verstuurd_op__gte=_begin_van_vandaag(nu)).count() >= limiet:
            raise ValidationError(ngettext(
                "U heeft vandaag al %(aantal)s uitnodiging verstuurd. Meer kan niet op één dag: zo kan niemand met "
                "dit formulier veel e-mail versturen. Morgen kunt u weer collega's uitnodigen. Is het dringend? "
                "Bel dan uw accountmanager.",
                "U heeft vandaag al %(aantal)s uitnodigingen verstuurd. Meer kan niet op één dag: zo kan niemand "
                "met dit formulier veel e-mail versturen. Morgen kunt u weer collega's uitnodigen. Is het dringend? "
                "Bel dan uw accountmanager.", limiet) % {"aantal": limiet})
        # Whose address it is: its login, or another person's verified second address (``account_met_adres``).
        bestaand = account_met_adres(email, voor_update=True)
        uitnodiging = Collegauitnodiging(door=door, organisatie_id=werkgever.organisatie_id, email=email,
                                         voornaam=voornaam, achternaam=achternaam, verstuurd_op=nu)
        naam = uitnodiging.get_full_name()
        # What the werkgever reads, whatever the address turns out to be; what happened behind it is in a line only
        # the WSP sees ("again", "came back", "another account"): the werkgever's tijdlijn must not tell a new
        # address invited twice (its account made by the first time) from a werkzoekende's.
        tijdlijn(werkgever, Tijdlijnregel.Soort.CONTACT,
                 gettext_noop("%(naam)s is uitgenodigd voor het portaal.") % {"naam": naam}, door=door)
        if bestaand is None:
            uitnodiging.gebruiker = gebruiker_uitnodigen(
                door=door, email=email, rol=Rol.WERKGEVER, voornaam=voornaam, achternaam=achternaam,
                telefoon=telefoon, organisatie=werkgever.organisatie, regio=werkgever.regio)
        elif bestaand.rol == Rol.WERKGEVER and bestaand.organisatie_id == werkgever.organisatie_id:
            uitnodiging.gebruiker = bestaand
            if bestaand.is_active and bestaand.has_usable_password():
                tijdlijn(werkgever, Tijdlijnregel.Soort.CONTACT,
                         gettext_noop("%(naam)s had al toegang tot het portaal. Aan het account is niets veranderd; "
                                      "%(naam)s kreeg een e-mail met de links om in te loggen en een nieuw wachtwoord "
                                      "te kiezen.")
                         % {"naam": naam}, door=door, voor_werkgever=False)
                emails.collega_heeft_al_toegang(collega=bestaand, door=door, werkgever=werkgever)
            else:
                _collega_opnieuw_uitnodigen(werkgever=werkgever, door=door, collega=bestaand, naam=naam,
                                            voornaam=voornaam, achternaam=achternaam, telefoon=telefoon)
        else:
            tijdlijn(werkgever, Tijdlijnregel.Soort.CONTACT,
                     gettext_noop("Het e-mailadres van de uitnodiging voor %(naam)s hoort bij een account met een "
                                  "andere rol of van een andere organisatie. Aan dat account is niets veranderd; de "
                                  "eigenaar van het adres kreeg een e-mail dat iemand van %(werkgever)s het probeerde.")
                     % {"naam": naam, "werkgever": werkgever.naam}, door=door, voor_werkgever=False)
            emails.toegang_geprobeerd(gebruiker=bestaand, door=door, werkgever=werkgever,
                                      wsp=wsp_van_regio(werkgever.regio))
        uitnodiging.save()
    return uitnodiging


def _collega_opnieuw_uitnodigen(*, werkgever, door, collega, naam, voornaam, achternaam, telefoon) -> User:
    """A colleague of the company whose access was withdrawn, or whose invitation was never used: the same account,
    active, with a new invitation link (the old password, if any, stops working) and a new term before the sweep.

    Whose data the account holds decides what the names typed do. An account the werkgever's side made or now brings
    back takes them: the company knows its colleague's name best (a new surname after a marriage). An account the
    WSP invited and nobody used yet (a contactpersoon the accountmanager wrote down) keeps its names, its number and
    who invited it, and only empty fields are filled in: the werkgever's words are on the invitation they see, and
    the colleague corrects their own name once logged in. Nothing is ever overwritten with a blank."""
    terug = not collega.is_active
    van_werkgever = terug or (collega.uitgenodigd_door is not None and collega.uitgenodigd_door.rol == Rol.WERKGEVER)
    velden = ["is_active", "password", "uitgenodigd_op"]
    for veld, waarde in (("voornaam", voornaam), ("achternaam", achternaam), ("telefoon", telefoon)):
        waarde = (waarde or "").strip()
        if waarde and (van_werkgever or not getattr(collega, veld)):
            setattr(collega, veld, waarde)
            velden.append(veld)
    if van_werkgever:
        collega.uitgenodigd_door = door
        velden.append("uitgenodigd_door")
    collega.is_active = True
    collega.set_unusable_password()
    collega.uitgenodigd_op = timezone.now()
    gebruiker_opslaan(collega, door=door, update_fields=velden)
    verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=collega,
                          doel=gettext_noop("toegang tot het portaal teruggegeven") if terug
                          else gettext_noop("opnieuw uitgenodigd"))
    tijdlijn(werkgever, Tijdlijnregel.Soort.CONTACT,
             (gettext_noop("%(naam)s had geen toegang meer tot het portaal en is opnieuw uitgenodigd op hetzelfde "
                           "account.") if terug
              else gettext_noop("%(naam)s was al uitgenodigd en had de link niet gebruikt; het account kreeg een "
                                "nieuwe link.")) % {"naam": naam}, door=door, voor_werkgever=False)
    uitnodiging_email(gebruiker=collega, uitnodiger=door, uidb64=urlsafe_base64_encode(force_bytes(collega.pk)),
                      token=default_token_generator.make_token(collega))
    return collega


def collega_uitnodiging_intrekken(*, werkgever: Werkgever, door: User, uitnodiging: Collegauitnodiging) -> None:
    """An open invitation was a mistake (a wrong address, a colleague who will not come after all): it is no longer
    listed, and an account it made or brought back that never chose a password stops (``is_active``), so its link
    no longer works. An invitation to an address with another account changed nothing there and changes nothing now:
    the werkgever sees the same either way. Every open invitation of the company to the same address goes."""
    if (door.rol != Rol.WERKGEVER or door.organisatie_id != werkgever.organisatie_id
            or uitnodiging.organisatie_id != werkgever.organisatie_id):
        raise ValidationError(_("U kunt alleen een uitnodiging van uw eigen bedrijf intrekken."))
    with transaction.atomic():
        rijen = list(Collegauitnodiging.objects.select_for_update()
                     .filter(organisatie_id=werkgever.organisatie_id, email=uitnodiging.email,
                             ingetrokken_op__isnull=True).order_by("pk"))
        if not rijen:
            return
        Collegauitnodiging.objects.filter(pk__in=[r.pk for r in rijen]).update(ingetrokken_op=timezone.now())
        gebruiker_ids = {r.gebruiker_id for r in rijen if r.gebruiker_id}
        for collega in User.objects.select_for_update().filter(pk__in=gebruiker_ids, is_active=True,
                                                                rol=Rol.WERKGEVER,
                                                                organisatie_id=werkgever.organisatie_id):
            if collega.has_usable_password():
                continue  # accepted in the meantime: that is withdrawing access, a step of its own
            collega.is_active = False
            gebruiker_opslaan(collega, door=door, update_fields=["is_active"])
            verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=collega,
                                  doel=gettext_noop("uitnodiging voor het portaal ingetrokken"))
        tijdlijn(werkgever, Tijdlijnregel.Soort.CONTACT,
                 gettext_noop("De uitnodiging voor %(naam)s is ingetrokken.") % {"naam": uitnodiging.get_full_name()},
                 door=door)


def collega_toegang_intrekken(*, werkgever: Werkgever, door: User, collega: User) -> User:
    """A colleague left the company: their account stops (``is_active``), so the kandidaten of new voordrachten, the
    meldingen and the mail no longer reach them. Not one's own account (ask a colleague or the accountmanager), and
    only of the same company. The verwerkingenlog and the tijdlijn say who did it."""
    if (collega.pk == door.pk or collega.rol != Rol.WERKGEVER or door.rol != Rol.WERKGEVER
            or collega.organisatie_id != werkgever.organisatie_id or door.organisatie_id != werkgever.organisatie_id):
        raise ValidationError(_("U kunt alleen de toegang van een collega van uw eigen bedrijf intrekken."))
    with transaction.atomic():
        collega = User.objects.select_for_update().get(pk=collega.pk)
        if not collega.is_active:
            return collega
        collega.is_active = False
        gebruiker_opslaan(collega, door=door, update_fields=["is_active"])
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=collega,
                              doel=gettext_noop("toegang tot het portaal ingetrokken"))
        tijdlijn(werkgever, Tijdlijnregel.Soort.CONTACT,
                 gettext_noop("%(naam)s heeft geen toegang meer tot het portaal.") % {"naam": collega.get_full_name()},
                 door=door)
    return collega


# --- kennismaking, profiel en afspraken -----------------------------------------------------


def bezoek_vastleggen(*, werkgever: Werkgever, door: User, bezocht_op, verslag: str) -> Bedrijfsbezoek:
    if bezocht_op > timezone.localdate():
        raise ValidationError({"bezocht_op": _("Een bezoek leg je vast als het geweest is; deze datum ligt in de "
                                               "toekomst.")})
    with transaction.atomic():
        bezoek = Bedrijfsbezoek.objects.create(werkgever=werkgever, bezocht_op=bezocht_op, accountmanager=door,
                                               verslag=verslag)
        contact_gehad(werkgever_id=werkgever.pk, op=bezocht_op)
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            regel = _("Kennismaking op locatie op %(datum)s.") % {"datum": datums.datum(bezocht_op)}
        tijdlijn(werkgever, Tijdlijnregel.Soort.BEZOEK, regel, door=door)
        gebeurtenis_vastleggen(BEZOEK_VASTGELEGD, door=door, bezoek_id=bezoek.pk, werkgever_id=werkgever.pk)
    return bezoek


PROFIELVELDEN = ("activiteiten", "cultuur", "zoekt", "leidt_op", "open_doelgroepregister", "open_tweede_kans",
                 "website", "sector", "aantal_medewerkers", "contactpersoon_naam", "contactpersoon_telefoon",
                 "contactpersoon_email")


def profiel_bijwerken(*, werkgever: Werkgever, door: User, **velden) -> Werkgever:
    onbekend = set(velden) - set(PROFIELVELDEN)
    if onbekend:
        raise TypeError(f"onbekende profielvelden: {onbekend}")
    with transaction.atomic():
        werkgever = Werkgever.objects.select_for_update().get(pk=werkgever.pk)
        for veld, waarde in velden.items():
            setattr(werkgever, veld, waarde)
        if door.rol == Rol.WERKGEVER:
            # His own contact details: both sides read it in the history. The profile's date stays the
            # accountmanager's (when she last wrote down what she learned).
            werkgever.save(update_fields=list(velden))
            tijdlijn(werkgever, Tijdlijnregel.Soort.PROFIEL, gettext_noop("Bedrijfsgegevens bijgewerkt door %(naam)s.")
                     % {"naam": door.get_full_name() or door.email}, door=door)
            return werkgever
        werkgever.profiel_bijgewerkt_op = timezone.now()
        werkgever.save(update_fields=[*velden, "profiel_bijgewerkt_op"])
        tijdlijn(werkgever, Tijdlijnregel.Soort.PROFIEL, gettext_noop("Bedrijfsprofiel bijgewerkt."), door=door,
                 voor_werkgever=False)
    return werkgever


CONTACT_MANIEREN = {"telefoon": _lazy("Telefonisch contact"), "mail": _lazy("Contact per e-mail"),
                    "langs": _lazy("Even langs geweest")}


def contact_vastleggen(*, werkgever: Werkgever, door: User, op, manier: str, notitie: str) -> Tijdlijnregel:
    """A phone call, a mail or a short visit with the werkgever: on the tijdlijn for colleagues (not for the
    werkgever: it is a working note), and "laatste contact" moves forward (relatiebeheer)."""
    if op > timezone.localdate():
        raise ValidationError({"op": _("Contact leg je vast als het geweest is; deze datum ligt in de toekomst.")})
    if manier not in CONTACT_MANIEREN:
        raise ValidationError({"manier": _("Kies hoe jullie contact hadden.")})
    with transaction.atomic():
        contact_gehad(werkgever_id=werkgever.pk, op=op)
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            return tijdlijn(werkgever, Tijdlijnregel.Soort.CONTACT,
                            _("%(manier)s: %(notitie)s") % {"manier": CONTACT_MANIEREN[manier], "notitie": notitie},
                            door=door, voor_werkgever=False)


def afspraak_vastleggen(*, werkgever: Werkgever, door: User, wat: str, wie: str, uiterlijk=None,
                        plaatsing=None, formuliersleutel=None) -> Afspraak:
    """Record an afspraak with the werkgever and confirm it to him by mail. ``formuliersleutel`` is the form's
    one-time key: the same page sent again (a double click) finds the afspraak it made, with no second mail or
    tijdlijn line. The werkgever's row is locked, so two presses at once take turns."""
    if uiterlijk and uiterlijk < timezone.localdate():
        raise ValidationError({"uiterlijk": _("Deze datum is al voorbij; kies vandaag of later.")})
    with transaction.atomic():
        if formuliersleutel is not None:
            Werkgever.objects.select_for_update().filter(pk=werkgever.pk).first()
            if eerder := Afspraak.objects.filter(werkgever=werkgever, formuliersleutel=formuliersleutel).first():
                return eerder
        afspraak = Afspraak.objects.create(werkgever=werkgever, wat=wat, wie=wie, uiterlijk=uiterlijk,
                                           vastgelegd_door=door, bevestiging_verstuurd_op=timezone.now(),
                                           plaatsing=plaatsing, formuliersleutel=formuliersleutel)
        contact_gehad(werkgever_id=werkgever.pk, op=afspraak.vastgelegd_op)
        tijdlijn(werkgever, Tijdlijnregel.Soort.AFSPRAAK, gettext_noop("Afspraak: %(wat)s") % {"wat": wat[:400]},
                 door=door)
        emails.afspraak_bevestiging(afspraak)
    return afspraak


# --- vacatures -------------------------------------------------------------------------------

VACATUREVELDEN = ("titel", "omschrijving", "beroep", "uren_per_week", "contracttype", "postcode", "startdatum",
                  "aantal_posities", "rijbewijs", "taalniveau", "open_voor_proefplaatsing")


def vacature_opslaan(*, werkgever: Werkgever, door: User, vacature: Vacature | None = None, **velden) -> Vacature:
    """Create (as concept) or change a vacature; any change counts as 'still current'."""
    onbekend = set(velden) - set(VACATUREVELDEN)
    if onbekend:
        raise TypeError(f"onbekende vacaturevelden: {onbekend}")
    if "postcode" in velden:
        velden["postcode"] = normaliseer_postcode(velden["postcode"])
        gemeente = gemeente_voor_postcode(velden["postcode"])
        if gemeente is None:
            raise ValidationError({"postcode": _("Deze postcode kennen we niet. Controleer de vier cijfers.")})
        velden["gemeente"] = gemeente
        velden["regio"] = gemeente.regio
    if velden.get("startdatum") and velden["startdatum"] < timezone.localdate() and vacature is None:
        raise ValidationError({"startdatum": _("De startdatum ligt in het verleden.")})
    with transaction.atomic():
        nieuw = vacature is None
        if nieuw:
            vacature = Vacature(werkgever=werkgever, aangemaakt_door=door, status=Vacature.Status.CONCEPT)
        else:
            vacature = Vacature.objects.select_for_update().get(pk=vacature.pk)
        for veld, waarde in velden.items():
            setattr(vacature, veld, waarde)
        vacature.laatst_bevestigd_op = timezone.now()
        vacature.bevestiging_gevraagd_op = None
        vacature.full_clean(exclude=["werkgever"])
        vacature.save()
        tijdlijn(werkgever, Tijdlijnregel.Soort.VACATURE,
                 (gettext_noop("Vacature aangemaakt: %(titel)s") if nieuw
                  else gettext_noop("Vacature gewijzigd: %(titel)s"))
                 % {"titel": vacature.titel}, door=door)
    return vacature


def vacature_vaardigheden_instellen(*, vacature: Vacature, door: User, vereist, gewenst) -> Vacature:
    vereist, gewenst = set(vereist), set(gewenst) - set(vereist)
    with transaction.atomic():
        vacature = Vacature.objects.select_for_update().get(pk=vacature.pk)
        vacature.vereiste_vaardigheden.set(vereist)
        vacature.gewenste_vaardigheden.set(gewenst)
        vacature.laatst_bevestigd_op = timezone.now()
        vacature.save(update_fields=["laatst_bevestigd_op", "gewijzigd_op"])
    return vacature


# Where a vacature can go from each status, in the order the page shows the buttons (a tuple: a set gave each
# process its own order, so the buttons swapped places from one page view to the next).
VACATURE_OVERGANGEN = {
    Vacature.Status.CONCEPT: (Vacature.Status.OPEN, Vacature.Status.GESLOTEN),
    Vacature.Status.OPEN: (Vacature.Status.VERVULD, Vacature.Status.GESLOTEN),
    Vacature.Status.VERVULD: (Vacature.Status.OPEN,),
    Vacature.Status.GESLOTEN: (Vacature.Status.OPEN,),
}


def vacature_status_wijzigen(*, vacature: Vacature, door: User, status: str) -> Vacature:
    with transaction.atomic():
        vacature = Vacature.objects.select_for_update().get(pk=vacature.pk)
        if status not in VACATURE_OVERGANGEN[Vacature.Status(vacature.status)]:
            raise ValidationError(
                _("Een vacature met status '%(van)s' kan niet naar '%(naar)s'.")
                % {"van": vacature.get_status_display(), "naar": Vacature.Status(status).label}
            )
        if status == Vacature.Status.OPEN and not vacature.beroep_id:
            raise ValidationError(_("Kies eerst een beroep; zonder beroep kunnen we geen kandidaten zoeken."))
        van = vacature.status
        vacature.status = status
        vacature.laatst_bevestigd_op = timezone.now()
        vacature.bevestiging_gevraagd_op = None
        vacature.save(update_fields=["status", "laatst_bevestigd_op", "bevestiging_gevraagd_op", "gewijzigd_op"])
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            tekst = {Vacature.Status.OPEN: _("Vacature %(titel)s geopend") if van == Vacature.Status.CONCEPT
                     else _("Vacature %(titel)s heropend"),
                     Vacature.Status.VERVULD: _("Vacature %(titel)s vervuld"),
                     Vacature.Status.GESLOTEN: _("Vacature %(titel)s gesloten")}[status]
        tijdlijn(vacature.werkgever, Tijdlijnregel.Soort.VACATURE, tekst % {"titel": vacature.titel}, door=door)
        if status == Vacature.Status.OPEN:
            gebeurtenis_vastleggen(VACATURE_GEOPEND, door=door, vacature_id=vacature.pk,
                                   werkgever_id=vacature.werkgever_id, heropend=van != Vacature.Status.CONCEPT)
        elif van == Vacature.Status.OPEN:
            gebeurtenis_vastleggen(VACATURE_GESLOTEN, door=door, vacature_id=vacature.pk,
                                   werkgever_id=vacature.werkgever_id, status=status)
    return vacature


def vacature_bevestigen(*, vacature: Vacature, door: User) -> Vacature:
    """The werkgever confirms an old vacature is still open: the 90-day clock starts again."""
    with transaction.atomic():
        vacature = Vacature.objects.select_for_update().get(pk=vacature.pk)
        vacature.laatst_bevestigd_op = timezone.now()
        vacature.bevestiging_gevraagd_op = None
        vacature.save(update_fields=["laatst_bevestigd_op", "bevestiging_gevraagd_op", "gewijzigd_op"])
        tijdlijn(vacature.werkgever, Tijdlijnregel.Soort.VACATURE,
                 gettext_noop("Vacature %(titel)s is nog actueel.") % {"titel": vacature.titel}, door=door)
    return vacature


def verouderde_vacatures_signaleren(*, nu=None) -> int:
    """Celery beat, daily: ask the werkgever once about every open vacature untouched for 90 days."""
    nu = nu or timezone.now()
    verouderd = Vacature.objects.filter(status=Vacature.Status.OPEN, laatst_bevestigd_op__lte=nu - VERVAL_TERMIJN,
                                        bevestiging_gevraagd_op__isnull=True)
    aantal = 0
    for pk in list(verouderd.values_list("pk", flat=True)):
        with transaction.atomic():
            if not claim(verouderd.filter(pk=pk), bevestiging_gevraagd_op=nu):
                continue
            vacature = Vacature.objects.select_related("werkgever__accountmanager").get(pk=pk)
            tijdlijn(vacature.werkgever, Tijdlijnregel.Soort.VACATURE,
                     gettext_noop("Gevraagd of vacature %(titel)s na 90 dagen nog open is.")
                     % {"titel": vacature.titel})
            emails.vacature_nog_actueel(vacature)
            aantal += 1
    return aantal

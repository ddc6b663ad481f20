"""Every write of the ondersteuningsgids. Trajecten are kept by the beheerder and klantmanagers of their region;
an aanvraag is a werkzoekende's request, which their klantmanager approves (an action in the plan van aanpak)
or declines with a reason."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Rol, User, Verwerking
from accounts.services import verwerking_registreer
from agenda.models import Afspraak
from agenda.services import afspraak_plannen
from ondersteuning.models import Aanvraag, Startmoment, Traject
from outbox.services import gebeurtenis_vastleggen
from werkzoekenden.models import Actie, Kandidaat, Levensdomein
from werkzoekenden.services import actie_toevoegen

# Journey events; payload ``aanvraag_id``, ``kandidaat_id`` (and ``goedgekeurd`` when beoordeeld).
AANVRAAG_INGEDIEND = "ondersteuning.aanvraag_ingediend"
AANVRAAG_BEOORDEELD = "ondersteuning.aanvraag_beoordeeld"
AANVRAAG_INGETROKKEN = "ondersteuning.aanvraag_ingetrokken"
AANVRAAG_VERVALLEN = "ondersteuning.aanvraag_vervallen"

BEHEERDERS = (Rol.BEHEERDER, Rol.KLANTMANAGER)
TRAJECTVELDEN = ("titel", "omschrijving", "soort", "voor_wie", "duur", "kosten", "aanbieder", "plaats", "gemeente")

# Which part of life an approved traject is in the plan van aanpak.
LEVENSDOMEIN = {
    Traject.Soort.TRAINING: Levensdomein.SCHOLING,
    Traject.Soort.TAAL: Levensdomein.TAAL,
    Traject.Soort.SCHULDHULP: Levensdomein.FINANCIEN,
    Traject.Soort.GEZONDHEID: Levensdomein.GEZONDHEID,
}


def _mag_beheren(door, regio_id):
    if door.rol not in BEHEERDERS or door.regio_id is None or door.regio_id != regio_id:
        raise PermissionError("Alleen de beheerder en klantmanagers van de regio beheren deze trajecten.")


def _controleer_traject(velden, regio_id):
    fouten = {}
    for veld in ("titel", "omschrijving", "aanbieder", "plaats"):
        if not (velden.get(veld) or "").strip():
            fouten[veld] = _("Vul dit in.")
    if velden.get("soort") not in Traject.Soort.values:
        fouten["soort"] = _("Kies een soort uit de lijst.")
    gemeente = velden.get("gemeente")
    if gemeente is not None and gemeente.regio_id != regio_id:
        fouten["gemeente"] = _("Deze gemeente hoort niet bij je arbeidsmarktregio.")
    if fouten:
        raise ValidationError(fouten)


def traject_aanmaken(*, door: User, **velden) -> Traject:
    """A new traject in the region of ``door`` (a beheerder or klantmanager)."""
    _mag_beheren(door, door.regio_id)
    _controleer_traject(velden, door.regio_id)
    velden = {k: (v.strip() if isinstance(v, str) else v) for k, v in velden.items() if k in TRAJECTVELDEN}
    velden["kosten"] = velden.get("kosten") or _("Geen")
    return Traject.objects.create(regio_id=door.regio_id, aangemaakt_door=door, **velden)


def traject_wijzigen(*, traject: Traject, door: User, **velden) -> Traject:
    _mag_beheren(door, traject.regio_id)
    _controleer_traject(velden, traject.regio_id)
    with transaction.atomic():
        traject = Traject.objects.select_for_update().get(pk=traject.pk)
        for veld in TRAJECTVELDEN:
            if veld in velden:
                waarde = velden[veld]
                setattr(traject, veld, waarde.strip() if isinstance(waarde, str) else waarde)
        traject.kosten = traject.kosten or _("Geen")
        traject.gewijzigd_op = timezone.now()
        traject.save()
    return traject


def traject_archiveren(*, traject: Traject, door: User, archiveren: bool = True) -> Traject:
    """Archived: werkzoekenden no longer see it or ask for it; requests already made stay as they are."""
    _mag_beheren(door, traject.regio_id)
    with transaction.atomic():
        traject = Traject.objects.select_for_update().get(pk=traject.pk)
        traject.gearchiveerd_op = timezone.now() if archiveren else None
        traject.gewijzigd_op = timezone.now()
        traject.save(update_fields=["gearchiveerd_op", "gewijzigd_op"])
    return traject


# The agenda's fields of an afspraak and the startmoment's that hold them.
AGENDA_VELDEN = {"start": "begintijd", "eind": "eindtijd"}


def startmoment_toevoegen(*, traject: Traject, door: User, start, eind=None, capaciteit=None) -> Startmoment:
    """A start date. For a groepsbijeenkomst it is planned in the agenda (open to the region to sign up, with
    ``capaciteit`` places and a waiting list); other starts fill with approved and waiting aanvragen."""
    _mag_beheren(door, traject.regio_id)
    fouten = {}
    if start is None or start <= timezone.now():
        fouten["datum"] = _("Dit moment is al voorbij. Kies een moment in de toekomst.")
    groep = traject.soort == Traject.Soort.GROEPSBIJEENKOMST
    if groep and not capaciteit:
        fouten["capaciteit"] = _("Hoeveel mensen kunnen meedoen? Vul een aantal in.")
    if groep and eind is None:
        fouten["eindtijd"] = _("Vul de eindtijd in.")
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        afspraak = None
        if groep:
            try:
                afspraak = afspraak_plannen(
                    door=door, soort=Afspraak.Soort.GROEPSBIJEENKOMST, titel=traject.titel, start=start, eind=eind,
                    plaats=traject.plaats_in_de_agenda, toelichting=traject.omschrijving[:2000],
                    capaciteit=capaciteit, regio=traject.regio)
            except ValidationError as exc:
                # The agenda names its own fields ("eind": the end before the begin): under the startmoment's
                # fields, so the form shows the error next to the time, not above the form.
                if not hasattr(exc, "error_dict"):
                    raise
                raise ValidationError({AGENDA_VELDEN.get(veld, veld): fouten
                                       for veld, fouten in exc.error_dict.items()}) from exc
        return Startmoment.objects.create(traject=traject, start=start, capaciteit=capaciteit or None,
                                          afspraak=afspraak)


def bezet(startmoment: Startmoment) -> int:
    return startmoment.aanvragen.filter(status__in=Aanvraag.ACTIEF).count()


def aanvraag_indienen(*, kandidaat, door: User, traject: Traject, startmoment: Startmoment | None = None,
                      motivatie: str = "") -> Aanvraag:
    """"Ik wil hieraan meedoen". An open or approved request takes a place at its startmoment: the startmoment
    row is locked while the places are counted, so two people cannot take the last place together."""
    if traject.gearchiveerd:
        raise ValidationError(_("Dit traject is er niet meer. Kies een ander traject."))
    if startmoment is None and traject.startmomenten.filter(start__gt=timezone.now()).exists():
        raise ValidationError({"startmoment": _("Kies wanneer je wilt beginnen.")})
    try:
        with transaction.atomic():
            # What she asks for becomes an action in her plan, and the plan of a closed dossier stands still: read on
            # its row, locked (before the startmoment's), so a closing not yet committed is waited for.
            if Kandidaat.objects.select_for_update(no_key=True).filter(pk=kandidaat.pk).values_list(
                    "afgesloten_op", flat=True).first() is not None:
                raise ValidationError(_("Je dossier is gesloten: je plan staat stil. Zoek je weer werk? Neem contact "
                                        "op met je contactpersoon; die kan je dossier weer openen."))
            if startmoment is not None:
                startmoment = Startmoment.objects.select_for_update().get(pk=startmoment.pk, traject=traject)
                if startmoment.is_groep:
                    raise ValidationError(_("Voor een groepsbijeenkomst meld je je direct aan."))
                if startmoment.begonnen:
                    raise ValidationError({"startmoment": _("Dit traject is al begonnen. Kies een ander moment.")})
                if startmoment.capaciteit is not None and bezet(startmoment) >= startmoment.capaciteit:
                    raise ValidationError({"startmoment": _("Dit moment is vol. Kies een ander moment.")})
            aanvraag = Aanvraag.objects.create(traject=traject, startmoment=startmoment, kandidaat=kandidaat,
                                               motivatie=motivatie.strip(), ingediend_door=door)
            gebeurtenis_vastleggen(AANVRAAG_INGEDIEND, door=door, aanvraag_id=aanvraag.pk, kandidaat_id=kandidaat.pk,
                                   klantmanager_id=kandidaat.klantmanager_id)
    except IntegrityError:
        raise ValidationError(_("Je hebt al gevraagd om hieraan mee te doen. Je contactpersoon kijkt ernaar."))
    return aanvraag


def _actie_tekst(aanvraag):
    traject, tekst = aanvraag.traject, aanvraag.traject.titel
    if aanvraag.startmoment_id:
        tekst = _("%(t)s, begint op %(d)s") % {
            "t": tekst, "d": formats.date_format(timezone.localtime(aanvraag.startmoment.start), "j F Y")}
    return (_("Meedoen aan: %(t)s (%(a)s, %(p)s)") % {"t": tekst, "a": traject.aanbieder, "p": traject.plaats})[:500]


def aanvraag_beoordelen(*, aanvraag: Aanvraag, door: User, goedkeuren: bool, reden: str = "") -> Aanvraag:
    """The klantmanager decides. Yes: an action in the plan van aanpak, done by the aanbieder ("een andere
    organisatie") by the start date. No: the reason is required, the werkzoekende reads it. The request row is
    locked, so two clicks (or two colleagues) decide once."""
    reden = reden.strip()
    if not goedkeuren and not reden:
        raise ValidationError({"reden": _("Schrijf op waarom niet. De werkzoekende leest dit.")})
    with transaction.atomic():
        aanvraag = (Aanvraag.objects.select_for_update(of=("self",))
                    .select_related("traject", "startmoment", "kandidaat").get(pk=aanvraag.pk))
        if not aanvraag.open:
            raise ValidationError(_("Over deze aanvraag is al besloten."))
        if goedkeuren:
            startdatum = timezone.localtime(aanvraag.startmoment.start).date() if aanvraag.startmoment_id else None
            aanvraag.actie = actie_toevoegen(
                kandidaat=aanvraag.kandidaat, door=door,
                levensdomein=LEVENSDOMEIN.get(aanvraag.traject.soort, Levensdomein.WERK),
                doel=aanvraag.traject.titel[:300], omschrijving=_actie_tekst(aanvraag),
                eigenaar=Actie.Eigenaar.DERDE, derde_partij=aanvraag.traject.aanbieder[:200],
                uiterlijk=startdatum if startdatum and startdatum >= timezone.localdate() else None)
        aanvraag.status = Aanvraag.Status.GOEDGEKEURD if goedkeuren else Aanvraag.Status.AFGEWEZEN
        aanvraag.reden, aanvraag.beoordeeld_door, aanvraag.beoordeeld_op = reden, door, timezone.now()
        aanvraag.save(update_fields=["status", "reden", "beoordeeld_door", "beoordeeld_op", "actie"])
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=aanvraag.kandidaat,
                              doel=gettext_noop("aanvraag voor ondersteuning beoordelen"))
        gebeurtenis_vastleggen(AANVRAAG_BEOORDEELD, door=door, aanvraag_id=aanvraag.pk,
                               kandidaat_id=aanvraag.kandidaat_id, goedgekeurd=goedkeuren)
    return aanvraag


def aanvraag_intrekken(*, aanvraag: Aanvraag, door: User) -> Aanvraag:
    """The werkzoekende changes their mind before the klantmanager decided: the place is free again and the
    klantmanager's task closes. The row is locked, so a decision at the same moment cannot cross it."""
    with transaction.atomic():
        aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
        if not aanvraag.open:
            raise ValidationError(_("Je contactpersoon heeft al besloten. Wil je toch niet meedoen? "
                                    "Stuur een bericht."))
        aanvraag.status = Aanvraag.Status.INGETROKKEN
        aanvraag.save(update_fields=["status"])
        gebeurtenis_vastleggen(AANVRAAG_INGETROKKEN, door=door, aanvraag_id=aanvraag.pk,
                               kandidaat_id=aanvraag.kandidaat_id)
    return aanvraag


def aanvragen_vervallen(*, kandidaat_id: int) -> list[Aanvraag]:
    """The dossier closed (``ondersteuning.reacties``): her open requests lapse with that reason, so they leave the
    klantmanager's open aanvragen and task list (``AANVRAAG_VERVALLEN``) instead of waiting for a "no" nobody needs
    to give. An approved one is in her plan and stays there. When the dossier opens again nothing comes back: she
    may ask again. Each row is locked, so a decision at the same moment decides first or finds it lapsed; then the
    kandidaat's row (the order of ``aanvraag_beoordelen``, which locks it in ``actie_toevoegen``), and nothing lapses
    unless the dossier is still closed under that lock: a reopening committed after the reaction looked, and her new
    request right after it, are not undone."""
    with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
        reden = _("Het dossier is gesloten.")
    vervallen = []
    with transaction.atomic():
        open_aanvragen = list(Aanvraag.objects.select_for_update().filter(
            kandidaat_id=kandidaat_id, status=Aanvraag.Status.INGEDIEND).order_by("pk"))
        if Kandidaat.objects.select_for_update(no_key=True).filter(pk=kandidaat_id).values_list(
                "afgesloten_op", flat=True).first() is None:
            return []
        for aanvraag in open_aanvragen:
            aanvraag.status, aanvraag.reden = Aanvraag.Status.VERVALLEN, reden
            aanvraag.save(update_fields=["status", "reden"])
            gebeurtenis_vastleggen(AANVRAAG_VERVALLEN, aanvraag_id=aanvraag.pk, kandidaat_id=kandidaat_id)
            vervallen.append(aanvraag)
    return vervallen

from datetime import timedelta

from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import Count, ProtectedError, Q
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop, ngettext

from accounts.emails import uitnodiging_email
from accounts.models import Collegauitnodiging, Organisatie, Rol, Sessie, User, Verwerking, VerwerkingBetrokkene
from accounts.selectors import account_met_adres, verlopen_uitnodigingen
from outbox.models import Gebeurtenis
from outbox.services import gebeurtenis_vastleggen

# The journey event of the waarneming (``waarnemer_instellen``): {gebruiker_id, van_id, naar_id, vanwege_id}, the
# colleague who covered until now and the one who covers from now (either may be None); vanwege_id: which of the two
# left or changed role or organisation, when that ended it (``waarnemingen_beeindigen``), else None.
WAARNEMING_GEWIJZIGD = "accounts.waarneming_gewijzigd"
# The waarnemingen that went along with hers (``_doorgeven``), all in one event however many (a team lead who goes
# away passes on those of her whole team): {gebruiker_id: she whose waarnemer changed, naar_id: who covers them now
# (her new waarnemer, or she herself when she is back), collegas: [[id, van_id, via_id], ...]: each colleague whose
# waarnemer changed, the one who covered until now, and the colleague she had chosen (who passed it on, or has it
# back)}. Every colleague is named in it, so the event log still shows whose waarneming changed. Events written
# before this one existed are one ``WAARNEMING_GEWIJZIGD`` per colleague, with ``via_id``.
WAARNEMINGEN_DOORGEGEVEN = "accounts.waarnemingen_doorgegeven"
# The waarnemingen of colleagues that ended because she left or her role or organisation changed
# (``waarnemingen_beeindigen``), all in one event however many (a team lead who covered for her whole team leaves):
# {gebruiker_id: she who left or changed, collegas: [[id, van_id], ...]: each colleague whose waarneming ended, and
# the one who covered until then (mostly she)}. Her own is a ``WAARNEMING_GEWIJZIGD`` with ``vanwege_id``; events
# written before this one existed are one of those per colleague.
WAARNEMINGEN_BEEINDIGD = "accounts.waarnemingen_beeindigd"
# A person's role or organisation changed, or her account stopped or started again (``gebruiker_opslaan``; payload
# ``gebruiker_id``, ``gewijzigd``: per changed field of ``KERNVELDEN`` its old and new value). What was given to her as
# who she was ends with it: a colleague's access to one dossier (werkzoekenden.reacties), a waarneming on either side
# of her (accounts.reacties); what was still hers goes to someone who is there: her open tasks (taken.reacties), her
# open verzoeken of werkgevers (werkgevers.reacties).
# The WSP-coordinator flag is recorded too: a task only a coordinator can do goes to another (taken.reacties); it is
# no leaving (``vertrek_of_verhuizing``), nothing else ends with it.
GEBRUIKER_GEWIJZIGD = "accounts.gebruiker_gewijzigd"
KERNVELDEN = ("rol", "organisatie_id", "is_active", "is_coordinator")

# --- verwerkingenlog (AVG) -------------------------------------------------------------------


def _omschrijving_gebruiker(gebruiker):
    if gebruiker is None or not gebruiker.is_authenticated:
        return _("systeem")
    return f"{gebruiker} <{gebruiker.email}> ({gebruiker.get_rol_display()})"


def _ingelogd(gebruiker):
    return gebruiker is not None and gebruiker.is_authenticated


def _rol_en_organisatie(gebruiker):
    """The viewer's role and organisation as they are now, kept as text on the line."""
    if not _ingelogd(gebruiker):
        return "", ""
    organisatie = gebruiker.organisatie.naam if gebruiker.organisatie_id else ""
    return gebruiker.rol, organisatie[:200]


def is_zelf(gebruiker, persoon):
    """Whether ``persoon`` (an account, or a record with an ``account``) is the viewer: own data is not logged."""
    if not _ingelogd(gebruiker) or persoon is None:
        return False
    if isinstance(persoon, User):
        return persoon.pk == gebruiker.pk
    return getattr(persoon, "account_id", None) == gebruiker.pk


class _EenRegel:
    """The INSERT of a line and its betrokkenen as one PostgreSQL statement, built from the models' columns."""

    _sql = None
    VELDEN = ("tijdstip", "gebruiker", "gebruiker_omschrijving", "rol", "organisatie", "actie", "wat", "content_type",
              "object_id", "object_omschrijving", "doel", "details")

    def sql(self):
        if self._sql is None:
            regel, betrokkene = Verwerking._meta, VerwerkingBetrokkene._meta
            kolommen = ", ".join(regel.get_field(naam).column for naam in self.VELDEN)
            b = {naam: betrokkene.get_field(naam).column for naam in ("verwerking", "content_type", "object_id",
                                                                         "omschrijving")}
            self._sql = (
                f"WITH regel AS (INSERT INTO {regel.db_table} ({kolommen}) VALUES "
                f"({', '.join(['%s'] * len(self.VELDEN))}) RETURNING {regel.pk.column}) "
                f"INSERT INTO {betrokkene.db_table} ({b['verwerking']}, {b['content_type']}, {b['object_id']}, "
                f"{b['omschrijving']}) SELECT regel.{regel.pk.column}, b.ct, b.oid, b.oms FROM regel, "
                f"unnest(%s::integer[], %s::varchar[], %s::varchar[]) AS b(ct, oid, oms) RETURNING {b['verwerking']}")
        return self._sql

    def waarden(self, regel, verbinding):
        velden = [Verwerking._meta.get_field(naam) for naam in self.VELDEN]
        return [veld.get_db_prep_save(getattr(regel, veld.attname), connection=verbinding) for veld in velden]


_EEN_REGEL_SQL = _EenRegel()


def _regel_en_betrokkenen(*, gebruiker, rol, organisatie, actie, wat, doel, obj, details, personen):
    """The line and its betrokkenen's rows (content type, id, description), their texts in the active language."""
    regel = Verwerking(
        tijdstip=timezone.now(),
        gebruiker=gebruiker if _ingelogd(gebruiker) else None,
        gebruiker_omschrijving=_omschrijving_gebruiker(gebruiker)[:300],
        rol=rol,
        organisatie=organisatie,
        actie=actie,
        wat=str(wat)[:200],
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_omschrijving=(str(obj) if obj is not None else _("%(aantal)s personen") % {
            "aantal": len(personen)})[:300],
        doel=str(doel)[:200],
        details=str(details)[:500],
    )
    return regel, [(content_type.pk, str(persoon.pk), str(persoon)[:300]) for content_type, persoon in personen]


def verwerking_vastleggen(*, gebruiker, actie, wat, doel, betrokkenen, obj=None, details=""):
    """Write ONE line to the verwerkingenlog naming every person in ``betrokkenen``.

    A page about one person passes one betrokkene; a list page passes everyone on the page. Viewing
    (``inzien``) your own data is not logged, so a werkzoekende's own dossier leaves no line. Two INSERTs
    whatever the number of people (no query per person); ContentTypes come from Django's cache.
    Returns the Verwerking, or None when nobody else's data was involved.

    The line is read later by others (the werkzoekende on her inzage page, a privacy officer), so it is written in
    Dutch whatever language the person who acted reads: pass ``wat`` and ``doel`` as Dutch text (``gettext_noop``)
    or lazily translated; the descriptions of the people and the object are made here, in Dutch.
    """
    gezien = set()
    personen = []
    for persoon in betrokkenen:
        if persoon is None or (actie == Verwerking.Actie.INZIEN and is_zelf(gebruiker, persoon)):
            continue
        content_type = ContentType.objects.get_for_model(persoon)
        sleutel = (content_type.pk, str(persoon.pk))
        if sleutel not in gezien:
            gezien.add(sleutel)
            personen.append((content_type, persoon))
    if not personen:
        return None
    if obj is None and len(personen) == 1:
        obj = personen[0][1]
    rol, organisatie = _rol_en_organisatie(gebruiker)
    with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
        regel, rijen = _regel_en_betrokkenen(gebruiker=gebruiker, rol=rol, organisatie=organisatie, actie=actie,
                                             wat=wat, doel=doel, obj=obj, details=details, personen=personen)
    verbinding = connections[router.db_for_write(Verwerking)]
    if verbinding.vendor == "postgresql":
        # One statement, so atomic on its own: no BEGIN/COMMIT and no model machinery on every page view.
        with verbinding.cursor() as cursor:
            cursor.execute(_EEN_REGEL_SQL.sql(), [*_EEN_REGEL_SQL.waarden(regel, verbinding), *map(list, zip(*rijen))])
            regel.pk = cursor.fetchone()[0]
        regel._state.adding = False
        regel._state.db = verbinding.alias
        return regel
    # All or nothing, inside the caller's transaction if there is one (no extra savepoint per page).
    with transaction.atomic(savepoint=False):
        regel.save(force_insert=True)
        VerwerkingBetrokkene.objects.bulk_create([
            VerwerkingBetrokkene(verwerking=regel, content_type_id=ct, object_id=oid, omschrijving=oms)
            for ct, oid, oms in rijen
        ])
    return regel


def verwerking_registreer(*, gebruiker, actie, obj, doel, details="", wat="", betrokkene=None):
    """Write one line: ``gebruiker`` did ``actie`` on ``obj`` for ``doel``; whose data is ``betrokkene``
    (by default ``obj`` itself, e.g. the Kandidaat)."""
    return verwerking_vastleggen(gebruiker=gebruiker, actie=actie, wat=wat or doel, doel=doel,
                                 betrokkenen=[betrokkene if betrokkene is not None else obj], obj=obj,
                                 details=details)


def verwerkingen_registreer(*, gebruiker, actie, objecten, doel, wat=""):
    """A list page or a batch showed or changed these people: ONE line naming all of them."""
    return verwerking_vastleggen(gebruiker=gebruiker, actie=actie, wat=wat or doel, doel=doel,
                                 betrokkenen=list(objecten))


# Why someone looks at another person's data, by the role they look with (the "doel" of a line).
DOEL_PER_ROL = {
    Rol.KLANTMANAGER: _lazy("begeleiding naar werk"),
    Rol.ACCOUNTMANAGER: _lazy("bemiddeling naar werk"),
    Rol.WERKGEVER: _lazy("beoordelen en begeleiden van een kandidaat"),
    Rol.BEHEERDER: _lazy("beheer van het portaal"),
    Rol.WERKZOEKENDE: _lazy("eigen gegevens"),
    Rol.PROGRAMMA: _lazy("monitoring van de klantreis"),
}


def inzage_vastleggen(*, gebruiker, wat, betrokkenen, doel=None, obj=None):
    """A page or download showed ``betrokkenen``'s personal data to ``gebruiker``: one ``inzien`` line.

    ``doel`` defaults to the purpose of the viewer's role. Own data is not logged.
    """
    if doel is None:
        doel = DOEL_PER_ROL.get(getattr(gebruiker, "rol", None), "")
    return verwerking_vastleggen(gebruiker=gebruiker, actie=Verwerking.Actie.INZIEN, wat=wat, doel=doel,
                                 betrokkenen=betrokkenen, obj=obj)


OPSCHONEN_PER_KEER = 10_000


def verwerkingen_opschonen(*, nu=None, droog=True, per_keer=OPSCHONEN_PER_KEER) -> int:
    """Delete the verwerkingenlog lines older than ``settings.BEWAARTERMIJN_VERWERKINGENLOG_DAGEN`` (and their
    betrokkenen). Returns how many lines are (or, with ``droog``, would be) deleted.

    Oldest first, ``per_keer`` lines (with their betrokkenen) per transaction: a country writes millions of lines
    a day, and a purge that was held up for weeks must not hold them all in memory or in one transaction. A
    purge that stops halfway (a killed worker, a lost connection) has removed whole batches only; the next run
    removes the rest.

    The database allows exactly this: its trigger refuses to delete a line younger than the minimum
    bewaartermijn (``VERWERKINGENLOG_MINIMUM_DAGEN``), so a setting below it makes the purge fail instead of
    removing recent lines.
    """
    nu = nu or timezone.now()
    grens = nu - timedelta(days=settings.BEWAARTERMIJN_VERWERKINGENLOG_DAGEN)
    # The log's own managers refuse deletes; only this purge goes past them, on rows past retention.
    oud = Verwerking._base_manager.filter(tijdstip__lt=grens)
    if droog:
        return oud.count()
    verwijderd, na = 0, None
    while True:
        # Past the last batch by its (tijdstip, pk): the index entries of the lines just deleted are still there
        # until VACUUM, and starting at the oldest again would walk over all of them each time.
        portie = oud if na is None else oud.filter(Q(tijdstip__gte=na[0]) & (Q(tijdstip__gt=na[0]) | Q(pk__gt=na[1])))
        rijen = list(portie.order_by("tijdstip", "pk").values_list("tijdstip", "pk")[:per_keer])
        if not rijen:
            return verwijderd
        ids = [pk for _, pk in rijen]
        verbinding = connections[router.db_for_write(Verwerking)]
        with transaction.atomic(using=verbinding.alias), verbinding.cursor() as cursor:
            VerwerkingBetrokkene._base_manager.filter(verwerking_id__in=ids).delete()  # one DELETE, no instances
            # The lines themselves in one DELETE too: Django's own delete() would load them as model instances to
            # look for betrokkenen, which are gone already (3.7 of 7.2 s for 50,000 lines).
            tabel, sleutel = (verbinding.ops.quote_name(n) for n in (Verwerking._meta.db_table,
                                                                     Verwerking._meta.pk.column))
            cursor.execute(f"DELETE FROM {tabel} WHERE {sleutel} IN ({', '.join(['%s'] * len(ids))})", ids)
            verwijderd += cursor.rowcount
        na = rijen[-1]


# --- uitnodigen ------------------------------------------------------------------------------


def mag_uitnodigen(uitnodiger, rol):
    """Which roles a person may invite: beheerders invite staff, contactpersonen their clients, werkgevers their
    colleagues."""
    toegestaan = {
        Rol.BEHEERDER: {Rol.BEHEERDER, Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.PROGRAMMA},
        Rol.ACCOUNTMANAGER: {Rol.WERKGEVER},
        Rol.KLANTMANAGER: {Rol.WERKZOEKENDE},
        # A werkgever's person a colleague of the same company (werkgevers.services.collega_uitnodigen).
        Rol.WERKGEVER: {Rol.WERKGEVER},
    }
    return rol in toegestaan.get(uitnodiger.rol, set())


def gebruiker_uitnodigen(
    *,
    door: User,
    email: str,
    rol: str,
    voornaam: str = "",
    achternaam: str = "",
    telefoon: str = "",
    organisatie: Organisatie | None = None,
    regio=None,
    kandidaat=None,
) -> User:
    """Create an account without a password and mail a one-time link to choose one.

    The link is Django's password-reset token: it expires after PASSWORD_RESET_TIMEOUT and stops
    working once the password is set. Runs in one transaction; the mail leaves after commit.
    """
    if not mag_uitnodigen(door, rol):
        raise PermissionError("Deze gebruiker mag deze rol niet uitnodigen.")
    email = email.strip().lower()
    with transaction.atomic():
        # Also another person's verified second address: that account owns it (``account_met_adres``).
        if account_met_adres(email) is not None:
            raise ValidationError({"email": _("Er bestaat al een account met dit e-mailadres.")})
        organisatie = _organisatie_vergrendelen(organisatie)
        gebruiker = User(
            email=email,
            voornaam=voornaam,
            achternaam=achternaam,
            telefoon=telefoon,
            rol=rol,
            organisatie=organisatie,
            regio=regio,
            uitgenodigd_door=door,
            uitgenodigd_op=timezone.now(),
        )
        gebruiker.set_unusable_password()
        gebruiker.full_clean()
        gebruiker.save()
        EmailAddress.objects.create(user=gebruiker, email=email, primary=True, verified=False)
        if kandidaat is not None:
            if kandidaat.account_id is not None:
                raise ValidationError(_("Deze kandidaat heeft al een account."))
            kandidaat.account = gebruiker
            kandidaat.save(update_fields=["account"])
        verwerking_registreer(
            gebruiker=door,
            actie=Verwerking.Actie.AANMAKEN,
            obj=gebruiker,
            doel=gettext_noop("account aanmaken en uitnodigen"),
        )
        uitnodiging_email(
            gebruiker=gebruiker,
            uitnodiger=door,
            uidb64=urlsafe_base64_encode(force_bytes(gebruiker.pk)),
            token=default_token_generator.make_token(gebruiker),
        )
    return gebruiker


def uitnodiging_accepteren(*, gebruiker: User, wachtwoord: str) -> User:
    """Set the first password; the invitation mail proved the address, so it counts as verified.

    Not when another account has verified the same address since (as its second address) or before (an account
    invited before that was looked for): one address is verified for one account only (allauth), and logging in
    with it would not know which account is meant. The one who holds the link reads the address's mail, so is told.
    """
    with transaction.atomic():
        gebruiker = User.objects.select_for_update().get(pk=gebruiker.pk)
        if (EmailAddress.objects.filter(email__iexact=gebruiker.email, verified=True)
                .exclude(user_id=gebruiker.pk).exists()):
            raise ValidationError(
                _("Dit e-mailadres hoort al bij een ander account op het portaal. Log in met dat account, of vraag "
                  "wie je uitnodigde om je uit te nodigen op een ander e-mailadres.") if gebruiker.leest_je else
                _("Dit e-mailadres hoort al bij een ander account op het portaal. Log in met dat account, of vraag "
                  "wie u uitnodigde om u uit te nodigen op een ander e-mailadres."))
        gebruiker.set_password(wachtwoord)
        gebruiker.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=gebruiker, email=gebruiker.email, defaults={"verified": True, "primary": True}
        )
        verwerking_registreer(
            gebruiker=gebruiker,
            actie=Verwerking.Actie.WIJZIGEN,
            obj=gebruiker,
            doel=gettext_noop("uitnodiging geaccepteerd"),
        )
    return gebruiker


def uitnodiging_opnieuw_versturen(*, gebruiker: User, door: User) -> bool:
    """A new link for an invitation nobody accepted: the mail got lost, or the link expired before the nightly sweep
    removed the account (``verlopen_uitnodigingen_opruimen``). Inviting the address again answers that it has an
    account, and the page of an invalid link tells the person to ask for a new invitation. Only for a role ``door``
    may invite. Returns whether a mail was queued; locks the account's row, and the mail leaves after commit."""
    with transaction.atomic():
        gebruiker = User.objects.select_for_update().get(pk=gebruiker.pk)
        if not (mag_uitnodigen(door, gebruiker.rol) and gebruiker.wacht_op_eerste_wachtwoord()):
            return False
        gebruiker.uitgenodigd_op = timezone.now()
        gebruiker.uitgenodigd_door = door
        gebruiker.save(update_fields=["uitgenodigd_op", "uitgenodigd_door"])
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=gebruiker,
                              doel=gettext_noop("uitnodiging opnieuw versturen"))
        uitnodiging_email(gebruiker=gebruiker, uitnodiger=door, uidb64=urlsafe_base64_encode(force_bytes(gebruiker.pk)),
                          token=default_token_generator.make_token(gebruiker))
    return True

def wachtwoord_herstel_versturen(*, gebruiker: User, door: User, request) -> str | None:
    """A beheerder does not know or choose anyone's password: she sends the person a mail to choose one herself.
    Someone who never chose one gets the invitation again (``uitnodiging_opnieuw_versturen``, for a role ``door`` may
    invite); anyone else allauth's mail to set a new one ("Wachtwoord vergeten?", its token and its page), for which
    ``request`` gives the address of the portal. Returns "uitnodiging", "herstel", or None when nothing was sent (the
    account is switched off, or an invitation of a role ``door`` may not invite). The mail leaves after commit."""
    if not gebruiker.is_active:
        return None
    if gebruiker.wacht_op_eerste_wachtwoord():
        return "uitnodiging" if uitnodiging_opnieuw_versturen(gebruiker=gebruiker, door=door) else None
    # Only to an address the person verified herself: one a beheerder typed in would let her choose the password.
    if not EmailAddress.objects.filter(user=gebruiker, email__iexact=gebruiker.email, verified=True).exists():
        return None
    formulier = ResetPasswordForm(data={"email": gebruiker.email})
    if not formulier.is_valid() or gebruiker.pk not in {u.pk for u in formulier.users}:
        return None
    with transaction.atomic():
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=gebruiker,
                              doel=gettext_noop("mail om het wachtwoord opnieuw in te stellen"))
        formulier.save(request)
    return "herstel"


def verlopen_sessies_opruimen(*, nu=None) -> int:
    """Delete the sessions that expired (Django's ``clearsessions``, on ``accounts.Sessie``): a session names the
    person logged in, and nothing needs it once it can no longer be used (AVG). Returns how many went."""
    verwijderd, _per_model = Sessie.objects.filter(expire_date__lte=nu or timezone.now()).delete()
    return verwijderd


def verlopen_uitnodigingen_opruimen(*, nu=None) -> int:
    """Remove accounts whose invitation expired unused: keep no personal data we do not need (AVG). Returns how
    many accounts went.

    The werkgevers' rows of invitations to colleagues (``Collegauitnodiging``: an address and a name someone typed)
    go a day after their link would have expired: by then they are no longer listed nor counted for the daily limit.
    """
    grens = (nu or timezone.now()) - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT) - timedelta(days=1)
    Collegauitnodiging.objects.filter(verstuurd_op__lt=grens).delete()
    verwijderd = 0
    for gebruiker in verlopen_uitnodigingen(nu).iterator(chunk_size=500):
        try:
            with transaction.atomic():
                verwerking_registreer(
                    gebruiker=None,
                    actie=Verwerking.Actie.VERWIJDEREN,
                    obj=gebruiker,
                    doel=gettext_noop("verlopen uitnodiging opgeruimd"),
                )
                gebruiker.delete()
        except ProtectedError:
            # Already someone's vaste contactpersoon: a beheerder decides, not a sweep.
            continue
        verwijderd += 1
    return verwijderd


def _waarnemer_controleren(gebruiker, waarnemer):
    """Raise unless ``waarnemer`` (a mapping of its pk and ``KERNVELDEN``, or None: gone) may cover for
    ``gebruiker`` (the same, of an active account): an active colleague of her own organisation in her role. A
    switched-off account has nobody covering (``waarneming_houdt_stand``): the colleague would be told she covers
    for someone whose work went to others."""
    if not gebruiker["is_active"]:
        raise ValidationError({"waarnemer": _("Dit account staat uit: een collega neemt alleen waar voor een actief "
                                              "account.")})
    if waarnemer is None or waarnemer["pk"] == gebruiker["pk"] or not gebruiker["organisatie_id"] or (
            waarnemer["organisatie_id"] != gebruiker["organisatie_id"]):
        raise ValidationError({"waarnemer": _("Kies een collega van je eigen organisatie.")})
    if waarnemer["rol"] != gebruiker["rol"] or not waarnemer["is_active"]:
        raise ValidationError({"waarnemer": _("Kies een klantmanager met een actief account.")
                               if gebruiker["rol"] == Rol.KLANTMANAGER
                               else _("Kies een accountmanager met een actief account.")})


def waarnemer_instellen(*, gebruiker, waarnemer, vanwege=None, door=None):
    """``waarnemer`` (an active colleague of gebruiker's own organisation in the same role: klantmanager or
    accountmanager) covers for gebruiker from now on (the caseload, or the werkgevers' messages; both: the tasks
    and meldingen); None: nobody. The colleague who starts, and the one who stops, hear it (journey event
    ``WAARNEMING_GEWIJZIGD``). ``vanwege``: the id of the one of them who left or whose role or organisation
    changed, when it ends for that reason and not by gebruiker's choice (``waarnemingen_beeindigen``; ``door``: the
    beheerder who made that change, or None); gebruiker then hears it too. ``door`` without ``vanwege``: a beheerder
    chose for her (the user admin), and she hears that too.

    The waarnemingen gebruiker holds for colleagues go with her own (``_doorgeven``): away, she passes them on to her
    waarnemer; back, she has them again. Her own waarneming, changed here, is no longer one passed on to her. Locks
    her row, the waarnemer's and those of the colleagues whose waarneming goes along, in id order."""
    if waarnemer is not None:
        _waarnemer_controleren({"pk": gebruiker.pk, "rol": gebruiker.rol, "organisatie_id": gebruiker.organisatie_id,
                                "is_active": gebruiker.is_active},
                               {"pk": waarnemer.pk, "rol": waarnemer.rol, "organisatie_id": waarnemer.organisatie_id,
                                "is_active": waarnemer.is_active})
    with transaction.atomic():
        # All rows locked, in id order (as ``waarnemingen_beeindigen`` and ``gebruiker_opslaan`` lock them), and
        # checked again as they are now: a colleague switched off meanwhile is refused here, and one switched off
        # after this commits has her waarneming ended by the reaction to that change.
        rijen, meegaand = _vergrendelen(gebruiker.pk, waarnemer.pk if waarnemer is not None else None,
                                        alleen_doorgegeven=vanwege is not None)
        if waarnemer is not None:
            _waarnemer_controleren(rijen[gebruiker.pk], rijen.get(waarnemer.pk))
            afwezig_door = rijen[waarnemer.pk]["waarnemer_id"]
            if afwezig_door is not None and waarnemer.pk != rijen[gebruiker.pk]["waarnemer_id"]:
                # She is away herself (someone covers for her): the werkzoekenden would read that she helps them
                # while she is not there, and two colleagues covering each other leaves both caseloads alone.
                if afwezig_door == gebruiker.pk or rijen[waarnemer.pk]["waarneming_doorgegeven_door_id"] == (
                        gebruiker.pk):
                    if door is not None and vanwege is None:  # the beheerder chooses for her (the user admin)
                        raise ValidationError({"waarnemer": _(
                            "%(naam)s is zelf afwezig, en %(gebruiker)s neemt voor %(naam)s waar. Kies een collega "
                            "die er is: die neemt dan ook voor %(naam)s waar.") % {
                            "naam": waarnemer.get_full_name(), "gebruiker": gebruiker.get_full_name()}})
                    raise ValidationError({"waarnemer": _(
                        "%(naam)s is zelf afwezig, en jij neemt voor %(naam)s waar. Kies een collega die er is: die "
                        "neemt dan ook voor %(naam)s waar, tot je terug bent.") % {"naam": waarnemer.get_full_name()}})
                raise ValidationError({"waarnemer": _(
                    "%(naam)s is zelf afwezig: een andere collega neemt dat werk nu waar. Kies een collega die er "
                    "is.") % {"naam": waarnemer.get_full_name()}})
        vorige = rijen[gebruiker.pk]["waarnemer_id"]
        nieuwe = waarnemer.pk if waarnemer is not None else None
        handelende = gebruiker if vanwege is None and door is None else door
        if vorige != nieuwe:
            # Only a change: saved again unchanged, a waarneming passed on to her stays one (it goes back when the
            # colleague she chose is back, as her page says).
            User.objects.filter(pk=gebruiker.pk).update(waarnemer=waarnemer, waarneming_doorgegeven_door=None)
            gebeurtenis_vastleggen(WAARNEMING_GEWIJZIGD, door=handelende, gebruiker_id=gebruiker.pk, van_id=vorige,
                                   naar_id=nieuwe, vanwege_id=vanwege)
            _doorgeven(gebruiker.pk, nieuwe, meegaand, rijen, vertrokken=vanwege is not None, door=handelende)
            gebruiker.waarneming_doorgegeven_door = None
    gebruiker.waarnemer = waarnemer
    return gebruiker


def waarneming_vergrendelen(*, gebruiker, waarnemer):
    """Lock, in id order, the rows ``waarnemer_instellen(gebruiker=gebruiker, waarnemer=waarnemer)`` will lock, for a
    caller that writes gebruiker's row first in the same transaction (the user admin saves the rest of her account,
    then her waarnemer). Taken after hers, those locks would go against the id order: a colleague whose waarneming
    moves at the same time (the one who covers her goes away) holds a lower row and waits for hers, a deadlock.
    Precondition: inside ``transaction.atomic()``."""
    _vergrendelen(gebruiker.pk, waarnemer.pk if waarnemer is not None else None, alleen_doorgegeven=False)


class _Verschoven(Exception):
    """The waarnemingen resting on hers changed between reading them and locking them."""


def _meegaand(gebruiker_pk, *, alleen_doorgegeven):
    """Her waarnemer's id, and the colleagues whose waarneming rests on hers, as they are now: ``{pk: (waarnemer_id,
    waarneming_doorgegeven_door_id)}``. Those she covers (she is there), those who chose her and to whom she passed
    it on (she is away), and those who chose one of them while they were away, and so on. ``alleen_doorgegeven``:
    only those to whom she passed it on."""
    hare = User.objects.filter(pk=gebruiker_pk).values_list("waarnemer_id", flat=True).first()
    if alleen_doorgegeven:
        return hare, {pk: (w, d) for pk, w, d in User.objects.filter(waarneming_doorgegeven_door_id=gebruiker_pk)
                      .values_list("pk", "waarnemer_id", "waarneming_doorgegeven_door_id")}
    meegaand, rand = {}, {gebruiker_pk}
    waar = Q(waarnemer_id=gebruiker_pk) | Q(waarneming_doorgegeven_door_id=gebruiker_pk)
    while rand:
        nieuw = {pk: (w, d) for pk, w, d in User.objects.filter(waar).exclude(pk__in=[gebruiker_pk, *meegaand])
                 .values_list("pk", "waarnemer_id", "waarneming_doorgegeven_door_id")}
        meegaand.update(nieuw)
        rand = set(nieuw)
        waar = Q(waarneming_doorgegeven_door_id__in=rand)
    return hare, meegaand


def _vergrendelen(gebruiker_pk, waarnemer_pk, *, alleen_doorgegeven):
    """Lock, in one statement in id order, her row, the waarnemer's and those of the colleagues whose waarneming
    rests on hers (``_meegaand``), and return the first two (pk, ``waarnemer_id``, ``waarneming_doorgegeven_door_id``
    and ``KERNVELDEN``) and the colleagues. Read before the lock, the colleagues are read again under it: when one
    chose her just before (or hers changed), the locks are let go (a savepoint) and taken again, so no row is ever
    locked out of id order. Once her row is locked nobody can choose her, so this ends at once."""
    for _poging in range(20):
        hare, meegaand = _meegaand(gebruiker_pk, alleen_doorgegeven=alleen_doorgegeven)
        pks = sorted({gebruiker_pk, *meegaand} | ({waarnemer_pk} if waarnemer_pk is not None else set()))
        try:
            with transaction.atomic():
                # Without KEY: a colleague's UPDATE that names one of these rows in a foreign key (her waarnemer, who
                # passed it on) takes KEY SHARE on it, which FOR UPDATE would make wait, against the id order (a
                # deadlock the stress test in accounts/tests/test_waarneming_gelijktijdig.py met once: four at once).
                gelockt = User.objects.select_for_update(no_key=True).filter(pk__in=pks).order_by("pk")
                rijen = {rij["pk"]: rij for rij in gelockt.values(
                    "pk", "waarnemer_id", "waarneming_doorgegeven_door_id", *KERNVELDEN)}
                if _meegaand(gebruiker_pk, alleen_doorgegeven=alleen_doorgegeven) != (hare, meegaand):
                    raise _Verschoven
        except _Verschoven:
            continue
        return rijen, meegaand
    raise RuntimeError("De waarnemingen van deze collega's veranderen steeds: probeer het opnieuw.")


def _doorgeven(gebruiker_pk, nieuwe, meegaand, rijen, *, vertrokken, door):
    """What follows when her waarnemer changed to ``nieuwe`` (rows locked by ``_vergrendelen``). Away (``nieuwe``): the
    colleagues whose waarneming rests on hers (``meegaand``) are covered by ``nieuwe`` now, and remember whom they had
    chosen, so it comes back. Back (None): they are covered by her again (deeper ones, who chose a colleague who is
    still away, by her too: she covers that colleague again). ``vertrokken``: her waarneming ended because she (or
    her waarnemer) left or moved: whom she passed it on to keep it, as if they had chosen it, and nothing else moves
    (the colleagues she covered are ended by ``waarnemingen_beeindigen``, all at once). All that moved is one journey
    event, ``WAARNEMINGEN_DOORGEGEVEN``, and a bounded number of queries, however many colleagues went along.

    ``rijen``: the locked rows (``KERNVELDEN``). A colleague goes only where the waarneming holds
    (``_houdt_stand``): when the beheerder switches her off, or gives her another role or organisation, in the same
    save as her waarnemer, what she passed on stays where it is (as when she leaves while away) and what she covers
    stays with her, to be ended by the reaction to that change (``waarnemingen_beeindigen``, with why); a colleague
    of another organisation or role never hears she covers. A mark naming her then goes too when she can no longer
    have it back."""
    if vertrokken:
        User.objects.filter(pk__in=[pk for pk, (_w, d) in meegaand.items() if d == gebruiker_pk]).update(
            waarneming_doorgegeven_door=None)
        return
    naar = nieuwe if nieuwe is not None else gebruiker_pk
    # Whom each colleague had chosen (``via``) stays her mark, except for those who chose her: away, they now carry
    # her as the one who passed it on; back, they have it from her again and carry no mark. So at most two UPDATEs,
    # however many colleagues (a team lead covers for a whole team): the mark set to one value, or left as it is.
    merk = gebruiker_pk if nieuwe is not None else None
    zet_merk, houdt_merk, meegegaan, niet_meer_terug = [], [], [], []
    for pk, (waarnemer_id, doorgegeven) in sorted(meegaand.items()):
        via = doorgegeven or gebruiker_pk
        if naar == pk:  # never her own waarnemer (``_waarnemer_controleren`` refuses it already)
            continue
        if not _houdt_stand(rijen[pk], rijen[naar]):
            if doorgegeven == gebruiker_pk and not _houdt_stand(rijen[pk], rijen[gebruiker_pk]):
                niet_meer_terug.append(pk)
            continue
        (zet_merk if via == gebruiker_pk else houdt_merk).append(pk)
        if naar != waarnemer_id:
            meegegaan.append([pk, waarnemer_id, via])
    if zet_merk:
        User.objects.filter(pk__in=zet_merk).update(waarnemer_id=naar, waarneming_doorgegeven_door_id=merk)
    if houdt_merk:
        User.objects.filter(pk__in=houdt_merk).update(waarnemer_id=naar)
    if niet_meer_terug:
        User.objects.filter(pk__in=niet_meer_terug).update(waarneming_doorgegeven_door=None)
    if meegegaan:
        gebeurtenis_vastleggen(WAARNEMINGEN_DOORGEGEVEN, door=door, gebruiker_id=gebruiker_pk, naar_id=naar,
                               collegas=meegegaan)


def waarneming_houdt_stand(gebruiker, waarnemer):
    """Whether ``waarnemer`` may still cover for ``gebruiker``: both active, in the same organisation and in the
    same role, one that is covered (what ``waarnemer_instellen`` asks of a new waarnemer)."""
    return _houdt_stand(*({veld: getattr(wie, veld) for veld in KERNVELDEN} for wie in (gebruiker, waarnemer)))


def _houdt_stand(gebruiker, waarnemer):
    """``waarneming_houdt_stand`` for two rows (mappings of ``KERNVELDEN``)."""
    return (gebruiker["is_active"] and waarnemer["is_active"] and gebruiker["organisatie_id"] is not None
            and waarnemer["organisatie_id"] == gebruiker["organisatie_id"] and waarnemer["rol"] == gebruiker["rol"]
            and gebruiker["rol"] in (Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER))


def waarnemingen_beeindigen(*, gebruiker_id, door=None) -> int:
    """After ``gebruiker`` left, or her role or organisation changed (``GEBRUIKER_GEWIJZIGD``): the waarnemingen on
    either side of her that no longer hold end: her own (the colleague who covered for her no longer gets her
    meldingen, tasks and caseload; ``WAARNEMING_GEWIJZIGD`` with ``vanwege_id``, as ``waarnemer_instellen`` writes it)
    and each she held for a colleague (that colleague's caseload, tasks and copies no longer go to her), all of those
    in one UPDATE and one event, ``WAARNEMINGEN_BEEINDIGD``, however many (a team lead who covered for her whole team
    leaves). What still holds stays: a reaction that runs late does not end a waarneming chosen since. Whom a
    colleague whose waarneming ended had passed hers on to (while away) keeps it, now as their own choice, as in
    ``_doorgeven``. All rows this reads or writes are locked in one statement, in id order: hers, the colleagues on
    either side of her, and those to whom one of them passed a waarneming on. Returns how many ended."""
    with transaction.atomic():
        rijen = _vergrendelen_bij_vertrek(gebruiker_id)

        def houdt_stand(rij):
            return _houdt_stand(rij, {veld: rij[f"waarnemer__{veld}"] for veld in KERNVELDEN})

        hare = rijen.get(gebruiker_id)
        eigen = hare is not None and hare["waarnemer_id"] is not None and not houdt_stand(hare)
        collegas = [rij for pk, rij in rijen.items() if pk != gebruiker_id and rij["waarnemer_id"] is not None
                    and gebruiker_id in (rij["waarnemer_id"], rij["waarneming_doorgegeven_door_id"])
                    and not houdt_stand(rij)]
        beeindigd = {rij["pk"] for rij in collegas} | ({gebruiker_id} if eigen else set())
        if not beeindigd:
            return 0
        User.objects.filter(pk__in=beeindigd).update(waarnemer=None, waarneming_doorgegeven_door=None)
        losgelaten = [pk for pk, rij in rijen.items()
                      if pk not in beeindigd and rij["waarneming_doorgegeven_door_id"] in beeindigd]
        if losgelaten:
            User.objects.filter(pk__in=losgelaten).update(waarneming_doorgegeven_door=None)
        if eigen:
            gebeurtenis_vastleggen(WAARNEMING_GEWIJZIGD, door=door, gebruiker_id=gebruiker_id,
                                   van_id=hare["waarnemer_id"], naar_id=None, vanwege_id=gebruiker_id)
        if collegas:
            gebeurtenis_vastleggen(WAARNEMINGEN_BEEINDIGD, door=door, gebruiker_id=gebruiker_id,
                                   collegas=[[rij["pk"], rij["waarnemer_id"]] for rij in collegas])
    return len(beeindigd)


def _kring_bij_vertrek(gebruiker_id):
    """Her id, those of the colleagues on either side of her (she covers them, or passed theirs on), and of those to
    whom one of them passed a waarneming on: each arm read from its own index."""
    naast = set(User.objects.filter(Q(waarnemer_id=gebruiker_id) | Q(waarneming_doorgegeven_door_id=gebruiker_id))
                .values_list("pk", flat=True))
    dieper = set(User.objects.filter(waarneming_doorgegeven_door_id__in=naast).values_list("pk", flat=True)
                 ) if naast else set()
    return {gebruiker_id} | naast | dieper


def _vergrendelen_bij_vertrek(gebruiker_id):
    """Lock the rows of ``_kring_bij_vertrek`` in one statement in id order (FOR NO KEY UPDATE of the people only,
    not of the waarnemer joined to read whether it holds, as ``_vergrendelen``) and return them by id. Read before
    the lock, they are read again under it: when one changed just before, the locks are let go (a savepoint) and
    taken again. Once these rows are locked nobody can choose one of them or pass a waarneming on to one of them, so
    this ends at once."""
    for _poging in range(20):
        kring = _kring_bij_vertrek(gebruiker_id)
        try:
            with transaction.atomic():
                rijen = {rij["pk"]: rij for rij in (
                    User.objects.select_for_update(of=("self",), no_key=True).filter(pk__in=kring).order_by("pk")
                    .values("pk", "waarnemer_id", "waarneming_doorgegeven_door_id", *KERNVELDEN,
                            *(f"waarnemer__{veld}" for veld in KERNVELDEN)))}
                if _kring_bij_vertrek(gebruiker_id) != kring:
                    raise _Verschoven
        except _Verschoven:
            continue
        return rijen
    raise RuntimeError("De waarnemingen van deze collega's veranderen steeds: probeer het opnieuw.")


def kernvelden_rond(gebeurtenis):
    """The rol, organisatie_id and is_active of the person of a ``GEBRUIKER_GEWIJZIGD`` event just before it and as
    she is now, or (None, None) when her account is gone. A reaction may run late (the outbox retries): a field this
    event did not change may have changed since, and its value at the time is the old value of the first later event
    that changed it (else what it is now)."""
    gebruiker_id = gebeurtenis.gegevens["gebruiker_id"]
    nu = User.objects.filter(pk=gebruiker_id).values(*KERNVELDEN).first()
    if nu is None:
        return None, None
    toen = dict(nu)
    later = Gebeurtenis.objects.filter(soort=GEBRUIKER_GEWIJZIGD, gegevens__gebruiker_id=gebruiker_id,
                                       pk__gt=gebeurtenis.pk).order_by("-pk").values_list("gegevens", flat=True)
    for gegevens in later:  # newest first: the oldest later change has the last word
        toen.update({veld: waarden[0] for veld, waarden in gegevens["gewijzigd"].items()})
    toen.update({veld: waarden[0] for veld, waarden in gebeurtenis.gegevens["gewijzigd"].items()})
    return toen, nu


def vertrek_of_verhuizing(gebeurtenis):
    """Whether a ``GEBRUIKER_GEWIJZIGD`` event is her leaving or moving: her account switched off, or her role or
    organisation changed. Not her account switched on again, nor only the coordinator flag given or taken."""
    gewijzigd = gebeurtenis.gegevens["gewijzigd"]
    return "rol" in gewijzigd or "organisatie_id" in gewijzigd or (
        "is_active" in gewijzigd and not gewijzigd["is_active"][1])


def wie_zij_was_als_vertrokken(gebeurtenis):
    """For a reaction that hands on what was hers when she left or moved (``GEBRUIKER_GEWIJZIGD``): her rol,
    organisatie_id and is_active just before the event (``kernvelden_rond``), or None when nothing is to move: her
    account switched back on, only her coordinator flag changed, her account gone, or (run late) she is back in the
    role and organisation she had."""
    if not vertrek_of_verhuizing(gebeurtenis):
        return None
    toen, nu = kernvelden_rond(gebeurtenis)
    if toen is None or (nu["is_active"] and nu["rol"] == toen["rol"]
                        and nu["organisatie_id"] == toen["organisatie_id"]):
        return None
    return toen


# The roles whose arbeidsmarktregio is their organisation's (``User.clean``).
REGIO_VAN_ORGANISATIE = (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER)
ORGANISATIE_IN_ANDERE_REGIO = _lazy("%(organisatie)s hoort bij arbeidsmarktregio %(regio)s. Kies die regio, of een "
                                    "organisatie in deze regio.")


def _organisatie_vergrendelen(organisatie):
    """The organisation as it is now, its row locked until the transaction ends: ``organisatie_regio_controleren``
    locks it too, so a region that moves and a person who joins take turns (the move then counts her, or she is
    checked against the new region), instead of each deciding on what the other has not committed yet."""
    if organisatie is None:
        return None
    return Organisatie.objects.select_for_update(no_key=True, of=("self",)).select_related("regio").get(
        pk=organisatie.pk)


def _regio_van_organisatie_controleren(gebruiker, vorige) -> None:
    """Her region is her organisation's (``User.clean``), checked by a form against the organisation as it read it:
    read again under the lock a move of its region takes too, so neither misses the other. Asked only when her
    organisation or region changes (``vorige``: both as saved, or None for a new account)."""
    if (gebruiker.organisatie_id is None or gebruiker.rol not in REGIO_VAN_ORGANISATIE
            or (vorige is not None and (vorige["organisatie_id"], vorige["regio_id"])
                == (gebruiker.organisatie_id, gebruiker.regio_id))):
        return
    organisatie = _organisatie_vergrendelen(gebruiker.organisatie)
    if organisatie.regio_id != gebruiker.regio_id:
        raise ValidationError({"regio": ORGANISATIE_IN_ANDERE_REGIO % {
            "organisatie": organisatie.naam, "regio": organisatie.regio.naam}})


def gebruiker_regio_controleren(gebruiker) -> None:
    """Raise a ValidationError on ``regio`` when ``gebruiker`` (changed, not saved yet) would join an organisation
    of another region, read under the organisation's lock. For a form whose save follows in the same transaction (the
    user admin's change page is one): the lock holds until ``gebruiker_opslaan``, whose own check then finds the
    organisation as the form did, so a region that moves in between is a form error, not a failed save."""
    vorige = User.objects.filter(pk=gebruiker.pk).values("organisatie_id", "regio_id").first() if gebruiker.pk else None
    _regio_van_organisatie_controleren(gebruiker, vorige)


def gebruiker_opslaan(gebruiker, *, door, update_fields=None) -> User:
    """Save a changed account: the one way a person's role, organisation or active state changes (the user admin,
    a werkgever who withdraws a colleague's access, retention). When one of those changed, the journey event
    ``GEBRUIKER_GEWIJZIGD`` goes with it, so the apps above end what rested on who she was (another organisation's
    dossier must not stay open to her, nor open again when her account is switched back on). The row is locked
    while it is read and written: two saves at once both see what the other changed."""
    with transaction.atomic():
        vorige = User.objects.select_for_update(no_key=True).filter(pk=gebruiker.pk).values(
            *KERNVELDEN, "regio_id").first()
        _regio_van_organisatie_controleren(gebruiker, vorige)
        gebruiker.save(update_fields=update_fields)
        if vorige is None:
            return gebruiker  # a new account: nothing rested on it yet
        nu = User.objects.filter(pk=gebruiker.pk).values(*KERNVELDEN).get()
        gewijzigd = {veld: [vorige[veld], nu[veld]] for veld in KERNVELDEN if vorige[veld] != nu[veld]}
        if gewijzigd:
            gebeurtenis_vastleggen(GEBRUIKER_GEWIJZIGD, door=door, gebruiker_id=gebruiker.pk, gewijzigd=gewijzigd)
    return gebruiker


# --- organisaties -----------------------------------------------------------------------------------


def organisatie_regio_gebonden(organisatie) -> list[str]:
    """What holds an organisation to its arbeidsmarktregio, as sentences for the beheerder (empty: nothing). A
    medewerker's region is her organisation's (``User.clean``) and every regional page reads hers: her werkgevers,
    verzoeken, kandidaten and colleagues. Moving the organisation alone would leave its people, their caseloads and
    werkgevers in the region it left; moving them along would move werkgevers and werkzoekenden to a WSP they never
    met, which is a warme overdracht, not a setting. Read through the relations' names (as ``VASTE_RELATIES`` in the
    admin): this floor does not import the apps above it. Four queries."""
    delen = []
    mensen = User.objects.filter(organisatie=organisatie, is_active=True).count()
    if mensen:
        delen.append(ngettext("er werkt %(n)s persoon met een actief account",
                              "er werken %(n)s mensen met een actief account", mensen) % {"n": mensen})
    dossiers = User.objects.filter(organisatie=organisatie, rol=Rol.KLANTMANAGER).aggregate(
        n=Count("caseload", filter=Q(caseload__afgesloten_op__isnull=True)))["n"]
    if dossiers:
        delen.append(ngettext("haar klantmanagers hebben %(n)s open dossier",
                              "haar klantmanagers hebben %(n)s open dossiers", dossiers) % {"n": dossiers})
    werkgevers = User.objects.filter(organisatie=organisatie, rol=Rol.ACCOUNTMANAGER).aggregate(
        n=Count("werkgevers"))["n"]
    if werkgevers:
        delen.append(ngettext("haar accountmanagers zijn vaste accountmanager van %(n)s werkgever",
                              "haar accountmanagers zijn vaste accountmanager van %(n)s werkgevers", werkgevers)
                     % {"n": werkgevers})
    if Organisatie.objects.filter(pk=organisatie.pk, werkgever__isnull=False).exists():
        delen.append(_("het is de organisatie van een werkgever, die zelf bij een regio hoort"))
    return delen


def organisatie_regio_controleren(organisatie, regio) -> None:
    """Raise a ValidationError on ``regio`` when the organisation (saved already) would move to ``regio`` while
    people, dossiers or werkgevers hold it to its region (``organisatie_regio_gebonden``). Locks the organisation's
    row (in the caller's transaction: the admin's form and its save are one), so no one joins it in between."""
    was = (Organisatie.objects.select_for_update().filter(pk=organisatie.pk).values_list("regio_id", flat=True)
           .first())
    if was is None or regio is None or getattr(regio, "pk", regio) == was:
        return
    delen = organisatie_regio_gebonden(organisatie)
    if delen:
        raise ValidationError({"regio": _(
            "De arbeidsmarktregio van %(organisatie)s kan niet veranderen: %(wat)s. Medewerkers horen bij de regio "
            "van hun organisatie, en hun werkzoekenden en werkgevers bij die van hen. Geef de mensen eerst een "
            "organisatie in de nieuwe regio (en draag hun dossiers en werkgevers over), of maak een nieuwe "
            "organisatie in die regio.") % {"organisatie": organisatie.naam, "wat": "; ".join(delen)}})


def organisatie_opslaan(organisatie, *, door) -> Organisatie:
    """Save an organisation (the admin). Its region changes only while nothing holds it there
    (``organisatie_regio_controleren``); then the accounts that are switched off follow it, so every account of the
    organisation stays in its region (``User.clean``). ``door`` is the beheerder; the admin logs the change."""
    with transaction.atomic():
        if organisatie.pk is not None:
            was = (Organisatie.objects.select_for_update().filter(pk=organisatie.pk)
                   .values_list("regio_id", flat=True).first())
            organisatie_regio_controleren(organisatie, organisatie.regio_id)
            organisatie.save()
            if was is not None and was != organisatie.regio_id:
                User.objects.filter(organisatie=organisatie, regio_id=was).update(regio_id=organisatie.regio_id)
        else:
            organisatie.save()
    return organisatie

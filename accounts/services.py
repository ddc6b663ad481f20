from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.emails import uitnodiging_email
from accounts.models import Organisatie, Rol, User, Verwerking

# --- verwerkingenlog (AVG) -------------------------------------------------------------------


def _omschrijving_gebruiker(gebruiker):
    if gebruiker is None or not gebruiker.is_authenticated:
        return _("systeem")
    return f"{gebruiker} <{gebruiker.email}> ({gebruiker.get_rol_display()})"


def verwerking_registreer(*, gebruiker, actie, obj, doel, details=""):
    """Write one line to the verwerkingenlog: ``gebruiker`` did ``actie`` on ``obj`` for ``doel``."""
    return Verwerking.objects.create(
        gebruiker=gebruiker if gebruiker is not None and gebruiker.is_authenticated else None,
        gebruiker_omschrijving=_omschrijving_gebruiker(gebruiker)[:300],
        actie=actie,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_omschrijving=str(obj)[:300],
        doel=doel[:200],
        details=details[:500],
    )


def verwerkingen_registreer(*, gebruiker, actie, objecten, doel):
    """Log that a list page showed these people: one row each, in a single INSERT."""
    objecten = list(objecten)
    if not objecten:
        return []
    content_type = ContentType.objects.get_for_model(objecten[0])
    wie = _omschrijving_gebruiker(gebruiker)[:300]
    nu = timezone.now()
    return Verwerking.objects.bulk_create(
        [
            Verwerking(
                tijdstip=nu,
                gebruiker=gebruiker,
                gebruiker_omschrijving=wie,
                actie=actie,
                content_type=content_type,
                object_id=str(obj.pk),
                object_omschrijving=str(obj)[:300],
                doel=doel[:200],
            )
            for obj in objecten
        ]
    )


# --- uitnodigen ------------------------------------------------------------------------------


def mag_uitnodigen(uitnodiger, rol):
    """Which roles a person may invite: beheerders invite staff, contactpersonen their clients."""
    toegestaan = {
        Rol.BEHEERDER: {Rol.BEHEERDER, Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER},
        Rol.ACCOUNTMANAGER: {Rol.WERKGEVER},
        Rol.KLANTMANAGER: {Rol.WERKZOEKENDE},
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
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError({"email": _("Er bestaat al een account met dit e-mailadres.")})
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
            doel=_("account aanmaken en uitnodigen"),
        )
        uitnodiging_email(
            gebruiker=gebruiker,
            uitnodiger=door,
            uidb64=urlsafe_base64_encode(force_bytes(gebruiker.pk)),
            token=default_token_generator.make_token(gebruiker),
        )
    return gebruiker


def uitnodiging_accepteren(*, gebruiker: User, wachtwoord: str) -> User:
    """Set the first password; the invitation mail proved the address, so it counts as verified."""
    with transaction.atomic():
        gebruiker = User.objects.select_for_update().get(pk=gebruiker.pk)
        gebruiker.set_password(wachtwoord)
        gebruiker.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=gebruiker, email=gebruiker.email, defaults={"verified": True, "primary": True}
        )
        verwerking_registreer(
            gebruiker=gebruiker,
            actie=Verwerking.Actie.WIJZIGEN,
            obj=gebruiker,
            doel=_("uitnodiging geaccepteerd"),
        )
    return gebruiker


def verlopen_uitnodigingen_opruimen(*, nu=None) -> int:
    """Remove accounts whose invitation expired unused: keep no personal data we do not need (AVG)."""
    nu = nu or timezone.now()
    grens = nu - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    verwijderd = 0
    kandidaten = User.objects.filter(uitgenodigd_op__lt=grens, last_login__isnull=True)
    for gebruiker in kandidaten:
        if gebruiker.has_usable_password():
            continue
        try:
            with transaction.atomic():
                verwerking_registreer(
                    gebruiker=None,
                    actie=Verwerking.Actie.VERWIJDEREN,
                    obj=gebruiker,
                    doel=_("verlopen uitnodiging opgeruimd"),
                )
                gebruiker.delete()
        except ProtectedError:
            # Already someone's vaste contactpersoon: a beheerder decides, not a sweep.
            continue
        verwijderd += 1
    return verwijderd


def waarnemer_instellen(*, gebruiker, waarnemer):
    if waarnemer is not None and (waarnemer.organisatie_id != gebruiker.organisatie_id or waarnemer.pk == gebruiker.pk):
        raise ValidationError({"waarnemer": _("Kies een collega van je eigen organisatie.")})
    User.objects.filter(pk=gebruiker.pk).update(waarnemer=waarnemer)
    gebruiker.waarnemer = waarnemer
    return gebruiker

"""Keep ``Kandidaat.gewijzigd_op`` and ``Vacature.gewijzigd_op`` moving with everything the matching indexes read.

The index in each web process catches up from that column (see ``matching.index``). Skills, wished
occupations and consent live in other tables, and a ``save(update_fields=...)`` skips ``auto_now``; these
receivers cover those paths, including the admin, so no write can leave a process with a stale kandidaat.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from matching.models import Matchgewichten
from matching.selectors import vergeet_gewichten
from werkgevers.models import Vacature, Werkgever
from werkzoekenden.models import Kandidaat, Toestemming


def kandidaten_aangeraakt(ids):
    ids = [i for i in ids if i is not None]
    if ids:
        Kandidaat.objects.filter(pk__in=ids).update(gewijzigd_op=timezone.now())


@receiver(post_save, sender=Kandidaat)
def kandidaat_opgeslagen(sender, instance, update_fields=None, raw=False, **kwargs):
    if update_fields is not None and "gewijzigd_op" not in update_fields and not raw:
        kandidaten_aangeraakt([instance.pk])


@receiver([post_save, post_delete], sender=Toestemming)
def toestemming_gewijzigd(sender, instance, raw=False, **kwargs):
    if not raw:
        kandidaten_aangeraakt([instance.kandidaat_id])


def _koppeling_gewijzigd(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        kandidaten_aangeraakt([instance.pk])
    elif action == "pre_clear":
        # Clearing from the other side (a skill removed from everyone): touch those who had it.
        veld = "vaardigheden" if sender is Kandidaat.vaardigheden.through else "gewenste_beroepen"
        kandidaten_aangeraakt(list(Kandidaat.objects.filter(**{veld: instance}).values_list("pk", flat=True)))
    elif pk_set:
        kandidaten_aangeraakt(list(pk_set))


m2m_changed.connect(_koppeling_gewijzigd, sender=Kandidaat.vaardigheden.through, dispatch_uid="kandidaat_vaardigheden")
m2m_changed.connect(_koppeling_gewijzigd, sender=Kandidaat.gewenste_beroepen.through,
                    dispatch_uid="kandidaat_beroepen")


# --- the vacature index (matching.index.vacatures) --------------------------------------------------------


def vacatures_aangeraakt(ids):
    ids = [i for i in ids if i is not None]
    if ids:
        Vacature.objects.filter(pk__in=ids).update(gewijzigd_op=timezone.now())


@receiver(post_save, sender=Vacature)
def vacature_opgeslagen(sender, instance, update_fields=None, raw=False, **kwargs):
    if update_fields is not None and "gewijzigd_op" not in update_fields and not raw:
        vacatures_aangeraakt([instance.pk])


@receiver(post_save, sender=Werkgever)
def werkgever_opgeslagen(sender, instance, update_fields=None, raw=False, **kwargs):
    """The werkgever's openness to the doelgroepregister is part of each of its vacatures' score."""
    if not raw and (update_fields is None or "open_doelgroepregister" in update_fields):
        Vacature.objects.filter(werkgever_id=instance.pk, status=Vacature.Status.OPEN).update(
            gewijzigd_op=timezone.now())


def _vacature_koppeling_gewijzigd(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        vacatures_aangeraakt([instance.pk])
    elif action == "pre_clear":
        veld = "vereiste_vaardigheden" if sender is Vacature.vereiste_vaardigheden.through else "gewenste_vaardigheden"
        vacatures_aangeraakt(list(Vacature.objects.filter(**{veld: instance}).values_list("pk", flat=True)))
    elif pk_set:
        vacatures_aangeraakt(list(pk_set))


m2m_changed.connect(_vacature_koppeling_gewijzigd, sender=Vacature.vereiste_vaardigheden.through,
                    dispatch_uid="vacature_vereist")
m2m_changed.connect(_vacature_koppeling_gewijzigd, sender=Vacature.gewenste_vaardigheden.through,
                    dispatch_uid="vacature_gewenst")


# --- the weights (matching.selectors.matchgewichten) ------------------------------------------------------


@receiver([post_save, post_delete], sender=Matchgewichten)
def gewichten_gewijzigd(sender, **kwargs):
    """This process ranks with the new weights from the next ranking on (again after the commit, in case a ranking
    in between read the old row); the other processes within ``GEWICHTEN_GELDIG_SECONDEN``."""
    vergeet_gewichten()
    transaction.on_commit(vergeet_gewichten)

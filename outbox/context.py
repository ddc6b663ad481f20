"""Template context stored as JSON: model instances by reference, dates as ISO text.

The mail is rendered by the worker that sends it, so a sweep that writes thousands of mails only
stores a few ids per mail. A referenced row is read again at send time; a row that is gone makes the
mail fail with that reason (visible in the admin), never a half-filled mail.

A mail may say what must still hold when it is sent (``zolang``): "the overeenkomst is signed" is not sent once a
correction withdrew that signature. The sender then sets it aside as ``vervallen``, not failed and not retried.

A reference may name the relations its template follows (``verwijzing(..., mee=("plaatsing__kandidaat",))``):
the sender reads every row a batch of mails refers to in one query per model, with those relations joined,
instead of a query per mail and per relation the template touches."""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise


class ObjectVerdwenen(Exception):
    """A row the mail refers to no longer exists."""


def bevries(waarde):
    """Make ``waarde`` JSON-safe, keeping enough to get the same thing back with ``ontdooi``."""
    if isinstance(waarde, models.Model):
        return {"__model__": waarde._meta.label_lower, "pk": waarde.pk}
    if isinstance(waarde, datetime):
        return {"__datetime__": waarde.isoformat()}
    if isinstance(waarde, date):
        return {"__date__": waarde.isoformat()}
    if isinstance(waarde, Decimal):
        return str(waarde)
    if isinstance(waarde, Promise):
        return str(waarde)
    if isinstance(waarde, dict):
        return {str(k): bevries(v) for k, v in waarde.items()}
    if isinstance(waarde, (list, tuple, set, frozenset)):
        return [bevries(v) for v in waarde]
    if waarde is None or isinstance(waarde, (str, int, float, bool)):
        return waarde
    raise TypeError(f"Kan {type(waarde).__name__} niet in een mail bewaren; geef een model, datum of tekst mee.")


def verwijzing(model_label, pk, mee=()):
    """A stored reference to one row; ``mee``: the relations (``select_related`` paths) its template uses."""
    if pk is None:
        return None
    return {"__model__": model_label, "pk": pk, "mee": list(mee)} if mee else {"__model__": model_label, "pk": pk}


# The key of the condition in a stored context; the template never sees it.
ZOLANG = "__zolang__"


class NietMeerWaar(Exception):
    """What the mail says no longer holds (``zolang``): it is not sent."""


def zolang(obj, *velden):
    """A condition for a mail about ``obj``: send it only while these fields still hold the values they have now (read
    again when the worker sends it, with the mail's other rows)."""
    return {**verwijzing(obj._meta.label_lower, obj.pk), "velden": {v: bevries(getattr(obj, v)) for v in velden}}


def nog_waar(voorwaarde, _cache=None):
    """Raise ``NietMeerWaar`` when a field of the row named by ``voorwaarde`` (``zolang``) changed; a row that is gone
    raises ``ObjectVerdwenen``, as for any reference."""
    obj = ontdooi(voorwaarde, _cache)
    veranderd = [str(obj._meta.get_field(veld).verbose_name) for veld, waarde in voorwaarde["velden"].items()
                 if getattr(obj, veld) != ontdooi(waarde)]
    if veranderd:
        raise NietMeerWaar(f"{obj._meta.verbose_name} {obj.pk}: {', '.join(veranderd)} veranderde sinds de mail "
                           "klaarstond; niet verstuurd")


def _verwijzingen(waarde, gevonden):
    if isinstance(waarde, dict):
        if "__model__" in waarde:
            gevonden[(waarde["__model__"], tuple(waarde.get("mee", ())))].add(waarde["pk"])
        else:
            for v in waarde.values():
                _verwijzingen(v, gevonden)
    elif isinstance(waarde, list):
        for v in waarde:
            _verwijzingen(v, gevonden)


def vooraf_laden(contexten) -> dict:
    """The cache ``ontdooi`` takes, filled for several stored contexts at once: one query per model (and set of
    relations). A row that is gone stays out, so ``ontdooi`` still reports it as ``ObjectVerdwenen``."""
    gevonden = defaultdict(set)
    for context in contexten:
        _verwijzingen(context, gevonden)
    cache = {}
    for (label, mee), pks in gevonden.items():
        try:
            rijen = apps.get_model(label)._default_manager.select_related(*mee).in_bulk(pks)
        except (LookupError, FieldError, ValueError, TypeError):
            continue  # an unknown model or relation: each mail that uses it fails on its own, with the reason
        for pk, obj in rijen.items():
            cache.setdefault((label, pk), obj)
    return cache


def ontdooi(waarde, _cache=None):
    _cache = {} if _cache is None else _cache
    if isinstance(waarde, dict):
        if "__model__" in waarde:
            sleutel = (waarde["__model__"], waarde["pk"])
            if sleutel not in _cache:
                model = apps.get_model(waarde["__model__"])
                try:
                    _cache[sleutel] = model._default_manager.get(pk=waarde["pk"])
                except model.DoesNotExist as exc:
                    raise ObjectVerdwenen(f"{model._meta.verbose_name} {waarde['pk']} bestaat niet meer") from exc
            return _cache[sleutel]
        if "__datetime__" in waarde:
            return parse_datetime(waarde["__datetime__"])
        if "__date__" in waarde:
            return parse_date(waarde["__date__"])
        return {k: ontdooi(v, _cache) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [ontdooi(v, _cache) for v in waarde]
    return waarde

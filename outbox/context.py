"""Template context stored as JSON: model instances by reference, dates as ISO text.

The mail is rendered by the worker that sends it, so a sweep that writes thousands of mails only
stores a few ids per mail. A referenced row is read again at send time; a row that is gone makes the
mail fail with that reason (visible in the admin), never a half-filled mail."""

from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
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

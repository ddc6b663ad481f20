"""State machines for models with a ``status`` field: the allowed transitions declared once, the guard, one
function that performs a transition and writes its log row, and the database constraints built from the
choices (so a new choice needs no second edit).

A model declares its machine::

    class Voordracht(MetToestanden, models.Model):
        Status = VoordrachtStatus
        OVERGANGEN = Toestanden(VoordrachtStatus, {
            VoordrachtStatus.VOORGEDRAGEN: {VoordrachtStatus.UITGENODIGD, ...},
            VoordrachtStatus.AANGENOMEN: set(),
            ...
        })

and its service does ``overgang(voordracht, Voordracht.Status.UITGENODIGD, door=user)`` inside ``atomic()``
with the row locked, then saves. The log table is found through the reverse accessor (``transities``) and
needs the columns ``van``, ``naar``, ``door`` and ``toelichting``.

The kernel imports no project app: everything here works on whatever model and choices it is given.
"""

from collections.abc import Iterable, Iterator, Mapping
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

TOELICHTING_MAX = 500


class OvergangNietToegestaan(ValidationError):
    """The guard refused a transition: mostly a page opened before someone else (or the same person, on another
    tab or after the back button) moved the row on. ``status`` is the row's status when it was refused, so a view
    can say where it stands now instead of showing the state machine's own words."""

    def __init__(self, bericht, *, obj, status, naar):
        super().__init__(bericht, code="overgang")
        self.obj, self.status, self.naar = obj, status, naar


class Toestanden(Mapping[str, frozenset[str]]):
    """Which status may follow which: ``{from: {to, ...}}``, one key for every choice.

    A mapping (``OVERGANGEN[status]`` gives the allowed next states), checked when the model module loads:
    a choice without an entry, or a target that is no choice, is a programming error, not a user's."""

    def __init__(self, keuzes: type[models.TextChoices], overgangen: Mapping[str, Iterable[str]], *,
                 veld: str = "status", log: str = "transities"):
        self.keuzes, self.veld, self.log = keuzes, veld, log
        bekend = set(keuzes.values)
        genoemd = {str(s) for van, naar in overgangen.items() for s in (van, *naar)}
        zonder, vreemd = bekend - {str(van) for van in overgangen}, genoemd - bekend
        if zonder or vreemd:
            raise ImproperlyConfigured(
                f"{keuzes.__qualname__}: geen overgangen voor {sorted(zonder)}, onbekende statussen {sorted(vreemd)}")
        # Members of the choices (they compare and hash as their string value, so plain strings find them).
        self._overgangen = {keuzes(van): frozenset(keuzes(n) for n in naar) for van, naar in overgangen.items()}

    def __getitem__(self, van: str) -> frozenset[str]:
        return self._overgangen[van]

    def __iter__(self) -> Iterator[str]:
        return iter(self._overgangen)

    def __len__(self) -> int:
        return len(self._overgangen)

    def mag(self, van: str, naar: str) -> bool:
        return naar in self._overgangen.get(van, frozenset())

    def eindtoestanden(self) -> frozenset[str]:
        return frozenset(van for van, naar in self._overgangen.items() if not naar)

    def controleer(self, obj: models.Model, naar: str) -> None:
        """Raise a Dutch ``ValidationError`` when ``obj`` may not go to ``naar``."""
        van = getattr(obj, self.veld)
        if not self.mag(van, naar):
            raise OvergangNietToegestaan(
                _("Een %(wat)s met status '%(van)s' kan niet naar '%(naar)s'.")
                % {"wat": obj._meta.verbose_name, "van": self._label(van), "naar": self._label(naar)},
                obj=obj, status=van, naar=naar,
            )

    def label(self, waarde: str) -> str:
        return self._label(waarde)

    def _label(self, waarde: str) -> str:
        try:
            return self.keuzes(waarde).label
        except ValueError:
            return str(waarde)


class MetToestanden:
    """Mixin for a model with ``OVERGANGEN = Toestanden(...)``: the guards the views and services ask."""

    OVERGANGEN: ClassVar[Toestanden]

    def kan_naar(self, status: str) -> bool:
        return self.OVERGANGEN.mag(getattr(self, self.OVERGANGEN.veld), status)

    def controleer_overgang(self, status: str) -> None:
        self.OVERGANGEN.controleer(self, status)


def _logregel(obj, *, van: str, naar: str, door, toelichting: str) -> models.Model:
    """``toelichting`` is Dutch text, or lazily translated (a choice's label): the log is read later by others."""
    with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
        toelichting = str(toelichting or "")[:TOELICHTING_MAX]
    return getattr(obj, obj.OVERGANGEN.log).create(van=van, naar=naar, door=door, toelichting=toelichting)


def overgang(obj: MetToestanden, naar: str, *, door, toelichting: str = "") -> models.Model:
    """Move ``obj`` to ``naar`` after the guard and write the log row; returns the log row.

    Does not save ``obj``: the caller saves the status together with what else changed
    (``save(update_fields=[...])``). Call inside ``atomic()`` with the row locked (``select_for_update``), or
    a second request may move the same row from the same state. ``door`` is None when the system did it."""
    obj.controleer_overgang(naar)
    machine = obj.OVERGANGEN
    van = getattr(obj, machine.veld)
    setattr(obj, machine.veld, naar)
    return _logregel(obj, van=van, naar=naar, door=door, toelichting=toelichting)


def begin_vastleggen(obj: MetToestanden, *, door, toelichting: str = "") -> models.Model:
    """The first log row of a new ``obj``: from nothing (``van=""``) to its current status."""
    return _logregel(obj, van="", naar=getattr(obj, obj.OVERGANGEN.veld), door=door, toelichting=toelichting)


def aantekening(obj: MetToestanden, *, door, toelichting: str) -> models.Model:
    """A log row without a change of status (a plaatsing extended): ``van`` and ``naar`` are both the current
    status."""
    status = getattr(obj, obj.OVERGANGEN.veld)
    return _logregel(obj, van=status, naar=status, door=door, toelichting=toelichting)


# --- database constraints built from the choices ---------------------------------------------------


def in_keuzes(veld: str, keuzes: type[models.TextChoices], *, leeg: bool = False) -> models.Q:
    """``Q(veld__in=keuzes.values)``, or also the empty string with ``leeg=True``."""
    waarden = list(keuzes.values) + ([""] if leeg else [])
    return models.Q(**{f"{veld}__in": waarden})


def keuze_constraint(veld: str, keuzes: type[models.TextChoices], *, name: str,
                     leeg: bool = False) -> models.CheckConstraint:
    """A ``CheckConstraint`` that ``veld`` holds one of ``keuzes`` (or ``""`` with ``leeg=True``). A new choice
    changes the condition, so ``makemigrations`` writes the migration: nobody has to remember it."""
    return models.CheckConstraint(condition=in_keuzes(veld, keuzes, leeg=leeg), name=name)

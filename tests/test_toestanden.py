"""The shared state machine helper on its own: a declaration that forgets a choice or names an unknown one is
refused when the module loads, and the map answers like a mapping."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from klantreis.lib.toestanden import Toestanden, in_keuzes


class Licht(models.TextChoices):
    ROOD = "rood", "Rood"
    GROEN = "groen", "Groen"


def test_every_choice_needs_an_entry():
    with pytest.raises(ImproperlyConfigured, match=r"geen overgangen voor \['groen'\]"):
        Toestanden(Licht, {Licht.ROOD: {Licht.GROEN}})


def test_a_target_must_be_a_choice():
    with pytest.raises(ImproperlyConfigured, match=r"onbekende statussen \['oranje'\]"):
        Toestanden(Licht, {Licht.ROOD: {"oranje"}, Licht.GROEN: set()})


def test_the_map_answers_with_plain_strings_and_members():
    licht = Toestanden(Licht, {Licht.ROOD: {Licht.GROEN}, Licht.GROEN: {Licht.ROOD}})
    assert licht.mag("rood", "groen") and licht.mag(Licht.GROEN, Licht.ROOD)
    assert not licht.mag("rood", "rood") and not licht.mag("zomaar", "rood")
    assert licht["rood"] == {Licht.GROEN}
    assert sorted(licht) == ["groen", "rood"]


def test_in_keuzes_follows_the_choices():
    assert in_keuzes("status", Licht) == models.Q(status__in=["rood", "groen"])
    assert in_keuzes("reden", Licht, leeg=True) == models.Q(reden__in=["rood", "groen", ""])

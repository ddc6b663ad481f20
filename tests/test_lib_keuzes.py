"""klantreis.lib.keuzes: get_FOO_display builds a field's choices once and gives what Django's own gives."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models.base import Model
from django.utils import translation

from klantreis.lib.keuzes import _weergave
from werkzoekenden.models import Kandidaat


def _velden_met_keuzes():
    """The portal's own models (a third-party field may refuse a value it does not know when it is set)."""
    eigen = Path(settings.BASE_DIR)
    for model in apps.get_models():
        pad = Path(model._meta.app_config.path)
        if eigen not in pad.parents or ".venv" in pad.parts:
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_generated_display_method_uses_the_cached_choices():
    velden = list(_velden_met_keuzes())
    assert len(velden) > 40  # the portal's own models: 49 choice fields
    for model, field in velden:
        methode = model.__dict__[f"get_{field.name}_display"]
        assert methode.func is _weergave, f"{model.__name__}.{field.name}"


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_the_same_label_as_django_for_every_choice_and_an_unknown_value(taal):
    with translation.override(taal):
        for model, field in _velden_met_keuzes():
            for waarde in [waarde for waarde, _label in field.flatchoices] + ["iets-onbekends", None]:
                obj = model()
                setattr(obj, field.attname, waarde)
                verwacht = Model._get_FIELD_display(obj, field=field)
                assert getattr(obj, f"get_{field.name}_display")() == verwacht, (model, field.name, waarde)


def test_the_label_follows_the_active_language():
    kandidaat = Kandidaat(uitkering=Kandidaat.Uitkering.GEEN)
    with translation.override("nl"):
        nl = kandidaat.get_uitkering_display()
    with translation.override("en"):
        en = kandidaat.get_uitkering_display()
    with translation.override("nl"):
        assert kandidaat.get_uitkering_display() == nl
    assert nl != en

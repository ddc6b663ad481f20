"""The beheerder's admin is Dutch, also the screens of django-celery-beat, which ships no Dutch catalog of its own:
locale/nl holds one with only its msgids (the portal's own msgids are Dutch, translated in locale/en)."""

import gettext
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.template.defaultfilters import pluralize
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _beat
from django_celery_beat.models import CrontabSchedule, PeriodicTask

NL_PO = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
NL_MO = NL_PO.with_suffix(".mo")
EN_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# django-celery-beat's words that are the same in Dutch.
ZELFDE_IN_HET_NEDERLANDS = {"interval", "crontab", "crontabs", "Crontab", "Exchange"}


def po_berichten(pad):
    """The entries of a .po file: [(flags, msgid, msgid_plural or None, [msgstr, ...])], the header left out."""
    berichten = []
    for blok in pad.read_text(encoding="utf-8").split("\n\n"):
        regels = [r for r in blok.strip().split("\n") if r]  # not splitlines(): a text may hold U+2028
        flags = {f.strip() for r in regels if r.startswith("#,") for f in r[2:].split(",")}
        delen, sleutel = {}, None
        for regel in regels:
            if regel.startswith("#"):
                continue
            kop = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "', regel)
            if kop:
                sleutel = kop.group(1)
                delen[sleutel] = ""
            delen[sleutel] += re.search(r'"(.*)"$', regel).group(1).replace('\\"', '"').replace("\\n", "\n")
        if delen.get("msgid"):
            msgstrs = [v for k, v in sorted(delen.items()) if k.startswith("msgstr")]
            berichten.append((flags, delen["msgid"], delen.get("msgid_plural"), msgstrs))
    return berichten


@pytest.fixture
def beheerder_client(client, wereld):
    client.force_login(wereld.beheerder)
    return client


@pytest.mark.django_db
def test_the_admin_index_names_the_periodic_task_screens_in_dutch(beheerder_client):
    html = beheerder_client.get(reverse("admin:index")).content.decode()
    for woord in ("Periodieke taken", "Intervallen", "Crontabs", "Zonnestanden", "Eenmalige tijdstippen"):
        assert woord in html
    for engels in ("Periodic tasks", "Periodic Tasks", "Intervals", "Solar events", "Clocked"):
        assert engels not in html


def _crontab():
    return CrontabSchedule.objects.create(minute="0", hour="3")


@pytest.mark.django_db
def test_the_periodic_task_list_is_dutch(beheerder_client):
    PeriodicTask.objects.create(name="Nachtelijke opruiming", task="taken.opruimen", crontab=_crontab())
    html = beheerder_client.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()
    assert "Selecteer periodieke taak om te wijzigen" in html  # Django's "Selecteer %s om te wijzigen"
    assert "Geselecteerde taken inschakelen" in html  # an action of django-celery-beat
    assert ">Ingeschakeld<" in html  # a column
    assert "Periodic tasks" not in html and "periodic task" not in html.lower()
    assert "Enable selected tasks" not in html


@pytest.mark.django_db
def test_an_action_on_periodic_tasks_answers_in_dutch(beheerder_client):
    taken = [PeriodicTask.objects.create(name=f"Taak {i}", task="taken.opruimen", crontab=_crontab(), enabled=False)
             for i in range(2)]
    antwoord = beheerder_client.post(reverse("admin:django_celery_beat_periodictask_changelist"), {
        "action": "enable_tasks", admin.helpers.ACTION_CHECKBOX_NAME: [t.pk for t in taken]}, follow=True)
    assert "2 taken zijn ingeschakeld" in antwoord.content.decode()


def test_the_message_after_running_tasks_reads_as_dutch():
    """django-celery-beat glues "task" + pluralize() + "was"/"were": the Dutch keeps its placeholders, but prints
    the English "s" ({1}) with no characters and takes the whole noun and verb from "was,were"."""
    with translation.override("nl"):
        zin = [_beat("{0} task{1} {2} successfully run").format(n, pluralize(n), pluralize(n, _beat("was,were")))
               for n in (1, 3)]
    assert zin == ["1 taak is gestart", "3 taken zijn gestart"]


@pytest.mark.django_db
def test_the_periodic_task_form_is_dutch(beheerder_client):
    html = beheerder_client.get(reverse("admin:django_celery_beat_periodictask_add")).content.decode()
    assert "periodieke taak toevoegen" in html  # Django's "%s toevoegen"
    for label in ("Naam", "Taak (geregistreerd)", "Ingeschakeld", "Planning", "Uitvoeringsopties",
                  "Positionele argumenten", "Eenmalig tijdstip"):
        assert f"{label}" in html
    assert "Kies maar één soort planning en laat de andere leeg." in html  # a help text
    for engels in ("Task (registered)", "Execution Options", "Positional Arguments", "Set only one schedule type"):
        assert engels not in html


@pytest.mark.django_db
def test_a_beheerder_who_chose_english_keeps_the_english_screens(beheerder_client):
    """English does not fall back to the Dutch catalog (Django gives no fallback for English)."""
    beheerder_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = beheerder_client.get(reverse("admin:django_celery_beat_periodictask_add")).content.decode()
    assert "Task (registered)" in html and "Taak (geregistreerd)" not in html


def test_every_dutch_message_is_translated_and_not_fuzzy():
    berichten = po_berichten(NL_PO)
    assert len(berichten) > 100
    for flags, msgid, _meervoud, msgstrs in berichten:
        assert "fuzzy" not in flags, msgid
        assert msgstrs and all(msgstrs), msgid


def test_the_compiled_catalog_is_the_po_file():
    """The .mo is what Django reads; a .po changed without msgfmt would not show."""
    with NL_MO.open("rb") as f:
        mo = gettext.GNUTranslations(f)
    for _flags, msgid, meervoud, msgstrs in po_berichten(NL_PO):
        if meervoud:
            assert [mo.ngettext(msgid, meervoud, n) for n in (1, 2)] == msgstrs, msgid
        else:
            assert mo.gettext(msgid) == msgstrs[0], msgid


def _celery_beat_teksten():
    """What django-celery-beat shows: app and model names, field labels and help texts, choices, its admin's actions,
    fieldsets and form labels (with plain texts among them, such as Django's "ID": the caller keeps the lazy ones)."""
    config = apps.get_app_config("django_celery_beat")
    teksten = [config.verbose_name]
    for model in config.get_models():
        teksten += [model._meta.verbose_name, model._meta.verbose_name_plural]
        for veld in model._meta.get_fields():
            teksten += [getattr(veld, naam, "") for naam in ("verbose_name", "help_text")]
            teksten += [label for _waarde, label in (getattr(veld, "choices", None) or [])]
        model_admin = admin.site._registry.get(model)
        if model_admin:
            teksten += [naam for naam, _opties in (model_admin.fieldsets or []) if naam]
            teksten += [getattr(model_admin, actie).short_description for actie in model_admin.actions or ()]
            if model_admin.form is not None and hasattr(model_admin.form, "declared_fields"):
                teksten += [veld.label for veld in model_admin.form.declared_fields.values() if veld.label]
    return teksten


def test_every_text_of_django_celery_beat_has_dutch():
    """A new django-celery-beat version with a new field or action would show English until it is translated."""
    teksten = [t for t in _celery_beat_teksten() if isinstance(t, Promise)]
    assert len(teksten) > 80
    with translation.override("nl"):
        onvertaald = {str(t) for t in teksten if str(t) == t._args[0]} - ZELFDE_IN_HET_NEDERLANDS
    assert onvertaald == set()


def test_the_dutch_catalog_changes_no_text_of_django_its_apps_or_the_portal():
    """locale/nl wins over every other catalog, on every page: a msgid that Django or an installed app also uses
    (the admin's "Home", auth's "Enabled") must keep the Dutch the site showed without it, and the portal's own
    (Dutch) msgids must not be in it at all."""
    with override_settings(LOCALE_PATHS=[]):
        zonder = translation.trans_real.DjangoTranslation("nl")._catalog  # Django's and the apps' nl, merged
    assert zonder["Home"] == "Voorpagina"
    portaal = {msgid for _f, msgid, _m, _s in po_berichten(EN_PO)}
    anders = []
    for _flags, msgid, meervoud, msgstrs in po_berichten(NL_PO):
        assert msgid not in portaal, msgid
        sleutels = [(msgid, i) for i in range(len(msgstrs))] if meervoud else [msgid]
        for sleutel, msgstr in zip(sleutels, msgstrs, strict=True):
            if sleutel in zonder and zonder[sleutel] != msgstr:
                anders.append((sleutel, zonder[sleutel], msgstr))
    assert anders == []


@pytest.mark.django_db
def test_the_second_factors_and_login_links_have_dutch_columns(beheerder_client, wereld):
    """allauth's Authenticator and SocialAccount name some fields in English only ("user", "created at"); our admin
    shows them under Dutch names."""
    auth = Authenticator.objects.create(user=wereld.accountmanager, type=Authenticator.Type.RECOVERY_CODES, data={},
                                        created_at=datetime(2026, 3, 5, 9, 30, tzinfo=UTC))
    SocialAccount.objects.create(user=wereld.werkzoekende_user, provider="digid", uid="s-123")
    lijst = beheerder_client.get(reverse("admin:mfa_authenticator_changelist")).content.decode()
    for kop in ("Gebruiker", "Soort", "Aangemaakt op", "Laatst gebruikt op"):
        assert f">{kop}</a>" in lijst  # a column one can sort on
    assert all(f"Op {titel}" in lijst for titel in ("soort", "aangemaakt op", "laatst gebruikt op"))  # the filters
    pagina = beheerder_client.get(reverse("admin:mfa_authenticator_change", args=[auth.pk])).content.decode()
    assert "Gebruiker:" in pagina and "Laatst gebruikt op:" in pagina and "Herstelcodes" in pagina
    # The dates as Django shows a date field: in the portal's time zone and words, "-" for none.
    assert '<div class="readonly">5 maart 2026 10:30</div>' in pagina
    assert '<div class="readonly">-</div>' in pagina and '<div class="readonly">None</div>' not in pagina
    koppelingen = beheerder_client.get(reverse("admin:socialaccount_socialaccount_changelist")).content.decode()
    assert ">Gebruiker</a>" in koppelingen
    for engels in (">User<", "Created at", "Last used at", "created at", "last used at"):
        assert engels not in lijst + pagina + koppelingen


@pytest.mark.django_db
def test_the_lists_of_second_factors_and_login_links_have_dutch_names(beheerder_client, wereld):
    """The admin's index said "MFA: Authenticators" and "Social accounts" (allauth's own names): a beheerder looking
    for a colleague's lost phone found an English word, in the menu, the title and the breadcrumbs too."""
    index = beheerder_client.get(reverse("admin:index")).content.decode()
    for engels in (">Authenticators<", ">MFA<", ">Social accounts<"):
        assert engels not in index
    assert ">Tweede stappen<" in index and ">Koppelingen met DigiD of eHerkenning<" in index
    assert ">Inloggen in twee stappen<" in index
    Authenticator.objects.create(user=wereld.accountmanager, type=Authenticator.Type.RECOVERY_CODES, data={})
    lijst = beheerder_client.get(reverse("admin:mfa_authenticator_changelist")).content.decode()
    assert "Selecteer tweede stap om te bekijken" in lijst
    assert "Authenticators" not in lijst and "MFA" not in lijst  # the menu, the breadcrumbs, the count


@pytest.mark.django_db
def test_the_page_to_delete_a_second_factor_says_whose_it_is(beheerder_client, wereld):
    """It asked "Weet u zeker dat u tweede stap 'TOTP Authenticator' wilt verwijderen?" without the person's name."""
    auth = Authenticator.objects.create(user=wereld.accountmanager, type=Authenticator.Type.TOTP, data={})
    html = beheerder_client.get(reverse("admin:mfa_authenticator_delete", args=[auth.pk])).content.decode()
    assert (f"Van wie: {wereld.accountmanager.get_full_name()} ({wereld.accountmanager.email}). Die persoon krijgt "
            "hierover een e-mail.") in html


@pytest.mark.django_db
def test_after_deleting_a_second_factor_the_beheerder_is_back_on_the_list(beheerder_client, wereld):
    """She landed on the admin's index, away from the person's other factors (a lost phone: the app and the codes)."""
    auth = Authenticator.objects.create(user=wereld.accountmanager, type=Authenticator.Type.TOTP, data={})
    antwoord = beheerder_client.post(reverse("admin:mfa_authenticator_delete", args=[auth.pk]), {"post": "yes"})
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("admin:mfa_authenticator_changelist")
    assert not Authenticator.objects.filter(pk=auth.pk).exists()

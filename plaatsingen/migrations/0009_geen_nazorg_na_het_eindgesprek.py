"""The end call of a plaatsing is its last nazorg call (``services.gewenste_momenten``, since e571acf). Plaatsingen
signed before that still have a 2- or 6-week moment on or after their end call: a second call (and a second "Hoe gaat
het?" mail) at the same hour, or a call about a plaatsing that is over. Those moments go, when they are still to
come and nobody handled them yet.

Only a moment that no sweep claimed (``verwerkt_op`` empty) and that has no outcome, no check-in and lies in the
future goes. The sweep writes its check-ins, reminder and check-in mails (outbox), tasks and meldingen only when it
claims a moment, so such a moment has none of them yet and nothing about it can go out after it is gone; a
waiting mail keyed to it is stopped all the same (``vervallen``). The agenda reads the moments as they are. Extra
moments, planned by hand, stay.

In batches (a few per plaatsing, but every running plaatsing has some); running it twice changes nothing the
second time. Going back leaves the moments gone: they were never wanted."""

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

BATCH = 1000
WEEK = ["2weken", "6weken"]
EINDE = ["einde_proef", "einde_contract"]


def na_het_eindgesprek(apps, schema_editor, *, nu=None, batch=BATCH):
    NazorgMoment = apps.get_model("plaatsingen", "NazorgMoment")
    Mail = apps.get_model("outbox", "Mail")
    nu = nu or timezone.now()
    # The latest end call counts: an extension after the end call was held plans a new one.
    einde = (NazorgMoment.objects.filter(plaatsing_id=OuterRef("plaatsing_id"), soort__in=EINDE)
             .values("plaatsing_id").annotate(laatste=Max("gepland_op")).values("laatste"))
    te_veel = (NazorgMoment.objects.filter(soort__in=WEEK, verwerkt_op__isnull=True, uitkomst="", gepland_op__gt=nu,
                                           checkins__isnull=True)
               .annotate(einde=Subquery(einde)).filter(einde__isnull=False, gepland_op__gte=Subquery(einde)))
    vanaf = 0
    while True:
        ids = list(te_veel.filter(pk__gt=vanaf).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return
        # The sweep's keys: "nazorg:<moment>:herinnering:<adres>" and "checkin:<moment>:<rol>:<adres>".
        sleutels = rf"^(nazorg|checkin):({'|'.join(map(str, ids))}):"
        Mail.objects.filter(status="wacht", sleutel__regex=sleutels).update(status="vervallen")
        NazorgMoment.objects.filter(pk__in=ids, verwerkt_op__isnull=True, uitkomst="").delete()
        vanaf = ids[-1]


class Migration(migrations.Migration):

    dependencies = [
        ("plaatsingen", "0008_regelingaanvraag"),
        ("outbox", "0004_mail_vervallen"),
    ]

    operations = [
        migrations.RunPython(na_het_eindgesprek, migrations.RunPython.noop),
    ]

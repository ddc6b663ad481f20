"""One function per e-mail. Every mail has a text and an HTML version. It is written to the outbox in the
transaction of the change (one row per recipient) and sent by a mail worker after commit, so a rolled-back
change never sends mail and a broker outage never loses one (see ``outbox.services``)."""

from django.conf import settings
from django.urls import reverse

from outbox.services import mail_klaarzetten


def queue_email(*, to, subject, template, context, attachments=(), sleutel=None, zolang=None):
    """Put ``<template>.txt`` (and ``<template>.html``, or the text in the HTML house style) in the outbox
    for each address in ``to``; rendered by the worker that sends it. ``zolang`` (``outbox.context.zolang``): sent
    only while that still holds."""
    return mail_klaarzetten(aan=to, onderwerp=subject, template=template, context=context, bijlagen=attachments,
                            sleutel=sleutel, zolang=zolang)


def queue_rendered_email(*, to, subject, text, html):
    """A mail rendered elsewhere (allauth): into the outbox as it is. The prefix is already in the subject."""
    return mail_klaarzetten(aan=to, onderwerp=subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX),
                            tekst=text, html=html)


def uitnodiging_email(*, gebruiker, uitnodiger, uidb64, token):
    link = settings.SITE_URL + reverse("uitnodiging_accepteren", args=[uidb64, token])
    queue_email(
        to=[gebruiker.email],
        subject="Je uitnodiging voor het portaal" if gebruiker.leest_je else "Uw uitnodiging voor het portaal",
        template="emails/uitnodiging",
        context={
            "gebruiker": gebruiker,
            "uitnodiger": uitnodiger,
            "link": link,
            "geldig_dagen": settings.PASSWORD_RESET_TIMEOUT // 86400,
        },
    )


def tweede_stap_verwijderd_email(*, gebruiker):
    """The beheerder removed a second factor (a lost phone): the person hears it, so that a removal nobody asked for
    (an account taken over, a mistake) does not go unnoticed while the account logs in with a password only."""
    queue_email(
        to=[gebruiker.email],
        subject="Je tweede inlogstap is verwijderd" if gebruiker.leest_je else "Uw tweede inlogstap is verwijderd",
        template="emails/tweede_stap_verwijderd",
        context={"gebruiker": gebruiker, "link": settings.SITE_URL + reverse("account_login")},
    )

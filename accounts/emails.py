"""One function per e-mail. Every mail has a text and an HTML version and leaves via Celery
after the surrounding transaction commits, so a rolled-back change never sends mail."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.tasks import send_email_task


def queue_email(*, to, subject, template, context):
    """Render ``<template>.txt`` and ``<template>.html`` and queue them for sending on commit."""
    context = {"site_url": settings.SITE_URL, **context}
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject
    transaction.on_commit(
        lambda: send_email_task.delay(to=list(to), subject=subject, text=text, html=html)
    )


def queue_rendered_email(*, to, subject, text, html):
    transaction.on_commit(
        lambda: send_email_task.delay(to=list(to), subject=subject, text=text, html=html)
    )


def uitnodiging_email(*, gebruiker, uitnodiger, uidb64, token):
    link = settings.SITE_URL + reverse("uitnodiging_accepteren", args=[uidb64, token])
    queue_email(
        to=[gebruiker.email],
        subject="Uw uitnodiging voor het portaal",
        template="emails/uitnodiging",
        context={
            "gebruiker": gebruiker,
            "uitnodiger": uitnodiger,
            "link": link,
            "geldig_dagen": settings.PASSWORD_RESET_TIMEOUT // 86400,
        },
    )

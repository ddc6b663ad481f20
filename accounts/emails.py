"""One function per e-mail. Every mail has a text and an HTML version and leaves via Celery
after the surrounding transaction commits, so a rolled-back change never sends mail."""

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from accounts.tasks import send_email_task


def render_text(template_name, context):
    """Plain-text mail: no HTML escaping (an apostrophe stays an apostrophe)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def queue_email(*, to, subject, template, context, attachments=()):
    """Render ``<template>.txt`` (and ``<template>.html``, or the text in the HTML house style) and
    queue the mail for sending once the current transaction commits."""
    to = sorted({adres.strip().lower() for adres in to if adres})
    if not to:
        return
    context = {"site_url": settings.SITE_URL, **context}
    text = render_text(f"{template}.txt", context).strip() + "\n"
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = render_to_string("emails/basis.html", {**context, "tekst": text, "onderwerp": subject})
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject
    attachments = [list(a) for a in attachments]
    transaction.on_commit(
        lambda: send_email_task.delay(to=to, subject=subject, text=text, html=html, attachments=attachments)
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

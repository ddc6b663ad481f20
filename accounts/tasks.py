from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_email_task(self, *, to, subject, text, html, from_email=None, attachments=()):
    """Send one rendered e-mail; retried when the mail server is away.

    ``attachments`` is a list of ``[filename, content, mimetype]`` (JSON-serialisable).
    """
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except OSError as exc:
        raise self.retry(exc=exc) from exc
    return len(to)


@shared_task
def verlopen_uitnodigingen_opruimen_task():
    # The one import left inside a function, on purpose: accounts.services -> accounts.emails -> this module
    # (send_email_task) is a cycle that ends when the e-mail outbox replaces send_email_task; then this import
    # moves to the top of the module.
    from accounts.services import verlopen_uitnodigingen_opruimen

    return verlopen_uitnodigingen_opruimen()


@shared_task
def ping_task(waarde):
    """Answers with what it got; used to check that a worker is alive (health check, CI)."""
    return {"pong": waarde}

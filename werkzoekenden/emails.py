from accounts.emails import queue_email


def nieuwe_contactpersoon(kandidaat, *, vorige, nieuw):
    adres = kandidaat.account.email if kandidaat.account_id else kandidaat.email
    queue_email(to=[adres], subject="Je nieuwe contactpersoon", template="emails/werkzoekenden/nieuwe_contactpersoon",
                context={"k": kandidaat, "vorige": vorige, "nieuw": nieuw})

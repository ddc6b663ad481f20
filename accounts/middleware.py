from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class NederlandsEerstMiddleware(LocaleMiddleware):
    """Dutch first: the portal speaks Dutch unless the user chose another language (the language
    cookie set by the switch in the header). A browser's Accept-Language does not override that."""

    def process_request(self, request):
        taal = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if taal not in dict(settings.LANGUAGES):
            taal = settings.LANGUAGE_CODE
        translation.activate(taal)
        request.LANGUAGE_CODE = translation.get_language()

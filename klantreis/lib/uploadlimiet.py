"""An upload that is too big is refused before its body is read.

``UploadLimietMiddleware`` stands before every middleware that reads the body (CSRF, the NUL check): a request
that announces more than ``UPLOAD_MAX_BYTES`` gets a Dutch 413 page after reading only its headers. The body is
set aside unread, so the middlewares after it still run (the session and the user: the page shows the person
logged in, in the normal layout), and the page is answered before any view or CSRF check (``process_view``).
``UploadLimietHandler`` guards a body whose size was not announced: it stops reading once the files in it pass
the limit and tells the view (``request.upload_te_groot``), so the form can say so.
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict

# The largest file a form accepts (cv, document, bijlage, bewijs): what the forms and this page say.
# UPLOAD_MAX_BYTES, the largest body, leaves room for the form around it.
BESTAND_MAX_BYTES = 10 * 1024 * 1024


def _max_mb():
    return round(min(BESTAND_MAX_BYTES, settings.UPLOAD_MAX_BYTES) / 1024 / 1024)


class UploadLimietMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            lengte = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lengte = 0
        if lengte > settings.UPLOAD_MAX_BYTES:
            # The body stays unread: nothing after this reads it (an empty form, an empty stream). (Connection is a
            # hop-by-hop header WSGI leaves to the server.)
            request.upload_geweigerd = True
            request._stream, request._body = BytesIO(), b""
            request._post, request._files = QueryDict(), MultiValueDict()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Before CsrfViewMiddleware's process_view (the order of MIDDLEWARE): the emptied form has no token.
        if getattr(request, "upload_geweigerd", False):
            return render(request, "upload_te_groot.html", {"max_mb": _max_mb()}, status=413)
        return None


class UploadLimietHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: counts the bytes of every file in a multipart body and stops the upload
    (without reading the rest) when they pass the limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.gelezen = 0

    def receive_data_chunk(self, raw_data, start):
        self.gelezen += len(raw_data)
        if self.gelezen > settings.UPLOAD_MAX_BYTES:
            if self.request is not None:
                self.request.upload_te_groot = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None

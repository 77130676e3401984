from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .errors import BadParameter, bad_request


class LanguageMiddleware:
    """Swedish unless the user has chosen another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; staff on an English
    browser would then meet an English app they never chose. The choice lives in the language
    cookie that Django's ``set_language`` view sets.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class BadParameterMiddleware:
    """A ``BadParameter`` raised by a view becomes the 400 page (JSON under /api/).

    Without it Django would show its debug page for a ``BadRequest`` while ``DEBUG`` is on;
    with it the page is the same in development and production, and views need no
    try/except around the parameters they read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):
            return bad_request(request, exception)
        return None


class AdminQueryMiddleware:
    """An admin address holding NUL is a 400.

    The admin reads its searches and filters straight from the query string into queries (a
    list's lookups such as ``?kind=``, the autocomplete's ``term``), and PostgreSQL refuses NUL
    in any query: a 500. The site's own views read every parameter through a parser instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")) and any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            return bad_request(
                request,
                BadParameter(
                    _("The address holds a NUL character, which nothing can be searched for.")
                ),
            )
        return self.get_response(request)

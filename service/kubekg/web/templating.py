"""Jinja2 templates of the pages (``templates/``), with the helpers every page uses.

:func:`render` picks the UI language (:mod:`kubekg.web.i18n`), gives the template ``t`` (its strings),
``url`` (a path under the app's root path), ``asset`` (a file of ``static/``), ``vendored`` (a vendored
file) and ``href`` (the page of an entity IRI), and keeps a language asked for by ``?lang=`` in a cookie.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from kubekg import __version__
from kubekg.graph.namespaces import PREFIXES, RESOURCE
from kubekg.graph.rdf_terms import curie
from kubekg.web import i18n
from kubekg.web.static_files import vendored

_env = Environment(
    loader=PackageLoader("kubekg.web", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=_env)
COOKIE_SECONDS = 365 * 24 * 3600


def entity_name(iri: str | None) -> str | None:
    """NAME of an IRI ``kr:NAME`` (it has a page at ``/resource/NAME``), else None."""
    if iri and iri.startswith(RESOURCE) and "/" not in iri[len(RESOURCE) :]:
        return iri[len(RESOURCE) :]
    return None


def render(request: Request, name: str, context: dict, status_code: int = 200) -> HTMLResponse:
    """The page ``name`` in the request's UI language."""
    lang, asked = i18n.choose(request)
    root = request.scope.get("root_path", "").rstrip("/")

    def url(path: str, **params: object) -> str:
        query = urlencode({k: v for k, v in params.items() if v is not None})
        return f"{root}{path}" + (f"?{query}" if query else "")

    def href(iri: str | None) -> str | None:
        local = entity_name(iri)
        return url(f"/resource/{local}") if local else None

    def switch(to: str) -> str:
        """This page in language ``to``: the same URL with ``lang`` replaced."""
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", to)]
        return f"{request.url.path}?{urlencode(params)}"  # the URL's path already holds the root path

    page = {
        "request": request,
        "lang": lang,
        "other_langs": [code for code in i18n.LANGUAGES if code != lang],
        "languages": i18n.LANGUAGES,
        "t": partial(i18n.translate, lang),
        "name_of": lambda code: i18n.translate(code, "lang_name"),
        "url": url,
        "asset": lambda path: url(f"/static/{path}"),
        "vendored": lambda package, file: url(f"/static/{vendored(package, file)}"),
        "href": href,
        "switch": switch,
        "curie": curie,
        "namespace": RESOURCE,
        "prefixes": PREFIXES,
        "version": __version__,
        **context,
    }
    response = templates.TemplateResponse(request, name, page, status_code=status_code)
    response.headers["Vary"] = "Accept, Accept-Language, Cookie"
    response.headers["Content-Language"] = lang
    if asked:
        response.set_cookie(i18n.COOKIE, lang, max_age=COOKIE_SECONDS, samesite="lax")
    return response

"""The web pages people use: ask (``/``), the SPARQL editor, entity pages with a neighbourhood graph.

Server-rendered Jinja2 templates (``templates/``), UI strings in one message file per language
(``messages/``), and a little plain JavaScript that enhances pages which work without it. Every script and
style sheet is served from the package (``static/``); the front-end libraries are vendored from npm by
``make vendor`` and listed with their versions and hashes in ``static/vendor/manifest.json``.
"""

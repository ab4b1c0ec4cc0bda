"""The page Chainlit serves declares German (`<html lang="de">`): screen readers read it with a German voice."""

from __future__ import annotations

from collections.abc import Callable

ENGLISH_TAG = '<html lang="en">'
GERMAN_TAG = '<html lang="de">'


def german_page(template: Callable[[str], str]) -> Callable[[str], str]:
    """Chainlit's page builder, with the language tag of its compiled index.html set to German."""

    def build(root_path: str) -> str:
        return template(root_path).replace(ENGLISH_TAG, GERMAN_TAG, 1)

    build.__name__ = "german_page"
    return build


def serve_german_page() -> None:
    """Make Chainlit's catch-all page route (it looks the builder up on each request) serve German; idempotent."""
    import chainlit.server as server

    if server.get_html_template.__name__ != "german_page":
        server.get_html_template = german_page(server.get_html_template)

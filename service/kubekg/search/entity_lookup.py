"""Finding one entity by what a person or a model calls it: an IRI, a CURIE, a local name or any label.

>>> lookup = EntityLookup(Catalogue.build(kb))
>>> lookup.resolve("크라이씨티엘")
'https://w3id.org/kubekg/resource/crictl'
>>> lookup.resolve("kubelett")                       # doctest: +SKIP
UnknownEntity: no entity is called 'kubelett'; close matches: kubelet (kr:kubelet), ...

Labels are compared as the entity linker compares them (case, spacing, hyphens and punctuation
ignored), in either language. A label several entities share resolves to none of them: the error
lists the candidates instead of guessing.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from kubekg.errors import KubekgError
from kubekg.graph.catalogue import Catalogue, Term
from kubekg.graph.namespaces import PREFIXES, RESOURCE
from kubekg.graph.rdf_terms import curie
from kubekg.search.text_normalize import label_key

#: How many close matches an error lists.
MAX_SUGGESTIONS = 5


class UnknownEntity(KubekgError):
    """No entity, or more than one, answers to the name. ``candidates`` are the IRIs worth trying."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class EntityLookup:
    """Every name of every entity and class in a :class:`Catalogue`, resolvable to its IRI."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._by_key: dict[str, set[str]] = defaultdict(set)
        for term in catalogue.terms.values():
            for name in {*term.all_names(), _local_name(term.iri)}:
                if key := label_key(name):
                    self._by_key[key].add(term.iri)

    def resolve(self, name: str) -> str:
        """The IRI ``name`` stands for; raises :class:`UnknownEntity` with close matches otherwise.

        An IRI (``https://...``, ``<...>``) or a CURIE of a project prefix (``kr:crictl``) is returned as
        it is, whether or not the graph mentions it.
        """
        text = name.strip()
        if not text:
            raise UnknownEntity("the entity name is empty: give a label such as 'crictl' or an IRI", [])
        if (iri := self._as_iri(text)) is not None:
            return iri  # taken at its word: the caller checks that the graph mentions it
        found = sorted(self._by_key.get(label_key(text), ()))
        if len(found) == 1:
            return found[0]
        if found:
            raise UnknownEntity(
                f"{text!r} names {len(found)} entities: {self._listing(found)}; ask for one of them by IRI", found
            )
        close = self.close_matches(text)
        hint = f"; close matches: {self._listing(close)}" if close else ""
        raise UnknownEntity(f"no entity is called {text!r}{hint}. search finds entities by description.", close)

    def close_matches(self, text: str, n: int = MAX_SUGGESTIONS) -> list[str]:
        """IRIs of the entities whose names look most like ``text``, best first."""
        keys = difflib.get_close_matches(label_key(text), list(self._by_key), n=n * 3, cutoff=0.6)
        out: list[str] = []
        for key in keys:
            for iri in sorted(self._by_key[key]):
                if iri not in out:
                    out.append(iri)
        return out[:n]

    def entities(self) -> list[Term]:
        """The entities (not classes) in the resource namespace, by IRI."""
        return sorted(
            (t for t in self.catalogue.terms.values() if not t.is_class and t.iri.startswith(RESOURCE)),
            key=lambda t: t.iri,
        )

    def _as_iri(self, text: str) -> str | None:
        if text.startswith(("http://", "https://")):
            return text.strip("<>")
        if text.startswith("<") and text.endswith(">"):
            return text[1:-1]
        prefix, sep, local = text.partition(":")
        if sep and prefix in PREFIXES:
            return PREFIXES[prefix] + local
        return None

    def _listing(self, iris: list[str]) -> str:
        return ", ".join(f"{self.catalogue.label(i, 'en')} ({curie(i)})" for i in iris)


def _local_name(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

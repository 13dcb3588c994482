"""One entity as a chatbot sees it: labels in both languages, facts with the sections that state them,
and the source passages; as a JSON-ready model and as a short Markdown summary.

Built from :func:`kubekg.graph.resource_view.describe`, the same gathering the linked-data pages use.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from kubekg.answer_models import SourcePassage
from kubekg.graph.catalogue import Catalogue
from kubekg.graph.resource_view import Fact, Node, ResourceDescription


class Named(BaseModel):
    iri: str
    label: str = Field(description="The English label (or the CURIE when there is none).")
    label_ko: str | None = Field(None, description="The Korean label, when there is one.")


class FactView(BaseModel):
    predicate: Named
    value: Named | str = Field(description="The other entity, or a text value.")
    sections: list[str] = Field(
        default_factory=list, description="Ids of the source sections that state the fact (see `sources`)."
    )
    inferred: bool = Field(False, description="True when the fact was derived by the ontology's rules.")


class EntityDescription(BaseModel):
    iri: str
    name: str = Field(description="The local name: the entity's resource URI is kubekg://entity/{name}.")
    labels: dict[str, str] = Field(description="The main label per language (en, ko).")
    alt_labels: dict[str, list[str]] = Field(default_factory=dict, description="Other names per language.")
    definitions: dict[str, str] = Field(default_factory=dict, description="A definition per language.")
    types: list[Named] = Field(default_factory=list)
    facts: list[FactView] = Field(default_factory=list, description="Statements with the entity as subject.")
    mentioned_in: list[FactView] = Field(
        default_factory=list, description="Statements with the entity as object (the value is their subject)."
    )
    sources: list[SourcePassage] = Field(default_factory=list, description="The passages the facts cite.")


def _named(node: Node) -> Named:
    return Named(iri=node.value, label=node.label("en"), label_ko=node.labels.get("ko"))


def _fact(fact: Fact, sections: Catalogue | None) -> FactView:
    ids = [_section_id(g, sections) for g in fact.graphs if not fact.inferred]
    return FactView(
        predicate=_named(fact.predicate),
        value=_named(fact.other) if fact.other.is_iri else fact.other.value,
        sections=ids,
        inferred=fact.inferred,
    )


def _section_id(graph: str, catalogue: Catalogue | None) -> str:
    section = catalogue.sections.get(graph) if catalogue else None
    return section["id"] if section else graph.rsplit("/", 1)[-1]


def entity_description(view: ResourceDescription, catalogue: Catalogue | None = None) -> EntityDescription:
    """The model of ``view``; ``catalogue`` supplies the section ids (else the graph's local name)."""
    sources = [
        SourcePassage(
            section_id=_section_id(src.graph, catalogue),
            graph=src.graph,
            title=src.titles.get(lang, ""),
            text=text,
            lang=lang,
        )
        for src in view.sources
        for lang, text in sorted(src.passages.items())
        if lang in ("en", "ko")
    ]
    return EntityDescription(
        iri=view.iri,
        name=view.name,
        labels=view.labels,
        alt_labels=view.alt_labels,
        definitions=view.definitions,
        types=[_named(t) for t in view.types],
        facts=[_fact(f, catalogue) for f in view.facts],
        mentioned_in=[_fact(f, catalogue) for f in view.incoming],
        sources=sources,
    )


def summary_markdown(desc: EntityDescription) -> str:
    """A readable page: labels, definitions, facts (with their sections) and the English passages."""
    title = desc.labels.get("en") or desc.name
    lines = [f"# {title}" + (f" ({desc.labels['ko']})" if desc.labels.get("ko") not in (None, title) else "")]
    lines.append(f"\n`{desc.iri}` · {', '.join(t.label for t in desc.types) or 'no type'}")
    others = sorted({n for names in desc.alt_labels.values() for n in names})
    if others:
        lines.append(f"\nAlso called: {', '.join(others)}")
    for lang in ("en", "ko"):
        if text := desc.definitions.get(lang):
            lines.append(f"\n> {text}")
    for heading, facts, arrow in (("Facts", desc.facts, "→"), ("Mentioned in", desc.mentioned_in, "←")):
        if facts:
            lines.append(f"\n## {heading}\n")
            for f in facts:
                value = f.value.label if isinstance(f.value, Named) else f.value
                where = "inferred" if f.inferred else ", ".join(f.sections)
                lines.append(f"- {f.predicate.label} {arrow} {value}" + (f" [{where}]" if where else ""))
    english = [s for s in desc.sources if s.lang == "en"]
    if english:
        lines.append("\n## Sources\n")
        lines.extend(f"- [{s.section_id}] {s.title}: {s.text}" for s in english)
    return "\n".join(lines) + "\n"

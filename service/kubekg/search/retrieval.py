"""Passage and fact retrieval for search and for retrieval-augmented prompts: dense and lexical fused."""

from __future__ import annotations

from kubekg.answer_models import SearchHit
from kubekg.graph.catalogue import Catalogue
from kubekg.search.semantic_index import SemanticIndex


class Retriever:
    def __init__(self, index: SemanticIndex, catalogue: Catalogue):
        self.index = index
        self.catalogue = catalogue

    def search(self, text: str, lang: str, k: int = 5, kinds: tuple[str, ...] = ("passage", "fact")) -> list[SearchHit]:
        """The ``k`` best passages and verbalised facts in ``lang``, best first, scores in [0, 1]."""
        vector = self.index.embedder.encode_queries([text])[0]
        scored = []
        for kind in kinds:
            col = self.index.collections[kind][lang]
            for item, score in zip(col.items, self.index.fused(kind, lang, text, vector), strict=True):
                scored.append((float(score), item))
        scored.sort(key=lambda si: -si[0])
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for score, item in scored:
            if item.text in seen:
                continue
            seen.add(item.text)
            section = self.catalogue.sections.get(item.section or "", {})
            hits.append(
                SearchHit(
                    id=f"{item.kind}:{item.ref}:{item.lang}",
                    kind=item.kind,
                    text=item.text,
                    lang=item.lang,
                    score=round(max(0.0, min(1.0, score)), 4),
                    section_id=section.get("id"),
                    section_title=section.get("title", {}).get(lang),
                    graph=item.section,
                    entities=list(item.entities) or self._mentioned(item.text, lang),
                )
            )
            if len(hits) == k:
                break
        return hits

    def _mentioned(self, text: str, lang: str) -> list[str]:
        """Entities whose label appears in a passage (for passages, which carry no entity list)."""
        low = text.lower()
        return sorted(
            t.iri
            for t in self.catalogue.terms.values()
            if not t.is_class and any(len(n) > 2 and n.lower() in low for n in t.names.get(lang, ()))
        )

"""Dense (sentence-transformers + faiss) and lexical (character n-gram) indexes over the graph's text.

Four collections: entity and class labels, relation phrasings, source passages and verbalised facts.
Vectors are cached on disk under a key that hashes the ontology and data files, the model and this
module's layout version, so a change to any of them rebuilds the cache and a stale one is never used;
a cache that cannot be read is rebuilt, not fatal.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from kubekg.graph.catalogue import Catalogue
from kubekg.search.embeddings import Embedder
from kubekg.search.lexical import LexicalIndex, NgramVectorizer
from kubekg.search.saved_vectors import load_texts, model_file, save_texts, write_atomically

log = logging.getLogger(__name__)

INDEX_LAYOUT = "2"
PLACEHOLDER = "X"
KINDS = ("label", "phrasing", "passage", "fact")
#: Weight of the dense score in the fused score, per language. The model is English-centred, so Korean
#: leans more on character n-grams; the Korean weight was chosen on data/eval (0.3: F1 0.902, 0.45: 0.911, 0.6: 0.877).
DENSE_WEIGHT = {"en": 0.6, "ko": 0.45}


@dataclass(frozen=True)
class Item:
    kind: str
    text: str
    lang: str
    ref: str  # term, relation, section graph or fact id
    section: str | None = None
    entities: tuple[str, ...] = ()
    direction: str | None = None  # phrasings: "object", "subject", "negated" (yes/no, reversed) or "statement"


@dataclass
class Collection:
    items: list[Item]
    vectors: np.ndarray
    lexical: LexicalIndex
    baseline: float = 0.0  # the cosine of unrelated texts: dense scores are mapped to (cos - b) / (1 - b)
    index: faiss.Index = field(init=False)

    def __post_init__(self) -> None:
        self.index = faiss.IndexFlatIP(self.vectors.shape[1])
        if len(self.items):
            self.index.add(self.vectors)

    def dense_scores(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of the query with every item, in item order."""
        n = len(self.items)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        scores, ids = self.index.search(query_vector.reshape(1, -1), n)
        out = np.zeros(n, dtype=np.float32)
        out[ids[0]] = scores[0]
        if self.baseline:
            out = np.clip((out - self.baseline) / (1.0 - self.baseline), 0.0, 1.0)
        return out


def mask(phrasing: str) -> str:
    return phrasing.replace("{s}", PLACEHOLDER).replace("{o}", PLACEHOLDER)


def fact_ref(s: str, p: str, o: str) -> str:
    """The reference a verbalised fact is indexed under."""
    return f"{s} {p} {o}"


def hop_ref(anchor: str, relation: str, direction: str, other: str) -> str:
    """The reference of the fact one hop from ``anchor`` to ``other`` (direction "object": the anchor is
    its subject; "subject": its object)."""
    return fact_ref(anchor, relation, other) if direction == "object" else fact_ref(other, relation, anchor)


def fact_triple(ref: str) -> tuple[str, str, str]:
    """The (subject, relation, object) a :func:`fact_ref` names."""
    s, p, o = ref.split(" ")
    return s, p, o


def build_items(catalogue: Catalogue, facts: Iterable[tuple[str, str, str, str]]) -> list[Item]:
    """Every text the index holds, in a deterministic order."""
    items: list[Item] = []
    for iri in sorted(catalogue.terms):
        t = catalogue.terms[iri]
        for lang in sorted(t.names):
            items += [Item("label", name, lang, iri) for name in sorted(t.names[lang])]
    for iri in sorted(catalogue.relations):
        r = catalogue.relations[iri]
        for direction in ("object", "subject"):
            for lang in ("en", "ko"):
                phrasings = r.phrasings(direction, lang)
                items += [Item("phrasing", mask(p), lang, iri, direction=direction) for p in phrasings]
        for lang in ("en", "ko"):
            items += [Item("phrasing", mask(p), lang, iri, direction="negated") for p in r.ask_negated.get(lang, [])]
        for lang, statement in sorted(r.statement.items()):
            items.append(Item("phrasing", mask(statement), lang, iri, direction="statement"))
    for g in sorted(catalogue.sections):
        s = catalogue.sections[g]
        for lang in sorted(s["passage"]):
            items.append(Item("passage", s["passage"][lang], lang, g, section=g))
    for s, p, o, g in sorted(set(facts)):
        rel = catalogue.relations.get(p)
        for lang in ("en", "ko"):
            template = rel.statement.get(lang) if rel else None
            if template:
                text = template.replace("{s}", catalogue.label(s, lang)).replace("{o}", catalogue.label(o, lang))
                items.append(Item("fact", text, lang, fact_ref(s, p, o), section=g, entities=(s, o)))
    return items


class SemanticIndex:
    def __init__(self, items: list[Item], vectors: np.ndarray, embedder: Embedder):
        self.embedder = embedder
        vectorizer = NgramVectorizer(i.text for i in items)
        self.baseline = _baseline(vectors) if getattr(embedder, "narrow_band", False) else 0.0
        self.collections: dict[str, dict[str, Collection]] = {}
        for kind in KINDS:
            for lang in ("en", "ko"):
                rows = [n for n, i in enumerate(items) if i.kind == kind and i.lang == lang]
                chosen = [items[n] for n in rows]
                self.collections.setdefault(kind, {})[lang] = Collection(
                    chosen,
                    vectors[rows] if rows else np.zeros((0, embedder.dimension), np.float32),
                    LexicalIndex([i.text for i in chosen], vectorizer),
                    self.baseline,
                )
        self.vectorizer = vectorizer
        self.size = len(items)

    @classmethod
    def load_or_build(cls, items: list[Item], embedder: Embedder, cache_dir: Path, content_key: str) -> SemanticIndex:
        key = hashlib.sha256(
            f"{INDEX_LAYOUT}|{embedder.fingerprint}|{content_key}|".encode()
            + "\n".join(f"{i.kind}\t{i.lang}\t{i.ref}\t{i.text}" for i in items).encode()
        ).hexdigest()[:24]
        path = cache_dir / f"semantic-index-{key}.npy"
        vectors = _read_cache(path, len(items), embedder.dimension)
        built, encoded = vectors is None, 0
        if built:
            vectors, encoded = _encode_items(items, embedder, cache_dir)
            _write_cache(path, vectors)
        index = cls(items, vectors, embedder)
        index.cache_path, index.built, index.encoded = path, built, encoded
        return index

    def fused(self, kind: str, lang: str, text: str, query_vector: np.ndarray | None = None) -> np.ndarray:
        """Fused dense + lexical score of ``text`` against every item of one collection."""
        col = self.collections[kind][lang]
        if not col.items:
            return np.zeros(0, dtype=np.float32)
        if query_vector is None:
            query_vector = self.embedder.encode_queries([text])[0]
        w = DENSE_WEIGHT.get(lang, 0.5)
        return w * col.dense_scores(query_vector) + (1 - w) * col.lexical.scores(text)


def _encode_items(items: list[Item], embedder: Embedder, cache_dir: Path) -> tuple[np.ndarray, int]:
    """The items' vectors, and how many texts were encoded for them: the texts of the index built last
    with this model are kept in the cache folder, so after an edit to the graph only its new texts are
    encoded."""
    kept = model_file(cache_dir, "index-vectors", embedder.fingerprint)
    saved = load_texts(kept, embedder.fingerprint)
    texts = [i.text for i in items]
    missing = [t for t in dict.fromkeys(texts) if t not in saved]
    log.info("building the semantic index (%d texts, %d of them new)", len(texts), len(missing))
    if missing:
        saved.update(zip(missing, embedder.encode(missing, progress=True), strict=True))
    vectors = np.stack([saved[t] for t in texts]) if texts else np.zeros((0, embedder.dimension), np.float32)
    save_texts(kept, embedder.fingerprint, {t: saved[t] for t in texts})
    return vectors.astype(np.float32, copy=False), len(missing)


def _baseline(vectors: np.ndarray, pairs: int = 20_000) -> float:
    """The mean cosine of unrelated texts, estimated from random pairs of the index's own texts
    (deterministic): what a narrow-band model's "no similarity" looks like."""
    n = len(vectors)
    if n < 2:
        return 0.0
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, n, pairs), rng.integers(0, n, pairs)
    keep = a != b
    return float(np.mean(np.sum(vectors[a[keep]] * vectors[b[keep]], axis=1)))


def _read_cache(path: Path, rows: int, dim: int) -> np.ndarray | None:
    if not path.is_file():
        return None
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as e:
        log.warning("index cache %s is unreadable (%s); rebuilding", path, e)
        return None
    if vectors.shape != (rows, dim) or vectors.dtype != np.float32 or not np.isfinite(vectors).all():
        log.warning("index cache %s does not fit the graph; rebuilding", path)
        return None
    return vectors


def _write_cache(path: Path, vectors: np.ndarray) -> None:
    write_atomically(path, lambda f: np.save(f, vectors, allow_pickle=False))

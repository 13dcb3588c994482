"""What the running service holds: the one knowledge base, its query workers, and whether it is ready."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from dataclasses import dataclass, field

from fastapi import Request

from kubekg.api.error_responses import ApiError
from kubekg.api.server import report_load_failure
from kubekg.errors import KubekgError
from kubekg.knowledge_base import KnowledgeBase
from kubekg.settings import Settings
from kubekg.sparql.executor import QueryExecutor
from kubekg.sparql.remote_store import RemoteExecutor, StoreUnavailable

log = logging.getLogger(__name__)

STORE_RETRY_SECONDS = (1, 2, 4, 8, 15)  # between attempts to reach a store at start-up; the last repeats


@dataclass
class ServiceState:
    """Shared by every request (``app.state.kubekg``). ``kb`` and ``executor`` are set once loading ends."""

    settings: Settings
    kb: KnowledgeBase | None = None
    executor: QueryExecutor | None = None
    triples: int = 0
    named_graphs: list[str] = field(default_factory=list)
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    load_seconds: float | None = None
    dataset_version: str | None = None
    waiting: str | None = None  # with --store: why loading waits (the store cannot be reached yet)

    @property
    def ready(self) -> bool:
        return self.kb is not None and self.executor is not None

    @property
    def not_ready(self) -> tuple[str, str]:
        """Why the service cannot answer yet, and the error code that says so (while not ``ready``)."""
        if self.error:
            return f"the knowledge base failed to load: {self.error}", "load_failed"
        if self.waiting:
            return self.waiting, "store_unavailable"
        return "the knowledge base is still loading; retry in a few seconds", "not_ready"

    async def load(self, kb: KnowledgeBase | None = None) -> None:
        """Load the knowledge base (off the event loop) unless given, then fork the query workers."""
        try:
            if kb is None:
                kb = await self._load_knowledge_base()
            stats = await asyncio.to_thread(kb.stats)
            self.dataset_version = await asyncio.to_thread(lambda: kb.dataset_version)
        except Exception as e:  # any failure: no partial service
            self.error = str(e) if isinstance(e, KubekgError) else f"{type(e).__name__}: {e}"
            log.error("kubekg could not load its knowledge base: %s", self.error)
            report_load_failure(self.error)  # under `kubekg serve`: stop, and exit non-zero with the message
            return
        self.triples = int(stats["triples"])
        self.named_graphs = sorted(g.value for g in kb.store.named_graphs())
        executor = RemoteExecutor(kb.store, self.settings) if kb.remote else QueryExecutor(kb.store, self.settings)
        executor.start()  # forks: here, on the event loop thread, once the store is complete
        self.kb, self.executor = kb, executor
        self.load_seconds = round(time.monotonic() - self.started, 2)
        log.info("kubekg ready: %d triples, %d query workers", self.triples, executor.size)

    async def _load_knowledge_base(self) -> KnowledgeBase:
        """Load from the settings. With ``--store``, a store that cannot be reached yet or does not answer in
        time (it may start after kubekg, as pods do) is waited for: loading retries with growing pauses,
        /health says why meanwhile. A store that answers wrongly fails loading at once."""
        files = list(self.settings.data) or None
        for attempt in itertools.count():
            try:
                kb = await asyncio.to_thread(KnowledgeBase.load, files, settings=self.settings)
            except StoreUnavailable as e:
                if not self.settings.store or e.status not in (503, 504):
                    raise  # a store that answers, but wrongly (a 404, an error, no export), is not waited for
                pause = STORE_RETRY_SECONDS[min(attempt, len(STORE_RETRY_SECONDS) - 1)]
                self.waiting = f"{e}; kubekg waits for it and tries again in {pause} s"
                log.warning("%s", self.waiting)
                await asyncio.sleep(pause)
            else:
                self.waiting = None
                return kb
        raise AssertionError("unreachable")

    def store_problem(self) -> str | None:
        """In ``--store`` mode: why the store cannot serve now (unreachable, or holding other data than the
        index was built for), or None when it can. Asked afresh each time, so health recovers by itself."""
        if self.kb is None or not self.kb.remote:
            return None
        try:
            version = self.kb.store.dataset_version()
        except StoreUnavailable as e:
            return str(e)
        if version != self.dataset_version:
            return (
                f"the store at {self.settings.store} now holds dataset {version}, but the index was built for "
                f"{self.dataset_version}: restart kubekg to rebuild it"
            )
        return None

    def close(self) -> None:
        if self.executor is not None:
            self.executor.close()
            self.executor = None

    def require_ready(self) -> None:
        if self.ready:
            return
        message, code = self.not_ready
        raise ApiError(503, message, code, None if self.error else {"Retry-After": "2"})


def service_state(request: Request) -> ServiceState:
    """The app's :class:`ServiceState` (a FastAPI dependency)."""
    return request.app.state.kubekg


def knowledge_base(request: Request) -> KnowledgeBase:
    """The loaded knowledge base, or 503 while it loads (a FastAPI dependency)."""
    state: ServiceState = request.app.state.kubekg
    state.require_ready()
    assert state.kb is not None
    return state.kb

"""SPARQL queries in worker processes: bounded concurrency and a hard deadline that really stops a query.

pyoxigraph cannot cancel a running query, so a thread would keep burning a core after its deadline.
Instead each query runs in a worker process forked from the server once the graph is loaded (the store
is shared copy-on-write, nothing is reloaded). A worker that passes the deadline is killed and a fresh
one forked in its place. The pipe to a worker carries only the request and the serialised bytes back.

Workers are also fenced in: they ignore Ctrl-C (the server shuts them down), die with the server
(``PR_SET_PDEATHSIG`` on Linux), keep no file descriptor but their own pipe, and may use at most
``query_memory_mb`` of memory beyond what the server had at fork time.

Use from the event loop thread::

    executor = QueryExecutor(kb.store, settings)
    executor.start()
    outcome = await executor.run(QueryRequest("ASK {}"))
    executor.close()
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import os
import pickle
import resource
import signal
import socket
import struct
import sys
from dataclasses import dataclass

import pyoxigraph as ox

from kubekg.settings import Settings
from kubekg.sparql.query_evaluation import QueryOutcome, QueryRequest, evaluate

log = logging.getLogger(__name__)

_HEADER = struct.Struct("!I")
_CHUNK = 1 << 20
_FIRST_READ = 64 * 1024
_PR_SET_PDEATHSIG = 1


@dataclass
class _Worker:
    pid: int
    sock: socket.socket


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(_HEADER.pack(len(payload)) + payload)


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        k = sock.recv_into(view[got:], min(n - got, _CHUNK))
        if k == 0:
            raise EOFError
        got += k
    return bytes(buf)


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _limit_memory(extra_mb: int) -> None:
    if extra_mb <= 0:
        return
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/statm") as f:
            vm_bytes = int(f.read().split()[0]) * resource.getpagesize()
        limit = vm_bytes + extra_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_main(store: ox.Store, sock: socket.socket, memory_mb: int) -> None:
    """The loop of a worker process: receive a request, evaluate it, send the outcome back."""
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    keep = sock.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)
    sock.setblocking(True)
    _limit_memory(memory_mb)
    while True:
        try:
            (size,) = _HEADER.unpack(_recv_exactly(sock, _HEADER.size))
            request: QueryRequest = pickle.loads(_recv_exactly(sock, size))
        except (EOFError, OSError):
            return
        try:
            outcome = evaluate(store, request)
        except MemoryError:
            outcome = QueryOutcome.error(
                422, "query_too_large", f"the query needed more than its memory budget ({memory_mb} MiB)"
            )
        except Exception as e:  # a bug, not the client's fault: say so without the traceback
            print(f"kubekg query worker: {type(e).__name__}: {e}", file=sys.stderr)
            outcome = QueryOutcome.error(500, "internal_error", "the query failed inside the server (a bug)")
        try:
            _send(sock, pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            return


class QueryExecutor:
    """Runs :class:`QueryRequest`\\ s on ``store`` in ``settings.max_concurrent_queries`` worker processes.

    :meth:`run` never raises for a bad query: timeouts, crashes and refusals come back as error
    :class:`QueryOutcome`\\ s. Requests beyond the worker count wait for a free worker; the wait counts
    against the deadline.
    """

    def __init__(self, store: ox.Store, settings: Settings) -> None:
        self.store = store
        self.timeout = settings.query_timeout
        self.max_rows = settings.max_rows
        self.size = settings.max_concurrent_queries
        self.memory_mb = settings.query_memory_mb
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: dict[int, _Worker] = {}
        self.restarts = 0

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        """Fork the workers. Call once, from the event loop thread, after the store is complete."""
        self._idle = asyncio.Queue()
        gc.collect()
        gc.freeze()  # keep the collector from touching (and so copying) the parent's objects in children
        for _ in range(self.size):
            self._idle.put_nowait(self._fork())

    def _fork(self) -> _Worker:
        parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:  # the child never returns into the server's code
            code = 0
            try:
                parent_end.close()
                _worker_main(self.store, child_end, self.memory_mb)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        child_end.close()
        parent_end.setblocking(False)
        worker = _Worker(pid, parent_end)
        self._all[pid] = worker
        return worker

    def _discard(self, worker: _Worker) -> int | None:
        """Kill and reap ``worker``; returns the signal that ended it (None if it exited by itself)."""
        self._all.pop(worker.pid, None)
        worker.sock.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(worker.pid, 0)
        except ChildProcessError:
            return None
        return os.WTERMSIG(status) if os.WIFSIGNALED(status) else None

    async def _replace(self, worker: _Worker) -> int | None:
        # Reaping can take a moment for a process with a large heap: do it off the event loop.
        ended_by = await asyncio.to_thread(self._discard, worker)
        self.restarts += 1
        if self._idle is not None:
            self._idle.put_nowait(self._fork())
        return ended_by

    def close(self) -> None:
        """Stop every worker. The executor cannot be used afterwards."""
        for worker in list(self._all.values()):
            self._discard(worker)
        self._idle = None

    @property
    def alive(self) -> int:
        return len(self._all)

    # -- running queries ------------------------------------------------------------------------

    async def run(self, request: QueryRequest) -> QueryOutcome:
        """The outcome of ``request``, within ``query_timeout`` seconds of the call."""
        if self._idle is None:
            return QueryOutcome.error(503, "not_ready", "the query workers are not running")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            async with asyncio.timeout_at(deadline):
                worker = await self._idle.get()
        except TimeoutError:
            return QueryOutcome.error(
                503,
                "busy",
                f"all {self.size} query workers stayed busy for {self.timeout:g} s; retry shortly",
            )
        try:
            async with asyncio.timeout_at(deadline):
                payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
                await loop.sock_sendall(worker.sock, _HEADER.pack(len(payload)) + payload)
                outcome: QueryOutcome = pickle.loads(await self._recv_message(loop, worker.sock))
        except TimeoutError:
            await self._replace(worker)
            return QueryOutcome.error(
                422,
                "query_timeout",
                f"the query ran longer than the {self.timeout:g} s limit and was stopped; add a LIMIT, "
                "more specific patterns, or raise KUBEKG_QUERY_TIMEOUT",
            )
        except (EOFError, OSError, pickle.UnpicklingError):
            ended_by = await self._replace(worker)
            log.warning("query worker %d stopped (signal %s) on: %.200s", worker.pid, ended_by, request.query)
            if ended_by == signal.SIGSEGV:  # the engine recursed past its stack: a very long chain of operators
                return QueryOutcome.error(
                    422,
                    "query_too_complex",
                    "the query was stopped: it is too long a chain of patterns or operators for the engine "
                    "(thousands of UNION, MINUS, BIND or path steps); split it into smaller queries",
                )
            return QueryOutcome.error(
                422,
                "query_too_large",
                "the query was stopped: it needed more than the memory budget of a query "
                f"({self.memory_mb} MiB, KUBEKG_QUERY_MEMORY_MB); narrow it or add a LIMIT",
            )
        except BaseException:  # cancelled mid-query: the worker's state is unknown
            await asyncio.shield(self._replace(worker))
            raise
        self._idle.put_nowait(worker)
        return outcome

    @staticmethod
    async def _recv_message(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> memoryview:
        """One length-prefixed message; small ones arrive in a single read."""
        first = bytearray(_FIRST_READ)
        got = await loop.sock_recv_into(sock, first)
        while 0 < got < _HEADER.size:
            got += await loop.sock_recv_into(sock, memoryview(first)[got:])
        if got == 0:
            raise EOFError
        (size,) = _HEADER.unpack_from(first)
        total = _HEADER.size + size
        if total <= got:
            return memoryview(first)[_HEADER.size : total]
        buf = bytearray(total)
        buf[:got] = memoryview(first)[:got]
        view = memoryview(buf)
        while got < total:
            k = await loop.sock_recv_into(sock, view[got : got + _CHUNK])
            if k == 0:
                raise EOFError
            got += k
        return view[_HEADER.size :]

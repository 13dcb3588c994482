"""The measuring clients: sequential latency (one keep-alive connection) and closed-loop throughput.

Both are bounded by count and by time. Latency: ``warmup`` requests (or ``warmup_s`` seconds, at
least one), then up to ``samples`` timed requests or ``budget_s`` seconds (at least one); when the
first request alone takes longer than ``budget_s``, it is the only sample (``unwarmed``). Throughput:
``concurrency`` asyncio tasks over one httpx.AsyncClient, each sending its next request as soon as
the last one answered, until ``window_s`` seconds or ``max_requests``; requests in flight at the end
are awaited and counted, and the rate is completed requests over the time until the last one ended.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

Request = tuple[str, str, dict[str, str], bytes | None, dict[str, str] | None]
"""(method, url, headers, body, params)."""


class Failed(Exception):
    """A request did not answer 200 (or timed out); the message says which and why."""


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(percentile(ordered, 95), 3),
        "p99_ms": round(percentile(ordered, 99), 3),
        "mean_ms": round(statistics.fmean(ordered), 3),
    }


def _send(client: httpx.Client, req: Request) -> httpx.Response:
    method, url, headers, body, params = req
    try:
        resp = client.request(method, url, headers=headers, content=body, params=params)
    except httpx.TimeoutException:
        raise Failed(f"no answer within {client.timeout.read:.0f} s") from None
    except httpx.HTTPError as e:
        raise Failed(f"{type(e).__name__}: {e}") from None
    if resp.status_code != 200:
        raise Failed(f"HTTP {resp.status_code}: {resp.text[:200]}")
    return resp


@dataclass
class Latency:
    warmup: int = 20
    warmup_s: float = 1.0
    samples: int = 300
    budget_s: float = 4.0
    timeout_s: float = 30.0

    def measure(self, requests: Callable[[int], Request]) -> tuple[dict, httpx.Response]:
        """Summary of the timed requests (``requests(i)`` gives the i-th) and the last response."""
        with httpx.Client(timeout=self.timeout_s) as client:
            t0 = time.perf_counter()
            i = 0
            resp = None
            while i == 0 or (i < self.warmup and time.perf_counter() - t0 < self.warmup_s):
                resp = _send(client, requests(i))
                i += 1
            first_s = time.perf_counter() - t0
            if i == 1 and first_s > self.budget_s:
                # One request outlasts the whole budget: it is the one sample (warm-up effects, a few
                # milliseconds of parsing, are noise at that scale), flagged as such.
                result = summary([first_s * 1000])
                result.update(warmup=0, unwarmed=True)
                return result, resp
            times: list[float] = []
            t0 = time.perf_counter()
            while not times or (len(times) < self.samples and time.perf_counter() - t0 < self.budget_s):
                req = requests(i)
                start = time.perf_counter()
                resp = _send(client, req)
                times.append((time.perf_counter() - start) * 1000)
                i += 1
        result = summary(times)
        result["warmup"] = i - len(times)
        return result, resp


@dataclass
class Throughput:
    window_s: float = 1.0
    max_requests: int = 5000
    timeout_s: float = 30.0

    def measure(self, requests: Callable[[int], Request], concurrency: int) -> dict:
        return asyncio.run(self._measure(requests, concurrency))

    async def _measure(self, requests: Callable[[int], Request], concurrency: int) -> dict:
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        counter = iter(range(10**9))
        done = errors = 0
        latencies: list[float] = []
        async with httpx.AsyncClient(timeout=self.timeout_s, limits=limits) as client:
            # one request per connection first, so connection set-up is not in the window
            await asyncio.gather(*(_asend(client, requests(next(counter))) for _ in range(concurrency)))
            t0 = time.perf_counter()
            end = t0 + self.window_s

            async def loop() -> None:
                nonlocal done, errors
                while time.perf_counter() < end:
                    i = next(counter)
                    if i >= self.max_requests + concurrency:
                        return
                    start = time.perf_counter()
                    try:
                        resp = await _asend(client, requests(i))
                        ok = resp.status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    latencies.append((time.perf_counter() - start) * 1000)
                    done += ok
                    errors += not ok

            await asyncio.gather(*(loop() for _ in range(concurrency)))
            elapsed = time.perf_counter() - t0
        return {
            "concurrency": concurrency,
            "requests": done,
            "errors": errors,
            "seconds": round(elapsed, 3),
            "per_s": round(done / elapsed, 1),
            "p50_ms": round(statistics.median(latencies), 3) if latencies else None,
            "p99_ms": round(percentile(sorted(latencies), 99), 3) if latencies else None,
        }


async def _asend(client: httpx.AsyncClient, req: Request) -> httpx.Response:
    method, url, headers, body, params = req
    return await client.request(method, url, headers=headers, content=body, params=params)

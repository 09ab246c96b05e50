#!/usr/bin/env python3
"""Fires N concurrent job submissions at a running corojobs and checks that nothing is lost.

Every submission must be answered 202/200 (accepted) or 429/503 (refused, with Retry-After); every accepted
job must reach a final state (SUCCEEDED, FAILED or CANCELLED); the service must be healthy afterwards.
Exit status 0 when all of that holds, 1 otherwise, 2 when the job type is not there (skipped).
Standard library only; one thread per submission, all released at once by a barrier.
"""
import argparse
import os
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

FINAL = {"SUCCEEDED", "FAILED", "CANCELLED"}


def request(base, method, path, body=None, timeout=120):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
    try:
        headers = {"Accept": "application/json"}
        if os.environ.get("COROJOBS_API_KEY"):
            headers["Authorization"] = "Bearer " + os.environ["COROJOBS_API_KEY"]
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = None
        return response.status, dict(response.getheaders()), parsed
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--path", default="/api/v1/jobs/scheduler-simulations")
    parser.add_argument("--body", default='{"example": "seed"}')
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--final-timeout", type=float, default=300, help="seconds for accepted jobs to end")
    args = parser.parse_args()
    body = json.loads(args.body)

    status, _, problem = request(args.url, "POST", args.path + "?wait=PT10S", body)
    if status == 404:
        print(f"SKIP: {args.path} answered 404 ({(problem or {}).get('detail', '')}); that job type is not deployed")
        return 2
    if status not in (200, 202):
        print(f"FAIL: probe submission answered {status}: {problem}")
        return 1

    barrier = threading.Barrier(args.count)
    lock = threading.Lock()
    results = []

    def submit_and_follow():
        outcome = {"status": None, "final": None, "error": None}
        try:
            barrier.wait(timeout=60)
            started = time.perf_counter()
            status, headers, job = request(args.url, "POST", args.path, body)
            outcome["latency"] = time.perf_counter() - started
            outcome["status"] = status
            if status in (429, 503):
                outcome["retry_after"] = headers.get("Retry-After")
            elif status in (200, 202):
                deadline = time.monotonic() + args.final_timeout
                while job.get("state") not in FINAL and time.monotonic() < deadline:
                    status, _, job = request(args.url, "GET", f"/api/v1/jobs/{job['id']}?wait=PT30S")
                    if status != 200:
                        outcome["error"] = f"GET job answered {status}"
                        break
                outcome["final"] = job.get("state")
        except Exception as e:  # noqa: BLE001 - every failure is a finding
            outcome["error"] = repr(e)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=submit_and_follow) for _ in range(args.count)]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall

    by_status, by_final, errors = {}, {}, []
    for r in results:
        by_status[r["status"]] = by_status.get(r["status"], 0) + 1
        if r["final"]:
            by_final[r["final"]] = by_final.get(r["final"], 0) + 1
        if r["error"]:
            errors.append(r["error"])
    accepted = sum(n for s, n in by_status.items() if s in (200, 202))
    refused = sum(n for s, n in by_status.items() if s in (429, 503))
    unexpected = {s: n for s, n in by_status.items() if s not in (200, 202, 429, 503)}
    missing_retry_after = sum(1 for r in results if r["status"] in (429, 503) and not r.get("retry_after"))
    lost = accepted - sum(by_final.get(s, 0) for s in FINAL)
    latencies = sorted(r["latency"] for r in results if "latency" in r)
    health_status, _, health = request(args.url, "GET", "/actuator/health")
    healthy = health_status == 200 and (health or {}).get("status") == "UP"

    print(f"submissions: {args.count} at once to {args.path}, all answered and followed in {wall:.2f} s")
    print(f"answers by status: {dict(sorted(by_status.items(), key=lambda kv: str(kv[0])))}")
    print(f"accepted: {accepted}, refused (429/503): {refused}, unexpected: {unexpected or 'none'}")
    print(f"accepted jobs by final state: {by_final}; lost: {lost}")
    print(f"throughput: {by_final.get('SUCCEEDED', 0) / wall:.0f} jobs/s (SUCCEEDED jobs / time from the first "
          f"submission to the last final state)")
    if latencies:
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
        print(f"submit latency ms: p50 {p(0.5):.1f}, p95 {p(0.95):.1f}, p99 {p(0.99):.1f}, max {latencies[-1] * 1000:.1f}, "
              f"mean {statistics.mean(latencies) * 1000:.1f}")
    print(f"refusals without Retry-After: {missing_retry_after}")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"health after: {health_status} {(health or {}).get('status')}")
    ok = not unexpected and not errors and lost == 0 and missing_retry_after == 0 and healthy
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

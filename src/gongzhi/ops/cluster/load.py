"""The load generator: residents, providers and staff over HTTP (http.client), across every server at once."""

from __future__ import annotations

import http.client
import json
import secrets
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from queue import Empty, Queue

from gongzhi.ops.cluster.processes import Cluster

# --- the load generator -------------------------------------------------------------------------------------

class Client:
    """One user's HTTP session (their session cookie and a CSRF token, as a browser holds them) against the app
    servers, on http.client. A request goes to the server chosen by the caller; when that server refuses the
    connection (nothing was sent) the client fails over to the next one, as a load balancer would."""

    def __init__(self, ports: list[int], session_key: str):
        self.ports = ports
        self.token = secrets.token_hex(16)  # 32 characters: a CSRF secret
        self.cookie = f"sessionid={session_key}; csrftoken={self.token}"
        self.conns: dict[int, http.client.HTTPConnection] = {}

    def _conn(self, port: int) -> http.client.HTTPConnection:
        if port not in self.conns:
            self.conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        return self.conns[port]

    def call(self, method: str, path: str, body: dict | None = None, *, server: int = 0) -> tuple[int, dict | list | None, int]:
        """(status, JSON body, port); status 0 when no server could be reached or the connection broke."""
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.token, "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        order = self.ports[server % len(self.ports):] + self.ports[: server % len(self.ports)]
        for port in order:
            conn = self._conn(port)
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                raw = response.read()
            except ConnectionRefusedError:
                conn.close()
                self.conns.pop(port, None)
                continue  # nothing reached that server: the next one may take it
            except (OSError, http.client.HTTPException):
                conn.close()
                self.conns.pop(port, None)
                return 0, None, port  # it may or may not have been applied: never retried
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = None
            return response.status, parsed, port
        return 0, None, -1


@dataclass
class LoadRecord:
    """What the load generator saw: every 2xx's object id by kind, and every request's (time, kind, status)."""
    started_at: str = ""
    ok: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in (
        "order_placed", "scarce_placed", "order_taken", "case_reported", "whistle_blown", "whistle_reported")})
    counts: Counter = field(default_factory=Counter)
    timeline: list[tuple[float, str, int, int]] = field(default_factory=list)  # (monotonic, kind, status, port)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, status: int, port: int) -> None:
        with self.lock:
            self.timeline.append((time.monotonic(), kind, status, port))
            self.counts["requests"] += 1
            if (status == 0 and port != -1) or status >= 500:
                # the connection broke, or the server failed (perhaps after its transaction committed, while
                # reading the object back for the answer): applied or not, the client cannot know
                self.counts[f"in_doubt_{kind}"] += 1
            if 200 <= status < 300:
                self.counts["2xx"] += 1
            elif 400 <= status < 500:
                self.counts["4xx"] += 1
            else:
                self.counts["errors"] += 1

    def keep(self, kind: str, pk: int) -> None:
        with self.lock:
            self.ok[kind].append(pk)

    def as_json(self, seed: dict, extra: dict | None = None) -> dict:
        return {"seed": seed, "started_at": self.started_at, "ok": self.ok, "counts": dict(self.counts),
                **(extra or {})}


def run_load(cluster: Cluster, seed: dict, record: LoadRecord, *, seconds: float,
             during: list[tuple[float, object]] | None = None) -> dict:
    """Residents order and report, two providers race for every order, staff whistle, the receiver reports, for
    `seconds`, spread over every server; `during` holds (at second, callable) faults to run meanwhile. Returns the
    figures of this stretch: requests, 2xx, expected refusals, errors, and when errors began and ended."""
    ports = [s.port for s in cluster.servers() if s.port]
    stop = threading.Event()
    placed: Queue[int] = Queue()
    cases_q: Queue[int] = Queue()
    whistles_q: Queue[int] = Queue()
    base = len(record.timeline)
    t0 = time.monotonic()

    def ok(status: int) -> bool:
        return 200 <= status < 300

    def resident(index: int, key: str) -> None:
        c = Client(ports, key)
        n = 0
        for item, kind in ((seed["scarce"], "scarce"), (seed["plenty"], "plenty")):
            status, body, port = c.call("POST", "/api/v1/orders", {"menu_item_id": item}, server=index + n)
            n += 1
            record.note(f"place_{kind}", status, port)
            if ok(status) and isinstance(body, dict):
                record.keep("order_placed", body["id"])
                if kind == "scarce":
                    record.keep("scarce_placed", body["id"])
                placed.put(body["id"])
            elif status == 400 and kind == "scarce":
                record.counts["sold_out"] += 1
        while not stop.is_set():
            n += 1
            if n % 4 == 0:
                status, body, port = c.call("POST", "/api/v1/cases", {
                    "category": seed["case_category"], "community_id": seed["community"], "title": f"楼道灯不亮{n}",
                    "description": "楼道灯坏了一周", "channel": "phone_app", "place_id": seed["place"]},
                    server=index + n)
                record.note("report_case", status, port)
                if ok(status) and isinstance(body, dict):
                    record.keep("case_reported", body["id"])
                    cases_q.put(body["id"])
            elif n % 4 == 1:
                status, body, port = c.call("GET", "/api/v1/orders/menu", server=index + n)
                record.note("menu", status, port)
            else:
                status, body, port = c.call("POST", "/api/v1/orders", {
                    "title": f"家里水管漏水{n}", "category": seed["order_category"], "description": "需要上门"},
                    server=index + n)
                record.note("place_help", status, port)
                if ok(status) and isinstance(body, dict):
                    record.keep("order_placed", body["id"])
                    placed.put(body["id"])
            time.sleep(0.05)

    def takers() -> None:
        a, b = (Client(ports, key) for key in seed["takers"][:2])
        with ThreadPoolExecutor(2) as pool:
            while not stop.is_set() or not placed.empty():
                try:
                    pk = placed.get(timeout=0.2)
                except Empty:
                    continue
                # the two providers take the same order at the same moment, each through another server
                futures = [pool.submit(c.call, "POST", f"/api/v1/orders/{pk}/take", {}, server=i)
                           for i, c in enumerate((a, b))]
                wins = 0
                for f in futures:
                    status, _body, port = f.result()
                    record.note("take", status, port)
                    if ok(status):
                        wins += 1
                        record.keep("order_taken", pk)
                    elif status == 400:
                        record.counts["take_refused"] += 1
                if wins > 1:
                    record.counts["take_won_twice"] += 1
                if stop.is_set() and time.monotonic() - t0 > seconds + 20:
                    break

    def staff() -> None:
        grid, boss = Client(ports, seed["grid"]), Client(ports, seed["staff"])
        n = 0
        while not stop.is_set() or not cases_q.empty():
            try:
                pk = cases_q.get(timeout=0.2)
            except Empty:
                continue
            n += 1
            status, _b, port = grid.call("POST", f"/api/v1/cases/{pk}/accept", {}, server=n)
            record.note("accept_case", status, port)
            if not ok(status):
                continue
            status, body, port = boss.call("POST", f"/api/v1/cases/{pk}/whistles", {
                "department_ids": [seed["department"]], "request": "请司法所到场"}, server=n + 1)
            record.note("whistle", status, port)
            if ok(status) and isinstance(body, list):
                for whistle in body:
                    record.keep("whistle_blown", whistle["id"])
                    whistles_q.put(whistle["id"])
            if stop.is_set() and time.monotonic() - t0 > seconds + 20:
                break

    def receiver() -> None:
        c = Client(ports, seed["receiver"])
        n = 0
        while not stop.is_set() or not whistles_q.empty():
            try:
                pk = whistles_q.get(timeout=0.2)
            except Empty:
                continue
            n += 1
            status, _b, port = c.call("POST", f"/api/v1/cases/whistles/{pk}/report", {"note": "已到场"}, server=n)
            record.note("report_whistle", status, port)
            if ok(status):
                record.keep("whistle_reported", pk)
            if stop.is_set() and time.monotonic() - t0 > seconds + 20:
                break

    threads = [threading.Thread(target=resident, args=(i, key), daemon=True)
               for i, key in enumerate(seed["residents"])]
    threads += [threading.Thread(target=f, daemon=True) for f in (takers, staff, receiver)]
    for t in threads:
        t.start()
    fault_results: list = []
    for at, action in sorted(during or [], key=lambda x: x[0]):
        delay = t0 + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        fault_results.append((time.monotonic(), action()))  # type: ignore[operator]
    remaining = t0 + seconds - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    stretch = record.timeline[base:]
    out = summarise(stretch, fault_at=fault_results[0][0] if fault_results else None, t0=t0)
    if fault_results:
        out["fault_s"] = round(fault_results[0][1], 2) if isinstance(fault_results[0][1], float) else None
    return out


def summarise(stretch: list[tuple[float, str, int, int]], *, fault_at: float | None, t0: float) -> dict:
    statuses = Counter(s for _t, _k, s, _p in stretch)
    errors = [(t, p) for t, _k, s, p in stretch if s == 0 or s >= 500]
    out = {"requests": len(stretch), "2xx": sum(n for s, n in statuses.items() if 200 <= s < 300),
           "4xx": sum(n for s, n in statuses.items() if 400 <= s < 500),
           "errors": len(errors), "seconds": round((stretch[-1][0] - t0) if stretch else 0, 1)}
    if fault_at is not None:
        after = [(t, s) for t, _k, s, _p in stretch if t >= fault_at]
        errs_after = [t for t, s in after if s == 0 or s >= 500]
        out["errors_after_fault"] = len(errs_after)
        # recovery: from the fault to the first 2xx after its last error (0 when no error followed it)
        if errs_after:
            last_err = max(errs_after)
            next_ok = min((t for t, s in after if 200 <= s < 300 and t > last_err), default=None)
            out["recovery_s"] = round((next_ok or last_err) - fault_at, 2)
        else:
            out["recovery_s"] = 0.0
        out["requests_after_fault"] = len(after)
        out["2xx_after_fault"] = sum(1 for _t, s in after if 200 <= s < 300)
    return out



#!/usr/bin/env python3
"""The broker at scale: seeds a realistic history straight into the database and times the API over HTTP.

Usage (see ../run-broker-benchmark.sh, which builds pactum first):

    broker_benchmark.py PACTUM_BINARY [--scale small|medium|full] [--engines sqlite,postgres]
                        [--iterations 200] [--postgres-url postgres://user:pass@127.0.0.1:port/db]
                        [--seed-cache DIR]

For each engine: start `pactum broker serve` on 127.0.0.1 (port 0) with a fresh database (a new SQLite file, or a
new database on the PostgreSQL server), wait until it has created its schema, seed the history with INSERT ...
SELECT over a numbers table (one SQL script for both engines), then time publish, pacts-for-verification,
can-i-deploy, the matrix of one integration and the web UI's dashboard, matrix and network pages with a
keep-alive HTTP connection, and print p50/p99 per operation.
Standard library only; PostgreSQL is seeded through the `psql` client.

With `--seed-cache DIR` the seeded history is made once per scale (and seed script) and reused: a SQLite file kept in
DIR, a template database `pactum_bench_seed_<scale>_<hash>` on the PostgreSQL server; each run copies it (the broker
then applies any newer migration to the copy). Seeding at full scale takes minutes; a copy takes seconds.

When the broker's `/metrics` reports `pactum_broker_database_queries_run`, the table also gives the database
queries per request (BEGIN and COMMIT included) of each operation.
"""

import argparse
import base64
import datetime
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

# pacticipants, versions per pacticipant, verification results
SCALES = {
    "small": (30, 100, 10_000),
    "medium": (150, 400, 200_000),
    "full": (300, 1000, 1_000_000),
    # Issue #16: the full history with ten times the verification results (each provider version verifies each pact
    # about twenty times instead of twice), to show the cost does not grow with the history.
    "full10x": (300, 1000, 10_000_000),
}
EPOCH_VERSIONS = 50  # a consumer's pact content changes every 50 versions
START_TIMEOUT = 60.0
REQUEST_TIMEOUT = 120.0


class Shape:
    """The seeded history: which pacticipant consumes which, how many versions, contents and verifications."""

    def __init__(self, scale):
        self.pacticipants, self.versions, self.verifications = SCALES[scale]
        self.providers = self.pacticipants // 3  # pacticipants 1..providers are providers (and consume each other)
        self.epochs = max(2, self.versions // EPOCH_VERSIONS)
        self.integrations = []  # (consumer id, provider id)
        n = self.providers
        for i in range(1, n + 1):
            c = (i * 17 + 3) % n + 1
            if c != i:
                self.integrations.append((i, c))
        for i in range(n + 1, self.pacticipants + 1):
            a = (i * 7) % n + 1
            b = (i * 13 + 5) % n + 1
            if b == a:
                b = a % n + 1
            self.integrations += [(i, a), (i, b)]

    def name(self, pacticipant_id):
        return "svc-%03d" % pacticipant_id

    def describe(self):
        return (
            f"{self.pacticipants} pacticipants ({self.providers} providers), "
            f"{self.pacticipants * self.versions:,} versions, {len(self.integrations)} integrations, "
            f"{len(self.integrations) * self.versions:,} pact publications, "
            f"{len(self.integrations) * self.epochs:,} distinct pact contents, {self.verifications:,} verification results"
        )

    def seed_sql(self):
        """One script for both engines (integer division, %, ||, CASE and INSERT ... SELECT mean the same)."""
        V, E, K, P = self.versions, self.epochs, len(self.integrations), self.pacticipants
        B = 1 + V // EPOCH_VERSIONS  # main + one feature branch per 50 versions
        base = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc)
        days = ",".join(
            "(%d,'%s')" % (n, (base + datetime.timedelta(hours=12 * n)).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
            for n in range(V)
        )
        integrations = ",".join("(%d,%d,%d)" % (k, c, p) for k, (c, p) in enumerate(self.integrations))
        pacticipants = ",".join(
            "(%d,'%s','Svc %03d','main','2023-01-01T00:00:00.000Z','2023-01-01T00:00:00.000Z')" % (i, self.name(i), i)
            for i in range(1, P + 1)
        )
        # the epoch of a version: feature-branch versions (n % 5 = 4) carry the next main epoch's content
        epoch = f"CASE WHEN x.n % 5 = 4 AND x.n / {EPOCH_VERSIONS} < {E - 1} THEN x.n / {EPOCH_VERSIONS} + 1 ELSE x.n / {EPOCH_VERSIONS} END"
        interaction = (
            '{"description":"a request for order \'||CAST(e.x AS TEXT)||\'","providerStates":[{"name":"order exists"}],'
            '"request":{"method":"GET","path":"/orders/\'||CAST(e.x AS TEXT)||\'","headers":{"Accept":"application/json"}},'
            '"response":{"status":200,"headers":{"Content-Type":"application/json"},'
            '"body":{"id":1,"status":"shipped","items":[{"sku":"A-1","quantity":2}]},'
            '"matchingRules":{"body":{"$.id":{"matchers":[{"match":"integer"}]},"$.status":{"matchers":[{"match":"type"}]}}}}}'
        )
        # A new broker database starts with the environments test and production: replaced by the seeded ones.
        return f"""
DELETE FROM environments;
INSERT INTO bench_days (n, ts) VALUES {days};
INSERT INTO bench_integrations (k, consumer_id, provider_id) VALUES {integrations};
INSERT INTO pacticipants (id, name, display_name, main_branch, created_at, updated_at) VALUES {pacticipants};
INSERT INTO environments (id, uuid, name, display_name, production, created_at, updated_at) VALUES
  (1, 'bench-env-test', 'test', 'Test', 0, '2023-01-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z'),
  (2, 'bench-env-production', 'production', 'Production', 1, '2023-01-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z');
INSERT INTO versions (id, pacticipant_id, number, created_at, updated_at)
  SELECT (p.x - 1) * {V} + d.n + 1, p.x, '1.0.' || CAST(d.n AS TEXT), d.ts, d.ts
  FROM bench_n p, bench_days d WHERE p.x BETWEEN 1 AND {P};
INSERT INTO branches (id, pacticipant_id, name, created_at)
  SELECT (p.x - 1) * {B} + b.x + 1, p.x, CASE WHEN b.x = 0 THEN 'main' ELSE 'feat-' || CAST(b.x AS TEXT) END,
    '2023-01-01T00:00:00.000Z'
  FROM bench_n p, bench_n b WHERE p.x BETWEEN 1 AND {P} AND b.x < {B};
INSERT INTO branch_versions (id, branch_id, version_id, created_at)
  SELECT (p.x - 1) * {V} + x.n + 1,
    (p.x - 1) * {B} + CASE WHEN x.n % 5 = 4 THEN x.n / {EPOCH_VERSIONS} + 1 ELSE 0 END + 1,
    (p.x - 1) * {V} + x.n + 1, x.ts
  FROM bench_n p, bench_days x WHERE p.x BETWEEN 1 AND {P};
INSERT INTO tags (version_id, name, created_at)
  SELECT (p.x - 1) * {V} + x.n + 1, 'test', x.ts FROM bench_n p, bench_days x
  WHERE p.x BETWEEN 1 AND {P} AND x.n % 2 = 0;
INSERT INTO tags (version_id, name, created_at)
  SELECT (p.x - 1) * {V} + x.n + 1, 'prod', x.ts FROM bench_n p, bench_days x
  WHERE p.x BETWEEN 1 AND {P} AND x.n % 10 = 0;
INSERT INTO pact_contents (id, sha, content, created_at)
  SELECT i.k * {E} + e.x + 1, 'bench' || CAST(i.k AS TEXT) || 'e' || CAST(e.x AS TEXT),
    '{{"consumer":{{"name":"' || c.name || '"}},"provider":{{"name":"' || p.name || '"}},"interactions":[' ||
    '{interaction},{interaction.replace("order", "invoice")}' ||
    '],"metadata":{{"pactSpecification":{{"version":"3.0.0"}}}}}}', '2023-01-01T00:00:00.000Z'
  FROM bench_integrations i JOIN pacticipants c ON c.id = i.consumer_id JOIN pacticipants p ON p.id = i.provider_id,
    bench_n e WHERE e.x < {E};
INSERT INTO pact_publications (id, consumer_id, consumer_version_id, provider_id, pact_content_id, created_at, updated_at)
  SELECT i.k * {V} + x.n + 1, i.consumer_id, (i.consumer_id - 1) * {V} + x.n + 1, i.provider_id,
    i.k * {E} + {epoch} + 1, x.ts, x.ts
  FROM bench_integrations i, bench_days x;
INSERT INTO verifications (id, pact_content_id, consumer_id, provider_id, provider_version_id, success, build_url,
    verified_by, pending, wip, consumer_version_ids, created_at)
  SELECT j.x + 1, i.k * {E} + ((j.x / {K}) % {V}) * {E} / {V} + 1, i.consumer_id, i.provider_id,
    (i.provider_id - 1) * {V} + (j.x / {K}) % {V} + 1, CASE WHEN j.x % 23 = 0 THEN 0 ELSE 1 END,
    'https://ci.example.com/builds/' || CAST(j.x AS TEXT),
    '{{"implementation":"Pact-Rust","version":"1.0.0"}}', 0, 0, '', d.ts
  FROM bench_n j JOIN bench_integrations i ON i.k = j.x % {K} JOIN bench_days d ON d.n = (j.x / {K}) % {V}
  WHERE j.x < {self.verifications};
INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance,
    currently_deployed, undeployed_at, created_at)
  SELECT 'bench-deploy-' || CAST(p.x AS TEXT) || '-' || CAST(x.n AS TEXT), (p.x - 1) * {V} + x.n + 1, p.x,
    CASE WHEN x.n % 10 = 0 THEN 2 ELSE 1 END, '',
    CASE WHEN x.n = {V - 50} OR x.n = {V - 2} THEN 1 ELSE 0 END,
    CASE WHEN x.n = {V - 50} OR x.n = {V - 2} THEN NULL ELSE x.ts END, x.ts
  FROM bench_n p, bench_days x WHERE p.x BETWEEN 1 AND {P} AND x.n % 2 = 0 AND x.n <= {V - 2};
INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_id, currently_supported,
    support_ended_at, created_at)
  SELECT 'bench-release-' || CAST(p.x AS TEXT) || '-' || CAST(x.n AS TEXT), (p.x - 1) * {V} + x.n + 1, p.x, 2,
    CASE WHEN x.n >= {V - 300} THEN 1 ELSE 0 END, CASE WHEN x.n >= {V - 300} THEN NULL ELSE x.ts END, x.ts
  FROM bench_n p, bench_days x WHERE p.x BETWEEN 1 AND {P} AND p.x % 10 = 0 AND x.n % 100 = 0;
"""

    def numbers_needed(self):
        return max(self.verifications, self.pacticipants + 1, self.epochs + 1) + 1


HELPERS = [
    "CREATE TABLE bench_n (x INTEGER PRIMARY KEY)",
    "CREATE TABLE bench_days (n INTEGER PRIMARY KEY, ts TEXT NOT NULL)",
    "CREATE TABLE bench_integrations (k INTEGER PRIMARY KEY, consumer_id INTEGER NOT NULL, provider_id INTEGER NOT NULL)",
]
DROP_HELPERS = "DROP TABLE bench_n; DROP TABLE bench_days; DROP TABLE bench_integrations;"
SEQUENCED = [
    "pacticipants", "versions", "branches", "branch_versions", "tags", "pact_contents", "pact_publications",
    "verifications", "environments", "deployed_versions", "released_versions",
]


def seed_sqlite(path, shape):
    db = sqlite3.connect(path, timeout=60)
    db.executescript(
        ";".join(HELPERS)
        + f"; WITH RECURSIVE s(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM s WHERE x < {shape.numbers_needed()})"
        + " INSERT INTO bench_n SELECT x FROM s;"
    )
    db.executescript("BEGIN;" + shape.seed_sql() + DROP_HELPERS + "COMMIT; ANALYZE;")
    db.close()


def psql(url, sql, database=None):
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", psql_url(url, database)],
        input=sql.encode(), check=True, stdout=subprocess.DEVNULL,
    )


def psql_url(url, database=None):
    parts = urllib.parse.urlsplit(url.replace("postgres://", "postgresql://", 1))
    path = "/" + database if database else parts.path
    return urllib.parse.urlunsplit(("postgresql", parts.netloc, path, "", ""))


def seed_postgres(url, database, shape):
    sequences = "".join(
        f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {t}), false);"
        for t in SEQUENCED
    )
    psql(
        url,
        ";".join(HELPERS)
        + f"; INSERT INTO bench_n SELECT generate_series(0, {shape.numbers_needed()});"
        + "BEGIN;" + shape.seed_sql() + DROP_HELPERS + sequences + "COMMIT; VACUUM ANALYZE " + ", ".join(SEQUENCED) + ";",
        database,
    )


class Broker:
    def __init__(self, binary, database_url, log_path):
        self.log = open(log_path, "w")
        # A free port chosen here: the broker's "listening" line is block-buffered when stdout is a pipe.
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [binary, "broker", "serve", "--port", str(self.port), "--host", "127.0.0.1", "--database-url",
             database_url],
            stdout=self.log, stderr=self.log,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise SystemExit(f"the broker did not start within {START_TIMEOUT:.0f} s (log: {log_path})")
                time.sleep(0.1)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)

    def request(self, method, path, body=None):
        headers = {"Accept": "application/hal+json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - start
        if response.status >= 400:
            raise SystemExit(f"{method} {path} answered {response.status}: {payload[:500]!r}")
        return elapsed, payload

    def queries(self):
        """The broker's count of database queries so far (None when it does not report one)."""
        self.connection.request("GET", "/metrics")
        response = self.connection.getresponse()
        text = response.read().decode(errors="replace")
        match = re.search(r"^pactum_broker_database_queries_run(?:\{[^}]*\})? ([0-9.e+]+)$", text, re.M)
        return float(match.group(1)) if match else None

    def reconnect(self):
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def percentile(samples, p):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def pact_document(consumer, provider, variant):
    return {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [
            {
                "description": f"a request for order {variant}",
                "providerStates": [{"name": "order exists"}],
                "request": {"method": "GET", "path": f"/orders/{variant}"},
                "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                             "body": {"id": 1, "status": "shipped"}},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


def operations(shape, engine):
    """Each operation: a name and a function of the iteration giving (method, path, body)."""
    providers = list(range(1, shape.providers + 1))
    consumers = [c for c, _ in shape.integrations if c > shape.providers]
    V = shape.versions

    def publish(i):
        c, p = shape.integrations[(i * 7) % len(shape.integrations)]
        document = pact_document(shape.name(c), shape.name(p), i // 10)  # a new content every tenth publish
        return "POST", "/contracts/publish", {
            "pacticipantName": shape.name(c),
            "pacticipantVersionNumber": f"bench-{engine}-{i}",
            "branch": "main",
            "tags": ["main"],
            "buildUrl": f"https://ci.example.com/{i}",
            "contracts": [{
                "consumerName": shape.name(c), "providerName": shape.name(p), "specification": "pact",
                "contentType": "application/json",
                "content": base64.b64encode(json.dumps(document).encode()).decode(),
            }],
        }

    def for_verification(i):
        p = providers[i % len(providers)]
        return "POST", f"/pacts/provider/{shape.name(p)}/for-verification", {
            "consumerVersionSelectors": [{"mainBranch": True}, {"deployedOrReleased": True}],
            "providerVersionBranch": "main",
            "includePendingStatus": True,
            "includeWipPactsSince": "2024-03-01",
        }

    def can_i_deploy_version(i):
        c = consumers[i % len(consumers)]
        n = V - 1 - (i % 20) * 5  # a recent main-branch version
        q = urllib.parse.quote
        return "GET", (
            f"/matrix?q[][pacticipant]={q(shape.name(c))}&q[][version]=1.0.{n}&latestby=cvp"
            f"&environment=production"
        ), None

    def can_i_deploy_tag(i):
        p = providers[i % len(providers)]
        return "GET", (
            f"/matrix?q[][pacticipant]={shape.name(p)}&q[][latest]=true&q[][tag]=test&latestby=cvp&latest=true&tag=prod"
        ), None

    def matrix_integration(i):
        c, p = shape.integrations[i % len(shape.integrations)]
        return "GET", (
            f"/matrix?q[][pacticipant]={shape.name(c)}&q[][pacticipant]={shape.name(p)}&latestby=cvpv&limit=100"
        ), None

    def ui_dashboard(i):
        pages = max(1, (len(shape.integrations) + 49) // 50)
        return "GET", f"/ui/dashboard?page={i % pages + 1}&size=50", None

    def ui_matrix(i):
        c, p = shape.integrations[(i * 11) % len(shape.integrations)]
        return "GET", f"/ui/matrix/provider/{shape.name(p)}/consumer/{shape.name(c)}?page={i % 5 + 1}&size=20", None

    def ui_network(i):
        return "GET", "/ui/network", None

    return [
        ("publish (new consumer version)", publish),
        ("pacts-for-verification (mainBranch, deployedOrReleased, pending, WIP)", for_verification),
        ("can-i-deploy version to environment", can_i_deploy_version),
        ("can-i-deploy latest tag to tag", can_i_deploy_tag),
        ("matrix of an integration", matrix_integration),
        ("web UI: dashboard page (50 integrations)", ui_dashboard),
        ("web UI: matrix page of an integration (20 consumer versions)", ui_matrix),
        ("web UI: network diagram (every integration)", ui_network),
    ]


def measure(broker, shape, engine, iterations, warmup, only, budget):
    """p50/p99 per operation. A slow operation gets fewer iterations (at most `budget` seconds); when the budget ends
    within the warm-up, the warm-up requests after the first are what is reported, and a request that timed out
    counts as the timeout (shown as `>`), so a slow operation never hides as a missing number."""
    results = []
    baseline = broker.queries()
    scrape = None
    if baseline is not None:  # what a /metrics scrape itself costs, to take it off
        after = broker.queries()
        scrape = after - baseline
        baseline = after
    for name, make in operations(shape, engine):
        if only and not any(o in name for o in only):
            continue
        samples, warm = [], []
        timed_out = False
        requests = 0
        deadline = time.monotonic() + budget
        for i in range(warmup + iterations):
            method, path, body = make(i)
            try:
                elapsed, _ = broker.request(method, path, body)
            except (TimeoutError, socket.timeout):
                print(f"  {engine:10} {name:72} a request took more than {REQUEST_TIMEOUT:.0f} s", flush=True)
                broker.reconnect()
                timed_out = True
                requests += 1
                (samples if i >= warmup else warm).append(REQUEST_TIMEOUT * 1000.0)
                break
            requests += 1
            (samples if i >= warmup else warm).append(elapsed * 1000.0)
            if time.monotonic() > deadline:  # bounded: a slow operation gets fewer iterations
                break
        note = ""
        if not samples:  # the budget (or a timeout) ended it within the warm-up
            samples = warm[1:] or warm
            note = "warm-up only"
        queries = None
        if baseline is not None:
            now = broker.queries()
            if now is not None and requests:
                queries = (now - baseline - scrape) / requests
                baseline = now
        p50, p99 = percentile(samples, 50), percentile(samples, 99)
        results.append((name, p50, p99, len(samples), timed_out, note, queries))
        mark = ">" if timed_out else " "
        extra = f"  {queries:5.1f} queries/request" if queries is not None else ""
        extra += f"  ({note})" if note else ""
        print(f"  {engine:10} {name:72} p50 {p50:9.2f} ms  p99 {mark}{p99:9.2f} ms  n {len(samples)}{extra}", flush=True)
    return results


def seed_key(shape, scale):
    return scale + "_" + hashlib.sha256(shape.seed_sql().encode()).hexdigest()[:8]


def run_engine(engine, args, shape, workdir):
    key = seed_key(shape, args.scale)
    if engine == "sqlite":
        path = os.path.join(workdir, "broker.sqlite")
        database_url = "sqlite://" + path
        cached = os.path.join(args.seed_cache, f"broker-{key}.sqlite") if args.seed_cache else None
        if cached and os.path.exists(cached):
            start = time.monotonic()
            shutil.copyfile(cached, path)
            print(f"  {engine:10} copied the seeded history {cached} in {time.monotonic() - start:.1f} s", flush=True)
            seed = None
        else:
            def seed():
                seed_sqlite(path, shape)
                if cached:
                    os.makedirs(args.seed_cache, exist_ok=True)
                    backup = sqlite3.connect(path)
                    backup.execute("VACUUM INTO ?", (cached + ".tmp",))
                    backup.close()
                    os.replace(cached + ".tmp", cached)
        broker = Broker(args.pactum, database_url, os.path.join(workdir, "broker-sqlite.log"))
        cleanup = lambda: None  # noqa: E731
    else:
        database = f"pactum_bench_{os.getpid()}"
        template = f"pactum_bench_seed_{key}"
        parts = urllib.parse.urlsplit(args.postgres_url)
        database_url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, ""))
        seed = lambda: seed_postgres(args.postgres_url, database, shape)  # noqa: E731
        if args.seed_cache and template_exists(args.postgres_url, template):
            start = time.monotonic()
            psql(args.postgres_url, f"DROP DATABASE IF EXISTS {database}")
            psql(args.postgres_url, f"CREATE DATABASE {database} TEMPLATE {template} STRATEGY FILE_COPY")
            print(f"  {engine:10} copied the seeded history {template} in {time.monotonic() - start:.1f} s", flush=True)
            seed = None
        elif args.seed_cache:
            # Seed the template itself (the broker creates the schema, then stops: a template has no connections).
            template_url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + template, parts.query, ""))
            psql(args.postgres_url, f"DROP DATABASE IF EXISTS {template}; CREATE DATABASE {template};")
            Broker(args.pactum, template_url, os.path.join(workdir, "broker-postgres-seed.log")).stop()
            start = time.monotonic()
            seed_postgres(args.postgres_url, template, shape)
            print(f"  {engine:10} seeded {template} in {time.monotonic() - start:.1f} s", flush=True)
            psql(args.postgres_url, f"DROP DATABASE IF EXISTS {database}")
            psql(args.postgres_url, f"CREATE DATABASE {database} TEMPLATE {template} STRATEGY FILE_COPY")
            seed = None
        else:
            psql(args.postgres_url, f"DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database};")
        broker = Broker(args.pactum, database_url, os.path.join(workdir, "broker-postgres.log"))
        cleanup = lambda: None if args.keep else psql(args.postgres_url, f"DROP DATABASE IF EXISTS {database}")  # noqa: E731
    try:
        if seed:
            start = time.monotonic()
            seed()
            print(f"  {engine:10} seeded in {time.monotonic() - start:.1f} s", flush=True)
        return measure(broker, shape, engine, args.iterations, args.warmup, args.only, args.budget)
    finally:
        broker.stop()
        cleanup()


def template_exists(url, name):
    found = subprocess.run(
        ["psql", "-X", "-A", "-t", psql_url(url), "-c", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        check=True, capture_output=True,
    )
    return found.stdout.strip() == b"1"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pactum")
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per operation at most (fewer iterations)")
    parser.add_argument("--postgres-url", default=os.environ.get("PACTUM_TEST_POSTGRES_URL"))
    parser.add_argument("--only", action="append", help="run only the operations whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database and SQLite file")
    parser.add_argument("--seed-cache", help="keep the seeded history here (SQLite) / as a template (PostgreSQL)")
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if "postgres" in engines and not args.postgres_url:
        raise SystemExit("--postgres-url (or PACTUM_TEST_POSTGRES_URL) is needed for the postgres engine")
    if "postgres" in engines and not shutil.which("psql"):
        raise SystemExit("the psql client is needed to seed PostgreSQL (apt-get install postgresql-client)")
    shape = Shape(args.scale)
    print(f"Broker at scale ({args.scale}): {shape.describe()}; {args.iterations} iterations after {args.warmup} warm-up")
    workdir = tempfile.mkdtemp(prefix="pactum-broker-bench-")
    table = []
    try:
        for engine in engines:
            for name, p50, p99, n, timed_out, note, queries in run_engine(engine, args, shape, workdir):
                table.append((engine, name, p50, p99, n, timed_out, note, queries))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept {workdir}")
    print()
    print(f"load average {' '.join('%.2f' % x for x in os.getloadavg())}")
    print("| operation | engine | p50 (ms) | p99 (ms) | n | queries/request |")
    print("|---|---|---:|---:|---:|---:|")
    for engine, name, p50, p99, n, timed_out, note, queries in table:
        count = f"{n} ({note})" if note else str(n)
        mark = "> " if timed_out else ""
        per = f"{queries:.1f}" if queries is not None else "-"
        print(f"| {name} | {engine} | {p50:.2f} | {mark}{p99:.2f} | {count} | {per} |")


if __name__ == "__main__":
    sys.exit(main())

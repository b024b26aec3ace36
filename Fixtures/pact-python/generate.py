#!/usr/bin/env python3
"""
Generate Pact contract fixtures with pact-python (Rust pact_ffi) for Pactum interop tests.

Every HTTP interaction is exercised against the real Rust mock server that pact-python starts, so
the files are exactly what the official implementation records. Message interactions are passed to
a handler with ``Pact.verify`` (as a message consumer test does) and written by pact_ffi without a
mock server.

Usage (see README.md):

    python generate.py            # regenerate v2/, v3/, v4/ and print a summary
    python generate.py --summary  # only print the summary of the existing files

Deterministic: every matcher carries an explicit example value, generators are attached to fixed
example values, and the consumer/provider names are fixed. Only what the Rust core writes itself
(such as its own version in ``metadata.pactRust``) can change with a new pact-python release.
"""

from __future__ import annotations

import http.client
import json
import sys
import tempfile
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pact_ffi
import requests
from pact import Pact, generate, match, xml
from pact.match.matcher import AndMatcher, GenericMatcher

HERE = Path(__file__).resolve().parent
CONSUMER = "PactumInteropConsumer"

# A 1x1 transparent PNG: a fixed binary body whose content type a matcher can sniff.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
OCTETS = bytes(range(0, 256, 7))  # fixed non-text request body
MULTIPART_BOUNDARY = "pactumBoundary0123456789"
UUID = "e2490de5-5bd3-43d5-b7c4-526e33f71304"

Call = Callable[[requests.Session, str], object]


class AndWithExample(AndMatcher[Any]):
    """
    ``a & b`` that keeps its example value.

    pact-python 4.2.0's ``AndMatcher.to_integration_json`` drops the example value, so pact_ffi writes ``null``
    into the body for combined matchers. pact_ffi accepts a top-level ``value`` next to the matcher list.
    """

    def to_integration_json(self) -> dict[str, Any]:
        return {**super().to_integration_json(), "value": self._value}


# --------------------------------------------------------------------------------------------- helpers


def session() -> requests.Session:
    """A requests session that ignores proxy settings (the mock server is on localhost)."""
    s = requests.Session()
    s.trust_env = False
    return s


def serve_and_write(pact: Pact, directory: Path, calls: list[Call]) -> Path:
    """Start the Rust mock server, run every call against it, check all matched, write the file."""
    directory.mkdir(parents=True, exist_ok=True)
    with pact.serve(raises=True) as srv:
        base = str(srv.url).rstrip("/")
        with session() as s:
            for call in calls:
                call(s, base)
        if not srv.matched:
            raise SystemExit(f"mock server for {pact} did not match: {srv.mismatches}")
    pact.write_file(directory, overwrite=True)
    return directory / f"{pact.consumer}-{pact.provider}.json"


def write_messages(pact: Pact, directory: Path) -> Path:
    """Run a trivial handler over every message (as a consumer test would), then write the file."""

    def handler(body: str | bytes | None, metadata: dict[str, object]) -> None:
        if body is None:
            raise ValueError("message without contents")
        if isinstance(body, str) and str(metadata.get("contentType", "")).startswith("application/json"):
            json.loads(body)

    for kind in ("Async", "Sync"):
        if any(True for _ in pact.interactions(kind)):
            pact.verify(handler, kind)
    directory.mkdir(parents=True, exist_ok=True)
    pact.write_file(directory, overwrite=True)
    return directory / f"{pact.consumer}-{pact.provider}.json"


def status_code_matcher(interaction: Any, status: str, value: int) -> None:
    """Set a V4 ``statusCode`` matcher on the response (not exposed by pact-python's fluent API)."""
    pact_ffi.response_status_v2(
        interaction._handle,  # noqa: SLF001 - FFI handle; no public API for status matchers
        json.dumps({"pact:matcher:type": "statusCode", "status": status, "value": value}),
    )


def check(expected: int) -> Callable[[requests.Response], requests.Response]:
    def inner(r: requests.Response) -> requests.Response:
        if r.status_code != expected:
            raise SystemExit(f"{r.request.method} {r.url}: expected {expected}, got {r.status_code}: {r.text}")
        return r

    return inner


# --------------------------------------------------------------------------------------------- V2


def v2_http(out: Path) -> Path:
    """V2: only the V2 matchers (type with min/max, regex), query strings, form and text bodies."""
    p = Pact(CONSUMER, "PythonHttpProviderV2").with_specification("V2")
    calls: list[Call] = []

    (
        p.upon_receiving("a request for a page of users")
        .given("users exist")
        .with_request("GET", "/users")
        .with_query_parameter("page", match.regex("1", regex=r"\d+"))
        .with_query_parameter("sort", "name")
        .with_query_parameter("sort", "id")
        .with_header("Accept", "application/json")
        .will_respond_with(200)
        .with_header("Content-Type", match.regex("application/json", regex=r"application/json(;.*)?"))
        .with_body(
            {
                "users": match.each_like(
                    {
                        "id": match.like(1),
                        "name": match.like("Alice"),
                        "email": match.regex("alice@example.com", regex=r"[^@\s]+@[^@\s]+\.[a-z]+"),
                        "tags": match.each_like("admin", min=1, max=5),
                    },
                    min=1,
                    max=20,
                ),
                "page": match.like(1),
                "total": match.like(2),
            },
            content_type="application/json",
        )
    )
    calls.append(
        lambda s, b: check(200)(
            s.get(f"{b}/users", params=[("page", "7"), ("sort", "name"), ("sort", "id")],
                  headers={"Accept": "application/json"})
        )
    )

    (
        p.upon_receiving("a request for one user by a matched path")
        .given("user 42 exists")
        .with_request("GET", match.regex("/users/42", regex=r"/users/\d+"))
        .with_header("X-Request-Id", match.regex("abc-123", regex=r"[a-z]+-\d+"))
        .will_respond_with(200)
        .with_body(
            {
                "id": 42,
                "name": match.like("Bob"),
                "address": {"street": match.like("1 Main St"), "zip": match.regex("12345", regex=r"\d{5}")},
                "roles": match.like(["admin", "user"], min=1),
                "scores": match.like([1, 2, 3], max=10),
            },
            content_type="application/json",
        )
    )
    calls.append(lambda s, b: check(200)(s.get(f"{b}/users/43", headers={"X-Request-Id": "xyz-9"})))

    (
        p.upon_receiving("a request to create a user")
        .with_request("POST", "/users")
        .with_header("Content-Type", "application/json")
        .with_body({"name": match.like("Carol"), "age": match.like(33)}, content_type="application/json")
        .will_respond_with(201)
        .with_header("Location", match.regex("/users/3", regex=r"/users/\d+"))
        .with_body({"id": match.like(3), "name": "Carol"}, content_type="application/json")
    )
    calls.append(lambda s, b: check(201)(s.post(f"{b}/users", json={"name": "Dave", "age": 40})))

    (
        p.upon_receiving("a form login")
        .with_request("POST", "/login")
        .with_body("username=alice&password=s3cret&remember=true", content_type="application/x-www-form-urlencoded")
        .will_respond_with(200)
        .with_body("Welcome, alice!", content_type="text/plain")
    )
    calls.append(
        lambda s, b: check(200)(
            s.post(f"{b}/login", data="username=alice&password=s3cret&remember=true",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        )
    )

    (
        p.upon_receiving("a request for a plain text document")
        .with_request("GET", "/docs/readme.txt")
        .with_query_parameter("lang", "en")
        .will_respond_with(200)
        .with_header("Cache-Control", "max-age=60")
        .with_body("Line one\nLine two with unicode: caf\u00e9 \u2713\n", content_type="text/plain; charset=utf-8")
    )
    calls.append(lambda s, b: check(200)(s.get(f"{b}/docs/readme.txt", params={"lang": "en"})))

    (
        p.upon_receiving("a request to delete a user")
        .given("user 42 exists")
        .with_request("DELETE", "/users/42")
        .will_respond_with(204)
    )
    calls.append(lambda s, b: check(204)(s.delete(f"{b}/users/42")))

    (
        p.upon_receiving("a request to replace a user with a top-level array body")
        .with_request("PUT", "/users/42/aliases")
        .with_body(["bob", "bobby"], content_type="application/json")
        .will_respond_with(200)
        .with_body(match.each_like({"alias": match.like("bob")}, min=2), content_type="application/json")
    )
    calls.append(lambda s, b: check(200)(s.put(f"{b}/users/42/aliases", json=["bob", "bobby"])))

    return serve_and_write(p, out, calls)


def v2_http_extended(out: Path) -> Path:
    """V2 file as pact_ffi writes it when V3+ matchers are used under specification V2 (not in the V2 spec)."""
    p = Pact(CONSUMER, "PythonHttpProviderV2Extended").with_specification("V2")
    (
        p.upon_receiving("a request answered with V3 matchers in a V2 file")
        .given("a typed record exists", id=7)  # parameters are dropped in V2
        .with_request("GET", "/records/7")
        .will_respond_with(200)
        .with_body(
            {
                "id": match.int(7),
                "price": match.decimal(9.99),
                "count": match.number(12),
                "active": match.bool(True),
                "deleted": match.null(),
                "day": match.date("2024-02-29"),
                "at": match.time("23:59:58"),
                "stamp": match.datetime("2024-02-29T23:59:58+0000"),
                "note": match.includes("needle"),
            },
            content_type="application/json",
        )
    )
    return serve_and_write(p, out, [lambda s, b: check(200)(s.get(f"{b}/records/7"))])


# --------------------------------------------------------------------------------------------- V3


def v3_http(out: Path) -> Path:
    """V3: every V3 matcher, generators, provider states with parameters, multi-value query/headers, XML."""
    p = Pact(CONSUMER, "PythonHttpProviderV3").with_specification("V3")
    calls: list[Call] = []

    (
        p.upon_receiving("a request answered with every V3 matcher")
        .given("a product catalogue exists", products=3, currency="EUR")
        .with_request("GET", "/v3/products")
        .with_query_parameter("category", match.regex("books", regex=r"[a-z]+"))
        .with_query_parameter("limit", match.int(10))
        .with_header("Accept", match.includes("json"))
        .will_respond_with(200)
        .with_header("X-Total-Count", match.regex("3", regex=r"\d+"))
        .with_body(
            {
                "count": match.int(3),
                "average": match.decimal(12.5),
                "ratio": match.number(0.75),
                "maxItems": match.number(100),
                "inStock": match.bool(True),
                "discontinuedAt": match.null(),
                "day": match.date("2024-02-29"),
                "dayUs": match.date("02/29/2024", "%m/%d/%Y"),
                "time": match.time("13:45:00"),
                "timeMillis": match.time("13:45:00.123", "HH:mm:ss.SSS", disable_conversion=True),
                "updated": match.datetime("2024-02-29T13:45:00+0000"),
                "updatedIso": match.datetime(
                    "2024-02-29T13:45:00.123+01:00", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", disable_conversion=True
                ),
                "summary": match.includes("bestseller"),
                "sku": match.regex("BK-0042", regex=r"[A-Z]{2}-\d{4}"),
                "id": match.uuid(UUID),
                "idLower": match.uuid(UUID, format="lowercase"),
                "title": match.str("Dune"),
                "products": match.each_like(
                    {
                        "name": match.like("Dune"),
                        "price": match.decimal(9.99),
                        "authors": match.each_like(match.regex("Frank Herbert", regex=r"[A-Z][a-z]+ [A-Z][a-z]+")),
                        "dimensions": match.like([20, 13, 4], min=3, max=3),
                    },
                    min=1,
                    max=50,
                ),
                "grid": match.each_like(match.each_like(match.int(1), min=2), min=2),
                "nested": {"deeper": {"flag": match.bool(False), "list": [match.int(1), 2, match.like("three")]}},
                # A key holding `'` or `[` is written as `['c[\'d\']']`, which pact_models itself cannot parse
                # back (stub server: "Unterminated brackets"), so only dots, spaces and dashes are used here.
                "keys with spaces": {"a.b": match.like("dotted key"), "x-y z": match.like("dashed key")},
                "currency": GenericMatcher("equality", "EUR"),
                "prices": GenericMatcher("values", {"EUR": 9.99, "USD": 10.49}),
            },
            content_type="application/json",
        )
    )
    calls.append(
        lambda s, b: check(200)(
            s.get(f"{b}/v3/products", params={"category": "music", "limit": "25"},
                  headers={"Accept": "application/vnd.api+json"})
        )
    )

    (
        p.upon_receiving("a request answered with generated values")
        .given("an account exists", accountId=1001, owner="alice")
        .given("the clock is fixed")
        .with_request(
            "GET", match.type("/v3/accounts/1001", generator=generate.provider_state("/v3/accounts/${accountId}"))
        )
        .with_query_parameter(
            "owner", match.type("alice", generator=generate.provider_state("${owner}"))
        )
        .with_header("X-Trace", GenericMatcher("regex", "0af7651916cd43dd", regex=r"[0-9a-f]{16}",
                                               generator=generate.hex(16)))
        .will_respond_with(200)
        .with_header("X-Request-Id", GenericMatcher("regex", UUID, regex=r"[0-9a-f-]{36}", generator=generate.uuid()))
        .with_body(
            {
                "accountId": GenericMatcher("integer", 1001, generator=generate.provider_state("${accountId}")),
                "balance": GenericMatcher("decimal", 250.75, generator=generate.float(5)),
                "points": GenericMatcher("integer", 42, generator=generate.int(min=0, max=1000)),
                "code": GenericMatcher("type", "Xy7Qp", generator=generate.str(5)),
                "hex": GenericMatcher("type", "deadbeef", generator=generate.hex(8)),
                "ref": GenericMatcher("regex", "REF-1234", regex=r"REF-\d{4}", generator=generate.regex(r"REF-\d{4}")),
                "token": GenericMatcher("regex", UUID, regex=r"[0-9a-f-]{36}", generator=generate.uuid()),
                "opened": GenericMatcher("date", "2024-02-29", format="yyyy-MM-dd",
                                         generator=generate.date("yyyy-MM-dd", disable_conversion=True)),
                "cutoff": GenericMatcher("time", "17:30:00", format="HH:mm:ss",
                                         generator=generate.time("HH:mm:ss", disable_conversion=True)),
                "lastLogin": GenericMatcher(
                    "timestamp", "2024-02-29T17:30:00", format="yyyy-MM-dd'T'HH:mm:ss",
                    generator=generate.datetime("yyyy-MM-dd'T'HH:mm:ss", disable_conversion=True),
                ),
                "verified": GenericMatcher("boolean", True, generator=generate.bool()),
                "owner": GenericMatcher("type", "alice", generator=generate.provider_state("${owner}")),
                "self": GenericMatcher(
                    "regex", "http://localhost:8080/v3/accounts/1001", regex=r".*(/v3/accounts/\d+)$",
                    generator=generate.mock_server_url(
                        regex=r".*(/v3/accounts/\d+)$", example="http://localhost:8080/v3/accounts/1001"
                    ),
                ),
            },
            content_type="application/json",
        )
    )
    calls.append(
        lambda s, b: check(200)(
            s.get(f"{b}/v3/accounts/1001", params={"owner": "alice"}, headers={"X-Trace": "0123456789abcdef"})
        )
    )

    (
        p.upon_receiving("a request with repeated query parameters and headers")
        .with_request("GET", "/v3/search")
        .with_query_parameter("tag", "red")
        .with_query_parameter("tag", "green")
        .with_query_parameter("q", "a b&c=d")
        .with_header("X-Flag", "one")
        .with_header("X-Flag", "two")
        .will_respond_with(200)
        .with_header("Set-Cookie", "a=1")
        .with_body({"hits": []}, content_type="application/json")
    )
    def repeated_headers(_: requests.Session, b: str) -> None:
        # requests folds repeated headers into one line; the mock server wants separate lines.
        url = urllib.parse.urlsplit(b)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        try:
            query = urllib.parse.urlencode([("tag", "red"), ("tag", "green"), ("q", "a b&c=d")])
            conn.putrequest("GET", f"/v3/search?{query}")
            conn.putheader("X-Flag", "one")
            conn.putheader("X-Flag", "two")
            conn.endheaders()
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"GET /v3/search: expected 200, got {response.status}")
        finally:
            conn.close()

    calls.append(repeated_headers)

    order_xml = xml.body(
        xml.element(
            "ns1:order",
            xml.element("id", match.int(1001)),
            xml.element("customer", match.str("alice"), attrs={"vip": match.bool(True)}),
            xml.element(
                "line",
                xml.element("sku", match.regex("BK-0042", regex=r"[A-Z]{2}-\d{4}")),
                xml.element("quantity", match.int(2)),
                attrs={"currency": "EUR"},
            ).each(min=1, examples=2),
            attrs={"xmlns:ns1": "http://example.com/orders", "status": match.str("open")},
        )
    )
    (
        p.upon_receiving("a request for an order as XML")
        .with_request("GET", "/v3/orders/1001")
        .with_header("Accept", "application/xml")
        .will_respond_with(200)
        .with_body(order_xml, content_type="application/xml")
    )
    calls.append(lambda s, b: check(200)(s.get(f"{b}/v3/orders/1001", headers={"Accept": "application/xml"})))

    (
        p.upon_receiving("a request posting an XML order")
        .with_request("POST", "/v3/orders")
        .with_body(
            xml.body(xml.element("order", xml.element("sku", match.regex("BK-0042", regex=r"[A-Z]{2}-\d{4}")))),
            content_type="application/xml",
        )
        .will_respond_with(201)
    )
    calls.append(
        lambda s, b: check(201)(
            s.post(f"{b}/v3/orders", data="<?xml version='1.0'?><order><sku>ZZ-9999</sku></order>",
                   headers={"Content-Type": "application/xml"})
        )
    )

    (
        p.upon_receiving("a form post with matchers")
        .with_request("POST", "/v3/subscriptions")
        .with_body(
            {"email": match.regex("a@b.io", regex=r"\S+@\S+"), "plan": "gold", "seats": match.int(3)},
            content_type="application/x-www-form-urlencoded",
        )
        .will_respond_with(202)
    )
    calls.append(
        lambda s, b: check(202)(
            s.post(f"{b}/v3/subscriptions", data={"email": "z@y.org", "plan": "gold", "seats": "9"})
        )
    )

    return serve_and_write(p, out, calls)


def v3_messages(out: Path) -> Path:
    """V3 message pact (asynchronous messages) with matchers, generators and metadata."""
    p = Pact(CONSUMER, "PythonMessageProviderV3").with_specification("V3")

    (
        p.upon_receiving("a user created event", "Async")
        .given("a user is created", id=42, name="Alice")
        .with_body(
            {
                "event": "user.created",
                "id": GenericMatcher("integer", 42, generator=generate.provider_state("${id}")),
                "name": match.str("Alice"),
                "email": match.regex("alice@example.com", regex=r"[^@\s]+@[^@\s]+"),
                "createdAt": match.datetime("2024-02-29T10:00:00+0000"),
                "roles": match.each_like("admin", min=1, max=3),
                "score": match.decimal(4.5),
                "manager": match.null(),
            },
            content_type="application/json",
        )
        .with_metadata({"topic": "users", "partition": match.int(3), "key": match.regex("user-42", regex=r"user-\d+")})
    )

    (
        p.upon_receiving("a user deleted event", "Async")
        .given("a user exists")
        .given("the user is deleted", id=42)
        .with_body(
            {
                "event": "user.deleted",
                "id": match.int(42),
                "when": GenericMatcher("date", "2024-02-29", format="yyyy-MM-dd",
                                       generator=generate.date("yyyy-MM-dd", disable_conversion=True)),
                "traceId": GenericMatcher("regex", UUID, regex=r"[0-9a-f-]{36}", generator=generate.uuid()),
            },
            content_type="application/json",
        )
        .with_metadata({"topic": "users"})
    )

    (
        p.upon_receiving("a plain text audit line", "Async")
        .with_body("AUDIT user=42 action=delete", content_type="text/plain")
        .with_metadata({"topic": "audit"})
    )

    (
        p.upon_receiving("a batch of price updates", "Async")
        .with_body(
            match.each_like({"sku": match.regex("BK-0042", regex=r"[A-Z]{2}-\d{4}"), "price": match.number(12)},
                            min=1),
            content_type="application/json",
        )
    )

    return write_messages(p, out)


# --------------------------------------------------------------------------------------------- V4


def v4_http(out: Path) -> Path:
    """V4 HTTP: V4-only matchers, combined matchers, statusCode, binary/multipart bodies, comments, pending."""
    p = Pact(CONSUMER, "PythonHttpProviderV4").with_specification("V4")
    calls: list[Call] = []

    (
        p.upon_receiving("a request answered with V4 matchers")
        .given("a release catalogue exists", releases=2)
        .with_request("GET", "/v4/releases")
        .with_header("Accept", "application/json")
        .will_respond_with(200)
        .with_body(
            {
                "version": GenericMatcher("semver", "1.2.3"),
                "name": GenericMatcher("notEmpty", "pactum"),
                "tags": GenericMatcher("notEmpty", ["stable"]),
                "labels": match.each_key_matches(
                    {"env": "prod", "team": "core"}, rules=match.regex("env", regex=r"[a-z]+")
                ),
                "limits": match.each_value_matches({"cpu": 2, "memory": 512}, rules=match.int(2)),
                "artifacts": match.array_containing(
                    [
                        {"kind": "source", "url": match.regex("https://x.io/src.tgz", regex=r"https://.+")},
                        {"kind": "binary", "size": match.int(1024)},
                    ]
                ),
                "priority": AndWithExample(match.int(5), GenericMatcher("notEmpty", 5)),
                "code": AndWithExample(match.regex("ABC-1", regex=r"[A-Z]+-\d+"), match.includes("ABC")),
                "checksum": match.str("sha256:abc"),
                "published": match.bool(True),
                "yanked": match.null(),
                "downloads": match.number(1234),
                "rating": match.decimal(4.75),
                "releasedOn": match.date("2024-02-29"),
                "releasedAt": match.datetime("2024-02-29T12:00:00+0000"),
                "buildId": match.uuid(UUID, format="lowercase"),
                "assets": match.each_like({"name": match.str("a.zip"), "bytes": match.int(10)}, min=1, max=10),
            },
            content_type="application/json",
        )
    )
    calls.append(lambda s, b: check(200)(s.get(f"{b}/v4/releases", headers={"Accept": "application/json"})))

    created = (
        p.upon_receiving("a request answered with a status code matcher")
        .with_request("POST", "/v4/jobs")
        .with_body({"task": "rebuild"}, content_type="application/json")
        .will_respond_with(202)
    )
    status_code_matcher(created, "success", 202)
    created.with_body({"jobId": match.int(77)}, content_type="application/json")
    calls.append(lambda s, b: check(202)(s.post(f"{b}/v4/jobs", json={"task": "rebuild"})))

    (
        p.upon_receiving("a request for a binary image")
        .with_request("GET", "/v4/images/logo.png")
        .will_respond_with(200)
        .with_binary_body(PNG_1X1, "image/png")
        .with_matching_rules({"body": {"$": match.content_type("image/png")}})
    )
    calls.append(lambda s, b: check(200)(s.get(f"{b}/v4/images/logo.png")))

    (
        p.upon_receiving("a binary upload")
        .with_request("PUT", "/v4/blobs/1")
        .with_binary_body(OCTETS, "application/octet-stream")
        .will_respond_with(204)
    )
    calls.append(
        lambda s, b: check(204)(
            s.put(f"{b}/v4/blobs/1", data=OCTETS, headers={"Content-Type": "application/octet-stream"})
        )
    )

    with tempfile.TemporaryDirectory() as tmp:
        # The mock server sniffs the part's bytes and file extension, so use a real PNG named *.png.
        upload = Path(tmp) / "logo.png"
        upload.write_bytes(PNG_1X1)
        (
            p.upon_receiving("a multipart file upload")
            .with_request("POST", "/v4/uploads")
            .with_multipart_file("file", upload, "image/png", boundary=MULTIPART_BOUNDARY)
            .will_respond_with(201)
            .with_body({"uploaded": match.int(1)}, content_type="application/json")
        )

    def multipart(s: requests.Session, b: str) -> requests.Response:
        body = (
            f"--{MULTIPART_BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="logo.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode() + PNG_1X1 + f"\r\n--{MULTIPART_BOUNDARY}--\r\n".encode()
        return check(201)(
            s.post(f"{b}/v4/uploads", data=body,
                   headers={"Content-Type": f"multipart/form-data; boundary={MULTIPART_BOUNDARY}"})
        )

    calls.append(multipart)

    (
        p.upon_receiving("a pending interaction with comments and a key")
        .given("a feature flag is on", flag="new-ui")
        .set_key("pending-flags-request")
        .set_pending(pending=True)
        .set_comment("owner", "team-core")
        .set_comment("ticket", {"id": "PACT-1", "priority": 2})
        .add_text_comment("This interaction is still being negotiated.")
        .add_text_comment("Second text comment.")
        .add_external_reference("Jira", "TICKET", "PACT-1")
        .test_name("test_flags_are_listed")
        .with_request("GET", "/v4/flags")
        .with_query_parameter("enabled", match.bool(True))
        .will_respond_with(200)
        .with_header("Content-Type", "application/json")
        .with_body({"flags": match.each_like(match.str("new-ui"))}, content_type="application/json")
    )
    calls.append(lambda s, b: check(200)(s.get(f"{b}/v4/flags", params={"enabled": "false"})))

    (
        p.upon_receiving("a request with generators in a V4 interaction")
        .given("a session exists", sessionId="s-1")
        .with_request("GET", "/v4/sessions/current")
        .with_query_parameter("session", match.type("s-1", generator=generate.provider_state("${sessionId}")))
        .with_header("Authorization", match.regex("Bearer abc.def.ghi", regex=r"Bearer [\w.-]+"))
        .will_respond_with(200)
        .with_header("Date", GenericMatcher("timestamp", "Thu, 29 Feb 2024 12:00:00 GMT",
                                            format="EEE, dd MMM yyyy HH:mm:ss zzz"))
        .with_body(
            {
                "sessionId": GenericMatcher("type", "s-1", generator=generate.provider_state("${sessionId}")),
                "expires": GenericMatcher(
                    "timestamp", "2024-02-29T13:00:00Z", format="yyyy-MM-dd'T'HH:mm:ssX",
                    generator=generate.datetime("yyyy-MM-dd'T'HH:mm:ssX", disable_conversion=True),
                ),
                "nonce": GenericMatcher("regex", UUID.upper(), regex=r"[0-9A-F-]{36}",
                                        generator=generate.uuid("uppercase")),
                "callback": GenericMatcher(
                    "regex", "http://localhost:8080/v4/callbacks/9", regex=r".*(/v4/callbacks/\d+)$",
                    generator=generate.mock_server_url(
                        regex=r".*(/v4/callbacks/\d+)$", example="http://localhost:8080/v4/callbacks/9"
                    ),
                ),
                "attempts": GenericMatcher("integer", 1, generator=generate.int(min=1, max=3)),
                "score": GenericMatcher("decimal", 0.5, generator=generate.float(3)),
                "salt": GenericMatcher("type", "q1w2e3r4", generator=generate.str(8)),
                "etag": GenericMatcher("type", "00ff", generator=generate.hex(4)),
                "locale": GenericMatcher("regex", "en-GB", regex=r"[a-z]{2}-[A-Z]{2}",
                                         generator=generate.regex(r"[a-z]{2}-[A-Z]{2}")),
                "renewOn": GenericMatcher("date", "2024-03-01", format="yyyy-MM-dd",
                                          generator=generate.date("yyyy-MM-dd", disable_conversion=True)),
                "quietFrom": GenericMatcher("time", "22:00", format="HH:mm",
                                            generator=generate.time("HH:mm", disable_conversion=True)),
                "mfa": GenericMatcher("boolean", False, generator=generate.bool()),
            },
            content_type="application/json",
        )
    )
    calls.append(
        lambda s, b: check(200)(
            s.get(f"{b}/v4/sessions/current", params={"session": "s-9"}, headers={"Authorization": "Bearer x.y.z"})
        )
    )

    (
        p.upon_receiving("a form post in V4 with matchers")
        .with_request("POST", "/v4/forms")
        .with_body({"name": match.str("Alice"), "age": match.int(30), "opt": ["a", "b"]},
                   content_type="application/x-www-form-urlencoded")
        .will_respond_with(200)
        .with_body("ok", content_type="text/plain")
    )
    calls.append(
        lambda s, b: check(200)(
            s.post(f"{b}/v4/forms", data=[("name", "Bob"), ("age", "41"), ("opt", "a"), ("opt", "b")])
        )
    )

    return serve_and_write(p, out, calls)


def v4_messages(out: Path) -> Path:
    """V4 message pact: asynchronous and synchronous messages."""
    p = Pact(CONSUMER, "PythonMessageProviderV4").with_specification("V4")

    (
        p.upon_receiving("an order placed event", "Async")
        .given("an order is placed", orderId=1001)
        .with_body(
            {
                "orderId": GenericMatcher("integer", 1001, generator=generate.provider_state("${orderId}")),
                "lines": match.each_like({"sku": match.regex("BK-0042", regex=r"[A-Z]{2}-\d{4}"),
                                          "qty": match.int(1)}, min=1, max=100),
                "total": match.decimal(19.98),
                "placedAt": match.datetime("2024-02-29T10:00:00+0000"),
                "meta": match.each_key_matches({"source": "web"}, rules=match.regex("source", regex=r"[a-z]+")),
                "version": GenericMatcher("semver", "2.0.1"),
            },
            content_type="application/json",
        )
        .with_metadata({"topic": "orders", "contentType": "application/json",
                        "messageId": GenericMatcher("regex", UUID, regex=r"[0-9a-f-]{36}", generator=generate.uuid())})
        .set_comment("channel", "kafka")
        .add_text_comment("Published after checkout.")
    )

    (
        p.upon_receiving("a binary thumbnail event", "Async")
        .with_binary_body(PNG_1X1, "image/png")
        .with_metadata({"topic": "thumbnails"})
    )

    (
        p.upon_receiving("a plain text heartbeat", "Async")
        .with_body("ping", content_type="text/plain")
        .set_pending(pending=True)
    )

    (
        p.upon_receiving("a price quote request", "Sync")
        .given("a price list exists", currency="EUR")
        .with_body({"sku": match.regex("BK-0042", regex=r"[A-Z]{2}-\d{4}"), "qty": match.int(2)},
                   content_type="application/json")
        .with_metadata({"replyTo": "quotes"})
        .will_respond_with()
        .with_body(
            {
                "sku": "BK-0042",
                "unitPrice": match.decimal(9.99),
                "quoteId": GenericMatcher("regex", UUID, regex=r"[0-9a-f-]{36}", generator=generate.uuid()),
                "validUntil": GenericMatcher("date", "2024-03-31", format="yyyy-MM-dd",
                                             generator=generate.date("yyyy-MM-dd", disable_conversion=True)),
            },
            content_type="application/json",
        )
        .with_metadata({"status": "ok"})
    )

    (
        p.upon_receiving("a text echo request", "Sync")
        .with_body("hello", content_type="text/plain")
        .will_respond_with()
        .with_body("HELLO", content_type="text/plain")
    )

    return write_messages(p, out)


def v4_mixed(out: Path) -> Path:
    """
    V4 pact mixing HTTP, asynchronous and synchronous message interactions in one file.

    pact_ffi 0.5.12's mock server panics (mock_server.rs: unwrap on None) when the served pact also holds
    message interactions, so the HTTP part is recorded through the mock server first and the messages are
    then merged into the same file by pact_ffi's own merge (``write_file(overwrite=False)``).
    """
    provider = "PythonMixedProviderV4"
    http = Pact(CONSUMER, provider).with_specification("V4")
    calls: list[Call] = []

    (
        http.upon_receiving("a request for stock levels")
        .given("stock exists", sku="BK-0042")
        .with_request("GET", "/stock/BK-0042")
        .will_respond_with(200)
        .with_body({"sku": "BK-0042", "level": match.int(17), "warehouses": match.each_like(match.str("AMS"))},
                   content_type="application/json")
    )
    calls.append(lambda s, b: check(200)(s.get(f"{b}/stock/BK-0042")))

    (
        http.upon_receiving("a request to reserve stock")
        .with_request("POST", "/stock/BK-0042/reservations")
        .with_body({"qty": match.int(2)}, content_type="application/json")
        .will_respond_with(201)
        .with_header("Location", match.regex("/reservations/9", regex=r"/reservations/\d+"))
    )
    calls.append(lambda s, b: check(201)(s.post(f"{b}/stock/BK-0042/reservations", json={"qty": 5})))

    path = serve_and_write(http, out, calls)

    messages = Pact(CONSUMER, provider).with_specification("V4")
    (
        messages.upon_receiving("a stock changed event", "Async")
        .given("stock changes", sku="BK-0042")
        .with_body({"sku": "BK-0042", "delta": match.int(-2)}, content_type="application/json")
        .with_metadata({"topic": "stock"})
    )
    (
        messages.upon_receiving("a stock check over a queue", "Sync")
        .with_body({"sku": match.str("BK-0042")}, content_type="application/json")
        .will_respond_with()
        .with_body({"level": match.int(17)}, content_type="application/json")
    )
    for kind in ("Async", "Sync"):
        messages.verify(lambda body, _metadata: json.loads(body or "null"), kind)
    messages.write_file(out, overwrite=False)  # merge into the HTTP file written above
    return path


# --------------------------------------------------------------------------------------------- summary


def walk_rules(node: Any, found: set[str]) -> None:
    """Collect every `match` value in a matchingRules tree (V2 flat or V3/V4 nested)."""
    if isinstance(node, dict):
        if isinstance(node.get("match"), str):
            found.add(node["match"])
        for value in node.values():
            walk_rules(value, found)
    elif isinstance(node, list):
        for value in node:
            walk_rules(value, found)


def walk_generators(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("type"), str) and node["type"][:1].isupper():
            found.add(node["type"])
        for value in node.values():
            walk_generators(value, found)
    elif isinstance(node, list):
        for value in node:
            walk_generators(value, found)


def collect(node: Any, key: str, out: list[Any]) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                out.append(v)
            collect(v, key, out)
    elif isinstance(node, list):
        for v in node:
            collect(v, key, out)


def reloads_in_pact_ffi(text: str) -> bool:
    """Parse the file back with pact_ffi's own model loader (``pactffi_parse_pact_json``)."""
    model = pact_ffi.lib.pactffi_parse_pact_json(text.encode())
    if model == pact_ffi.ffi.NULL:
        return False
    pact_ffi.lib.pactffi_pact_model_delete(model)
    return True


def summary(files: list[Path]) -> str:
    lines = [
        "| file | spec | interactions | kinds | `match` types | generator types |",
        "|---|---|---|---|---|---|",
    ]
    for f in files:
        text = f.read_text()
        doc = json.loads(text)  # raises on invalid JSON
        if not reloads_in_pact_ffi(text):
            raise SystemExit(f"{f}: pact_ffi could not parse the file back")
        rules: list[Any] = []
        gens: list[Any] = []
        collect(doc, "matchingRules", rules)
        collect(doc, "generators", gens)
        matchers: set[str] = set()
        walk_rules(rules, matchers)
        generators: set[str] = set()
        walk_generators(gens, generators)
        items = doc.get("interactions", []) + doc.get("messages", [])
        kinds = sorted({i.get("type", "message" if "messages" in doc else "HTTP") for i in items})
        spec = doc["metadata"].get("pactSpecification", doc["metadata"].get("pact-specification", {})).get("version")
        lines.append(
            f"| {f.relative_to(HERE)} | {spec} | {len(items)} | {', '.join(kinds)} | "
            f"{', '.join(sorted(matchers)) or '-'} | {', '.join(sorted(generators)) or '-'} |"
        )
    return "\n".join(lines)


def main() -> None:
    if "--summary" not in sys.argv:
        written = [
            v2_http(HERE / "v2"),
            v2_http_extended(HERE / "v2"),
            v3_http(HERE / "v3"),
            v3_messages(HERE / "v3"),
            v4_http(HERE / "v4"),
            v4_messages(HERE / "v4"),
            v4_mixed(HERE / "v4"),
        ]
        for f in written:
            print(f"wrote {f.relative_to(HERE)}")
    files = sorted(HERE.glob("v*/*.json"))
    print(summary(files))
    meta = {json.dumps(json.loads(f.read_text())["metadata"].get("pactRust")) for f in files}
    print(f"pact-python {__import__('pact').__version__}; pactRust metadata: {', '.join(sorted(meta))}")


if __name__ == "__main__":
    main()

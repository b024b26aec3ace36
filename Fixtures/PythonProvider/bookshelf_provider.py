#!/usr/bin/env python3
"""The bookshelf API of Fixtures/ExampleProvider, written with Python's standard library only (http.server).

It is the provider-side trial of the README: `pactum verify` (or the official `pact verifier`) checks it against
contracts/ExampleConsumer-ExampleProvider.json (HTTP interactions with provider states) and
Fixtures/PythonProvider/contracts/ShelfWatcher-ExampleProvider.json (a message). Endpoints:

    GET /books/{id}, GET /books?author=…, POST /books, DELETE /books/{id}   the API
    POST /_pact/provider-states   {"state", "params", "action"} as JSON, or the same as query parameters
    POST /                        {"description", "providerStates"}: the message of that description, with its
                                  metadata in a base64 JSON Pact-Message-Metadata header

Usage: bookshelf_provider.py [--host 127.0.0.1] [--port 0] [--http10] [--chunked] [--one-write]
It prints "listening on http://HOST:PORT" once it accepts connections.

How responses are written, to exercise clients (the verifier benchmark uses all of these):
    default      HTTP/1.1 keep-alive; the status line and headers in one write, the body in a second one (what
                 http.server handlers do), with Nagle's algorithm on, as http.server leaves it
    --http10     HTTP/1.0: the same two writes, then the connection is closed
    --chunked    HTTP/1.1 keep-alive, Transfer-Encoding: chunked, the headers and each chunk in its own write
    --one-write  HTTP/1.1 keep-alive, the whole response in one write
"""
import argparse
import base64
import http.server
import json
import re
import sys
import threading
import urllib.parse

SAMPLE_TITLES = [
    ("A Wizard of Earthsea", "978-0-547-77374-2", "1968-09-01"),
    ("The Dispossessed", "978-0-06-051275-3", "1974-05-01"),
]
KNOWN_STATES = ["a book with id {id} exists", "a book exists", "books by {author} exist", "no books exist"]
DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class Shelf:
    def __init__(self):
        self.lock = threading.Lock()
        self.books = {}
        self.next_id = 1

    def put(self, book):
        with self.lock:
            self.books[book["id"]] = book
            self.next_id = max(self.next_id, book["id"] + 1)

    def add(self, fields):
        with self.lock:
            book = {"id": self.next_id, **fields}
            self.books[book["id"]] = book
            self.next_id += 1
            return book

    def reserve_ids(self, count):
        with self.lock:
            first = self.next_id
            self.next_id += count
            return first

    def clear(self):
        with self.lock:
            self.books.clear()


SHELF = Shelf()


def sample_book(book_id, params):
    return {
        "id": book_id,
        "title": params.get("title", "The Left Hand of Darkness"),
        "author": params.get("author", "Ursula K. Le Guin"),
        "isbn": params.get("isbn", "978-0-441-47812-5"),
        "published": params.get("published", "1969-03-01"),
        "tags": params.get("tags", ["science fiction", "classic"]),
        "price": float(params.get("price", 9.99)),
    }


def set_up(state, params):
    """Returns (status, answer) for a provider-state set-up."""
    words = state.strip()
    if not words:
        return 200, {}
    if words == "no books exist":
        SHELF.clear()
        return 200, {}
    match = re.fullmatch(r"a book with id (\S+) exists", words)
    if words == "a book exists" or match:
        raw = params.get("id", match.group(1) if match else None)
        try:
            book_id = int(raw)
        except (TypeError, ValueError):
            book_id = SHELF.reserve_ids(1)
        book = sample_book(book_id, params)
        SHELF.put(book)
        return 200, book
    match = re.fullmatch(r"books by (.+) exist", words)
    if match:
        author = params.get("author", match.group(1))
        first = SHELF.reserve_ids(len(SAMPLE_TITLES))
        for offset, (title, isbn, published) in enumerate(SAMPLE_TITLES):
            SHELF.put({"id": first + offset, "title": title, "author": author, "isbn": isbn,
                       "published": published, "tags": ["fantasy"], "price": 8.5})
        return 200, {"author": author, "count": len(SAMPLE_TITLES), "firstId": first}
    return 400, {"error": f"Unknown provider state '{state}'; this provider knows: {'; '.join(KNOWN_STATES)}"}


def message(description, states):
    """Returns (status, contents, metadata) for a message interaction."""
    if description == "a book was added":
        book_id = 42
        for state in states:
            if "id" in (state.get("params") or {}):
                book_id = int(state["params"]["id"])
        return 200, {"event": "BookAdded", "book": sample_book(book_id, {})}, {"topic": "books"}
    if description == "a book was removed":
        return 200, {"event": "BookRemoved", "id": 42}, {"topic": "books"}
    return 404, {"error": f"No message is produced for '{description}'"}, {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    mode = "two-writes"

    def log_message(self, format, *args):
        pass

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def answer(self, status, value=None, headers=()):
        payload = b"" if value is None else json.dumps(value).encode()
        self.send_response(status)
        for name, header in headers:
            self.send_header(name, header)
        if value is not None:
            self.send_header("Content-Type", "application/json")
        if self.mode == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()  # first write
            half = len(payload) // 2
            for piece in (payload[:half], payload[half:]):
                if piece:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(payload)))
        if self.mode == "one-write":
            self._headers_buffer.append(b"\r\n")
            self._headers_buffer.append(payload)
            self.flush_headers()
            return
        self.end_headers()  # first write: the status line and headers
        if payload:
            self.wfile.write(payload)  # second write: the body

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        segments = [s for s in url.path.split("/") if s]
        if url.path == "/_pact/provider-states" and self.command == "POST":
            return self.change_state(query)
        if url.path == "/" and self.command == "POST":
            request = json.loads(self.body() or b"{}")
            status, contents, metadata = message(request.get("description", ""), request.get("providerStates") or [])
            encoded = base64.b64encode(json.dumps(metadata).encode()).decode()
            return self.answer(status, contents, [("Pact-Message-Metadata", encoded)] if metadata else [])
        if segments == ["books"] and self.command == "GET":
            author = query.get("author", [None])[0]
            with SHELF.lock:
                books = sorted(SHELF.books.values(), key=lambda b: b["id"])
            return self.answer(200, [b for b in books if author is None or b["author"] == author])
        if segments == ["books"] and self.command == "POST":
            return self.add_book()
        if len(segments) == 2 and segments[0] == "books" and segments[1].isdigit():
            book_id = int(segments[1])
            with SHELF.lock:
                book = SHELF.books.get(book_id)
                if book is not None and self.command == "DELETE":
                    del SHELF.books[book_id]
            if book is None:
                return self.answer(404, {"error": f"No book with id {book_id}"})
            return self.answer(204) if self.command == "DELETE" else self.answer(200, book)
        return self.answer(404, {"error": f"No route for {self.command} {url.path}"})

    def change_state(self, query):
        raw = self.body()
        if raw:
            change = json.loads(raw)
        else:
            params = {k: v[0] for k, v in query.items() if k not in ("state", "action")}
            change = {"state": query.get("state", [""])[0], "params": params,
                      "action": query.get("action", ["setup"])[0]}
        action = change.get("action") or "setup"
        if action == "teardown":
            SHELF.clear()
            return self.answer(200, {})
        if action != "setup":
            return self.answer(400, {"error": f"Unknown provider-state action '{action}'"})
        status, answer = set_up(change.get("state") or "", change.get("params") or {})
        return self.answer(status, answer)

    def add_book(self):
        try:
            fields = json.loads(self.body())
            book = {k: fields[k] for k in ("title", "author", "isbn", "published", "price")}
            book["tags"] = fields.get("tags") or []
        except (ValueError, KeyError, TypeError) as error:
            return self.answer(400, {"error": f"The body must be a JSON book: {error}"})
        if not DATE.match(str(book["published"])):
            return self.answer(400, {"error": "'published' must be a date 'yyyy-MM-dd'"})
        book["price"] = float(book["price"])
        created = SHELF.add(book)
        return self.answer(201, created, [("Location", f"/books/{created['id']}")])

    do_GET = do_POST = do_DELETE = do_PUT = route


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--http10", action="store_true")
    parser.add_argument("--chunked", action="store_true")
    parser.add_argument("--one-write", action="store_true")
    args = parser.parse_args()
    if args.http10:
        Handler.protocol_version = "HTTP/1.0"
    Handler.mode = "chunked" if args.chunked else "one-write" if args.one_write else "two-writes"
    server = http.server.ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print(f"listening on http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())

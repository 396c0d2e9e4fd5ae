"""Servers the interop tests talk to: yaz-ztest (the Z39.50 reference server), a server that
accepts and never answers, and one that answers with something else than asked."""

from __future__ import annotations

import http.server
import random
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PORTS = range(8600, 8700)


def free_port() -> int:
    """A port of 8600-8699 free now, tried in random order: two test workers scanning from
    8600 each took the same port (one for a server, one as a port nobody listens on)."""
    for port in random.sample(list(PORTS), len(PORTS)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8600-8699")


@contextmanager
def yaz_ztest() -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        ["yaz-ztest", "-l", "/dev/null", f"tcp:127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        listener.close()


@contextmanager
def http_server(status: int, body: bytes) -> Iterator[int]:
    """Answers every GET with ``status`` and ``body`` (an HTML page, say)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def oai_replay(identify: bytes, first: bytes, rest: bytes) -> Iterator[tuple[int, list[str]]]:
    """Replays recorded OAI-PMH answers: Identify, the first ListRecords page, and the page
    that any resumption token leads to. Yields the port and the query strings received."""
    received: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = self.path.partition("?")[2]
            received.append(query)
            body = (
                identify
                if "verb=Identify" in query
                else rest
                if "resumptionToken=" in query
                else first
            )
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], received
    finally:
        server.shutdown()
        server.server_close()

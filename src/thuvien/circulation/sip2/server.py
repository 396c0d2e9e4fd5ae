"""The SIP2 TCP server: one thread per connected kiosk, its own database connection.

Frames end with CR (an LF after it is tolerated). A frame that cannot be read (bad
checksum, bad sequence number, malformed fields, not UTF-8) gets ``96``, the standard's
"please resend"; ``97`` from the kiosk gets the last response again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socketserver
import threading

from django.db import DatabaseError, close_old_connections, connection, connections

from thuvien.circulation.sip2 import protocol
from thuvien.circulation.sip2.handlers import HANDLERS, Session

log = logging.getLogger(__name__)

MAX_FRAME = 16 * 1024


class KioskConnection(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        session = Session()
        last = protocol.RESEND
        buffer = b""
        try:
            while True:
                chunk = self.request.recv(4096)
                if not chunk:
                    return
                buffer += chunk
                while b"\r" in buffer:
                    frame, buffer = buffer.split(b"\r", 1)
                    buffer = buffer.lstrip(b"\n")
                    frame = frame.strip(b"\n")
                    if not frame:
                        continue
                    reply = self._answer(session, frame, last)
                    if not reply.startswith(b"96"):
                        last = reply
                    self.request.sendall(reply)
                if len(buffer) > MAX_FRAME:
                    log.warning("sip2: frame over %d bytes from %s", MAX_FRAME, self.client_address)
                    return
        except OSError as exc:
            log.info("sip2: connection from %s ended: %s", self.client_address, exc)
        finally:
            connection.close()

    def _answer(self, session: Session, frame: bytes, last: bytes) -> bytes:
        try:
            request = protocol.parse(frame)
        except protocol.FrameError as exc:
            log.info("sip2: unreadable frame %r: %s", frame[:80], exc)
            return protocol.RESEND
        if request.command == "97":
            return last
        close_old_connections()
        try:
            response = HANDLERS[request.command](session, request)
        except DatabaseError:
            log.exception("sip2: database error on %s", request.command)
            return protocol.RESEND
        return protocol.render(response, request)


class Sip2Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    # A library's kiosks reconnect together after a network blip; the default backlog of 5
    # refused some of 8 simultaneous connections.
    request_queue_size = 128


def make_server(host: str, port: int) -> Sip2Server:
    return Sip2Server((host, port), KioskConnection)


def serve_in_thread(host: str = "127.0.0.1", port: int = 0) -> tuple[Sip2Server, threading.Thread]:
    """Start a server in the background (tests, benchmarks); ``port`` 0 picks a free one."""
    server = make_server(host, port)
    thread = threading.Thread(target=server.serve_forever, name="sip2", daemon=True)
    thread.start()
    return server, thread


def serve(server: Sip2Server, workers: int = 1) -> None:
    """Serve until stopped. With ``workers`` > 1 the listening socket is shared by that many
    processes (forked before any thread starts), so kiosks use every core, not one GIL."""
    if workers <= 1:
        try:
            server.serve_forever()
        finally:
            server.server_close()
        return
    connections.close_all()  # each process opens its own connection
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # the child serves and never returns into the command
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                server.serve_forever()
            finally:
                os._exit(0)
        children.append(pid)

    def stop(signum: int, frame: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        os.waitpid(child, 0)
    server.server_close()

"""A TCP proxy that can turn into a black hole: on `stop()` it neither forwards nor reads nor accepts, so
the peers' data sits unread in kernel buffers and no RST or FIN is ever sent (a database host whose packets
are dropped, as its clients see it). `resume()` carries on where it stopped."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time


class BlackHoleProxy:
    """Forwards 127.0.0.1:`port` to `target` in a thread of its own, until `close()`."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self.port: int = self._listener.getsockname()[1]
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ)
        self._peers: dict[socket.socket, socket.socket] = {}
        self._silent = threading.Event()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._run, name="black-hole-proxy", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Become a black hole (takes effect within one pass of the loop: at most 50 ms)."""
        self._silent.set()
        time.sleep(0.1)

    def resume(self) -> None:
        self._silent.clear()

    def close(self) -> None:
        self._closed.set()
        self._thread.join(5)
        for sock in [self._listener, *self._peers]:
            sock.close()

    def _run(self) -> None:
        while not self._closed.is_set():
            if self._silent.is_set():
                time.sleep(0.02)
                continue
            for key, _ in self._selector.select(0.02):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self._listener:
                    self._accept()
                elif sock in self._peers:
                    self._forward(sock)

    def _accept(self) -> None:
        client, _ = self._listener.accept()
        try:
            server = socket.create_connection(self._target, timeout=5)
        except OSError:
            client.close()
            return
        server.settimeout(None)
        for one, other in ((client, server), (server, client)):
            self._peers[one] = other
            self._selector.register(one, selectors.EVENT_READ)

    def _forward(self, sock: socket.socket) -> None:
        peer = self._peers[sock]
        try:
            data = sock.recv(65536)
            if data:
                peer.sendall(data)
                return
        except OSError:
            pass
        for one in (sock, peer):
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(one)
            self._peers.pop(one, None)
            one.close()

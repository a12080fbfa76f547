#!/usr/bin/env python3
"""A stand-in for the phone running "SMS Gateway for Android", for scripts/bench: answers
`POST /message` (Basic auth, JSON `{"id", "textMessage": {"text"}, "phoneNumbers"}`) with
202 `{"id", "state": "Pending", "recipients"}` as the app does, at once, and refuses a known
id with the app's 500. `GET /count` gives what it received, as JSON.

Usage: fake_android_gateway.py --port-file FILE [--username U] [--password P]
(listens on 127.0.0.1 at a free port, written to FILE once it accepts connections)
"""
import argparse
import base64
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Gateway:
    def __init__(self, username, password):
        self.authorization = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self.lock = threading.Lock()
        self.ids = set()
        self.counts = {"requests": 0, "accepted": 0, "duplicates": 0, "refused": 0}

    def count(self, key):
        with self.lock:
            self.counts["requests"] += 1
            self.counts[key] += 1


def handler(gateway):
    class Handler(BaseHTTPRequestHandler):
        # Keep-alive, as the app's Ktor server: a new connection per text would measure TCP, not the outbox.
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes: with Nagle's algorithm and the client's delayed
        # ACK, every answer would wait 40 ms.
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def answer(self, status, value):
            data = json.dumps(value).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path != "/count":
                return self.answer(404, {"message": "Not found"})
            with gateway.lock:
                counts = dict(gateway.counts)
            self.answer(200, counts)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path not in ("/message", "/messages"):
                gateway.count("refused")
                return self.answer(404, {"message": "Not found"})
            if self.headers.get("Authorization") != gateway.authorization:
                gateway.count("refused")
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="Access to SMS Gateway", charset=UTF-8')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            try:
                body = json.loads(raw)
                text = body["textMessage"]["text"]
                numbers = body["phoneNumbers"]
                assert text and numbers
            except (ValueError, KeyError, TypeError, AssertionError):
                gateway.count("refused")
                return self.answer(400, {"message": "Failed to convert request body"})
            message_id = body.get("id") or ""
            with gateway.lock:
                known = message_id in gateway.ids
                gateway.ids.add(message_id)
            if known:
                gateway.count("duplicates")
                return self.answer(500, {"message": "Message with the same ID already exists"})
            gateway.count("accepted")
            self.answer(202, {"id": message_id, "state": "Pending", "isEncrypted": False,
                              "recipients": [{"phoneNumber": n, "state": "Pending", "error": None} for n in numbers]})

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client closing its kept-alive connection (wrk stopping, the server shutting down) is no error.
        if not isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError)):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--username", default="sms")
    parser.add_argument("--password", default="bench-phone")
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), handler(Gateway(args.username, args.password)))
    with open(args.port_file, "w") as out:
        out.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A Splunk HEC receiver on 127.0.0.1 for the siem-feed tests, whose stalls and failures the test controls.

Usage: hec_receiver.py DIR
Prints the port it listens on as the first line of stdout. For each POST:
  while DIR/stall exists, the request is held unanswered (a stalled SIEM); DIR/held-N marks it;
  when DIR/fail exists, the answer is 503 (a SIEM that is down);
  otherwise every HEC event of the body (gzip or not, envelopes concatenated) is appended to
  DIR/received.ndjson as one compact JSON line, and the answer is 200 {"text":"Success","code":0}.
"""
import gzip
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

directory = sys.argv[1]
counter = [0]


def envelopes(text):
    decoder, position, found = json.JSONDecoder(), 0, []
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if position == len(text):
            return found
        value, position = decoder.raw_decode(text, position)
        found.append(value)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        counter[0] += 1
        if os.path.exists(os.path.join(directory, "stall")):
            open(os.path.join(directory, f"held-{counter[0]}"), "w").close()
            while os.path.exists(os.path.join(directory, "stall")):
                time.sleep(0.02)
        if os.path.exists(os.path.join(directory, "fail")):
            return self.answer(503, {"text": "Server is busy", "code": 9})
        events = envelopes(raw.decode("utf-8"))
        with open(os.path.join(directory, "received.ndjson"), "a", encoding="utf-8") as out:
            for envelope in events:
                out.write(json.dumps(envelope["event"], separators=(",", ":")) + "\n")
        self.answer(200, {"text": "Success", "code": 0})


server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()

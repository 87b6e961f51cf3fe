#!/usr/bin/env python3
"""Test HTTP server for sink: a Splunk HEC / Elasticsearch _bulk / webhook receiver on 127.0.0.1.

Usage: http_server.py --plan PLAN.json --record DIR
Prints the port it listens on as the first line of stdout. Each request is recorded as
DIR/NNNN.json {"path", "headers", "body"} (body gunzipped) only when it is accepted (2xx).
PLAN is a JSON list consumed one entry per request; after it, requests are accepted:
  {"status": 429, "retry_after": 1}    answer with that status (and Retry-After)
  {"bulk": "partial-429"}               _bulk: 200 with errors=true, item 0 status 429, the rest 201
  {"bulk": "reject-400"}                _bulk: 200 with errors=true, item 0 status 400
  {"exit": true}                        exit at once without answering (a server killed mid-run)
  {"sleep": 3}                          wait that many seconds, then go on with the request
Every body is checked against its format's rules; a body that breaks them is answered 400
with the reason, and recorded as DIR/invalid-NNNN.txt.
"""
import gzip, json, os, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer

args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
plan = json.load(open(args["--plan"])) if "--plan" in args else []
record = args["--record"]
counter = [0]


def concatenated_objects(text):
    decoder = json.JSONDecoder()
    position, objects = 0, []
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if position == len(text):
            return objects
        value, position = decoder.raw_decode(text, position)
        objects.append(value)


def check_hec(text):
    objects = concatenated_objects(text)
    for envelope in objects:
        if not isinstance(envelope, dict) or "event" not in envelope:
            raise ValueError("envelope without event")
        if "time" in envelope and not isinstance(envelope["time"], (int, float)):
            raise ValueError("time is not epoch seconds")
        for key, value in envelope.get("fields", {}).items():
            if not isinstance(value, str) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ValueError("field %s is not a string" % key)
    return len(objects)


def check_bulk(text):
    if not text.endswith("\n"):
        raise ValueError("bulk body does not end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) % 2:
        raise ValueError("odd number of bulk lines")
    for action, source in zip(lines[0::2], lines[1::2]):
        meta = json.loads(action)
        if list(meta) != ["index"] or "_id" not in meta["index"]:
            raise ValueError("bad action line %r" % action)
        document = json.loads(source)
        if "@timestamp" not in document:
            raise ValueError("document without @timestamp")
    return len(lines) // 2


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if self.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8")
        counter[0] += 1
        number = counter[0]
        step = plan.pop(0) if plan else {}
        if step.get("exit"):
            os._exit(0)
        if "sleep" in step:
            time.sleep(step["sleep"])
        try:
            if self.path.endswith("/_bulk"):
                items = check_bulk(text)
            elif self.path.startswith("/services/collector"):
                items = check_hec(text)
            else:
                items = len(json.loads(text))
        except ValueError as error:
            with open(os.path.join(record, "invalid-%04d.txt" % number), "w") as out:
                out.write("%s\n%s" % (error, text))
            return self.answer(400, {"text": str(error), "code": 6})
        if "status" in step:
            headers = [("Retry-After", str(step["retry_after"]))] if "retry_after" in step else []
            return self.answer(step["status"], {"text": "planned failure", "code": 9}, headers)
        statuses = [201] * items
        if step.get("bulk") == "partial-429":
            statuses[0] = 429
        if step.get("bulk") == "reject-400":
            statuses[0] = 400
        accepted = [i for i, s in enumerate(statuses) if s < 300]
        with open(os.path.join(record, "%04d.json" % number), "w") as out:
            json.dump({"path": self.path, "headers": dict(self.headers), "body": text, "accepted": accepted}, out)
        if self.path.endswith("/_bulk"):
            result = []
            for status in statuses:
                item = {"_index": "findings", "status": status}
                if status >= 300:
                    item["error"] = {"type": "mapper_parsing_exception" if status == 400 else "es_rejected_execution_exception", "reason": "planned"}
                result.append({"index": item})
            return self.answer(200, {"took": 1, "errors": any(s >= 300 for s in statuses), "items": result})
        return self.answer(200, {"text": "Success", "code": 0})


server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()

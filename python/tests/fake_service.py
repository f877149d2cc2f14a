"""A small local server that speaks the voice-clone contract
(/work/shared/reference/clone-api.md, mirrored by tests/support/fake_service.* for the C++ suites):
the clone, list-voices and speech endpoints on 127.0.0.1, every request recorded as received and
checked against the contract; answers are the contract's success or a scripted reply.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional
from urllib.parse import parse_qs, urlsplit

TOKEN = "pk-test-0123456789abcdef"
AUDIO = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 8  # the speech endpoint's "mp3"


@dataclass
class Part:
    name: str
    filename: Optional[str]
    content_type: str
    content: bytes


@dataclass
class Request:
    method: str
    path: str
    query: Dict[str, str]
    headers: Dict[str, str]
    body: bytes
    parts: List[Part] = field(default_factory=list)
    violations: List[str] = field(default_factory=list)

    def field(self, name: str) -> Optional[str]:
        for p in self.parts:
            if p.name == name and p.filename is None:
                return p.content.decode()
        return None


@dataclass
class Reply:
    status: int = 200
    body: Optional[dict] = None  # None: the endpoint's success (2xx) or the status's error JSON
    headers: Dict[str, str] = field(default_factory=dict)
    drop: bool = False  # close the connection without an answer


_CODE_FOR_STATUS = {400: 4000, 401: 4100, 403: 4101, 404: 4200, 429: 4013}


class FakeService:
    def __init__(self, voices: int = 3, page_size_cap: int = 100) -> None:
        self.requests: List[Request] = []
        self.script: List[Reply] = []
        self.voices = [{"voice_id": f"74000000000000000{i:02}", "name": f"voice {i}",
                        "is_system_voice": False, "language_code": "en",
                        "language_name": "English", "preview_text": "hello",
                        "preview_audio": "https://example.invalid/a.mp3",
                        "available_training_times": 10 - i, "create_time": 1700000000 + i,
                        "update_time": 1700000100 + i, "model_type": "big", "state": "cloned"}
                       for i in range(voices)]
        self._lock = threading.Lock()
        self._n = 0
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                service._handle(self)

            def do_POST(self) -> None:
                service._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_logid(self) -> str:
        with self._lock:
            self._n += 1
            return f"20261122fake{self._n:04}"

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        url = urlsplit(h.path)
        length = int(h.headers.get("Content-Length", "0"))
        body = h.rfile.read(length) if length else b""
        req = Request(h.command, url.path, {k: v[0] for k, v in parse_qs(url.query).items()},
                      {k.lower(): v for k, v in h.headers.items()}, body)
        self._check(req)
        with self._lock:
            self.requests.append(req)
            reply = self.script.pop(0) if self.script else Reply()
        logid = self._next_logid()
        if reply.drop:
            h.close_connection = True
            h.connection.shutdown(2)
            return
        if reply.status >= 300 or reply.body is not None:
            payload = reply.body if reply.body is not None else {
                "code": _CODE_FOR_STATUS.get(reply.status, 5000 if reply.status >= 500 else 4000),
                "msg": "scripted failure", "detail": {"logid": logid}}
            return self._send(h, reply.status, json.dumps(payload).encode(), "application/json",
                              logid, reply.headers)
        if url.path == "/v1/audio/voices/clone":
            data = {"code": 0, "msg": "", "data": {"voice_id": "7426720361733144585"},
                    "detail": {"logid": logid}}
            return self._send(h, 200, json.dumps(data).encode(), "application/json", logid)
        if url.path == "/v1/audio/voices":
            page = int(req.query.get("page_num", "1"))
            size = int(req.query.get("page_size", "100"))
            chunk = self.voices[(page - 1) * size: page * size]
            data = {"code": 0, "msg": "", "detail": {"logid": logid},
                    "data": {"voice_list": chunk, "has_more": page * size < len(self.voices)}}
            return self._send(h, 200, json.dumps(data).encode(), "application/json", logid)
        if url.path == "/v1/audio/speech":
            return self._send(h, 200, AUDIO, "audio/mpeg", logid)
        self._send(h, 404, json.dumps({"code": 4200, "msg": "not found"}).encode(),
                   "application/json", logid)

    @staticmethod
    def _send(h, status: int, body: bytes, content_type: str, logid: str,
              headers: Optional[Dict[str, str]] = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("x-tt-logid", logid)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    @staticmethod
    def _check(req: Request) -> None:
        v = req.violations
        if req.headers.get("authorization") != f"Bearer {TOKEN}":
            v.append("Authorization is not 'Bearer <token>'")
        if req.path == "/v1/audio/voices/clone":
            ctype = req.headers.get("content-type", "")
            if req.method != "POST" or not ctype.startswith("multipart/form-data; boundary="):
                v.append("clone must be POST multipart/form-data with a boundary")
                return
            msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + req.body)
            for part in msg.iter_parts():
                req.parts.append(Part(part.get_param("name", header="content-disposition"),
                                      part.get_filename(), part.get_content_type(),
                                      part.get_payload(decode=True) or b""))
            names = [p.name for p in req.parts]
            for required in ("voice_name", "audio_format", "file"):
                if names.count(required) != 1:
                    v.append(f"clone needs exactly one '{required}' part")
            name = req.field("voice_name") or ""
            if not 1 <= len(name.encode()) <= 128:
                v.append("voice_name must be 1-128 bytes")
            if req.field("audio_format") not in ("wav", "mp3", "ogg", "m4a", "aac", "pcm"):
                v.append("audio_format not in the contract's list")
            files = [p for p in req.parts if p.name == "file"]
            if files and len(files[0].content) > 10 * 1024 * 1024:
                v.append("file over 10 MB")
            lang = req.field("language")
            if lang is not None and lang not in ("zh", "en", "ja", "es", "id", "pt"):
                v.append("language not in the contract's list")
        elif req.path == "/v1/audio/voices":
            if req.method != "GET":
                v.append("list voices must be GET")
            if not 1 <= int(req.query.get("page_size", "100")) <= 100:
                v.append("page_size must be 1-100")
        elif req.path == "/v1/audio/speech":
            if req.method != "POST" or not req.headers.get("content-type", "").startswith("application/json"):
                v.append("speech must be POST application/json")
            else:
                j = json.loads(req.body)
                if not j.get("input") or not j.get("voice_id"):
                    v.append("speech needs input and voice_id")

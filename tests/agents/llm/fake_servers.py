"""Small OpenAI- and Ollama-compatible HTTP servers on localhost with scripted replies (no network, no weights)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Script:
    """What the fake model does: a tool call for routing requests, a text for wording requests."""

    tool: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    raw_args: str | None = None  # malformed arguments on purpose
    answer: str = "Gern, hier ist die Antwort."
    status: int = 200
    delay_s: float = 0.0
    no_tools: bool = False  # model without tool support
    requests: list[dict[str, Any]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    script: Script

    def log_message(self, *args: Any) -> None:
        pass

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._json(200, {"models": [{"name": "fake"}]})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
        s = self.script
        s.requests.append(body)
        time.sleep(s.delay_s)
        if s.status != 200:
            self._json(s.status, {"error": {"message": "kaputt"}})
            return
        if self.path.endswith("/chat/completions"):
            self._openai(body)
        else:
            self._ollama(body)

    # --- OpenAI ---------------------------------------------------------------
    def _openai(self, body: dict[str, Any]) -> None:
        s = self.script
        if body.get("tools") and s.no_tools:
            self._json(400, {"error": {"message": "model does not support tools"}})
            return
        if body.get("tools") and s.tool:
            args = s.raw_args if s.raw_args is not None else json.dumps(s.args)
            msg = {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": s.tool, "arguments": args}}],
            }
            self._json(
                200,
                {
                    "id": "x",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "fake",
                    "choices": [{"index": 0, "message": msg, "finish_reason": "tool_calls"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                },
            )
            return
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for word in s.answer.split(" "):
                chunk = {
                    "id": "x",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": "fake",
                    "choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            return
        self._json(
            200,
            {
                "id": "x",
                "object": "chat.completion",
                "created": 0,
                "model": "fake",
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": s.answer}, "finish_reason": "stop"}
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            },
        )

    # --- Ollama ---------------------------------------------------------------
    def _ollama(self, body: dict[str, Any]) -> None:
        s = self.script
        if body.get("tools") and s.no_tools:
            self._json(400, {"error": "registry.ollama.ai/library/fake does not support tools"})
            return
        message: dict[str, Any] = {"role": "assistant", "content": ""}
        if body.get("tools") and s.tool:
            message["tool_calls"] = [{"function": {"name": s.tool, "arguments": s.args}}]
        else:
            message["content"] = s.answer
        final = {
            "model": "fake",
            "created_at": "2026-11-25T00:00:00Z",
            "message": message,
            "done": True,
            "done_reason": "stop",
            "total_duration": 1,
            "eval_count": 1,
            "prompt_eval_count": 1,
        }
        if body.get("stream", True):
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.end_headers()
            self.wfile.write((json.dumps(final) + "\n").encode())
            return
        self._json(200, final)


class FakeServer:
    """Context manager running the scripted server on a free localhost port."""

    def __init__(self, script: Script) -> None:
        handler = type("H", (_Handler,), {"script": script})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

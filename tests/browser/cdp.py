"""A headless Chromium driven over the DevTools protocol through --remote-debugging-pipe: the
browser reads commands on file descriptor 3 and writes answers and events on 4, each a JSON
message ended by a NUL byte (the transport Puppeteer's `pipe: true` uses). No WebSocket client,
no package beyond Python's standard library."""

import json
import os
import queue
import subprocess
import threading
import time


class Browser:
    def __init__(self, chromium, profile_dir, width=1280, height=800):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_fds():  # in the child, before exec: its fd 3 reads our commands, fd 4 answers
            # Copies above 4 first: a pipe end may itself be fd 3 or 4, and dup2 onto the same
            # number would keep its close-on-exec flag.
            r, w = os.dup(to_browser_r) + 10, os.dup(from_browser_w) + 10
            os.dup2(to_browser_r, r)
            os.dup2(from_browser_w, w)
            os.dup2(r, 3)
            os.dup2(w, 4)
            os.close(r)
            os.close(w)

        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--remote-debugging-pipe", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required", "--hide-scrollbars",
                f"--user-data-dir={profile_dir}", f"--window-size={width},{height}", "about:blank"]
        env = dict(os.environ, HOME=str(profile_dir))
        self.proc = subprocess.Popen(args, preexec_fn=wire_fds, close_fds=False, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id = 0
        self._answers = {}
        self._events = queue.Queue()
        self._lock = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.events = []  # every event received, in order

    def _read(self):
        buf = b""
        while True:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                with self._lock:
                    if "id" in msg:
                        self._answers[msg["id"]] = msg
                    else:
                        self.events.append(msg)
                    self._lock.notify_all()

    def send(self, method, params=None, session=None, timeout=30):
        with self._lock:
            self._next_id += 1
            mid = self._next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_browser, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self._lock:
            while mid not in self._answers:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{method}: no answer in {timeout} s")
                self._lock.wait(left)
            answer = self._answers.pop(mid)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def wait_event(self, method, since=0, timeout=30):
        """The first event `method` at or after index `since` of self.events."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for e in self.events[since:]:
                    if e.get("method") == method:
                        return e
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {method} in {timeout} s")
                self._lock.wait(left)

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Page:
    """One tab, attached with a flat session."""

    def __init__(self, browser, width=1280, height=800):
        self.b = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def send(self, method, params=None, timeout=30):
        return self.b.send(method, params, self.session, timeout)

    def events(self, method):
        return [e["params"] for e in self.b.events if e.get("sessionId") == self.session and e.get("method") == method]

    def goto(self, url):
        since = len(self.b.events)
        self.send("Page.navigate", {"url": url})
        self.b.wait_event("Page.loadEventFired", since)

    def js(self, expression, timeout=30):
        r = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                           "returnByValue": True}, timeout)
        if "exceptionDetails" in r:
            raise RuntimeError(f"script failed: {r['exceptionDetails']}")
        return r["result"].get("value")

    def click(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "clickCount": 1})

    def key(self, key, code, vk):
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": code,
                                                 "windowsVirtualKeyCode": vk})

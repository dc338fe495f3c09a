#!/usr/bin/env python3
"""The live round's server of the Windows build, from this (Linux) side of loopback:
runs the command given (the test build's hidden `serve-round`), reads its
`serving <join address> <PIN>` line, fetches the phone page, joins as a student,
waits for the first question and answers it; the server must count the answer.

Usage: live-check.py COMMAND...   Exits non-zero on any failure.
"""

import json
import subprocess
import sys
import time
import urllib.request


def fail(message):
    print(f"FAIL: live round: {message}", file=sys.stderr)
    sys.exit(1)


def request(url, body=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {} if body is None else {"Content-Type": "application/json"}
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=10) as response:
        return response.status, response.read().decode()


def main():
    server = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline().split()
        if len(line) != 3 or line[0] != "serving":
            fail(f"the server did not say where it serves: {line}")
        _, url, pin = line
        if not url.startswith("http://127.0.0.1:"):
            fail(f"not served on loopback: {url}")
        status, page = request(url)
        if status != 200 or "<html" not in page.lower():
            fail(f"the phone page did not load: {status}")
        _, joined = request(url + "api/join", {"type": "join", "pin": pin, "name": "Wine student"})
        token = json.loads(joined)["token"]
        deadline = time.monotonic() + 30
        while json.loads(request(f"{url}api/state?token={token}")[1])["view"]["phase"] != "asking":
            if time.monotonic() > deadline:
                fail("the first question did not open")
            time.sleep(0.1)
        _, ack = request(url + "api/answer", {"type": "answer", "token": token, "question": 0, "option": 0})
        if json.loads(ack).get("counted") is not True:
            fail(f"the answer was not counted: {ack}")
        print(f"ok: served on {url}, the page loaded, a student joined and an answer was counted")
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()

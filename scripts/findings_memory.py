#!/usr/bin/env python3
"""Memory per finding of the language server, over stdio.

Opens a batch of N one-line claims (`claim <n>`: each one finding,
claim-incomplete), waits for its diagnostics, then asks for a whole-document
code action, the outline and inlay hints over the whole batch, and prints the
peak resident memory (VmHWM) per finding above the server's memory at start.

    cargo build --release
    python3 scripts/findings_memory.py target/release/claimls 1000000

Linux only (/proc). Standard library only.
"""
import json
import subprocess
import sys
import threading
import time


def main():
    binary, n = sys.argv[1], int(sys.argv[2])
    server = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    inbox = []

    def send(message):
        body = json.dumps(message).encode()
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()

    def read():
        while True:
            header = server.stdout.readline()
            if not header:
                return
            if header.startswith(b"Content-Length"):
                length = int(header.split()[1])
                server.stdout.readline()
                inbox.append(json.loads(server.stdout.read(length)))

    def wait(predicate):
        deadline = time.time() + 600
        while time.time() < deadline:
            for m in inbox:
                if predicate(m):
                    return m
            time.sleep(0.01)
        sys.exit("timed out")

    def peak_kb():
        with open(f"/proc/{server.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])

    threading.Thread(target=read, daemon=True).start()
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    wait(lambda m: m.get("id") == 1)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    time.sleep(0.3)
    base = peak_kb()
    uri = "file:///tmp/claimls-findings-memory.claim"
    text = "".join(f"claim {i}\n" for i in range(n))
    started = time.time()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "claim", "version": 1, "text": text}}})
    published = wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    took = time.time() - started
    at_publish = peak_kb()
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": n, "character": 0}}
    for i, (method, params) in enumerate([
        ("textDocument/codeAction", {"range": whole, "context": {"diagnostics": []}}),
        ("textDocument/documentSymbol", {}),
        ("textDocument/inlayHint", {"range": whole}),
    ]):
        send({"jsonrpc": "2.0", "id": 10 + i, "method": method,
              "params": {"textDocument": {"uri": uri}, **params}})
        wait(lambda m, i=i: m.get("id") == 10 + i)
    final = peak_kb()
    server.kill()
    print(f"{n} findings in {len(text) / 1e6:.1f} MB: published {len(published['params']['diagnostics'])} "
          f"after {took:.2f} s; peak {at_publish} kB at publish, {final} kB after code action, "
          f"outline and inlay hints (start {base} kB): "
          f"{(at_publish - base) * 1024 / n:.0f} / {(final - base) * 1024 / n:.0f} bytes per finding")


if __name__ == "__main__":
    main()

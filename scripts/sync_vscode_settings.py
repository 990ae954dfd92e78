#!/usr/bin/env python3
"""Writes the server's settings into the VS Code extension's package.json.

The settings the server reads are described once, in Rust
(crates/claimls-core/src/settings_schema.rs); `claimls settings-schema` prints them as VS Code
configuration properties. This script puts them into
editors/vscode/package.json (`contributes.configuration.properties`),
keeping the extension's own settings (the server's path, the trace level).
A test (tests/docs.rs) fails when the two differ.

    python3 scripts/sync_vscode_settings.py            # runs `cargo run -q -- settings-schema`
    python3 scripts/sync_vscode_settings.py target/release/claimls
"""
import json
import subprocess
import sys
from pathlib import Path

# Settings of the extension itself, not of the server.
EDITOR_ONLY = ["claimls.server.path", "claimls.trace.server"]


def main():
    root = Path(__file__).resolve().parent.parent
    if len(sys.argv) > 1:
        command = [sys.argv[1], "settings-schema"]
    else:
        command = ["cargo", "run", "-q", "--", "settings-schema"]
    schema = json.loads(subprocess.run(command, cwd=root, check=True, capture_output=True, text=True).stdout)
    package_path = root / "editors" / "vscode" / "package.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    properties = package["contributes"]["configuration"]["properties"]
    merged = {key: properties[key] for key in EDITOR_ONLY if key in properties}
    merged.update(schema)
    package["contributes"]["configuration"]["properties"] = merged
    package_path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(schema)} server settings into {package_path.relative_to(root)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Run the peer tool claim-validator on converted claims and time it.

    target/peer-venv/bin/python scripts/peer_validate.py claims.json > peer.json

Input: the output of scripts/claims_to_peer_json.py. Each claim goes through
claim-validator's documented entry point, `claim_validator.validate(dict)`,
with its default settings (the rule-based validators, no AI, no network).
A claim the library refuses to read (pydantic raises) is recorded with its
error, as the tool would report it to a user.

Output (JSON): {"version", "import_seconds", "validate_seconds", "claims",
"results": [{"id", "error", "findings": [{"code", "severity", "field",
"line", "position"}]}]}. Timing covers the validate() calls only; the
interpreter start and the import are reported separately.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    import claim_validator
    from claim_validator import validate

    import_seconds = time.perf_counter() - t0
    with open(sys.argv[1], encoding="utf-8") as f:
        claims = json.load(f)
    # First use loads the code tables; do it outside the timed loop, as
    # claimls loads its tables before the first claim too.
    try:
        validate(claims[0]["claim"]) if claims else None
    except Exception:
        pass
    results = []
    start = time.perf_counter()
    for item in claims:
        try:
            result = validate(item["claim"])
            findings = [
                {
                    "code": f.code,
                    "severity": f.severity.value,
                    "field": f.field_name,
                    "line": f.line_number,
                    "position": (f.context or {}).get("position"),
                }
                for f in result.findings
            ]
            results.append({"id": item["id"], "error": None, "findings": findings})
        except Exception as exc:  # pydantic.ValidationError and friends
            message = str(exc).splitlines()
            results.append(
                {
                    "id": item["id"],
                    "error": " / ".join(message[:3]),
                    "findings": [],
                }
            )
    validate_seconds = time.perf_counter() - start
    json.dump(
        {
            "version": getattr(claim_validator, "__version__", "?"),
            "import_seconds": import_seconds,
            "validate_seconds": validate_seconds,
            "claims": len(claims),
            "results": results,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

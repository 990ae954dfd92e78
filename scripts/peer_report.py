#!/usr/bin/env python3
"""Compare claimls and claim-validator on the same generated claims.

    python3 scripts/peer_report.py --claims claims.json --truth truth.tsv \
        --claimls claimls.json --claimls-seconds 0.41 --peer peer.json \
        --peer-seconds 3.9 [--icd data/icd10cm.tsv]

Inputs: the converter's output (claim ids and line ranges), the generator's
list of injected problems, `claimls check --format json` output and its wall
time, scripts/peer_validate.py's output and the peer process's wall time.
Prints Markdown tables: time per claim and the ratio, what each tool found
of the injected problems, every finding kind each tool reported, and the
peer's notable misses on valid input (procedure and ICD-10-CM codes it calls
unknown or malformed, claims it refuses to read). Only the standard library.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import json

# Peer finding codes that amount to reporting each injected problem.
PEER_EQUIVALENT = {
    "pctc-indicator": [],
    "modifier-conflict": ["TC_PROFESSIONAL_CONFLICT", "CONFLICTING_GLOBAL_MODIFIERS", "MODIFIER_59_WITH_X_MODIFIER"],
    "ncci-ptp": [],
    "mue-exceeded": ["UNREALISTIC_UNITS", "INVALID_UNITS"],
    "dx-pointer-undeclared": ["INVALID_DIAGNOSIS_POINTER"],
    "icd-not-billable": ["INVALID_DIAGNOSIS_CODE", "INVALID_DIAGNOSIS_CODE_FORMAT"],
    "icd-unknown": ["INVALID_DIAGNOSIS_CODE", "INVALID_DIAGNOSIS_CODE_FORMAT"],
}


# What claim-validator has for each kind of problem, in words.
PEER_CHECK = {
    "pctc-indicator": "no such check",
    "modifier-conflict": "TC_PROFESSIONAL_CONFLICT (26 with TC; RT with LT is not checked)",
    "ncci-ptp": "no such check",
    "mue-exceeded": "no per-code unit limits (UNREALISTIC_UNITS only above 999 units)",
    "dx-pointer-undeclared": "INVALID_DIAGNOSIS_POINTER",
    "icd-not-billable": "INVALID_DIAGNOSIS_CODE (as an unknown code, not as a header code)",
    "icd-unknown": "INVALID_DIAGNOSIS_CODE, INVALID_DIAGNOSIS_CODE_FORMAT",
}


def load_icd(path: str) -> dict[str, bool]:
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                table[parts[0]] = parts[1] == "1"
    return table


def fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", required=True)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--claimls", required=True)
    ap.add_argument("--claimls-seconds", type=float, required=True)
    ap.add_argument("--peer", required=True)
    ap.add_argument("--peer-seconds", type=float, required=True)
    ap.add_argument("--icd", default="data/icd10cm.tsv")
    args = ap.parse_args()

    claims = json.load(open(args.claims, encoding="utf-8"))
    by_id = {c["id"]: c for c in claims}
    starts = [c["first_line"] for c in claims]
    truth = []
    with open(args.truth, encoding="utf-8") as f:
        for line in f.read().splitlines()[1:]:
            if line:
                claim, kind = line.split("\t")
                truth.append((claim, kind))
    injected_claims = {c for c, _ in truth}
    ours = json.load(open(args.claimls, encoding="utf-8"))
    peer = json.load(open(args.peer, encoding="utf-8"))
    peer_by_id = {r["id"]: r for r in peer["results"]}
    icd = load_icd(args.icd)

    def claim_of_line(line: int) -> str | None:
        i = bisect.bisect_right(starts, line) - 1
        return claims[i]["id"] if i >= 0 else None

    ours_by_claim = collections.defaultdict(list)
    for d in ours:
        claim = claim_of_line(d["line"])
        if claim:
            ours_by_claim[claim].append(d)

    n = len(claims)
    service_lines = sum(len(c["claim"].get("lines", [])) for c in claims)
    print(f"Input: {n} claims, {service_lines} service lines, {len(truth)} injected problems "
          f"(the same generated file for both tools).\n")

    # 1. Time per claim.
    ours_per = args.claimls_seconds / n
    peer_per = peer["validate_seconds"] / n
    peer_proc_per = args.peer_seconds / n
    print("| tool | what is timed | total | per claim | ratio to claimls |")
    print("|---|---|---|---|---|")
    print(f"| claimls check | whole process: start, tables, parse, all rules, text output | "
          f"{fmt_time(args.claimls_seconds)} | {fmt_time(ours_per)} | 1 |")
    print(f"| claim-validator {peer['version']} | validate() calls only (tables loaded, no interpreter start or import) | "
          f"{fmt_time(peer['validate_seconds'])} | {fmt_time(peer_per)} | {peer_per / ours_per:.0f}× slower |")
    print(f"| claim-validator {peer['version']} | whole process (python start, import, JSON load, validate) | "
          f"{fmt_time(args.peer_seconds)} | {fmt_time(peer_proc_per)} | {peer_proc_per / ours_per:.0f}× slower |")
    print()

    # 2. The injected problems.
    def peer_found(claim: str, kind: str) -> str:
        result = peer_by_id.get(claim)
        if result is None:
            return "missing"
        if result["error"]:
            return "refused"
        wanted = PEER_EQUIVALENT[kind]
        dx = [d["code"] for d in by_id[claim]["claim"].get("diagnosis_codes", [])]
        for f in result["findings"]:
            if f["code"] not in wanted:
                continue
            if kind.startswith("icd-"):
                pos = f.get("position")
                code = dx[pos - 1] if pos and pos <= len(dx) else None
                # Only a finding on the bad code counts.
                if code is None or icd.get(code) is True:
                    continue
            return "found"
        return "missed"

    print("| injected problem | injected | claimls found | claim-validator found | claim-validator's finding |")
    print("|---|---|---|---|---|")
    kinds = collections.Counter(k for _, k in truth)
    for kind in PEER_EQUIVALENT:
        rows = [(c, k) for c, k in truth if k == kind]
        ours_found = sum(1 for c, k in rows if any(d["code"] == k for d in ours_by_claim[c]))
        outcomes = collections.Counter(peer_found(c, k) for c, k in rows)
        refused = f" ({outcomes['refused']} claims refused)" if outcomes["refused"] else ""
        how = PEER_CHECK[kind]
        print(f"| {kind} | {kinds[kind]} | {ours_found} | {outcomes['found']}{refused} | {how} |")
    print()

    # 3. Everything each tool reported.
    ours_codes = collections.Counter(d["code"] for d in ours)
    peer_codes = collections.Counter(f["code"] for r in peer["results"] for f in r["findings"])
    refused = [r for r in peer["results"] if r["error"]]
    print("| tool | finding | count | on claims without an injected problem |")
    print("|---|---|---|---|")
    for code, count in ours_codes.most_common():
        clean = sum(1 for c, ds in ours_by_claim.items() if c not in injected_claims for d in ds if d["code"] == code)
        print(f"| claimls | {code} | {count} | {clean} |")
    for code, count in peer_codes.most_common():
        clean = sum(1 for r in peer["results"] if r["id"] not in injected_claims
                    for f in r["findings"] if f["code"] == code)
        print(f"| claim-validator | {code} | {count} | {clean} |")
    if refused:
        clean = sum(1 for r in refused if r["id"] not in injected_claims)
        print(f"| claim-validator | claim refused (input validation error) | {len(refused)} | {clean} |")
    print()

    clean_ids = [c["id"] for c in claims if c["id"] not in injected_claims]
    ours_clean_flagged = sum(1 for c in clean_ids if any(d["severity"] == "error" for d in ours_by_claim[c]))
    peer_clean_flagged = sum(
        1 for c in clean_ids
        if peer_by_id[c]["error"] or any(f["severity"] == "error" for f in peer_by_id[c]["findings"])
    )
    print(f"Claims without an injected problem: {len(clean_ids)}. With at least one error: "
          f"claimls {ours_clean_flagged}, claim-validator {peer_clean_flagged}.\n")

    # 4. The peer's notable misses on valid input.
    unknown_px = collections.Counter()
    bad_dx = collections.Counter()
    for r in peer["results"]:
        claim = by_id[r["id"]]["claim"]
        lines = claim.get("lines", [])
        dx = [d["code"] for d in claim.get("diagnosis_codes", [])]
        for f in r["findings"]:
            if f["code"] == "INVALID_PROCEDURE_CODE" and f.get("line"):
                unknown_px[lines[f["line"] - 1]["procedure_code"]] += 1
            if f["code"] in ("INVALID_DIAGNOSIS_CODE", "INVALID_DIAGNOSIS_CODE_FORMAT") and f.get("position"):
                code = dx[f["position"] - 1]
                if icd.get(code) is True:
                    bad_dx[(code, f["code"])] += 1
    if unknown_px:
        listed = ", ".join(f"{c} ({k})" for c, k in unknown_px.most_common())
        print(f"Procedure codes claim-validator reports as unknown (lines): {listed}.\n")
    if bad_dx:
        total = sum(bad_dx.values())
        distinct = len({c for c, _ in bad_dx})
        examples = ", ".join(f"{c} ({'format' if k.endswith('FORMAT') else 'unknown'}, {n})"
                             for (c, k), n in bad_dx.most_common(12))
        print(f"Valid, billable ICD-10-CM codes claim-validator reports as unknown or malformed: "
              f"{total} times, {distinct} distinct codes; most frequent: {examples}.\n")
    if refused:
        codes = collections.Counter()
        for r in refused:
            # "1 validation error for ClaimData / diagnosis_codes.1.code / …"
            parts = r["error"].split(" / ")
            where = parts[1].strip() if len(parts) > 1 else ""
            pieces = where.split(".")
            if len(pieces) == 3 and pieces[0] == "diagnosis_codes" and pieces[1].isdigit():
                dx = by_id[r["id"]]["claim"]["diagnosis_codes"]
                code = dx[int(pieces[1])]["code"]
                valid = "a valid ICD-10-CM code" if code in icd else "not an ICD-10-CM code"
                codes[f"{code} ({valid})"] += 1
            else:
                codes[where or r["error"][:80]] += 1
        print(f"Claims claim-validator refuses to read at all ({len(refused)}; a pydantic error, no findings): "
              + ", ".join(f"{c} × {n}" for c, n in codes.most_common()) + ".\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Convert a .claim file to the JSON input of the peer tool claim-validator.

    python3 scripts/claims_to_peer_json.py claims.claim > claims.json

Output: a JSON array with one object per claim:

    {"id": "S1-000001", "first_line": 3, "last_line": 16,
     "claim": { ...ClaimData fields of claim-validator 0.3.0... }}

`claim` follows claim-validator's ClaimData (claim_validator/models/claim.py):
billing_provider_npi, subscriber_id, patient_first_name/last_name, patient_dob,
patient_gender, payer_id, payer_name, place_of_service, filing_date,
diagnosis_codes [{code, pointer (1-12), type}], lines [{procedure_code,
modifiers, diagnosis_pointers (1-12), charge_amount, units,
service_date_from/to, place_of_service}].

Choices the .claim format leaves open, made once here:
- pointer letters map to positions: A=1 … L=12 (an undeclared letter keeps its
  position, so claim-validator can flag it);
- payer names map to claim-validator's payer ids (its timely-filing table):
  Medicare -> MEDICARE, Aetna -> AETNA, Blue Cross/BCBS/Anthem -> BCBS,
  Cigna -> CIGNA, UnitedHealthcare/UHC -> UHC, others by upper-cased name;
- the filing date is two weeks after the claim's last date of service (the
  .claim format has none; without one claim-validator uses today);
- dates are written ISO; US dates are converted.

Only the standard library; the parser is deliberately small (the .claim
format is line-based: docs/claim-format.md).
"""

from __future__ import annotations

import datetime
import json
import re
import sys

PAYER_IDS = [
    (re.compile(r"medicare|^cms$", re.I), "MEDICARE"),
    (re.compile(r"aetna", re.I), "AETNA"),
    (re.compile(r"blue|bcbs|anthem", re.I), "BCBS"),
    (re.compile(r"cigna", re.I), "CIGNA"),
    (re.compile(r"united|uhc", re.I), "UHC"),
]


def payer_id(name: str) -> str:
    for pattern, pid in PAYER_IDS:
        if pattern.search(name):
            return pid
    return re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")


def iso_date(text: str) -> str | None:
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return text
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m:
        month, day, year = (int(g) for g in m.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def amount(text: str) -> float | None:
    text = text.replace("$", "").replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def split_lines(text: str) -> list[str]:
    # LSP line breaks: \r\n, \r, \n.
    return re.split(r"\r\n|\r|\n", text)


def parse(text: str) -> list[dict]:
    claims: list[dict] = []
    current: dict | None = None
    for number, raw in enumerate(split_lines(text), start=1):
        line = strip_comment(raw).strip()
        if not line:
            continue
        keyword, _, rest = line.partition(" ")
        rest = rest.strip()
        if keyword == "claim":
            current = {
                "id": rest.split()[0] if rest else "",
                "first_line": number,
                "last_line": number,
                "payer": None,
                "patient": {},
                "npi": None,
                "pos": None,
                "dx": [],
                "lines": [],
            }
            claims.append(current)
            continue
        if current is None:
            continue
        current["last_line"] = number
        if keyword == "payer":
            current["payer"] = rest
        elif keyword == "patient":
            words = rest.split()
            name = [w for w in words if "=" not in w]
            attrs = dict(w.split("=", 1) for w in words if "=" in w)
            current["patient"] = {"name": " ".join(name), **attrs}
        elif keyword == "provider":
            attrs = dict(w.split("=", 1) for w in rest.split() if "=" in w)
            current["npi"] = attrs.get("npi")
        elif keyword == "pos":
            current["pos"] = rest
        elif keyword == "dx":
            parts = rest.split()
            if len(parts) >= 2:
                current["dx"].append((parts[0], parts[1]))
        elif keyword == "line":
            parts = rest.split()
            if len(parts) < 2:
                continue
            dates, code_mods = parts[0], parts[1]
            start, _, end = dates.partition("..")
            code, *mods = code_mods.split("-")
            attrs = dict(w.split("=", 1) for w in parts[2:] if "=" in w)
            current["lines"].append(
                {
                    "line": number,
                    "from": start,
                    "to": end or None,
                    "code": code,
                    "mods": mods,
                    "attrs": attrs,
                }
            )
    return claims


def to_peer(claim: dict) -> dict:
    patient = claim["patient"]
    last, _, first = patient.get("name", "").partition(",")
    letters = {letter: i + 1 for i, (letter, _) in enumerate(claim["dx"])}

    def pointer(letter: str) -> int:
        if letter in letters:
            return letters[letter]
        return ord(letter.upper()) - ord("A") + 1 if len(letter) == 1 and letter.isalpha() else 99

    lines = []
    service_dates = []
    for line in claim["lines"]:
        attrs = line["attrs"]
        start = iso_date(line["from"])
        end = iso_date(line["to"]) if line["to"] else None
        if start:
            service_dates.append(start)
        units = attrs.get("units", "1")
        out = {
            "procedure_code": line["code"],
            "modifiers": [m for m in line["mods"] if m],
            "diagnosis_pointers": [pointer(p) for p in attrs.get("dx", "").split(",") if p],
            "charge_amount": amount(attrs.get("charge", "")) or 0.0,
            "units": float(units) if units.isdigit() else 0.0,
            "service_date_from": start,
        }
        if end:
            out["service_date_to"] = end
        if "pos" in attrs:
            out["place_of_service"] = attrs["pos"]
        lines.append(out)
    filing = None
    if service_dates:
        last_day = datetime.date.fromisoformat(max(service_dates))
        filing_day = min(last_day + datetime.timedelta(days=14), datetime.date.today())
        filing = filing_day.isoformat()
    payer = claim["payer"] or ""
    data = {
        "billing_provider_npi": claim["npi"],
        "subscriber_id": patient.get("member"),
        "patient_first_name": first.strip() or None,
        "patient_last_name": last.strip() or None,
        "patient_dob": iso_date(patient["dob"]) if patient.get("dob") else None,
        "patient_gender": patient.get("sex"),
        "payer_id": payer_id(payer) if payer else None,
        "payer_name": payer or None,
        "place_of_service": claim["pos"],
        "filing_date": filing,
        "diagnosis_codes": [
            {"code": code, "pointer": i + 1, "type": "principal" if i == 0 else "secondary"}
            for i, (_, code) in enumerate(claim["dx"][:12])
        ],
        "lines": lines,
    }
    return {k: v for k, v in data.items() if v is not None}


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        claims = parse(f.read())
    out = [
        {
            "id": c["id"],
            "first_line": c["first_line"],
            "last_line": c["last_line"],
            "claim": to_peer(c),
        }
        for c in claims
    ]
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

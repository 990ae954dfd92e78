//! `findings-limit`: the editor shows a bounded number of findings per
//! document; this one says how many more there are.
use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    id: "findings-limit",
    title: "More findings than the editor shows",
    severity: Severity::Warning,
    what: "A document open in the editor has more findings than claimls publishes for one document (the most serious first). This finding, on the first line, says how many more there are and of which severities. Reported by the language server, never by `claimls check`, which prints every finding.",
    why: "A batch with tens of thousands of findings would cost the editor gigabytes of memory and seconds per keystroke, and nobody reads that many in a problems list. The most serious ones are shown so that they are fixed first.",
    example: "claim 1\nclaim 2\n… (a batch of 100,000 incomplete claims)",
    fix: "Fix the findings shown, or run `claimls check FILE` (or `claimls check --format json FILE`) to see them all at once.",
    check: None,
};

//! The one entry point: text + configuration → diagnostics.
//!
//! The CLI and the tests call [`analyze`], the language server
//! [`analyze_incremental`] (the same result, reusing unchanged claims), and
//! all of them the queries in [`crate::hover`]; nothing outside this crate
//! reaches deeper.

use crate::config::{Config, Level, LevelCache};
use crate::diagnostic::{Diagnostic, Fix, FixIntent, Severity};
use crate::rules::{self, ClaimContext};
use crate::syntax::{self, Document};
use crate::text::LineIndex;
use std::sync::Arc;

/// The result of analysing one document.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Sorted by position; suppressed and disabled findings removed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks `text`.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    fault_injection(text);
    // One date for the whole analysis: it is a snapshot, and reading the
    // clock per claim cost 1 % of the time.
    let today = config.today();
    let mut scratch = Scratch::default();
    let mut diagnostics = Vec::new();
    let mut digests = Vec::new();
    for (start, end, first_line) in syntax::claim_blocks(text) {
        diagnostics.extend(analyze_block(
            text,
            start,
            end,
            first_line,
            config,
            today,
            &mut scratch,
            &mut digests,
        ));
    }
    diagnostics.extend(file_findings(text, None, &placed(&digests), config));
    finish(diagnostics)
}

/// Digests whose spans are where their claims are now.
fn placed(digests: &[rules::file::ClaimDigest]) -> Vec<(isize, &rules::file::ClaimDigest)> {
    digests.iter().map(|d| (0, d)).collect()
}

/// The findings of the rules across claims ([`rules::file`]) over the
/// digests of every claim of `text`, in order. `index`: the document's line
/// index when the caller keeps one; else one is built, only if a finding
/// needs a line number.
fn file_findings(
    text: &str,
    index: Option<&LineIndex>,
    digests: &[(isize, &rules::file::ClaimDigest)],
    config: &Config,
) -> Vec<Diagnostic> {
    let mut built: Option<LineIndex> = None;
    let mut line_of = |offset: usize| match index {
        Some(index) => index.line_of(offset),
        None => built
            .get_or_insert_with(|| LineIndex::new(text))
            .line_of(offset),
    };
    rules::file::check_file(text, digests, &mut line_of, config.course_gap_days())
}

/// The findings of the claim block around byte `offset`, with the severity
/// and suppressions the whole analysis gives them (spans in `text`). Hover
/// shows these for the token under the cursor: it reads the verdicts the
/// rules made and never makes one of its own.
/// `lines`: the document's line index, when the caller keeps one (the
/// server does): the block's first line is then found in O(log n), not by
/// counting from the start of the text.
pub fn findings_at(
    text: &str,
    lines: Option<&LineIndex>,
    offset: usize,
    config: &Config,
) -> Vec<Diagnostic> {
    let offset = crate::text::floor_char_boundary(text, offset.min(text.len()));
    let (start, end) = syntax::claim_block(text, offset);
    let first_line = |at: usize| match lines {
        Some(index) => index.line_of(at),
        None => crate::text::line_number(text, at),
    };
    let mut scratch = Scratch::default();
    let today = config.today();
    let mut digests = Vec::new();
    let mut findings = analyze_block(
        text,
        start,
        end,
        first_line(start),
        config,
        today,
        &mut scratch,
        &mut digests,
    );
    // The rules across claims: this claim's patient's other claims are
    // the only ones that can change its verdicts. They are found by the
    // member id (else the name) as written, so a hover costs a search of
    // the text and the parse of a few claims, not an analysis of the file.
    let needs_others = digests
        .iter()
        .any(|d| d.services.is_some() || !d.course_lines.is_empty());
    if !needs_others {
        return findings;
    }
    let mut blocks = vec![(start, end)];
    let needles = patient_needles(text, start, end);
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        for hit in memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes()) {
            let block = syntax::claim_block(text, hit);
            if !blocks.contains(&block) {
                blocks.push(block);
            }
        }
    }
    blocks.sort_unstable();
    let mut all = Vec::new();
    for &(a, b) in &blocks {
        if a == start {
            all.append(&mut digests);
        } else {
            analyze_block(
                text,
                a,
                b,
                first_line(a),
                config,
                today,
                &mut scratch,
                &mut all,
            );
        }
    }
    let here = file_findings(text, lines, &placed(&all), config)
        .into_iter()
        .filter(|d| start <= d.span.start && d.span.start < end.max(start + 1));
    findings.extend(here);
    findings.sort_by(|a, b| a.span.cmp(&b.span).then(a.code.cmp(b.code)));
    findings
}

/// What the claims of the patient of the block `[start, end)` have in
/// common as written: the member id, else the name.
fn patient_needles(text: &str, start: usize, end: usize) -> Vec<String> {
    let doc = syntax::parse_range(text, start, end, 0);
    doc.claims
        .iter()
        .filter_map(|c| {
            let p = c.patient.as_ref()?;
            p.member.or(p.name).map(|t| t.text.to_string())
        })
        .collect()
}

/// Like [`analyze`], spreading the claims over `threads` threads (used by
/// `claimls check` on large files; claims are independent, so the result is
/// the same).
pub fn analyze_parallel(text: &str, config: &Config, threads: usize) -> Analysis {
    /// Below this size a thread costs more than it saves.
    const MIN_PARALLEL_BYTES: usize = 1 << 20;
    if threads < 2 || text.len() < MIN_PARALLEL_BYTES {
        return analyze(text, config);
    }
    fault_injection(text);
    let today = config.today();
    let blocks = syntax::claim_blocks(text);
    // Contiguous chunks of about equal size, one per thread.
    let share = text.len().div_ceil(threads);
    let mut chunks: Vec<&[(usize, usize, usize)]> = Vec::new();
    let mut rest = &blocks[..];
    while !rest.is_empty() {
        let limit = rest[0].0 + share;
        let n = rest.iter().take_while(|b| b.0 < limit).count().max(1);
        chunks.push(&rest[..n]);
        rest = &rest[n..];
    }
    let diagnostics = std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                scope.spawn(move || {
                    let mut scratch = Scratch::default();
                    let mut digests = Vec::new();
                    let findings = chunk
                        .iter()
                        .flat_map(|&(start, end, line)| {
                            analyze_block(
                                text,
                                start,
                                end,
                                line,
                                config,
                                today,
                                &mut scratch,
                                &mut digests,
                            )
                        })
                        .collect::<Vec<_>>();
                    (findings, digests)
                })
            })
            .collect();
        let mut findings = Vec::new();
        let mut digests = Vec::new();
        for worker in workers {
            let (f, d) = worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            findings.extend(f);
            digests.extend(d);
        }
        (findings, digests)
    });
    let (mut diagnostics, digests): (Vec<Diagnostic>, Vec<rules::file::ClaimDigest>) = diagnostics;
    diagnostics.extend(file_findings(text, None, &placed(&digests), config));
    finish(diagnostics)
}

/// A document's text with its line index and claim blocks, kept up to date
/// edit by edit: an edit costs the lines and claims it touches plus moving
/// the text after it, never a pass over the whole document. The language
/// server keeps one per open document (shared by every request of a
/// version, copied only when an edit arrives while a request still reads
/// the previous version); [`analyze_incremental`] reads it.
#[derive(Debug)]
pub struct Source {
    text: String,
    index: LineIndex,
    /// The claim blocks of [`syntax::claim_blocks`], in order: each ends
    /// where the next starts (the last at the end of the text).
    blocks: Vec<Block>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Block {
    start: usize,
    /// Names one block text: a block keeps its id while an edit leaves its
    /// text alone (however far it moves) and gets a new one otherwise. Ids
    /// are unique in the process, so findings cached under an id always
    /// belong to that exact text.
    id: u64,
}

fn fresh_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Clone for Source {
    fn clone(&self) -> Self {
        // Room for typing, so the first edits of the copy do not reallocate.
        let mut text = String::with_capacity(self.text.len() + self.text.len() / 64 + 4096);
        text.push_str(&self.text);
        Source {
            text,
            index: self.index.clone(),
            blocks: self.blocks.clone(),
        }
    }
}

impl Source {
    pub fn new(text: String) -> Self {
        let index = LineIndex::new(&text);
        let blocks = syntax::claim_blocks(&text)
            .into_iter()
            .map(|(start, _, _)| Block {
                start,
                id: fresh_id(),
            })
            .collect();
        Source {
            text,
            index,
            blocks,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn index(&self) -> &LineIndex {
        &self.index
    }

    /// `(start, end, id)` of every claim block, in order.
    fn blocks(&self) -> impl Iterator<Item = (usize, usize, u64)> + '_ {
        let ends = self.blocks.iter().skip(1).map(|b| b.start);
        self.blocks
            .iter()
            .zip(ends.chain([self.text.len()]))
            .map(|(b, end)| (b.start, end, b.id))
    }

    /// Replaces the bytes `range` (moved out to char boundaries, clamped to
    /// the text) with `with`.
    pub fn replace(&mut self, range: std::ops::Range<usize>, with: &str) {
        let len = self.text.len();
        let start = crate::text::floor_char_boundary(&self.text, range.start.min(len));
        let mut end = range.end.clamp(start, len);
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        if start == end && with.is_empty() {
            return;
        }
        let room = self.text.capacity() - len;
        let grow = with.len().saturating_sub(end - start);
        if grow > room {
            // A little slack rather than doubling: the text can be large.
            self.text.reserve_exact(grow + len / 64 + 4096);
        }
        let removed_break =
            memchr::memchr2(b'\n', b'\r', &self.text.as_bytes()[start..end]).is_some();
        self.text.replace_range(start..end, with);
        self.index.edited(&self.text, start, end, with.len());
        self.reblock(start, end, with.len(), removed_break);
    }

    /// Replaces the whole text, as the edit between the old and the new
    /// text's common prefix and suffix (so the claims around it keep their
    /// findings).
    pub fn set_text(&mut self, new: &str) {
        let (old, new_b) = (self.text.as_bytes(), new.as_bytes());
        let mut prefix = common_prefix(old, new_b);
        while !self.text.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let max_suffix = old.len().min(new_b.len()) - prefix;
        let mut suffix = common_suffix(&old[prefix..], &new_b[prefix..]).min(max_suffix);
        while !self.text.is_char_boundary(old.len() - suffix) {
            suffix -= 1;
        }
        let (end, new_end) = (old.len() - suffix, new_b.len() - suffix);
        self.replace(prefix..end, &new[prefix..new_end]);
    }

    /// Brings the claim blocks up to date after `[start, old_end)` became
    /// `new_len` bytes. A block boundary is a `claim` line, which depends on
    /// that line's bytes alone; so the boundaries before the line of the
    /// edit and those after its end stand (moved), and only the text
    /// between them is split again.
    fn reblock(&mut self, start: usize, old_end: usize, new_len: usize, removed_break: bool) {
        if !removed_break && self.keeps_boundaries(start, new_len) {
            // The block around the edit changed its text (a new id); the
            // ones after it only moved. No scan: an X12 file is often one
            // line of megabytes, and a keystroke must not read it all.
            let i = self.blocks.partition_point(|b| b.start <= start).max(1) - 1;
            self.blocks[i].id = fresh_id();
            for b in &mut self.blocks[i + 1..] {
                b.start = crate::text::after_edit(b.start, old_end - start, new_len);
            }
            return;
        }
        let old_len = self.text.len() + (old_end - start) - new_len;
        let new_pos = |old: usize| old + self.text.len() - old_len;
        let line = self
            .index
            .line_start(self.index.line_of(start))
            .unwrap_or(0);
        // The last boundary before the edited line (the first block starts at 0).
        let first = self.blocks.partition_point(|b| b.start < line).max(1) - 1;
        // The first boundary after the edit, unaffected by it.
        let after = self.blocks.partition_point(|b| b.start <= old_end);
        let region_start = self.blocks[first].start;
        let region_end = self
            .blocks
            .get(after)
            .map_or(self.text.len(), |b| new_pos(b.start));
        let old_end_of = |i: usize| self.blocks.get(i + 1).map_or(old_len, |b| b.start);
        let old_region = &self.blocks[first..after];
        let region = syntax::claim_blocks(&self.text[region_start..region_end]);
        let mut fresh = Vec::with_capacity(region.len());
        for (a, c, _) in region {
            let (a, c) = (a + region_start, c + region_start);
            // A block wholly before or after the edit has the text it had.
            let was = if c <= start {
                Some((a, c))
            } else if a >= start + new_len {
                Some((a + old_len - self.text.len(), c + old_len - self.text.len()))
            } else {
                None
            };
            let same = was.and_then(|(a0, c0)| {
                let i = old_region.binary_search_by_key(&a0, |b| b.start).ok()?;
                (old_end_of(first + i) == c0).then_some(old_region[i].id)
            });
            fresh.push(Block {
                start: a,
                id: same.unwrap_or_else(fresh_id),
            });
        }
        let moved = first + fresh.len();
        self.blocks.splice(first..after, fresh);
        for b in &mut self.blocks[moved..] {
            b.start = crate::text::after_edit(b.start, old_end - start, new_len);
        }
    }
}

impl Source {
    /// Whether replacing `[start, old_end)` by the `new_len` bytes now at
    /// `start` leaves every claim block boundary where it was: the edit
    /// takes and brings no line break, and it lies past the part of its
    /// line that decides whether the line is a `claim` line (the indent,
    /// the keyword and the character after it).
    fn keeps_boundaries(&self, start: usize, new_len: usize) -> bool {
        let bytes = self.text.as_bytes();
        if memchr::memchr2(b'\n', b'\r', &bytes[start..start + new_len]).is_some() {
            return false;
        }
        // Between a `\r` and a `\n` an edit splits or joins line breaks.
        if start > 0 && bytes[start - 1] == b'\r' {
            return false;
        }
        // The line index is already up to date: no scan back along the line.
        let line_start = self
            .index
            .line_start(self.index.line_of(start))
            .unwrap_or(0);
        let indent = bytes[line_start..start]
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        start > line_start + indent + "claim".len()
    }
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + CHUNK <= n && a[n - i - CHUNK..n - i] == b[n - i - CHUNK..n - i] {
        i += CHUNK;
    }
    while i < n && a[n - i - 1] == b[n - i - 1] {
        i += 1;
    }
    i
}

/// Like [`analyze`] on `source.text()`, reusing the findings of every
/// claim block whose text did not change since the last call with the same
/// `cache` (and configuration): an edit costs the claims it touches, not
/// the size of the file. Every rule sees one claim, so a claim's findings
/// depend on its text alone — and, for findings that name a line
/// ([`rules::names_a_line`]), on where it starts, so those are reused only
/// while the claim has not moved.
pub fn analyze_incremental(
    source: &Source,
    config: &Arc<Config>,
    cache: &mut ClaimCache,
) -> Analysis {
    let text = source.text();
    fault_injection(text);
    let today = config.today();
    // The cache holds the configuration it was filled under, so that one
    // cannot be freed and another allocated at its address meanwhile.
    let same = cache
        .config
        .as_ref()
        .is_some_and(|c| Arc::ptr_eq(c, config))
        && cache.today == Some(today);
    if !same {
        cache.blocks.clear();
        cache.config = Some(config.clone());
        cache.today = Some(today);
    }
    cache.epoch = cache.epoch.wrapping_add(1);
    let epoch = cache.epoch;
    // Sized once: growing by doubling held three halves of every finding
    // at the peak.
    let mut diagnostics = Vec::with_capacity(cache.findings);
    cache.reused = 0;
    let mut live = 0;
    // Each live block and how far it moved since its digests were made.
    let mut placements: Vec<(u64, isize)> = Vec::new();
    let mut scratch = Scratch::default();
    for (start, end, id) in source.blocks() {
        live += 1;
        // Findings are stored relative to the block's start; the line a
        // suppression names is relative too, via the block's own parse.
        // One lookup per block and no rebuilt map: walking the blocks is
        // the part of a keystroke that grows with the file.
        let first_line = || source.index.line_of(start);
        let reusable = cache
            .blocks
            .get(&id)
            .is_some_and(|entry| entry.anywhere || entry.first_line == first_line());
        let entry = if reusable {
            cache.reused += 1;
            cache.blocks.get_mut(&id).expect("just found")
        } else {
            let first_line = first_line();
            // A block is one claim: room for one digest, as kept (growing
            // from the default four and shrinking left the difference
            // touched: 300 bytes per claim at the peak).
            let mut digests = Vec::with_capacity(1);
            let mut relative =
                |first_line, digests: &mut Vec<rules::file::ClaimDigest>| -> Vec<Diagnostic> {
                    analyze_block(
                        text,
                        start,
                        end,
                        first_line,
                        config,
                        today,
                        &mut scratch,
                        digests,
                    )
                    .into_iter()
                    .map(|d| shift(d, -(start as isize)))
                    .collect()
                };
            let findings = relative(first_line, &mut digests);
            // A message may name a line ("repeats line 27"): then the
            // findings hold only where the claim is now. Which findings
            // there are never depends on where the claim sits.
            let anywhere = !findings.iter().any(|d| rules::names_a_line(d.code))
                || relative(first_line + 1, &mut Vec::new()) == findings;
            let entry = Entry {
                first_line,
                anywhere,
                findings: findings.into_boxed_slice(),
                digests: digests.into_boxed_slice(),
                digests_at: start,
                seen: epoch,
            };
            cache.blocks.insert(id, entry);
            cache.blocks.get_mut(&id).expect("just inserted")
        };
        entry.seen = epoch;
        diagnostics.extend(
            entry
                .findings
                .iter()
                .cloned()
                .map(|d| shift(d, start as isize)),
        );
        placements.push((id, start as isize - entry.digests_at as isize));
    }
    let digests: Vec<(isize, &rules::file::ClaimDigest)> = placements
        .iter()
        .flat_map(|&(id, delta)| cache.blocks[&id].digests.iter().map(move |d| (delta, d)))
        .collect();
    let prints = rules::file::duplicate_claim::prints(&digests);
    diagnostics.extend(file_findings(text, Some(&source.index), &digests, config));
    cache.prints = prints;
    // Blocks an edit replaced stay until they outnumber the live ones, then
    // go in one pass. Ids are never reused, so a stale entry is never
    // taken for a live block meanwhile.
    if cache.blocks.len() > 2 * live {
        cache.blocks.retain(|_, entry| entry.seen == epoch);
    }
    cache.findings = diagnostics.len();
    finish(diagnostics)
}

/// The findings of one claim block, spans relative to the block.
struct Entry {
    /// The line the block started on when it was analysed.
    first_line: usize,
    /// The findings are the same wherever the block sits (no message names
    /// a line), so they hold after lines were added or removed above it.
    anywhere: bool,
    findings: Box<[Diagnostic]>,
    /// What the rules across claims need of the block's claims, with
    /// spans as they were when the block started at `digests_at` (moved
    /// into place when read: copying the digests on every keystroke would
    /// cost an allocation or three per claim).
    digests: Box<[rules::file::ClaimDigest]>,
    digests_at: usize,
    /// The last analysis (see `ClaimCache::epoch`) that found the block.
    seen: u64,
}

/// Per-document memory of claim findings, for [`analyze_incremental`].
#[derive(Default)]
pub struct ClaimCache {
    /// The configuration and day the findings were made for.
    config: Option<Arc<Config>>,
    today: Option<time::Date>,
    /// Claim block id (see [`Source`]) → its findings.
    blocks: rustc_hash::FxHashMap<u64, Entry>,
    reused: usize,
    /// How many findings the last analysis made (the next one's capacity).
    findings: usize,
    /// Counts analyses, to tell live entries from replaced ones.
    epoch: u64,
    /// The last analysis's claims as other open documents compare them.
    prints: Vec<rules::file::duplicate_claim::ClaimPrint>,
}

impl ClaimCache {
    /// How many claim blocks the last analysis took from the cache.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// The last analysis's comparable claims, for duplicates across open
    /// documents ([`rules::file::duplicate_claim::across_documents`]).
    pub fn prints(&self) -> &[rules::file::duplicate_claim::ClaimPrint] {
        &self.prints
    }
}

fn shift(mut d: Diagnostic, delta: isize) -> Diagnostic {
    d.span = d.span.shifted(delta);
    for r in &mut d.related {
        r.span = r.span.shifted(delta);
    }
    for fix in &mut d.fixes {
        fix.intents = std::mem::take(&mut fix.intents)
            .into_iter()
            .map(|intent| intent.shifted(delta))
            .collect();
    }
    d
}

fn finish(mut diagnostics: Vec<Diagnostic>) -> Analysis {
    let order = |a: &Diagnostic, b: &Diagnostic| a.span.cmp(&b.span).then(a.code.cmp(b.code));
    // Blocks come in order with their findings sorted, so this is usually
    // sorted already; the stable sort would take a buffer of half the
    // findings to find that out.
    if !diagnostics.is_sorted_by(|a, b| order(a, b).is_le()) {
        diagnostics.sort_by(order);
    }
    Analysis { diagnostics }
}

/// What one analysis reuses from block to block: the parser's spare
/// buffers and each payer profile's rule levels.
#[derive(Default)]
struct Scratch<'a> {
    spare: syntax::Spare<'a>,
    levels: LevelCache,
}

/// Checks one claim block (or the text before the first claim), leaving
/// each claim's digest for the rules across claims in `digests`.
// The analysis's inputs, passed as they are: a struct for them would only
// be unpacked again here.
#[allow(clippy::too_many_arguments)]
fn analyze_block<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    first_line: usize,
    config: &Config,
    today: time::Date,
    scratch: &mut Scratch<'a>,
    digests: &mut Vec<rules::file::ClaimDigest>,
) -> Vec<Diagnostic> {
    let Scratch { spare, levels } = scratch;
    let doc = syntax::parse_range_with(text, start, end, first_line, spare);
    let mut diagnostics = document_diagnostics(&doc, config);
    let ignored = |line: usize, rule: &str| {
        doc.suppressions
            .iter()
            .any(|s| s.line == line && s.rules.iter().any(|r| r.text == rule))
    };
    for claim in &doc.claims {
        let payer = claim.payer.and_then(|p| config.knowledge.payer(p.text));
        let mut ctx = ClaimContext::new(text, claim, &config.knowledge, payer, today);
        // As `profiles::profile_for`, without looking the payer up twice.
        let profile = payer.map_or("default", |p| p.profile.as_str());
        ctx.filing_limit = config.filing_limit(profile);
        let levels = levels.get(config, profile);
        diagnostics.extend(rules::check_claim(&ctx, levels));
        digests.push(rules::file::ClaimDigest::new(&ctx, levels, ignored));
    }
    // Line numbers only matter to suppression comments, which are rare:
    // most claims skip this pass over their text.
    if !doc.suppressions.is_empty() && !diagnostics.is_empty() {
        let index = LineIndex::new(&text[start..end]);
        apply_suppressions(
            &doc,
            |offset| first_line + index.line_of(offset - start),
            &mut diagnostics,
        );
    }
    spare.recycle(doc);
    diagnostics
}

/// Test hook, compiled into debug builds only: with `CLAIMLS_FAULT_INJECTION`
/// set, a text containing `claimls-test-panic` makes the analysis panic, so
/// the integration tests can prove a panic never takes the server down.
pub fn fault_injection(text: &str) {
    if cfg!(debug_assertions)
        && text.contains("claimls-test-panic")
        && std::env::var_os("CLAIMLS_FAULT_INJECTION").is_some()
    {
        panic!("injected fault (CLAIMLS_FAULT_INJECTION)");
    }
}

/// Findings about the document itself rather than a claim's content.
fn document_diagnostics(doc: &Document<'_>, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Most blocks have nothing to report here: skip the level lookups.
    if doc.errors.is_empty()
        && doc.case.is_empty()
        && doc.suppressions.is_empty()
        && doc.bad_suppressions.is_empty()
    {
        return out;
    }
    let level = |rule| config.level(rule, "default");
    if let Level::On(severity) = level(&rules::SYNTAX) {
        for error in &doc.errors {
            out.push(Diagnostic::new(
                rules::SYNTAX.id,
                severity,
                error.span,
                &error.message,
            ));
        }
    }
    if let Level::On(severity) = level(&rules::LETTER_CASE) {
        for lint in &doc.case {
            out.push(letter_case_finding(lint, severity));
        }
    }
    if let Level::On(severity) = level(&rules::UNKNOWN_SUPPRESSION) {
        for suppression in &doc.suppressions {
            for id in &suppression.rules {
                if rules::get(id.text).is_none() {
                    out.push(Diagnostic::new(
                        rules::UNKNOWN_SUPPRESSION.id,
                        severity,
                        id.span(),
                        format!("`{}` is not a claimls rule id, so this ignore comment silences nothing", id.text),
                    ));
                }
            }
        }
        for span in &doc.bad_suppressions {
            out.push(Diagnostic::new(
                rules::UNKNOWN_SUPPRESSION.id,
                severity,
                *span,
                "write the ignore comment as `claimls: ignore[RULE-ID]` (several ids separated by commas)",
            ));
        }
    }
    out
}

fn letter_case_finding(lint: &syntax::CaseLint, severity: Severity) -> Diagnostic {
    let mut message = format!(
        "{} `{}` is written in lower case: write `{}`",
        lint.what, lint.written, lint.capitals
    );
    if lint.more > 0 {
        message.push_str(&format!(" ({} more on this line are not shown)", lint.more));
    }
    Diagnostic::new(rules::LETTER_CASE.id, severity, lint.span, message).with_fix(
        Fix::new(
            format!("Write `{}`", lint.capitals),
            FixIntent::Replace {
                span: lint.span,
                with: lint.capitals.clone(),
            },
        )
        .preferred(),
    )
}

/// Drops findings silenced by a `# claimls: ignore[…]` on their line.
fn apply_suppressions(
    doc: &Document<'_>,
    line_of: impl Fn(usize) -> usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    diagnostics.retain(|d| {
        let line = line_of(d.span.start);
        !doc.suppressions.iter().any(|s| {
            s.line == line
                && d.code != rules::UNKNOWN_SUPPRESSION.id
                && s.rules.iter().any(|id| id.text == d.code)
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = include_str!("../../../examples/srs-linac-medicare.claim");
    const CLEAN_AETNA: &str = include_str!("../../../examples/gamma-knife-aetna.claim");
    /// The patient and provider lines a complete claim needs.
    const PARTIES: &str =
        "patient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\n";

    #[test]
    fn the_issue_example_has_no_diagnostics() {
        for text in [CLEAN, CLEAN_AETNA] {
            let analysis = analyze(text, &crate::rules::testing::config());
            assert!(
                analysis.diagnostics.is_empty(),
                "{:#?}",
                analysis.diagnostics
            );
        }
    }

    #[test]
    fn incremental_analysis_equals_analysis_from_scratch_and_reuses_unchanged_claims() {
        let problems = include_str!("../../../examples/srs-problems.claim");
        let base = format!(
            "{CLEAN}{problems}{}",
            include_str!("../../../examples/gamma-knife-aetna.claim")
        );
        let config = Arc::new(crate::rules::testing::config());
        let mut cache = ClaimCache::default();
        let mut source = Source::new(String::new());
        let edits = [
            base.clone(),
            base.replace("77372-TC", "77372"),
            base.replace("dx B C34.1 ", "dx B C34.11"),
            base.replace(
                "claim GK-2026-0114",
                "claim GK-2026-0114 # claimls: ignore[claim-incomplete]",
            ),
            format!("payer Medicare\n{base}"),
            base.replace("claim SRS-0099", "claimx SRS-0099"),
            String::new(),
            base.clone(),
        ];
        for text in &edits {
            source.set_text(text);
            assert_eq!(source.text(), text);
            let incremental = analyze_incremental(&source, &config, &mut cache);
            assert_eq!(incremental.diagnostics, analyze(text, &config).diagnostics);
        }
        // One claim edited: the other two come from the cache.
        let at = base.find("units=2 dx=A,D").unwrap();
        source.replace(at..at + "units=2 dx=A,D".len(), "units=1 dx=A");
        assert_eq!(
            source.text(),
            base.replace("units=2 dx=A,D", "units=1 dx=A")
        );
        analyze_incremental(&source, &config, &mut cache);
        assert_eq!(
            cache.reused(),
            3,
            "the leading comment block and two untouched claims"
        );
    }

    #[test]
    fn a_new_configuration_never_reuses_findings_made_under_the_old_one() {
        let text = "claim X\npayer Medicare\ndx A C79.31\nline 2026-11-02 77372-TC dx=A\n";
        let mut cache = ClaimCache::default();
        let text = &Source::new(text.to_string());
        let codes = |a: Analysis| a.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
        {
            let (mut off, _) = Config::from_toml("[rules]\npctc-indicator = \"off\"\n", "t", None);
            off.today = Some(crate::rules::testing::test_day());
            let off = Arc::new(off);
            assert!(
                !codes(analyze_incremental(text, &off, &mut cache)).contains(&"pctc-indicator")
            );
        } // Dropped here: the next Arc could land at the same address.
        let default = Arc::new(crate::rules::testing::config());
        assert!(codes(analyze_incremental(text, &default, &mut cache)).contains(&"pctc-indicator"));
    }

    #[test]
    fn a_message_naming_a_line_follows_lines_added_above_its_claim() {
        let claim = format!(
            "claim X\npayer Medicare\n{PARTIES}dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77372 dx=A\n"
        );
        let config = Arc::new(crate::rules::testing::config());
        let mut cache = ClaimCache::default();
        let mut source = Source::new(format!("claim W\n{claim}"));
        analyze_incremental(&source, &config, &mut cache);
        source.replace(0..0, "\n\n");
        let incremental = analyze_incremental(&source, &config, &mut cache).diagnostics;
        let scratch = analyze(source.text(), &config).diagnostics;
        assert!(
            scratch
                .iter()
                .any(|d| d.message.contains("repeats line 9 "))
        );
        assert_eq!(incremental, scratch);
        // Findings that name no line are reused wherever their claim moved.
        source.replace(0..0, "\n");
        analyze_incremental(&source, &config, &mut cache);
        assert_eq!(cache.reused(), 1, "claim W, not claim X");
    }

    /// The blocks a `Source` keeps up to date are `claim_blocks` of its text.
    fn assert_blocks_fresh(source: &Source) {
        let kept: Vec<_> = source.blocks().map(|(a, b, _)| (a, b)).collect();
        let fresh: Vec<_> = syntax::claim_blocks(source.text())
            .into_iter()
            .map(|(a, b, _)| (a, b))
            .collect();
        assert_eq!(kept, fresh, "{:?}", source.text());
    }

    #[test]
    fn edited_sources_keep_their_blocks_and_line_index_current() {
        let texts = [
            "",
            "claim A\nline\n",
            "x\nclaim A\ndx\r\nclaim B\rline\n  claim C # c\nclaimx\n",
            "claim\nclaim\n\nclaim",
        ];
        let inserts = [
            "",
            "claim Z\n",
            "\n",
            "\r",
            "x",
            "c",
            "laim",
            " ",
            "\nclaim",
        ];
        for text in texts {
            for start in 0..=text.len() {
                for end in start..=text.len().min(start + 9) {
                    for insert in inserts {
                        let mut source = Source::new(text.to_string());
                        source.replace(start..end, insert);
                        let mut expected = text.to_string();
                        expected.replace_range(start..end, insert);
                        assert_eq!(source.text(), expected);
                        assert_blocks_fresh(&source);
                        let lines = LineIndex::new(&expected);
                        assert_eq!(source.index().line_count(), lines.line_count());
                    }
                }
            }
        }
    }

    #[test]
    fn an_edit_renames_only_the_blocks_it_touches() {
        let mut source = Source::new("claim A\nline 1\nclaim B\nline 2\nclaim C\nline 3\n".into());
        let ids = |s: &Source| s.blocks().map(|(_, _, id)| id).collect::<Vec<_>>();
        let before = ids(&source);
        // Inside claim B: only B gets a new id.
        let at = source.text().find("line 2").unwrap();
        source.replace(at..at + 6, "line 22");
        let after = ids(&source);
        assert_eq!((after[0], after[2]), (before[0], before[2]));
        assert_ne!(after[1], before[1]);
        // On the claim line of C: B is untouched and keeps its id.
        let at = source.text().find("claim C").unwrap();
        source.replace(at + 6..at + 7, "D");
        let last = ids(&source);
        assert_eq!(&last[..2], &after[..2]);
        assert_ne!(last[2], after[2]);
        // A whole new text with a common prefix and suffix: only the middle changes.
        let text = source.text().replace("line 22", "line 2");
        source.set_text(&text);
        assert_eq!(source.text(), text);
        let reset = ids(&source);
        assert_eq!((reset[0], reset[2]), (last[0], last[2]));
        assert_blocks_fresh(&source);
    }

    #[test]
    fn parallel_analysis_equals_sequential_analysis() {
        let problems = include_str!("../../../examples/scrubber-tour.claim");
        let big = problems.repeat((2 << 20) / problems.len() + 1);
        let config = crate::rules::testing::config();
        let sequential = analyze(&big, &config).diagnostics;
        assert!(!sequential.is_empty());
        assert_eq!(analyze_parallel(&big, &config, 2).diagnostics, sequential);
        assert_eq!(analyze_parallel(&big, &config, 3).diagnostics, sequential);
    }

    #[test]
    fn an_ignore_comment_silences_only_its_rule_on_its_line() {
        let text = format!(
            "claim X\npayer Medicare\n{PARTIES}dx A C79.31\nline 2026-11-02 77372-TC units=2 dx=A # claimls: ignore[pctc-indicator]\nline 2026-11-03 77372-TC dx=A\n"
        );
        let codes: Vec<_> = analyze(&text, &crate::rules::testing::config())
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(codes, ["mue-exceeded", "pctc-indicator"]);
    }

    #[test]
    fn payer_profiles_and_config_set_severity() {
        use crate::diagnostic::Severity;
        let text = |payer: &str| {
            format!("claim X\npayer {payer}\n{PARTIES}dx A C79.31\nline 2026-11-02 77372-TC dx=A\n")
        };
        let severity =
            |payer: &str, config: &Config| analyze(&text(payer), config).diagnostics[0].severity;
        assert_eq!(
            severity("Medicare", &crate::rules::testing::config()),
            Severity::Error
        );
        assert_eq!(
            severity("Aetna", &crate::rules::testing::config()),
            Severity::Warning
        );
        let (mut config, _) = Config::from_toml(
            "[payers.aetna.rules]\npctc-indicator = \"error\"\n",
            "t",
            None,
        );
        config.today = Some(crate::rules::testing::test_day());
        assert_eq!(severity("Aetna", &config), Severity::Error);
        let (mut off, _) = Config::from_toml("[rules]\npctc-indicator = \"off\"\n", "t", None);
        off.today = Some(crate::rules::testing::test_day());
        assert!(analyze(&text("Medicare"), &off).diagnostics.is_empty());
    }
}

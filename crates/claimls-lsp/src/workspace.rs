//! Duplicate claims across the open documents of a workspace.
//!
//! Each analysis leaves its document's claim prints
//! (`ClaimCache::prints`: a hash of each comparable claim's services and
//! where its `claim` line is). After analysing a document the server keeps
//! its prints on the open document, compares them with the other open
//! documents' prints, and adds a `duplicate-claim` finding for each claim
//! that another document repeats. When a document's prints change, the
//! documents that shared or now share a print with it are analysed again
//! (their claims come from the cache), so both sides stay current.

use super::documents::Stamp;
use super::server::State;
use claimls_core::analysis::Source;
use claimls_core::diagnostic::Diagnostic;
use claimls_core::rules::file::duplicate_claim::{ClaimPrint, OtherDocument, across_documents};
use std::collections::HashSet;
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;

/// What one analysis of `uri` needs from the other open documents.
pub(crate) struct Compared {
    /// The findings on `uri`'s claims that another document repeats.
    pub findings: Vec<Diagnostic>,
    /// Other documents whose findings may have changed with `uri`'s prints.
    pub stale: Vec<(Uri, Stamp)>,
}

/// Takes `prints` as `uri`'s (if the document is still at `stamp`) and
/// compares them with the other open documents. Called with the state
/// locked: it only copies handles; [`Gathered::compare`] does the work.
pub(crate) fn gather(
    st: &mut State,
    uri: &Uri,
    stamp: Stamp,
    prints: Arc<[ClaimPrint]>,
) -> Option<Gathered> {
    let doc = st.docs.get_mut(uri).filter(|d| d.stamp() == stamp)?;
    let old = std::mem::replace(&mut doc.prints, prints.clone());
    let mine: HashSet<u64> = prints.iter().map(|p| p.services).collect();
    let before: HashSet<u64> = old.iter().map(|p| p.services).collect();
    let changed: HashSet<u64> = mine.symmetric_difference(&before).copied().collect();
    let mut others = Vec::new();
    let mut stale = Vec::new();
    for (other_uri, other) in &st.docs {
        if other_uri == uri || other.prints.is_empty() {
            continue;
        }
        if other.prints.iter().any(|p| mine.contains(&p.services)) {
            others.push((name(other_uri), other.snapshot(), other.prints.clone()));
        }
        if other.prints.iter().any(|p| changed.contains(&p.services)) {
            stale.push((other_uri.clone(), other.stamp()));
        }
    }
    Some(Gathered {
        prints,
        others,
        stale,
    })
}

/// The documents that share a print with `prints` (of a document just
/// closed): their duplicate findings must go.
pub(crate) fn sharing(st: &State, prints: &[ClaimPrint]) -> Vec<(Uri, Stamp)> {
    let gone: HashSet<u64> = prints.iter().map(|p| p.services).collect();
    if gone.is_empty() {
        return Vec::new();
    }
    st.docs
        .iter()
        .filter(|(_, d)| d.prints.iter().any(|p| gone.contains(&p.services)))
        .map(|(uri, d)| (uri.clone(), d.stamp()))
        .collect()
}

/// Handles on what [`gather`] found, compared off the state lock.
pub(crate) struct Gathered {
    prints: Arc<[ClaimPrint]>,
    others: Vec<(String, Arc<Source>, Arc<[ClaimPrint]>)>,
    stale: Vec<(Uri, Stamp)>,
}

impl Gathered {
    pub(crate) fn compare(self) -> Compared {
        let others: Vec<OtherDocument<'_>> = self
            .others
            .iter()
            .map(|(name, source, prints)| OtherDocument {
                name,
                text: source.text(),
                lines: source.index(),
                prints,
            })
            .collect();
        Compared {
            findings: across_documents(&self.prints, &others),
            stale: self.stale,
        }
    }
}

/// How a finding names another document: its file name.
fn name(uri: &Uri) -> String {
    super::server::uri_path(uri)
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| uri.as_str().to_string())
}

//! Analysis in the background and what is published: each document's
//! findings once analysed (if still current), a configuration file's
//! problems, and an internal error once per document.

use super::convert::Snapshot;
use super::documents::{MAX_DOCUMENT_BYTES, OpenDocument, Stamp};
use super::server::{Backend, State, lock, uri_path};
use super::settings::Problems;
use super::workspace;
use claimls_core::config::ConfigError;
use std::sync::Arc;
use std::sync::Mutex;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

/// What scheduling an analysis needs of the server: cloned into the task,
/// which may schedule other documents in turn (see `workspace`).
#[derive(Clone)]
pub(crate) struct Scheduler {
    state: std::sync::Arc<Mutex<State>>,
    client: Client,
    publish: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl Backend {
    pub(crate) fn scheduler(&self) -> Scheduler {
        Scheduler {
            state: self.state.clone(),
            client: self.client.clone(),
            publish: self.publish.clone(),
        }
    }

    /// See [`Scheduler::schedule`].
    pub(crate) fn schedule(&self, uri: Uri, scheduled: Stamp) {
        self.scheduler().schedule(uri, scheduled);
    }
}

impl Scheduler {
    /// Analyses `uri` in the background and publishes if still current.
    /// `scheduled` is the opening and version the caller opened or applied,
    /// read under the same lock: when edits arrive faster than tasks start,
    /// only the task of the newest version does the work (reading the
    /// version again here could see a newer edit, and two tasks would
    /// publish it); and a result for a copy that was closed and reopened
    /// since, even at the same version, is never published.
    pub(crate) fn schedule(&self, uri: Uri, scheduled: Stamp) {
        let scheduler = self.clone();
        let state = self.state.clone();
        let client = self.client.clone();
        let publish = self.publish.clone();
        tokio::spawn(async move {
            let (version, cache, unit, settings, pull, taken) = {
                let st = lock(&state);
                let Some(doc) = st.docs.get(&uri) else {
                    return;
                };
                if doc.stamp() != scheduled {
                    return;
                }
                let (version, cache) = (scheduled.version, doc.cache.clone());
                let settings = st.settings.clone();
                (
                    version,
                    cache,
                    st.unit,
                    settings,
                    st.pull,
                    st.settings_taken,
                )
            };
            // The configuration is read from disk off the state lock, on
            // the blocking pool: a slow claimls.toml holds up only the
            // documents under it.
            let path = uri_path(&uri);
            let Ok((config, problems)) =
                tokio::task::spawn_blocking(move || settings.for_document(path.as_deref())).await
            else {
                report_panic(&state, &client, uri).await;
                return;
            };
            if let Some(problems) = problems {
                report_config_file(&client, &state, problems).await;
            }
            if pull {
                // The client pulls this document's diagnostics; never push them too.
                return;
            }
            // The level of the summary a capped publish ends with.
            let limit = config.level(&claimls_core::rules::FINDINGS_LIMIT, "default");
            let check = state.clone();
            let check_uri = uri.clone();
            let result = tokio::task::spawn_blocking(move || {
                // Skip work a newer edit has already made stale. The text is
                // taken only now, not while the task waited for a thread:
                // an edit that arrives while a version is shared copies it,
                // and under load those copies piled up (memory after use
                // went from 45 to 80 MB in some runs).
                let text = {
                    let st = lock(&check);
                    let doc = st.docs.get(&check_uri).filter(|d| d.stamp() == scheduled)?;
                    doc.snapshot()
                };
                if text.text().len() > MAX_DOCUMENT_BYTES {
                    return Some((
                        text,
                        claimls_core::analysis::Analysis::default(),
                        Arc::from([]),
                    ));
                }
                let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
                let analysis =
                    claimls_core::analysis::analyze_incremental(&text, &config, &mut cache);
                let prints: Arc<[_]> = cache.prints().into();
                Some((text, analysis, prints))
            })
            .await;
            match result {
                Ok(Some((text, mut analysis, prints))) => {
                    if text.text().len() > MAX_DOCUMENT_BYTES
                        && lock(&state).too_large.insert(uri.clone())
                    {
                        client
                            .show_message(
                                MessageType::WARNING,
                                format!(
                                    "claimls: this document is {} MB; the editor checks documents up to {} MB. Run `claimls check` on it, or split the batch.",
                                    text.text().len() / (1024 * 1024),
                                    MAX_DOCUMENT_BYTES / (1024 * 1024)
                                ),
                            )
                            .await;
                    }
                    let _turn = publish.lock().await;
                    let gathered = {
                        let mut st = lock(&state);
                        let current = st.docs.get(&uri).map(OpenDocument::stamp);
                        if current != Some(scheduled) || st.settings_taken != taken {
                            return;
                        }
                        workspace::gather(&mut st, &uri, scheduled, prints)
                    };
                    if let Some(gathered) = gathered {
                        let compared = gathered.compare();
                        add_findings(&mut analysis, compared.findings);
                        for (other, stamp) in compared.stale {
                            scheduler.schedule(other, stamp);
                        }
                    }
                    let diagnostics = Snapshot::new(&text, unit)
                        .with_version(version)
                        .diagnostics(&analysis.diagnostics, &uri, limit);
                    drop(analysis);
                    // Let go of this version before waiting on the client, so
                    // the next edit can change the text in place.
                    drop(text);
                    client
                        .publish_diagnostics(uri, diagnostics, Some(version))
                        .await;
                }
                Ok(None) => {}
                Err(_) => report_panic(&state, &client, uri).await,
            }
        });
    }
}

impl Backend {
    pub(crate) fn reanalyse_all(&self) {
        let (docs, pull) = {
            let st = lock(&self.state);
            let docs: Vec<(Uri, Stamp)> = st
                .docs
                .iter()
                .map(|(uri, doc)| (uri.clone(), doc.stamp()))
                .collect();
            (docs, st.pull)
        };
        if pull {
            // Ask the client to pull again; never awaited inside a handler.
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.workspace_diagnostic_refresh().await;
            });
            return;
        }
        for (uri, stamp) in docs {
            self.schedule(uri, stamp);
        }
    }

    /// The analysed diagnostics of `uri` as LSP diagnostics (pull mode and code actions).
    pub(crate) async fn lsp_diagnostics(&self, uri: &Uri) -> Option<Vec<Diagnostic>> {
        let target = uri.clone();
        let (cache, stamp) = {
            let st = lock(&self.state);
            let doc = st.docs.get(uri)?;
            (doc.cache.clone(), doc.stamp())
        };
        let state = self.state.clone();
        self.query(uri, move |snapshot, config| {
            if snapshot.text.len() > MAX_DOCUMENT_BYTES {
                return Some(Vec::new());
            }
            let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
            let mut analysis =
                claimls_core::analysis::analyze_incremental(snapshot.source, config, &mut cache);
            // The other open documents' repeats of this one's claims. (A
            // pulling client asks for each document itself: no other
            // document is scheduled from here.)
            let gathered =
                workspace::gather(&mut lock(&state), &target, stamp, cache.prints().into());
            drop(cache);
            if let Some(gathered) = gathered {
                add_findings(&mut analysis, gathered.compare().findings);
            }
            let limit = config.level(&claimls_core::rules::FINDINGS_LIMIT, "default");
            Some(snapshot.diagnostics(&analysis.diagnostics, &target, limit))
        })
        .await
    }
}

/// Adds findings from outside the analysis (duplicates in other open
/// documents), keeping the analysis's order (by position, then rule).
fn add_findings(
    analysis: &mut claimls_core::analysis::Analysis,
    findings: Vec<claimls_core::diagnostic::Diagnostic>,
) {
    if findings.is_empty() {
        return;
    }
    analysis.diagnostics.extend(findings);
    analysis
        .diagnostics
        .sort_by(|a, b| a.span.cmp(&b.span).then(a.code.cmp(b.code)));
}

/// Logs an internal error (a caught panic) once per document; the text is
/// never logged, only that something failed.
pub(crate) async fn report_panic(state: &Mutex<State>, client: &Client, uri: Uri) {
    let first = lock(state).panicked.insert(uri);
    if first {
        client
            .log_message(
                MessageType::ERROR,
                "claimls: internal error while working on a document; it was answered with nothing and its diagnostics were not updated (please report this bug)",
            )
            .await;
    }
}

/// Shows a configuration file's problems: as diagnostics on that file (an
/// empty list clears them), pushed, or kept for a client that pulls them;
/// and one message when there are any.
pub(crate) async fn report_config_file(client: &Client, state: &Mutex<State>, problems: Problems) {
    let Some(path) = problems.origin else { return };
    let Some(uri) = Uri::from_file_path(&path) else {
        return;
    };
    let first = problems.errors.first().cloned();
    let pull = {
        let mut st = lock(state);
        if st.pull {
            st.config_problems.insert(path, problems.errors.clone());
        }
        st.pull
    };
    if !pull {
        let diagnostics = problems.errors.iter().map(config_diagnostic).collect();
        client.publish_diagnostics(uri, diagnostics, None).await;
    }
    if let Some(first) = first {
        client
            .show_message(
                MessageType::WARNING,
                format!("claimls: {first} — the rest of the configuration still applies"),
            )
            .await;
    }
}

pub(crate) fn config_diagnostic(e: &ConfigError) -> Diagnostic {
    let line = e.line.saturating_sub(1) as u32;
    let column = e.column.saturating_sub(1) as u32;
    Diagnostic {
        range: Range::new(
            Position::new(line, column),
            Position::new(line, column.saturating_add(1)),
        ),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(
            claimls_core::rules::CONFIG.id.to_string(),
        )),
        source: Some("claimls".to_string()),
        message: e.message.clone(),
        ..Default::default()
    }
}

//! The `LanguageServer` implementation.
//!
//! Concurrency: tower-lsp-server runs handlers concurrently, so every
//! `didChange` is applied synchronously under the state lock before the
//! handler's first `.await`, and checked against the document's version.
//! Analysis runs on the blocking pool; its result is published only if the
//! document is still at the analysed version. A panic in analysis is
//! caught (as a `JoinError` or by `catch_unwind`), logged once per document
//! and answered with nothing, never a dead server. No handler awaits a
//! request to the client.

use super::convert::{self, Snapshot, pos};
use super::documents::{Change, ChangeError, OpenDocument, Stamp};
use super::features;
use super::settings::{Problems, Settings};
use claimls_core::config::{Config, ConfigError};
use claimls_core::text::ColumnUnit;
use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use super::documents::MAX_DOCUMENT_BYTES;

/// The outline lists at most this many claims, then one entry that counts
/// the rest: the outline of a batch of a million claims would cost
/// gigabytes and nobody scrolls it.
const MAX_OUTLINE_CLAIMS: usize = 5000;

/// At most this many inlay hints per request (an editor asks for the lines
/// it shows; a client that asks for a whole batch gets the first ones).
const MAX_INLAY_HINTS: usize = 5000;

/// Runs the server on stdio; true when the client sent `shutdown` before `exit`.
pub async fn run() -> bool {
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let (service, socket) = LspService::new(move |client| Backend::new(client, flag));
    // claimls's own framing sits between stdio and tower-lsp-server, so a
    // malformed message is answered and skipped instead of ending the session
    // (see transport.rs).
    let (server_in, to_server) = tokio::io::duplex(1 << 20);
    let (from_server, server_out) = tokio::io::duplex(1 << 20);
    let (errors, errors_rx) = tokio::sync::mpsc::channel(super::transport::MAX_QUEUED_ANSWERS);
    let (exit, exit_requested) = tokio::sync::oneshot::channel();
    let input = tokio::spawn(super::transport::pump_input(
        tokio::io::stdin(),
        to_server,
        errors,
        shutdown.clone(),
        exit,
    ));
    let output = tokio::spawn(super::transport::pump_output(
        from_server,
        tokio::io::stdout(),
        errors_rx,
    ));
    let serve = Server::new(server_in, server_out, socket).serve(service);
    tokio::pin!(serve);
    let served = tokio::select! {
        () = &mut serve => true,
        // The client sent `exit`: the server ends by itself once its last
        // frames are written, which a client that stopped reading stdout
        // never lets happen. Give it a moment, then end regardless.
        Ok(()) = exit_requested => tokio::time::timeout(EXIT_GRACE, &mut serve).await.is_ok(),
    };
    if served {
        // The server's output is closed now: let the last frames reach stdout.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), output).await;
    }
    input.abort();
    shutdown.load(Ordering::SeqCst)
}

/// How long the server may take to finish after the client's `exit`.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

struct State {
    docs: HashMap<Uri, OpenDocument>,
    unit: ColumnUnit,
    settings: Settings,
    /// Documents whose analysis panicked and was reported already.
    panicked: HashSet<Uri>,
    /// Documents over the size limit whose user was told already.
    too_large: HashSet<Uri>,
    /// Problems found in initializationOptions, shown once initialized.
    pending_problems: Vec<ConfigError>,
    /// Counts settings changes: a change read after a newer one is dropped.
    settings_seq: u64,
    /// Counts the settings taken: a result computed under earlier settings
    /// is not published (the re-analysis they started publishes instead).
    settings_taken: u64,
    /// Each configuration file's current problems, for a client that
    /// pulls diagnostics (it gets them for the file when it asks).
    config_problems: HashMap<PathBuf, Vec<ConfigError>>,
    /// The client pulls diagnostics (LSP 3.17 `textDocument/diagnostic`):
    /// then the server never pushes them.
    pull: bool,
}

struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    shutdown: Arc<AtomicBool>,
    /// Serialises publishing so an older result never lands after a newer one.
    publish: Arc<tokio::sync::Mutex<()>>,
}

/// Locks the state even if a panicking thread poisoned it: the state is
/// only mutated by short, panic-free critical sections.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn uri_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

impl Backend {
    fn new(client: Client, shutdown: Arc<AtomicBool>) -> Self {
        Backend {
            client,
            state: Arc::new(Mutex::new(State {
                docs: HashMap::new(),
                unit: ColumnUnit::Utf16,
                settings: Settings::new(None),
                panicked: HashSet::new(),
                too_large: HashSet::new(),
                pending_problems: Vec::new(),
                settings_seq: 0,
                settings_taken: 0,
                config_problems: HashMap::new(),
                pull: false,
            })),
            shutdown,
            publish: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Analyses `uri` in the background and publishes if still current.
    /// `scheduled` is the opening and version the caller opened or applied,
    /// read under the same lock: when edits arrive faster than tasks start,
    /// only the task of the newest version does the work (reading the
    /// version again here could see a newer edit, and two tasks would
    /// publish it); and a result for a copy that was closed and reopened
    /// since, even at the same version, is never published.
    fn schedule(&self, uri: Uri, scheduled: Stamp) {
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
                    return Some((text, claimls_core::analysis::Analysis::default()));
                }
                let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
                let analysis =
                    claimls_core::analysis::analyze_incremental(&text, &config, &mut cache);
                Some((text, analysis))
            })
            .await;
            match result {
                Ok(Some((text, analysis))) => {
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
                    {
                        let st = lock(&state);
                        let current = st.docs.get(&uri).map(OpenDocument::stamp);
                        if current != Some(scheduled) || st.settings_taken != taken {
                            return;
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

    /// Runs a query on a snapshot of `uri` on the blocking pool, catching
    /// panics; the document's configuration is resolved there too (off the
    /// state lock).
    async fn query<T: Send + 'static>(
        &self,
        uri: &Uri,
        f: impl FnOnce(&Snapshot<'_>, &Arc<Config>) -> Option<T> + Send + 'static,
    ) -> Option<T> {
        let (text, version, unit, settings) = {
            let st = lock(&self.state);
            let doc = st.docs.get(uri)?;
            (doc.snapshot(), doc.version, st.unit, st.settings.clone())
        };
        let path = uri_path(uri);
        let result = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                let (config, problems) = settings.for_document(path.as_deref());
                let snapshot = Snapshot::new(&text, unit).with_version(version);
                (f(&snapshot, &config), problems)
            }))
        })
        .await;
        match result {
            Ok(Ok((value, problems))) => {
                if let Some(problems) = problems {
                    report_config_file(&self.client, &self.state, problems).await;
                }
                value
            }
            _ => {
                report_panic(&self.state, &self.client, uri.clone()).await;
                None
            }
        }
    }

    fn reanalyse_all(&self) {
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
    async fn lsp_diagnostics(&self, uri: &Uri) -> Option<Vec<Diagnostic>> {
        let target = uri.clone();
        let cache = lock(&self.state).docs.get(uri)?.cache.clone();
        self.query(uri, move |snapshot, config| {
            if snapshot.text.len() > MAX_DOCUMENT_BYTES {
                return Some(Vec::new());
            }
            let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
            let analysis =
                claimls_core::analysis::analyze_incremental(snapshot.source, config, &mut cache);
            let limit = config.level(&claimls_core::rules::FINDINGS_LIMIT, "default");
            Some(snapshot.diagnostics(&analysis.diagnostics, &target, limit))
        })
        .await
    }
}

/// Logs an internal error (a caught panic) once per document; the text is
/// never logged, only that something failed.
async fn report_panic(state: &Mutex<State>, client: &Client, uri: Uri) {
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
async fn report_config_file(client: &Client, state: &Mutex<State>, problems: Problems) {
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

fn config_diagnostic(e: &ConfigError) -> Diagnostic {
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

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8));
        let pull = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.diagnostic.as_ref())
            .is_some();
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .and_then(|f| uri_path(&f.uri))
            .or_else(|| params.root_uri.as_ref().and_then(uri_path));
        // Initialization options may name data files: read off the lock.
        let mut settings = Settings::new(root);
        let mut problems = Vec::new();
        if let Some(options) = params.initialization_options {
            let reader = settings.clone();
            let read = tokio::task::spawn_blocking(move || reader.read_initial(&options)).await;
            if let Ok((initial, errors)) = read {
                settings.set_initial(initial);
                problems = errors;
            }
        }
        {
            let mut st = lock(&self.state);
            st.unit = if utf8 {
                ColumnUnit::Utf8
            } else {
                ColumnUnit::Utf16
            };
            st.pull = pull;
            st.settings = settings;
            st.pending_problems = problems;
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR_REWRITE,
                        ]),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    resolve_provider: Some(true),
                    trigger_characters: Some(vec!["-".into(), "=".into(), ",".into(), " ".into()]),
                    ..Default::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("claimls".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        work_done_progress_options: Default::default(),
                    })
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "claimls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let problems = std::mem::take(&mut lock(&self.state).pending_problems);
        for problem in problems {
            self.client
                .show_message(MessageType::WARNING, format!("claimls settings: {problem}"))
                .await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let opened = OpenDocument::new(doc.text, doc.version);
        let stamp = opened.stamp();
        lock(&self.state).docs.insert(doc.uri.clone(), opened);
        self.schedule(doc.uri, stamp);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let changes: Vec<Change> = params
            .content_changes
            .into_iter()
            .map(|c| Change {
                range: c.range.map(|r| (pos(r.start), pos(r.end))),
                text: c.text,
            })
            .collect();
        // Applied before any await: edits land in the order they arrived.
        let outcome = {
            let mut st = lock(&self.state);
            let unit = st.unit;
            st.docs
                .get_mut(&uri)
                .map(|doc| doc.apply(version, &changes, unit).map(|()| doc.stamp()))
        };
        match outcome {
            Some(Ok(stamp)) => self.schedule(uri, stamp),
            Some(Err(ChangeError::Stale { have, got })) => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("claimls: ignored a change with version {got}; the document is already at version {have}"),
                    )
                    .await;
            }
            None => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        "claimls: ignored a change to a document that is not open",
                    )
                    .await;
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let pull = {
            let mut st = lock(&self.state);
            st.docs.remove(&uri);
            st.panicked.remove(&uri);
            st.too_large.remove(&uri);
            st.pull
        };
        if pull {
            // A pulling client drops a closed document's diagnostics itself.
            return;
        }
        let _turn = self.publish.lock().await;
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // The settings may name data files: read them off the lock, then
        // take them unless a newer change came in meanwhile.
        let (settings, seq) = {
            let mut st = lock(&self.state);
            st.settings_seq += 1;
            (st.settings.clone(), st.settings_seq)
        };
        let value = params.settings;
        let Ok((client, problems)) =
            tokio::task::spawn_blocking(move || settings.read_client(&value)).await
        else {
            return;
        };
        {
            let mut st = lock(&self.state);
            if st.settings_seq != seq {
                return;
            }
            st.settings.set_client(client);
            st.settings_taken += 1;
        }
        for problem in problems.iter().take(claimls_core::config::MAX_ERRORS_SHOWN) {
            self.client
                .show_message(MessageType::WARNING, format!("claimls settings: {problem}"))
                .await;
        }
        self.reanalyse_all();
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let position = at.position;
        let answer = self
            .query(&at.text_document.uri, move |snapshot, config| {
                let offset = snapshot.offset(position);
                let hover = claimls_core::hover::hover(snapshot.text, offset, config)?;
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: hover.markdown,
                    }),
                    range: Some(snapshot.range(hover.span)),
                })
            })
            .await;
        Ok(answer)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let position = at.position;
        let uri = at.text_document.uri.clone();
        let items = self
            .query(&at.text_document.uri, move |snapshot, config| {
                let offset = snapshot.offset(position);
                let items: Vec<CompletionItem> =
                    claimls_core::ide::completion::complete(snapshot.text, offset, config)
                        .into_iter()
                        .map(|c| features::completion_item(snapshot, c, &uri))
                        .collect();
                Some(items)
            })
            .await
            .unwrap_or_default();
        Ok(Some(CompletionResponse::List(CompletionList {
            is_incomplete: true,
            items,
        })))
    }

    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        if let Some(what) = item.data.as_ref().and_then(features::resolve_key) {
            let settings = lock(&self.state).settings.clone();
            // The configuration of the document the item was offered in.
            let path = item
                .data
                .as_ref()
                .and_then(features::resolve_uri)
                .and_then(|uri| uri_path(&uri));
            let resolved = tokio::task::spawn_blocking(move || {
                std::panic::catch_unwind(AssertUnwindSafe(|| {
                    let (config, problems) = settings.for_document(path.as_deref());
                    (
                        claimls_core::ide::completion::resolve(&what, &config),
                        problems,
                    )
                }))
                .ok()
            })
            .await
            .ok()
            .flatten();
            let docs = match resolved {
                Some((docs, problems)) => {
                    if let Some(problems) = problems {
                        report_config_file(&self.client, &self.state, problems).await;
                    }
                    Some(docs)
                }
                None => None,
            };
            if let Some(value) = docs {
                item.documentation = Some(Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                }));
            }
        }
        Ok(item)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let symbols = self
            .query(&params.text_document.uri, |snapshot, _| {
                if snapshot.text.len() > MAX_DOCUMENT_BYTES {
                    return None;
                }
                let (mut symbols, claims) = claimls_core::ide::symbols::document_symbols_bounded(
                    snapshot.text,
                    MAX_OUTLINE_CLAIMS,
                );
                if claims > symbols.len() {
                    symbols.push(claimls_core::ide::symbols::more_claims(
                        claims - symbols.len(),
                        symbols.last().map_or(0, |s| s.span.end),
                    ));
                }
                Some(
                    symbols
                        .into_iter()
                        .map(|s| features::document_symbol(snapshot, s))
                        .collect(),
                )
            })
            .await;
        Ok(symbols.map(DocumentSymbolResponse::Nested))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self
            .query(&params.text_document.uri, |snapshot, _| {
                if snapshot.text.len() > MAX_DOCUMENT_BYTES {
                    return None;
                }
                let ranges = claimls_core::ide::symbols::folding_ranges(snapshot.text);
                Some(
                    ranges
                        .into_iter()
                        .map(|(a, b)| FoldingRange {
                            start_line: a as u32,
                            end_line: b as u32,
                            kind: Some(FoldingRangeKind::Region),
                            ..Default::default()
                        })
                        .collect(),
                )
            })
            .await)
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let (uri, position) = (at.text_document.uri, at.position);
        let target = uri.clone();
        Ok(self
            .query(&uri, move |snapshot, _| {
                let span = claimls_core::ide::navigation::definition(
                    snapshot.text,
                    snapshot.offset(position),
                )?;
                Some(GotoDefinitionResponse::Scalar(Location::new(
                    target,
                    snapshot.range(span),
                )))
            })
            .await)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let (uri, position) = (at.text_document.uri, at.position);
        let include = params.context.include_declaration;
        let target = uri.clone();
        Ok(self
            .query(&uri, move |snapshot, _| {
                let spans = claimls_core::ide::navigation::references(
                    snapshot.text,
                    snapshot.offset(position),
                    include,
                );
                Some(
                    spans
                        .into_iter()
                        .map(|s| Location::new(target.clone(), snapshot.range(s)))
                        .collect(),
                )
            })
            .await)
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let position = params.position;
        Ok(self
            .query(&params.text_document.uri, move |snapshot, _| {
                let span = claimls_core::ide::navigation::prepare_rename(
                    snapshot.text,
                    snapshot.offset(position),
                )?;
                Some(PrepareRenameResponse::Range(snapshot.range(span)))
            })
            .await)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let (uri, position, new_name) = (at.text_document.uri, at.position, params.new_name);
        let target = uri.clone();
        let outcome = self
            .query(&uri, move |snapshot, _| {
                Some(
                    claimls_core::ide::navigation::rename(
                        snapshot.text,
                        snapshot.offset(position),
                        &new_name,
                    )
                    .map(|edits| {
                        edits
                            .into_iter()
                            .map(|(span, text)| TextEdit::new(snapshot.range(span), text))
                            .collect::<Vec<_>>()
                    }),
                )
            })
            .await;
        match outcome {
            Some(Ok(edits)) => Ok(Some(WorkspaceEdit {
                changes: Some(HashMap::from([(target, edits)])),
                ..Default::default()
            })),
            Some(Err(why)) => Err(tower_lsp_server::jsonrpc::Error::invalid_params(why)),
            None => Ok(None),
        }
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let range = params.range;
        Ok(self
            .query(&params.text_document.uri, move |snapshot, config| {
                if snapshot.text.len() > MAX_DOCUMENT_BYTES {
                    return None;
                }
                // Only the requested range (the editor asks for what it
                // shows), and at most so many hints however large it is.
                let (start, end) = (snapshot.offset(range.start), snapshot.offset(range.end));
                let hints = claimls_core::ide::inlay::inlay_hints_bounded(
                    snapshot.text,
                    start,
                    end,
                    config,
                    MAX_INLAY_HINTS,
                );
                Some(
                    hints
                        .into_iter()
                        .map(|h| InlayHint {
                            position: snapshot.position(h.offset),
                            label: InlayHintLabel::String(h.label),
                            kind: None,
                            text_edits: None,
                            tooltip: h.tooltip.map(InlayHintTooltip::String),
                            padding_left: None,
                            padding_right: None,
                            data: None,
                        })
                        .collect(),
                )
            })
            .await)
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        Ok(self
            .query(&params.text_document.uri, |snapshot, _| {
                let edits = claimls_core::ide::format::format(snapshot.text);
                Some(features::line_edits(snapshot, edits))
            })
            .await)
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let range = params.range;
        Ok(self
            .query(&params.text_document.uri, move |snapshot, _| {
                let (first, last) = (range.start.line as usize, range.end.line as usize);
                let edits = claimls_core::ide::format::format_lines(snapshot.text, first, last);
                Some(features::line_edits(snapshot, edits))
            })
            .await)
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let (version, config_problems) = {
            let st = lock(&self.state);
            let problems = uri_path(&uri).and_then(|p| st.config_problems.get(&p).cloned());
            (st.docs.get(&uri).map(|d| d.version), problems)
        };
        let items = match config_problems {
            // A configuration file's own problems, pulled.
            Some(problems) => problems.iter().map(config_diagnostic).collect(),
            None => self.lsp_diagnostics(&uri).await.unwrap_or_default(),
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: version.map(|v| v.to_string()),
                    items,
                },
            }),
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let range = params.range;
        let only = params.context.only.clone();
        // The diagnostics the client names (Neovim sends the line's, with
        // the cursor's position as the range): their fixes are offered
        // wherever the cursor is.
        // claimls's own only: other servers' diagnostics on the line are
        // not ours to fix.
        let asked: Vec<(Range, Option<String>)> = params
            .context
            .diagnostics
            .iter()
            .filter(|d| d.source.as_deref().is_none_or(|s| s == "claimls"))
            .take(MAX_FIXED_FINDINGS)
            .map(|d| {
                let code = match &d.code {
                    Some(NumberOrString::String(s)) => Some(s.clone()),
                    _ => None,
                };
                (d.range, code)
            })
            .collect();
        let Some((cache, version)) = lock(&self.state)
            .docs
            .get(&uri)
            .map(|d| (d.cache.clone(), d.version))
        else {
            return Ok(None);
        };
        // Stateless: when the client sends back the diagnostics it got for
        // this version, their fixes travel in their `data`, and no analysis
        // is needed. (A diagnostic of an earlier version does not fit the
        // text; then, or without diagnostics, the analysis answers.)
        let carried: Option<Vec<(Diagnostic, Vec<convert::DataFix>)>> = params
            .context
            .diagnostics
            .iter()
            .filter(|d| d.source.as_deref() == Some("claimls"))
            .take(MAX_FIXED_FINDINGS)
            .map(|d| convert::fixes_from_data(d, version).map(|fixes| (d.clone(), fixes)))
            .collect::<Option<Vec<_>>>()
            .filter(|carried| !carried.is_empty());
        let target = uri.clone();
        let actions = self
            .query(&uri, move |snapshot, config| {
                let wanted = |kind: &CodeActionKind| {
                    only.as_ref().is_none_or(|only| {
                        only.iter().any(|o| kind.as_str().starts_with(o.as_str()))
                    })
                };
                let span_of = |r: Range| {
                    let (start, end) = (snapshot.offset(r.start), snapshot.offset(r.end));
                    claimls_core::span::Span::new(start.min(end), start.max(end))
                };
                let request = span_of(range);
                let analysis = if carried.is_some() || snapshot.text.len() > MAX_DOCUMENT_BYTES {
                    claimls_core::analysis::Analysis::default()
                } else {
                    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
                    claimls_core::analysis::analyze_incremental(snapshot.source, config, &mut cache)
                };
                let action = |fix: claimls_core::diagnostic::Fix,
                              kind: CodeActionKind,
                              diagnostic: Option<Diagnostic>| {
                    let edits = fix
                        .edits(snapshot.text)
                        .into_iter()
                        .map(|(span, text)| TextEdit::new(snapshot.range(span), text))
                        .collect();
                    CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title,
                        kind: Some(kind),
                        diagnostics: diagnostic.map(|d| vec![d]),
                        edit: Some(WorkspaceEdit {
                            changes: Some(HashMap::from([(target.clone(), edits)])),
                            ..Default::default()
                        }),
                        is_preferred: fix.preferred.then_some(true),
                        ..Default::default()
                    })
                };
                let mut out = Vec::new();
                if let (Some(carried), true) = (&carried, wanted(&CodeActionKind::QUICKFIX)) {
                    for (diagnostic, fixes) in carried {
                        for fix in fixes {
                            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                                title: fix.title.clone(),
                                kind: Some(CodeActionKind::QUICKFIX),
                                diagnostics: Some(vec![diagnostic.clone()]),
                                edit: Some(WorkspaceEdit {
                                    changes: Some(HashMap::from([(
                                        target.clone(),
                                        fix.edits.clone(),
                                    )])),
                                    ..Default::default()
                                }),
                                is_preferred: fix.preferred.then_some(true),
                                ..Default::default()
                            }));
                        }
                    }
                } else if wanted(&CodeActionKind::QUICKFIX) {
                    let asked: Vec<_> = asked.iter().map(|(r, code)| (span_of(*r), code)).collect();
                    let chosen =
                        findings_to_fix(&analysis.diagnostics, request, &asked, MAX_FIXED_FINDINGS);
                    for d in chosen {
                        let lsp = snapshot.diagnostic(d, &target);
                        for fix in d.fixes.iter().cloned() {
                            out.push(action(fix, CodeActionKind::QUICKFIX, Some(lsp.clone())));
                        }
                        let ignore = claimls_core::ide::actions::ignore_fix(snapshot.text, d);
                        out.push(action(ignore, CodeActionKind::QUICKFIX, Some(lsp)));
                    }
                }
                if wanted(&CodeActionKind::REFACTOR_REWRITE) {
                    for fix in claimls_core::ide::actions::replace_59(snapshot.text, request) {
                        out.push(action(fix, CodeActionKind::REFACTOR_REWRITE, None));
                    }
                }
                Some(out)
            })
            .await;
        Ok(actions)
    }
}

/// At most this many findings get quick fixes in one code action request:
/// a request over a whole batch must not build an action per finding.
const MAX_FIXED_FINDINGS: usize = 100;

/// The findings whose fixes a code action request offers: those the client
/// named (same rule, overlapping span), then those overlapping the
/// requested range, each once, in document order, at most `max`.
/// `findings` are sorted by span.
fn findings_to_fix<'d>(
    findings: &'d [claimls_core::diagnostic::Diagnostic],
    request: claimls_core::span::Span,
    asked: &[(claimls_core::span::Span, &Option<String>)],
    max: usize,
) -> Vec<&'d claimls_core::diagnostic::Diagnostic> {
    let overlaps = |a: claimls_core::span::Span, b: claimls_core::span::Span| {
        a.start <= b.end && b.start <= a.end
    };
    let mut chosen: std::collections::BTreeSet<usize> = Default::default();
    for (span, code) in asked {
        // The client names a finding by its range: the ones that start
        // where it starts (findings are sorted by span).
        let from = findings.partition_point(|d| d.span.start < span.start);
        let upto = findings.partition_point(|d| d.span.start <= span.start);
        for (i, d) in findings.iter().enumerate().take(upto).skip(from) {
            if overlaps(d.span, *span) && code.as_deref().is_none_or(|c| c == d.code) {
                chosen.insert(i);
            }
        }
        if chosen.len() >= max {
            break;
        }
    }
    let upto = findings.partition_point(|d| d.span.start <= request.end);
    for (i, d) in findings[..upto].iter().enumerate() {
        if chosen.len() >= max {
            break;
        }
        if overlaps(d.span, request) {
            chosen.insert(i);
        }
    }
    chosen.into_iter().take(max).map(|i| &findings[i]).collect()
}

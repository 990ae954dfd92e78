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

use super::convert::{Snapshot, pos};
use super::documents::{Change, ChangeError, OpenDocument};
use super::features;
use super::publish::{config_diagnostic, report_config_file, report_panic};
use super::settings::Settings;
use super::workspace;
use super::{actions, capabilities};
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

pub(crate) struct State {
    pub(crate) docs: HashMap<Uri, OpenDocument>,
    pub(crate) unit: ColumnUnit,
    pub(crate) settings: Settings,
    /// Documents whose analysis panicked and was reported already.
    pub(crate) panicked: HashSet<Uri>,
    /// Documents over the size limit whose user was told already.
    pub(crate) too_large: HashSet<Uri>,
    /// Problems found in initializationOptions, shown once initialized.
    pub(crate) pending_problems: Vec<ConfigError>,
    /// Counts settings changes: a change read after a newer one is dropped.
    pub(crate) settings_seq: u64,
    /// Counts the settings taken: a result computed under earlier settings
    /// is not published (the re-analysis they started publishes instead).
    pub(crate) settings_taken: u64,
    /// Each configuration file's current problems, for a client that
    /// pulls diagnostics (it gets them for the file when it asks).
    pub(crate) config_problems: HashMap<PathBuf, Vec<ConfigError>>,
    /// The client pulls diagnostics (LSP 3.17 `textDocument/diagnostic`):
    /// then the server never pushes them.
    pub(crate) pull: bool,
}

pub(crate) struct Backend {
    pub(crate) client: Client,
    pub(crate) state: Arc<Mutex<State>>,
    pub(crate) shutdown: Arc<AtomicBool>,
    /// Serialises publishing so an older result never lands after a newer one.
    pub(crate) publish: Arc<tokio::sync::Mutex<()>>,
}

/// Locks the state even if a panicking thread poisoned it: the state is
/// only mutated by short, panic-free critical sections.
pub(crate) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(crate) fn uri_path(uri: &Uri) -> Option<PathBuf> {
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

    /// Runs a query on a snapshot of `uri` on the blocking pool, catching
    /// panics; the document's configuration is resolved there too (off the
    /// state lock).
    pub(crate) async fn query<T: Send + 'static>(
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
            capabilities: capabilities::for_client(utf8, pull),
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
        let (pull, sharing) = {
            let mut st = lock(&self.state);
            let closed = st.docs.remove(&uri);
            st.panicked.remove(&uri);
            st.too_large.remove(&uri);
            // The documents whose claims this one repeated lose that finding.
            let sharing = closed.map_or_else(Vec::new, |d| workspace::sharing(&st, &d.prints));
            (st.pull, sharing)
        };
        for (other, stamp) in sharing {
            self.schedule(other, stamp);
        }
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
                let hover = claimls_core::hover::hover_indexed(
                    snapshot.text,
                    Some(snapshot.index),
                    offset,
                    config,
                )?;
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
        let uri = params.text_document.uri.clone();
        let Some((cache, version)) = lock(&self.state)
            .docs
            .get(&uri)
            .map(|d| (d.cache.clone(), d.version))
        else {
            return Ok(None);
        };
        let request = actions::Request::new(&params, version);
        let actions = self
            .query(&uri, move |snapshot, config| {
                Some(actions::code_actions(&request, snapshot, config, &cache))
            })
            .await;
        Ok(actions)
    }
}

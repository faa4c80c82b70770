//! The main loop: the open documents, which checks to run and when, publishing their
//! diagnostics, and the requests the editor makes.
//!
//! The loop never waits for a check. Checks run one at a time on a worker thread; each
//! change makes the checks it concerns due after a short pause ([`DEBOUNCE`]), so that a
//! burst of keystrokes costs one check, and a check whose documents changed while it ran
//! is dropped unpublished (a newer one is already due). Hover and code actions are answered
//! at once from the last check, and only while the document still holds the text that
//! check read.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, never, select, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability,
    Diagnostic as LspDiagnostic, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, MarkupContent, MarkupKind, PositionEncodingKind,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit,
    Url, WorkspaceEdit,
};
use serde_json::Value;

use crate::pipeline::Overlay;

use super::check::{Checked, Checker};
use super::log;
use super::position::LineIndex;
use super::report::FileReport;
use super::unit::{self, Env, Unit};

/// The pause after a change before the checks it concerns run.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

/// The code action kind of "apply every safe fix in the file".
const FIX_ALL: &str = "source.fixAll.factlint";

/// Serves one client over `connection` until `exit` or the end of input; returns the exit
/// status.
pub fn serve(connection: &Connection) -> u8 {
    let Some((id, params)) = wait_for_initialize(connection) else {
        return 1;
    };
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_else(|e| {
        log(&format!(
            "cannot read the initialize parameters ({e}); going on with none"
        ));
        serde_json::from_value(serde_json::json!({"capabilities": {}})).unwrap_or_else(|_| fallback_params())
    });
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "factlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    send(connection, Response::new_ok(id, result));
    let mut server = Server::new(connection, &params);
    server.run()
}

/// Answers requests before `initialize` with an error; `None` when the client leaves first.
fn wait_for_initialize(connection: &Connection) -> Option<(RequestId, Value)> {
    loop {
        match connection.receiver.recv().ok()? {
            Message::Request(req) if req.method == "initialize" => return Some((req.id, req.params)),
            Message::Request(req) => send(
                connection,
                Response::new_err(
                    req.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet".into(),
                ),
            ),
            Message::Notification(n) if n.method == "exit" => return None,
            _ => {}
        }
    }
}

#[allow(deprecated, reason = "root_path is a required field of lsp-types' InitializeParams")]
fn fallback_params() -> InitializeParams {
    InitializeParams::default()
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            will_save: None,
            will_save_wait_until: None,
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL)]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

fn send(connection: &Connection, message: impl Into<Message>) {
    if connection.sender.send(message.into()).is_err() {
        log("the client is gone; a message was not sent");
    }
}

/// An open document.
struct Doc {
    text: String,
    index: LineIndex,
    /// What checks it; `None` for a TOML file that is no factlint file.
    unit: Option<Unit>,
}

/// A check the server keeps: when it is due, and what it found last.
#[derive(Default)]
struct UnitState {
    /// Bumped at every change that concerns the unit; a check started at an older
    /// generation is stale.
    generation: u64,
    /// When the next check is due; `None` when the last one is current.
    due: Option<Instant>,
    /// The last check's results.
    checked: Checked,
}

/// A check for the worker.
struct Job {
    unit: Unit,
    generation: u64,
    overlay: Overlay,
    buffers: HashMap<Url, String>,
    subjects: Vec<Url>,
}

/// A check done.
struct Done {
    unit: Unit,
    generation: u64,
    checked: Option<Checked>,
}

struct Server<'c> {
    connection: &'c Connection,
    docs: HashMap<Url, Doc>,
    overlay: Overlay,
    units: HashMap<Unit, UnitState>,
    /// What was last published for each file.
    published: HashMap<Url, Vec<LspDiagnostic>>,
    jobs: Sender<Job>,
    done: Receiver<Done>,
    /// Whether the worker is running a check.
    busy: bool,
    shutting_down: bool,
    next_request: i32,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, params: &InitializeParams) -> Self {
        let (jobs, job_rx) = unbounded::<Job>();
        let (done_tx, done) = unbounded::<Done>();
        let spawned = thread::Builder::new()
            .name("factlint-lsp-check".into())
            .spawn(move || worker(&job_rx, &done_tx));
        if spawned.is_err() {
            log("cannot start the checking thread: no diagnostics will be published");
        }
        let mut server = Server {
            connection,
            docs: HashMap::new(),
            overlay: Overlay::new(),
            units: HashMap::new(),
            published: HashMap::new(),
            jobs,
            done,
            busy: false,
            shutting_down: false,
            next_request: 0,
        };
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        if watch {
            server.register_watchers();
        }
        server
    }

    /// Asks the client to tell about changes on disk to configurations, rule files and
    /// articles.
    fn register_watchers(&mut self) {
        let watchers = ["**/factlint.toml", "**/*.toml", "**/*.{txt,md,markdown}"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.into()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "factlint-watched-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let request = Request::new(
            RequestId::from(format!("factlint-{}", self.next_request)),
            "client/registerCapability".into(),
            params,
        );
        send(self.connection, request);
    }

    fn run(&mut self) -> u8 {
        loop {
            self.start_due_check();
            let wait = self.next_due().map(|due| due.saturating_duration_since(Instant::now()));
            let timeout = match wait {
                Some(d) if !self.busy => crossbeam_channel::after(d),
                _ => never(),
            };
            select! {
                recv(self.connection.receiver) -> message => match message {
                    Ok(message) => {
                        if let Some(status) = self.handle(message) {
                            return status;
                        }
                    }
                    Err(_) => {
                        log("the input ended without `exit`");
                        return 1;
                    }
                },
                recv(self.done) -> done => {
                    if let Ok(done) = done {
                        self.finish(done);
                    }
                }
                recv(timeout) -> _ => {}
            }
        }
    }

    /// Handles one message; `Some(status)` when the server must stop.
    fn handle(&mut self, message: Message) -> Option<u8> {
        match message {
            Message::Request(req) => self.request(req),
            Message::Notification(n) => return self.notification(n),
            Message::Response(r) => {
                if let Err(e) = r.response_result {
                    log(&format!("the client refused request {:?}: {}", r.id, e.message));
                }
            }
        }
        None
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        if self.shutting_down {
            self.reply_err(id, ErrorCode::InvalidRequest, "the server is shutting down".into());
            return;
        }
        let result = match req.method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => parse::<HoverParams>(req.params).map(|p| to_value(self.hover(&p))),
            "textDocument/codeAction" => parse::<CodeActionParams>(req.params).map(|p| to_value(self.code_actions(&p))),
            "initialize" => Err((ErrorCode::InvalidRequest, "the server is already initialized".into())),
            other => Err((ErrorCode::MethodNotFound, format!("factlint does not handle `{other}`"))),
        };
        match result {
            Ok(value) => send(self.connection, Response::new_ok(id, value)),
            Err((code, message)) => {
                log(&format!("request `{}`: {message}", req.method));
                self.reply_err(id, code, message);
            }
        }
    }

    fn reply_err(&self, id: RequestId, code: ErrorCode, message: String) {
        send(self.connection, Response::new_err(id, code as i32, message));
    }

    fn notification(&mut self, n: Notification) -> Option<u8> {
        let method = n.method.clone();
        let handled = match method.as_str() {
            "exit" => return Some(if self.shutting_down { 0 } else { 1 }),
            "initialized" | "$/cancelRequest" | "$/setTrace" | "workspace/didChangeConfiguration" => Ok(()),
            "textDocument/didOpen" => parse::<DidOpenTextDocumentParams>(n.params).map(|p| self.did_open(p)),
            "textDocument/didChange" => parse::<DidChangeTextDocumentParams>(n.params).map(|p| self.did_change(p)),
            "textDocument/didSave" => parse::<DidSaveTextDocumentParams>(n.params).map(|p| self.did_save(&p)),
            "textDocument/didClose" => parse::<DidCloseTextDocumentParams>(n.params).map(|p| self.did_close(&p)),
            "workspace/didChangeWatchedFiles" => {
                parse::<DidChangeWatchedFilesParams>(n.params).map(|p| self.did_change_watched(&p))
            }
            other => {
                if !other.starts_with("$/") {
                    log(&format!("ignored the notification `{other}`"));
                }
                Ok(())
            }
        };
        if let Err((_, message)) = handled {
            log(&format!("notification `{method}`: {message}"));
        }
        None
    }

    fn did_open(&mut self, p: DidOpenTextDocumentParams) {
        let url = p.text_document.uri;
        let text = p.text_document.text;
        if let Some(path) = unit::file_path(&url) {
            self.overlay.insert(&path, text.clone());
        }
        let unit = Unit::of(&url, &text, &Env { overlay: &self.overlay });
        self.docs.insert(
            url.clone(),
            Doc {
                index: LineIndex::new(&text),
                text,
                unit: unit.clone(),
            },
        );
        if let Some(unit) = unit {
            self.units.entry(unit).or_default();
        }
        self.changed(&url, Duration::ZERO);
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) {
        let url = p.text_document.uri;
        let Some(doc) = self.docs.get_mut(&url) else {
            log(&format!("a change to {url}, which is not open, was ignored"));
            return;
        };
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let span = doc.index.span(&doc.text, range);
                    doc.text.replace_range(span.start..span.end, &change.text);
                }
                None => doc.text = change.text,
            }
            doc.index = LineIndex::new(&doc.text);
        }
        if let Some(path) = unit::file_path(&url) {
            self.overlay.insert(&path, doc.text.clone());
        }
        self.changed(&url, DEBOUNCE);
    }

    fn did_save(&mut self, p: &DidSaveTextDocumentParams) {
        let url = &p.text_document.uri;
        // A configuration or rule file saved may change every check.
        let toml = unit::file_path(url).is_some_and(|p| p.extension().is_some_and(|x| x == "toml"));
        if toml {
            self.invalidate_all(Duration::ZERO);
        } else {
            self.changed(url, Duration::ZERO);
        }
    }

    fn did_close(&mut self, p: &DidCloseTextDocumentParams) {
        let url = &p.text_document.uri;
        if self.docs.remove(url).is_none() {
            return;
        }
        if let Some(path) = unit::file_path(url) {
            self.overlay.remove(&path);
        }
        // Units no open document needs are dropped, with their diagnostics.
        let wanted: HashSet<Unit> = self.docs.values().filter_map(|d| d.unit.clone()).collect();
        let gone: Vec<Unit> = self.units.keys().filter(|u| !wanted.contains(u)).cloned().collect();
        for unit in gone {
            if let Some(state) = self.units.remove(&unit) {
                let urls: Vec<Url> = state.checked.reports.keys().cloned().collect();
                self.republish(&urls);
            }
        }
        // The file is read from disk again by the checks that read it.
        self.changed(url, Duration::ZERO);
    }

    fn did_change_watched(&mut self, _p: &DidChangeWatchedFilesParams) {
        // A file created, changed or deleted on disk may be an article of a story, a
        // reference, a configuration or a rule file: every check runs again.
        self.invalidate_all(Duration::ZERO);
    }

    /// The document at `url` changed: the checks of its unit and of every unit that read it
    /// or, for a TOML file, every unit, are due after `delay`.
    fn changed(&mut self, url: &Url, delay: Duration) {
        let path = unit::file_path(url).map(|p| crate::pipeline::input::absolute(&p));
        if path
            .as_ref()
            .is_some_and(|p| p.extension().is_some_and(|x| x == "toml"))
        {
            self.invalidate_all(delay);
            return;
        }
        let own = self.docs.get(url).and_then(|d| d.unit.clone());
        let due = Instant::now() + delay;
        for (unit, state) in &mut self.units {
            let reads = path.as_ref().is_some_and(|p| state.checked.read.contains(p));
            if reads || Some(unit) == own.as_ref() {
                state.generation += 1;
                state.due = Some(due);
            }
        }
    }

    fn invalidate_all(&mut self, delay: Duration) {
        let due = Instant::now() + delay;
        for state in self.units.values_mut() {
            state.generation += 1;
            state.due = Some(due);
        }
    }

    fn next_due(&self) -> Option<Instant> {
        self.units.values().filter_map(|s| s.due).min()
    }

    /// Gives the worker the check due first, when it is idle and one is due.
    fn start_due_check(&mut self) {
        if self.busy {
            return;
        }
        let now = Instant::now();
        let Some((unit, state)) = self
            .units
            .iter_mut()
            .filter(|(_, s)| s.due.is_some_and(|d| d <= now))
            .min_by_key(|(_, s)| s.due)
        else {
            return;
        };
        state.due = None;
        let unit = unit.clone();
        let buffers = self
            .docs
            .iter()
            .filter(|(url, _)| unit::file_path(url).is_none())
            .map(|(url, d)| (url.clone(), d.text.clone()))
            .collect();
        let subjects = self
            .docs
            .iter()
            .filter(|(_, d)| d.unit.as_ref() == Some(&unit))
            .map(|(url, _)| url.clone())
            .collect();
        let job = Job {
            generation: state.generation,
            unit,
            overlay: self.overlay.clone(),
            buffers,
            subjects,
        };
        if self.jobs.send(job).is_ok() {
            self.busy = true;
        }
    }

    fn finish(&mut self, done: Done) {
        self.busy = false;
        let Some(state) = self.units.get_mut(&done.unit) else {
            return;
        };
        // A change came in while the check ran: its results are stale, and a newer check is
        // already due.
        if state.generation != done.generation {
            return;
        }
        let Some(checked) = done.checked else { return };
        let mut urls: Vec<Url> = state.checked.reports.keys().cloned().collect();
        urls.extend(checked.reports.keys().cloned());
        state.checked = checked;
        self.republish(&urls);
    }

    /// Publishes the diagnostics of every unit for each of `urls`, where they changed.
    fn republish(&mut self, urls: &[Url]) {
        let mut seen = HashSet::new();
        for url in urls {
            if !seen.insert(url) {
                continue;
            }
            let mut diagnostics: Vec<LspDiagnostic> = Vec::new();
            for state in self.units.values() {
                if let Some(report) = state.checked.reports.get(url) {
                    for d in &report.diagnostics {
                        if !diagnostics.contains(d) {
                            diagnostics.push(d.clone());
                        }
                    }
                }
            }
            diagnostics.sort_by(|a, b| (a.range.start, &a.message).cmp(&(b.range.start, &b.message)));
            let before = self.published.get(url);
            if before == Some(&diagnostics) || (before.is_none() && diagnostics.is_empty()) {
                continue;
            }
            let params = PublishDiagnosticsParams {
                uri: url.clone(),
                diagnostics: diagnostics.clone(),
                version: None,
            };
            send(
                self.connection,
                Notification::new("textDocument/publishDiagnostics".into(), params),
            );
            if diagnostics.is_empty() {
                self.published.remove(url);
            } else {
                self.published.insert(url.clone(), diagnostics);
            }
        }
    }

    /// The reports on `url` made from the text the document holds now.
    fn current_reports(&self, url: &Url) -> Vec<&FileReport> {
        let Some(doc) = self.docs.get(url) else {
            return Vec::new();
        };
        self.units
            .values()
            .filter_map(|s| s.checked.reports.get(url))
            .filter(|r| r.text == doc.text)
            .collect()
    }

    fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let at = &p.text_document_position_params;
        let position = at.position;
        let reports = self.current_reports(&at.text_document.uri);
        let mut under: Vec<&super::report::Finding> = reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.range.start <= position && position <= f.range.end)
            .collect();
        // The narrowest finding first: the words under the cursor, then what contains them.
        under.sort_by_key(|f| {
            (
                f.range.end.line - f.range.start.line,
                f.range.end.character.abs_diff(f.range.start.character),
            )
        });
        let range = under.first().map(|f| f.range);
        let mut docs: Vec<&str> = Vec::new();
        for f in under {
            if !docs.contains(&f.doc.as_str()) {
                docs.push(&f.doc);
            }
        }
        if docs.is_empty() {
            return None;
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: docs.join("\n\n---\n\n"),
            }),
            range,
        })
    }

    fn code_actions(&self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let url = &p.text_document.uri;
        let wanted = |kind: &str| match &p.context.only {
            None => true,
            Some(kinds) => kinds
                .iter()
                .any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str()))),
        };
        let reports = self.current_reports(url);
        let mut actions = Vec::new();
        if wanted(CodeActionKind::QUICKFIX.as_str()) {
            for report in &reports {
                for (i, f) in report.findings.iter().enumerate() {
                    let Some(fix) = &f.fix else { continue };
                    let touches = f.range.start <= p.range.end && p.range.start <= f.range.end;
                    if !touches {
                        continue;
                    }
                    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
                    for (file, _, range, replacement) in &fix.edits {
                        changes.entry(file.clone()).or_default().push(TextEdit {
                            range: *range,
                            new_text: replacement.clone(),
                        });
                    }
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: report.diagnostics.get(i).map(|d| vec![d.clone()]),
                        edit: Some(WorkspaceEdit {
                            changes: Some(changes),
                            ..WorkspaceEdit::default()
                        }),
                        is_preferred: Some(fix.safe),
                        ..CodeAction::default()
                    }));
                }
            }
        }
        let offer_all = wanted(FIX_ALL) || (!actions.is_empty() && wanted(CodeActionKind::QUICKFIX.as_str()));
        if offer_all && let Some(edits) = safe_fixes(url, &reports) {
            let n = edits.len();
            let kind = if wanted(FIX_ALL) {
                CodeActionKind::new(FIX_ALL)
            } else {
                CodeActionKind::QUICKFIX
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!(
                    "Apply every safe factlint fix in this file ({n} edit{})",
                    if n == 1 { "" } else { "s" }
                ),
                kind: Some(kind),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(url.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                ..CodeAction::default()
            }));
        }
        actions
    }
}

/// The edits of every safe fix on `url` that edits only that file, without overlaps (a fix
/// that overlaps an earlier one is left for the next round); `None` when there is none.
fn safe_fixes(url: &Url, reports: &[&FileReport]) -> Option<Vec<TextEdit>> {
    let mut edits: Vec<(crate::span::Span, TextEdit)> = Vec::new();
    let mut fixes: Vec<&super::report::FixReport> = reports
        .iter()
        .flat_map(|r| &r.findings)
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| fix.safe && fix.edits.iter().all(|(file, ..)| file == url))
        .collect();
    fixes.sort_by_key(|fix| fix.edits.first().map(|(_, span, ..)| (span.start, span.end)));
    for fix in fixes {
        let clashes = fix.edits.iter().any(|(_, span, ..)| {
            edits
                .iter()
                .any(|(taken, _)| span.start < taken.end && taken.start < span.end)
        });
        if clashes {
            continue;
        }
        for (_, span, range, replacement) in &fix.edits {
            edits.push((
                *span,
                TextEdit {
                    range: *range,
                    new_text: replacement.clone(),
                },
            ));
        }
    }
    edits.sort_by_key(|(span, _)| (span.start, span.end));
    edits.dedup_by_key(|(span, _)| (span.start, span.end));
    (!edits.is_empty()).then(|| edits.into_iter().map(|(_, e)| e).collect())
}

/// Runs the checks the server sends until it stops sending.
fn worker(jobs: &Receiver<Job>, done: &Sender<Done>) {
    let checker = Checker::new();
    // The server sends a job only when the worker is idle, so none waits behind another.
    for job in jobs {
        let started = Instant::now();
        let checked = catch_unwind(AssertUnwindSafe(|| {
            checker.check(&job.unit, &job.overlay, &job.buffers, &job.subjects)
        }));
        let checked = match checked {
            Ok(c) => Some(c),
            Err(_) => {
                log(&format!(
                    "the check of {} failed; its diagnostics are unchanged",
                    describe(&job.unit)
                ));
                None
            }
        };
        if std::env::var_os("FACTLINT_LSP_TIMING").is_some() {
            log(&format!("checked {} in {:?}", describe(&job.unit), started.elapsed()));
        }
        if done
            .send(Done {
                unit: job.unit,
                generation: job.generation,
                checked,
            })
            .is_err()
        {
            return;
        }
    }
}

fn describe(unit: &Unit) -> String {
    let show = |p: &Path| p.display().to_string();
    match unit {
        Unit::Folder(p) => format!("the story in {}", show(p)),
        Unit::File(p) | Unit::Config(p) | Unit::Rules(p) => show(p),
        Unit::Buffer(url) => url.to_string(),
    }
}

type Failure = (ErrorCode, String);

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, Failure> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

fn to_value(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

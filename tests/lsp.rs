//! The language server end to end: the real `factlint lsp` binary driven over standard
//! input and output with JSON-RPC, as an editor drives it.
//!
//! Every wait is a read with a generous timeout for a message that must come; nothing
//! here measures time.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

use factlint::pipeline::{self, Input, Options};
use serde_json::{Value, json};

/// How long to wait for a message that must come.
const PATIENCE: Duration = Duration::from_secs(60);

/// A running server and the messages it sent.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications read while waiting for something else, oldest first.
    pending: Vec<Value>,
}

impl Client {
    /// Starts `factlint lsp` in `dir` and initializes it with `dir` as the workspace.
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_factlint"))
            .arg("lsp")
            .current_dir(dir)
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, messages) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 0,
            pending: Vec::new(),
        };
        let root = url(dir);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "capabilities": {"textDocument": {"publishDiagnostics": {"relatedInformation": true}}},
            }),
        );
        assert_eq!(result["capabilities"]["hoverProvider"], true, "{result}");
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
        client.notify("initialized", json!({}));
        client
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("the server reads");
        self.stdin.flush().expect("the server reads");
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its whole response.
    fn request_response(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(
            |m| m["id"] == id && m.get("method").is_none(),
            &format!("the response to {method}"),
        )
    }

    /// Sends a request and returns its result.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_response(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The next message that `wanted` accepts; others are kept for later waits.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool, what: &str) -> Value {
        if let Some(i) = self.pending.iter().position(&wanted) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(m) if wanted(&m) => return m,
                Ok(m) => self.pending.push(m),
                Err(RecvTimeoutError::Timeout) => {
                    let seen: Vec<String> = self.pending.iter().rev().take(3).map(Value::to_string).collect();
                    panic!("no {what} within {PATIENCE:?}; the last messages: {seen:#?}")
                }
                Err(RecvTimeoutError::Disconnected) => panic!("the server stopped before {what}"),
            }
        }
    }

    /// The next diagnostics published for `uri` that satisfy `accept`.
    fn diagnostics(&mut self, uri: &str, accept: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let message = self.wait_for(
            |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && accept(m["params"]["diagnostics"].as_array().map_or(&[], Vec::as_slice))
            },
            &format!("diagnostics for {uri}"),
        );
        message["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": url(path), "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// Shuts the server down and returns its exit status.
    fn shutdown(mut self) -> Option<i32> {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("the server can be waited for") {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A copy of an example folder in a fresh temporary folder, so that no configuration above
/// it applies and the test may change it.
fn copy_example(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path().join(name);
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name), &dir);
    (tmp, dir)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("an example folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

/// The UTF-16 position of byte `offset` in `text`, counted independently of the server.
fn utf16(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u64, text[start..offset].encode_utf16().count() as u64)
}

/// `(rule, start line, start character, end line, end character)` of a diagnostic.
type Place = (String, u64, u64, u64, u64);

/// The [`Place`] of a diagnostic.
fn place(d: &Value) -> Place {
    let r = &d["range"];
    let n = |v: &Value| v.as_u64().unwrap_or(u64::MAX);
    (
        d["code"].as_str().unwrap_or_default().to_string(),
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}

fn has(diagnostics: &[Value], rule: &str, line: u64) -> bool {
    diagnostics
        .iter()
        .any(|d| d["code"] == rule && d["range"]["start"]["line"] == line)
}

/// The edits of a code action applied to `text` (edits of one file, in any order).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().expect("a line") as usize;
        let character = p["character"].as_u64().expect("a character") as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().expect("new text").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|(s, ..)| std::cmp::Reverse(*s));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

/// The seed story opened in the editor: every finding of `factlint check` on the folder is
/// published, each at the exact UTF-16 position of its words (the articles are full of
/// curly quotes, one UTF-16 unit but three bytes each); a line inserted above moves them
/// down; a quick fix repairs a doubled word; then the server shuts down cleanly.
#[test]
fn the_seed_story_gets_the_command_s_diagnostics_at_utf16_positions() {
    let (_tmp, dir) = copy_example("baghdad");
    let nbc = dir.join("nbc-news.txt");
    let hill = dir.join("the-hill.txt");
    let nbc_text = std::fs::read_to_string(&nbc).expect("the seed article");

    // What the command finds, converted here to UTF-16 positions.
    let outcome = pipeline::check(&[Input::Path(dir.clone())], &Options::default());
    let mut expected: HashMap<String, Vec<Place>> = HashMap::new();
    for d in &outcome.diagnostics {
        let file = outcome.db.get(d.primary.file);
        let (l1, c1) = utf16(file.text(), d.primary.span.start);
        let (l2, c2) = utf16(file.text(), d.primary.span.end);
        expected
            .entry(url(Path::new(file.name())))
            .or_default()
            .push((d.rule.clone(), l1, c1, l2, c2));
    }
    assert!(expected.len() == 2, "both articles have findings: {expected:?}");

    let mut client = Client::start(&dir);
    client.open(&nbc, &nbc_text);
    for (uri, want) in &mut expected {
        let got = client.diagnostics(uri, |d| !d.is_empty());
        let mut got: Vec<_> = got.iter().map(place).collect();
        got.sort();
        want.sort();
        assert_eq!(&got, want, "diagnostics of {uri}");
    }

    // The words “top” of the quotation drifted from the-hill's “highest”: line 11, after an
    // opening curly quote, so the UTF-16 column is one less than the byte column.
    let nbc_uri = url(&nbc);
    let hill_uri = url(&hill);
    let line = nbc_text.lines().nth(10).expect("line 11");
    let top = line.find("top priority").expect("“top priority” on line 11");
    assert_eq!(line[..top].encode_utf16().count(), 110);
    assert_ne!(top, 110, "the line holds multi-byte characters before the words");
    client.send(json!({"jsonrpc": "2.0", "id": 900, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": nbc_uri}, "position": {"line": 10, "character": 111}}}));
    let hover = client.wait_for(|m| m["id"] == 900, "the hover");
    let doc = hover["result"]["contents"]["value"].as_str().expect("a hover text");
    assert!(doc.starts_with("**consistency/quote-drift**"), "{doc}");
    assert_eq!(hover["result"]["range"]["start"], json!({"line": 10, "character": 110}));

    // Insert a line above, with a doubled word: everything moves down one line.
    let inserted = "Officials said the the embassy would stay open.\n";
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": nbc_uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": inserted}
        ]}),
    );
    let moved = client.diagnostics(&nbc_uri, |d| has(d, "hygiene/doubled-word", 0));
    let drift: Vec<_> = moved
        .iter()
        .filter(|d| d["code"] == "consistency/quote-drift")
        .map(place)
        .collect();
    assert!(
        drift.contains(&("consistency/quote-drift".into(), 11, 110, 11, 113)),
        "the drift moved one line down: {drift:?}"
    );
    // Its other side is in the other article, as related information the editor jumps to.
    let related = moved
        .iter()
        .find(|d| d["code"] == "consistency/quote-drift" && d["range"]["start"]["line"] == 11)
        .and_then(|d| d["relatedInformation"].as_array().cloned())
        .expect("related information");
    assert!(related.iter().any(|r| r["location"]["uri"] == hill_uri), "{related:?}");
    let doubled = moved
        .iter()
        .find(|d| d["code"] == "hygiene/doubled-word")
        .expect("the doubled word");
    assert_eq!(place(doubled), ("hygiene/doubled-word".into(), 0, 15, 0, 22));
    assert!(
        doubled["codeDescription"]["href"]
            .as_str()
            .is_some_and(|h| h.ends_with("hygiene/doubled-word")),
        "{doubled}"
    );

    // The quick fix repairs it, and the finding goes away.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": nbc_uri}, "range": doubled["range"], "context": {"diagnostics": [doubled]}}),
    );
    let fix = actions
        .as_array()
        .and_then(|a| a.iter().find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true))
        .expect("a quick fix")
        .clone();
    let edits = fix["edit"]["changes"][&nbc_uri]
        .as_array()
        .expect("edits of the article")
        .clone();
    let edited = inserted.to_string() + &nbc_text;
    let fixed = apply(&edited, &edits);
    assert!(
        fixed.starts_with("Officials said the embassy would stay open.\n"),
        "{fixed}"
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": nbc_uri, "version": 3}, "contentChanges": [{"text": fixed}]}),
    );
    let after = client.diagnostics(&nbc_uri, |d| !has(d, "hygiene/doubled-word", 0));
    assert!(has(&after, "consistency/quote-drift", 11));

    assert_eq!(client.shutdown(), Some(0));
}

/// A draft and its wires, the references named in factlint.toml: the draft's findings
/// against the wires appear while typing, move when the draft changes, and go when the
/// open reference is edited to agree with the draft.
#[test]
fn a_draft_is_checked_against_the_references_of_its_configuration_and_open_buffers() {
    let (_tmp, dir) = copy_example("draft");
    std::fs::write(dir.join("factlint.toml"), "references = [\"wires/\"]\n").expect("a configuration");
    let draft = dir.join("draft.md");
    let wire = dir.join("wires/wire-a.txt");
    let draft_text = std::fs::read_to_string(&draft).expect("the draft");
    let wire_text = std::fs::read_to_string(&wire).expect("a wire");
    let draft_uri = url(&draft);

    let mut client = Client::start(&dir);
    client.open(&draft, &draft_text);
    let found = client.diagnostics(&draft_uri, |d| has(d, "draft/conflicting-number", 4));
    // The wires are references: never reported on.
    assert!(found.iter().all(|d| d["source"] == "factlint"));
    let conflict = found
        .iter()
        .find(|d| d["code"] == "draft/conflicting-number")
        .expect("the conflicting figure");
    let related = conflict["relatedInformation"].as_array().expect("the wires' figures");
    assert!(
        related.iter().any(|r| r["location"]["uri"] == url(&wire)),
        "{related:?}"
    );

    // The wire, open and edited to say what the draft says: the conflict with it is gone
    // from the draft, though nothing was saved.
    client.open(&wire, &wire_text);
    let agreeing = wire_text.replace("Thirty-two people were killed", "Twenty-three people were killed");
    assert_ne!(agreeing, wire_text);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": url(&wire), "version": 2}, "contentChanges": [{"text": agreeing}]}),
    );
    let after = client.diagnostics(&draft_uri, |d| {
        d.iter().filter(|d| d["code"] == "draft/conflicting-number").all(|d| {
            d["relatedInformation"]
                .as_array()
                .is_some_and(|r| r.iter().all(|r| r["location"]["uri"] != url(&wire)))
        })
    });
    assert!(!after.is_empty());
    assert_eq!(client.shutdown(), Some(0));
}

/// factlint.toml and rule files: a configuration open in the editor applies to the articles
/// at once, and a broken rule file shows its error at the exact character.
#[test]
fn configuration_and_rule_files_are_read_from_the_editor() {
    let (_tmp, dir) = copy_example("baghdad");
    let hill = dir.join("the-hill.txt");
    let hill_text = std::fs::read_to_string(&hill).expect("the seed article");
    let config = dir.join("factlint.toml");
    std::fs::write(&config, "rules = [\"house/\"]\n").expect("a configuration");
    std::fs::create_dir(dir.join("house")).expect("a rule folder");
    let rule = dir.join("house/quoted-sources.toml");
    let good_rule = "id = \"quoted-sources\"\nseverity = \"info\"\nsummary = \"Sources are quoted\"\n\
        patterns = ['sources said']\nmessage = \"sources said\"\nlabel = \"here\"\n\n\
        [[example]]\ntext = \"Two sources said it.\"\nflagged = [\"sources said\"]\n";
    std::fs::write(&rule, good_rule).expect("a rule file");

    let mut client = Client::start(&dir);
    let hill_uri = url(&hill);
    client.open(&hill, &hill_text);
    client.diagnostics(&hill_uri, |d| has(d, "hygiene/publishing-residue", 3));

    // The configuration, edited in the editor: the hygiene pack is off.
    let config_uri = url(&config);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": config_uri, "languageId": "toml", "version": 1,
            "text": "rules = [\"house/\"]\nignore = [\"hygiene\"]\n"}}),
    );
    client.diagnostics(&hill_uri, |d| {
        !d.is_empty()
            && d.iter()
                .all(|d| !d["code"].as_str().unwrap_or("").starts_with("hygiene/"))
    });

    // A rule file broken in the editor: its error at the exact character, and the article
    // says why it was not checked.
    let broken = good_rule.replace("'sources said'", "'sources said @verb'");
    assert_ne!(broken, good_rule);
    // Where the command reports the mistake.
    let mut db = factlint::source::SourceDb::new();
    let problems =
        factlint::rules::load_text(&mut db, &rule.display().to_string(), &broken).expect_err("a broken rule");
    let at = problems[0].label.as_ref().expect("a located problem").span.start;
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": url(&rule), "languageId": "toml", "version": 1, "text": broken}}),
    );
    let errors = client.diagnostics(&url(&rule), |d| !d.is_empty());
    let (line, character) = utf16(&broken, at);
    assert!(
        errors
            .iter()
            .any(|d| d["range"]["start"] == json!({"line": line, "character": character})),
        "the error is at line {line}, character {character}: {errors:?}"
    );
    let stopped = client.diagnostics(&hill_uri, |d| d.len() == 1);
    assert!(
        stopped[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("did not check")),
        "{stopped:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

/// Malformed input, unknown methods, positions out of range, a file deleted under an open
/// buffer and a file that is not UTF-8 are logged, and the server answers the next request.
#[test]
fn the_server_survives_bad_input() {
    let (_tmp, dir) = copy_example("baghdad");
    std::fs::write(dir.join("garbled.txt"), b"The embassy \xff\xfe said\n").expect("a file that is not UTF-8");
    let hill = dir.join("the-hill.txt");
    let hill_text = std::fs::read_to_string(&hill).expect("the seed article");
    let hill_uri = url(&hill);
    let mut client = Client::start(&dir);

    client.send_raw(b"this is no header\r\n\r\n");
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    client.send_raw(b"Content-Length: 3\r\n\r\n\xff\xfe\xfd");
    client.send(json!({"jsonrpc": "2.0", "method": "no/such/notification", "params": {}}));
    let unknown = client.request_response("no/such/method", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let invalid = client.request_response("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(invalid["error"]["code"], -32602, "{invalid}");

    client.open(&hill, &hill_text);
    let garbled = client.diagnostics(&url(&dir.join("garbled.txt")), |d| !d.is_empty());
    assert!(
        garbled[0]["message"].as_str().is_some_and(|m| m.contains("UTF-8")),
        "{garbled:?}"
    );
    client.diagnostics(&hill_uri, |d| has(d, "hygiene/publishing-residue", 3));

    // Out of range: a hover past the end, an edit past the end (clamped to it).
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": hill_uri}, "position": {"line": 9999, "character": 9999}}),
    );
    assert_eq!(hover, Value::Null);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": hill_uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 9999, "character": 5}, "end": {"line": 10000, "character": 0}}, "text": "\nOfficials said the the talks ended.\n"}
        ]}),
    );
    let last_line = (hill_text.matches('\n').count() + 1) as u64;
    client.diagnostics(&hill_uri, |d| has(d, "hygiene/doubled-word", last_line));

    // The file deleted on disk while open: the buffer is still checked.
    std::fs::remove_file(&hill).expect("the file is deleted");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": hill_uri, "type": 3}]}),
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": hill_uri, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "\n"}
        ]}),
    );
    client.diagnostics(&hill_uri, |d| has(d, "hygiene/publishing-residue", 4));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": hill_uri}, "position": {"line": 4, "character": 2}}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("publishing-residue")),
        "{hover}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

/// `exit` without `shutdown` ends the server with status 1, as the protocol says.
#[test]
fn exit_without_shutdown_is_status_1() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut client = Client::start(tmp.path());
    client.notify("exit", Value::Null);
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = client.child.try_wait().expect("the server can be waited for") {
            break status.code();
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status, Some(1));
}

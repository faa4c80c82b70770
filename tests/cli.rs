//! The `factlint` command end to end: the seed story, output formats, exit statuses, and
//! bad input of every kind.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use predicates::prelude::*;
use serde_json::Value;

fn factlint() -> Command {
    let mut cmd = Command::cargo_bin("factlint").expect("the binary is built");
    // Backtraces and colour would make the output depend on the machine.
    cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn stdout(a: &Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("UTF-8 output")
}

fn stderr(a: &Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).expect("UTF-8 output")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp dir is writable");
    path
}

fn json(a: &Assert) -> Value {
    serde_json::from_str(&stdout(a)).expect("valid JSON on stdout")
}

/// `factlint check PATH --format json`, expecting exit status `code`; the JSON document.
fn check_json(path: &Path, code: i32) -> Value {
    json(
        &factlint()
            .arg("check")
            .arg(path)
            .args(["--format", "json"])
            .assert()
            .code(code),
    )
}

#[test]
fn seed_story_human_output() {
    let a = factlint().args(["check", "examples/baghdad"]).assert().code(1);
    insta::assert_snapshot!("seed_story_human", stdout(&a));
}

#[test]
fn seed_story_json_output() {
    let a = factlint()
        .args(["check", "examples/baghdad", "--format", "json"])
        .assert()
        .code(1);
    let doc = json(&a);
    insta::assert_json_snapshot!("seed_story_json", doc);
}

/// The showcase: each piece of residue and each slip of the seeds is flagged, at the exact bytes.
#[test]
fn seed_story_flags_the_showcase_words_at_exact_bytes() {
    let a = factlint()
        .args(["check", "examples/baghdad", "--format", "json"])
        .assert()
        .code(1);
    let doc = json(&a);
    let diagnostics = doc["diagnostics"].as_array().expect("a list");
    let mut flagged = Vec::new();
    for d in diagnostics {
        let p = &d["primary"];
        let path = p["path"].as_str().expect("path");
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("readable");
        let (start, end) = (
            p["start"].as_u64().expect("start") as usize,
            p["end"].as_u64().expect("end") as usize,
        );
        let text = p["text"].as_str().expect("text");
        assert_eq!(
            &bytes[start..end],
            text.as_bytes(),
            "the label's text is the file's bytes"
        );
        flagged.push((d["rule"].as_str().expect("rule").to_string(), text.to_string()));
    }
    for (rule, words) in [
        ("hygiene/publishing-residue", "ADVERTISEMENT"),
        ("hygiene/glued-words", "PompeoMichael"),
        ("hygiene/glued-words", "PompeoUS"),
        (
            "hygiene/publishing-residue",
            "Download the NBC News app for the latest news and politics",
        ),
        ("hygiene/publishing-residue", "The story continues"),
        ("hygiene/article-agreement", "a American"),
        ("hygiene/unbalanced-quote", "‘agency"),
        ("hygiene/broken-attribution", "warned. from"),
        ("attribution/anonymous-source-without-reason", "two US officials"),
        (
            "attribution/anonymous-source-without-reason",
            "Two sources familiar with the decision",
        ),
    ] {
        assert!(
            flagged.iter().any(|(r, t)| r == rule && t == words),
            "{rule} should flag `{words}`; found {flagged:#?}"
        );
    }
    // The attributed refusals and quotations of the showcase are not findings.
    for quiet in [
        "attribution/unattributed-refusal",
        "attribution/quote-without-speaker",
        "attribution/vague-attribution",
    ] {
        assert!(
            flagged.iter().all(|(r, _)| r != quiet),
            "{quiet} flags nothing in the seed story; found {flagged:#?}"
        );
    }
    let summary = &doc["summary"];
    assert_eq!(summary["files"], 2);
    assert_eq!(
        summary["errors"].as_u64().expect("n")
            + summary["warnings"].as_u64().expect("n")
            + summary["infos"].as_u64().expect("n"),
        diagnostics.len() as u64
    );
}

#[test]
fn jsonl_has_one_diagnostic_per_line() {
    let a = factlint()
        .args(["check", "examples/baghdad", "--format", "jsonl"])
        .assert()
        .code(1);
    let lines: Vec<Value> = stdout(&a)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let full = json(
        &factlint()
            .args(["check", "examples/baghdad", "--format", "json"])
            .assert(),
    );
    assert_eq!(Value::Array(lines), full["diagnostics"]);
}

#[test]
fn fail_on_sets_the_exit_status() {
    factlint()
        .args(["check", "examples/baghdad", "--fail-on", "never"])
        .assert()
        .code(0);
    let dir = tempfile::tempdir().expect("temp dir");
    let only_warning = write(
        dir.path(),
        "a.txt",
        b"Officials said the the embassy would stay open.\n",
    );
    factlint().arg("check").arg(&only_warning).assert().code(0);
    factlint()
        .arg("check")
        .arg(&only_warning)
        .args(["--fail-on", "warning"])
        .assert()
        .code(1);
    factlint()
        .arg("check")
        .arg(&only_warning)
        .args(["--fail-on", "info"])
        .assert()
        .code(1);
}

#[test]
fn quiet_drops_the_summary_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clean = write(
        dir.path(),
        "a.txt",
        b"The embassy will stay open, the State Department said.\n",
    );
    let a = factlint().arg("check").arg(&clean).assert().code(0);
    assert_eq!(stdout(&a), "no findings in 1 file\n");
    let a = factlint().arg("check").arg(&clean).arg("--quiet").assert().code(0);
    assert_eq!(stdout(&a), "");
}

#[test]
fn color_is_off_with_no_color_or_not_a_terminal_and_on_when_asked() {
    let a = factlint().args(["check", "examples/baghdad"]).assert();
    assert!(!stdout(&a).contains('\u{1b}'));
    let a = factlint()
        .args(["check", "examples/baghdad", "--color", "always"])
        .assert();
    assert!(stdout(&a).contains('\u{1b}'));
}

#[test]
fn empty_file_has_no_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = write(dir.path(), "empty.txt", b"");
    assert_eq!(check_json(&empty, 0)["diagnostics"], Value::Array(vec![]));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let a = factlint()
        .args(["check", "-", "--format", "json"])
        .write_stdin("It was a American strike.\n")
        .assert()
        .code(0);
    let doc = json(&a);
    assert_eq!(doc["diagnostics"][0]["primary"]["path"], "<stdin>");
    assert_eq!(doc["diagnostics"][0]["primary"]["text"], "a American");
}

#[test]
fn references_are_compared_against_but_never_reported_on() {
    let a = factlint()
        .args([
            "check",
            "examples/baghdad/the-hill.txt",
            "--against",
            "examples/baghdad/nbc-news.txt",
            "--format",
            "json",
        ])
        .assert()
        .code(1);
    let doc = json(&a);
    for d in doc["diagnostics"].as_array().expect("a list") {
        assert_eq!(d["primary"]["path"], "examples/baghdad/the-hill.txt");
    }
    assert_eq!(doc["summary"]["files"], 1);
}

#[test]
fn front_matter_and_date_line_are_not_linted_but_offsets_count_from_byte_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "+++\nsource = \"the the\"\n+++\nIt was a American strike.\n";
    let path = write(dir.path(), "fm.md", text.as_bytes());
    let doc = check_json(&path, 0);
    let diagnostics = doc["diagnostics"].as_array().expect("a list");
    assert_eq!(diagnostics.len(), 1, "the doubled word in front matter is not linted");
    assert_eq!(
        diagnostics[0]["primary"]["start"],
        text.find("a American").expect("in text")
    );
    assert_eq!(diagnostics[0]["primary"]["line"], 4);
}

#[test]
fn invalid_utf8_is_located_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = write(dir.path(), "bad.txt", b"The embassy\nwill \xff close.\n");
    let good = write(dir.path(), "good.txt", b"It was a American strike.\n");
    let a = factlint()
        .arg("check")
        .arg(&bad)
        .arg(&good)
        .args(["--format", "json"])
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(err.contains("invalid UTF-8: byte 0xff at offset 17"), "{err}");
    assert!(err.contains("bad.txt:2:6"), "line and column of the bad byte: {err}");
    assert_eq!(
        json(&a)["diagnostics"][0]["primary"]["text"],
        "a American",
        "the good file is still checked"
    );
}

#[test]
fn binary_file_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = write(dir.path(), "image.txt", b"GIF89a\x00\x01\x02");
    let a = factlint().arg("check").arg(&bin).assert().code(2);
    assert!(
        stderr(&a).contains("binary file: NUL byte at offset 6"),
        "{}",
        stderr(&a)
    );
    assert!(stderr(&a).contains("image.txt"));
}

#[test]
fn missing_path_is_named() {
    let a = factlint().args(["check", "no/such/article.txt"]).assert().code(2);
    assert!(stderr(&a).contains("no such file or directory"));
    assert!(stderr(&a).contains("no/such/article.txt"));
}

#[test]
fn malformed_front_matter_is_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "fm.md", b"---\nsource: NBC\ndate: 2020-02-30\n---\nText.\n");
    let a = factlint().arg("check").arg(&path).assert().code(2);
    let err = stderr(&a);
    assert!(err.contains("`2020-02-30` is not a date that exists"), "{err}");
    assert!(err.contains("fm.md:3:7"), "{err}");
}

#[test]
fn impossible_date_line_is_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "a.txt", b"date 2020-13-01\nText.\n");
    let a = factlint().arg("check").arg(&path).assert().code(2);
    assert!(stderr(&a).contains("a.txt:1:6"), "{}", stderr(&a));
}

#[test]
fn malformed_rule_file_points_inside_the_string() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("house");
    std::fs::create_dir(&pack).expect("mkdir");
    write(
        &pack,
        "bad-pattern.toml",
        br#"id = "bad-pattern"
severity = "warn"
summary = "x"
patterns = ["said \"(was | were\" ~4 @verb"]
message = "{?p} said"

[[example]]
text = "x"
flagged = []
"#,
    );
    let a = factlint()
        .args(["check", "examples/baghdad", "--rules"])
        .arg(&pack)
        .assert()
        .code(2);
    let err = stderr(&a);
    insta::assert_snapshot!(
        "malformed_rule_file",
        err.replace(&pack.display().to_string(), "[PACK]")
    );
    assert!(
        err.contains("bad-pattern.toml:4:39"),
        "the unknown class `verb`, inside the string: {err}"
    );
    assert!(
        err.contains("bad-pattern.toml:2:12"),
        "every problem of the file at once: {err}"
    );
    assert_eq!(stdout(&a), "", "nothing is checked with broken rules");
}

#[test]
fn toml_syntax_error_and_unknown_key_in_rule_files_are_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    let syntax = write(dir.path(), "syntax.toml", b"id = \"syntax\"\nseverity = warning\n");
    let a = factlint().args(["rules", "--rules"]).arg(&syntax).assert().code(2);
    assert!(stderr(&a).contains("syntax.toml:2:12"), "{}", stderr(&a));
    let unknown = write(
        dir.path(),
        "unknown.toml",
        b"id = \"unknown\"\nseverity = \"info\"\nsummary = \"x\"\nmessage = \"x\"\npattern = \"x\"\n",
    );
    let a = factlint().args(["rules", "--rules"]).arg(&unknown).assert().code(2);
    let err = stderr(&a);
    assert!(err.contains("unknown field `pattern`"), "{err}");
    assert!(err.contains("unknown.toml:5:1"), "{err}");
}

#[test]
fn bad_flags_exit_2() {
    factlint()
        .args(["check", "examples/baghdad", "--format", "xml"])
        .assert()
        .code(2);
    factlint()
        .args(["check", "examples/baghdad", "--no-such-flag"])
        .assert()
        .code(2);
    factlint().args(["check"]).assert().code(2);
    factlint().args(["frobnicate"]).assert().code(2);
    let a = factlint()
        .args(["check", "examples/baghdad", "--date", "2020-02-30"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("not a date that exists"));
}

#[test]
fn help_and_version_exit_0() {
    factlint()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("factlint check examples/baghdad"));
    factlint()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("factlint "));
}

#[test]
fn rules_lists_every_builtin_rule() {
    let a = factlint().args(["rules", "--format", "json"]).assert().code(0);
    let list = json(&a);
    let ids: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    for id in [
        "hygiene/publishing-residue",
        "hygiene/glued-words",
        "hygiene/article-agreement",
        "hygiene/doubled-word",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert!(list[0]["examples"].as_u64().expect("count") > 0);
    let a = factlint().arg("rules").assert().code(0);
    assert!(stdout(&a).contains("hygiene/doubled-word"));
}

#[test]
fn explain_prints_the_rule_doc() {
    let a = factlint().args(["explain", "glued-words"]).assert().code(0);
    assert!(stdout(&a).contains("PompeoMichael"));
    factlint().args(["explain", "no-such-rule"]).assert().code(2);
}

#[test]
fn facts_json_spans_are_the_files_bytes() {
    let a = factlint()
        .args(["facts", "examples/baghdad", "--format", "json"])
        .assert()
        .code(0);
    let doc = json(&a);
    assert_eq!(doc["version"], 1);
    let documents = doc["documents"].as_array().expect("a list");
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0]["published"], "2020-12-03", "nbc-news has a date line");
    assert_eq!(documents[1]["published"], Value::Null, "the-hill has no date");
    let mut kinds = std::collections::BTreeSet::new();
    for d in documents {
        let bytes =
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(d["path"].as_str().expect("path"))).expect("file");
        for f in d["facts"].as_array().expect("facts") {
            assert_spans_are_bytes(f, &bytes);
            kinds.insert(f["kind"].as_str().expect("kind").to_string());
        }
    }
    for kind in [
        "number",
        "quote",
        "quote-unbalanced",
        "attribution",
        "refusal",
        "anonymous-source",
    ] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
}

#[test]
fn facts_table_is_readable_and_stdin_works() {
    let a = factlint()
        .args(["facts", "-", "--format", "table", "--date", "2020-12-03"])
        .write_stdin("The NSC did not immediately return a request for comment.\n")
        .assert()
        .code(0);
    let out = stdout(&a);
    assert!(out.starts_with("<stdin> (published 2020-12-03)\n"), "{out}");
    assert!(
        out.contains("refusal") && out.contains("no-response, subject: The NSC"),
        "{out}"
    );
}

#[test]
fn facts_on_bad_input_exits_2() {
    factlint().args(["facts", "no/such/file.txt"]).assert().code(2);
}

/// Every object in a fact with a `span` and a `text` holds exactly the bytes of its span — but
/// a quotation's own `text`, which is the quoted words (its `text_span`, or its `parts` joined).
fn assert_spans_are_bytes(v: &Value, bytes: &[u8]) {
    let slice = |span: &Value| {
        let (s, e) = (
            span["start"].as_u64().expect("start") as usize,
            span["end"].as_u64().expect("end") as usize,
        );
        std::str::from_utf8(&bytes[s..e])
            .expect("span on char boundaries")
            .to_string()
    };
    match v {
        Value::Object(map) => {
            if let (Some(span), Some(Value::String(text))) = (map.get("span"), map.get("text")) {
                if map.get("kind").and_then(Value::as_str) == Some("quote") {
                    let parts = map["parts"].as_array().expect("parts");
                    if parts.len() == 1 {
                        assert_eq!(&slice(&map["text_span"]), text, "{v}");
                    }
                    let open = slice(span);
                    assert!(open.contains(parts[0]["text"].as_str().expect("text")), "{v}");
                } else {
                    assert_eq!(&slice(span), text, "{v}");
                }
            }
            map.values().for_each(|x| assert_spans_are_bytes(x, bytes));
        }
        Value::Array(items) => items.iter().for_each(|x| assert_spans_are_bytes(x, bytes)),
        _ => {}
    }
}

#[test]
fn a_publication_date_from_the_command_line_resolves_relative_dates() {
    let rules_of = |a: &Assert| -> Vec<String> {
        json(a)["diagnostics"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| d["rule"].as_str().expect("rule").to_string())
            .collect()
    };
    let without = factlint()
        .args(["check", "examples/baghdad/the-hill.txt", "--format", "json"])
        .assert()
        .code(1);
    assert_eq!(
        rules_of(&without)
            .iter()
            .filter(|r| *r == "dates/unresolved-relative-date")
            .count(),
        1,
        "reported once"
    );
    let with = factlint()
        .args([
            "check",
            "examples/baghdad/the-hill.txt",
            "--date",
            "2020-12-03",
            "--format",
            "json",
        ])
        .assert()
        .code(1);
    assert!(!rules_of(&with).iter().any(|r| r == "dates/unresolved-relative-date"));
}

#[test]
fn weekday_that_contradicts_its_date_is_an_error() {
    let a = factlint()
        .args(["check", "-", "--format", "json"])
        .write_stdin("+++\ndate = 2020-12-04\n+++\nThe embassy closed on Wednesday, Dec. 3, 2020, officials said.\n")
        .assert()
        .code(1);
    let doc = json(&a);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["rule"], "dates/weekday-mismatch");
    assert_eq!(d["primary"]["text"], "Wednesday");
    assert_eq!(
        d["message"],
        "Wednesday, Dec. 3, 2020 fell on a Thursday, not a Wednesday"
    );
}

#[test]
fn factlint_test_runs_the_examples_of_a_pack() {
    let a = factlint().args(["test", "examples/house-rules"]).assert().code(0);
    assert!(
        stdout(&a).contains("test house/casualty-needs-source ... ok"),
        "{}",
        stdout(&a)
    );
    let a = factlint().arg("test").assert().code(0);
    assert!(
        stdout(&a).contains("test hygiene/doubled-word"),
        "no path: the built-in rules"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("desk");
    std::fs::create_dir(&pack).expect("mkdir");
    write(
        &pack,
        "wrong-example.toml",
        b"id = \"wrong-example\"\nseverity = \"info\"\nsummary = \"x\"\npatterns = ['the the']\nmessage = \"doubled\"\n\n[[example]]\ntext = \"He saw the the cat.\"\nflagged = []\n",
    );
    write(
        &pack,
        "no-example.toml",
        b"id = \"no-example\"\nseverity = \"info\"\nsummary = \"x\"\npatterns = ['x']\nmessage = \"x\"\n",
    );
    let a = factlint().arg("test").arg(&pack).assert().code(1);
    let out = stdout(&a);
    assert!(out.contains("test desk/wrong-example ... FAILED"), "{out}");
    assert!(
        out.contains("wrong-example.toml:8:8"),
        "the failing example is located: {out}"
    );
    assert!(out.contains("found 1:\n  - `the the`"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("test desk/no-example ") && l.ends_with("... FAILED")),
        "{out}"
    );
    assert!(out.contains("has no `[[example]]`"), "{out}");
    assert!(out.contains("test result: FAILED. 0 passed; 2 failed"), "{out}");
}

#[test]
fn extra_rules_apply_to_a_check() {
    let a = factlint()
        .args(["check", "-", "--rules", "examples/house-rules", "--format", "json"])
        .write_stdin("The strike killed 12 civilians near the border.\n")
        .assert()
        .code(0);
    let doc = json(&a);
    let rules: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(rules, ["house/casualty-needs-source"]);
}

#[test]
fn factlint_toml_selects_ignores_and_overrides_severities() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "factlint.toml",
        b"ignore = [\"hygiene/doubled-word\"]\nfail-on = \"warning\"\n[severity]\n\"hygiene/article-agreement\" = \"error\"\n[[per-path]]\npaths = [\"wires\"]\nignore = [\"hygiene\"]\n",
    );
    let story = dir.path().join("story");
    std::fs::create_dir_all(story.join("wires")).expect("mkdir");
    write(&story, "draft.txt", b"It was a American strike on the the base.\n");
    write(&story.join("wires"), "wire.txt", b"It was a American strike.\n");
    let doc = check_json(&story, 1);
    let found: Vec<(String, String, String)> = doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().expect("rule").to_string(),
                d["severity"].as_str().expect("severity").to_string(),
                d["primary"]["path"]
                    .as_str()
                    .expect("path")
                    .rsplit('/')
                    .next()
                    .expect("name")
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "hygiene/article-agreement".to_string(),
            "error".to_string(),
            "draft.txt".to_string()
        )]
    );
}

#[test]
fn broken_factlint_toml_is_located_and_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "factlint.toml",
        b"fail-on = \"sometimes\"\nselect = [\"hygiene/glued-wordz\"]\n",
    );
    let article = write(dir.path(), "a.txt", b"Text.\n");
    let a = factlint().arg("check").arg(&article).assert().code(2);
    let err = stderr(&a);
    assert!(err.contains("factlint.toml:1:11"), "{err}");
    assert!(err.contains("unknown `fail-on` value `sometimes`"), "{err}");
    // Once the file parses, selectors that name no rule are reported too.
    write(
        dir.path(),
        "factlint.toml",
        b"fail-on = \"error\"\nselect = [\"hygiene/glued-wordz\"]\n",
    );
    let a = factlint().arg("check").arg(&article).assert().code(2);
    let err = stderr(&a);
    assert!(err.contains("factlint.toml:2:11"), "{err}");
    assert!(err.contains("glued-wordz"), "{err}");
}

#[test]
fn suppression_comments_silence_findings_and_unused_ones_are_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "<!-- factlint-disable-next-line hygiene/article-agreement -->\nIt was a American strike.\n\n<!-- factlint-disable hygiene/doubled-word -->\nNothing to hide here.\n<!-- factlint-enable -->\n\nThe the end.\n";
    let path = write(dir.path(), "draft.md", text.as_bytes());
    let doc = check_json(&path, 0);
    let rules: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["rule"].as_str().expect("rule"))
        .collect();
    assert!(!rules.contains(&"hygiene/article-agreement"), "{rules:?}");
    assert!(
        rules.contains(&"hygiene/doubled-word"),
        "after the enable comment: {rules:?}"
    );
    assert!(rules.contains(&"factlint/unused-suppression"), "{rules:?}");

    let typo = write(
        dir.path(),
        "typo.md",
        b"<!-- factlint-disable-next-line glued-wordz -->\nText.\n",
    );
    let doc = check_json(&typo, 0);
    let bad = doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["rule"] == "factlint/bad-suppression");
    assert_eq!(
        bad.map(|d| d["primary"]["text"].clone()),
        Some(Value::from("glued-wordz")),
        "{doc}"
    );
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    factlint().arg("init").arg(dir.path()).assert().code(0);
    let written = std::fs::read_to_string(dir.path().join("factlint.toml")).expect("written");
    assert!(written.contains("fail-on"));
    let a = factlint().arg("init").arg(dir.path()).assert().code(2);
    assert!(stderr(&a).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("factlint.toml")).expect("kept"),
        written,
        "not overwritten"
    );
    let article = write(dir.path(), "a.txt", b"Text.\n");
    factlint().arg("check").arg(&article).assert().code(0);
}

#[test]
fn nested_repetitions_are_refused_so_no_pattern_can_hang_or_overflow() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("desk");
    std::fs::create_dir(&pack).expect("mkdir");
    write(
        &pack,
        "nested.toml",
        b"id = \"nested\"\nseverity = \"info\"\nsummary = \"x\"\npatterns = ['(@token+)+ zzzq']\nmessage = \"x\"\n",
    );
    let a = factlint().args(["rules", "--rules"]).arg(&pack).assert().code(2);
    assert!(
        stderr(&a).contains("a repetition inside a repetition"),
        "{}",
        stderr(&a)
    );
    let deep = format!(
        "id = \"deep\"\nseverity = \"info\"\nsummary = \"x\"\npatterns = ['{}a{}']\nmessage = \"x\"\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    write(&pack, "nested.toml", b"id = \"nested\"\nseverity = \"info\"\nsummary = \"x\"\npatterns = ['(a | a a)+ zzzq']\nmessage = \"x\"\n\n[[example]]\ntext = \"a\"\nflagged = []\n");
    write(&pack, "deep.toml", deep.as_bytes());
    let a = factlint().args(["rules", "--rules"]).arg(&pack).assert().code(2);
    assert!(stderr(&a).contains("nested more than 64 levels"), "{}", stderr(&a));
    std::fs::remove_file(pack.join("deep.toml")).expect("rm");
    // Alternatives inside a repetition may backtrack exponentially; the step budget keeps the
    // check short even on a long paragraph of matching words.
    let article = write(dir.path(), "a.txt", "a ".repeat(2000).as_bytes());
    factlint()
        .arg("check")
        .arg(&article)
        .arg("--rules")
        .arg(&pack)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0);
}

#[test]
fn a_file_named_twice_is_read_once() {
    let a = factlint()
        .args([
            "check",
            "examples/baghdad",
            "--against",
            "examples/baghdad/the-hill.txt",
            "--format",
            "json",
        ])
        .assert()
        .code(1);
    let twice = json(&a);
    let once = json(
        &factlint()
            .args(["check", "examples/baghdad", "--format", "json"])
            .assert(),
    );
    assert_eq!(twice["diagnostics"], once["diagnostics"]);
    assert_eq!(twice["summary"]["files"], 2);
}

#[test]
fn every_problem_is_reported_when_rules_are_broken() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("desk");
    std::fs::create_dir(&pack).expect("mkdir");
    write(&pack, "broken.toml", b"id = \"broken\"\n");
    let a = factlint()
        .args(["check", "no/such/file.txt", "--rules"])
        .arg(&pack)
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(
        err.contains("no such file or directory") && err.contains("missing field `summary`"),
        "{err}"
    );
}

/// The cross-source findings of `doc`: rule and the file names of their labels.
fn cross_source(doc: &Value) -> Vec<(String, Vec<String>)> {
    let name = |l: &Value| {
        l["path"]
            .as_str()
            .expect("path")
            .rsplit(['/', '\\'])
            .next()
            .expect("name")
            .to_string()
    };
    doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| {
            let mut files = vec![name(&d["primary"])];
            files.extend(d["secondary"].as_array().into_iter().flatten().map(name));
            files.sort();
            files.dedup();
            (files.len() > 1).then(|| (d["rule"].as_str().expect("rule").to_string(), files))
        })
        .collect()
}

#[test]
fn articles_in_subfolders_belong_to_the_story_of_the_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = dir.path().join("story");
    std::fs::create_dir_all(story.join("wires")).expect("mkdir");
    write(
        &story,
        "draft.txt",
        b"The withdrawal was first reported by the Washington post on Wednesday.\n",
    );
    write(
        &story.join("wires"),
        "wire.txt",
        b"The Washington Post first reported the withdrawal on Wednesday.\n",
    );
    let found = cross_source(&check_json(&story, 0));
    assert_eq!(
        found,
        [(
            "consistency/name-spelling".to_string(),
            vec!["draft.txt".to_string(), "wire.txt".to_string()]
        )]
    );
}

#[test]
fn a_story_key_splits_a_folder_holding_several_stories() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "baghdad.txt",
        b"+++\nstory = \"baghdad\"\n+++\nThe withdrawal was first reported by the Washington post on Wednesday.\n",
    );
    write(
        dir.path(),
        "vaccine.txt",
        b"+++\nstory = \"vaccine\"\n+++\nThe Washington Post first reported the approval on Wednesday.\n",
    );
    assert_eq!(cross_source(&check_json(dir.path(), 0)), []);
    // The same two articles with one key are one story, and the spelling is compared.
    write(
        dir.path(),
        "vaccine.txt",
        b"+++\nstory = \"baghdad\"\n+++\nThe Washington Post first reported the approval on Wednesday.\n",
    );
    assert_eq!(cross_source(&check_json(dir.path(), 0)).len(), 1);
}

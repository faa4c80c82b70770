//! Input formats beyond text files: ninjs news items (JSON) and JSON Lines on standard
//! input, checked against the seed story read from its folder.

use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn seed(name: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/examples/baghdad/{name}")).expect("seed article")
}

fn factlint(args: &[&str], stdin: Option<&str>) -> (Value, String, i32) {
    let mut cmd = Command::cargo_bin("factlint").expect("the binary is built");
    cmd.env_remove("RUST_BACKTRACE").args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s.to_string());
    }
    let out = cmd.output().expect("factlint runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// JSON text with every non-ASCII character escaped (`\u2019`), as many feeds write it.
fn ascii_json(v: &Value) -> String {
    let text = serde_json::to_string_pretty(v).expect("serialisable");
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// The NBC article without its leading date line, and the date.
fn nbc_body() -> (String, String) {
    let text = seed("nbc-news.txt");
    let rest = text
        .trim_start()
        .strip_prefix("date ")
        .expect("the seed starts with a date line");
    let (date, body) = rest.split_at(10);
    (body.trim_start().to_string(), date.to_string())
}

/// Findings as (rule, file stem, the words flagged, message), to compare across formats.
fn findings(json: &Value, decode: &dyn Fn(&str, &str) -> String) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let path = d["primary"]["path"].as_str().unwrap_or_default();
            let stem = Path::new(path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = d["primary"]["text"].as_str().unwrap_or_default();
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                stem,
                decode(path, text),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_ninjs_item_is_checked_like_the_article_at_its_own_bytes() {
    let (body, date) = nbc_body();
    let item = json!({
        "uri": "urn:example:nbc-baghdad",
        "type": "text",
        "version": "1",
        "versioncreated": format!("{date}T18:02:00Z"),
        "headline": "Trump administration to temporarily withdraw staff from Baghdad embassy",
        "byline": "NBC News",
        "body_text": body,
    });
    let ninjs = ascii_json(&item);
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("nbc-news.json"), &ninjs).expect("write");
    std::fs::write(dir.path().join("the-hill.txt"), seed("the-hill.txt")).expect("write");
    // A JSON file that is no ninjs item is not an article of the folder.
    std::fs::write(dir.path().join("settings.json"), "{\"theme\": \"dark\"}").expect("write");
    let (got, stderr, code) = factlint(
        &["check", dir.path().to_str().expect("UTF-8 path"), "--format", "json"],
        None,
    );
    assert_eq!(code, 1, "{stderr}");
    let (plain, _, _) = factlint(
        &["check", &format!("{ROOT}/examples/baghdad"), "--format", "json"],
        None,
    );

    // Every label's text is the JSON file's own bytes at its span; decoded, it is the words
    // the plain-text check flags.
    let mut in_json = 0;
    for d in got["diagnostics"].as_array().expect("diagnostics") {
        for label in std::iter::once(&d["primary"]).chain(d["secondary"].as_array().into_iter().flatten()) {
            if label["path"].as_str().is_some_and(|p| p.ends_with(".json")) {
                let (s, e) = (
                    label["start"].as_u64().unwrap_or(0) as usize,
                    label["end"].as_u64().unwrap_or(0) as usize,
                );
                assert_eq!(ninjs.get(s..e), label["text"].as_str(), "{d}");
                in_json += 1;
            }
        }
    }
    assert!(in_json >= 10, "findings in the ninjs item: {in_json}");
    let decode = |path: &str, raw: &str| -> String {
        if path.ends_with(".json") {
            serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
        } else {
            raw.to_string()
        }
    };
    // The item's date is read: "Wednesday" resolves, as with the date line of the text file,
    // and the headline is linted too but adds nothing.
    assert_eq!(findings(&got, &decode), findings(&plain, &decode));
}

#[test]
fn ninjs_2_with_html_bodies_and_a_forced_format() {
    let (body, date) = nbc_body();
    let html: String = body
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('’', "&rsquo;")))
        .collect();
    let item = json!({
        "uri": "urn:example:nbc-baghdad",
        "firstcreated": format!("{date}T17:40:00Z"),
        "headlines": [{"value": "Trump administration to temporarily withdraw staff from Baghdad embassy"}],
        "bodies": [{"contenttype": "text/html", "value": html}],
    });
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("item.ninjs");
    std::fs::write(&file, ascii_json(&item)).expect("write");
    let (got, stderr, code) = factlint(
        &[
            "check",
            file.to_str().expect("UTF-8"),
            "--input",
            "ninjs",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code, 1, "{stderr}");
    let rules: Vec<&str> = got["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    for rule in [
        "hygiene/article-agreement",
        "hygiene/publishing-residue",
        "hygiene/unbalanced-quote",
    ] {
        assert!(rules.contains(&rule), "{rule} in {rules:?}");
    }
    assert!(
        !rules.contains(&"dates/unresolved-relative-date"),
        "the item is dated: {rules:?}"
    );

    // The same file without `--input ninjs` is still recognised by its content; a text file
    // with `--input ninjs` is refused at its first byte.
    let (_, _, code) = factlint(&["check", file.to_str().expect("UTF-8")], None);
    assert_eq!(code, 1);
    let (_, stderr, code) = factlint(
        &[
            "check",
            &format!("{ROOT}/examples/baghdad/the-hill.txt"),
            "--input",
            "ninjs",
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("not a ninjs item") && stderr.contains("the-hill.txt:1:1"),
        "{stderr}"
    );
}

#[test]
fn json_lines_on_stdin_give_the_findings_of_the_folder() {
    let lines = [
        json!({"id": "nbc-news", "story": "baghdad", "text": seed("nbc-news.txt")}),
        json!({"id": "the-hill", "story": "baghdad", "source": "the-hill", "text": seed("the-hill.txt")}),
    ];
    let mut stdin: String = lines.iter().map(|l| format!("{l}\n")).collect();
    // A broken line between stories is reported with its line number; the rest is read.
    stdin.push_str("{\"id\": \"broken\", \"text\": \n");
    stdin.push_str(&format!(
        "{}\n",
        json!({"id": "other", "story": "another", "published": "2020-12-04", "text": "Foreign Minister Fuad Hussein said the the talks would resume on Friday."})
    ));
    let (got, stderr, code) = factlint(&["check", "--input", "jsonl", "-", "--format", "json"], Some(&stdin));
    assert_eq!(code, 2, "a broken line is a problem: {stderr}");
    assert!(
        stderr.contains("line 3 is not an article") && stderr.contains("<stdin>:3:1"),
        "{stderr}"
    );
    assert_eq!(got["problems"].as_array().map(Vec::len), Some(1), "{got}");

    let (plain, _, _) = factlint(
        &["check", &format!("{ROOT}/examples/baghdad"), "--format", "json"],
        None,
    );
    let same = |_: &str, t: &str| t.to_string();
    let mut expected = findings(&plain, &same);
    expected.push((
        "hygiene/doubled-word".into(),
        "other".into(),
        "the the".into(),
        plain_message_for_doubled(&got),
    ));
    expected.sort();
    assert_eq!(findings(&got, &same), expected);

    // JSON Lines out: every diagnostic names the line's id as its path.
    let out = Command::cargo_bin("factlint")
        .expect("binary")
        .args(["check", "--input", "jsonl", "-", "--format", "jsonl"])
        .write_stdin(lines.iter().map(|l| format!("{l}\n")).collect::<String>())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.is_empty());
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).expect("a JSON line");
        let path = v["primary"]["path"].as_str().expect("a path");
        assert!(path == "nbc-news" || path == "the-hill", "{path}");
    }
}

/// The doubled-word message, taken from the run itself: the test checks where and what,
/// not the rule's wording.
fn plain_message_for_doubled(got: &Value) -> String {
    got["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["rule"] == "hygiene/doubled-word")
        .and_then(|d| d["message"].as_str())
        .unwrap_or("no doubled-word finding")
        .to_string()
}

#[test]
fn stdin_filename_names_the_article_and_chooses_markdown() {
    let md = "---\ndate: 2020-12-03\n---\nThe embassy said the the staff would stay.\n\n```\nthe the\n```\n";
    let (got, stderr, code) = factlint(
        &[
            "check",
            "-",
            "--stdin-filename",
            "drafts/embassy.md",
            "--format",
            "json",
        ],
        Some(md),
    );
    // A warning does not fail the run.
    assert_eq!(code, 0, "{stderr}");
    let ds = got["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0]["primary"]["path"], "drafts/embassy.md");
    assert_eq!(ds[0]["primary"]["text"], "the the");
}

#[test]
fn json_lines_refuse_a_repeated_id_and_a_date_with_trailing_words() {
    let stdin = [
        json!({"id": "a", "story": "s1", "text": "Officials said the the embassy would stay open."}),
        json!({"id": "a", "story": "s2", "text": "The minister said the the talks would resume."}),
        json!({"id": "b", "published": "2020-12-03garbage", "text": "The talks resumed on Friday."}),
        json!({"id": "c", "published": "2020-12-03T18:02:00Z", "text": "The talks resumed on Friday."}),
    ]
    .iter()
    .map(|l| format!("{l}\n"))
    .collect::<String>();
    let (got, stderr, code) = factlint(&["check", "--input", "jsonl", "-", "--format", "json"], Some(&stdin));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("line 2 repeats the id \"a\" of line 1"), "{stderr}");
    assert!(stderr.contains("`published` is `2020-12-03garbage`"), "{stderr}");
    let paths: Vec<&str> = got["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["primary"]["path"].as_str())
        .collect();
    assert!(paths.contains(&"a") && !paths.contains(&"b"), "{paths:?}");
    assert_eq!(got["problems"].as_array().map(Vec::len), Some(2), "{got}");
}

/// A cut-short `\u` escape followed by a multi-byte character: the JSON parser stops inside
/// the character, and the error is placed on it, not inside it.
#[test]
fn a_broken_escape_before_an_accent_is_located_without_a_panic() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("item.json");
    std::fs::write(&file, "{\"body_text\": \"\\u12é\"}").expect("write");
    let (_, stderr, code) = factlint(&["check", file.to_str().expect("UTF-8")], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("not a ninjs item") && stderr.contains("item.json:1:20"),
        "{stderr}"
    );
}

//! Markdown articles are linted as the prose a reader sees: the seed story written as
//! Markdown, with code, links, raw HTML and URLs around the real text, gives the findings of
//! the plain-text story and nothing in the markup — at the right bytes of the Markdown file.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The Hill's report as a newsroom might keep it in Markdown: front matter, a heading, a
/// link to the report it cites, an editor's note in a code block (with a doubled word, an
/// article mistake and a suppression comment that must stay an example), inline code and a
/// bare URL that both contain the glued name the body really has.
fn the_hill_markdown() -> String {
    let body = std::fs::read_to_string(format!("{ROOT}/examples/baghdad/the-hill.txt")).expect("seed article");
    let (first, rest) = body.split_once('\n').expect("the seed has more than one line");
    format!(
        "---\nsource: the-hill\n---\n# {first}\n\nFirst reported by [the Washington Post](https://www.washingtonpost.com/PompeoMichael-report).\n\n```text\n<!-- factlint-disable hygiene/glued-words -->\nEditor: check the the wording of a American official.\n```\n\n{rest}\nThe tag `PompeoMichael` came from the CMS: see https://cms.example.org/PompeoMichael/embed.\n"
    )
}

fn check(dir: &Path) -> Vec<Value> {
    let out = Command::cargo_bin("factlint")
        .expect("the binary is built")
        .env_remove("RUST_BACKTRACE")
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .expect("factlint runs");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    json["diagnostics"].as_array().expect("a list of diagnostics").clone()
}

fn in_file<'a>(found: &'a [Value], file: &str) -> Vec<&'a Value> {
    found
        .iter()
        .filter(|d| d["primary"]["path"].as_str().is_some_and(|p| p.ends_with(file)))
        .collect()
}

#[test]
fn markdown_lints_prose_only_at_the_files_bytes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let md = the_hill_markdown();
    std::fs::write(dir.path().join("the-hill.md"), &md).expect("write");
    std::fs::copy(
        format!("{ROOT}/examples/baghdad/nbc-news.txt"),
        dir.path().join("nbc-news.txt"),
    )
    .expect("copy");
    let found = check(dir.path());
    let markdown = in_file(&found, "the-hill.md");

    // Every label's text is the file's own bytes at its span.
    for d in &markdown {
        let p = &d["primary"];
        let (start, end) = (
            p["start"].as_u64().unwrap_or(0) as usize,
            p["end"].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(md.get(start..end), p["text"].as_str(), "{d}");
    }
    // The glued name is reported where the article has it, once, and not in the URL, the
    // link destination or the inline code; the code block's suppression comment is an
    // example and silences nothing.
    let glued: Vec<&str> = markdown
        .iter()
        .filter(|d| d["rule"] == "hygiene/glued-words")
        .filter_map(|d| d["primary"]["text"].as_str())
        .collect();
    assert_eq!(glued, ["PompeoMichael", "PompeoUS"]);
    let tag = md.find("`PompeoMichael`").expect("inline code");
    assert!(
        markdown
            .iter()
            .all(|d| d["primary"]["start"].as_u64().is_some_and(|s| (s as usize) < tag)),
        "nothing is reported in the closing line of code and URL"
    );
    // Nothing from the code block.
    for rule in ["hygiene/doubled-word", "hygiene/article-agreement"] {
        assert!(
            markdown.iter().all(|d| d["rule"] != rule),
            "{rule} in code: {markdown:?}"
        );
    }

    // The same story in plain text gives the same findings.
    let plain = tempfile::tempdir().expect("a temporary folder");
    for f in ["the-hill.txt", "nbc-news.txt"] {
        std::fs::copy(format!("{ROOT}/examples/baghdad/{f}"), plain.path().join(f)).expect("copy");
    }
    let expected = check(plain.path());
    let rules = |ds: Vec<&Value>| {
        let mut r: Vec<(String, String)> = ds
            .iter()
            .map(|d| (d["rule"].to_string(), d["primary"]["text"].to_string()))
            .collect();
        r.sort();
        r
    };
    assert_eq!(rules(markdown), rules(in_file(&expected, "the-hill.txt")));
}

#[test]
fn a_suppression_outside_code_still_works() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let md = the_hill_markdown().replace("# ", "<!-- factlint-disable hygiene/glued-words -->\n# ");
    std::fs::write(dir.path().join("the-hill.md"), md).expect("write");
    let found = check(dir.path());
    assert!(
        found.iter().all(|d| d["rule"] != "hygiene/glued-words"),
        "the comment outside code silences the rule: {found:?}"
    );
    assert!(found.iter().any(|d| d["rule"] == "hygiene/publishing-residue"));
}

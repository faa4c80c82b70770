//! Draft mode end to end: the worked example in `examples/draft/` — a draft and two wire
//! reports of one ferry disaster — checked with `--against`, as an editor would run it.

use assert_cmd::Command;
use serde_json::Value;

fn factlint() -> Command {
    let mut cmd = Command::cargo_bin("factlint").expect("the binary is built");
    // Backtraces and colour would make the output depend on the machine.
    cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const DRAFT: [&str; 4] = ["check", "examples/draft/draft.md", "--against", "examples/draft/wires"];

/// Every planted error of the draft is found at its exact words, and nothing else is: the
/// paraphrases of the draft (figures written in words, "$1.2 billion" for "1.2bn dollars",
/// "Monday evening", a surname for a full name, curly quotes for straight) stay quiet.
#[test]
fn the_draft_gives_every_planted_finding_and_nothing_else() {
    let out = factlint().args(DRAFT).args(["--format", "json"]).assert().code(1);
    let doc: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON output");
    let mut found: Vec<(String, String)> = doc["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["primary"]["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    let mut expected: Vec<(String, String)> = [
        ("draft/conflicting-number", "Twenty-three people"),
        ("draft/unsupported-date", "March 10"),
        ("draft/unsupported-number", "80 passengers"),
        ("draft/unsupported-name", "Interior Minister Paul Kagabo"),
        ("draft/misquote", "will stop"),
        ("draft/wrong-speaker", "Transport Minister Alain Mugisha"),
        ("draft/misspelled-name", "Governor Marie-Claire Ndayishenga"),
        ("draft/conflicting-date", "Monday"),
    ]
    .iter()
    .map(|(r, t)| (r.to_string(), t.to_string()))
    .collect();
    expected.sort();
    assert_eq!(found, expected);
    // Every finding is in the draft; the references are only evidence.
    for d in doc["diagnostics"].as_array().expect("a list") {
        assert_eq!(d["primary"]["path"], "examples/draft/draft.md");
    }
}

/// What an editor reads: each finding with the evidence from the wires as secondary labels.
#[test]
fn the_draft_check_as_an_editor_reads_it() {
    let out = factlint().args(DRAFT).assert().code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8 output");
    insta::assert_snapshot!("draft_story_human", text);
}

/// The references alone, or the draft alone, are not checked against anything.
#[test]
fn without_references_the_draft_pack_says_nothing() {
    let out = factlint()
        .args([
            "check",
            "examples/draft/draft.md",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .assert()
        .code(0);
    let doc: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON output");
    let draft_findings = doc["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["rule"].as_str().is_some_and(|r| r.starts_with("draft/")))
        .count();
    assert_eq!(draft_findings, 0);
}

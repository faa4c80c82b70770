//! `--select` and `--ignore` on the command line, and `pipeline::Selection` in the library:
//! which rules run, how they combine with factlint.toml, and unknown names.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use factlint::pipeline::{self, Input, Options, Selection};

fn factlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("factlint").expect("the binary is built");
    cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    cmd.current_dir(dir);
    cmd
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stderr(a: &Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).expect("UTF-8 output")
}

/// The rules of the findings of `factlint check ARGS --format json` run in `dir`.
fn rules_found(dir: &Path, args: &[&str]) -> BTreeSet<String> {
    let a = factlint(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .assert();
    let code = a.get_output().status.code();
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}: {}", stderr(&a));
    let doc: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).expect("JSON");
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn select_runs_only_the_packs_and_rules_named() {
    let found = rules_found(
        root(),
        &["examples/baghdad", "--select", "hygiene,dates/unresolved-relative-date"],
    );
    assert_eq!(
        found,
        set(&[
            "dates/unresolved-relative-date",
            "hygiene/article-agreement",
            "hygiene/broken-attribution",
            "hygiene/glued-words",
            "hygiene/publishing-residue",
            "hygiene/unbalanced-quote",
        ])
    );
    // Repeated flags and comma-separated lists are the same selection.
    let repeated = rules_found(
        root(),
        &[
            "examples/baghdad",
            "--select",
            "hygiene",
            "--select",
            " dates/unresolved-relative-date",
        ],
    );
    assert_eq!(found, repeated);
}

#[test]
fn ignore_turns_rules_off_whatever_selects_them() {
    let all = rules_found(root(), &["examples/baghdad"]);
    assert!(all.contains("consistency/quote-drift") && all.contains("hygiene/glued-words"));
    let found = rules_found(
        root(),
        &[
            "examples/baghdad",
            "--ignore",
            "consistency",
            "--ignore",
            "hygiene/glued-words,attribution",
        ],
    );
    let expected: BTreeSet<String> = all
        .into_iter()
        .filter(|r| !r.starts_with("consistency/") && !r.starts_with("attribution/") && r != "hygiene/glued-words")
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(found, expected);
    // `--ignore` wins over `--select`.
    let found = rules_found(
        root(),
        &[
            "examples/baghdad",
            "--select",
            "hygiene",
            "--ignore",
            "hygiene/publishing-residue",
        ],
    );
    assert!(found.contains("hygiene/glued-words") && !found.contains("hygiene/publishing-residue"));
}

/// A story with a factlint.toml that selects `dates`, ignores the residue rule and ignores
/// `hygiene` in its `wires/` folder.
fn story_with_config() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path();
    std::fs::write(
        story.join("factlint.toml"),
        "select = [\"dates\"]\nignore = [\"hygiene/publishing-residue\"]\n[[per-path]]\npaths = [\"wires\"]\nignore = [\"hygiene\"]\n",
    )
    .unwrap();
    std::fs::create_dir(story.join("wires")).unwrap();
    let copy = |from: &str, to: &str| {
        std::fs::write(story.join(to), std::fs::read(root().join(from)).unwrap()).unwrap();
    };
    copy("examples/baghdad/nbc-news.txt", "nbc-news.txt");
    copy("examples/baghdad/the-hill.txt", "wires/the-hill.txt");
    dir
}

#[test]
fn the_command_line_wins_over_factlint_toml() {
    let dir = story_with_config();
    let d = dir.path();
    // The configuration alone: its `select` (dates) minus its `ignore`.
    let found = rules_found(d, &["."]);
    assert_eq!(found, set(&["dates/unresolved-relative-date"]));
    // --select stands for the file's `select` and `ignore`: the residue rule it ignores runs.
    // Its [[per-path]] still keeps hygiene out of wires/.
    let a = factlint(d)
        .args(["check", ".", "--select", "hygiene", "--format", "concise"])
        .assert()
        .code(1);
    let out = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    assert!(
        out.contains("nbc-news.txt:23:1: error[hygiene/publishing-residue]"),
        "{out}"
    );
    assert!(
        out.contains("nbc-news.txt:15:88: warning[hygiene/article-agreement]"),
        "{out}"
    );
    assert!(!out.contains("wires/the-hill.txt"), "{out}");
    assert!(!out.contains("[dates/"), "{out}");
    // --ignore alone adds to the file's choice: with dates ignored, nothing is left.
    assert_eq!(rules_found(d, &[".", "--ignore", "dates"]), set(&[]));
    // --select a rule the file ignores, outside its per-path globs: it runs.
    assert_eq!(
        rules_found(d, &[".", "--select", "hygiene/publishing-residue"]),
        set(&["hygiene/publishing-residue"])
    );
}

#[test]
fn an_unknown_rule_or_pack_is_an_error_with_the_name_meant() {
    let a = factlint(root())
        .args([
            "check",
            "examples/baghdad",
            "--select",
            "hygine,dates/weekday",
            "--ignore",
            "glued-words",
        ])
        .assert()
        .code(2);
    assert!(a.get_output().stdout.is_empty());
    let err = stderr(&a);
    for expected in [
        "error: no rule pack is named `hygine`",
        "= in --select",
        "= did you mean `hygiene`?",
        "error: no rule has the id `dates/weekday`",
        "= did you mean `dates/weekday-mismatch`?",
        "error: no rule pack is named `glued-words`",
        "= in --ignore",
        "= did you mean `hygiene/glued-words`?",
        "factlint: 3 problems kept factlint from checking everything",
    ] {
        assert!(err.contains(expected), "`{expected}` in:\n{err}");
    }
}

#[test]
fn the_packs_of_house_rules_can_be_selected() {
    let found = rules_found(
        root(),
        &["examples/draft", "--rules", "examples/house-rules", "--select", "house"],
    );
    assert!(found.iter().all(|r| r.starts_with("house/")), "{found:?}");
    let a = factlint(root())
        .args(["check", "examples/draft", "--select", "house"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("no rule pack is named `house`"), "{}", stderr(&a));
}

#[test]
fn the_library_pipeline_takes_a_selection() {
    let inputs = [Input::Path(root().join("examples/baghdad"))];
    let options = Options {
        selection: Selection {
            select: Some(vec!["hygiene".into()]),
            ignore: vec!["hygiene/glued-words".into()],
        },
        ..Options::default()
    };
    let outcome = pipeline::check(&inputs, &options);
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let rules: BTreeSet<&str> = outcome.diagnostics.iter().map(|d| d.rule.as_str()).collect();
    assert!(rules.contains("hygiene/publishing-residue"), "{rules:?}");
    assert!(
        rules
            .iter()
            .all(|r| r.starts_with("hygiene/") && *r != "hygiene/glued-words"),
        "{rules:?}"
    );
    // An unknown name stops the check, as a mistake in factlint.toml does.
    let options = Options {
        selection: Selection {
            select: None,
            ignore: vec!["hygeine".into()],
        },
        ..Options::default()
    };
    let outcome = pipeline::check(&inputs, &options);
    assert!(outcome.diagnostics.is_empty());
    assert_eq!(outcome.problems.len(), 1);
    assert_eq!(outcome.problems[0].path, "--ignore");
    assert_eq!(outcome.problems[0].notes[0], "did you mean `hygiene`?");
}

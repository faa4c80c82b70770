//! factlint as a map step: JSON Lines split by story, one run per story, gives the findings
//! of one run over every line (the contract of `docs/pipelines.md`, which the Spark and
//! GNU parallel examples rely on). The input is the one of `examples/spark/`: the articles
//! listed in `examples/spark/articles.tsv`, each line `{"id", "story", "role", "text"}`.

use std::collections::{BTreeMap, BTreeSet};

use assert_cmd::Command;
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One line of the example input, with its story.
struct Line {
    story: String,
    json: String,
}

/// The example input, as `examples/spark/make_input.py` writes it (up to JSON spacing).
fn example_input() -> Vec<Line> {
    let manifest = std::fs::read_to_string(format!("{ROOT}/examples/spark/articles.tsv")).expect("the manifest");
    manifest
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            let [story, role, path] = fields[..] else {
                panic!("articles.tsv: expected story, role and path: {l:?}");
            };
            let text = std::fs::read_to_string(format!("{ROOT}/{path}")).expect("an example article");
            let json = json!({"id": path, "story": story, "role": role, "text": text}).to_string();
            Line {
                story: story.to_string(),
                json,
            }
        })
        .collect()
}

/// Runs `factlint check --input jsonl - --format jsonl` over `lines`: its output and exit
/// status.
fn run<'a>(lines: impl IntoIterator<Item = &'a str>) -> (String, i32) {
    let stdin: String = lines.into_iter().map(|l| format!("{l}\n")).collect();
    let out = Command::cargo_bin("factlint")
        .expect("the binary is built")
        .env_remove("RUST_BACKTRACE")
        .args(["check", "--input", "jsonl", "-", "--format", "jsonl"])
        .write_stdin(stdin)
        .output()
        .expect("factlint runs");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    (
        String::from_utf8(out.stdout).expect("UTF-8 output"),
        out.status.code().unwrap_or(-1),
    )
}

/// Runs twice and checks that both runs print the same bytes.
fn run_twice(lines: &[&str]) -> (String, i32) {
    let first = run(lines.iter().copied());
    let second = run(lines.iter().copied());
    assert_eq!(first, second, "two runs over the same lines differ");
    first
}

/// The rule and article of each diagnostic line.
fn findings(output: &str) -> Vec<(String, String)> {
    output
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            assert!(v.get("type").is_none(), "no problem expected: {l}");
            (
                v["rule"].as_str().expect("a rule").to_string(),
                v["primary"]["path"].as_str().expect("a path").to_string(),
            )
        })
        .collect()
}

/// The input lines of each story, stories by name.
fn by_story(lines: &[Line]) -> BTreeMap<&str, Vec<&str>> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for l in lines {
        out.entry(l.story.as_str()).or_default().push(l.json.as_str());
    }
    out
}

#[test]
fn one_run_per_story_gives_the_findings_of_one_run_over_everything() {
    let input = example_input();
    let all: Vec<&str> = input.iter().map(|l| l.json.as_str()).collect();
    let (whole, status) = run_twice(&all);
    // Both stories have errors: a draft's figure against its wires, publishing residue.
    assert_eq!(status, 1, "{whole}");

    let stories = by_story(&input);
    assert_eq!(stories.keys().copied().collect::<Vec<_>>(), ["baghdad", "ferry"]);
    let mut union = BTreeSet::new();
    for (story, lines) in &stories {
        let (output, status) = run_twice(lines);
        assert_eq!(status, 1, "{story}: {output}");
        // The story's lines of the whole run, in the whole run's order, are the story's run.
        let ids: BTreeSet<String> = lines
            .iter()
            .map(|l| serde_json::from_str::<Value>(l).expect("JSON")["id"].to_string())
            .collect();
        let of_story: Vec<&str> = whole
            .lines()
            .filter(|l| {
                let v: Value = serde_json::from_str(l).expect("a JSON line");
                ids.contains(&v["primary"]["path"].to_string())
            })
            .collect();
        assert_eq!(output.lines().collect::<Vec<_>>(), of_story, "story {story}");
        union.extend(output.lines().map(str::to_string));
    }
    let whole_set: BTreeSet<String> = whole.lines().map(str::to_string).collect();
    assert_eq!(whole_set.len(), whole.lines().count(), "a diagnostic printed twice");
    assert_eq!(union, whole_set);

    // The cross-source findings are among them: each story was whole in its run.
    let found = findings(&whole);
    for (rule, path) in [
        ("consistency/quote-drift", "examples/baghdad/nbc-news.txt"),
        ("consistency/magnitude-conflict", "examples/baghdad/the-hill.txt"),
        ("draft/conflicting-number", "examples/draft/draft.md"),
        ("draft/misquote", "examples/draft/draft.md"),
    ] {
        assert!(
            found.contains(&(rule.to_string(), path.to_string())),
            "{rule} at {path} missing: {found:?}"
        );
    }
    // References are compared against, never reported on.
    assert!(found.iter().all(|(_, path)| !path.contains("wires/")), "{found:?}");
}

#[test]
fn the_input_gives_the_findings_of_the_folders() {
    // The text of each line is the file as it is and its id the file's path, so the run
    // over the JSON Lines prints what the folders print, byte for byte.
    let input = example_input();
    let (whole, _) = run(input.iter().map(|l| l.json.as_str()));
    let mut folders = String::new();
    for args in [
        vec!["check", "examples/baghdad", "--format", "jsonl"],
        vec![
            "check",
            "examples/draft/draft.md",
            "--against",
            "examples/draft/wires",
            "--format",
            "jsonl",
        ],
    ] {
        let out = Command::cargo_bin("factlint")
            .expect("the binary is built")
            .current_dir(ROOT)
            .args(args)
            .output()
            .expect("factlint runs");
        folders.push_str(&String::from_utf8(out.stdout).expect("UTF-8 output"));
    }
    assert_eq!(whole, folders);
}

#[test]
fn a_story_split_across_runs_loses_its_cross_source_findings() {
    // Why a map step partitions by story: the two reports of Baghdad, each in a run of its
    // own, are never compared.
    let input = example_input();
    let baghdad: Vec<&str> = input
        .iter()
        .filter(|l| l.story == "baghdad")
        .map(|l| l.json.as_str())
        .collect();
    assert_eq!(baghdad.len(), 2);
    let (together, _) = run(baghdad.iter().copied());
    let mut apart = run([baghdad[0]]).0;
    apart.push_str(&run([baghdad[1]]).0);
    let cross = |output: &str| {
        findings(output)
            .into_iter()
            .filter(|(rule, _)| rule.starts_with("consistency/"))
            .count()
    };
    assert!(cross(&together) >= 4, "{together}");
    assert_eq!(cross(&apart), 0, "{apart}");
}

#[test]
fn references_without_a_story_go_to_every_story() {
    // A reference that names no story joins every story of the run: a map step gives it
    // to every partition. The wires of the ferry, without their story, beside the draft of
    // the ferry and a second desk's update in a story of its own.
    let input = example_input();
    let mut lines: Vec<(Option<&str>, String)> = Vec::new();
    for l in input.iter().filter(|l| l.story == "ferry") {
        let mut v: Value = serde_json::from_str(&l.json).expect("JSON");
        if v["role"] == "reference" {
            v.as_object_mut().expect("an object").remove("story");
            lines.push((None, v.to_string()));
        } else {
            lines.push((Some("ferry"), l.json.clone()));
        }
    }
    let update = json!({
        "id": "desk/ferry-update.txt",
        "story": "ferry-update",
        "published": "2024-03-13",
        "text": "Twenty-three people were killed when the MV Umuco capsized on Lake Kivu on Monday, \
                 the regional government said on Wednesday.\n"
    });
    lines.push((Some("ferry-update"), update.to_string()));

    let all: Vec<&str> = lines.iter().map(|(_, l)| l.as_str()).collect();
    let (whole, _) = run_twice(&all);
    let mut union = BTreeSet::new();
    for story in ["ferry", "ferry-update"] {
        // The story's lines and every reference without a story, in input order.
        let part: Vec<&str> = lines
            .iter()
            .filter(|(s, _)| s.is_none_or(|s| s == story))
            .map(|(_, l)| l.as_str())
            .collect();
        union.extend(run_twice(&part).0.lines().map(str::to_string));
    }
    assert_eq!(union, whole.lines().map(str::to_string).collect::<BTreeSet<_>>());
    let found = findings(&whole);
    // The wires reached both drafts of the disaster.
    for path in ["examples/draft/draft.md", "desk/ferry-update.txt"] {
        assert!(
            found.contains(&("draft/conflicting-number".to_string(), path.to_string())),
            "{path}: {found:?}"
        );
    }
    // Without them, the update has no reference to be checked against.
    let (alone, _) = run([update.to_string().as_str()]);
    assert!(
        findings(&alone).iter().all(|(rule, _)| !rule.starts_with("draft/")),
        "{alone}"
    );
}

//! The library pipeline in-process: the same diagnostics as the command, editor buffers
//! that stand in for files on disk, suppression comments and `factlint.toml` applied to
//! buffers, and the problems that stop a check kept apart from unreadable inputs.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use factlint::pipeline::{self, Input, Options, Outcome};
use factlint::render;
use serde_json::Value;

fn factlint() -> Command {
    let mut cmd = Command::cargo_bin("factlint").expect("the binary is built");
    // Backtraces and colour would make the output depend on the machine.
    cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    cmd.current_dir(root());
    cmd
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A finding as both sides can state it: rule, severity, path, byte range of the primary
/// label, message, and the path and byte range of each secondary label.
type Finding = (String, String, String, u64, u64, String, Vec<(String, u64, u64)>);

/// The findings of `factlint ARGS --format json`, and its whole JSON document.
fn cli_findings(args: &[&str], code: i32) -> (Vec<Finding>, Value) {
    let out = factlint().args(args).args(["--format", "json"]).assert().code(code);
    let doc: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON output");
    let label = |l: &Value| {
        (
            l["path"].as_str().expect("path").to_string(),
            l["start"].as_u64().expect("start"),
            l["end"].as_u64().expect("end"),
        )
    };
    let findings = doc["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            let (path, start, end) = label(&d["primary"]);
            (
                d["rule"].as_str().expect("rule").to_string(),
                d["severity"].as_str().expect("severity").to_string(),
                path,
                start,
                end,
                d["message"].as_str().expect("message").to_string(),
                d["secondary"].as_array().expect("a list").iter().map(label).collect(),
            )
        })
        .collect();
    (findings, doc)
}

/// The findings of an in-process check, read from the diagnostic values themselves.
fn findings(outcome: &Outcome) -> Vec<Finding> {
    let db = &outcome.db;
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.rule.clone(),
                d.severity.to_string(),
                db.get(d.primary.file).name().to_string(),
                d.primary.span.start as u64,
                d.primary.span.end as u64,
                d.message.clone(),
                d.secondary
                    .iter()
                    .map(|l| {
                        (
                            db.get(l.file).name().to_string(),
                            l.span.start as u64,
                            l.span.end as u64,
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

/// The rule and the words of each finding on `file`.
fn flagged(outcome: &Outcome, file: &str) -> Vec<(String, String)> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| outcome.db.get(d.primary.file).name() == file)
        .map(|d| {
            let text = outcome.db.get(d.primary.file).text();
            (d.rule.clone(), d.primary.span.text(text).to_string())
        })
        .collect()
}

/// A path relative to the root of the repository, where `cargo test` runs the tests and the
/// command, so that both name the files alike.
fn path(p: &str) -> Input {
    Input::Path(PathBuf::from(p))
}

fn buffer(name: &Path, text: &str) -> Input {
    Input::Buffer {
        name: name.display().to_string(),
        text: text.to_string(),
    }
}

#[test]
fn the_seed_story_in_process_gives_exactly_what_the_command_gives() {
    let outcome = pipeline::check(&[path("examples/baghdad")], &Options::default());
    assert!(outcome.problems.is_empty() && outcome.unreadable.is_empty());
    let (cli, doc) = cli_findings(&["check", "examples/baghdad"], 1);
    assert!(cli.len() >= 10, "the seed story has its showcase findings: {cli:?}");
    assert_eq!(findings(&outcome), cli);
    assert_eq!(outcome.summary.files, 2);
    // The whole document too: the summary and every label's line and column.
    let rendered: Value = serde_json::from_str(&render::json(
        &outcome.db,
        &outcome.diagnostics,
        &outcome.summary,
        &outcome.unreadable,
        &outcome.notices,
    ))
    .expect("JSON");
    assert_eq!(rendered, doc);
    assert!(outcome.fails(None), "the seed story has errors");
}

#[test]
fn the_draft_against_its_wires_in_process_gives_exactly_what_the_command_gives() {
    let options = Options {
        against: vec![path("examples/draft/wires")],
        ..Options::default()
    };
    let outcome = pipeline::check(&[path("examples/draft/draft.md")], &options);
    assert!(outcome.problems.is_empty() && outcome.unreadable.is_empty());
    let (cli, _) = cli_findings(
        &["check", "examples/draft/draft.md", "--against", "examples/draft/wires"],
        1,
    );
    assert!(
        cli.iter().any(|f| f.0 == "draft/conflicting-number"),
        "the draft's planted findings: {cli:?}"
    );
    assert_eq!(findings(&outcome), cli);
    // One story: the draft with the two wires as references; one draft counted.
    assert_eq!(outcome.stories.len(), 1);
    assert_eq!(outcome.stories[0].articles.len(), 3);
    assert_eq!(outcome.summary.files, 1);
}

#[test]
fn facts_reads_the_inputs_as_check_does_and_matches_the_command() {
    let options = Options {
        against: vec![path("examples/draft/wires")],
        ..Options::default()
    };
    let inputs = [path("examples/draft/draft.md")];
    let checked = pipeline::check(&inputs, &options);
    let found = pipeline::facts(&inputs, &options);
    let names = |stories: &[factlint::engine::Story], db: &factlint::source::SourceDb| -> Vec<Vec<String>> {
        stories
            .iter()
            .map(|s| s.articles.iter().map(|a| db.get(a.file).name().to_string()).collect())
            .collect()
    };
    assert_eq!(names(&found.stories, &found.db), names(&checked.stories, &checked.db));
    assert_eq!(found.facts.len(), 3, "one list of facts per article");

    // `factlint facts` prints exactly these facts.
    let found = pipeline::facts(&[path("examples/baghdad")], &Options::default());
    let docs: Vec<render::FactsDocument<'_>> = found
        .stories
        .iter()
        .flat_map(|s| &s.articles)
        .zip(found.facts.clone())
        .map(|(article, facts)| render::FactsDocument { article, facts })
        .collect();
    let out = factlint()
        .args(["facts", "examples/baghdad", "--format", "json"])
        .assert()
        .code(0);
    assert_eq!(
        String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8"),
        render::facts_json(&found.db, &docs, &found.entities)
    );
}

/// The facts of a long article are handed to the writer in pieces of about a megabyte, which
/// together are the article's text: the seed story's facts, repeated as one article's.
#[test]
fn a_long_article_s_facts_are_written_in_pieces() {
    let found = pipeline::facts(&[path("examples/baghdad")], &Options::default());
    let article = &found.stories[0].articles[0];
    let facts: Vec<_> = found.facts.iter().flatten().cycle().take(12_000).cloned().collect();
    // The facts as serde_json prints them, four levels in, as the document holds them.
    let expected: Vec<String> = facts
        .iter()
        .map(|f| {
            serde_json::to_string_pretty(f)
                .expect("JSON")
                .replace('\n', "\n        ")
        })
        .collect();
    let doc = render::FactsDocument { article, facts };
    let mut writer = render::FactsJson::default();
    let mut pieces: Vec<String> = Vec::new();
    writer.write_document(&found.db, &doc, &mut |piece| pieces.push(piece.to_string()));
    assert!(pieces.len() > 3, "{} pieces", pieces.len());
    assert!(pieces.iter().all(|p| p.len() < 1_100_000), "pieces of about a megabyte");
    let whole = pieces.concat();
    assert!(whole.len() > 4_000_000, "{}", whole.len());
    let head = "{\n  \"documents\": [\n    {\n      \"facts\": [\n        ";
    assert!(whole.starts_with(head));
    assert!(whole[head.len()..].starts_with(&expected.join(",\n        ")));
    // Ended, it is the document of the article.
    let document: Value = serde_json::from_str(&(whole + &writer.finish(&[]))).expect("a JSON document");
    assert_eq!(document["documents"][0]["facts"].as_array().map(Vec::len), Some(12_000));
}

#[test]
fn an_edited_buffer_stands_in_for_its_file_on_disk() {
    let file = "examples/baghdad/the-hill.txt";
    let on_disk = std::fs::read_to_string(root().join(file)).expect("the seed article");
    let before = pipeline::check(&[path("examples/baghdad")], &Options::default());
    let before_flagged = flagged(&before, file);
    assert!(
        before_flagged.contains(&("hygiene/publishing-residue".into(), "ADVERTISEMENT".into())),
        "{before_flagged:?}"
    );

    // The editor removes the residue line and slips in a new mistake, without saving.
    let edited = on_disk.replace("ADVERTISEMENT\n", "").replacen(
        "The report comes",
        "The report, from a American network, comes",
        1,
    );
    assert_ne!(edited, on_disk, "the edit changes the text");
    let mut options = Options::default();
    // The overlay is keyed by the file, however its path is written.
    options.overlay.insert(root().join(file), edited.clone());
    let after = pipeline::check(&[path("examples/baghdad")], &options);
    let after_flagged = flagged(&after, file);
    assert!(
        !after_flagged.iter().any(|(_, text)| text == "ADVERTISEMENT"),
        "{after_flagged:?}"
    );
    assert!(
        after_flagged.contains(&("hygiene/article-agreement".into(), "a American".into())),
        "{after_flagged:?}"
    );
    // Spans point into the buffer's text, not the file's.
    let d = after
        .diagnostics
        .iter()
        .find(|d| d.rule == "hygiene/article-agreement" && after.db.get(d.primary.file).name() == file)
        .expect("the new finding");
    assert_eq!(after.db.get(d.primary.file).text(), edited);
    // The file on disk is untouched, and without the overlay the findings are as before.
    assert_eq!(
        std::fs::read_to_string(root().join(file)).expect("the seed article"),
        on_disk
    );
    options.overlay.remove(root().join(file));
    assert_eq!(
        findings(&pipeline::check(&[path("examples/baghdad")], &options)),
        findings(&before)
    );
}

/// A correspondent's copy, dated, with two slips: "a American" and "the the".
const COPY: &str = "---\ndate: 2024-05-15\n---\nRescue workers said a American engineer was among the 14 people pulled from the \
collapsed market building in Kano on Tuesday.\n\nThe state emergency agency said the the search \
would continue through the night.\n";

#[test]
fn a_suppression_comment_in_a_buffer_silences_its_finding() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = dir.path().join("kano.md");
    let plain = pipeline::check(&[buffer(&name, COPY)], &Options::default());
    let rules: Vec<&str> = plain.diagnostics.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, ["hygiene/article-agreement", "hygiene/doubled-word"]);

    let silenced = COPY.replacen(
        "Rescue",
        "<!-- factlint-disable-next-line hygiene/article-agreement -->\nRescue",
        1,
    );
    let outcome = pipeline::check(&[buffer(&name, &silenced)], &Options::default());
    let rules: Vec<&str> = outcome.diagnostics.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, ["hygiene/doubled-word"]);
    assert_eq!(outcome.summary.warnings, 1);

    // A comment that silences nothing is reported where it is written.
    let unused =
        format!("{COPY}\n<!-- factlint-disable-next-line hygiene/glued-words -->\nThe agency gave no figure.\n");
    let outcome = pipeline::check(&[buffer(&name, &unused)], &Options::default());
    let flagged = flagged(&outcome, &name.display().to_string());
    assert!(
        flagged
            .iter()
            .any(|(rule, text)| rule == "factlint/unused-suppression" && text.contains("glued-words")),
        "{flagged:?}"
    );
}

#[test]
fn a_buffer_follows_the_factlint_toml_above_its_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = dir.path().join("desk");
    std::fs::create_dir_all(desk.join("kano")).expect("mkdir");
    std::fs::write(
        desk.join("factlint.toml"),
        "ignore = [\"hygiene/article-agreement\"]\n[severity]\n\"hygiene/doubled-word\" = \"error\"\n",
    )
    .expect("writable temp dir");
    // The buffer's file is not on disk: it has not been saved yet.
    let name = desk.join("kano").join("draft.md");
    let outcome = pipeline::check(&[buffer(&name, COPY)], &Options::default());
    let found: Vec<(&str, String)> = outcome
        .diagnostics
        .iter()
        .map(|d| (d.rule.as_str(), d.severity.to_string()))
        .collect();
    assert_eq!(found, [("hygiene/doubled-word", "error".to_string())]);
    assert!(outcome.fails(None));

    // The same text elsewhere follows no configuration.
    let elsewhere = dir.path().join("draft.md");
    let outcome = pipeline::check(&[buffer(&elsewhere, COPY)], &Options::default());
    assert_eq!(outcome.diagnostics.len(), 2);
    assert!(!outcome.fails(None), "warnings only");

    // A factlint.toml open in the editor is read from its buffer, even before it is saved.
    let mut options = Options::default();
    options
        .overlay
        .insert(dir.path().join("factlint.toml"), "fail-on = \"warning\"\n");
    let outcome = pipeline::check(&[buffer(&elsewhere, COPY)], &options);
    assert_eq!(outcome.diagnostics.len(), 2);
    assert!(outcome.fails(None), "fail-on = warning in the unsaved configuration");
}

#[test]
fn broken_rules_stop_the_check_and_unreadable_inputs_do_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("kano.md");
    let missing = dir.path().join("missing.md");
    let inputs = [buffer(&good, COPY), Input::Path(missing.clone())];

    let outcome = pipeline::check(&inputs, &Options::default());
    assert!(outcome.problems.is_empty());
    assert_eq!(outcome.unreadable.len(), 1);
    assert_eq!(outcome.unreadable[0].path, missing.display().to_string());
    assert_eq!(outcome.diagnostics.len(), 2, "the readable buffer is still checked");

    // A rule file with a mistake, given only as a buffer in the overlay.
    let rule = dir.path().join("house").join("casualty-source.toml");
    let mut options = Options::default();
    options.overlay.insert(
        &rule,
        "id = 'casualty-source'\nseverity = 'warn'\nsummary = 'A casualty figure needs a source'\npatterns = ['killed']\nmessage = 'according to whom?'\n",
    );
    options.rule_paths.push(rule.clone());
    let outcome = pipeline::check(&inputs, &options);
    assert_eq!(outcome.problems.len(), 1, "{:?}", outcome.problems);
    assert!(
        outcome.problems[0].message.contains("unknown severity `warn`"),
        "{:?}",
        outcome.problems
    );
    assert!(outcome.diagnostics.is_empty(), "nothing is checked with a broken rule");
    assert_eq!(outcome.unreadable.len(), 1, "unreadable inputs are still named");
}

#[test]
fn standard_input_is_an_article_named_stdin() {
    let outcome = pipeline::check(&[Input::Stdin(Ok(COPY.as_bytes().to_vec()))], &Options::default());
    let flagged = flagged(&outcome, "<stdin>");
    assert_eq!(
        flagged,
        [
            ("hygiene/article-agreement".to_string(), "a American".to_string()),
            ("hygiene/doubled-word".to_string(), "the the".to_string())
        ]
    );
    assert_eq!(outcome.stories[0].articles[0].meta.source, "stdin");

    let outcome = pipeline::check(&[Input::Stdin(Err("interrupted".into()))], &Options::default());
    assert_eq!(outcome.unreadable[0].message, "cannot read standard input: interrupted");
}

#[test]
fn stories_checked_together_give_what_each_gives_alone_and_progress_counts_every_article() {
    // Two stories: the seed story and the draft with its wires, each a folder.
    let stories = [root().join("examples/baghdad"), root().join("examples/draft")];
    let alone: Vec<Finding> = stories
        .iter()
        .flat_map(|s| findings(&pipeline::check(&[Input::Path(s.clone())], &Options::default())))
        .collect();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = std::sync::Arc::clone(&seen);
    let options = Options {
        progress: pipeline::Progress::new(move |done, total| {
            record.lock().expect("not poisoned").push((done, total));
        }),
        ..Options::default()
    };
    let inputs: Vec<Input> = stories.iter().map(|s| Input::Path(s.clone())).collect();
    let together = pipeline::check(&inputs, &options);
    assert_eq!(findings(&together), alone, "the findings of each story, in story order");
    let articles: usize = together.stories.iter().map(|s| s.articles.len()).sum();
    let mut seen = seen.lock().expect("not poisoned").clone();
    seen.sort_unstable();
    assert_eq!(seen.len(), 2, "one report per story: {seen:?}");
    assert!(seen.iter().all(|&(_, total)| total == articles), "{seen:?}");
    assert_eq!(
        seen.last().map(|&(done, _)| done),
        Some(articles),
        "every article is counted"
    );
}

#[test]
fn facts_of_several_stories_are_handed_over_story_by_story_and_print_as_one_document() {
    // Two stories (two folders named on the command line), whose entity ids must not clash.
    let inputs = [path("examples/baghdad"), path("examples/draft")];
    let whole = pipeline::facts(&inputs, &Options::default());
    let mut stories = Vec::new();
    let mut facts = Vec::new();
    let mut entities = Vec::new();
    let run = pipeline::facts_each(&inputs, &Options::default(), &mut |story| {
        stories.push(story.story.key.clone());
        facts.extend(story.facts);
        entities.extend(story.entities);
    });
    assert!(run.problems.is_empty() && run.unreadable.is_empty());
    assert_eq!(stories.len(), 2, "one call per story");
    assert_eq!(facts, whole.facts, "the same facts, in story order");
    assert_eq!(entities, whole.entities);
    let ids: Vec<u64> = entities.iter().map(|e| e["id"].as_u64().expect("an id")).collect();
    assert_eq!(
        ids,
        (0..ids.len() as u64).collect::<Vec<_>>(),
        "ids numbered across stories"
    );

    // Written piece by piece, the JSON is the document serde_json prints for the whole.
    let docs: Vec<render::FactsDocument<'_>> = whole
        .stories
        .iter()
        .flat_map(|s| &s.articles)
        .zip(whole.facts.clone())
        .map(|(article, facts)| render::FactsDocument { article, facts })
        .collect();
    let documents: Vec<Value> = docs
        .iter()
        .map(|d| {
            serde_json::json!({
                "path": whole.db.get(d.article.file).name(),
                "published": d.article.meta.date.map(|date| date.to_string()),
                "facts": d.facts,
            })
        })
        .collect();
    let expected = serde_json::to_string_pretty(
        &serde_json::json!({"version": 1, "documents": documents, "entities": whole.entities}),
    )
    .expect("JSON")
        + "\n";
    assert_eq!(render::facts_json(&whole.db, &docs, &whole.entities), expected);
    assert_eq!(
        render::facts_json(&whole.db, &[], &[]),
        "{\n  \"documents\": [],\n  \"entities\": [],\n  \"version\": 1\n}\n",
        "no article"
    );
}

/// `references` in factlint.toml does what `--against` does: the folder of the worked draft
/// example, checked whole with `references = ["wires/"]`, gives exactly the findings of the
/// draft checked against its wires, and nothing on the wires.
#[test]
fn references_in_the_configuration_are_what_against_gives() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path().join("draft");
    std::fs::create_dir_all(dir.join("wires")).expect("folders");
    for file in ["draft.md", "wires/wire-a.txt", "wires/wire-b.txt"] {
        std::fs::copy(root().join("examples/draft").join(file), dir.join(file)).expect("a copy");
    }
    let against = Options {
        against: vec![Input::Path(dir.join("wires"))],
        ..Options::default()
    };
    let expected = findings(&pipeline::check(&[Input::Path(dir.join("draft.md"))], &against));
    assert!(expected.len() >= 8, "the planted findings: {expected:?}");

    std::fs::write(dir.join("factlint.toml"), "references = [\"wires/\"]\n").expect("a configuration");
    let outcome = pipeline::check(&[Input::Path(dir.clone())], &Options::default());
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    assert_eq!(findings(&outcome), expected);
    assert_eq!(
        outcome.summary,
        pipeline::check(&[Input::Path(dir.join("draft.md"))], &against).summary
    );

    // A missing reference folder is an input that cannot be read, named as written.
    std::fs::write(dir.join("factlint.toml"), "references = [\"agency/\"]\n").expect("a configuration");
    let outcome = pipeline::check(&[Input::Path(dir.join("draft.md"))], &Options::default());
    assert!(
        outcome.unreadable.iter().any(|p| p.path.ends_with("agency/")),
        "{:?}",
        outcome.unreadable
    );
}

/// A cache kept between checks changes nothing: the draft example checked again and again
/// with one `pipeline::Cache` — the compiled rules handed back, the references' extraction
/// kept — gives exactly the findings of a check without one, before and after an edit to
/// the draft in the overlay.
#[test]
fn a_check_with_a_cache_gives_what_a_check_without_one_gives() {
    let draft = root().join("examples/draft/draft.md");
    let inputs = [Input::Path(draft.clone())];
    let mut options = Options {
        against: vec![path("examples/draft/wires")],
        ..Options::default()
    };
    let plain = |options: &Options| {
        findings(&pipeline::check(
            &inputs,
            &Options {
                cache: None,
                ..options.clone()
            },
        ))
    };
    let cache = std::sync::Arc::new(pipeline::Cache::new());
    options.cache = Some(std::sync::Arc::clone(&cache));
    let expected = plain(&options);
    assert!(!expected.is_empty());
    for _ in 0..2 {
        let outcome = pipeline::check(&inputs, &options);
        assert_eq!(findings(&outcome), expected);
        cache.recycle(outcome);
    }
    let (rules, articles) = cache.len();
    assert!(
        rules > 20 && articles == 3,
        "kept {rules} rules and {articles} articles"
    );

    // The draft edited in the overlay: only its own extraction is new, and the findings are
    // those of a fresh check of the edited text.
    let text = std::fs::read_to_string(&draft).expect("the draft");
    options
        .overlay
        .insert(&draft, text.replace("Twenty-three", "Thirty-two"));
    let edited = plain(&options);
    assert_ne!(edited, expected);
    assert_eq!(findings(&pipeline::check(&inputs, &options)), edited);
    assert_eq!(cache.len().1, 4, "the old and the new text of the draft");
}

/// Two quotations of one statement that differ in the order of two words, where two
/// alignments of their words are as long: taken one way, the end of the first would be left
/// out as quoting more of the statement and no word would differ; taken the other way, one
/// does. Quotations are compared in one order whichever is asked about first, so
/// `quote-drift`, which compares each pair once, reports the pair whichever of the two
/// articles comes first.
#[test]
fn quote_drift_finds_a_pair_whichever_article_comes_first() {
    let first = "“We will rebuild every home that was lost in this fire and we will do it before the winter comes to valley the,” the governor said on Tuesday.\n";
    let second = "“We will rebuild every home that was lost in this fire and we will do it before the winter comes to the valley,” the governor said on Tuesday.\n";
    let story = Path::new("valley-fire");
    let options = Options {
        selection: pipeline::Selection {
            select: Some(vec!["consistency/quote-drift".to_string()]),
            ignore: Vec::new(),
        },
        ..Options::default()
    };
    let check = |order: [(&str, &str); 2]| {
        let inputs: Vec<Input> = order
            .iter()
            .map(|(name, text)| buffer(&story.join(name), text))
            .collect();
        let outcome = pipeline::check(&inputs, &options);
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        findings(&outcome)
    };
    let one_way = check([("a-wire.txt", first), ("b-wire.txt", second)]);
    let other_way = check([("b-wire.txt", second), ("a-wire.txt", first)]);
    assert_eq!(one_way.len(), 1, "{one_way:?}");
    assert_eq!(other_way.len(), 1, "{other_way:?}");
}

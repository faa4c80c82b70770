//! The output formats for other tools, end to end: SARIF (validated against the OASIS
//! schema in `tests/data/`), GitHub workflow commands, concise lines, statistics, problems
//! in machine-readable output, and human output of long paragraphs.
//!
//! Every position a format prints is checked against the words of the source file, through
//! the JSON output's byte offsets.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use factlint::pipeline::{self, Input, Options};
use serde_json::Value;

const SEED: &[&str] = &["check", "examples/baghdad"];
const DRAFT: &[&str] = &["check", "examples/draft/draft.md", "--against", "examples/draft/wires"];
const SCHEMA_URL: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn factlint() -> Command {
    let mut cmd = Command::cargo_bin("factlint").expect("the binary is built");
    // Backtraces and colour would make the output depend on the machine.
    cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    cmd.current_dir(root());
    cmd
}

/// Runs factlint with `args` and `more`, expecting exit status `code`; standard output.
fn run(args: &[&str], more: &[&str], code: i32) -> String {
    let out = factlint().args(args).args(more).assert().code(code);
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8 output")
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// The text of a file named as factlint names it (relative to the crate, or absolute).
fn read(path: &str) -> String {
    let p = Path::new(path);
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        root().join(p)
    };
    std::fs::read_to_string(p).expect("readable source file")
}

/// The byte offset of 1-based `line` and `column`, the column counted in units of `width`
/// (chars: 1 for each; UTF-16: `char::len_utf16`).
fn offset(text: &str, line: u64, column: u64, width: fn(char) -> usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line as usize - 1).map(str::len).sum();
    let mut units = 1;
    for (i, c) in text[start..].char_indices() {
        if units == column as usize {
            return start + i;
        }
        units += width(c);
    }
    assert_eq!(units, column as usize, "column {column} of line {line} is past the end");
    text.len()
}

fn chars(_: char) -> usize {
    1
}

fn utf16(c: char) -> usize {
    c.len_utf16()
}

fn int(v: &Value) -> u64 {
    v.as_u64().expect("a number")
}

fn string(v: &Value) -> &str {
    v.as_str().expect("a string")
}

/// Validates `doc` against the OASIS SARIF 2.1.0 schema; the error, if any, as text.
fn validate_sarif(doc: &Value) -> Result<(), String> {
    let schema = json_of(include_str!("data/sarif-schema-2.1.0.json"));
    let mut compiler = boon::Compiler::new();
    // Draft 4, the schema's draft, asserts formats (`uri`, `uri-reference`, `date-time`).
    compiler.enable_format_assertions();
    compiler.add_resource(SCHEMA_URL, schema).expect("the schema is JSON");
    let mut schemas = boon::Schemas::new();
    let index = compiler.compile(SCHEMA_URL, &mut schemas).expect("the schema compiles");
    schemas.validate(doc, index).map_err(|e| format!("{e:#}"))
}

fn assert_valid_sarif(doc: &Value) {
    if let Err(e) = validate_sarif(doc) {
        panic!("not valid SARIF 2.1.0:\n{e}");
    }
}

/// The path a SARIF artifact location names, relative to the working folder.
fn sarif_path(location: &Value) -> String {
    let artifact = &location["physicalLocation"]["artifactLocation"];
    let uri = string(&artifact["uri"]);
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%", "{uri}");
    uri.to_string()
}

/// Checks that a SARIF location is the place of a JSON label: same file, and its UTF-16
/// region covers the same bytes.
fn assert_same_place(location: &Value, label: &Value) {
    let path = string(&label["path"]);
    assert_eq!(sarif_path(location), path);
    let region = &location["physicalLocation"]["region"];
    let text = read(path);
    let start = offset(&text, int(&region["startLine"]), int(&region["startColumn"]), utf16);
    let end = offset(&text, int(&region["endLine"]), int(&region["endColumn"]), utf16);
    assert_eq!(
        (start as u64, end as u64),
        (int(&label["start"]), int(&label["end"])),
        "{region}"
    );
    assert_eq!(region["snippet"]["text"], label["text"]);
    assert_eq!(location["message"]["text"], label["message"]);
}

/// Checks the SARIF log of a run against the JSON output of the same run, result by result.
fn assert_sarif_matches_json(sarif: &Value, json: &Value) {
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(results.len(), diagnostics.len());
    for (r, d) in results.iter().zip(diagnostics) {
        assert_eq!(r["ruleId"], d["rule"]);
        let rule = &rules[int(&r["ruleIndex"]) as usize];
        assert_eq!(rule["id"], d["rule"], "ruleIndex points at the rule");
        let level = match string(&d["severity"]) {
            "info" => "note",
            other => other,
        };
        assert_eq!(r["level"], level);
        assert_eq!(r["message"]["text"], d["message"]);
        assert_eq!(r["locations"].as_array().expect("locations").len(), 1);
        assert_same_place(&r["locations"][0], &d["primary"]);
        let related = r["relatedLocations"].as_array().map_or(&[][..], Vec::as_slice);
        let secondary = d["secondary"].as_array().expect("secondary");
        assert_eq!(related.len(), secondary.len());
        for (i, (loc, label)) in related.iter().zip(secondary).enumerate() {
            assert_eq!(int(&loc["id"]), i as u64 + 1);
            assert_same_place(loc, label);
        }
    }
}

/// The SARIF log with what depends on the machine (the working folder) and the rule docs
/// (long, and tested on their own) left out, for a snapshot.
fn sarif_for_snapshot(mut doc: Value) -> Value {
    let run = &mut doc["runs"][0];
    if let Some(base) = run.get_mut("originalUriBaseIds") {
        base["%SRCROOT%"]["uri"] = Value::from("file:///[working folder]/");
    }
    let rules = &mut run["tool"]["driver"]["rules"];
    let ids: Vec<Value> = rules
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| {
            Value::from(format!(
                "{} ({})",
                string(&r["id"]),
                string(&r["defaultConfiguration"]["level"])
            ))
        })
        .collect();
    *rules = Value::Array(ids);
    run["tool"]["driver"]["version"] = Value::from("[version]");
    run["tool"]["driver"]["semanticVersion"] = Value::from("[version]");
    doc
}

#[test]
fn sarif_of_the_seed_story_is_valid_and_points_at_the_words() {
    let sarif = json_of(&run(SEED, &["--format", "sarif"], 1));
    assert_valid_sarif(&sarif);
    let json = json_of(&run(SEED, &["--format", "json"], 1));
    assert_sarif_matches_json(&sarif, &json);

    let run0 = &sarif["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "factlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    // The rules that report, each with its summary, its doc and its default level; not the
    // extraction rules of the events pack.
    let glued = rules.iter().find(|r| r["id"] == "hygiene/glued-words").expect("a rule");
    assert_eq!(
        glued["shortDescription"]["text"],
        "Two words glued together without a space"
    );
    assert!(string(&glued["fullDescription"]["text"]).starts_with("A lowercase letter followed by a capital"));
    assert!(string(&glued["help"]["markdown"]).starts_with("## What it catches"));
    assert!(!string(&glued["help"]["text"]).contains("##"));
    assert_eq!(glued["defaultConfiguration"]["level"], "warning");
    assert!(!rules.iter().any(|r| string(&r["id"]).starts_with("events/")));
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
    assert!(run0["invocations"][0].get("toolExecutionNotifications").is_none());

    // A column after curly quotes counts UTF-16 units: `‘agency` comes after “ and ” on its
    // line, three bytes each in the file and one unit each in the column.
    let text = read("examples/baghdad/nbc-news.txt");
    let stray = run0["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "hygiene/unbalanced-quote")
        .expect("the stray quotation mark is flagged");
    let region = &stray["locations"][0]["physicalLocation"]["region"];
    let start = text.find("‘agency").expect("in the seed");
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..start];
    assert!(before.contains('“') && before.contains('”'), "{before}");
    assert_eq!(int(&region["startColumn"]) as usize, before.encode_utf16().count() + 1);
    assert_ne!(int(&region["startColumn"]) as usize, before.len() + 1);

    insta::assert_json_snapshot!("seed_story_sarif", sarif_for_snapshot(sarif));
}

#[test]
fn sarif_of_the_draft_has_related_locations_in_the_wires() {
    let sarif = json_of(&run(DRAFT, &["--format", "sarif"], 1));
    assert_valid_sarif(&sarif);
    let json = json_of(&run(DRAFT, &["--format", "json"], 1));
    assert_sarif_matches_json(&sarif, &json);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let in_wires: Vec<String> = results
        .iter()
        .flat_map(|r| r["relatedLocations"].as_array().into_iter().flatten())
        .map(sarif_path)
        .collect();
    assert!(
        in_wires.iter().any(|p| p == "examples/draft/wires/wire-a.txt"),
        "{in_wires:?}"
    );
    assert!(
        in_wires.iter().any(|p| p == "examples/draft/wires/wire-b.txt"),
        "{in_wires:?}"
    );
    // Results are reported on the draft only.
    for r in results {
        assert_eq!(sarif_path(&r["locations"][0]), "examples/draft/draft.md");
    }
    insta::assert_json_snapshot!("draft_sarif", sarif_for_snapshot(sarif));
}

/// A news sentence with a doubled word after a character outside the Basic Multilingual
/// Plane, written to a file outside the working folder.
fn astral_article() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "Rescue boats 🚤 searched the the lake near Goma on Tuesday, the navy said.\n".to_string();
    let path = dir.path().join("ferry.txt");
    std::fs::write(&path, &text).expect("temp dir is writable");
    (dir, path, text)
}

#[test]
fn sarif_fixes_and_columns_count_utf16_units_after_an_astral_character() {
    let (_dir, path, text) = astral_article();
    let path_str = path.to_str().expect("UTF-8 temp path");
    let sarif = json_of(&run(
        &["check", path_str],
        &["--format", "sarif", "--fail-on", "never"],
        0,
    ));
    assert_valid_sarif(&sarif);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "hygiene/doubled-word");
    let location = &result["locations"][0]["physicalLocation"];
    // Outside the working folder: an absolute file URI, with no base.
    let uri = string(&location["artifactLocation"]["uri"]);
    assert!(uri.starts_with("file:///") && uri.ends_with("/ferry.txt"), "{uri}");
    assert!(location["artifactLocation"].get("uriBaseId").is_none());
    let start = text.find("the the").expect("fixture");
    let chars_before = text[..start].chars().count();
    // 🚤 is one character and two UTF-16 units.
    assert_eq!(int(&location["region"]["startColumn"]) as usize, chars_before + 2);
    assert_eq!(int(&location["region"]["endColumn"]) as usize, chars_before + 2 + 7);
    assert_eq!(offset(&text, 1, int(&location["region"]["startColumn"]), utf16), start);

    let fix = &result["fixes"][0];
    assert_eq!(fix["description"]["text"], "delete one `the`");
    assert_eq!(fix["properties"]["safety"], "safe");
    let change = &fix["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], uri);
    let replacement = &change["replacements"][0];
    let deleted = &replacement["deletedRegion"];
    let from = offset(&text, int(&deleted["startLine"]), int(&deleted["startColumn"]), utf16);
    let to = offset(&text, int(&deleted["endLine"]), int(&deleted["endColumn"]), utf16);
    let fixed = format!(
        "{}{}{}",
        &text[..from],
        string(&replacement["insertedContent"]["text"]),
        &text[to..]
    );
    assert_eq!(
        fixed,
        "Rescue boats 🚤 searched the lake near Goma on Tuesday, the navy said.\n"
    );

    // The concise format counts characters, as the human and JSON formats do.
    let concise = run(&["check", path_str], &["--format", "concise", "--fail-on", "never"], 0);
    let first = concise.lines().next().expect("a finding");
    assert!(
        first.starts_with(&format!(
            "{path_str}:1:{}: warning[hygiene/doubled-word] ",
            chars_before + 1
        )),
        "{first}"
    );
}

/// A change that makes a SARIF log invalid.
type Breakage = fn(&mut Value);

#[test]
fn a_broken_sarif_document_is_rejected() {
    let sarif = json_of(&run(DRAFT, &["--format", "sarif"], 1));
    assert_valid_sarif(&sarif);
    let breakages: [(&str, Breakage); 5] = [
        ("no version", |d| {
            d.as_object_mut().expect("object").remove("version");
        }),
        ("a line 0", |d| {
            d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into()
        }),
        ("an unknown level", |d| {
            d["runs"][0]["results"][0]["level"] = "fatal".into()
        }),
        ("an unknown column kind", |d| {
            d["runs"][0]["columnKind"] = "bytes".into()
        }),
        ("a URI that is not one", |d| {
            d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
                "examples/draft/draft .md#a#b".into()
        }),
    ];
    for (what, brk) in breakages {
        let mut broken = sarif.clone();
        brk(&mut broken);
        assert!(validate_sarif(&broken).is_err(), "a log with {what} was accepted");
    }
}

#[test]
fn problems_of_the_inputs_appear_in_json_jsonl_and_sarif() {
    let missing = "examples/baghdad/no-such-article.txt";
    let more = |format: &str| run(&["check", "examples/baghdad", missing], &["--format", format], 2);

    let json = json_of(&more("json"));
    assert!(
        !json["diagnostics"].as_array().expect("diagnostics").is_empty(),
        "the rest is still checked"
    );
    let problems = json["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["path"], missing);
    assert!(
        string(&problems[0]["message"]).contains("no such file"),
        "{}",
        problems[0]
    );
    assert_eq!(problems[0]["label"], Value::Null);

    let jsonl = more("jsonl");
    let lines: Vec<Value> = jsonl.lines().map(json_of).collect();
    let last = lines.last().expect("lines");
    assert_eq!(last["type"], "problem");
    assert_eq!(last["path"], missing);
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|l| l.get("type").is_none() && l["rule"].is_string())
    );

    let sarif = json_of(&more("sarif"));
    assert_valid_sarif(&sarif);
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(notification["message"]["text"], problems[0]["message"]);
    assert_eq!(sarif_path(&notification["locations"][0]), missing);

    let github = more("github");
    let last = github.lines().last().expect("lines");
    assert!(
        last.starts_with(&format!("::error file={missing},title=factlint::")),
        "{last}"
    );
}

/// A folder of `n` wire reports of one car bomb, all giving 12 dead but the last, which
/// gives 14, and all naming Kirkuk in the sentence of the figure: `number-conflict` pairs
/// the figures of every two articles that name the city, n × (n − 1) pairs.
fn one_bombing_told_by(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..n {
        let dead = if i + 1 == n { 14 } else { 12 };
        let text = format!(
            "A car bomb killed {dead} people at a crowded market in Kirkuk on Monday, police said.\n\n\
             The attack was the deadliest in the city this year, a provincial official said, speaking \
             on condition of anonymity because he was not authorised to brief reporters.\n"
        );
        std::fs::write(dir.path().join(format!("wire-{i:03}.txt")), text).expect("temp dir is writable");
    }
    dir
}

/// A rule that stops at the limit of combinations of facts says so, on standard error in
/// every format and in the output of JSON, JSON Lines, SARIF and GitHub, when fixes are
/// shown or applied too; the rule checked beside it, which tried every combination, and a
/// rule that tried every combination of a smaller story, say nothing.
#[test]
fn a_rule_that_stops_looking_says_so_in_every_format() {
    // 400 × 399 pairs pass the limit of 100,000; 200 × 199 do not. `name-spelling` comes
    // before `number-conflict` among the rules, and stops at nothing here.
    let (many, few) = (one_bombing_told_by(400), one_bombing_told_by(200));
    let rules = "consistency/name-spelling,consistency/number-conflict";
    let check_with = |dir: &tempfile::TempDir, args: &[&str], code: i32| {
        let out = factlint()
            .args(["check", "--select", rules])
            .args(args)
            .arg(dir.path())
            .assert()
            .code(code);
        let output = out.get_output();
        let text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).expect("UTF-8 output");
        (text(&output.stdout), text(&output.stderr))
    };
    let check = |dir: &tempfile::TempDir, format: &str| check_with(dir, &["--format", format], 1);
    let stopped = format!(
        "`consistency/number-conflict` stopped after 100,000 combinations of facts in story `{}` (400 articles); \
         findings past them were not looked for",
        many.path().display()
    );

    let (json, err) = check(&many, "json");
    let json = json_of(&json);
    // The conflict is still found: the last article's figure is paired early.
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(1), "{json}");
    let notices = json["notices"].as_array().expect("notices");
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0]["rule"], "consistency/number-conflict");
    assert_eq!(notices[0]["story"], many.path().display().to_string().as_str());
    assert_eq!(notices[0]["message"], stopped.as_str());
    assert!(!notices[0]["notes"].as_array().expect("notes").is_empty());
    assert_eq!(
        err,
        format!(
            "warning: {stopped}\n = {}\n\n",
            notices[0]["notes"]
                .as_array()
                .expect("notes")
                .iter()
                .map(string)
                .collect::<Vec<_>>()
                .join("\n = ")
        )
    );

    let (human, err_human) = check(&many, "human");
    assert!(human.contains("number-conflict"), "{human}");
    assert_eq!(err_human, err, "the same warning whatever the format");
    // Shown as a diff of fixes (none to apply: status 0), or with fixes applied (the
    // conflict is left: status 1).
    for (mode, code) in [("--diff", 0), ("--fix", 1)] {
        let (_, err_fixing) = check_with(&many, &[mode], code);
        assert!(err_fixing.contains(&err), "{mode}: {err_fixing}");
    }

    let (jsonl, _) = check(&many, "jsonl");
    let last = json_of(jsonl.lines().last().expect("lines"));
    assert_eq!(last["type"], "notice");
    assert_eq!(last["message"], stopped.as_str());

    let (sarif, _) = check(&many, "sarif");
    let sarif = json_of(&sarif);
    assert_valid_sarif(&sarif);
    let run0 = &sarif["runs"][0];
    let invocation = &run0["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true, "the check ran to its end");
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "warning");
    assert!(string(&notification["message"]["text"]).starts_with(&stopped));
    let rule = &notification["associatedRule"];
    assert_eq!(rule["id"], "consistency/number-conflict");
    let index = int(&rule["index"]) as usize;
    assert_eq!(
        run0["tool"]["driver"]["rules"][index]["id"],
        "consistency/number-conflict"
    );

    let (github, _) = check(&many, "github");
    let (command, properties, message) = parse_command(github.lines().last().expect("lines"));
    assert_eq!(command, "warning");
    assert_eq!(properties, vec![("title".to_string(), "factlint".to_string())]);
    assert!(message.starts_with(&stopped), "{message}");

    // Every pair tried: the same finding, and nothing said.
    let (json, err) = check(&few, "json");
    let json = json_of(&json);
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(json["notices"], Value::Array(Vec::new()));
    assert_eq!(err, "");
}

/// A rule that another story's configuration turns on runs in every story checked, and may
/// stop in one whose configuration has it off: that story's notice is not given, since
/// nothing was asked of the rule there.
#[test]
fn a_rule_turned_off_in_a_story_gives_no_notice_for_it() {
    let (many, other) = (one_bombing_told_by(400), one_bombing_told_by(2));
    let config = |dir: &tempfile::TempDir, rule: &str| {
        std::fs::write(dir.path().join("factlint.toml"), format!("select = [\"{rule}\"]\n"))
            .expect("temp dir is writable");
    };
    config(&other, "consistency/number-conflict");
    let notices = || {
        let out = factlint()
            .args(["check", "--format", "json"])
            .arg(many.path())
            .arg(other.path())
            .assert()
            .code(1);
        let json = json_of(&String::from_utf8_lossy(&out.get_output().stdout));
        let rules: Vec<String> = json["notices"]
            .as_array()
            .expect("notices")
            .iter()
            .map(|n| string(&n["rule"]).to_string())
            .collect();
        (rules, out.get_output().stderr.is_empty())
    };
    // On in both stories: the large one says it stopped.
    config(&many, "consistency/number-conflict");
    assert_eq!(notices(), (vec!["consistency/number-conflict".to_string()], false));
    // Off in the large one, which still runs it for the small one's sake: nothing said.
    config(&many, "consistency/name-spelling");
    assert_eq!(notices(), (Vec::new(), true));
    // Off for each of its drafts by a `[[per-path]]` table: nothing said either.
    let per_path = |paths: &str| {
        let text = format!("[[per-path]]\npaths = [\"{paths}\"]\nignore = [\"consistency/number-conflict\"]\n");
        std::fs::write(many.path().join("factlint.toml"), text).expect("temp dir is writable");
    };
    per_path("wire-*.txt");
    assert_eq!(notices(), (Vec::new(), true));
    // Off for the first hundred drafts only: said, and in an editor shown on the other 300.
    per_path("wire-0*.txt");
    assert_eq!(notices(), (vec!["consistency/number-conflict".to_string()], false));
    let outcome = pipeline::check(&[Input::Path(many.path().to_path_buf())], &Options::default());
    let notice = outcome.notices.first().expect("a notice");
    let shown: Vec<&str> = notice.drafts.iter().map(|&f| outcome.db.get(f).name()).collect();
    assert_eq!(shown.len(), 300, "{shown:?}");
    assert!(shown.iter().all(|name| !name.contains("wire-0")), "{shown:?}");
}

#[test]
fn a_broken_rule_file_is_reported_in_json_and_sarif_with_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("house");
    std::fs::create_dir(&pack).expect("temp dir is writable");
    let rule = r#"id = "casualty-needs-source"
severity = "warning"
summary = "A casualty figure with no source in its sentence"
doc = "Casualty figures need a source."
patterns = ['killed ?n:digits @verb']
message = "`{?n}` needs a source"
label = "according to whom?"
"#;
    std::fs::write(pack.join("casualty-needs-source.toml"), rule).expect("temp dir is writable");
    let pack_str = pack.to_str().expect("UTF-8 temp path");

    let json = json_of(&run(SEED, &["--rules", pack_str, "--format", "json"], 2));
    assert_eq!(json["diagnostics"], Value::Array(Vec::new()), "nothing is checked");
    let problems = json["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1);
    let label = &problems[0]["label"];
    // The label points inside the TOML string, at the unknown class.
    assert!(
        string(&label["path"]).ends_with("casualty-needs-source.toml"),
        "{label}"
    );
    assert_eq!(label["text"], "verb");
    assert_eq!(int(&label["start"]), rule.find("verb").expect("fixture") as u64);
    assert_eq!((int(&label["line"]), int(&label["column"])), (5, 32));

    let sarif = json_of(&run(SEED, &["--rules", pack_str, "--format", "sarif"], 2));
    assert_valid_sarif(&sarif);
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["results"], Value::Array(Vec::new()));
    let notification = &run0["invocations"][0]["toolExecutionNotifications"][0];
    let region = &notification["locations"][0]["physicalLocation"]["region"];
    assert_eq!((int(&region["startLine"]), int(&region["startColumn"])), (5, 32));
    assert_eq!(region["snippet"]["text"], "verb");
}

/// A workflow command: (command, properties, message), unescaped.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let unescape = |s: &str| {
        s.replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%25", "%")
    };
    let rest = line.strip_prefix("::").expect("a workflow command");
    let (head, message) = rest.split_once("::").expect("a message");
    let (command, props) = head.split_once(' ').expect("properties");
    let props = props
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    (command.to_string(), props, unescape(message))
}

fn assert_github_matches_json(args: &[&str], code: i32) -> String {
    let github = run(args, &["--format", "github"], code);
    let json = json_of(&run(args, &["--format", "json"], code));
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), diagnostics.len(), "one command per diagnostic:\n{github}");
    for (line, d) in lines.iter().zip(diagnostics) {
        let (command, props, message) = parse_command(line);
        let expected = match string(&d["severity"]) {
            "info" => "notice",
            other => other,
        };
        assert_eq!(command, expected, "{line}");
        let keys: Vec<&str> = props.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["file", "line", "col", "endLine", "endColumn", "title"], "{line}");
        let get = |k: &str| {
            props
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
                .expect("a property")
        };
        let num = |k: &str| get(k).parse::<u64>().expect("a number");
        let primary = &d["primary"];
        assert_eq!(get("file"), primary["path"]);
        assert_eq!(get("title"), d["rule"]);
        let text = read(get("file"));
        let start = offset(&text, num("line"), num("col"), chars);
        let end = offset(&text, num("endLine"), num("endColumn"), chars);
        assert_eq!(&text[start..end], string(&primary["text"]), "{line}");
        assert!(message.starts_with(string(&d["message"])), "{message}");
        for s in d["secondary"].as_array().expect("secondary") {
            let place = format!("{}:{}:{}", string(&s["path"]), int(&s["line"]), int(&s["column"]));
            assert!(message.contains(&place), "{message} names {place}");
        }
        assert!(!line.contains('\n'));
    }
    github
}

#[test]
fn github_annotations_point_at_the_words() {
    let seed = assert_github_matches_json(SEED, 1);
    insta::assert_snapshot!("seed_story_github", seed);
    let draft = assert_github_matches_json(DRAFT, 1);
    insta::assert_snapshot!("draft_github", draft);
}

fn assert_concise_matches_json(args: &[&str], code: i32) -> String {
    let concise = run(args, &["--format", "concise"], code);
    let json = json_of(&run(args, &["--format", "json"], code));
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    let lines: Vec<&str> = concise.lines().collect();
    assert_eq!(
        lines.len(),
        diagnostics.len() + 1,
        "one line per finding, then the summary"
    );
    for (line, d) in lines.iter().zip(diagnostics) {
        let primary = &d["primary"];
        let mut parts = line.splitn(4, ':');
        let path = parts.next().expect("path");
        let l: u64 = parts.next().expect("line").parse().expect("a number");
        let c: u64 = parts.next().expect("column").parse().expect("a number");
        let rest = parts.next().expect("the rest");
        assert_eq!(path, primary["path"]);
        let text = read(path);
        assert_eq!(offset(&text, l, c, chars) as u64, int(&primary["start"]), "{line}");
        let expected = format!(
            " {}[{}] {}",
            string(&d["severity"]),
            string(&d["rule"]),
            string(&d["message"])
        );
        assert_eq!(rest, expected);
    }
    let quiet = run(args, &["--format", "concise", "--quiet"], code);
    assert_eq!(quiet.lines().count(), diagnostics.len(), "--quiet drops the summary");
    concise
}

#[test]
fn concise_lines_point_at_the_words() {
    let seed = assert_concise_matches_json(SEED, 1);
    assert!(seed.ends_with("in 2 files\n"), "{seed}");
    insta::assert_snapshot!("seed_story_concise", seed);
    let draft = assert_concise_matches_json(DRAFT, 1);
    insta::assert_snapshot!("draft_concise", draft);
}

#[test]
fn statistics_count_the_findings_of_each_rule() {
    let human = run(SEED, &["--statistics"], 1);
    insta::assert_snapshot!("seed_story_statistics", human);

    for args in [SEED, DRAFT] {
        let doc = json_of(&run(args, &["--statistics", "--format", "json"], 1));
        let full = json_of(&run(args, &["--format", "json"], 1));
        let diagnostics = full["diagnostics"].as_array().expect("diagnostics");
        let stats = doc["statistics"].as_array().expect("statistics");
        let rules = json_of(&run(&["rules", "--format", "json"], &[], 0));
        for s in stats {
            let rule = string(&s["rule"]);
            let found = diagnostics.iter().filter(|d| d["rule"] == rule).count() as u64;
            assert_eq!(int(&s["count"]), found, "{rule}");
            let listed = rules
                .as_array()
                .expect("rules")
                .iter()
                .find(|r| r["id"] == rule)
                .expect("a rule");
            assert_eq!(s["summary"], listed["summary"]);
        }
        let total: u64 = stats.iter().map(|s| int(&s["count"])).sum();
        assert_eq!(total, diagnostics.len() as u64, "every finding is counted once");
        let order: Vec<(i64, &str)> = stats
            .iter()
            .map(|s| (-(int(&s["count"]) as i64), string(&s["rule"])))
            .collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "most findings first, then by rule id");
        assert_eq!(doc["summary"], full["summary"]);
        assert_eq!(doc["problems"], Value::Array(Vec::new()));
    }

    let out = factlint()
        .args(SEED)
        .args(["--statistics", "--format", "sarif"])
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).expect("UTF-8");
    assert!(err.contains("--statistics"), "{err}");
}

#[test]
fn a_finding_in_a_long_paragraph_shows_a_window_of_its_line() {
    let path = "tests/data/long-paragraph.txt";
    let text = read(path);
    let paragraph = text.lines().nth(2).expect("the paragraph is line 3");
    assert!(paragraph.chars().count() > 900);
    let human = run(&["check", path], &["--date", "2024-05-16"], 0);
    insta::assert_snapshot!("long_paragraph_human", human);

    for words in ["the the", "a American"] {
        let start = text.find(words).expect("fixture");
        let column = text[..start]
            .rfind('\n')
            .map_or(start, |nl| text[nl + 1..start].chars().count())
            + 1;
        let header = format!("┌─ {path}:3:{column}\n");
        assert!(human.contains(&header), "{header} in\n{human}");
        let shown = human
            .lines()
            .find(|l| l.starts_with("3 │ ") && l.contains(words))
            .expect("the words are shown");
        assert!(shown.starts_with("3 │ … ") && shown.ends_with(" …"), "{shown}");
        assert!(shown.chars().count() < 140, "{shown}");
        // The carets sit under the words.
        let carets: Vec<char> = human
            .lines()
            .skip_while(|l| *l != shown)
            .nth(1)
            .expect("a line of carets")
            .chars()
            .collect();
        let at = shown[..shown.find(words).expect("shown")].chars().count();
        let under: String = carets[at..].iter().take(words.len() + 1).collect();
        assert_eq!(under, format!("{} ", "^".repeat(words.len())), "{shown}");
    }
}

#[test]
fn findings_about_suppression_comments_get_a_rule_of_their_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ferry.md");
    let text = "The ministry said the the search would resume at first light.\n\
                <!-- factlint-disable-next-line hygiene/glued-words -->\n\
                Divers from the navy joined the search on Wednesday.\n";
    std::fs::write(&path, text).expect("temp dir is writable");
    let path_str = path.to_str().expect("UTF-8 temp path");

    let dated = ["check", path_str, "--date", "2024-03-13"];
    let sarif = json_of(&run(&dated, &["--format", "sarif"], 0));
    assert_valid_sarif(&sarif);
    let run0 = &sarif["runs"][0];
    let result = run0["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "factlint/unused-suppression")
        .expect("the unused comment is reported");
    let rule = &run0["tool"]["driver"]["rules"][int(&result["ruleIndex"]) as usize];
    assert_eq!(rule["id"], "factlint/unused-suppression");
    assert_eq!(rule["defaultConfiguration"]["level"], result["level"]);

    let stats = json_of(&run(&dated, &["--statistics", "--format", "json"], 0));
    let counted: Vec<(&str, u64, &str)> = stats["statistics"]
        .as_array()
        .expect("statistics")
        .iter()
        .map(|s| (string(&s["rule"]), int(&s["count"]), string(&s["summary"])))
        .collect();
    assert_eq!(
        counted,
        [
            ("factlint/unused-suppression", 1, ""),
            ("hygiene/doubled-word", 1, "A word is written twice in a row")
        ]
    );
}

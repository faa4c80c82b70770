//! `check --fix`, `--unsafe-fixes` and `--diff` on copies of the seed story and on news
//! text written here: exactly the expected bytes change, nothing else is touched.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use assert_cmd::assert::Assert;

fn factlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("factlint").expect("the binary is built");
    cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    cmd.current_dir(dir);
    cmd
}

fn stdout(a: &Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("UTF-8 output")
}

fn stderr(a: &Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).expect("UTF-8 output")
}

fn seed(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/baghdad")
        .join(name);
    std::fs::read_to_string(path).expect("the seed story")
}

/// A temporary folder holding a copy of the seed story in `baghdad/`.
fn seed_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let story = dir.path().join("baghdad");
    std::fs::create_dir(&story).unwrap();
    for name in ["nbc-news.txt", "the-hill.txt"] {
        std::fs::write(story.join(name), seed(name)).unwrap();
    }
    (dir, story)
}

/// An old modification time, so that a file written again would show it.
const OLD: Duration = Duration::from_secs(1_000_000_000);

fn age(path: &Path) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::UNIX_EPOCH + OLD).unwrap();
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

/// `text` with `from` (which must occur once) replaced by `to`.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in the text");
    text.replacen(from, to, 1)
}

/// The seed story once its safe fixes are applied: the residue lines go with their line
/// break (and a paragraph of residue with one blank line), "a American" becomes "an
/// American".
fn safely_fixed() -> (String, String) {
    let nbc = seed("nbc-news.txt");
    let nbc = replaced(&nbc, "killed by a American drone", "killed by an American drone");
    let nbc = replaced(&nbc, "The story continues\n\n", "");
    let nbc = replaced(
        &nbc,
        "Download the NBC News app for the latest news and politics\n\n",
        "",
    );
    let hill = replaced(&seed("the-hill.txt"), "\nADVERTISEMENT\n", "\n");
    (nbc, hill)
}

#[test]
fn fix_changes_exactly_the_expected_bytes_of_the_seed_story() {
    let (dir, story) = seed_copy();
    // Errors remain (the hover card in The Hill, the photo credit only an unsafe fix deletes).
    let a = factlint(dir.path())
        .args(["check", "baghdad", "--fix"])
        .assert()
        .code(1);
    let (nbc, hill) = safely_fixed();
    assert_eq!(std::fs::read_to_string(story.join("nbc-news.txt")).unwrap(), nbc);
    assert_eq!(std::fs::read_to_string(story.join("the-hill.txt")).unwrap(), hill);
    let out = stdout(&a);
    assert!(
        out.ends_with("4 fixes applied in 2 files; 1 unsafe fix not applied: add --unsafe-fixes\n"),
        "{out}"
    );
    // What is reported is what remains: the fixed findings are gone, the others are there,
    // at their places in the fixed text.
    assert!(!out.contains("article-agreement"), "{out}");
    assert!(out.contains("warning[hygiene/glued-words]: `PompeoMichael`"), "{out}");
    assert!(out.contains("baghdad/the-hill.txt:9:61"), "{out}");
    assert!(out.contains("error[hygiene/publishing-residue]"), "{out}");
}

#[test]
fn unsafe_fixes_delete_the_photo_credit_too() {
    let (dir, story) = seed_copy();
    factlint(dir.path())
        .args(["check", "baghdad", "--fix", "--unsafe-fixes", "--quiet"])
        .assert()
        .code(1);
    let (nbc, hill) = safely_fixed();
    let credit = "Image: US soldiers stand guard at K1 Air Base near Kirkuk in northern Iraq during its handover ceremony (Ameer Al Mohammedaw / dpa / picture alliance via Getty File)\n\n";
    assert_eq!(
        std::fs::read_to_string(story.join("nbc-news.txt")).unwrap(),
        replaced(&nbc, credit, "")
    );
    assert_eq!(std::fs::read_to_string(story.join("the-hill.txt")).unwrap(), hill);
}

#[test]
fn fixing_twice_is_fixing_once_and_the_second_run_writes_nothing() {
    for flags in [&["--fix"][..], &["--fix", "--unsafe-fixes"]] {
        let (dir, story) = seed_copy();
        factlint(dir.path())
            .args(["check", "baghdad"])
            .args(flags)
            .assert()
            .code(1);
        let files = [story.join("nbc-news.txt"), story.join("the-hill.txt")];
        let once: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
        files.iter().for_each(|f| age(f));
        let a = factlint(dir.path())
            .args(["check", "baghdad"])
            .args(flags)
            .assert()
            .code(1);
        let twice: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
        assert_eq!(once, twice, "{flags:?}");
        for f in &files {
            assert_eq!(
                modified(f),
                SystemTime::UNIX_EPOCH + OLD,
                "{} was written again",
                f.display()
            );
        }
        assert!(stdout(&a).contains("no fix applied"), "{}", stdout(&a));
    }
}

#[test]
fn diff_prints_a_unified_diff_and_changes_no_file() {
    let (dir, story) = seed_copy();
    let files = [story.join("nbc-news.txt"), story.join("the-hill.txt")];
    files.iter().for_each(|f| age(f));
    let a = factlint(dir.path())
        .args(["check", "baghdad", "--diff"])
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(
        out.starts_with("--- baghdad/nbc-news.txt\n+++ baghdad/nbc-news.txt\n@@ -"),
        "{out}"
    );
    assert!(
        out.contains("\n--- baghdad/the-hill.txt\n+++ baghdad/the-hill.txt\n@@ -1,7 +1,6 @@\n"),
        "{out}"
    );
    assert!(out.contains("\n-ADVERTISEMENT\n"), "{out}");
    assert!(out.contains("\n+Soleimani was the leader of the Iranian elite, the secret Quds force and was killed by an American drone strike"), "{out}");
    assert!(
        out.contains("\n-Download the NBC News app for the latest news and politics\n"),
        "{out}"
    );
    assert!(!out.contains("-Image: US soldiers"), "an unsafe fix: {out}");
    assert!(!out.contains("error["), "a diff only: {out}");
    assert!(
        stderr(&a).contains("would apply 4 fixes to 2 files; 1 unsafe fix not applied: add --unsafe-fixes"),
        "{}",
        stderr(&a)
    );
    for (f, name) in files.iter().zip(["nbc-news.txt", "the-hill.txt"]) {
        assert_eq!(std::fs::read_to_string(f).unwrap(), seed(name));
        assert_eq!(modified(f), SystemTime::UNIX_EPOCH + OLD);
    }
    // With --unsafe-fixes the diff deletes the photo credit; still nothing is written.
    let a = factlint(dir.path())
        .args(["check", "baghdad", "--diff", "--unsafe-fixes", "--fix"])
        .assert()
        .code(1);
    assert!(
        stdout(&a).contains("\n-Image: US soldiers stand guard"),
        "{}",
        stdout(&a)
    );
    for (f, name) in files.iter().zip(["nbc-news.txt", "the-hill.txt"]) {
        assert_eq!(std::fs::read_to_string(f).unwrap(), seed(name));
        assert_eq!(modified(f), SystemTime::UNIX_EPOCH + OLD);
    }
    // Once fixed, there is nothing to show: exit status 0.
    factlint(dir.path())
        .args(["check", "baghdad", "--fix"])
        .assert()
        .code(1);
    let a = factlint(dir.path())
        .args(["check", "baghdad", "--diff"])
        .assert()
        .code(0);
    assert_eq!(stdout(&a), "");
}

#[test]
fn references_are_never_written() {
    let (dir, story) = seed_copy();
    // The seed story as references (`--against`), and a reference by its front matter.
    let draft = dir.path().join("draft.txt");
    std::fs::write(
        &draft,
        "date 2020-12-03\nThe U.S. will withdraw some staff from the the embassy in Baghdad, officials said.\n",
    )
    .unwrap();
    let wire = dir.path().join("wire.md");
    let wire_text = "---\nrole: reference\ndate: 2020-12-03\n---\nThe the embassy will stay open, a American official said.\n\nADVERTISEMENT\n";
    std::fs::write(&wire, wire_text).unwrap();
    let files = [story.join("nbc-news.txt"), story.join("the-hill.txt"), wire.clone()];
    files.iter().for_each(|f| age(f));
    factlint(dir.path())
        .args([
            "check",
            "draft.txt",
            "wire.md",
            "--against",
            "baghdad",
            "--fix",
            "--unsafe-fixes",
        ])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(&draft).unwrap(),
        "date 2020-12-03\nThe U.S. will withdraw some staff from the embassy in Baghdad, officials said.\n"
    );
    assert_eq!(std::fs::read_to_string(&wire).unwrap(), wire_text);
    for (f, name) in files.iter().zip(["nbc-news.txt", "the-hill.txt"]) {
        assert_eq!(std::fs::read_to_string(f).unwrap(), seed(name));
    }
    for f in &files {
        assert_eq!(modified(f), SystemTime::UNIX_EPOCH + OLD, "{}", f.display());
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_an_error_and_is_not_changed() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, story) = seed_copy();
    let hill = story.join("the-hill.txt");
    std::fs::set_permissions(&hill, std::fs::Permissions::from_mode(0o444)).unwrap();
    let a = factlint(dir.path())
        .args(["check", "baghdad", "--fix"])
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(
        err.contains("the file is read-only: its fixes were not applied") && err.contains("baghdad/the-hill.txt"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&hill).unwrap(), seed("the-hill.txt"));
    assert_eq!(std::fs::metadata(&hill).unwrap().permissions().mode() & 0o777, 0o444);
    // The other article is fixed, and the read-only one reported as it is.
    let (nbc, _) = safely_fixed();
    assert_eq!(std::fs::read_to_string(story.join("nbc-news.txt")).unwrap(), nbc);
    assert!(stdout(&a).contains("baghdad/the-hill.txt:4:1"), "{}", stdout(&a));
    assert!(stdout(&a).contains("3 fixes applied in 1 file"), "{}", stdout(&a));
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, story) = seed_copy();
    let nbc = story.join("nbc-news.txt");
    std::fs::set_permissions(&nbc, std::fs::Permissions::from_mode(0o640)).unwrap();
    factlint(dir.path())
        .args(["check", "baghdad", "--fix"])
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&nbc).unwrap(), safely_fixed().0);
    assert_eq!(std::fs::metadata(&nbc).unwrap().permissions().mode() & 0o777, 0o640);
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&story)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn markdown_is_fixed_in_its_prose_and_its_code_and_markup_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\ndate: 2020-12-03\n---\n# Embassy drawdown\n\nThe State Department said the the embassy in *Baghdad* would stay open.\n\nADVERTISEMENT\n\nA spokesperson for a American [diplomat](https://example.com/the the) said the move was temporary.\n\n```text\nthe the code stays as it is\n```\n\nOfficials said the **the** consulate in Erbil would close.\n";
    std::fs::write(dir.path().join("story.md"), text).unwrap();
    let a = factlint(dir.path())
        .args(["check", "story.md", "--fix"])
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(dir.path().join("story.md")).unwrap();
    assert_eq!(
        fixed,
        "---\ndate: 2020-12-03\n---\n# Embassy drawdown\n\nThe State Department said the embassy in *Baghdad* would stay open.\n\nA spokesperson for an American [diplomat](https://example.com/the the) said the move was temporary.\n\n```text\nthe the code stays as it is\n```\n\nOfficials said the **the** consulate in Erbil would close.\n"
    );
    // The doubled word across emphasis marks is reported, not fixed: its fix would cut them.
    let err = stderr(&a);
    assert!(
        err.contains("note: story.md:14:16: the fix of hygiene/doubled-word was not applied: covers Markdown markup"),
        "{err}"
    );
    assert!(
        stdout(&a).ends_with("3 fixes applied in 1 file; 1 skipped: covers Markdown markup\n"),
        "{}",
        stdout(&a)
    );
}

#[test]
fn fixes_go_round_after_round_until_nothing_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.txt");
    // "the the the": the first round fixes one pair, the second the pair it leaves.
    std::fs::write(&path, "Officials said the the the embassy would stay open.\n").unwrap();
    let a = factlint(dir.path())
        .args(["check", "draft.txt", "--fix"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Officials said the embassy would stay open.\n"
    );
    assert!(stdout(&a).ends_with("2 fixes applied in 1 file\n"), "{}", stdout(&a));
}

#[test]
fn fixes_that_never_settle_stop_after_ten_rounds_and_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("house");
    std::fs::create_dir(&rules).unwrap();
    // Two house rules that contradict each other: each undoes the other's fix. A third fixes
    // the same word as one of them, so its fix always overlaps that one's.
    for (id, from, to) in [
        ("kyiv", "Kiev", "Kyiv"),
        ("kiev", "Kyiv", "Kiev"),
        ("kyiv-ukraine", "Kyiv", "Kyiv, Ukraine"),
    ] {
        let rule = format!(
            "id = \"{id}\"\nseverity = \"warning\"\nsummary = \"Spell it {to}\"\npatterns = ['={from}']\nmessage = \"write {to}\"\n[fix]\nreplacement = \"{to}\"\nsafety = \"safe\"\n[[example]]\ntext = \"Officials in {from} said.\"\nflagged = [\"{from}\"]\n"
        );
        std::fs::write(rules.join(format!("{id}.toml")), rule).unwrap();
    }
    let path = dir.path().join("draft.txt");
    std::fs::write(&path, "Officials in Kyiv said the embassy would stay open.\n").unwrap();
    age(&path);
    let a = factlint(dir.path())
        .args(["check", "draft.txt", "--rules", "house", "--fix", "--select", "house"])
        .assert()
        .code(0);
    // Ten rounds bring the text back to where it was: nothing is written.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Officials in Kyiv said the embassy would stay open.\n"
    );
    assert_eq!(modified(&path), SystemTime::UNIX_EPOCH + OLD);
    let err = stderr(&a);
    assert!(
        err.contains(
            "note: draft.txt:1:14: the fix of house/kiev was not applied: the fixes did not settle in 10 rounds"
        ),
        "{err}"
    );
    assert!(
        err.contains("note: draft.txt:1:14: the fix of house/kyiv-ukraine was not applied: overlaps another"),
        "{err}"
    );
    assert!(
        stdout(&a).ends_with(
            "no fix applied; 1 skipped: overlaps another; 1 skipped: the fixes did not settle in 10 rounds\n"
        ),
        "{}",
        stdout(&a)
    );
}

#[test]
fn a_fix_whose_replacement_holds_its_words_stops_before_the_text_doubles() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("house");
    std::fs::create_dir(&rules).unwrap();
    // Each "urged" becomes eight: every round finds them all again.
    let rule = "id = \"echo\"\nseverity = \"warning\"\nsummary = \"Echo\"\npatterns = ['?w:(urged)']\nmessage = \"echo\"\n[fix]\nreplacement = \"{?w} {?w} {?w} {?w} {?w} {?w} {?w} {?w}\"\nsafety = \"safe\"\n[[example]]\ntext = \"Officials said.\"\nflagged = []\n";
    std::fs::write(rules.join("echo.toml"), rule).unwrap();
    let text = "The minister urged calm on Monday.\n";
    let path = dir.path().join("draft.txt");
    std::fs::write(&path, text).unwrap();
    let a = factlint(dir.path())
        .args(["check", "draft.txt", "--rules", "house", "--fix", "--select", "house"])
        .timeout(Duration::from_secs(120))
        .assert()
        .code(0);
    // Three rounds apply (1, 8, then 64 "urged" become 8, 64, 512); the fourth would make
    // the text longer than twice its length and 4 KiB, and is not applied.
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(fixed.matches("urged").count(), 512, "{fixed}");
    assert!(fixed.len() <= 2 * text.len() + 4096, "{}", fixed.len());
    let err = stderr(&a);
    assert!(
        err.contains(
            "the fix of house/echo was not applied: the fixes would make the text longer than twice its length and 4 KiB"
        ),
        "{err}"
    );
    assert!(
        stdout(&a).ends_with(
            "73 fixes applied in 1 file; 512 skipped: the fixes would make the text longer than twice its length and 4 KiB\n"
        ),
        "{}",
        stdout(&a)
    );
}

#[test]
fn standard_input_is_never_written_but_its_diff_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Officials said the the embassy would stay open.\n";
    let a = factlint(dir.path())
        .args(["check", "-", "--fix"])
        .write_stdin(text)
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--fix writes files"), "{}", stderr(&a));
    let a = factlint(dir.path())
        .args(["check", "-", "--diff"])
        .write_stdin(text)
        .assert()
        .code(1);
    assert_eq!(
        stdout(&a),
        "--- <stdin>\n+++ <stdin>\n@@ -1 +1 @@\n-Officials said the the embassy would stay open.\n+Officials said the embassy would stay open.\n"
    );
    // Standard input named with --stdin-filename is no file either, even when one exists.
    std::fs::write(dir.path().join("draft.md"), text).unwrap();
    let a = factlint(dir.path())
        .args(["check", "-", "--stdin-filename", "draft.md", "--fix"])
        .write_stdin(text)
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--fix writes files"), "{}", stderr(&a));
    assert_eq!(std::fs::read_to_string(dir.path().join("draft.md")).unwrap(), text);
    let a = factlint(dir.path())
        .args(["check", "-", "--stdin-filename", "draft.md", "--diff"])
        .write_stdin(text)
        .assert()
        .code(1);
    assert!(stdout(&a).starts_with("--- draft.md\n+++ draft.md\n"), "{}", stdout(&a));
    // The articles of JSON Lines are fields of JSON: no fix is made to them.
    let line = "{\"id\": \"a1\", \"text\": \"Officials said the the embassy would stay open.\"}\n";
    let a = factlint(dir.path())
        .args(["check", "-", "--input", "jsonl", "--diff"])
        .write_stdin(line)
        .assert()
        .code(0);
    assert_eq!(stdout(&a), "");
}

#[test]
fn unsafe_fixes_need_fix_or_diff() {
    let (dir, _story) = seed_copy();
    let a = factlint(dir.path())
        .args(["check", "baghdad", "--unsafe-fixes"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("--unsafe-fixes goes with --fix or --diff"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn machine_formats_keep_their_output_and_tell_the_fixes_on_standard_error() {
    let (dir, _story) = seed_copy();
    let a = factlint(dir.path())
        .args(["check", "baghdad", "--fix", "--format", "json"])
        .assert()
        .code(1);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&a)).expect("JSON on stdout");
    let rules: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(!rules.contains(&"hygiene/article-agreement"), "{rules:?}");
    assert!(
        stderr(&a).contains("factlint: 4 fixes applied in 2 files"),
        "{}",
        stderr(&a)
    );
}

/// `factlint test` on a house rule with these patterns and fix tables; its exit status and
/// standard error.
fn test_rule(patterns: &str, fixes: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("house")).unwrap();
    let rule = format!(
        "id = \"style\"\nseverity = \"warning\"\nsummary = \"House style\"\npatterns = [{patterns}]\nmessage = \"house style\"\n{fixes}\n[[example]]\ntext = \"The embassy will stay open, officials said.\"\nflagged = []\n"
    );
    std::fs::write(dir.path().join("house/style.toml"), rule).unwrap();
    let a = factlint(dir.path()).args(["test", "house"]).assert();
    (a.get_output().status.code(), stderr(&a))
}

#[test]
fn fix_tables_are_checked_when_the_rule_is_loaded() {
    // `at` bound by one pattern of two: fine, the other pattern's matches have no fix.
    let (code, err) = test_rule(
        "'?w:(Kiev)', 'Kharkov'",
        "[[fix]]\nat = \"?w\"\nreplacement = \"Kyiv\"\nsafety = \"safe\"",
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = test_rule("'?w:(Kiev)'", "[fix]\nat = \"?city\"\nreplacement = \"Kyiv\"");
    assert_eq!(code, Some(2));
    assert!(
        err.contains("the fix replaces `?city`, which no pattern binds"),
        "{err}"
    );
    let (code, err) = test_rule(
        "'?w:(Kiev)'",
        "[[fix]]\nreplacement = \"Kyiv\"\n[[fix]]\nat = \"?w\"\nreplacement = \"Kyiv\"",
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("this fix is never used: a fix before it without `at` takes every match"),
        "{err}"
    );
    let (code, err) = test_rule("'Kiev'", "fix = \"Kyiv\"");
    assert_eq!(code, Some(2));
    assert!(err.contains("`fix` must be a table, not a string"), "{err}");
}

//! Hostile input, end to end: the `factlint` binary run in a temporary folder over files
//! that are broken, huge, deep, odd or vanishing, and over rule files and configurations
//! that try to hang it.
//!
//! Every case asserts what the README's "Bad input" section promises: a clear message that
//! names the file and the place (or a clean result), the documented exit status, no panic,
//! and no input file changed (bytes and modification times are compared before and after
//! each run). Heavy cases run under a generous wall-clock kill, [`HANG_GUARD`], that fails
//! a test only when the command hangs: it measures nothing, and how long the cases take is
//! measured by benchmarks and by hand, never asserted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use serde_json::Value;

/// Long enough that only a hang reaches it, even in a debug build on a busy machine.
const HANG_GUARD: Duration = Duration::from_secs(120);

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A news paragraph with a doubled word, a vague attribution and a relative date.
const NEWS: &str = "Officials said on Monday that the the embassy in Baghdad would stay open, \
                    but a spokesperson declined to comment on the number of staff withdrawn.";

/// The paragraphs of the seed story, without its date line.
fn seed_paragraphs() -> Vec<String> {
    let mut out = Vec::new();
    for name in ["nbc-news.txt", "the-hill.txt"] {
        let text = std::fs::read_to_string(format!("{ROOT}/examples/baghdad/{name}")).expect("seed article");
        out.extend(
            text.lines()
                .filter(|l| l.len() > 40 && !l.starts_with("date "))
                .map(str::to_string),
        );
    }
    out
}

/// What one run of the command left behind.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("JSON on stdout ({e}): {}", self.stdout))
    }
}

/// The bytes and modification time of every file under `dir`; symbolic links are recorded
/// by their target and never followed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, Option<SystemTime>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("folder entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("a link");
                out.insert(path, (target.as_os_str().as_encoded_bytes().to_vec(), None));
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable file");
                out.insert(path, (bytes, meta.modified().ok()));
            }
        }
    }
    out
}

/// Runs `factlint ARGS` in `dir` with `stdin`, under the hang guard; checks that it did not
/// panic, was not killed, and left every file under `dir` as it was.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let before = snapshot(dir);
    let mut cmd = Command::cargo_bin("factlint").expect("the binary is built");
    cmd.env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .args(args)
        .timeout(HANG_GUARD);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes.to_vec());
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("factlint {args:?} did not finish within the hang guard: {e}"));
    let run = Run {
        code: out.status.code().unwrap_or_else(|| {
            panic!(
                "factlint {args:?} was killed ({:?}), after the hang guard or by a signal",
                out.status
            )
        }),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "factlint {args:?} panicked:\n{}",
        run.stderr
    );
    assert!(
        before == snapshot(dir),
        "factlint {args:?} changed a file under {}",
        dir.display()
    );
    run
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, None)
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, bytes).expect("temp dir is writable");
    path
}

/// `(rule, file, line:column, text)` of each finding of a `--format json` run.
fn findings(doc: &Value) -> Vec<(String, String, String, String)> {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let p = &d["primary"];
            (
                d["rule"].as_str().expect("rule").to_string(),
                p["path"].as_str().expect("path").to_string(),
                format!("{}:{}", p["line"], p["column"]),
                p["text"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

/// Every primary label of a `--format json` run covers exactly the bytes it quotes.
fn assert_labels_are_the_files_bytes(dir: &Path, doc: &Value) {
    // Each file read once: a large one may have thousands of findings.
    let mut files: std::collections::HashMap<String, Vec<u8>> = std::collections::HashMap::new();
    for d in doc["diagnostics"].as_array().expect("diagnostics") {
        let p = &d["primary"];
        let path = p["path"].as_str().expect("path");
        let bytes = files
            .entry(path.to_string())
            .or_insert_with(|| std::fs::read(dir.join(path)).expect("the labelled file"));
        let (start, end) = (
            p["start"].as_u64().expect("start") as usize,
            p["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(&bytes[start..end], p["text"].as_str().expect("text").as_bytes(), "{d}");
    }
}

#[test]
fn invalid_utf8_is_located_and_the_other_articles_are_still_checked() {
    let dir = temp();
    let mut bad = b"Officials said the embassy would close. The ministry\xff\xfe said ".to_vec();
    bad.extend_from_slice(b"nothing more.\n");
    write(dir.path(), "story/latin1.txt", &bad);
    write(dir.path(), "story/wire.txt", NEWS);
    let r = run(dir.path(), &["check", "story"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("invalid UTF-8: byte 0xff at offset 52"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("story/latin1.txt:1:53"), "{}", r.stderr);
    assert!(r.stdout.contains("story/wire.txt:1:"), "{}", r.stdout);
    assert!(r.stdout.contains("hygiene/doubled-word"), "{}", r.stdout);
}

#[test]
fn utf16_with_a_byte_order_mark_is_named_as_utf16() {
    let dir = temp();
    let utf16 = |big: bool| -> Vec<u8> {
        let mut out = if big { vec![0xfe, 0xff] } else { vec![0xff, 0xfe] };
        for unit in NEWS.encode_utf16() {
            out.extend_from_slice(&if big { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        out
    };
    write(dir.path(), "le.txt", utf16(false));
    write(dir.path(), "be.txt", utf16(true));
    let r = run(dir.path(), &["check", "le.txt", "be.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("UTF-16 text (little-endian"), "{}", r.stderr);
    assert!(r.stderr.contains("UTF-16 text (big-endian"), "{}", r.stderr);
    assert!(
        r.stderr.contains("in le.txt") && r.stderr.contains("in be.txt"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("iconv -f UTF-16LE -t UTF-8"), "{}", r.stderr);
    assert!(!r.stderr.contains("binary"), "{}", r.stderr);
}

#[test]
fn binary_files_are_refused_by_name() {
    let dir = temp();
    // A PNG header, then a little of everything.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..=255u8).cycle().take(4096));
    write(dir.path(), "photo.txt", &png);
    let r = run(dir.path(), &["check", "photo.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("binary file: NUL byte at offset"), "{}", r.stderr);
    assert!(r.stderr.contains("in photo.txt"), "{}", r.stderr);
    let r = run(dir.path(), &["facts", "photo.txt", "--format", "json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("binary file"), "{}", r.stderr);
}

/// Asserts that `r` stopped with status 2 and says each of `words` on standard error.
fn assert_refused(r: &Run, words: &[&str]) {
    assert_eq!(r.code, 2, "{}", r.stderr);
    for w in words {
        assert!(r.stderr.contains(w), "{w:?} in {}", r.stderr);
    }
}

#[test]
fn an_article_too_large_is_refused_unread_and_an_endless_one_once_past_the_limit() {
    let dir = temp();
    // A sparse file of 70 MiB: its size is known, so it is refused without being read.
    let big = write(dir.path(), "dump.txt", "");
    std::fs::File::options()
        .write(true)
        .open(&big)
        .and_then(|f| f.set_len(70 * 1024 * 1024))
        .expect("a sparse file");
    write(dir.path(), "news.txt", NEWS);
    let r = run(dir.path(), &["check", "dump.txt", "news.txt", "--format", "json"]);
    let message = "file is too large to be an article (70 MiB; the limit is 64 MiB)";
    assert_refused(&r, &[message, "in dump.txt"]);
    // The other article is still checked.
    assert!(findings(&r.json()).iter().any(|f| f.1 == "news.txt"), "{}", r.stdout);
    // A device that never ends has no size: it is read up to the limit, then refused, as
    // an article and as a rule file.
    #[cfg(target_os = "linux")]
    {
        let r = run(dir.path(), &["check", "/dev/zero"]);
        let message = "file is too large to be an article (more than 64 MiB)";
        assert_refused(&r, &[message, "in /dev/zero"]);
        let r = run(dir.path(), &["rules", "--rules", "/dev/zero"]);
        assert_refused(
            &r,
            &["cannot read rule file: file is too large to read (more than 64 MiB"],
        );
    }
    // A rule file too large is refused unread, as an article is.
    std::fs::rename(&big, dir.path().join("dump.toml")).expect("renamed");
    let r = run(dir.path(), &["check", "news.txt", "--rules", "dump.toml"]);
    assert_refused(&r, &["file is too large to read (70 MiB; the limit is 64 MiB)"]);
}

#[test]
fn a_token_rule_stops_after_ten_thousand_findings_in_an_article_and_says_so() {
    let dir = temp();
    // Fifteen thousand doubled words: 15,000 findings of one rule, were there no limit.
    write(
        dir.path(),
        "dump.txt",
        format!("{}\n\n{NEWS}\n", "the the. ".repeat(15_000)),
    );
    let r = run(dir.path(), &["check", "dump.txt", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    let doubled = findings(&doc).iter().filter(|f| f.0 == "hygiene/doubled-word").count();
    assert_eq!(doubled, 10_000);
    let notices = doc["notices"].as_array().expect("notices");
    assert!(
        notices.iter().any(|n| n["rule"] == "hygiene/doubled-word"
            && n["story"] == "dump.txt"
            && n["message"]
                == "`hygiene/doubled-word` stopped after 10,000 findings in `dump.txt`; findings past them were not looked for"),
        "{notices:?}"
    );
    // The terminal's format says it on standard error.
    let r = run(dir.path(), &["check", "dump.txt", "--format", "concise"]);
    assert!(
        r.stderr.contains("stopped after 10,000 findings in `dump.txt`"),
        "{}",
        r.stderr
    );
}

#[test]
fn empty_and_whitespace_only_articles_are_clean() {
    let dir = temp();
    write(dir.path(), "story/empty.txt", "");
    write(dir.path(), "story/blank.md", " \n\t\n\r\n   \u{a0}\u{3000}\n\n");
    write(dir.path(), "story/bom.txt", "\u{feff}");
    let r = run(dir.path(), &["check", "story"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout.trim(), "no findings in 3 files");
    let r = run(dir.path(), &["facts", "story", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for d in r.json()["documents"].as_array().expect("documents") {
        assert_eq!(d["facts"], Value::Array(Vec::new()), "{d}");
    }
}

/// 20 MB of the seed story on one line. The human renderer cuts the line to windows; every
/// label must still be the file's bytes.
#[test]
#[ignore = "too slow and too big for every test run: in a release build time and memory grow \
            in proportion, 20 MB on one line taking 8 to 9 s and 1.0 GB in JSON as in the human \
            format; run with --ignored in a release build"]
fn a_twenty_megabyte_single_line() {
    let dir = temp();
    let line = seed_paragraphs().join(" ");
    let mut text = String::with_capacity(20 << 20);
    while text.len() < 20 << 20 {
        text.push_str(&line);
        text.push(' ');
    }
    write(dir.path(), "line.txt", &text);
    let r = run(
        dir.path(),
        &["check", "line.txt", "--format", "json", "--date", "2020-12-03"],
    );
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert_labels_are_the_files_bytes(dir.path(), &r.json());
    let r = run(dir.path(), &["check", "line.txt", "--date", "2020-12-03"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(
        r.stdout.lines().all(|l| l.chars().count() < 400),
        "long lines are cut to windows"
    );
}

#[test]
fn ten_thousand_nested_or_unbalanced_quotation_marks() {
    let dir = temp();
    let nested = format!(
        "The minister said {} we will stay {} and left.\n",
        "“‘".repeat(5_000),
        "’”".repeat(5_000)
    );
    let unbalanced = format!("{}\n\n{}\n\n{NEWS}\n", "“".repeat(10_000), "\"".repeat(10_001));
    write(dir.path(), "nested.txt", &nested);
    write(dir.path(), "unbalanced.txt", &unbalanced);
    for file in ["nested.txt", "unbalanced.txt"] {
        let r = run(dir.path(), &["check", file, "--format", "json"]);
        // Only warnings and notes: the default --fail-on error passes.
        assert_eq!(r.code, 0, "{}", r.stderr);
        let doc = r.json();
        assert_labels_are_the_files_bytes(dir.path(), &doc);
        for (rule, _, _, text) in findings(&doc) {
            if rule == "hygiene/unbalanced-quote" {
                assert!(["“", "”", "‘", "’", "\""].contains(&text.as_str()), "{text}");
            }
        }
        let r = run(dir.path(), &["facts", file, "--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    // A mark with no partner is flagged at its place, even among ten thousand.
    let r = run(dir.path(), &["check", "unbalanced.txt", "--format", "concise"]);
    assert!(
        r.stdout
            .contains("unbalanced.txt:1:10000: warning[hygiene/unbalanced-quote]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("unbalanced.txt:5:"),
        "the news paragraph is still checked: {}",
        r.stdout
    );
}

#[test]
fn a_hundred_thousand_digit_number_and_a_one_megabyte_word() {
    let dir = temp();
    write(
        dir.path(),
        "digits.txt",
        format!(
            "The ministry said {} people had been displaced on Monday.\n",
            "7".repeat(100_000)
        ),
    );
    write(
        dir.path(),
        "word.txt",
        format!(
            "Officials said {} on Monday the the embassy would close.\n",
            "a".repeat(1 << 20)
        ),
    );
    let r = run(
        dir.path(),
        &[
            "check",
            "digits.txt",
            "word.txt",
            "--format",
            "concise",
            "--date",
            "2020-12-03",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Columns count characters: the doubled word after the long word is found at its place.
    let col = "Officials said ".len() + (1 << 20) + " on Monday ".len() + 1;
    assert!(
        r.stdout
            .contains(&format!("word.txt:1:{col}: warning[hygiene/doubled-word]")),
        "{}",
        r.stdout
    );
    let r = run(
        dir.path(),
        &["facts", "digits.txt", "--format", "json", "--date", "2020-12-03"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    let facts = doc["documents"][0]["facts"].as_array().expect("facts");
    // The number is too long to be an amount; the date after it is still read.
    assert!(
        facts.iter().any(|f| f["kind"] == "date" && f["text"] == "Monday"),
        "{facts:?}"
    );
    let r = run(dir.path(), &["check", "word.txt", "--date", "2020-12-03"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("doubled word"), "{}", r.stdout);
}

#[test]
fn deep_brackets() {
    let dir = temp();
    let deep = format!(
        "The report ({} said {}) was published. [{}{}\n\n{NEWS}\n",
        "(".repeat(10_000),
        ")".repeat(10_000),
        "[{<".repeat(5_000),
        "]".repeat(3_000)
    );
    write(dir.path(), "deep.md", &deep);
    let r = run(dir.path(), &["check", "deep.md", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_labels_are_the_files_bytes(dir.path(), &doc);
    assert!(
        findings(&doc)
            .iter()
            .any(|f| f.0 == "hygiene/doubled-word" && f.2 == "3:31"),
        "{:?}",
        findings(&doc)
    );
}

#[test]
fn control_characters_are_read_and_never_reach_the_terminal() {
    let dir = temp();
    let text = "Officials\u{1} said\u{7} on Monday the \u{1b}[31membassy\u{1b}[0m would \u{8}close\u{b}.\u{c}\u{7f}\n\
                The\u{85} the staff\u{202e} left\u{200b} on Tuesday.\n";
    write(dir.path(), "ctrl.txt", text);
    let r = run(
        dir.path(),
        &["check", "ctrl.txt", "--format", "json", "--date", "2020-12-03"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_labels_are_the_files_bytes(dir.path(), &doc);
    assert!(
        findings(&doc)
            .iter()
            .any(|f| f.0 == "hygiene/doubled-word" && f.2 == "2:1"),
        "{:?}",
        findings(&doc)
    );
    let r = run(dir.path(), &["check", "ctrl.txt", "--date", "2020-12-03"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("ctrl.txt:2:1"), "{}", r.stdout);
    // An article cannot move the cursor, ring the bell, change colours or reverse the text
    // of the reader's terminal.
    for c in [
        '\u{1}', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{202e}', '\r',
    ] {
        assert!(!r.stdout.contains(c), "{c:?} reaches the terminal:\n{}", r.stdout);
    }
}

#[test]
fn cr_only_and_mixed_line_endings() {
    let dir = temp();
    // Old Mac line endings: one line for factlint, whose lines end at line feeds.
    write(
        dir.path(),
        "cr.txt",
        "Officials said on Monday the embassy would close.\rThe the staff left on Tuesday.\r\rA spokesperson declined to comment.\r",
    );
    write(
        dir.path(),
        "mixed.txt",
        "Officials said on Monday the embassy would close.\r\nThe the staff left on Tuesday.\rA spokesperson said.\n\r\n“We are leaving,” he said.\r",
    );
    let r = run(
        dir.path(),
        &[
            "check",
            "cr.txt",
            "mixed.txt",
            "--format",
            "json",
            "--date",
            "2020-12-03",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_labels_are_the_files_bytes(dir.path(), &doc);
    let doubled: Vec<_> = findings(&doc)
        .into_iter()
        .filter(|f| f.0 == "hygiene/doubled-word")
        .map(|f| (f.1, f.2, f.3))
        .collect();
    assert_eq!(
        doubled,
        [
            ("cr.txt".to_string(), "1:51".to_string(), "The the".to_string()),
            ("mixed.txt".to_string(), "2:1".to_string(), "The the".to_string()),
        ]
    );
    let r = run(dir.path(), &["check", "cr.txt", "mixed.txt", "--date", "2020-12-03"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stdout.contains('\r'),
        "a carriage return would overwrite the line shown"
    );
}

#[test]
fn broken_front_matter_is_located() {
    let dir = temp();
    let body = format!("{NEWS}\n");
    write(
        dir.path(),
        "yaml.txt",
        format!("---\ntitle: \"unclosed\ndate: 2020-12-03\n---\n{body}"),
    );
    write(dir.path(), "toml.md", format!("+++\ndate = 2020-02-30\n+++\n{body}"));
    write(dir.path(), "open.txt", format!("---\ndate: 2020-12-03\n{body}"));
    write(
        dir.path(),
        "key.txt",
        format!("---\ndate: [2020, 12]\nrole: editor\n---\n{body}"),
    );
    write(
        dir.path(),
        "deep.txt",
        format!("---\nx: {}\n---\n{body}", "[".repeat(10_000)),
    );
    // Aliases of aliases: 400 bytes that would be billions of copies once loaded.
    let mut bomb = String::from("---\na0: &a0 [x,x,x,x,x,x,x,x,x]\n");
    for i in 1..10 {
        let items = vec![format!("*a{}", i - 1); 9].join(",");
        bomb.push_str(&format!("a{i}: &a{i} [{items}]\n"));
    }
    write(dir.path(), "bomb.md", format!("{bomb}---\n{body}"));
    // Anchors alone: the loader keeps a copy of every anchored value, nested ones too.
    write(
        dir.path(),
        "anchor.md",
        format!("---\nsource: Reuters\nx: &a0 [&a1 [&a2 [x, x]]]\n---\n{body}"),
    );
    for (file, place, message) in [
        ("yaml.txt", "yaml.txt:2:8", "invalid YAML front matter"),
        ("toml.md", "toml.md:2:8", "invalid TOML front matter"),
        (
            "open.txt",
            "open.txt:1:1",
            "front matter opened with `---` is never closed",
        ),
        (
            "key.txt",
            "key.txt:2:7",
            "`date` takes one value, not a list or a mapping",
        ),
        ("key.txt", "key.txt:3:7", "unknown role `editor`"),
        (
            "deep.txt",
            "deep.txt:2:",
            "invalid YAML front matter: recursion limit exceeded",
        ),
        ("bomb.md", "bomb.md:2:9", "YAML front matter with an anchor or an alias"),
        (
            "anchor.md",
            "anchor.md:3:8",
            "YAML front matter with an anchor or an alias",
        ),
    ] {
        let r = run(dir.path(), &["check", file]);
        assert_eq!(r.code, 2, "{file}: {}", r.stderr);
        assert!(r.stderr.contains(place), "{file}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{file}: {}", r.stderr);
    }
}

#[test]
fn impossible_dates_are_located() {
    let dir = temp();
    write(dir.path(), "line.txt", format!("date 2021-02-29\n{NEWS}\n"));
    write(dir.path(), "flag.txt", format!("{NEWS}\n"));
    write(
        dir.path(),
        "body.txt",
        "date 2020-12-03\nThe embassy closed on February 30, 2020, and reopened on Wednesday, Dec. 3, 2020, \
         officials said. A vote is set for 31 April and for the 0th of Smarch.\n",
    );
    let r = run(dir.path(), &["check", "line.txt"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`2021-02-29` is not a date that exists"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("line.txt:1:6"), "{}", r.stderr);
    // A bad --date is a bad flag.
    let r = run(dir.path(), &["check", "flag.txt", "--date", "2020-13-01"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("2020-13-01"), "{}", r.stderr);
    let r = run(dir.path(), &["check", "body.txt", "--format", "json"]);
    assert_eq!(r.code, 1, "the weekday mismatch is an error: {}", r.stderr);
    let found = findings(&r.json());
    assert!(
        found
            .iter()
            .any(|f| f.0 == "dates/impossible-date" && f.3.starts_with("February 30")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "dates/impossible-date" && f.3.starts_with("31 April")),
        "{found:?}"
    );
    assert!(found.iter().any(|f| f.0 == "dates/weekday-mismatch"), "{found:?}");
}

#[test]
fn a_missing_path_is_named_and_the_others_are_checked() {
    let dir = temp();
    write(dir.path(), "here.txt", NEWS);
    let r = run(dir.path(), &["check", "gone.txt", "here.txt", "gone/"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no such file or directory\n = in gone.txt"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("in gone/"), "{}", r.stderr);
    assert!(r.stderr.contains("2 problems"), "{}", r.stderr);
    assert!(r.stdout.contains("here.txt:1:"), "{}", r.stdout);
    let r = run(
        dir.path(),
        &["check", "here.txt", "--rules", "no-such-pack", "--config", "none.toml"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no-such-pack") && r.stderr.contains("none.toml"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed_and_a_named_one_is_reported() {
    use std::os::unix::fs::symlink;
    let dir = temp();
    write(dir.path(), "story/wire.txt", NEWS);
    symlink("..", dir.path().join("story/up")).expect("symlink");
    symlink("loop-b.txt", dir.path().join("story/loop-a.txt")).expect("symlink");
    symlink("loop-a.txt", dir.path().join("story/loop-b.txt")).expect("symlink");
    symlink(".", dir.path().join("story/self")).expect("symlink");
    let r = run(dir.path(), &["check", "story", "--format", "concise"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("in 1 file"), "{}", r.stdout);
    let r = run(dir.path(), &["check", "story/loop-a.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("symbolic links"), "{}", r.stderr);
    assert!(r.stderr.contains("in story/loop-a.txt"), "{}", r.stderr);
    // Rule folders and configurations are walked the same way.
    write(dir.path(), "story/factlint.toml", "rules = [\"self\"]\n");
    let r = run(dir.path(), &["check", "story"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Small news articles, distinct, dated, built from the seed story's paragraphs.
fn small_articles(dir: &Path, n: usize, own_story: bool) {
    let paragraphs = seed_paragraphs();
    for i in 0..n {
        let story = if own_story {
            format!("story: s{i}\n")
        } else {
            String::new()
        };
        let body: Vec<&str> = (0..2)
            .map(|k| paragraphs[(i * 7 + k) % paragraphs.len()].as_str())
            .collect();
        write(
            dir,
            &format!("desk/a{i:04}.md"),
            format!(
                "---\n{story}date: 2020-12-{:02}\n---\n{}\n",
                1 + i % 28,
                body.join("\n\n")
            ),
        );
    }
}

#[test]
fn two_thousand_small_files() {
    let dir = temp();
    small_articles(dir.path(), 2_000, true);
    let r = run(dir.path(), &["check", "desk", "--format", "json", "--fail-on", "never"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["summary"]["files"], 2_000);
    assert_labels_are_the_files_bytes(dir.path(), &doc);
}

#[test]
#[ignore = "slow in a debug build: one story of 2,000 articles is compared pairwise (5.3 s and \
            290 MB in a release build); run with --ignored in a release build"]
fn two_thousand_small_files_of_one_story() {
    let dir = temp();
    small_articles(dir.path(), 2_000, false);
    let r = run(dir.path(), &["check", "desk", "--format", "json", "--fail-on", "never"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["summary"]["files"], 2_000);
}

/// Files deleted while factlint lists and reads their folder. Which of them are read
/// depends on the race, so the test asserts what holds whatever its outcome: every file is
/// either checked or reported by name as missing, the exit status says which, and nothing
/// panics. (A deterministic variant would need a hook between listing and reading that the
/// pipeline does not have; the read of a listed file goes through the same error path as a
/// missing file named on the command line, tested above.)
#[test]
fn files_that_disappear_during_the_run() {
    let dir = temp();
    small_articles(dir.path(), 300, true);
    let root = dir.path().to_path_buf();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("factlint"));
    cmd.env_remove("RUST_BACKTRACE")
        .current_dir(&root)
        .args(["check", "desk", "--format", "json", "--fail-on", "never"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().expect("factlint starts");
    // Delete every other file, last first, while the command runs.
    for i in (0..300).rev().step_by(2) {
        let _ = std::fs::remove_file(root.join(format!("desk/a{i:04}.md")));
    }
    let out = wait_guarded(child);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let checked = doc["summary"]["files"].as_u64().expect("files") as usize;
    let problems = doc["problems"].as_array().expect("problems");
    assert!(
        checked >= 150 && checked + problems.len() <= 300,
        "{checked} + {}",
        problems.len()
    );
    for p in problems {
        assert_eq!(p["message"], "no such file or directory", "{p}");
        let path = p["path"].as_str().expect("path");
        let n: usize = path
            .trim_start_matches("desk/a")
            .trim_end_matches(".md")
            .parse()
            .expect("an article's name");
        assert!(n % 2 == 1, "{path} was never deleted");
    }
    assert_eq!(out.status.code(), Some(if problems.is_empty() { 0 } else { 2 }));
}

/// Waits for `child`, killing it after the hang guard.
fn wait_guarded(mut child: std::process::Child) -> std::process::Output {
    let (tx, rx) = std::sync::mpsc::channel();
    let id = child.id();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    std::thread::spawn(move || {
        let read = |r: Option<Box<dyn std::io::Read + Send>>| {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        };
        let out = read(stdout.map(|s| Box::new(s) as Box<dyn std::io::Read + Send>));
        let err = read(stderr.map(|s| Box::new(s) as Box<dyn std::io::Read + Send>));
        let status = child.wait().expect("wait");
        let _ = tx.send(std::process::Output {
            status,
            stdout: out,
            stderr: err,
        });
    });
    rx.recv_timeout(HANG_GUARD).unwrap_or_else(|_| {
        let _ = std::process::Command::new("kill").arg(id.to_string()).status();
        panic!("factlint did not finish within the hang guard")
    })
}

fn rule(pattern: &str) -> String {
    format!(
        "id = \"hostile\"\nseverity = \"warning\"\nsummary = \"A hostile pattern\"\n\
         patterns = ['{pattern}']\nmessage = \"matched\"\n"
    )
}

#[test]
fn pathological_regexes_and_deep_nesting_in_rule_files() {
    let dir = temp();
    let article = write(dir.path(), "a.txt", format!("{} b\n\n{NEWS}\n", "a".repeat(50_000)));
    let _ = article;
    // Backtracking regexes are linear in the regex crate; the whole token must match.
    write(
        dir.path(),
        "re/house/hostile.toml",
        rule("/(a+)+b/ | /(a|aa)*c/ | /(\\w+\\s?)+$/"),
    );
    let r = run(dir.path(), &["check", "a.txt", "--rules", "re", "--format", "concise"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A regex too big to compile is refused at its place.
    write(dir.path(), "big/house/hostile.toml", rule("/(\\w{100}){100}{100}/"));
    let r = run(dir.path(), &["check", "a.txt", "--rules", "big"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("this regex does not compile"), "{}", r.stderr);
    assert!(r.stderr.contains("big/house/hostile.toml:4:14"), "{}", r.stderr);
    // A thousand nested parentheses, in a pattern and in a regex (which the regex crate
    // bounds).
    let deep = format!("{}said{}", "(".repeat(1_000), ")".repeat(1_000));
    write(dir.path(), "deep/house/hostile.toml", rule(&deep));
    write(dir.path(), "deepre/house/hostile.toml", rule(&format!("/{deep}/")));
    for (pack, message) in [
        ("deep", "nested more than 64 levels deep"),
        (
            "deepre",
            "this regex does not compile: exceed the maximum number of nested",
        ),
    ] {
        let r = run(dir.path(), &["check", "a.txt", "--rules", pack]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(message), "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{pack}/house/hostile.toml:4:")),
            "{}",
            r.stderr
        );
    }
    // A thousand nested `not`s and groups in a fact query.
    let when = format!("{}date() as d{}", "not (".repeat(1_000), ")".repeat(1_000));
    write(
        dir.path(),
        "q/house/q.toml",
        format!("id = \"q\"\nseverity = \"info\"\nsummary = \"x\"\nwhen = '{when}'\nmessage = \"x\"\n"),
    );
    let r = run(dir.path(), &["check", "a.txt", "--rules", "q"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("q/house/q.toml:4:"), "{}", r.stderr);
    // The same files through `factlint test` and `factlint rules`.
    for args in [&["test", "deep"][..], &["rules", "--rules", "q"]] {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
}

#[test]
fn long_chains_of_operators_and_brackets_behind_quotation_marks_are_refused() {
    let dir = temp();
    write(
        dir.path(),
        "a.txt",
        "It happened on Wednesday, the the officials said.\n",
    );
    let when_rule = |when: &str, message: &str| {
        format!("id = \"q\"\nseverity = \"info\"\nsummary = \"x\"\nwhen = '''{when}'''\nmessage = '''{message}'''\n")
    };
    // Four thousand operators in a row make a tree four thousand levels deep.
    let chain = " == true".repeat(4_000);
    write(
        dir.path(),
        "chain/house/q.toml",
        when_rule(&format!("date() as d, d.relative{chain}"), "x"),
    );
    write(
        dir.path(),
        "hole/house/q.toml",
        when_rule("date() as d", &format!("{{lower(d.text){chain}}}")),
    );
    // Brackets after a quotation mark that a regex, an escaped backslash or a comment holds.
    let deep = format!("{}the{}", "(".repeat(2_000), ")".repeat(2_000));
    write(dir.path(), "regex/house/hostile.toml", rule(&format!("/\"/ {deep}")));
    write(
        dir.path(),
        "escape/house/q.toml",
        when_rule(&format!("date() as d, d.text != \"\\\\\" and {deep}"), "x"),
    );
    write(
        dir.path(),
        "comment/house/q.toml",
        when_rule(&format!("date() as d # a \"note\n, d.text != {deep}"), "x"),
    );
    // Closing brackets inside a regex, and `]` (a word in a token pattern), close nothing:
    // the groups around them are eighty deep.
    let groups = |inner: &str| format!("{}{inner}{}the{}", "(".repeat(40), "(".repeat(40), ")".repeat(80));
    write(
        dir.path(),
        "closing/house/hostile.toml",
        rule(&groups(&format!(" /[{}]/ ", ")".repeat(40)))),
    );
    write(dir.path(), "words/house/hostile.toml", rule(&groups(&" ]".repeat(40))));
    for pack in ["closing", "words"] {
        let r = run(dir.path(), &["rules", "--rules", pack]);
        assert_eq!(r.code, 2, "{pack}: {}", r.stderr);
        assert!(
            r.stderr.contains("nested more than 64 levels deep"),
            "{pack}: {}",
            r.stderr
        );
    }
    // Opening brackets inside regexes, and words that start with `not`, nest nothing.
    write(dir.path(), "open/house/hostile.toml", rule(&"/[(]/ ".repeat(65)));
    let notes = vec!["?notes != \"x\""; 65].join(" and ");
    write(
        dir.path(),
        "notes/house/q.toml",
        when_rule(&format!("date(text: ?notes) as d, {notes}"), "x"),
    );
    for pack in ["open", "notes"] {
        let r = run(dir.path(), &["rules", "--rules", pack]);
        assert_eq!(r.code, 0, "{pack}: {}", r.stderr);
    }
    // Operators written right after numbers are operators too.
    write(
        dir.path(),
        "glued/house/q.toml",
        when_rule(&format!("date() as d, 1{}", "and 1".repeat(300)), "x"),
    );
    for (pack, message) in [
        ("glued", "this expression has more than 256 operators"),
        ("chain", "this expression has more than 256 operators"),
        ("hole", "this expression has more than 256 operators"),
        ("regex", "nested more than 64 levels deep"),
        ("escape", "nested more than 64 levels deep"),
        ("comment", "nested more than 64 levels deep"),
    ] {
        for args in [&["check", "a.txt", "--rules", pack][..], &["rules", "--rules", pack]] {
            let r = run(dir.path(), args);
            assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
            assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
            assert!(r.stderr.contains(&format!("{pack}/house/")), "{args:?}: {}", r.stderr);
        }
    }
}

#[test]
fn a_configuration_that_names_itself() {
    // factlint.toml has no `include`: what comes closest is a configuration that names itself
    // (or its own folder) as rules or aliases. It is read once and reported, never followed.
    let dir = temp();
    write(dir.path(), "one/factlint.toml", "rules = [\"factlint.toml\"]\n");
    write(dir.path(), "one/a.txt", NEWS);
    write(dir.path(), "alias/factlint.toml", "aliases = [\"factlint.toml\"]\n");
    write(dir.path(), "alias/a.txt", NEWS);
    for (args, place) in [
        (&["check", "one"][..], "one/factlint.toml"),
        (
            &["check", "one/a.txt", "--config", "one/factlint.toml"],
            "one/factlint.toml",
        ),
        (&["check", "alias"], "is a configuration file, not an alias table"),
    ] {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(place), "{args:?}: {}", r.stderr);
        assert!(!r.stdout.contains("a.txt"), "nothing is checked: {}", r.stdout);
    }
    let r = run(dir.path(), &["check", "one"]);
    assert!(
        r.stderr.contains("is a configuration file, not a rule file"),
        "{}",
        r.stderr
    );
    // Its own folder as rules: the rule files beside it are loaded, the configuration is not.
    write(dir.path(), "own/factlint.toml", "rules = [\".\"]\n");
    write(dir.path(), "own/house/hostile.toml", rule("embassy"));
    write(dir.path(), "own/story/a.txt", NEWS);
    let r = run(dir.path(), &["check", "own/story", "--format", "concise"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("warning[house/hostile] matched"), "{}", r.stdout);
}

#[test]
fn broken_or_deeply_nested_ninjs() {
    let dir = temp();
    let body = "Officials said on Monday the the embassy would close.";
    write(
        dir.path(),
        "cut.json",
        format!("{{\"headline\": \"Embassy\", \"body_text\": \"{body}\", \"versioncreated\": \"2020-12-03"),
    );
    write(
        dir.path(),
        "deep-extra.json",
        format!(
            "{{\"body_text\": \"{body}\", \"extra\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    write(
        dir.path(),
        "deep-body.json",
        format!(
            "{{\"body_text\": {}\"{body}\"{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    write(
        dir.path(),
        "bodies.json",
        format!("{{\"bodies\": [{{\"value\": {}}}]}}", "{\"value\": ".repeat(5_000)),
    );
    write(
        dir.path(),
        "html.json",
        format!("{{\"body_html\": \"{}{body}\"}}", "<b>".repeat(20_000)),
    );
    let r = run(dir.path(), &["check", "cut.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a ninjs item"), "{}", r.stderr);
    assert!(r.stderr.contains("cut.json:1:"), "{}", r.stderr);
    let r = run(dir.path(), &["check", "deep-extra.json", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert!(
        findings(&doc)
            .iter()
            .any(|f| f.0 == "hygiene/doubled-word" && f.3 == "the the"),
        "{doc}"
    );
    assert_labels_are_the_files_bytes(dir.path(), &doc);
    for file in ["deep-body.json", "bodies.json"] {
        let r = run(dir.path(), &["check", file, "--input", "ninjs"]);
        assert_eq!(r.code, 2, "{file}: {}", r.stderr);
        assert!(r.stderr.contains(&format!("{file}:1:")), "{file}: {}", r.stderr);
    }
    let r = run(dir.path(), &["check", "html.json", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_labels_are_the_files_bytes(dir.path(), &r.json());
}

#[test]
fn json_lines_with_broken_lines() {
    let dir = temp();
    let good =
        |id: &str, text: &str| serde_json::json!({"id": id, "text": text, "published": "2020-12-03"}).to_string();
    let lines = [
        good("wire-1", NEWS),
        "{\"id\": \"cut\", \"text\": \"The embassy".to_string(),
        "not JSON at all".to_string(),
        "{\"id\": \"no-text\"}".to_string(),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        serde_json::json!({"id": "bad-date", "text": NEWS, "published": "2020-02-30"}).to_string(),
        String::new(),
        good("wire-2", "The the ministry said it had nothing to add."),
    ];
    let mut stdin = (lines.join("\n") + "\n").into_bytes();
    // A line with a byte that is not UTF-8 (line 9) and one with a NUL byte (line 10): each
    // is reported, and the line after them still read.
    stdin.extend(b"{\"id\": \"latin-1\", \"text\": \"Caf\xe9 owners said\"}\n\x00\n");
    stdin.extend(good("wire-3", "The the embassy stayed open.").as_bytes());
    stdin.push(b'\n');
    let r = run_in(
        dir.path(),
        &["check", "-", "--input", "jsonl", "--format", "concise"],
        Some(&stdin),
    );
    assert_refused(
        &r,
        &[
            "line 9 is not an article: invalid UTF-8: byte 0xe9 at column 31",
            "line 10 is not an article: a NUL byte at column 1",
        ],
    );
    assert!(
        r.stdout.contains("wire-3:1:1: warning[hygiene/doubled-word]"),
        "{}",
        r.stdout
    );
    for n in [2, 3, 4, 5, 9, 10] {
        assert!(
            r.stderr.contains(&format!("line {n} is not an article")),
            "line {n}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(&format!("<stdin>:{n}:")), "line {n}: {}", r.stderr);
    }
    assert!(r.stderr.contains("`published` is `2020-02-30`"), "{}", r.stderr);
    assert!(r.stdout.contains("wire-1:1:"), "{}", r.stdout);
    assert!(
        r.stdout.contains("wire-2:1:1: warning[hygiene/doubled-word]"),
        "{}",
        r.stdout
    );
    // Invalid UTF-8 and a NUL in JSON Lines input.
    let r = run_in(
        dir.path(),
        &["check", "-", "--input", "jsonl"],
        Some(b"{\"text\": \"caf\xe9\"}\n"),
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid UTF-8"), "{}", r.stderr);
    let r = run_in(
        dir.path(),
        &["check", "-", "--input", "jsonl"],
        Some(b"{\"text\": \"a\"}\0\n"),
    );
    // (A NUL byte in the first line: the stream is binary.)
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("binary file: NUL byte at offset 13"), "{}", r.stderr);
    // A compressed stream is no text: refused whole, not line by line.
    let mut gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00".to_vec();
    gzip.extend((0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let r = run_in(dir.path(), &["check", "-", "--input", "jsonl"], Some(&gzip));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("binary file: NUL byte at offset"), "{}", r.stderr);
    assert!(!r.stderr.contains("is not an article"), "{}", r.stderr);
    // A character of several bytes before the bad byte is one column.
    let mut latin = b"{\"text\": \"".to_vec();
    latin.extend("ééé".as_bytes());
    latin.extend(b"\xe9\"}\n{\"text\": \"The the embassy.\"}\n{\"text\": \"x\"}\n");
    let r = run_in(dir.path(), &["check", "-", "--input", "jsonl"], Some(&latin));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("line 1 is not an article: invalid UTF-8: byte 0xe9 at column 14"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("doubled word"), "{}", r.stdout);
}

#[test]
fn markdown_with_unclosed_code_fences() {
    let dir = temp();
    write(
        dir.path(),
        "fence.md",
        format!("# Embassy\n\n{NEWS}\n\n```text\nThe the code sample.\n\n~~~\nOfficials said more.\n"),
    );
    write(
        dir.path(),
        "ticks.md",
        format!(
            "{NEWS}\n\n{}\n{}\n    indented the the\n",
            "```\n".repeat(3),
            "`".repeat(10_001)
        ),
    );
    write(
        dir.path(),
        "html.md",
        format!("{NEWS}\n\n<div>\n<!-- unclosed\n{}\n", "<p>".repeat(10_000)),
    );
    let r = run(
        dir.path(),
        &["check", "fence.md", "ticks.md", "html.md", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_labels_are_the_files_bytes(dir.path(), &doc);
    let doubled: Vec<_> = findings(&doc)
        .into_iter()
        .filter(|f| f.0 == "hygiene/doubled-word")
        .map(|f| (f.1, f.2))
        .collect();
    // Only the prose before each fence: what follows an unclosed fence is code to its end.
    assert_eq!(
        doubled,
        [
            ("fence.md".to_string(), "3:31".to_string()),
            ("ticks.md".to_string(), "1:31".to_string()),
            ("html.md".to_string(), "1:31".to_string()),
        ]
    );
}

/// Found by the `rule_file` fuzz target: a pattern in a literal string left unclosed, ending
/// in a character of several bytes. TOML recovers the string without its closing quote, and
/// the place of the pattern's error was cut inside the "…", which the JSON renderer could not
/// slice.
#[test]
fn an_unclosed_pattern_string_ending_in_an_ellipsis() {
    let dir = temp();
    write(dir.path(), "a.txt", NEWS);
    write(
        dir.path(),
        "cut/house/hostile.toml",
        "id = \"hostile\"\nseverity = \"info\"\nsummary = \"x\"\nmessage = \"x\"\npatterns = [\n  'said (a | …\n]\n",
    );
    for format in ["human", "json", "jsonl", "sarif", "github"] {
        let r = run(dir.path(), &["check", "a.txt", "--rules", "cut", "--format", format]);
        assert_eq!(r.code, 2, "{format}: {}", r.stderr);
        assert!(r.stderr.contains("cut/house/hostile.toml:6:"), "{format}: {}", r.stderr);
    }
}

/// `--fix` where the fixed file cannot be written: its folder is read-only. Permissions do
/// not bind the superuser, so as root the command runs as `nobody` (with `setpriv`).
#[cfg(unix)]
#[test]
fn fixes_for_a_file_in_a_read_only_folder_are_reported_and_nothing_changes() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let dir = temp();
    let article = write(dir.path(), "desk/draft.txt", format!("date 2020-12-03\n{NEWS}\n"));
    let mode = |path: &Path, m: u32| std::fs::set_permissions(path, std::fs::Permissions::from_mode(m)).expect("chmod");
    mode(dir.path(), 0o755);
    mode(&article, 0o644);
    mode(&dir.path().join("desk"), 0o555);
    let root = std::fs::metadata(&article).expect("metadata").uid() == 0;
    let before = snapshot(dir.path());
    let bin = assert_cmd::cargo::cargo_bin("factlint");
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    let out = cmd
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .current_dir(dir.path())
        .args(["check", "desk/draft.txt", "--fix"])
        .timeout(HANG_GUARD)
        .output()
        .expect("factlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    mode(&dir.path().join("desk"), 0o755);
    if root && stderr.contains("setpriv") {
        #[allow(
            clippy::print_stderr,
            reason = "a test that cannot run here says so in the test output"
        )]
        {
            eprintln!("skipped: cannot run as nobody here: {stderr}");
        }
        return;
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the fixes were not written: permission denied in its folder")
            && stderr.contains("desk/draft.txt"),
        "{stderr}"
    );
    // No temporary file is left behind and the article is as it was, bytes and time.
    assert!(
        before == snapshot(dir.path()),
        "a file under {} changed",
        dir.path().display()
    );
}

/// Found by the `inputs` fuzz target: a ninjs body whose `\u` escape is cut short by a
/// character of several bytes. The JSON parser stops inside that character; the place of
/// the error must not be cut inside it.
#[test]
fn a_ninjs_escape_cut_short_by_a_greek_letter() {
    let dir = temp();
    write(
        dir.path(),
        "item.json",
        "{\"headline\": \"Embassy staff withdrawn\", \"body_text\": \"Officials said the move was temporary,\\u20ϕ an official said.\"}",
    );
    for format in ["human", "json", "sarif"] {
        let r = run(dir.path(), &["check", "item.json", "--format", format]);
        assert_eq!(r.code, 2, "{format}: {}", r.stderr);
        assert!(r.stderr.contains("not a ninjs item"), "{format}: {}", r.stderr);
        assert!(r.stderr.contains("item.json:1:"), "{format}: {}", r.stderr);
    }
}

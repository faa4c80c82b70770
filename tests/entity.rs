//! Data-driven tests of the entity extractor.
//!
//! Every folder under `tests/fixtures/entity/` is one story: its `*.txt`
//! articles mark each expected mention as `[[surface|tag]]`, `expected.toml`
//! gives each tag's type (and, when present, the exact name, roles,
//! spellings and variants of the resolved entity), and an optional
//! `aliases.toml` is the story's own alias table. One helper, [`check_story`],
//! runs them all and measures mentions (span and type) and joins (pairs of
//! mentions put in one entity).

#![allow(
    clippy::print_stdout,
    reason = "the fixtures' precision and recall are reported on standard output"
)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use factlint::extract::entity::{
    AliasTable, EntityKind, Mention, Resolution, find_mentions, mention_fact_json, resolve,
};
use factlint::span::Span;

/// Crude sentences: split after . ! ? followed by a space and a capital, and at newlines.
fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let split = c == '\n'
            || (matches!(c, '.' | '!' | '?')
                && bytes.get(end) == Some(&b' ')
                && text[end + 1..].chars().next().is_some_and(char::is_uppercase));
        if split {
            if end > start {
                out.push(Span::new(start, end));
            }
            start = end;
        }
    }
    if start < text.len() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// An expected mention: where and which entity tag.
#[derive(Clone, Debug)]
struct Gold {
    span: Span,
    tag: String,
}

/// Removes the `[[surface|tag]]` marks; returns the plain text and the marks.
fn parse_annotated(src: &str) -> (String, Vec<Gold>) {
    let mut text = String::with_capacity(src.len());
    let mut gold = Vec::new();
    let mut rest = src;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let bar = after.find('|').expect("`|` after `[[`");
        let close = after[bar..].find("]]").expect("`]]` after `|`") + bar;
        let start = text.len();
        text.push_str(&after[..bar]);
        gold.push(Gold {
            span: Span::new(start, text.len()),
            tag: after[bar + 1..close].to_string(),
        });
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    (text, gold)
}

/// What `expected.toml` says about one tag.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    #[serde(rename = "type")]
    kind: String,
    name: Option<String>,
    roles: Option<Vec<String>>,
    spellings: Option<Vec<String>>,
    variants: Option<Vec<Vec<String>>>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedFile {
    entity: BTreeMap<String, Expected>,
}

/// Counts for precision and recall.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    fn p(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn r(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn show(&self) -> String {
        format!(
            "P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {})",
            self.p(),
            self.r(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

struct StoryReport {
    mentions_typed: Counts,
    mentions_span: Counts,
    joins: Counts,
    problems: Vec<String>,
}

fn kind_name(k: EntityKind) -> &'static str {
    k.as_str()
}

/// Runs one story folder and compares it with its expectations.
fn check_story(dir: &Path) -> StoryReport {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("story folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let expected: ExpectedFile =
        toml::from_str(&std::fs::read_to_string(dir.join("expected.toml")).expect("expected.toml"))
            .expect("valid expected.toml");
    let user = std::fs::read_to_string(dir.join("aliases.toml"))
        .ok()
        .map(|src| AliasTable::parse_toml(&src).expect("valid story alias table"));
    let mut tables: Vec<&AliasTable> = Vec::new();
    if let Some(u) = &user {
        tables.push(u);
    }
    tables.push(AliasTable::builtin());

    let docs: Vec<(String, Vec<Gold>)> = files
        .iter()
        .map(|f| parse_annotated(&std::fs::read_to_string(f).expect("article")))
        .collect();
    let mentions: Vec<Vec<Mention>> = docs
        .iter()
        .map(|(t, _)| find_mentions(t, Span::new(0, t.len()), &sentences(t)))
        .collect();
    let slices: Vec<&[Mention]> = mentions.iter().map(Vec::as_slice).collect();
    let res: Resolution = resolve(&slices, &tables);

    let mut problems = Vec::new();
    let mut typed = Counts::default();
    let mut spans = Counts::default();
    // (gold tag, predicted entity) for every mention found with the right span.
    let mut matched: Vec<(String, usize)> = Vec::new();
    for (d, (text, gold)) in docs.iter().enumerate() {
        let file = files[d].file_name().and_then(|n| n.to_str()).unwrap_or("?");
        assert_eq!(res.mention_entity[d].len(), mentions[d].len());
        let predicted: HashMap<Span, (usize, &Mention)> = mentions[d]
            .iter()
            .enumerate()
            .map(|(i, m)| (m.span, (res.mention_entity[d][i], m)))
            .collect();
        for m in &mentions[d] {
            assert_eq!(mention_fact_json(m, 0, text)["text"], m.span.text(text));
        }
        for g in gold {
            let exp = expected
                .entity
                .get(&g.tag)
                .unwrap_or_else(|| panic!("{file}: tag `{}` not in expected.toml", g.tag));
            match predicted.get(&g.span) {
                Some(&(e, _)) => {
                    spans.tp += 1;
                    matched.push((g.tag.clone(), e));
                    let got = kind_name(res.entities[e].kind);
                    if got == exp.kind {
                        typed.tp += 1;
                    } else {
                        typed.fn_ += 1;
                        typed.fp += 1;
                        problems.push(format!(
                            "{file}: `{}` is {got}, expected {}",
                            g.span.text(text),
                            exp.kind
                        ));
                    }
                }
                None => {
                    spans.fn_ += 1;
                    typed.fn_ += 1;
                    problems.push(format!("{file}: missed `{}` ({})", g.span.text(text), g.tag));
                }
            }
        }
        let gold_spans: std::collections::HashSet<Span> = gold.iter().map(|g| g.span).collect();
        for m in &mentions[d] {
            if !gold_spans.contains(&m.span) {
                spans.fp += 1;
                typed.fp += 1;
                problems.push(format!("{file}: spurious `{}` ({:?})", m.span.text(text), m.kind));
            }
        }
    }
    // Pairwise joins over the mentions found with the right span.
    let mut joins = Counts::default();
    for i in 0..matched.len() {
        for j in i + 1..matched.len() {
            let same_gold = matched[i].0 == matched[j].0;
            let same_pred = matched[i].1 == matched[j].1;
            match (same_gold, same_pred) {
                (true, true) => joins.tp += 1,
                (false, true) => joins.fp += 1,
                (true, false) => joins.fn_ += 1,
                (false, false) => {}
            }
        }
    }
    for (i, a) in matched.iter().enumerate() {
        for b in &matched[i + 1..] {
            if a.0 != b.0 && a.1 == b.1 {
                problems.push(format!("wrongly joined `{}` and `{}`", a.0, b.0));
            } else if a.0 == b.0 && a.1 != b.1 {
                problems.push(format!(
                    "not joined: two mentions of `{}` ({} / {})",
                    a.0, res.entities[a.1].name, res.entities[b.1].name
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    // Entity properties, checked on the entity most of the tag's mentions went to.
    let mut hard = Vec::new();
    for (tag, exp) in &expected.entity {
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for (t, e) in &matched {
            if t == tag {
                *votes.entry(*e).or_default() += 1;
            }
        }
        let Some((&e, _)) = votes.iter().max_by_key(|(e, n)| (**n, usize::MAX - **e)) else {
            if exp.name.is_some() || exp.roles.is_some() || exp.spellings.is_some() || exp.variants.is_some() {
                hard.push(format!("{tag}: no mention found"));
            }
            continue;
        };
        let ent = &res.entities[e];
        assert_eq!(ent.id, e);
        let json = ent.to_json();
        assert_eq!(json["type"], ent.kind.as_str());
        if let Some(name) = &exp.name
            && &ent.name != name
        {
            hard.push(format!("{tag}: name {:?}, expected {name:?}", ent.name));
        }
        if let Some(roles) = &exp.roles
            && &ent.roles != roles
        {
            hard.push(format!("{tag}: roles {:?}, expected {roles:?}", ent.roles));
        }
        if let Some(sp) = &exp.spellings
            && &ent.spellings != sp
        {
            hard.push(format!("{tag}: spellings {:?}, expected {sp:?}", ent.spellings));
        }
        if let Some(v) = &exp.variants
            && &ent.variants != v
        {
            hard.push(format!("{tag}: variants {:?}, expected {v:?}", ent.variants));
        }
    }
    problems.extend(hard.iter().map(|h| format!("PROPERTY {h}")));
    StoryReport {
        mentions_typed: typed,
        mentions_span: spans,
        joins,
        problems,
    }
}

fn story_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entity");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Every story: entity properties must hold exactly; mention and join
/// quality must not fall below the floors (set just under the measured
/// figures, which the test prints with `--nocapture`).
#[test]
fn stories() {
    let mut typed = Counts::default();
    let mut spans = Counts::default();
    let mut joins = Counts::default();
    let mut property_failures = Vec::new();
    for dir in story_dirs() {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
        let r = check_story(&dir);
        println!(
            "== {name}\n  mentions (span+type) {}\n  mentions (span)      {}\n  joins (pairwise)     {}",
            r.mentions_typed.show(),
            r.mentions_span.show(),
            r.joins.show()
        );
        for p in &r.problems {
            println!("    {p}");
            if p.starts_with("PROPERTY") {
                property_failures.push(format!("{name}: {p}"));
            }
        }
        typed.add(r.mentions_typed);
        spans.add(r.mentions_span);
        joins.add(r.joins);
    }
    println!(
        "== all stories\n  mentions (span+type) {}\n  mentions (span)      {}\n  joins (pairwise)     {}",
        typed.show(),
        spans.show(),
        joins.show()
    );
    assert!(
        property_failures.is_empty(),
        "entity properties differ:\n{}",
        property_failures.join("\n")
    );
    assert!(
        typed.f1() >= FLOOR_MENTIONS,
        "mention F1 {:.3} fell below {FLOOR_MENTIONS}",
        typed.f1()
    );
    assert!(
        joins.f1() >= FLOOR_JOINS,
        "join F1 {:.3} fell below {FLOOR_JOINS}",
        joins.f1()
    );
}

/// Regression floors: a little under the figures measured on the fixtures.
const FLOOR_MENTIONS: f64 = 0.90;
const FLOOR_JOINS: f64 = 0.97;

/// Invariants on the fixtures and on pathological input: spans lie on char
/// boundaries inside the text, names are not empty, and resolution gives
/// every mention an entity.
#[test]
fn invariants_hold_on_fixtures_and_pathological_input() {
    let mut texts: Vec<String> = Vec::new();
    for dir in story_dirs() {
        for e in std::fs::read_dir(dir).expect("story") {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "txt") {
                texts.push(parse_annotated(&std::fs::read_to_string(p).expect("article")).0);
            }
        }
    }
    texts.push("A".repeat(1 << 20));
    texts.push("Ab".repeat(1 << 19));
    texts.push("Abcdefgh".repeat(1 << 17));
    texts.push("Report ".repeat(50_000));
    texts.push("Mining Minister ".repeat(20_000));
    texts.push("9".repeat(100_000));
    texts.push("“".repeat(10_000));
    texts.push("Mr. ".repeat(20_000));
    texts.push("John Smith ".repeat(20_000));
    texts.push("the [[ ]] ( ) Ü’s ’s é-É O’ al- ".repeat(5_000));
    texts.push(String::new());
    for text in &texts {
        let mentions = find_mentions(text, Span::new(0, text.len()), &sentences(text));
        for m in &mentions {
            assert!(m.span.start < m.span.end && m.span.end <= text.len());
            assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
            assert!(!m.name.is_empty());
        }
        let res = resolve(&[&mentions], &[AliasTable::builtin()]);
        assert!(res.mention_entity[0].iter().all(|&e| e < res.entities.len()));
    }
    // A body span that cuts a character and runs past the end is clamped.
    let text = "Über Präsident Angela Merkel in Berlin";
    for (a, b) in [(1, 100), (0, 3), (5, 2)] {
        for m in find_mentions(text, Span::new(a, b), &[]) {
            assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        }
    }
}

/// Alias tables: good tables parse; each bad one reports the bytes at fault.
#[test]
fn alias_tables() {
    let good = AliasTable::parse_toml(
        "\"Mike Pompeo\" = \"Michael Richard Pompeo\"\n[place]\n\"United States\" = [\"U.S.\", \"US\"]\n",
    )
    .expect("valid");
    assert_eq!(
        good.lookup("michael richard pompeo").map(|e| e.canonical.as_str()),
        Some("Mike Pompeo")
    );
    assert_eq!(good.lookup("US").and_then(|e| e.kind), Some(EntityKind::Place));
    // (source, text the error span covers, words the message contains)
    let cases: &[(&str, &str, &str)] = &[
        ("\"A\" = 3\n", "3", "expected an alias string"),
        ("\"A\" = [\"B\", 4]\n", "4", "must be a string"),
        ("[persons]\n\"A\" = \"B\"\n", "persons", "unknown section"),
        ("\"A\" = \"B\"\n\"C\" = \"B\"\n", "\"B\"", "already a name of `A`"),
        ("\"A\" = [\"\"]\n", "\"\"", "empty alias"),
        ("\"A\" = \n", "", "invalid TOML"),
    ];
    for (src, at, words) in cases {
        let err = AliasTable::parse_toml(src).expect_err(src);
        assert!(err.message.contains(words), "{src:?}: {}", err.message);
        assert!(src.is_char_boundary(err.span.start) && src.is_char_boundary(err.span.end));
        if !at.is_empty() {
            assert_eq!(err.span.text(src), *at, "{src:?}: {}", err.message);
        }
    }
}

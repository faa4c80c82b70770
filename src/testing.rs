//! Running the examples written in rule files: each is an article and the words the rule
//! must flag in it (and, for rules with a fix, the text once fixed).
//!
//! `cargo test` runs the built-in rules' examples; `factlint test` will run a user's.

use crate::article::{Article, Meta};
use crate::diagnostic::{self, Problem};
use crate::engine;
use crate::extract::entity::AliasTable;
use crate::rules::{Example, Rule};
use crate::source::SourceDb;
use crate::span::Span;

/// An example whose findings differ from what it expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    /// `pack/name` of the rule.
    pub rule: String,
    /// 1-based number of the example in its rule file.
    pub number: usize,
    /// What was expected and what was found, for people.
    pub message: String,
}

/// Runs every example of `rule`, returning one failure per example that does not hold.
///
/// `extraction` are the extraction rules loaded with it: the events they emit are facts its
/// examples may rely on.
pub fn run_examples(rule: &Rule, extraction: &[&Rule]) -> Vec<ExampleFailure> {
    rule.examples
        .iter()
        .enumerate()
        .filter_map(|(i, example)| {
            check_example(rule, extraction, example)
                .err()
                .map(|message| ExampleFailure {
                    rule: rule.id.clone(),
                    number: i + 1,
                    message,
                })
        })
        .collect()
}

fn check_example(rule: &Rule, extraction: &[&Rule], example: &Example) -> Result<(), String> {
    let mut db = SourceDb::new();
    let mut story = engine::Story::default();
    for (i, a) in example.articles.iter().enumerate() {
        let file = db.add(format!("{} example, {}", rule.id, a.source), a.text.clone());
        story.articles.push(Article {
            file,
            body: Span::new(0, a.text.len()),
            meta: Meta {
                source: a.source.clone(),
                date: a.date,
                role: a.role,
                ..Meta::default()
            },
        });
        debug_assert_eq!(story.articles.len(), i + 1);
    }
    let aliases = [AliasTable::builtin()];
    let mut rules: Vec<&Rule> = extraction.iter().copied().filter(|r| r.id != rule.id).collect();
    rules.push(rule);
    let found: Vec<_> = engine::check_story_with(&db, &story, &rules, &aliases)
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == rule.id)
        .collect();
    // An extraction rule flags nothing: its examples list the words of the events it emits.
    let emitted: Vec<String> = if rule.is_extraction() {
        engine::story_facts(&db, &story, &rules, &aliases)
            .0
            .iter()
            .zip(&story.articles)
            .filter(|(_, a)| a.meta.role == crate::article::Role::Draft)
            .flat_map(|(facts, _)| facts.iter().filter(|f| f["rule"] == rule.id.as_str()))
            .filter_map(|f| f["text"].as_str().map(str::to_string))
            .collect()
    } else {
        Vec::new()
    };
    let flagged: Vec<&str> = if rule.is_extraction() {
        emitted.iter().map(String::as_str).collect()
    } else {
        found
            .iter()
            .map(|d| d.primary.span.text(db.get(d.primary.file).text()))
            .collect()
    };
    let mut problems: Vec<String> = Vec::new();
    if flagged != example.flagged {
        problems.push(format!(
            "expected {} flagged:\n{}\nfound {}:\n{}",
            example.flagged.len(),
            bullet(example.flagged.iter().map(String::as_str)),
            flagged.len(),
            bullet(flagged.iter().copied()),
        ));
    }
    if let (Some(expected), [only]) = (&example.fixed, example.articles.as_slice()) {
        // The fixes as `check --fix --unsafe-fixes` applies them in one round.
        let fixes: Vec<&diagnostic::Fix> = found.iter().filter_map(|d| d.fix.as_ref()).collect();
        let fixed = crate::fix::apply(&only.text, &only.text, &fixes).text;
        if &fixed != expected {
            problems.push(format!("expected the fixed text:\n  {expected}\nfound:\n  {fixed}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn bullet<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let lines: Vec<String> = items.map(|s| format!("  - `{s}`")).collect();
    if lines.is_empty() {
        "  (nothing)".into()
    } else {
        lines.join("\n")
    }
}

/// Rules that carry no example at all: an untested rule is a failure too.
pub fn rules_without_examples(rules: &[Rule], db: &SourceDb) -> Vec<Problem> {
    rules
        .iter()
        .filter(|r| r.examples.is_empty())
        .map(|r| {
            Problem::at_path(db.get(r.file).name(), format!("rule `{}` has no `[[example]]`", r.id))
                .with_note("every rule carries examples of what it flags and what it leaves alone")
        })
        .collect()
}

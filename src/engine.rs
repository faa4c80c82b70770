//! Rule evaluation: runs the compiled rules over the articles of a story.
//!
//! Token rules look at one article at a time and only at drafts: references are there to
//! be compared against, never reported on.

use rayon::prelude::*;

use crate::article::{Article, Role};
use crate::diagnostic::{Diagnostic, Edit, Fix, Label};
use serde_json::Value;

use crate::facts;
use crate::matcher;
use crate::query::{self, FactQuery};
use crate::rules::{Report, Rule, RuleSet};
use crate::segment::{self, Segmentation};
use crate::source::SourceDb;
use crate::span::Span;

/// The articles compared with one another: the files of one folder, a set of files given
/// together, or a draft with its references.
#[derive(Clone, Debug, Default)]
pub struct Story {
    /// What groups the articles: a folder, a `story` key, or empty for the command line.
    pub key: String,
    /// The articles, drafts and references.
    pub articles: Vec<Article>,
}

/// Every finding of `rules` on the drafts of `story`, in file and position order.
pub fn check_story(db: &SourceDb, story: &Story, rules: &RuleSet) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = story
        .articles
        .par_iter()
        .filter(|a| a.meta.role == Role::Draft)
        .flat_map_iter(|article| check_article(db, article, &rules.rules))
        .collect();
    out.sort_by(|a, b| {
        (a.primary.file, a.primary.span.start, &a.rule).cmp(&(b.primary.file, b.primary.span.start, &b.rule))
    });
    out
}

/// Every finding of `rules` in one article.
pub fn check_article(db: &SourceDb, article: &Article, rules: &[Rule]) -> Vec<Diagnostic> {
    let text = db.get(article.file).text();
    let seg = segment::segment(text, article.body);
    // Facts are extracted only when a rule looks at them.
    let facts: Vec<Value> = if rules.iter().any(|r| r.query.is_some()) {
        facts::extract(text, article, &seg).to_json(text)
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    for rule in rules {
        let mut found = match &rule.query {
            Some(query) => query_diagnostics(rule, query, &facts, article, text),
            None => token_diagnostics(rule, article, text, &seg),
        };
        if rule.report == Report::FirstPerArticle {
            found.sort_by_key(|d| d.primary.span.start);
            found.truncate(1);
        }
        out.append(&mut found);
    }
    out.sort_by(|a, b| (a.primary.span.start, &a.rule).cmp(&(b.primary.span.start, &b.rule)));
    out
}

fn token_diagnostics(rule: &Rule, article: &Article, text: &str, seg: &Segmentation) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut taken: Vec<Span> = Vec::new();
    for pattern in &rule.patterns {
        for m in pattern.find_all(text, seg) {
            let span = matcher::token_span(seg, &m.tokens);
            // Two patterns of one rule finding the same words are one finding.
            if taken.iter().any(|t| t.overlaps(span)) {
                continue;
            }
            taken.push(span);
            let vars = matcher::captures_by_name(pattern, &m);
            let fill = |hole: &str| -> Option<String> {
                if hole == "match" {
                    return Some(span.text(text).to_string());
                }
                let range = vars.get(hole.strip_prefix('?')?)?;
                Some(matcher::token_span(seg, range).text(text).to_string())
            };
            let fix_at = rule
                .fix
                .as_ref()
                .and_then(|f| f.at.as_deref())
                .and_then(|v| vars.get(v))
                .map(|r| matcher::token_span(seg, r));
            out.push(diagnostic(rule, article, text, span, fix_at, &fill));
        }
    }
    out
}

fn query_diagnostics(
    rule: &Rule,
    query: &FactQuery,
    facts: &[Value],
    article: &Article,
    text: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for m in query.find_all(facts) {
        let target = if rule.primary.is_empty() {
            Some(m.fact)
        } else {
            query::lookup(m.fact, &rule.primary)
        };
        let Some(span) = target.and_then(query::span_of).or_else(|| query::span_of(m.fact)) else {
            continue;
        };
        let fill = |hole: &str| -> Option<String> {
            if hole == "match" {
                return Some(query::display(m.fact, text));
            }
            if let Some(var) = hole.strip_prefix('?') {
                let i = query.variables().iter().position(|v| v == var)?;
                return m.vars.get(i).map(|v| query::display(v, text));
            }
            let path: Vec<String> = hole.split('.').skip(1).map(str::to_string).collect();
            query::lookup(m.fact, &path).map(|v| query::display(v, text))
        };
        out.push(diagnostic(rule, article, text, span, None, &fill));
    }
    out
}

fn diagnostic(
    rule: &Rule,
    article: &Article,
    text: &str,
    span: Span,
    fix_at: Option<Span>,
    fill: &dyn Fn(&str) -> Option<String>,
) -> Diagnostic {
    let fix = rule.fix.as_ref().map(|f| {
        let at = fix_at.unwrap_or(span);
        let replacement = match_case(at.text(text), f.replacement.render(fill));
        Fix {
            safety: f.safety,
            edits: vec![Edit {
                file: article.file,
                span: at,
                replacement,
            }],
        }
    });
    Diagnostic {
        rule: rule.id.clone(),
        severity: rule.severity,
        message: rule.message.render(fill),
        primary: Label::new(article.file, span, rule.label.render(fill)),
        secondary: Vec::new(),
        notes: rule.notes.clone(),
        help: rule.help.as_ref().map(|h| h.render(fill)),
        fix,
    }
}

/// Capitalises the replacement when the words it replaces start with a capital, so that a
/// fix at the start of a sentence keeps the sentence capitalised.
fn match_case(replaced: &str, replacement: String) -> String {
    let starts_upper = replaced.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if starts_upper && first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => replacement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_case_keeps_a_capital() {
        assert_eq!(match_case("A", "an".into()), "An");
        assert_eq!(match_case("a", "an".into()), "an");
        assert_eq!(match_case("The", "the".into()), "The");
    }
}

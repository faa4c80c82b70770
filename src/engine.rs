//! Rule evaluation: runs the compiled rules over the articles of a story.
//!
//! Token rules look at one article at a time and only at drafts: references are there to
//! be compared against, never reported on.

use rayon::prelude::*;

use crate::article::{Article, Role};
use crate::diagnostic::{Diagnostic, Edit, Fix, Label};
use crate::matcher::{self, Match, TokenMatcher};
use crate::rules::{Rule, RuleSet};
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
    let mut out = Vec::new();
    for rule in rules {
        let mut taken: Vec<Span> = Vec::new();
        for pattern in &rule.patterns {
            for m in pattern.find_all(text, &seg) {
                let span = matcher::token_span(&seg, &m.tokens);
                // Two patterns of one rule finding the same words are one finding.
                if taken.iter().any(|t| t.overlaps(span)) {
                    continue;
                }
                taken.push(span);
                out.push(diagnostic(rule, pattern, &m, article, text, &seg));
            }
        }
    }
    out.sort_by(|a, b| (a.primary.span.start, &a.rule).cmp(&(b.primary.span.start, &b.rule)));
    out
}

fn diagnostic(
    rule: &Rule,
    pattern: &TokenMatcher,
    m: &Match,
    article: &Article,
    text: &str,
    seg: &Segmentation,
) -> Diagnostic {
    let span = matcher::token_span(seg, &m.tokens);
    let whole = span.text(text);
    let vars = matcher::captures_by_name(pattern, m);
    let var = |name: &str| vars.get(name).map(|r| matcher::token_span(seg, r).text(text));
    let fix = rule.fix.as_ref().map(|f| {
        let at =
            f.at.as_deref()
                .and_then(|v| vars.get(v))
                .map_or(span, |r| matcher::token_span(seg, r));
        let replacement = match_case(at.text(text), f.replacement.render(whole, var));
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
        message: rule.message.render(whole, var),
        primary: Label::new(article.file, span, rule.label.render(whole, var)),
        secondary: Vec::new(),
        notes: rule.notes.clone(),
        help: rule.help.as_ref().map(|h| h.render(whole, var)),
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

//! A check's outcome as the editor sees it: for every file concerned, its diagnostics at
//! UTF-16 positions, and the findings behind them for hover and code actions.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Range, Url,
};

use crate::diagnostic::{Diagnostic, Problem, Safety, Severity};
use crate::pipeline::Outcome;
use crate::rules::{self, Rule};
use crate::source::{FileId, SourceDb};
use crate::span::Span;

use super::position::LineIndex;

/// The `source` of every diagnostic factlint publishes.
pub const SOURCE: &str = "factlint";

/// The scheme of the `codeDescription` link of a built-in rule: `factlint:explain/RULE`
/// stands for `factlint explain RULE` (docs/editors.md). A rule loaded from a file links
/// to that file, where its documentation is.
pub const EXPLAIN_PREFIX: &str = "factlint:explain/";

/// What a check says about one file.
#[derive(Clone, Debug, Default)]
pub struct FileReport {
    /// The text the check read, to tell whether the editor's text is still the same.
    pub text: String,
    /// The diagnostics to publish.
    pub diagnostics: Vec<LspDiagnostic>,
    /// The rule findings on the file, for hover and code actions.
    pub findings: Vec<Finding>,
}

/// One rule finding on a file.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Where it is: the primary label.
    pub range: Range,
    /// The rule's id.
    pub rule: String,
    /// The rule's documentation, as Markdown for a hover.
    pub doc: String,
    /// The suggested repair.
    pub fix: Option<FixReport>,
}

/// A suggested repair as text edits.
#[derive(Clone, Debug)]
pub struct FixReport {
    /// The title of its quick fix.
    pub title: String,
    /// Whether it only repairs form.
    pub safe: bool,
    /// The edits by file: byte span in the checked text, range, replacement.
    pub edits: Vec<(Url, Span, Range, String)>,
}

/// The reports of one check, by file.
pub type Reports = HashMap<Url, FileReport>;

/// The reports of `outcome`. `buffers` maps the names of buffers that are not files (an
/// editor's untitled documents) to their URLs; `subjects` are the documents the check was
/// for, which are told when a problem kept the check from running, and, those that are
/// drafts a notice names, of the notice.
pub fn reports(outcome: &Outcome, buffers: &HashMap<String, Url>, subjects: &[Url]) -> Reports {
    let mut out = Reports::new();
    let db = &outcome.db;
    let mut indexes: HashMap<FileId, LineIndex> = HashMap::new();
    let url_of = |file: FileId| url_of_name(db.get(file).name(), buffers);
    // Every draft gets a report, empty or not, so that fixed findings disappear.
    for story in &outcome.stories {
        for article in story
            .articles
            .iter()
            .filter(|a| a.meta.role == crate::article::Role::Draft)
        {
            if let Some(url) = url_of(article.file) {
                out.entry(url).or_insert_with(|| FileReport {
                    text: db.get(article.file).text().to_string(),
                    ..FileReport::default()
                });
            }
        }
    }
    for d in &outcome.diagnostics {
        let Some(url) = url_of(d.primary.file) else { continue };
        let rule = outcome.rules.rules.iter().find(|r| r.id == d.rule);
        let diagnostic = diagnostic(db, &mut indexes, d, rule, buffers);
        let finding = Finding {
            range: diagnostic.range,
            rule: d.rule.clone(),
            doc: rule.map_or_else(|| format!("**{}**", d.rule), |r| hover_doc(r, d.severity)),
            fix: d.fix.as_ref().and_then(|f| fix_report(db, &mut indexes, d, f, buffers)),
        };
        let report = out.entry(url).or_insert_with(|| FileReport {
            text: db.get(d.primary.file).text().to_string(),
            ..FileReport::default()
        });
        report.diagnostics.push(diagnostic);
        report.findings.push(finding);
    }
    let stopped = !outcome.problems.is_empty();
    for problem in outcome.problems.iter().chain(&outcome.unreadable) {
        let (url, range) = match &problem.label {
            Some(label) => match url_of(label.file) {
                Some(url) => (url, range_of(db, &mut indexes, label.file, label.span)),
                None => continue,
            },
            None => match url_of_name(&problem.path, buffers) {
                Some(url) if Path::new(&problem.path).is_file() || buffers.contains_key(&problem.path) => {
                    (url, Range::default())
                }
                _ => continue,
            },
        };
        let report = out.entry(url).or_default();
        report.diagnostics.push(problem_diagnostic(problem, range));
    }
    // A rule that stopped looking in a story: told on the documents the check was for that
    // are drafts of that story, at their first line, since the findings it did not look for
    // have no place.
    for notice in &outcome.notices {
        let drafts: Vec<Url> = notice.drafts.iter().filter_map(|&f| url_of(f)).collect();
        for url in subjects.iter().filter(|url| drafts.contains(url)) {
            let report = out.entry(url.clone()).or_default();
            report.diagnostics.push(LspDiagnostic {
                range: Range::default(),
                severity: Some(DiagnosticSeverity::INFORMATION),
                code: Some(NumberOrString::String(notice.rule.clone())),
                source: Some(SOURCE.into()),
                message: notice.text(),
                ..LspDiagnostic::default()
            });
        }
    }
    if stopped {
        let first = &outcome.problems[0];
        let n = outcome.problems.len();
        let message = format!(
            "factlint did not check this article: {n} problem{} in the rules or the configuration, the first in {}: {}",
            if n == 1 { "" } else { "s" },
            first.path,
            first.message
        );
        for url in subjects {
            let report = out.entry(url.clone()).or_default();
            report.diagnostics.push(LspDiagnostic {
                range: Range::default(),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some(SOURCE.into()),
                message: message.clone(),
                related_information: problem_location(db, &mut indexes, first, buffers).map(|location| {
                    vec![DiagnosticRelatedInformation {
                        location,
                        message: first.message.clone(),
                    }]
                }),
                ..LspDiagnostic::default()
            });
        }
    }
    out
}

/// The URL of a file named `name` in the source database: a buffer's own, or the file's
/// when the name is an absolute path. Built-in rule files have none.
pub fn url_of_name(name: &str, buffers: &HashMap<String, Url>) -> Option<Url> {
    if let Some(url) = buffers.get(name) {
        return Some(url.clone());
    }
    let path = Path::new(name);
    if path.is_absolute() {
        Url::from_file_path(path).ok()
    } else {
        None
    }
}

fn range_of(db: &SourceDb, indexes: &mut HashMap<FileId, LineIndex>, file: FileId, span: Span) -> Range {
    let text = db.get(file).text();
    indexes
        .entry(file)
        .or_insert_with(|| LineIndex::new(text))
        .range(text, span)
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A finding as an LSP diagnostic: the rule id as its code, linked to the rule's doc; help
/// and notes after the message; labels of the same and other files as related information.
fn diagnostic(
    db: &SourceDb,
    indexes: &mut HashMap<FileId, LineIndex>,
    d: &Diagnostic,
    rule: Option<&Rule>,
    buffers: &HashMap<String, Url>,
) -> LspDiagnostic {
    let mut message = d.message.clone();
    if !d.primary.message.is_empty() {
        message.push_str(&format!(" ({})", d.primary.message));
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .filter_map(|label| {
            let uri = url_of_name(db.get(label.file).name(), buffers)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range_of(db, indexes, label.file, label.span)),
                message: if label.message.is_empty() {
                    "here".into()
                } else {
                    label.message.clone()
                },
            })
        })
        .collect();
    LspDiagnostic {
        range: range_of(db, indexes, d.primary.file, d.primary.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.clone())),
        code_description: rule.and_then(|r| doc_link(db, r)).map(|href| CodeDescription { href }),
        source: Some(SOURCE.into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Where a rule's documentation is: its file for a rule loaded from one, `factlint explain`
/// for a built-in rule.
pub fn doc_link(db: &SourceDb, rule: &Rule) -> Option<Url> {
    let name = db.get(rule.file).name();
    let builtin = rules::BUILTIN.iter().any(|(path, _)| *path == name);
    if !builtin && Path::new(name).is_absolute() {
        return Url::from_file_path(name).ok();
    }
    Url::parse(&format!("{EXPLAIN_PREFIX}{}", rule.id)).ok()
}

/// The hover text of a rule: its id and severity, its summary and its documentation.
pub fn hover_doc(rule: &Rule, severity: Severity) -> String {
    let mut text = format!("**{}** ({severity})\n\n{}", rule.id, rule.summary);
    if !rule.doc.trim().is_empty() {
        text.push_str("\n\n");
        text.push_str(rule.doc.trim());
    }
    text
}

/// A fix as text edits, titled after what it does.
fn fix_report(
    db: &SourceDb,
    indexes: &mut HashMap<FileId, LineIndex>,
    d: &Diagnostic,
    fix: &crate::diagnostic::Fix,
    buffers: &HashMap<String, Url>,
) -> Option<FixReport> {
    let mut edits = Vec::new();
    for e in &fix.edits {
        let url = url_of_name(db.get(e.file).name(), buffers)?;
        edits.push((
            url,
            e.span,
            range_of(db, indexes, e.file, e.span),
            e.replacement.clone(),
        ));
    }
    let title = match fix.edits.as_slice() {
        [one] => {
            let old = one.span.text(db.get(one.file).text());
            if one.replacement.is_empty() {
                format!("Delete “{}”", short(old))
            } else {
                format!("Replace “{}” with “{}”", short(old), short(&one.replacement))
            }
        }
        _ => d.help.clone().unwrap_or_else(|| format!("Fix: {}", d.message)),
    };
    let safe = fix.safety == Safety::Safe;
    Some(FixReport {
        title: if safe {
            title
        } else {
            format!("{title} (may change the meaning)")
        },
        safe,
        edits,
    })
}

/// `text` cut to 40 characters for a title, on one line.
fn short(text: &str) -> String {
    let one_line = text.replace(['\n', '\r'], " ");
    match one_line.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

fn problem_diagnostic(problem: &Problem, range: Range) -> LspDiagnostic {
    let mut message = problem.message.clone();
    if let Some(label) = &problem.label
        && !label.message.is_empty()
        && label.message != "here"
    {
        message.push_str(&format!(" ({})", label.message));
    }
    for note in &problem.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    LspDiagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.into()),
        message,
        ..LspDiagnostic::default()
    }
}

fn problem_location(
    db: &SourceDb,
    indexes: &mut HashMap<FileId, LineIndex>,
    problem: &Problem,
    buffers: &HashMap<String, Url>,
) -> Option<Location> {
    match &problem.label {
        Some(label) => Some(Location::new(
            url_of_name(db.get(label.file).name(), buffers)?,
            range_of(db, indexes, label.file, label.span),
        )),
        None => Some(Location::new(url_of_name(&problem.path, buffers)?, Range::default())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Notice;
    use crate::pipeline::{self, Input, Options};

    /// A rule that stopped looking is told on each document the check was for that is a
    /// draft of the story, as information at its start with the rule as its code, beside the
    /// findings; the other articles of the story, and a document of another story, get no
    /// such note.
    #[test]
    fn a_rule_that_stopped_looking_is_told_on_the_documents_checked() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/baghdad");
        let mut outcome = pipeline::check(&[Input::Path(folder.clone())], &Options::default());
        assert!(outcome.notices.is_empty(), "{:?}", outcome.notices);
        let subject = Url::from_file_path(folder.join("nbc-news.txt")).expect("an absolute path");
        let other = Url::from_file_path(folder.join("the-hill.txt")).expect("an absolute path");
        let before = reports(&outcome, &HashMap::new(), std::slice::from_ref(&subject));
        let nbc = outcome.stories[0]
            .articles
            .iter()
            .find(|a| outcome.db.get(a.file).name().ends_with("nbc-news.txt"))
            .expect("the NBC article")
            .file;
        let notice = Notice {
            rule: "consistency/quote-drift".into(),
            story: folder.display().to_string(),
            message: "`consistency/quote-drift` stopped after 100,000 combinations".into(),
            notes: vec!["check fewer articles together".into()],
            drafts: vec![nbc],
        };
        outcome.notices.push(notice.clone());
        let after = reports(&outcome, &HashMap::new(), std::slice::from_ref(&subject));
        // A notice of a story the document is not a draft of.
        outcome.notices[0].drafts.clear();
        let elsewhere = reports(&outcome, &HashMap::new(), std::slice::from_ref(&subject));

        let told = |reports: &Reports, url: &Url| -> Vec<LspDiagnostic> {
            reports[url]
                .diagnostics
                .iter()
                .filter(|d| d.severity == Some(DiagnosticSeverity::INFORMATION) && d.message.contains("stopped"))
                .cloned()
                .collect()
        };
        assert!(told(&before, &subject).is_empty());
        let said = told(&after, &subject);
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].range, Range::default());
        assert_eq!(said[0].code, Some(NumberOrString::String(notice.rule.clone())));
        assert_eq!(said[0].message, notice.text());
        assert!(told(&after, &other).is_empty());
        assert!(told(&elsewhere, &subject).is_empty());
        // The findings are those of the check, before the note.
        let findings = |reports: &Reports| reports[&subject].diagnostics.len();
        assert!(findings(&before) > 0);
        assert_eq!(findings(&after), findings(&before) + 1);
    }
}

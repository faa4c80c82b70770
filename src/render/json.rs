//! JSON and JSON Lines, version 1 of the schema in `docs/json-output.md`.

use serde::Serialize;

use super::Summary;
use crate::diagnostic::{Diagnostic, Label, Notice, Problem, Safety, Severity};
use crate::source::SourceDb;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: &'a Summary,
    problems: Vec<JsonProblem<'a>>,
    notices: &'a [Notice],
}

/// Something that kept factlint from checking everything (exit status 2).
#[derive(Serialize)]
pub(super) struct JsonProblem<'a> {
    message: &'a str,
    path: &'a str,
    label: Option<JsonLabel<'a>>,
    notes: &'a [String],
}

/// A problem or a notice on a line of JSON Lines: `"type": "problem"` or `"notice"`, then
/// its fields.
#[derive(Serialize)]
struct TypedLine<T> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    fields: T,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    primary: JsonLabel<'a>,
    secondary: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    text: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    safety: Safety,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    path: &'a str,
    start: usize,
    end: usize,
    replacement: &'a str,
}

fn label<'a>(db: &'a SourceDb, l: &'a Label) -> JsonLabel<'a> {
    let file = db.get(l.file);
    let (line, column) = file.line_column(l.span.start);
    let (end_line, end_column) = file.line_column(l.span.end);
    JsonLabel {
        path: file.name(),
        start: l.span.start,
        end: l.span.end,
        line,
        column,
        end_line,
        end_column,
        text: l.span.text(file.text()),
        message: &l.message,
    }
}

/// A problem in the shape of the JSON output.
pub(super) fn problem<'a>(db: &'a SourceDb, p: &'a Problem) -> JsonProblem<'a> {
    JsonProblem {
        message: &p.message,
        path: &p.path,
        label: p.label.as_ref().map(|l| label(db, l)),
        notes: &p.notes,
    }
}

fn diagnostic<'a>(db: &'a SourceDb, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: &d.rule,
        severity: d.severity,
        message: &d.message,
        primary: label(db, &d.primary),
        secondary: d.secondary.iter().map(|l| label(db, l)).collect(),
        notes: &d.notes,
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            safety: f.safety,
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    path: db.get(e.file).name(),
                    start: e.span.start,
                    end: e.span.end,
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}

/// One JSON document with every diagnostic, the summary, the problems and the notices,
/// pretty-printed.
pub fn json(
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    problems: &[Problem],
    notices: &[Notice],
) -> String {
    let doc = Document {
        version: 1,
        diagnostics: diagnostics.iter().map(|d| diagnostic(db, d)).collect(),
        summary,
        problems: problems.iter().map(|p| problem(db, p)).collect(),
        notices,
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// One compact JSON object per line: each diagnostic, then each problem, marked
/// `"type": "problem"`, then each notice, marked `"type": "notice"` (diagnostic lines keep
/// the shape they always had).
pub fn jsonl(db: &SourceDb, diagnostics: &[Diagnostic], problems: &[Problem], notices: &[Notice]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&serde_json::to_string(&diagnostic(db, d)).unwrap_or_default());
        out.push('\n');
    }
    for p in problems {
        push_line(&mut out, "problem", problem(db, p));
    }
    for n in notices {
        push_line(&mut out, "notice", n);
    }
    out
}

/// Writes `fields` as one line of JSON Lines, its `type` first.
fn push_line(out: &mut String, kind: &'static str, fields: impl Serialize) {
    out.push_str(&serde_json::to_string(&TypedLine { kind, fields }).unwrap_or_default());
    out.push('\n');
}

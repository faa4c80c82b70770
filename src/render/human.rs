//! Compiler-style text, rendered by codespan-reporting.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity};
use codespan_reporting::term::termcolor::{Ansi, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use super::Summary;
use crate::diagnostic::{Diagnostic, Problem, Safety, Severity};
use crate::source::{FileId, SourceDb};

/// Every diagnostic, then the summary line; ANSI colours when `color` is true.
pub fn human(db: &SourceDb, diagnostics: &[Diagnostic], summary: &Summary, color: bool) -> String {
    let converted: Vec<CsDiagnostic<FileId>> = diagnostics.iter().map(|d| convert(db, d)).collect();
    let mut out = emit_all(db, &converted, color);
    out.push_str(&summary.line());
    out.push('\n');
    out
}

/// Problems that kept factlint from doing its job, as errors.
pub fn problems(db: &SourceDb, problems: &[Problem], color: bool) -> String {
    let converted: Vec<CsDiagnostic<FileId>> = problems
        .iter()
        .map(|p| {
            let mut d = CsDiagnostic::error().with_message(&p.message);
            match &p.label {
                Some(l) => {
                    d = d.with_labels(vec![
                        CsLabel::primary(l.file, l.span.start..l.span.end).with_message(&l.message),
                    ])
                }
                None => d = d.with_notes(vec![format!("in {}", p.path)]),
            }
            let mut notes = d.notes;
            notes.extend(p.notes.iter().cloned());
            d.notes = notes;
            d
        })
        .collect();
    emit_all(db, &converted, color)
}

fn emit_all(db: &SourceDb, diagnostics: &[CsDiagnostic<FileId>], color: bool) -> String {
    let config = Config::default();
    let bytes = if color {
        let mut w = Ansi::new(Vec::new());
        emit_each(&mut w, &config, db, diagnostics);
        w.into_inner()
    } else {
        let mut w = NoColor::new(Vec::new());
        emit_each(&mut w, &config, db, diagnostics);
        w.into_inner()
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

fn emit_each<W: WriteColor>(w: &mut W, config: &Config, db: &SourceDb, diagnostics: &[CsDiagnostic<FileId>]) {
    for d in diagnostics {
        // Writing into memory cannot fail, and every label's file is in `db`; a failure
        // here would only lose this one diagnostic's text.
        let _ = term::emit_to_write_style(w, config, db, d);
    }
}

fn convert(db: &SourceDb, d: &Diagnostic) -> CsDiagnostic<FileId> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = vec![
        CsLabel::primary(d.primary.file, d.primary.span.start..d.primary.span.end).with_message(&d.primary.message),
    ];
    labels.extend(
        d.secondary
            .iter()
            .map(|l| CsLabel::secondary(l.file, l.span.start..l.span.end).with_message(&l.message)),
    );
    let mut notes = d.notes.clone();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    if let Some(fix) = &d.fix {
        let safety = match fix.safety {
            Safety::Safe => "fix",
            Safety::Unsafe => "suggestion",
        };
        for edit in &fix.edits {
            let old = edit.span.text(db.get(edit.file).text());
            notes.push(format!("{safety}: replace `{old}` with `{}`", edit.replacement));
        }
    }
    CsDiagnostic::new(severity)
        .with_code(&d.rule)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

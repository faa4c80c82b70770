//! Compiler-style text, rendered by codespan-reporting.
//!
//! A line longer than [`MAX_LINE`](super::window::MAX_LINE) characters is shown as windows around the
//! labelled words (`window.rs`), with "…" where words are left out.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity};
use codespan_reporting::term::termcolor::{Ansi, ColorSpec, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use super::window::{Excerpts, LongLines};
use super::{Summary, is_control_byte, printable};
use crate::diagnostic::{Diagnostic, Label, Notice, Problem, Safety, Severity};
use crate::source::{FileId, SourceDb};

/// Every diagnostic, then the summary line; ANSI colours when `color` is true.
pub fn human(db: &SourceDb, diagnostics: &[Diagnostic], summary: &Summary, color: bool) -> String {
    // One diagnostic at a time: its excerpts copy the lines it shows, and are dropped once
    // it is written. What was learnt of a long line serves every diagnostic on it.
    let mut lines = LongLines::default();
    let converted = diagnostics.iter().map(|d| {
        let excerpts = excerpts(db, std::iter::once(&d.primary).chain(&d.secondary), &mut lines);
        let converted = convert(db, &excerpts, d);
        (excerpts, converted)
    });
    let mut out = emit_all(converted, color);
    out.push_str(&summary.line());
    out.push('\n');
    out
}

/// Problems that kept factlint from doing its job, as errors.
pub fn problems(db: &SourceDb, problems: &[Problem], color: bool) -> String {
    let converted = problems.iter().map(|p| {
        let excerpts = excerpts(db, p.label.iter(), &mut LongLines::default());
        let mut d = CsDiagnostic::error().with_message(&p.message);
        match &p.label {
            Some(l) => d = d.with_labels(vec![label(&excerpts, l, CsLabel::primary)]),
            None => d = d.with_notes(vec![format!("in {}", p.path)]),
        }
        let mut notes = d.notes;
        notes.extend(p.notes.iter().cloned());
        d.notes = notes;
        (excerpts, d)
    });
    emit_all(converted, color)
}

/// What the reader of the findings should know of how the check went, as warnings.
pub fn notices(db: &SourceDb, notices: &[Notice], color: bool) -> String {
    let converted = notices.iter().map(|n| {
        let d = CsDiagnostic::warning()
            .with_message(&n.message)
            .with_notes(n.notes.clone());
        (Excerpts::with_lines(db, &[], &mut LongLines::default()), d)
    });
    emit_all(converted, color)
}

/// The files as shown for `labels`: long lines cut around them.
fn excerpts<'a, 'l>(db: &'a SourceDb, labels: impl Iterator<Item = &'l Label>, lines: &mut LongLines) -> Excerpts<'a> {
    let spans: Vec<_> = labels.map(|l| (l.file, l.span)).collect();
    Excerpts::with_lines(db, &spans, lines)
}

/// `l` as a codespan label over the text `excerpts` shows.
fn label(
    excerpts: &Excerpts<'_>,
    l: &Label,
    style: fn(FileId, std::ops::Range<usize>) -> CsLabel<FileId>,
) -> CsLabel<FileId> {
    let range = excerpts.shown(l.file, l.span.start)..excerpts.shown(l.file, l.span.end);
    style(l.file, range).with_message(&l.message)
}

fn emit_all<'a>(diagnostics: impl Iterator<Item = (Excerpts<'a>, CsDiagnostic<FileId>)>, color: bool) -> String {
    let config = Config::default();
    let bytes = if color {
        let mut w = Printable(Ansi::new(Vec::new()));
        emit_each(&mut w, &config, diagnostics);
        w.0.into_inner()
    } else {
        let mut w = Printable(NoColor::new(Vec::new()));
        emit_each(&mut w, &config, diagnostics);
        w.0.into_inner()
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A writer that passes the text it is given through [`printable`], so that the words of
/// an article shown in a diagnostic cannot act on the terminal; colours, which the inner
/// writer adds itself, still do.
struct Printable<W>(W);

impl<W: WriteColor> std::io::Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(text) => self.0.write_all(printable(text).as_bytes())?,
            // A piece cut inside a character: its control bytes are still blanked.
            Err(_) => {
                let bytes: Vec<u8> = buf.iter().map(|&b| if is_control_byte(b) { b' ' } else { b }).collect();
                self.0.write_all(&bytes)?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl<W: WriteColor> WriteColor for Printable<W> {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> std::io::Result<()> {
        self.0.set_color(spec)
    }

    fn reset(&mut self) -> std::io::Result<()> {
        self.0.reset()
    }
}

fn emit_each<'a, W: WriteColor>(
    w: &mut W,
    config: &Config,
    diagnostics: impl Iterator<Item = (Excerpts<'a>, CsDiagnostic<FileId>)>,
) {
    for (files, d) in diagnostics {
        // Writing into memory cannot fail, and every label's file is in the database; a
        // failure here would only lose this one diagnostic's text.
        let _ = term::emit_to_write_style(w, config, &files, &d);
    }
}

fn convert(db: &SourceDb, excerpts: &Excerpts<'_>, d: &Diagnostic) -> CsDiagnostic<FileId> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = vec![label(excerpts, &d.primary, CsLabel::primary)];
    labels.extend(d.secondary.iter().map(|l| label(excerpts, l, CsLabel::secondary)));
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
            notes.push(match (old.trim(), edit.replacement.as_str()) {
                // A deletion that takes line breaks deletes whole lines.
                (words, "") if old.contains('\n') => format!("{safety}: delete the line `{words}`"),
                (_, "") => format!("{safety}: delete `{old}`"),
                ("", new) if old.is_empty() => format!("{safety}: insert `{new}`"),
                (_, new) => format!("{safety}: replace `{old}` with `{new}`"),
            });
        }
    }
    CsDiagnostic::new(severity)
        .with_code(&d.rule)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

//! What every target checks besides "no panic": spans inside their file, on char boundaries,
//! and label texts that are the file's bytes.

#![allow(dead_code)]

use factlint::diagnostic::{Diagnostic, Label, Problem};
use factlint::source::SourceDb;
use factlint::value::Value;

/// The publication date given to articles that have none, so that relative dates resolve.
pub fn date() -> jiff::civil::Date {
    jiff::civil::date(2020, 12, 3)
}

/// Panics unless `label` lies inside its file on char boundaries.
pub fn check_label(db: &SourceDb, label: &Label) {
    let text = db.get(label.file).text();
    let span = label.span;
    assert!(span.start <= span.end && span.end <= text.len(), "span {span:?} outside its file");
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "span {span:?} inside a character"
    );
}

/// Panics unless every label of `diagnostics` and `problems` is sound.
pub fn check_diagnostics(db: &SourceDb, diagnostics: &[Diagnostic], problems: &[Problem]) {
    for d in diagnostics {
        std::iter::once(&d.primary).chain(&d.secondary).for_each(|l| check_label(db, l));
        if let Some(fix) = &d.fix {
            for edit in &fix.edits {
                let text = db.get(edit.file).text();
                assert!(edit.span.end <= text.len() && text.is_char_boundary(edit.span.start));
                assert!(text.is_char_boundary(edit.span.end), "fix edit inside a character");
            }
        }
    }
    problems.iter().filter_map(|p| p.label.as_ref()).for_each(|l| check_label(db, l));
}

/// Panics unless every `{"start", "end"}` object inside `fact` is a span of `text` on char
/// boundaries.
pub fn check_fact_spans(text: &str, fact: &Value) {
    match fact {
        Value::Object(map) => {
            if let (Some(start), Some(end), 2) = (
                map.get("start").and_then(Value::as_u64),
                map.get("end").and_then(Value::as_u64),
                map.len(),
            ) {
                let (start, end) = (start as usize, end as usize);
                assert!(start <= end && end <= text.len(), "fact span {start}..{end} outside its file");
                assert!(
                    text.is_char_boundary(start) && text.is_char_boundary(end),
                    "fact span {start}..{end} inside a character"
                );
            } else {
                map.values().for_each(|v| check_fact_spans(text, v));
            }
        }
        Value::Array(items) => items.iter().for_each(|v| check_fact_spans(text, v)),
        _ => {}
    }
}

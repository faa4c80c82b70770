//! One line per finding, `path:line:column: severity[rule] message`, as compilers and ruff
//! print them; then the summary line.

use super::Summary;
use crate::diagnostic::Diagnostic;
use crate::source::SourceDb;

/// Each diagnostic on one line at its primary label (columns count characters), then the
/// summary line.
pub fn concise(db: &SourceDb, diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let file = db.get(d.primary.file);
        let (line, column) = file.line_column(d.primary.span.start);
        out.push_str(&format!(
            "{}:{line}:{column}: {}[{}] {}\n",
            file.name(),
            d.severity,
            d.rule,
            super::printable(&one_line(&d.message))
        ));
    }
    out.push_str(&summary.line());
    out.push('\n');
    out
}

/// `text` with every run of whitespace made one space, so that a message stays on its line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Label, Severity};
    use crate::span::Span;

    #[test]
    fn one_line_per_finding_at_the_primary_label() {
        let mut db = SourceDb::new();
        let text = "Kigali, Rwanda\n“We are still searching,” said the the governor.\n";
        let file = db.add("wire.txt", text);
        let start = text.find("the the").expect("fixture");
        let d = Diagnostic {
            rule: "hygiene/doubled-word".into(),
            severity: Severity::Warning,
            message: "`the` is written\ntwice".into(),
            primary: Label::new(file, Span::new(start, start + 7), "doubled word"),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        };
        let summary = Summary::new(std::slice::from_ref(&d), 1);
        assert_eq!(
            concise(&db, &[d], &summary),
            "wire.txt:2:32: warning[hygiene/doubled-word] `the` is written twice\n1 warning in 1 file\n"
        );
    }
}

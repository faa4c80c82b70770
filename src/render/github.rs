//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` per finding,
//! which GitHub shows as an annotation on the file, at the line and columns of the words.

use crate::diagnostic::{Diagnostic, Label, Notice, Problem, Severity};
use crate::source::SourceDb;

/// One workflow command per diagnostic, then one `::error` per problem and one `::warning`
/// per notice, which has no place in a file. Columns count characters; `endColumn` is the
/// column after the last character.
pub fn github(db: &SourceDb, diagnostics: &[Diagnostic], problems: &[Problem], notices: &[Notice]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        // The annotation shows only the primary place: the other places and the advice
        // follow the message, one per line.
        let mut message = d.message.clone();
        for l in &d.secondary {
            message.push('\n');
            message.push_str(&place(db, l));
            if !l.message.is_empty() {
                message.push_str(": ");
                message.push_str(&l.message);
            }
        }
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&command_line(command, &properties(db, &d.primary, &d.rule), &message));
    }
    for p in problems {
        let props = match &p.label {
            Some(l) => properties(db, l, "factlint"),
            None => format!("file={},title=factlint", escape_property(&p.path)),
        };
        let mut message = p.message.clone();
        for note in &p.notes {
            message.push('\n');
            message.push_str(note);
        }
        out.push_str(&command_line("error", &props, &message));
    }
    for n in notices {
        out.push_str(&command_line("warning", "title=factlint", &n.text()));
    }
    out
}

fn command_line(command: &str, properties: &str, message: &str) -> String {
    format!("::{command} {properties}::{}\n", escape_data(message))
}

/// `file=…,line=…,col=…,endLine=…,endColumn=…,title=…` for the words of `l`.
fn properties(db: &SourceDb, l: &Label, title: &str) -> String {
    let file = db.get(l.file);
    let (line, col) = file.line_column(l.span.start);
    let (end_line, end_column) = file.line_column(l.span.end);
    format!(
        "file={},line={line},col={col},endLine={end_line},endColumn={end_column},title={}",
        escape_property(file.name()),
        escape_property(title)
    )
}

/// `path:line:column`.
fn place(db: &SourceDb, l: &Label) -> String {
    let file = db.get(l.file);
    let (line, column) = file.line_column(l.span.start);
    format!("{}:{line}:{column}", file.name())
}

/// A command's message, escaped as GitHub's toolkit does (`escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A command's property value, escaped as GitHub's toolkit does (`escapeProperty`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn messages_and_properties_are_escaped_as_the_toolkit_does() {
        assert_eq!(
            escape_data("50% of 2,000\r\nnext: line"),
            "50%25 of 2,000%0D%0Anext: line"
        );
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn a_finding_is_one_command_at_its_words_with_the_other_places_in_the_message() {
        let mut db = SourceDb::new();
        let draft_text = "Officials said 23 people died, a rise of 10%.\n";
        let wire_text = "Agencies: “Thirty-two people died,” officials said.\n";
        let draft = db.add("copy, draft.md", draft_text);
        let wire = db.add("wire.txt", wire_text);
        let at = |text: &str, words: &str| {
            let start = text.find(words).expect("fixture");
            Span::new(start, start + words.len())
        };
        let d = Diagnostic {
            rule: "draft/conflicting-number".into(),
            severity: Severity::Error,
            message: "the references give another figure: `23 people`".into(),
            primary: Label::new(draft, at(draft_text, "23 people"), "here"),
            secondary: vec![Label::new(wire, at(wire_text, "Thirty-two people"), "the wire says 32")],
            notes: Vec::new(),
            help: Some("check the figure".into()),
            fix: None,
        };
        let problem = Problem::at_path("missing.txt", "cannot read missing.txt: no such file");
        assert_eq!(
            github(&db, &[d], &[problem], &[]),
            "::error file=copy%2C draft.md,line=1,col=16,endLine=1,endColumn=25,title=draft/conflicting-number::\
             the references give another figure: `23 people`%0Awire.txt:1:12: the wire says 32%0Ahelp: check the figure\n\
             ::error file=missing.txt,title=factlint::cannot read missing.txt: no such file\n"
        );
    }
}

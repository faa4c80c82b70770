//! Renderers: one per output format, each turning diagnostics into text.
//!
//! Renderers return strings; the command line decides where they go.

mod concise;
mod facts;
mod github;
mod human;
mod json;
mod sarif;
mod statistics;
mod window;

pub use concise::concise;
pub use facts::{FactsDocument, FactsJson, facts_json, facts_table, facts_table_document, facts_table_entities};
pub use github::github;
pub use human::{human, notices as human_notices, problems as human_problems};
pub use json::{json, jsonl};
pub use sarif::sarif;
pub use statistics::{RuleCount, statistics, statistics_human, statistics_json};

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Severity};

/// `text` with every character that would act on a terminal instead of showing — control
/// characters other than the line feed and the tab (escape sequences, the bell, carriage
/// returns, backspaces) and the bidirectional controls that reorder what follows — replaced
/// by a character of the same UTF-8 length (a space, a no-break space, U+FFFD), so that byte
/// offsets into the text stay valid. An article is data, and only data reaches the reader.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    let hostile = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(hostile) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if !hostile(c) => c,
                c if c.len_utf8() == 1 => ' ',
                c if c.len_utf8() == 2 => '\u{a0}',
                _ => '\u{fffd}',
            })
            .collect(),
    )
}

/// Whether byte `b` is an ASCII control character that [`printable`] replaces.
pub(crate) fn is_control_byte(b: u8) -> bool {
    (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f
}

/// Counts shown at the end of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Findings of severity `error`.
    pub errors: usize,
    /// Findings of severity `warning`.
    pub warnings: usize,
    /// Findings of severity `info`.
    pub infos: usize,
    /// Articles checked.
    pub files: usize,
}

impl Summary {
    /// Counts `diagnostics` over `files` checked articles.
    pub fn new(diagnostics: &[Diagnostic], files: usize) -> Self {
        let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            files,
        }
    }

    /// "2 errors, 5 warnings in 2 files", or "no findings in 2 files".
    pub fn line(&self) -> String {
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        if self.infos > 0 {
            parts.push(plural(self.infos, "info"));
        }
        let found = if parts.is_empty() {
            "no findings".to_string()
        } else {
            parts.join(", ")
        };
        format!("{found} in {}", plural(self.files, "file"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_text_keeps_its_length_and_lines() {
        let text = "Officials\u{1b}[31m said\u{7}\r\n\tThe\u{85} the\u{202e} staff “left”.\n";
        let shown = printable(text);
        assert_eq!(shown, "Officials [31m said  \n\tThe\u{a0} the\u{fffd} staff “left”.\n");
        assert_eq!(shown.len(), text.len());
        assert!(matches!(printable("“Ensuring the safety…”\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn summary_line() {
        let s = Summary {
            errors: 2,
            warnings: 5,
            infos: 0,
            files: 2,
        };
        assert_eq!(s.line(), "2 errors, 5 warnings in 2 files");
        let s = Summary {
            errors: 0,
            warnings: 1,
            infos: 1,
            files: 1,
        };
        assert_eq!(s.line(), "1 warning, 1 info in 1 file");
        assert_eq!(Summary::default().line(), "no findings in 0 files");
    }
}

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
pub use facts::{FactsDocument, facts_json, facts_table};
pub use github::github;
pub use human::{human, problems as human_problems};
pub use json::{json, jsonl};
pub use sarif::sarif;
pub use statistics::{RuleCount, statistics, statistics_human, statistics_json};

use crate::diagnostic::{Diagnostic, Severity};

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

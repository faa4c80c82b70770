//! Diagnostics as plain values: what a rule found, where, and what to do about it.
//!
//! Three kinds of values leave the pipeline. A [`Diagnostic`] is a finding of a rule on an
//! article. A [`Problem`] is something that stopped factlint from doing part of its job:
//! an unreadable article, a broken rule file. Findings decide exit status 1, problems 2. A
//! [`Notice`] tells what the findings do not show, and decides nothing.

use std::fmt;

use serde::Serialize;

use crate::source::FileId;
use crate::span::Span;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; not necessarily wrong.
    Info,
    /// Probably wrong.
    Warning,
    /// Wrong: a fact contradicts another, or the copy is broken.
    Error,
}

impl Severity {
    /// The lowercase name used in rule files and outputs.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A span of one file with a message about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The file the span points into.
    pub file: FileId,
    /// Byte range in that file.
    pub span: Span,
    /// What this label says about the words it points at; may be empty.
    pub message: String,
}

impl Label {
    /// A label with a message.
    pub fn new(file: FileId, span: Span, message: impl Into<String>) -> Self {
        Label {
            file,
            span,
            message: message.into(),
        }
    }
}

/// Whether applying a fix can change what the copy means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// The edit only repairs form ("the the" → "the").
    Safe,
    /// The edit may change meaning; a person should look first.
    Unsafe,
}

/// One text replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The file to edit.
    pub file: FileId,
    /// The bytes to replace.
    pub span: Span,
    /// What to put in their place.
    pub replacement: String,
}

/// A suggested repair: edits applied together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Whether the fix may change meaning.
    pub safety: Safety,
    /// The edits, in file order.
    pub edits: Vec<Edit>,
}

/// A finding of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Rule id, `<pack>/<id>`.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The words the finding is about.
    pub primary: Label,
    /// Other words that explain it, possibly in other files.
    pub secondary: Vec<Label>,
    /// Extra context, one sentence each.
    pub notes: Vec<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// A suggested repair.
    pub fix: Option<Fix>,
}

/// What the reader of a check's findings should know of how it went, which is neither a
/// finding nor a problem with the input: a rule that stopped looking for findings in a
/// story before it had tried every combination of the story's facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The rule concerned.
    pub rule: String,
    /// The story concerned, as the user named it: its folder or `story` key, or else the
    /// first of its drafts; for a token rule that stopped in one article, that article.
    pub story: String,
    /// What happened, in one sentence.
    pub message: String,
    /// Why, and what to do about it.
    pub notes: Vec<String>,
    /// The drafts of the story that have the rule on, for a front end that shows the
    /// notice on them.
    #[serde(skip)]
    pub drafts: Vec<FileId>,
}

impl Notice {
    /// The message, then each note, one a line: for outputs that hold one text.
    pub fn text(&self) -> String {
        std::iter::once(&self.message)
            .chain(&self.notes)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Something that kept factlint from doing part of its job (exit status 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What went wrong, in one sentence.
    pub message: String,
    /// The path concerned, as the user gave it.
    pub path: String,
    /// The exact place, when the file could be read.
    pub label: Option<Label>,
    /// Extra context and advice.
    pub notes: Vec<String>,
}

impl Problem {
    /// A problem with a file that has no usable text (missing, unreadable, binary).
    pub fn at_path(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            path: path.into(),
            label: None,
            notes: Vec::new(),
        }
    }

    /// A problem at an exact place in a file of the source database.
    pub fn at(
        path: impl Into<String>,
        file: FileId,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Problem {
            message: message.into(),
            path: path.into(),
            label: Some(Label::new(file, span, label)),
            notes: Vec::new(),
        }
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

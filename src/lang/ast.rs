//! The typed syntax tree of the rule language, lowered from pest's parse tree.

use crate::span::Span;

/// A token pattern: alternatives of sequences over the words of one paragraph.
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// Each part in turn.
    Seq(Vec<Pattern>),
    /// The first part that leads to a match.
    Alt(Vec<Pattern>),
    /// The part repeated between `min` and `max` times, as many as possible first.
    Repeat {
        /// What repeats.
        inner: Box<Pattern>,
        /// Fewest repetitions.
        min: u32,
        /// Most repetitions.
        max: u32,
    },
    /// Literal words, in order.
    Literal {
        /// The words, as written.
        text: String,
        /// Whether case must match exactly.
        exact: bool,
        /// Where the literal is written in the pattern.
        span: Span,
    },
    /// One token whose whole text matches a regular expression.
    Regex {
        /// The expression as written between the slashes.
        source: String,
        /// Whether the `i` flag was given.
        case_insensitive: bool,
        /// Where the regex is written in the pattern.
        span: Span,
    },
    /// One token of a class.
    Class(TokenClass),
    /// Up to this many tokens, fewest first.
    Gap(u32),
    /// A zero-width position.
    Anchor(Anchor),
    /// Matches `inner` and binds the variable to the tokens it matched.
    Capture {
        /// Variable name without the `?`.
        name: String,
        /// What is captured.
        inner: Box<Pattern>,
        /// Where the variable is written.
        span: Span,
    },
    /// The same words again as the capture that bound the variable.
    Backref {
        /// Variable name without the `?`.
        name: String,
        /// Where the variable is written.
        span: Span,
    },
    /// Zero-width test of the part at this position.
    Look {
        /// True for `!`: succeed where the part does not match.
        negative: bool,
        /// The part tested.
        inner: Box<Pattern>,
    },
}

/// Classes of tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenClass {
    /// A run of letters, with internal apostrophes, hyphens and abbreviation periods.
    Word,
    /// Digits with separators and decimals.
    Number,
    /// One punctuation or symbol character.
    Punct,
    /// Any token.
    Token,
}

impl TokenClass {
    /// The class named `name` in a pattern.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "word" => TokenClass::Word,
            "number" => TokenClass::Number,
            "punct" => TokenClass::Punct,
            "token" | "any" => TokenClass::Token,
            _ => return None,
        })
    }

    /// Every class name, for error messages.
    pub const NAMES: &'static [&'static str] = &["word", "number", "punct", "token"];
}

/// Zero-width positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// `^`: at the first token of a line.
    LineStart,
    /// `$`: after the last token of a line.
    LineEnd,
    /// `^^`: at the first token of a paragraph.
    ParagraphStart,
    /// `$$`: after the last token of a paragraph.
    ParagraphEnd,
}

/// A `when` query: fact patterns.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// The patterns, in order.
    pub patterns: Vec<FactPattern>,
}

/// `kind(field: value, …) as name`.
#[derive(Clone, Debug, PartialEq)]
pub struct FactPattern {
    /// The fact kind.
    pub kind: String,
    /// Where the kind is written.
    pub kind_span: Span,
    /// Field constraints.
    pub constraints: Vec<Constraint>,
    /// The name given with `as`, and where it is written.
    pub binding: Option<(String, Span)>,
    /// The whole pattern.
    pub span: Span,
}

/// `field.path: value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// The field names of the path.
    pub path: Vec<String>,
    /// Where the path is written.
    pub path_span: Span,
    /// What the field must hold.
    pub value: ValuePattern,
}

/// What a field must hold.
#[derive(Clone, Debug, PartialEq)]
pub enum ValuePattern {
    /// Binds the field's value to a variable.
    Var {
        /// Name without the `?`.
        name: String,
        /// Where it is written.
        span: Span,
    },
    /// Absent or null.
    None,
    /// Present and not null.
    Any,
    /// Equal to this string.
    Str(String),
    /// Equal to this number.
    Num(f64),
    /// Equal to this boolean.
    Bool(bool),
}

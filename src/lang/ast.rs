//! The typed syntax tree of the rule language, lowered from pest's parse tree.

use serde::{Deserialize, Serialize};

use crate::schema;
use crate::span::Span;
use crate::value::Key;

/// A token pattern: alternatives of sequences over the words of one paragraph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// The tokens of an extracted fact of a class (`@date`, `?p:person`).
    Fact(FactClass),
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

impl Pattern {
    /// The patterns captured by `?name` anywhere in this one.
    fn captured(&self, name: &str) -> Vec<&Pattern> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(p) = stack.pop() {
            match p {
                Pattern::Seq(items) | Pattern::Alt(items) => stack.extend(items),
                Pattern::Repeat { inner, .. } | Pattern::Look { inner, .. } => stack.push(inner),
                Pattern::Capture { name: n, inner, .. } => {
                    if n == name {
                        out.push(inner.as_ref());
                    }
                    stack.push(inner);
                }
                _ => {}
            }
        }
        out
    }

    /// The names of the variables this pattern captures (`?w:word` gives `w`).
    pub fn captures(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(p) = stack.pop() {
            match p {
                Pattern::Seq(items) | Pattern::Alt(items) => stack.extend(items),
                Pattern::Repeat { inner, .. } | Pattern::Look { inner, .. } => stack.push(inner),
                Pattern::Capture { name, inner, .. } => {
                    out.push(name.as_str());
                    stack.push(inner);
                }
                _ => {}
            }
        }
        out
    }

    /// Every wording, in lower case with single spaces, that the captures of `?name` can
    /// match, when they match literal words only (`?v:(sentenced | sworn in)`); `None` when
    /// they can match other words, or nothing captures `name`.
    pub fn capture_words(&self, name: &str) -> Option<Vec<String>> {
        let captured = self.captured(name);
        if captured.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for p in captured {
            out.extend(p.literal_words()?);
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// The fact class that every capture of `?name` matches (`?p:mention`), if there is one.
    pub fn capture_class(&self, name: &str) -> Option<FactClass> {
        let captured = self.captured(name);
        let first = match captured.first() {
            Some(Pattern::Fact(class)) => *class,
            _ => return None,
        };
        captured
            .iter()
            .all(|p| matches!(p, Pattern::Fact(c) if *c == first))
            .then_some(first)
    }

    /// The wordings this pattern can match when it is made of literal words only.
    fn literal_words(&self) -> Option<Vec<String>> {
        /// Past this many wordings the list is not worth keeping: the words are open.
        const MAX: usize = 1024;
        let words = match self {
            Pattern::Literal { text, .. } => vec![text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()],
            Pattern::Alt(items) => {
                let mut out = Vec::new();
                for item in items {
                    out.extend(item.literal_words()?);
                }
                out
            }
            Pattern::Seq(items) => {
                let mut out = vec![String::new()];
                for item in items {
                    let next = item.literal_words()?;
                    out = out
                        .iter()
                        .flat_map(|a| next.iter().map(move |b| format!("{a} {b}").trim().to_string()))
                        .collect();
                    if out.len() > MAX {
                        return None;
                    }
                }
                out
            }
            Pattern::Repeat { inner, min: 0, max: 1 } => {
                let mut out = inner.literal_words()?;
                out.push(String::new());
                out
            }
            Pattern::Capture { inner, .. } => inner.literal_words()?,
            _ => return None,
        };
        (words.len() <= MAX).then_some(words)
    }
}

/// Classes of tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
            "digits" => TokenClass::Number,
            "punct" => TokenClass::Punct,
            "token" | "any" => TokenClass::Token,
            _ => return None,
        })
    }

    /// Every class name, for error messages.
    pub const NAMES: &'static [&'static str] = &["word", "digits", "punct", "token"];
}

/// A class of extracted facts a token pattern can match (`@date`, `?p:person`): one of the
/// classes the fact schema lists ([`schema::CLASSES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FactClass(&'static schema::Class);

impl FactClass {
    /// The class named `name` in a pattern.
    pub fn from_name(name: &str) -> Option<Self> {
        schema::class(name).map(FactClass)
    }

    /// Every class name, for error messages.
    pub fn names() -> impl Iterator<Item = &'static str> {
        schema::CLASSES.iter().map(|c| c.name)
    }

    /// How many classes there are.
    pub const COUNT: usize = schema::CLASSES.len();

    /// Every class, in the schema's order.
    pub fn all() -> impl Iterator<Item = FactClass> {
        schema::CLASSES.iter().map(FactClass)
    }

    /// The class's number in the schema's order, from 0 (below [`FactClass::COUNT`]).
    pub fn index(self) -> usize {
        schema::CLASSES.iter().position(|c| c == self.0).unwrap_or(0)
    }

    /// The fact kind, and for mentions the entity type, of the facts of this class.
    pub const fn fact(self) -> (&'static str, Option<&'static str>) {
        (self.0.kind, self.0.entity_type)
    }
}

// A class is written as its name, and read back as the class of that name.
impl Serialize for FactClass {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.name)
    }
}

impl<'de> Deserialize<'de> for FactClass {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FactClass, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        FactClass::from_name(&name).ok_or_else(|| serde::de::Error::custom(format!("no fact class `{name}`")))
    }
}

/// Zero-width positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// A `when` query: fact patterns that bind facts, and conditions that filter the bindings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// The patterns, in order.
    pub patterns: Vec<FactPattern>,
    /// The conditions, all of which must hold.
    pub conditions: Vec<Expr>,
}

/// A condition or a value inside one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Expr {
    /// A string, number, boolean or `none`.
    Lit(Literal),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `?d` or `?d.start`.
    Var {
        /// Variable name without the `?`.
        name: String,
        /// Fields inside its value.
        path: Vec<Key>,
        /// Where it is written.
        span: Span,
    },
    /// `a` or `a.doc`: a bound fact or a field of it.
    Field {
        /// The binding name.
        binding: String,
        /// Fields inside the fact.
        path: Vec<Key>,
        /// Where it is written.
        span: Span,
    },
    /// `conflicts(x, y)`.
    Call {
        /// The function.
        func: Func,
        /// Its arguments.
        args: Vec<Expr>,
        /// Where the call is written.
        span: Span,
    },
    /// `not x`.
    Not(Box<Expr>),
    /// `x op y`.
    Binary {
        /// The operator.
        op: BinOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
        /// Where the operator is written.
        span: Span,
    },
}

/// A literal value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Literal {
    /// `"text"`.
    Str(String),
    /// `3`, `-1.5`.
    Num(f64),
    /// `true`, `false`.
    Bool(bool),
    /// `none`.
    None,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinOp {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `in`.
    In,
}

/// Built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Func {
    /// `conflicts(x, y)`: intervals that do not overlap; strings that differ once normalised.
    Conflicts,
    /// `overlaps(x, y)`: intervals that share a day or a value.
    Overlaps,
    /// `same_entity(x, y)`: the same resolved entity.
    SameEntity,
    /// `similarity(x, y)`: word overlap of two texts, in [0, 1].
    Similarity,
    /// `diff(x, y)`: the words that differ, for messages.
    Diff,
    /// `versions(x, y)`: the words that differ, the same whichever text comes first.
    Versions,
    /// `lower(x)`.
    Lower,
    /// `len(x)`: characters of a string, items of a list.
    Len,
    /// `count(x)`: items of a list.
    Count,
    /// `matches(x, "regex")`.
    Matches,
    /// `supports(x, y)`: fact `x` states what fact `y` says (the same measure and value,
    /// or a date at least as precise inside it).
    Supports,
    /// `verbatim(x, y)`: the words of `y` stand in `x` word for word (pieces cut at
    /// ellipses in order), once normalised.
    Verbatim,
    /// `coverage(x, y)`: the share of the words of `y` that `x` has in order, in [0, 1].
    Coverage,
    /// `ratio(x, y)`: the larger of two numbers over the smaller (`none` when either is not a
    /// positive number).
    Ratio,
}

impl Func {
    /// The function named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "conflicts" => Func::Conflicts,
            "overlaps" => Func::Overlaps,
            "same_entity" => Func::SameEntity,
            "similarity" => Func::Similarity,
            "diff" => Func::Diff,
            "versions" => Func::Versions,
            "lower" => Func::Lower,
            "len" => Func::Len,
            "count" => Func::Count,
            "matches" => Func::Matches,
            "supports" => Func::Supports,
            "verbatim" => Func::Verbatim,
            "coverage" => Func::Coverage,
            "ratio" => Func::Ratio,
            _ => return None,
        })
    }

    /// How many arguments the function takes.
    pub const fn arity(self) -> usize {
        match self {
            Func::Lower | Func::Len | Func::Count => 1,
            _ => 2,
        }
    }
}

/// `kind(field: value, …) as name`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// `not kind(…)`: no fact may match.
    pub negated: bool,
    /// `not kind(…) as x where condition`: only facts for which the condition holds count.
    pub condition: Option<Expr>,
}

/// `field.path: value`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Constraint {
    /// The field names of the path.
    pub path: Vec<Key>,
    /// Where the path is written.
    pub path_span: Span,
    /// What the field must hold.
    pub value: ValuePattern,
    /// Where the value is written.
    pub value_span: Span,
}

/// What a field must hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parse_token_pattern;

    #[test]
    fn the_words_a_capture_can_match_are_listed_when_they_are_literal() {
        let p = parse_token_pattern(
            "?p:mention (was | were)? ?v:(sworn in | sentenced | (freed | released) early) ~5 ?d:date",
        )
        .expect("valid");
        assert_eq!(
            p.capture_words("v").expect("a closed list"),
            ["freed early", "released early", "sentenced", "sworn in"]
        );
        assert_eq!(p.capture_words("p"), None, "a mention is any words");
        assert_eq!(p.capture_words("x"), None, "nothing captures it");
        let optional = parse_token_pattern("?v:(was? sworn)").expect("valid");
        assert_eq!(
            optional.capture_words("v").expect("a closed list"),
            ["sworn", "was sworn"]
        );
        assert_eq!(p.capture_class("p").map(|c| c.fact()), Some(("mention", None)));
        assert_eq!(p.capture_class("d").map(|c| c.fact()), Some(("date", None)));
        assert_eq!(p.capture_class("v"), None);
        let mut captures = p.captures();
        captures.sort_unstable();
        assert_eq!(captures, ["d", "p", "v"]);
        assert_eq!(
            FactClass::from_name("organization").map(|c| c.fact()),
            Some(("mention", Some("organization")))
        );
    }
}

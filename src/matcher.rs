//! Token patterns compiled for matching over the tokens of a segmented article.
//!
//! Matching is backtracking over the pattern, one paragraph at a time. Every repetition is
//! bounded by [`crate::lang::MAX_REPEAT`], so the work done at one start position is bounded
//! by the pattern, and a scan is linear in the number of tokens.

use std::collections::HashMap;
use std::ops::Range;

use regex::{Regex, RegexBuilder};

use crate::lang::LangError;
use crate::lang::ast::{Anchor, FactClass, Pattern, TokenClass};
use crate::segment::{self, Segmentation, Token, TokenKind};
use crate::span::Span;

/// A pattern ready to match, with its variables numbered.
#[derive(Debug)]
pub struct TokenMatcher {
    root: Node,
    vars: Vec<String>,
    first: First,
}

/// A cheap test of the first token a match can start at, so that the backtracking matcher
/// only runs where a match is possible.
#[derive(Clone, Debug)]
enum First {
    /// Any token may start a match.
    Any,
    /// The match starts with one of these words (lowercased when not exact).
    Words { words: Vec<String>, exact: bool },
    /// The match starts at a token matching this regex.
    Regex(Regex),
    /// The match starts at the first token of a line.
    LineStart(Box<First>),
}

impl First {
    fn of(node: &Node) -> First {
        match node {
            Node::Seq(items) => {
                for item in items {
                    match item {
                        Node::Look { .. } => continue,
                        Node::Anchor(Anchor::LineStart | Anchor::ParagraphStart) => {
                            let rest = items.iter().skip_while(|i| !std::ptr::eq(*i, item)).skip(1);
                            let rest: Vec<&Node> = rest.collect();
                            let inner = rest
                                .iter()
                                .find(|n| !matches!(n, Node::Look { .. } | Node::Anchor(_)))
                                .map_or(First::Any, |n| First::of(n));
                            return First::LineStart(Box::new(inner));
                        }
                        other => return First::of(other),
                    }
                }
                First::Any
            }
            Node::Alt(items) => {
                let mut all = Vec::new();
                let mut kind = None;
                for item in items {
                    match First::of(item) {
                        First::Words { words, exact } if kind.is_none_or(|k| k == exact) => {
                            kind = Some(exact);
                            all.extend(words);
                        }
                        _ => return First::Any,
                    }
                }
                match kind {
                    Some(exact) => First::Words { words: all, exact },
                    None => First::Any,
                }
            }
            Node::Literal { words, exact } => match words.first() {
                Some(w) => First::Words {
                    words: vec![w.clone()],
                    exact: *exact,
                },
                None => First::Any,
            },
            Node::Regex(re) => First::Regex(re.clone()),
            Node::Capture { inner, .. } => First::of(inner),
            Node::Repeat { inner, min, .. } if *min > 0 => First::of(inner),
            _ => First::Any,
        }
    }

    fn accepts(&self, token: &Token, text: &str, at_paragraph_start: bool) -> bool {
        match self {
            First::Any => true,
            First::Words { words, exact } => {
                let t = token.span.text(text);
                words.iter().any(|w| if *exact { t == w } else { eq_lowercase(t, w) })
            }
            First::Regex(re) => re.is_match(token.span.text(text)),
            First::LineStart(inner) => {
                (at_paragraph_start || token.line_start) && inner.accepts(token, text, at_paragraph_start)
            }
        }
    }
}

#[derive(Debug)]
enum Node {
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        inner: Box<Node>,
        min: u32,
        max: u32,
    },
    /// Token texts to match in order; lowercased when `exact` is false.
    Literal {
        words: Vec<String>,
        exact: bool,
    },
    Regex(Regex),
    Class(TokenClass),
    Fact(FactClass),
    Gap(u32),
    Anchor(Anchor),
    Capture {
        var: usize,
        inner: Box<Node>,
    },
    Backref(usize),
    Look {
        negative: bool,
        inner: Box<Node>,
    },
}

/// One match: the tokens it covers and the tokens of each captured variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Token indices of the whole match.
    pub tokens: Range<usize>,
    /// Token indices bound to each variable, by the variable's number.
    pub captures: Vec<Option<Range<usize>>>,
}

impl TokenMatcher {
    /// Compiles a parsed pattern, reporting every mistake (regexes that do not compile,
    /// variables used before any capture binds them, literals with no words).
    pub fn compile(pattern: &Pattern) -> Result<Self, Vec<LangError>> {
        let mut vars = Vec::new();
        let mut errors = Vec::new();
        check_repeats(pattern, 1, &mut errors);
        let root = compile_node(pattern, &mut vars, &mut errors);
        if errors.is_empty() {
            let first = First::of(&root);
            Ok(TokenMatcher { root, vars, first })
        } else {
            Err(errors)
        }
    }

    /// The names of the pattern's variables, numbered as in [`Match::captures`].
    pub fn variables(&self) -> &[String] {
        &self.vars
    }

    /// The number of the variable `name`.
    pub fn variable(&self, name: &str) -> Option<usize> {
        self.vars.iter().position(|v| v == name)
    }

    /// Every leftmost, non-overlapping, non-empty match in the article, paragraph by paragraph.
    pub fn find_all(&self, text: &str, seg: &Segmentation) -> Vec<Match> {
        self.find_all_with(text, seg, &FactSpans::default())
    }

    /// Like [`TokenMatcher::find_all`], with the article's facts for fact classes (`?d:date`).
    pub fn find_all_with(&self, text: &str, seg: &Segmentation, facts: &FactSpans) -> Vec<Match> {
        let mut out = Vec::new();
        for range in paragraph_token_ranges(seg) {
            let cx = Cx {
                text,
                tokens: &seg.tokens,
                start: range.start,
                end: range.end,
                facts,
                steps: std::cell::Cell::new(0),
            };
            let mut pos = range.start;
            while pos < range.end {
                if !self.first.accepts(&seg.tokens[pos], text, pos == range.start) {
                    pos += 1;
                    continue;
                }
                let mut caps = vec![None; self.vars.len()];
                let mut found = None;
                cx.steps.set(0);
                cx.m(&self.root, pos, &mut caps, &mut |end, caps| {
                    if end > pos {
                        found = Some((end, caps.to_vec()));
                        true
                    } else {
                        false
                    }
                });
                match found {
                    Some((end, captures)) => {
                        out.push(Match {
                            tokens: pos..end,
                            captures,
                        });
                        pos = end;
                    }
                    None => pos += 1,
                }
            }
        }
        out
    }
}

/// The token range of each paragraph, from the paragraph flags of the tokens.
fn paragraph_token_ranges(seg: &Segmentation) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, t) in seg.tokens.iter().enumerate() {
        if t.para_start {
            start = i;
        }
        if t.para_end {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < seg.tokens.len() {
        ranges.push(start..seg.tokens.len());
    }
    ranges
}

/// Refuses repetitions inside repetitions whose counts multiply past
/// [`crate::lang::MAX_REPEAT`]: `(@token+)+` could try every way of cutting a paragraph,
/// which is exponential, and recurse once per token.
fn check_repeats(p: &Pattern, outer: u32, errors: &mut Vec<LangError>) {
    match p {
        Pattern::Seq(items) | Pattern::Alt(items) => items.iter().for_each(|i| check_repeats(i, outer, errors)),
        Pattern::Repeat { inner, max, .. } => {
            let product = outer.saturating_mul(*max);
            if product > crate::lang::MAX_REPEAT && outer > 1 {
                errors.push(LangError {
                    span: first_span(inner).unwrap_or_default(),
                    message: format!(
                        "a repetition inside a repetition may repeat {product} times; at most {} are allowed — repeat a group of alternatives instead",
                        crate::lang::MAX_REPEAT
                    ),
                });
                return;
            }
            check_repeats(inner, product.max(1), errors);
        }
        Pattern::Capture { inner, .. } | Pattern::Look { inner, .. } => check_repeats(inner, outer, errors),
        _ => {}
    }
}

/// Where a part of a pattern is written, when it says.
fn first_span(p: &Pattern) -> Option<Span> {
    match p {
        Pattern::Literal { span, .. } | Pattern::Regex { span, .. } | Pattern::Capture { span, .. } => Some(*span),
        Pattern::Backref { span, .. } => Some(*span),
        Pattern::Seq(items) | Pattern::Alt(items) => items.iter().find_map(first_span),
        Pattern::Repeat { inner, .. } | Pattern::Look { inner, .. } => first_span(inner),
        _ => None,
    }
}

fn compile_node(p: &Pattern, vars: &mut Vec<String>, errors: &mut Vec<LangError>) -> Node {
    match p {
        Pattern::Seq(items) => Node::Seq(items.iter().map(|i| compile_node(i, vars, errors)).collect()),
        Pattern::Alt(items) => Node::Alt(items.iter().map(|i| compile_node(i, vars, errors)).collect()),
        Pattern::Repeat { inner, min, max } => Node::Repeat {
            inner: Box::new(compile_node(inner, vars, errors)),
            min: *min,
            max: *max,
        },
        Pattern::Literal { text, exact, span } => {
            let seg = segment::segment(text, Span::new(0, text.len()));
            let words: Vec<String> = seg
                .tokens
                .iter()
                .map(|t| {
                    let w = t.span.text(text);
                    if *exact { w.to_string() } else { w.to_lowercase() }
                })
                .collect();
            if words.is_empty() {
                errors.push(LangError {
                    span: *span,
                    message: "this literal has no words to match".into(),
                });
            }
            Node::Literal { words, exact: *exact }
        }
        Pattern::Regex {
            source,
            case_insensitive,
            span,
        } => match RegexBuilder::new(&format!("^(?:{source})$"))
            .case_insensitive(*case_insensitive)
            .size_limit(1 << 20)
            .build()
        {
            Ok(re) => Node::Regex(re),
            Err(e) => {
                errors.push(LangError {
                    span: *span,
                    message: format!("this regex does not compile: {}", first_line(&e.to_string())),
                });
                Node::Class(TokenClass::Token)
            }
        },
        Pattern::Class(c) => Node::Class(*c),
        Pattern::Fact(c) => Node::Fact(*c),
        Pattern::Gap(n) => Node::Gap(*n),
        Pattern::Anchor(a) => Node::Anchor(*a),
        Pattern::Capture { name, inner, .. } => {
            let var = var_index(vars, name);
            Node::Capture {
                var,
                inner: Box::new(compile_node(inner, vars, errors)),
            }
        }
        Pattern::Backref { name, span } => match vars.iter().position(|v| v == name) {
            Some(var) => Node::Backref(var),
            None => {
                errors.push(LangError {
                    span: *span,
                    message: format!(
                        "`?{name}` is used before any capture binds it; write `?{name}:word` (or another class, group or literal) first"
                    ),
                });
                Node::Class(TokenClass::Token)
            }
        },
        Pattern::Look { negative, inner } => Node::Look {
            negative: *negative,
            inner: Box::new(compile_node(inner, vars, errors)),
        },
    }
}

fn var_index(vars: &mut Vec<String>, name: &str) -> usize {
    match vars.iter().position(|v| v == name) {
        Some(i) => i,
        None => {
            vars.push(name.to_string());
            vars.len() - 1
        }
    }
}

/// The regex crate's messages are multi-line drawings; the last line says what is wrong.
fn first_line(message: &str) -> String {
    message
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(message)
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}

type Caps = [Option<Range<usize>>];

/// Matching context: one paragraph's tokens, and the article's facts.
struct Cx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    start: usize,
    end: usize,
    facts: &'a FactSpans,
    /// Steps taken by the match attempt at the current start; see [`STEP_BUDGET`].
    steps: std::cell::Cell<u32>,
}

/// The most steps one match attempt may take before it is given up as no match. Patterns
/// with alternatives inside repetitions can backtrack exponentially; the budget keeps every
/// scan linear in the text whatever a rule author writes, far above what real patterns need.
const STEP_BUDGET: u32 = 20_000;

/// The spans of an article's facts, by start, for fact classes in token patterns.
#[derive(Debug, Default)]
pub struct FactSpans {
    /// `(span, kind, entity type)`, sorted by start.
    spans: Vec<(Span, String, Option<String>)>,
}

impl FactSpans {
    /// The spans of `facts` (JSON objects of `docs/facts.md`).
    pub fn new(facts: &[serde_json::Value]) -> Self {
        let mut spans: Vec<(Span, String, Option<String>)> = facts
            .iter()
            .filter_map(|f| {
                let span = f.get("span")?;
                let span = Span::new(
                    span.get("start")?.as_u64()? as usize,
                    span.get("end")?.as_u64()? as usize,
                );
                let kind = f.get("kind")?.as_str()?.to_string();
                let ty = f.get("type").and_then(|t| t.as_str()).map(str::to_string);
                Some((span, kind, ty))
            })
            .collect();
        spans.sort_by_key(|(s, _, _)| (s.start, std::cmp::Reverse(s.end)));
        FactSpans { spans }
    }

    /// The ends of the facts of `class` that start at byte `start`, longest first.
    fn ends(&self, start: usize, class: FactClass) -> impl Iterator<Item = usize> + '_ {
        let (kind, ty) = class.fact();
        let first = self.spans.partition_point(|(s, _, _)| s.start < start);
        self.spans[first..]
            .iter()
            .take_while(move |(s, _, _)| s.start == start)
            .filter(move |(_, k, t)| k == kind && ty.is_none_or(|ty| t.as_deref() == Some(ty)))
            .map(|(s, _, _)| s.end)
    }

    /// True when the article has no fact.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

impl Cx<'_> {
    fn token_text(&self, i: usize) -> &str {
        self.tokens[i].span.text(self.text)
    }

    /// Matches `node` at `pos` and calls `k` with the position after it; backtracks
    /// into `node` while `k` returns false.
    fn m(&self, node: &Node, pos: usize, caps: &mut Caps, k: &mut dyn FnMut(usize, &mut Caps) -> bool) -> bool {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > STEP_BUDGET {
            return false;
        }
        match node {
            Node::Seq(items) => self.seq(items, pos, caps, k),
            Node::Alt(items) => items.iter().any(|n| self.m(n, pos, caps, k)),
            Node::Repeat { inner, min, max } => self.repeat(inner, *min, *max, 0, pos, caps, k),
            Node::Literal { words, exact } => {
                if pos + words.len() > self.end {
                    return false;
                }
                let all = words.iter().enumerate().all(|(i, w)| {
                    let t = self.token_text(pos + i);
                    if *exact { t == w } else { eq_lowercase(t, w) }
                });
                all && k(pos + words.len(), caps)
            }
            Node::Regex(re) => pos < self.end && re.is_match(self.token_text(pos)) && k(pos + 1, caps),
            Node::Class(class) => {
                pos < self.end
                    && match class {
                        TokenClass::Word => self.tokens[pos].kind == TokenKind::Word,
                        TokenClass::Number => self.tokens[pos].kind == TokenKind::Number,
                        TokenClass::Punct => self.tokens[pos].kind == TokenKind::Punct,
                        TokenClass::Token => true,
                    }
                    && k(pos + 1, caps)
            }
            Node::Fact(class) => {
                if pos >= self.end {
                    return false;
                }
                let start = self.tokens[pos].span.start;
                for fact_end in self.facts.ends(start, *class) {
                    // The fact's tokens: a last token may run past the fact ("Soleimani’s" for
                    // the mention "Soleimani").
                    let mut j = pos;
                    while j < self.end && self.tokens[j].span.start < fact_end {
                        j += 1;
                    }
                    if j > pos && k(j, caps) {
                        return true;
                    }
                }
                false
            }
            Node::Gap(n) => {
                let last = (pos + *n as usize).min(self.end);
                (pos..=last).any(|p| k(p, caps))
            }
            Node::Anchor(a) => {
                let at = match a {
                    Anchor::LineStart => pos == self.start || (pos < self.end && self.tokens[pos].line_start),
                    Anchor::LineEnd => pos == self.end || (pos > self.start && self.tokens[pos - 1].line_end),
                    Anchor::ParagraphStart => pos == self.start,
                    Anchor::ParagraphEnd => pos == self.end,
                };
                at && k(pos, caps)
            }
            Node::Capture { var, inner } => {
                let var = *var;
                self.m(inner, pos, caps, &mut |end, caps| {
                    let old = caps[var].replace(pos..end);
                    if k(end, caps) {
                        return true;
                    }
                    caps[var] = old;
                    false
                })
            }
            Node::Backref(var) => {
                let Some(bound) = caps[*var].clone() else {
                    return false;
                };
                let len = bound.len();
                if pos + len > self.end {
                    return false;
                }
                let same = (0..len).all(|i| {
                    let a = self.token_text(bound.start + i);
                    let b = self.token_text(pos + i);
                    a.chars()
                        .flat_map(char::to_lowercase)
                        .eq(b.chars().flat_map(char::to_lowercase))
                });
                same && k(pos + len, caps)
            }
            Node::Look { negative, inner } => {
                let mut scratch = caps.to_vec();
                let matched = self.m(inner, pos, &mut scratch, &mut |_, _| true);
                matched != *negative && k(pos, caps)
            }
        }
    }

    fn seq(&self, items: &[Node], pos: usize, caps: &mut Caps, k: &mut dyn FnMut(usize, &mut Caps) -> bool) -> bool {
        match items.split_first() {
            None => k(pos, caps),
            Some((first, rest)) => self.m(first, pos, caps, &mut |p, caps| self.seq(rest, p, caps, k)),
        }
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "the recursion carries the matching state explicitly"
    )]
    fn repeat(
        &self,
        inner: &Node,
        min: u32,
        max: u32,
        count: u32,
        pos: usize,
        caps: &mut Caps,
        k: &mut dyn FnMut(usize, &mut Caps) -> bool,
    ) -> bool {
        // Greedy: one more repetition first, then stop. An empty repetition cannot make
        // progress, so it is not taken again.
        if count < max
            && self.m(inner, pos, caps, &mut |p, caps| {
                p > pos && self.repeat(inner, min, max, count + 1, p, caps, k)
            })
        {
            return true;
        }
        count >= min && k(pos, caps)
    }
}

/// True when `text` lowercased equals `lower`, without allocating.
fn eq_lowercase(text: &str, lower: &str) -> bool {
    if text.is_ascii() && lower.is_ascii() {
        return text.eq_ignore_ascii_case(lower);
    }
    text.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

/// Text of the tokens `range` as one span of the article.
pub fn token_span(seg: &Segmentation, range: &Range<usize>) -> Span {
    match (
        seg.tokens.get(range.start),
        range.end.checked_sub(1).and_then(|e| seg.tokens.get(e)),
    ) {
        (Some(a), Some(b)) if range.end > range.start => Span::new(a.span.start, b.span.end),
        (Some(a), _) => Span::new(a.span.start, a.span.start),
        _ => Span::default(),
    }
}

/// Variables by name, for filling templates.
pub fn captures_by_name<'m>(matcher: &'m TokenMatcher, m: &Match) -> HashMap<&'m str, Range<usize>> {
    matcher
        .vars
        .iter()
        .zip(&m.captures)
        .filter_map(|(name, r)| r.clone().map(|r| (name.as_str(), r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parse_token_pattern;

    fn find(pattern: &str, text: &str) -> Vec<String> {
        let m =
            TokenMatcher::compile(&parse_token_pattern(pattern).expect("pattern parses")).expect("pattern compiles");
        let seg = segment::segment(text, Span::new(0, text.len()));
        m.find_all(text, &seg)
            .iter()
            .map(|x| token_span(&seg, &x.tokens).text(text).to_string())
            .collect()
    }

    #[test]
    fn literals_ignore_case_unless_exact() {
        assert_eq!(
            find("the story continues", "The Story Continues\n"),
            ["The Story Continues"]
        );
        assert!(find("=MORE", "more or less").is_empty());
        assert_eq!(find("=MORE", "vaccine MORE told"), ["MORE"]);
    }

    #[test]
    fn gaps_take_the_fewest_tokens() {
        assert_eq!(
            find("download the ~6 app", "Download the NBC News app for the app lovers"),
            ["Download the NBC News app"]
        );
        assert!(find("download the ~1 app", "Download the NBC News app").is_empty());
    }

    #[test]
    fn backreference_finds_doubled_words() {
        assert_eq!(
            find("?w:word ?w", "It was the the best of of times."),
            ["the the", "of of"]
        );
    }

    #[test]
    fn anchors_hold_to_lines() {
        assert_eq!(
            find("^ advertisement $", "Text here.\nADVERTISEMENT\nMore."),
            ["ADVERTISEMENT"]
        );
        assert!(find("^ advertisement $", "See the advertisement below.").is_empty());
    }

    #[test]
    fn negative_lookahead_excludes_a_token() {
        let p = r"a !/(uni|use|one).*/i /[aeiou].*/i";
        assert_eq!(
            find(p, "a American drone and a university and a apple"),
            ["a American", "a apple"]
        );
    }

    #[test]
    fn bad_regex_and_unbound_variable_are_both_reported() {
        let p = parse_token_pattern("/(/ ?x").expect("parses");
        let errors = TokenMatcher::compile(&p).expect_err("two mistakes");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].span, Span::new(0, 3));
        assert!(errors[1].message.contains("`?x` is used before"));
    }
}

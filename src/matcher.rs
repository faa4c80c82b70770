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

/// What the first token of a match can be, so that the backtracking matcher only runs
/// where a match is possible: computed once from the pattern, checked at every token.
///
/// It is a union of everything the pattern can begin with, looking through optional parts
/// (`(a | an)? big`), zero-width ones (anchors, lookarounds) and captures. It may accept
/// tokens where no match starts, never the reverse.
#[derive(Clone, Debug, Default)]
struct First {
    /// Any token may start a match.
    any: bool,
    /// The match starts at the first token of a line or paragraph.
    line_start: bool,
    /// Lowercased words a match may start with, sorted, for patterns that ignore case.
    lower: Vec<String>,
    /// Words a match may start with, exactly.
    exact: Vec<String>,
    /// A match may start at a token matching one of these.
    regexes: Vec<Regex>,
    /// A match may start at a token of one of these kinds.
    kinds: Vec<TokenKind>,
    /// A match may start where a fact of one of these classes starts.
    facts: Vec<FactClass>,
}

impl First {
    fn of(root: &Node) -> First {
        let mut first = First::default();
        first.add(root);
        first.line_start = starts_at_line(root);
        first.lower.sort();
        first.lower.dedup();
        first
    }

    /// Adds what `node` can begin with; returns whether `node` can match no token, so that
    /// what follows it in a sequence can begin a match too.
    fn add(&mut self, node: &Node) -> bool {
        match node {
            Node::Seq(items) => items.iter().all(|item| self.add(item)),
            Node::Alt(items) => items.iter().fold(false, |nullable, item| self.add(item) | nullable),
            Node::Repeat { inner, min, max } => *max == 0 || (self.add(inner) || *min == 0),
            Node::Literal { words, exact } => {
                match (words.first(), exact) {
                    (Some(w), true) => self.exact.push(w.clone()),
                    (Some(w), false) => self.lower.push(w.clone()),
                    (None, _) => return true,
                }
                false
            }
            Node::Regex(re) => {
                self.regexes.push(re.clone());
                false
            }
            Node::Class(TokenClass::Token) | Node::Backref(_) => {
                self.any = true;
                false
            }
            Node::Class(class) => {
                self.kinds.push(match class {
                    TokenClass::Word => TokenKind::Word,
                    TokenClass::Number => TokenKind::Number,
                    _ => TokenKind::Punct,
                });
                false
            }
            Node::Fact(class) => {
                self.facts.push(*class);
                false
            }
            Node::Gap(_) => {
                self.any = true;
                true
            }
            Node::Capture { inner, .. } => self.add(inner),
            Node::Anchor(_) | Node::Look { .. } => true,
        }
    }

    fn accepts(&self, token: &Token, text: &str, at_paragraph_start: bool, facts: &FactSpans) -> bool {
        if self.line_start && !(at_paragraph_start || token.line_start) {
            return false;
        }
        if self.any || self.kinds.contains(&token.kind) {
            return true;
        }
        let t = token.span.text(text);
        (!self.lower.is_empty() && contains_lowercase(&self.lower, t))
            || self.exact.iter().any(|w| w == t)
            || self.regexes.iter().any(|re| re.is_match(t))
            || self.facts.iter().any(|c| facts.starts_at(token.span.start, *c))
    }
}

/// Whether every match of `root` begins at a line's or a paragraph's start (`^ …`).
fn starts_at_line(root: &Node) -> bool {
    match root {
        Node::Seq(items) => items
            .iter()
            .find(|n| !matches!(n, Node::Look { .. }))
            .is_some_and(|n| matches!(n, Node::Anchor(Anchor::LineStart | Anchor::ParagraphStart))),
        _ => false,
    }
}

/// Whether `word` lowercased is in `sorted` (lowercase words), without allocating for the
/// short ASCII words that news copy is made of.
fn contains_lowercase(sorted: &[String], word: &str) -> bool {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        sorted.binary_search_by(|w| w.as_bytes().cmp(lower)).is_ok()
    } else {
        sorted.binary_search(&word.to_lowercase()).is_ok()
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
        let mut caps = vec![None; self.vars.len()];
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
                if !self.first.accepts(&seg.tokens[pos], text, pos == range.start, facts) {
                    pos += 1;
                    continue;
                }
                caps.fill(None);
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

/// The spans of an article's facts, for fact classes in token patterns (`?d:date`): made
/// once per article, then looked up at every token a pattern tries.
#[derive(Debug, Default)]
pub struct FactSpans {
    /// For each fact class, by [`FactClass::index`], the spans of its facts, sorted by start,
    /// longest first.
    by_class: [Vec<Span>; FactClass::COUNT],
}

fn class_slot(class: FactClass) -> usize {
    class.index()
}

impl FactSpans {
    /// The spans of `facts` (JSON objects of `docs/facts.md`).
    pub fn new(facts: &[serde_json::Value]) -> Self {
        let mut by_class: [Vec<Span>; FactClass::COUNT] = Default::default();
        for f in facts {
            let span = f.get("span").and_then(|s| {
                Some(Span::new(
                    s.get("start")?.as_u64()? as usize,
                    s.get("end")?.as_u64()? as usize,
                ))
            });
            let (Some(span), Some(kind)) = (span, f.get("kind").and_then(|k| k.as_str())) else {
                continue;
            };
            let ty = f.get("type").and_then(|t| t.as_str());
            for (slot, class) in FactClass::all().enumerate() {
                let (k, t) = class.fact();
                if k == kind && t.is_none_or(|t| ty == Some(t)) {
                    by_class[slot].push(span);
                }
            }
        }
        for spans in &mut by_class {
            spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        }
        FactSpans { by_class }
    }

    /// The ends of the facts of `class` that start at byte `start`, longest first.
    fn ends(&self, start: usize, class: FactClass) -> impl Iterator<Item = usize> + '_ {
        let spans = &self.by_class[class_slot(class)];
        let first = spans.partition_point(|s| s.start < start);
        spans[first..]
            .iter()
            .take_while(move |s| s.start == start)
            .map(|s| s.end)
    }

    /// Whether a fact of `class` starts at byte `start`.
    fn starts_at(&self, start: usize, class: FactClass) -> bool {
        let spans = &self.by_class[class_slot(class)];
        spans
            .get(spans.partition_point(|s| s.start < start))
            .is_some_and(|s| s.start == start)
    }

    /// True when the article has no fact.
    pub fn is_empty(&self) -> bool {
        self.by_class.iter().all(Vec::is_empty)
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

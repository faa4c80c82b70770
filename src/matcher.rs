//! Token patterns compiled for matching over the tokens of a segmented article.
//!
//! Matching is backtracking over the pattern, one paragraph at a time. Every repetition is
//! bounded by [`crate::lang::MAX_REPEAT`], so the work done at one start position is bounded
//! by the pattern, and a scan is linear in the number of tokens.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::lang::LangError;
use crate::lang::ast::{Anchor, FactClass, Pattern, TokenClass};
use crate::lazy_regex::LazyRegex;
use crate::segment::{self, Segmentation, Token, TokenKind};
use crate::span::Span;

/// A pattern ready to match, with its variables numbered.
#[derive(Debug)]
pub struct TokenMatcher {
    root: Node,
    vars: Vec<String>,
    first: First,
    /// Words every match contains: each entry is a set of alternatives (by [`word_key`]),
    /// one of which the match holds. A paragraph without one of them is not scanned.
    required: Vec<Vec<WordKey>>,
    /// The most tokens a match covers, as far as the pattern tells it without the article's
    /// facts.
    longest: Len,
}

/// The most tokens a match of (part of) a pattern covers ([`max_len`]), worked out when the
/// pattern is compiled but for its fact classes, whose facts are the article's: what is
/// known is added up (or the most of it taken) once, so that an article works out only what
/// its facts decide.
#[derive(Debug)]
enum Len {
    /// Known: `None` when it cannot be told.
    Known(Option<usize>),
    /// As long as the longest fact of a class, by [`FactClass::index`].
    Fact(usize),
    /// The sum of these.
    Sum(Vec<Len>),
    /// The most of these.
    Most(Vec<Len>),
    /// This, repeated at most so many times.
    Times(Box<Len>, usize),
}

impl Len {
    /// `node`'s, with the known parts worked out.
    fn of(node: &Node) -> Len {
        let fold = |items: &[Node], sum: bool| {
            let (mut known, mut rest) = (Some(0usize), Vec::new());
            for item in items {
                match Len::of(item) {
                    Len::Known(None) => return Len::Known(None),
                    Len::Known(Some(n)) => {
                        known = known.map(|k| if sum { k.saturating_add(n) } else { k.max(n) });
                    }
                    len => rest.push(len),
                }
            }
            if rest.is_empty() {
                return Len::Known(known);
            }
            rest.push(Len::Known(known));
            if sum { Len::Sum(rest) } else { Len::Most(rest) }
        };
        match node {
            Node::Seq(items) => fold(items, true),
            Node::Alt(items) => fold(items, false),
            Node::Repeat { inner, max, .. } => match Len::of(inner) {
                Len::Known(n) => Len::Known(n.map(|n| n.saturating_mul(*max as usize))),
                len => Len::Times(Box::new(len), *max as usize),
            },
            Node::Fact(class) => Len::Fact(*class),
            Node::Capture { inner, .. } => Len::of(inner),
            _ => Len::Known(max_len(node, &|_| 0)),
        }
    }

    /// Worked out with the longest fact of each class, `fact_len`.
    fn with(&self, fact_len: &dyn Fn(usize) -> usize) -> Option<usize> {
        match self {
            Len::Known(n) => *n,
            Len::Fact(class) => Some(fact_len(*class)),
            Len::Sum(items) => items
                .iter()
                .try_fold(0usize, |sum, item| Some(sum.saturating_add(item.with(fact_len)?))),
            Len::Most(items) => items
                .iter()
                .try_fold(0usize, |most, item| Some(most.max(item.with(fact_len)?))),
            Len::Times(inner, max) => Some(inner.with(fact_len)?.saturating_mul(*max)),
        }
    }
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
    /// The keys ([`word_key`]) of the words a match may start with, in any case, sorted.
    lower: Vec<WordKey>,
    /// Words a match may start with, exactly, with their keys.
    exact: Vec<(WordKey, String)>,
    /// A match may start at a token matching one of these.
    regexes: Vec<Arc<LazyRegex>>,
    /// A match may start at a token of one of these kinds.
    kinds: Vec<TokenKind>,
    /// A match may start where a fact of one of these classes (by [`FactClass::index`])
    /// starts.
    facts: Vec<usize>,
    /// The match begins with one token that the next token repeats (`?w:word ?w`): only a
    /// token whose word the next token has again can start it.
    repeated: bool,
}

impl First {
    fn of(root: &Node) -> First {
        let mut first = First::default();
        first.add(root);
        first.line_start = starts_at_line(root);
        first.repeated = starts_repeated(root);
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
                    (Some((key, w)), true) => self.exact.push((*key, w.clone())),
                    (Some((key, _)), false) => self.lower.push(*key),
                    (None, _) => return true,
                }
                false
            }
            Node::Words(words) => {
                self.lower.extend(words.iter().map(|(key, _)| *key));
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

    /// Whether a match may start at token `pos`.
    fn accepts(&self, cx: &Cx<'_>, pos: usize, at_paragraph_start: bool) -> bool {
        let token = &cx.tokens[pos];
        if self.line_start && !(at_paragraph_start || token.line_start()) {
            return false;
        }
        // A word repeated has the key it had (keys are of the lower-case form, as a
        // variable compares).
        if self.repeated && cx.keys.get(pos + 1) != Some(&cx.keys[pos]) {
            return false;
        }
        if self.any || self.kinds.contains(&token.kind) {
            return true;
        }
        let key = cx.keys[pos];
        (!self.lower.is_empty() && self.lower.binary_search(&key).is_ok())
            || self.exact.iter().any(|(k, w)| *k == key && w == token.text(cx.text))
            || self.regexes.iter().any(|re| re.is_match(token.text(cx.text)))
            || self.facts.iter().any(|&c| cx.facts.starts_at(token.span().start, c))
    }
}

/// Whether every match of `node` begins, after zero-width parts (anchors, lookarounds), with
/// a variable that captures exactly one token and is repeated at once (`?w:word ?w`).
fn starts_repeated(node: &Node) -> bool {
    let Node::Seq(items) = node else { return false };
    let mut rest = items
        .iter()
        .skip_while(|item| matches!(item, Node::Anchor(_) | Node::Look { .. }));
    match (rest.next(), rest.next()) {
        (Some(Node::Capture { var, inner }), Some(Node::Backref(again))) => var == again && one_token(inner),
        _ => false,
    }
}

/// Whether every match of `node` is exactly one token.
fn one_token(node: &Node) -> bool {
    match node {
        Node::Words(_) | Node::Regex(_) | Node::Class(_) => true,
        Node::Literal { words, .. } => words.len() == 1,
        Node::Alt(items) => items.iter().all(one_token),
        Node::Capture { inner, .. } => one_token(inner),
        _ => false,
    }
}

/// The most tokens a match of `node` can cover, `None` when it cannot be told; a fact of
/// class `c` covers at most `fact_len(c)` tokens.
fn max_len(node: &Node, fact_len: &dyn Fn(usize) -> usize) -> Option<usize> {
    match node {
        Node::Seq(items) => items
            .iter()
            .try_fold(0usize, |sum, item| Some(sum.saturating_add(max_len(item, fact_len)?))),
        Node::Alt(items) => items
            .iter()
            .try_fold(0usize, |most, item| Some(most.max(max_len(item, fact_len)?))),
        Node::Repeat { inner, max, .. } => Some(max_len(inner, fact_len)?.saturating_mul(*max as usize)),
        Node::Literal { words, .. } => Some(words.len()),
        Node::Words(_) | Node::Regex(_) | Node::Class(_) => Some(1),
        Node::Fact(class) => Some(fact_len(*class)),
        Node::Gap(n) => Some(*n as usize),
        Node::Anchor(_) | Node::Look { .. } => Some(0),
        Node::Capture { inner, .. } => max_len(inner, fact_len),
        // As long as what the variable captured, which is not known here.
        Node::Backref(_) => None,
    }
}

/// The words a match of `node` must contain, as sets of alternatives (see
/// [`TokenMatcher::required`]); empty when nothing is sure.
fn required(node: &Node) -> Vec<Vec<WordKey>> {
    match node {
        Node::Seq(items) => items.iter().flat_map(required).collect(),
        // One word of each alternative: the match holds one of them.
        Node::Alt(items) => {
            let mut any = Vec::new();
            for item in items {
                match required(item).into_iter().next() {
                    Some(words) => any.extend(words),
                    None => return Vec::new(),
                }
            }
            any.sort_unstable();
            any.dedup();
            vec![any]
        }
        Node::Repeat { inner, min, .. } if *min > 0 => required(inner),
        Node::Literal { words, .. } => words.iter().map(|(key, _)| vec![*key]).collect(),
        Node::Words(words) => vec![words.iter().map(|(key, _)| *key).collect()],
        Node::Capture { inner, .. } => required(inner),
        _ => Vec::new(),
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

/// A word's key: a hash of its lowercase form (each character lowercased, as
/// `eq_lowercase` compares), so that a token is compared with a pattern's words by a number.
/// Keys of different words may collide: a key says where a word may be, the text decides.
/// Four bytes, as the keys of every token of an article are kept while it is checked.
pub fn word_key(word: &str) -> WordKey {
    // FNV-1a over the bytes of the lowercase form.
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut h = OFFSET;
    let mut add = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    };
    if word.is_ascii() {
        word.bytes().for_each(|b| add(b.to_ascii_lowercase()));
    } else {
        let mut buf = [0u8; 4];
        for c in word.chars().flat_map(char::to_lowercase) {
            c.encode_utf8(&mut buf).bytes().for_each(&mut add);
        }
    }
    // Both halves of the hash go into the key.
    (h ^ (h >> 32)) as WordKey
}

/// A word's key ([`word_key`]).
pub type WordKey = u32;

#[derive(Debug)]
enum Node {
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        inner: Box<Node>,
        min: u32,
        max: u32,
    },
    /// Token texts to match in order, with their keys; lowercased when `exact` is false.
    Literal {
        words: Vec<(WordKey, String)>,
        exact: bool,
    },
    /// One token, any of these lowercase words (with their keys, sorted by key): what
    /// consecutive one-word alternatives (`(was | were | is)`) become, so that a token is
    /// looked up once instead of compared with each.
    Words(Vec<(WordKey, String)>),
    Regex(Arc<LazyRegex>),
    Class(TokenClass),
    /// A fact of a class, by [`FactClass::index`].
    Fact(usize),
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
        /// Whether `inner` captures: its captures must then be undone after it is tried.
        captures: bool,
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
    /// Compiles the regexes a match may start with, which are tried at every token.
    pub fn warm_up(&self) {
        self.first.regexes.iter().for_each(|re| re.warm_up());
    }

    /// Its regexes: those a match may start with (tried at every token) first, then the
    /// others, each once.
    pub fn regexes(&self) -> Vec<Arc<LazyRegex>> {
        fn walk(node: &Node, out: &mut Vec<Arc<LazyRegex>>) {
            match node {
                Node::Regex(re) => {
                    if !out.iter().any(|r| Arc::ptr_eq(r, re)) {
                        out.push(Arc::clone(re));
                    }
                }
                Node::Seq(nodes) | Node::Alt(nodes) => nodes.iter().for_each(|n| walk(n, out)),
                Node::Repeat { inner, .. } | Node::Capture { inner, .. } | Node::Look { inner, .. } => walk(inner, out),
                Node::Literal { .. }
                | Node::Words(_)
                | Node::Class(_)
                | Node::Fact(_)
                | Node::Gap(_)
                | Node::Anchor(_)
                | Node::Backref(_) => {}
            }
        }
        let mut out = self.first.regexes.clone();
        walk(&self.root, &mut out);
        out
    }

    /// Compiles a parsed pattern, reporting every mistake (regexes that do not compile,
    /// variables used before any capture binds them, literals with no words).
    pub fn compile(pattern: &Pattern) -> Result<Self, Vec<LangError>> {
        Self::compile_with(pattern, false)
    }

    /// Like [`TokenMatcher::compile`], leaving its regexes to be compiled when first used:
    /// for patterns whose regexes are known to compile (the built-in rules').
    pub fn compile_lazily(pattern: &Pattern) -> Result<Self, Vec<LangError>> {
        Self::compile_with(pattern, true)
    }

    fn compile_with(pattern: &Pattern, lazy: bool) -> Result<Self, Vec<LangError>> {
        let mut vars = Vec::new();
        let mut errors = Vec::new();
        check_repeats(pattern, 1, &mut errors);
        let root = compile_node(pattern, &mut vars, &mut errors, lazy);
        if errors.is_empty() {
            let first = First::of(&root);
            let required = required(&root);
            let longest = Len::of(&root);
            Ok(TokenMatcher {
                root,
                vars,
                first,
                required,
                longest,
            })
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
        self.find_in(text, seg, &Words::new(text, seg), facts)
    }

    /// Like [`TokenMatcher::find_all_with`], with the article's [`Words`], made once for every
    /// pattern.
    pub fn find_in(&self, text: &str, seg: &Segmentation, words: &Words, facts: &FactSpans) -> Vec<Match> {
        let mut out = Vec::new();
        let mut caps = vec![None; self.vars.len()];
        // Where the words each match needs are, to pass over paragraphs without them.
        let required: Vec<Cow<'_, [u32]>> = self.required.iter().map(|any| words.positions(any)).collect();
        // A match holds one of the rarest of them, and is at most `longest` tokens long: a
        // start further than that before the next of them cannot begin a match.
        let rarest = required.iter().min_by_key(|at| at.len());
        let longest = rarest.and_then(|_| self.longest.with(&|class| facts.longest(class, &seg.tokens)));
        let mut next = 0;
        for range in &words.paragraphs {
            let holds = |at: &Cow<'_, [u32]>| {
                let i = at.partition_point(|&p| (p as usize) < range.start);
                at.get(i).is_some_and(|&p| (p as usize) < range.end)
            };
            if !required.iter().all(holds) {
                continue;
            }
            let cx = Cx {
                text,
                tokens: &seg.tokens,
                keys: &words.keys,
                start: range.start,
                end: range.end,
                facts,
                steps: std::cell::Cell::new(0),
            };
            let mut pos = range.start;
            while pos < range.end {
                if let (Some(at), Some(longest)) = (rarest, longest) {
                    while at.get(next).is_some_and(|&q| (q as usize) < pos) {
                        next += 1;
                    }
                    match at.get(next) {
                        Some(&q) if (q as usize) < range.end => {
                            let q = q as usize;
                            if q >= pos + longest {
                                pos = q + 1 - longest;
                            }
                        }
                        // None of them is left in the paragraph.
                        _ => break,
                    }
                }
                if !self.first.accepts(&cx, pos, pos == range.start) {
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

/// The words of a segmented article as token patterns look them up: each token's
/// [`word_key`], where each key occurs, and the token range of each paragraph. Made once per
/// article and shared by every pattern run over it.
#[derive(Debug, Default)]
pub struct Words {
    /// The key of each token.
    keys: Vec<WordKey>,
    /// The number of each key of the article, in the order first met.
    ids: HashMap<WordKey, u32, BuildKeyHasher>,
    /// Where the tokens of each key are in `tokens`, by its number: (first, how many).
    at: Vec<(u32, u32)>,
    /// The tokens of each key in text order, the keys one after another (one list for the
    /// article rather than one per word).
    tokens: Vec<u32>,
    paragraphs: Vec<Range<usize>>,
}

impl Words {
    /// The words of `seg`, the segmentation of `text`.
    pub fn new(text: &str, seg: &Segmentation) -> Self {
        let keys: Vec<WordKey> = seg.tokens.iter().map(|t| word_key(t.text(text))).collect();
        // Each key is numbered and its tokens counted (one look-up a token), given their
        // place in `tokens`, then written there.
        // Room for the words of a page at once (a long article's grow as they must).
        let mut ids: HashMap<WordKey, u32, BuildKeyHasher> =
            HashMap::with_capacity_and_hasher(keys.len().min(1024), BuildKeyHasher);
        let mut at: Vec<(u32, u32)> = Vec::new();
        let of_token: Vec<u32> = keys
            .iter()
            .map(|&k| {
                let next = at.len() as u32;
                let id = *ids.entry(k).or_insert(next);
                if id == next {
                    at.push((0, 0));
                }
                at[id as usize].1 += 1;
                id
            })
            .collect();
        let mut first = 0;
        for (start, count) in &mut at {
            *start = first;
            first += std::mem::take(count);
        }
        let mut tokens = vec![0; keys.len()];
        for (i, &id) in of_token.iter().enumerate() {
            let (start, count) = &mut at[id as usize];
            tokens[(*start + *count) as usize] = i as u32;
            *count += 1;
        }
        Words {
            keys,
            ids,
            at,
            tokens,
            paragraphs: paragraph_token_ranges(seg),
        }
    }

    /// The tokens of `key`, in text order.
    fn of(&self, key: WordKey) -> &[u32] {
        self.ids.get(&key).map_or(&[], |&id| {
            let (start, count) = self.at[id as usize];
            &self.tokens[start as usize..(start + count) as usize]
        })
    }

    /// The tokens, in text order, whose key is one of `keys`.
    fn positions(&self, keys: &[WordKey]) -> Cow<'_, [u32]> {
        if let [key] = keys {
            return Cow::Borrowed(self.of(*key));
        }
        let mut out: Vec<u32> = keys.iter().flat_map(|&k| self.of(k)).copied().collect();
        out.sort_unstable();
        Cow::Owned(out)
    }
}

/// Word keys are hashes already: the map spreads each over the 64 bits of its hash with one
/// multiplication (the table reads the top bits of a hash as well as the bottom ones).
#[derive(Clone, Copy, Debug, Default)]
struct BuildKeyHasher;

impl std::hash::BuildHasher for BuildKeyHasher {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

/// See [`BuildKeyHasher`].
#[derive(Clone, Copy, Debug, Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// The token range of each paragraph, from the paragraph flags of the tokens.
fn paragraph_token_ranges(seg: &Segmentation) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, t) in seg.tokens.iter().enumerate() {
        if t.para_start() {
            start = i;
        }
        if t.para_end() {
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

fn compile_node(p: &Pattern, vars: &mut Vec<String>, errors: &mut Vec<LangError>, lazy: bool) -> Node {
    match p {
        Pattern::Seq(items) => Node::Seq(items.iter().map(|i| compile_node(i, vars, errors, lazy)).collect()),
        Pattern::Alt(items) => word_sets(items.iter().map(|i| compile_node(i, vars, errors, lazy)).collect()),
        Pattern::Repeat { inner, min, max } => Node::Repeat {
            inner: Box::new(compile_node(inner, vars, errors, lazy)),
            min: *min,
            max: *max,
        },
        Pattern::Literal { text, exact, span } => {
            let seg = segment::segment(text, Span::new(0, text.len()));
            let words: Vec<(WordKey, String)> = seg
                .tokens
                .iter()
                .map(|t| {
                    let w = t.text(text);
                    let w = if *exact { w.to_string() } else { w.to_lowercase() };
                    (word_key(&w), w)
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
        } => match LazyRegex::for_rule(format!("^(?:{source})$"), *case_insensitive, Some(1 << 20), lazy) {
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
        Pattern::Fact(c) => Node::Fact(c.index()),
        Pattern::Gap(n) => Node::Gap(*n),
        Pattern::Anchor(a) => Node::Anchor(*a),
        Pattern::Capture { name, inner, .. } => {
            let var = var_index(vars, name);
            Node::Capture {
                var,
                inner: Box::new(compile_node(inner, vars, errors, lazy)),
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
            captures: captures_in(inner),
            inner: Box::new(compile_node(inner, vars, errors, lazy)),
        },
    }
}

/// The alternatives `items`, each run of two or more one-word literals in any case made one
/// [`Node::Words`]. Which alternative matches first is unchanged: at a token, at most one word
/// of a run matches (a word written twice matches the same way twice).
fn word_sets(items: Vec<Node>) -> Node {
    let one_word = |n: &Node| matches!(n, Node::Literal { words, exact: false } if words.len() == 1);
    let mut out: Vec<Node> = Vec::new();
    let mut run: Vec<(WordKey, String)> = Vec::new();
    let flush = |run: &mut Vec<(WordKey, String)>, out: &mut Vec<Node>| match run.len() {
        0 => {}
        1 => out.push(Node::Literal {
            words: std::mem::take(run),
            exact: false,
        }),
        _ => {
            let mut words = std::mem::take(run);
            words.sort();
            words.dedup();
            out.push(Node::Words(words));
        }
    };
    for item in items {
        if one_word(&item) {
            if let Node::Literal { mut words, .. } = item {
                run.append(&mut words);
            }
        } else {
            flush(&mut run, &mut out);
            out.push(item);
        }
    }
    flush(&mut run, &mut out);
    if out.len() == 1 && matches!(out[0], Node::Words(_)) {
        return out.swap_remove(0);
    }
    Node::Alt(out)
}

/// Whether a pattern holds a capture.
fn captures_in(p: &Pattern) -> bool {
    match p {
        Pattern::Capture { .. } => true,
        Pattern::Seq(items) | Pattern::Alt(items) => items.iter().any(captures_in),
        Pattern::Repeat { inner, .. } | Pattern::Look { inner, .. } => captures_in(inner),
        _ => false,
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
    /// The [`word_key`] of each token.
    keys: &'a [WordKey],
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
    /// For each fact class, the most tokens one of its facts covers, found when first asked:
    /// every pattern with the class asks.
    longest: [std::sync::OnceLock<usize>; FactClass::COUNT],
}

impl FactSpans {
    /// The spans of `facts` (JSON objects of `docs/facts.md`).
    pub fn new(facts: &[crate::value::Value]) -> Self {
        let mut by_class: [Vec<Span>; FactClass::COUNT] = Default::default();
        for f in facts {
            let span = f.get_key(key!("span")).and_then(|s| {
                Some(Span::new(
                    s.get_key(key!("start"))?.as_u64()? as usize,
                    s.get_key(key!("end"))?.as_u64()? as usize,
                ))
            });
            let (Some(span), Some(kind)) = (span, f.get_key(key!("kind")).and_then(|k| k.as_str())) else {
                continue;
            };
            let ty = f.get_key(key!("type")).and_then(|t| t.as_str());
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
        FactSpans {
            by_class,
            longest: Default::default(),
        }
    }

    /// The ends of the facts of `class` that start at byte `start`, longest first.
    fn ends(&self, start: usize, class: usize) -> impl Iterator<Item = usize> + '_ {
        let spans = &self.by_class[class];
        let first = spans.partition_point(|s| s.start < start);
        spans[first..]
            .iter()
            .take_while(move |s| s.start == start)
            .map(|s| s.end)
    }

    /// Whether a fact of `class` starts at byte `start`.
    fn starts_at(&self, start: usize, class: usize) -> bool {
        let spans = &self.by_class[class];
        spans
            .get(spans.partition_point(|s| s.start < start))
            .is_some_and(|s| s.start == start)
    }

    /// The most tokens of `tokens` a fact of `class` covers: those that start inside it, as
    /// a fact class in a pattern takes them.
    ///
    /// `tokens` are the article's, the same at every call.
    fn longest(&self, class: usize, tokens: &[Token]) -> usize {
        *self.longest[class].get_or_init(|| {
            let starts_before = |at: usize| tokens.partition_point(|t| t.span().start < at);
            self.by_class[class]
                .iter()
                .map(|s| starts_before(s.end) - starts_before(s.start))
                .max()
                .unwrap_or(0)
        })
    }

    /// True when the article has no fact.
    pub fn is_empty(&self) -> bool {
        self.by_class.iter().all(Vec::is_empty)
    }
}

impl Cx<'_> {
    fn token_text(&self, i: usize) -> &str {
        self.tokens[i].text(self.text)
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
                let all = words.iter().enumerate().all(|(i, (key, w))| {
                    self.keys[pos + i] == *key && {
                        let t = self.token_text(pos + i);
                        if *exact { t == w } else { eq_lowercase(t, w) }
                    }
                });
                all && k(pos + words.len(), caps)
            }
            Node::Words(words) => {
                if pos >= self.end {
                    return false;
                }
                let key = self.keys[pos];
                let from = words.partition_point(|(k, _)| *k < key);
                let t = self.token_text(pos);
                words[from..]
                    .iter()
                    .take_while(|(k, _)| *k == key)
                    .any(|(_, w)| eq_lowercase(t, w))
                    && k(pos + 1, caps)
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
                let tokens = self.tokens;
                let start = tokens[pos].span().start;
                for fact_end in self.facts.ends(start, *class) {
                    // The fact's tokens: a last token may run past the fact ("Soleimani’s" for
                    // the mention "Soleimani").
                    let mut j = pos;
                    while j < self.end && tokens[j].span().start < fact_end {
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
                let tokens = self.tokens;
                let at = match a {
                    Anchor::LineStart => pos == self.start || (pos < self.end && tokens[pos].line_start()),
                    Anchor::LineEnd => pos == self.end || (pos > self.start && tokens[pos - 1].line_end()),
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
                let keys = self.keys;
                let same = (0..len).all(|i| {
                    if keys[bound.start + i] != keys[pos + i] {
                        return false;
                    }
                    let a = self.token_text(bound.start + i);
                    let b = self.token_text(pos + i);
                    a.chars()
                        .flat_map(char::to_lowercase)
                        .eq(b.chars().flat_map(char::to_lowercase))
                });
                same && k(pos + len, caps)
            }
            Node::Look {
                negative,
                inner,
                captures,
            } => {
                // What a lookaround captures is not kept: it works on a copy when it captures.
                let matched = if *captures {
                    let mut scratch = caps.to_vec();
                    self.m(inner, pos, &mut scratch, &mut |_, _| true)
                } else {
                    self.m(inner, pos, caps, &mut |_, _| true)
                };
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
        (Some(a), Some(b)) if range.end > range.start => Span::new(a.span().start, b.span().end),
        (Some(a), _) => Span::new(a.span().start, a.span().start),
        _ => Span::default(),
    }
}

#[cfg(test)]
impl TokenMatcher {
    /// Whether the most tokens a match covers, as worked out when the pattern was compiled,
    /// is what [`max_len`] gives over the whole pattern, for facts of several lengths.
    pub(crate) fn longest_is_worked_out_whole(&self) -> bool {
        let lengths: [[usize; FactClass::COUNT]; 3] = [
            [0; FactClass::COUNT],
            [1; FactClass::COUNT],
            std::array::from_fn(|i| 1 + i * 3),
        ];
        lengths.iter().all(|lens| {
            let fact_len = |class: usize| lens[class];
            self.longest.with(&fact_len) == max_len(&self.root, &fact_len)
        })
    }

    /// Whether how long a match may be depends on the article's facts.
    pub(crate) fn longest_depends_on_facts(&self) -> bool {
        !matches!(self.longest, Len::Known(_))
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
    fn a_matcher_lists_each_regex_once_those_a_match_starts_with_first() {
        let m = TokenMatcher::compile(&parse_token_pattern("word? /c+/ /d+/ | /b+/ | /c+/").expect("parses"))
            .expect("compiles");
        // Which of `bb`, `cc`, `dd` each regex matches: `/c+/` is written twice, two regexes.
        let matched: Vec<&str> = m
            .regexes()
            .iter()
            .map(|re| ["bb", "cc", "dd"].into_iter().find(|t| re.is_match(t)).unwrap_or("-"))
            .collect();
        assert_eq!(matched, ["cc", "bb", "cc", "dd"]);
        let none = TokenMatcher::compile(&parse_token_pattern("(was | were) ?w:word").expect("parses"));
        assert!(none.expect("compiles").regexes().is_empty());
    }

    /// The most tokens a match covers, worked out when a pattern is compiled but for its fact
    /// classes, is what working it out whole gives, whatever the article's facts: for
    /// patterns of repeats, alternatives, gaps and back-references around facts (the
    /// built-in rules' patterns are checked in `rules`).
    #[test]
    fn the_longest_match_worked_out_when_compiled_is_the_pattern_s() {
        for p in [
            "?p:person (said | told)",
            "(?d:date | tomorrow){1,3} word",
            "(?p:person ?p | ?o:org) ~2 ?n:number+",
            "?w:word ?w ?d:date",
            "(a | ?d:date word word)",
            "(was | were) ~3 (sentenced | jailed)",
        ] {
            let m = TokenMatcher::compile(&parse_token_pattern(p).expect("parses")).expect("compiles");
            assert!(m.longest_is_worked_out_whole(), "{p}");
        }
    }

    #[test]
    fn the_words_of_an_article_list_where_each_word_is_in_text_order() {
        let text = "The ferry sank. The crew said the ferry was full, the crew said.";
        let seg = segment::segment(text, Span::new(0, text.len()));
        let words = Words::new(text, &seg);
        let at = |word: &str| -> Vec<u32> {
            (0..seg.tokens.len() as u32)
                .filter(|&i| seg.tokens[i as usize].text(text).eq_ignore_ascii_case(word))
                .collect()
        };
        let (the, ferry, crew) = (word_key("the"), word_key("ferry"), word_key("crew"));
        assert_eq!(words.of(the), at("the"));
        assert_eq!(at("the").len(), 4, "a word in any case");
        assert_eq!(*words.positions(&[ferry]), at("ferry"));
        let mut either = [at("crew"), at("ferry")].concat();
        either.sort_unstable();
        assert_eq!(*words.positions(&[crew, ferry]), either);
        assert!(words.of(word_key("ship")).is_empty());
        assert_eq!(
            words.tokens.len(),
            seg.tokens.len(),
            "each token is listed once, under its word"
        );
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
    fn only_a_repeated_word_can_start_a_pattern_that_repeats_its_first_word() {
        let first = |pattern: &str| {
            TokenMatcher::compile(&parse_token_pattern(pattern).expect("parses"))
                .expect("compiles")
                .first
                .repeated
        };
        assert!(first("?w:word ?w"));
        assert!(first("^ !(had | that) ?w:(word | number) ?w and"));
        assert!(first("?w:/\\p{Lu}+/ ?w"));
        assert!(!first("?w:word? ?w"), "the variable may capture nothing");
        assert!(!first("?w:(word word) ?w"), "two tokens");
        assert!(!first("?w:word ~1 ?w"), "not at once");
        assert!(!first("?v:word ?w:word ?v"), "another variable");
        assert!(!first("the ?w:word ?w"), "not first");
        // Case and letters beyond ASCII: a word repeated in another case is still found, and
        // the lookaround before it still holds.
        let text = "Officials said the The withdrawal, ÉTÉ été, had had ended had had.";
        assert_eq!(find("?w:word ?w", text), ["the The", "ÉTÉ été", "had had", "had had"]);
        assert_eq!(find("!(had) ?w:word ?w", text), ["the The", "ÉTÉ été"]);
        assert_eq!(find("?w:word ?w ended", text), ["had had ended"]);
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
    fn one_word_alternatives_are_looked_up_as_a_set() {
        let p = parse_token_pattern("(was | Were | is | was) killed").expect("parses");
        let m = TokenMatcher::compile(&p).expect("compiles");
        let Node::Seq(items) = &m.root else {
            panic!("a sequence: {:?}", m.root)
        };
        assert!(matches!(&items[0], Node::Words(w) if w.len() == 3), "{:?}", items[0]);
        assert_eq!(
            find(
                "(was | Were | is | was) killed",
                "He was killed in 2019. Two guards WERE Killed. It is killed, he said. They are killed."
            ),
            ["was killed", "WERE Killed", "is killed"]
        );
    }

    #[test]
    fn word_sets_keep_the_order_of_the_alternatives_around_them() {
        // "had" comes first: the match takes it, and `?v` the next word.
        assert_eq!(
            find("(had | had been | was) ?v:word", "It had been seen."),
            ["had been"]
        );
        // "had been" comes before "had": the longer alternative is tried first.
        assert_eq!(
            find("(was | is | had been | had) seen", "It had been seen."),
            ["had been seen"]
        );
        // Exact words are not gathered into a set: case still counts for them.
        assert_eq!(find("(=Was | =Is) here", "was here. Was here."), ["Was here"]);
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

//! Fact queries (a rule's `when`): compiled, then evaluated over the facts of a story.
//!
//! Facts are the JSON objects of the fact schema ([`crate::schema`], `docs/facts.md`), as a
//! story holds them: with their place in their article (`sentence`, `paragraph`), their
//! article's fields (`doc`, `outlet`, `published`, `role`, `references`) and a quotation's
//! join keys. `factlint facts` prints exactly these objects, so a rule names a field as
//! `factlint facts` prints it, and a new extractor's facts need no glue to be queried.
//! Patterns, conditions and templates are checked against the schema when a rule is
//! compiled; an event's kind and the fields its extraction rule emits are known only once
//! every rule is loaded, so a query reports where it names them ([`FactQuery::event_uses`])
//! for the rule set to check.
//!
//! Evaluation joins the patterns one at a time, in an order planned when the query is
//! compiled (`join_order`: each time the pattern that shares a variable with those joined
//! and lets the most conditions run), and returns the rows in the order of the written
//! patterns. A pattern that shares a variable with the patterns joined before it is a hash
//! join on the variable's value; conditions are applied as soon as everything they name is
//! bound, and a condition that reads only one pattern's fact (`?sb < 3`,
//! `b.role == "draft"`) is tested on each of that pattern's facts before the join, not on
//! each row it would make. Two patterns never bind the same fact, and rows
//! that bind the same facts in another order are reported once.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use compact_str::CompactString;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use rayon::prelude::*;
use smallvec::SmallVec;

use crate::value::{Key, Shared, Value};

use crate::evidence;
use crate::lang::LangError;
use crate::lang::ast::{BinOp, Constraint, Expr, FactPattern, Func, Literal, Query, ValuePattern};
use crate::lazy_regex::LazyRegex;
use crate::schema::{self, Type};
use crate::span::Span;
use crate::textcmp;
use crate::words::{self, normalized};

/// The facts of one story, article by article.
#[derive(Debug, Default)]
pub struct FactStore {
    /// Each article's facts, shared with whoever made them (a cache keeps those of the
    /// articles that did not change between two checks, with what queries learned of them).
    docs: Vec<Arc<ArticleFacts>>,
    /// The number of the first fact of each article.
    offsets: Vec<usize>,
    /// Fact number → (article, position among its facts).
    at: Vec<(usize, usize)>,
}

impl FactStore {
    /// A store of the facts of a story's articles, as the story gives them: with their
    /// positions and their article's fields.
    pub fn new(docs: impl IntoIterator<Item = Vec<Value>>) -> Self {
        FactStore::shared(docs.into_iter().map(|d| Arc::new(ArticleFacts::from(d))))
    }

    /// [`FactStore::new`] over articles' facts that others hold too.
    pub fn shared(docs: impl IntoIterator<Item = Arc<ArticleFacts>>) -> Self {
        let mut store = FactStore::default();
        for (d, doc) in docs.into_iter().enumerate() {
            store.offsets.push(store.at.len());
            store.at.extend((0..doc.facts.len()).map(|i| (d, i)));
            store.docs.push(doc);
        }
        store
    }

    /// The fact at `index`.
    pub fn get(&self, index: usize) -> &Value {
        let (d, i) = self.at[index];
        &self.docs[d].facts[i]
    }

    /// How many facts the store holds.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// What comparisons read of the fact at `index`, when it is a number.
    fn figure(&self, index: usize) -> Option<&Figure> {
        let (d, i) = self.at[index];
        self.docs[d].figure(i)
    }

    /// True when the store holds no fact.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// What pattern `p` matches in each article, with its first fact's number; indexed by
    /// the values at `paths` when given (nulls among them when `nulls`). When no article is
    /// kept between checks, the story is searched as one article, in one pass.
    fn matches(&self, p: &CompiledPattern, paths: Option<&[Vec<Key>]>, nulls: bool) -> Vec<(usize, Arc<Matches>)> {
        if !self.docs.iter().any(|d| d.kept) {
            let mut m = Matches::default();
            for (doc, &offset) in self.docs.iter().zip(&self.offsets) {
                doc.find(p, paths, nulls, offset, &mut m);
            }
            return vec![(0, Arc::new(m))];
        }
        let key = format!("{}\u{1f}{paths:?}\u{1f}{nulls}", p.key);
        self.docs
            .iter()
            .zip(&self.offsets)
            .map(|(doc, &offset)| (offset, doc.matches(&key, p, paths, nulls)))
            .collect()
    }
}

/// The facts of one article, by kind, with what queries learned of them when they are kept
/// between checks: the facts each pattern accepts, indexed by the fields it joins on, so that
/// an article kept is not searched again.
#[derive(Debug, Default)]
pub struct ArticleFacts {
    facts: Vec<Value>,
    by_kind: HashMap<String, Vec<usize>>,
    /// The fields of their article, which a check adds to each fact, when every fact shares
    /// those of one ([`Shared::base`], without the fields each shares alike with others). A
    /// test on one of them is decided once for the article.
    article: Option<Shared>,
    /// Whether what queries find is kept with the facts.
    kept: bool,
    matches: Mutex<HashMap<String, Arc<Matches>>>,
    /// What comparisons read of each number fact, by position, read the first time a
    /// condition compares two of them.
    figures: OnceLock<Vec<(usize, Figure)>>,
}

impl From<Vec<Value>> for ArticleFacts {
    fn from(facts: Vec<Value>) -> Self {
        let mut by_kind: HashMap<String, Vec<usize>> = HashMap::new();
        fn shared(fact: &Value) -> Option<&Shared> {
            match fact {
                Value::Object(map) => map.shared(),
                _ => None,
            }
        }
        // The article's fields alone: beside them each fact may share others of its own.
        let mut article = facts.first().and_then(shared).map(Shared::base);
        for (i, fact) in facts.iter().enumerate() {
            if article
                .as_ref()
                .is_some_and(|a| !shared(fact).is_some_and(|s| s.same_base(a)))
            {
                article = None;
            }
            let kind = fact.get_key(key!("kind")).and_then(Value::as_str).unwrap_or("");
            match by_kind.get_mut(kind) {
                Some(list) => list.push(i),
                None => {
                    by_kind.insert(kind.to_string(), vec![i]);
                }
            }
        }
        ArticleFacts {
            facts,
            by_kind,
            article,
            kept: false,
            matches: Mutex::default(),
            figures: OnceLock::new(),
        }
    }
}

impl ArticleFacts {
    /// Facts that a front end keeps between checks: what queries find in them is kept too.
    pub fn kept(facts: Vec<Value>) -> Self {
        ArticleFacts {
            kept: true,
            ..ArticleFacts::from(facts)
        }
    }

    /// The facts, in the article's order.
    pub fn facts(&self) -> &[Value] {
        &self.facts
    }

    /// The facts, taken out.
    pub fn into_facts(self) -> Vec<Value> {
        self.facts
    }

    /// What comparisons read of the fact at `i`, when it is a number.
    fn figure(&self, i: usize) -> Option<&Figure> {
        let figures = self.figures.get_or_init(|| {
            let numbers = self.by_kind.get("number").map_or(&[][..], Vec::as_slice);
            numbers
                .iter()
                .filter_map(|&i| Some((i, Figure::of(&self.facts[i])?)))
                .collect()
        });
        let at = figures.binary_search_by_key(&i, |(j, _)| *j).ok()?;
        Some(&figures[at].1)
    }

    /// What pattern `p` (whose pattern, paths and nulls make `key`) matches here.
    fn matches(&self, key: &str, p: &CompiledPattern, paths: Option<&[Vec<Key>]>, nulls: bool) -> Arc<Matches> {
        if let Some(m) = self.matches.lock().unwrap_or_else(PoisonError::into_inner).get(key) {
            return Arc::clone(m);
        }
        // Made outside the lock: two rules may make the same, and one is kept.
        let mut m = Matches::default();
        self.find(p, paths, nulls, 0, &mut m);
        let m = Arc::new(m);
        if self.kept {
            self.matches
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key.to_string(), Arc::clone(&m));
        }
        m
    }

    /// Adds to `m` the facts here that `p` accepts, numbered from `offset`, indexed by their
    /// values at `paths` when given.
    fn find(&self, p: &CompiledPattern, paths: Option<&[Vec<Key>]>, nulls: bool, offset: usize, m: &mut Matches) {
        // A test of a field of the article ("role": "reference") that fails fails for every fact.
        if self.article.as_ref().is_some_and(|article| !p.may_accept_in(article)) {
            return;
        }
        for &i in self.by_kind.get(&p.kind).into_iter().flatten() {
            let fact = &self.facts[i];
            if !p.accepts(fact) {
                continue;
            }
            m.facts.push(offset + i);
            let Some(paths) = paths else { continue };
            let values: Option<Vec<&Value>> = paths
                .iter()
                .map(|path| match lookup(fact, path) {
                    Some(v) if !v.is_null() => Some(v),
                    _ if nulls => Some(&NULL),
                    _ => None,
                })
                .collect();
            if let Some(values) = values {
                for key in join_keys(&values) {
                    m.by_key.entry(key).or_default().push(offset + i);
                }
            }
        }
    }
}

/// What a pattern matches in a story, by key: one article's (or the whole story's) index as
/// it is, or the indexes of several articles merged, so that a row's key is looked up once,
/// whatever the number of articles.
enum StoryIndex<'a> {
    One(&'a Matches),
    Merged(HashMap<&'a str, Vec<usize>>),
}

impl<'a> StoryIndex<'a> {
    /// The index of what was found in each article (`(first fact number, matches)`), each
    /// key's facts in story order.
    fn new(found: &'a [(usize, Arc<Matches>)]) -> Self {
        if let [(0, m)] = found {
            return StoryIndex::One(m);
        }
        let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
        for (offset, m) in found {
            for (key, facts) in &m.by_key {
                index
                    .entry(key.as_str())
                    .or_default()
                    .extend(facts.iter().map(|f| offset + f));
            }
        }
        StoryIndex::Merged(index)
    }

    /// The facts found under `key`.
    fn get(&self, key: &str) -> &[usize] {
        match self {
            StoryIndex::One(m) => m.by_key.get(key).map_or(&[], |facts| facts.as_slice()),
            StoryIndex::Merged(index) => index.get(key).map_or(&[], Vec::as_slice),
        }
    }
}

/// The facts of one article that a pattern accepts, in order, and the same by the key of the
/// values it joins on.
#[derive(Debug, Default)]
struct Matches {
    facts: Vec<usize>,
    /// (Most keys are one fact's: its number is kept in place.)
    by_key: HashMap<CompactString, SmallVec<[usize; 2]>>,
}

#[derive(Debug)]
struct CompiledPattern {
    /// What decides the facts the pattern accepts (its kind and literal tests), written out:
    /// the name of what it matches in an article's facts.
    key: String,
    kind: String,
    binding: String,
    /// For an event pattern that names its kind of event (`event: "death"`), that kind.
    event: Option<String>,
    /// Literal constraints, checked on each fact.
    tests: Vec<(Vec<Key>, ValuePattern)>,
    /// Variables the pattern binds: (field path, variable number).
    binds: Vec<(Vec<Key>, usize)>,
}

/// The value of a variable no fact has bound.
static NULL: Value = Value::Null;

/// The most combinations of facts one pattern of a query builds in one story.
pub const MAX_ROWS: usize = 100_000;

/// The fewest rows a join could make (rows joined so far × candidate facts) for which it
/// leaves out the facts that [`Unlike`] conditions would refuse before making rows of them:
/// in a smaller join, making those rows costs less than finding which they are.
const UNLIKE_FROM: usize = 4096;

/// In a row being joined, the fact of a pattern not joined yet.
const UNBOUND: usize = usize::MAX;

/// The most moves of facts among a query's patterns ([`FactQuery::moves`]) that rows are
/// compared by: a query with more (five patterns of one kind) keeps the sets of facts it has
/// seen instead.
const MAX_MOVES: usize = 23;

/// A compiled query.
#[derive(Debug)]
pub struct FactQuery {
    patterns: Vec<CompiledPattern>,
    /// The order in which the patterns are joined (see [`join_order`]).
    order: Vec<usize>,
    /// `not kind(…)` patterns: a row is kept only when none of their facts match it.
    negations: Vec<CompiledPattern>,
    /// The `where` condition of each `not` pattern, which a matching fact must also pass.
    negation_conditions: Vec<Option<Expr>>,
    /// The same conditions with their names resolved, as they are evaluated.
    negation_ops: Vec<Option<Op>>,
    /// How many positive patterns must be joined, in [`FactQuery::order`], before each `not`
    /// pattern can run: it runs as early as it can, so that later joins build fewer rows.
    negation_needs: Vec<usize>,
    /// Each part of the conditions: see [`Condition`].
    conditions: Vec<Condition>,
    /// Every way but the identity to move the facts of a row among patterns of one kind,
    /// as the pattern whose fact each pattern takes: how two rows can bind one set of facts.
    moves: Vec<SmallVec<[usize; 4]>>,
    vars: Vec<String>,
    /// Where each variable is first written, and how often it is written in the query.
    var_uses: Vec<(Span, usize)>,
    regexes: HashMap<String, Arc<LazyRegex>>,
    /// Whether the regexes of `matches` are compiled when first used (see
    /// [`FactQuery::compile_lazily`]).
    lazy: bool,
    /// Where the query names kinds of events and fields that extraction rules emit.
    event_uses: Vec<EventUse>,
}

/// One part of a query's conditions (`a and b` is two parts).
#[derive(Debug)]
struct Condition {
    /// The expression with its names resolved, as it is evaluated.
    op: Op,
    /// What it reads.
    reads: Reads,
    /// How many patterns must be joined, in [`FactQuery::order`], before it can run.
    needs: usize,
    /// Whether it reads nothing but the fact of the last of those patterns, directly
    /// (`b.role`) or through the variables that pattern binds first (`?sb`): then it is
    /// tested once on each fact of that pattern, before the join.
    of_one_fact: bool,
}

/// One set of facts that satisfies a query. A join makes up to [`MAX_ROWS`] of them per
/// pattern: those of a query of up to four patterns and four variables are made without an
/// allocation.
#[derive(Clone, Debug)]
pub struct Row<'s> {
    /// The index in the store of the fact bound by each pattern, in pattern order
    /// (`usize::MAX`, while the row is being joined, for a pattern not joined yet).
    pub facts: SmallVec<[usize; 4]>,
    /// The value of each variable, by number.
    pub vars: SmallVec<[&'s Value; 4]>,
}

/// What a query found in a store: its rows, and whether a join stopped at [`MAX_ROWS`]
/// combinations with more to make, so that rows past them were never looked for.
#[derive(Debug)]
pub struct Found<'s> {
    /// Each set of facts that satisfies the query, once, in the order of their facts.
    pub rows: Vec<Row<'s>>,
    /// Whether a join of the query reached the limit before it had tried every combination.
    pub stopped: bool,
}

/// Where a rule names a kind of event or a field of events, which only the loaded
/// extraction rules can confirm: checked once every rule is loaded, whatever the order.
#[derive(Clone, Debug, PartialEq)]
pub enum EventUse {
    /// `event: "death"`: a kind of event, written at `span`.
    Kind {
        /// The kind.
        name: String,
        /// Where it is written, quotes included.
        span: Span,
    },
    /// A field path inside events: an emitted field and the fields inside its value.
    Field {
        /// The kind of event the pattern names, `None` when it names none.
        event: Option<String>,
        /// The path, from the emitted field.
        path: Vec<Key>,
        /// Where each name of the path is written.
        spans: Vec<Span>,
    },
}

/// What a field path of a kind of fact leads to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldPath {
    /// A field the schema describes, with its type (`None` when any value may be there).
    Known(Option<Type>),
    /// A field an extraction rule emits on its events, known once every rule is loaded.
    Emitted,
}

/// Checks `path`, a path of field names inside facts of `kind`, against the schema. A
/// mistake gives the index of the first wrong name and the message, with the name it most
/// likely stands for.
pub fn check_path(kind: &str, path: &[Key]) -> Result<FieldPath, (usize, String)> {
    let Some(k) = schema::kind(kind) else {
        return Err((0, unknown_kind_message(kind)));
    };
    let Some(first) = path.first() else {
        return Ok(FieldPath::Known(None));
    };
    match k.field(first) {
        Some(f) => f.ty.at(&path[1..]).map(FieldPath::Known).map_err(|e| {
            let at = e.at + 1;
            (at, path_message(&format!("`{kind}` facts"), path, at, &e.fields))
        }),
        None if k.name == "event" => Ok(FieldPath::Emitted),
        None => {
            let fields: Vec<&str> = k.all_fields().map(|f| f.name).collect();
            Err((0, path_message(&format!("`{kind}` facts"), path, 0, &fields)))
        }
    }
}

/// The message for `path[at]`, a name that is no field of what comes before it in the facts
/// `owner` names ("`date` facts", "`death` events"): the field it most likely stands for,
/// and the fields there are.
pub fn path_message<S: std::borrow::Borrow<str>>(owner: &str, path: &[S], at: usize, fields: &[&str]) -> String {
    let name = path.get(at).map_or("", |n| n.borrow());
    let mut message = match at {
        0 => format!("{owner} have no field `{name}`"),
        _ => format!("`{}` in {owner} has no field `{name}`", path[..at].join(".")),
    };
    if let Some(hint) = closest(name, fields) {
        message.push_str(&format!(" (did you mean `{hint}`?)"));
    } else if let Some((_, hint)) = schema::RENAMED.iter().find(|(old, _)| at == 0 && *old == name) {
        message.push_str(&format!(" ({hint})"));
    }
    match (at, fields.is_empty()) {
        (_, true) => message.push_str(&format!("; `{}` holds no fields", path[..at].join("."))),
        (0, false) => message.push_str(&format!("; their fields are {}", fields.join(", "))),
        (_, false) => message.push_str(&format!("; its fields are {}", fields.join(", "))),
    }
    message
}

/// The message for a kind of fact the schema does not have.
fn unknown_kind_message(kind: &str) -> String {
    let kinds: Vec<&str> = schema::KINDS.iter().map(|k| k.name).collect();
    let hint = closest(kind, &kinds).map_or(String::new(), |h| format!(" (did you mean `{h}`?)"));
    format!("unknown fact kind `{kind}`{hint}; the kinds are {}", kinds.join(", "))
}

/// The candidate nearest to `word` by edit distance, when near enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Long words are no typo of a short name, and the distance is quadratic in length.
    if word.chars().count() > 64 {
        return None;
    }
    candidates
        .iter()
        .map(|c| (words::edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count().div_ceil(3)).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The span of each name of a path written from `start` (`speaker.entity` → `speaker`,
/// `entity`).
fn name_spans(start: usize, path: &[Key]) -> Vec<Span> {
    let mut at = start;
    path.iter()
        .map(|name| {
            let span = Span::new(at, at + name.len());
            at = span.end + 1;
            span
        })
        .collect()
}

/// A pattern's name for conditions and templates, its kind and its kind of event.
#[derive(Clone, Debug)]
struct Binding {
    name: String,
    kind: String,
    event: Option<String>,
}

/// The checks of one query, collecting what the compiled query needs and every mistake.
#[derive(Default)]
struct QueryCompiler {
    vars: Vec<String>,
    var_uses: Vec<(Span, usize)>,
    bindings: Vec<Binding>,
    patterns: Vec<CompiledPattern>,
    negations: Vec<CompiledPattern>,
    negation_conditions: Vec<Option<Expr>>,
    regexes: HashMap<String, Arc<LazyRegex>>,
    lazy: bool,
    errors: Vec<LangError>,
    event_uses: Vec<EventUse>,
}

impl QueryCompiler {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(LangError {
            span,
            message: message.into(),
        });
    }

    /// A query needs a fact pattern, and one that is not negated.
    fn check_shape(&mut self, query: &Query) {
        match query.patterns.first() {
            None => self.error(
                Span::new(0, 0),
                "a query needs at least one fact pattern, such as `date(…) as d`",
            ),
            Some(first) if query.patterns.iter().all(|p| p.negated) => {
                self.error(first.span, "a query needs a fact pattern that is not negated")
            }
            Some(_) => {}
        }
    }

    /// A positive pattern: named (`fact`, `fact2`… when the query does not name it), its
    /// constraints split into tests and bindings.
    fn positive(&mut self, i: usize, p: &FactPattern, positive: usize) {
        let binding = match &p.binding {
            Some((name, _)) => name.clone(),
            None if positive == 1 => "fact".to_string(),
            None => format!("fact{}", i + 1),
        };
        if let Some((name, span)) = &p.binding
            && self.bindings.iter().any(|b| &b.name == name)
        {
            self.error(*span, format!("`{name}` names two fact patterns"));
        }
        let pattern = self.pattern(p, binding);
        self.bindings.push(Binding {
            name: pattern.binding.clone(),
            kind: pattern.kind.clone(),
            event: pattern.event.clone(),
        });
        self.patterns.push(pattern);
    }

    /// A `not` pattern: named only for its condition, with variables bound before it.
    fn negated(&mut self, p: &FactPattern) {
        match (&p.binding, &p.condition) {
            (Some((_, span)), None) => self.error(
                *span,
                "a `not` pattern matches no fact, so it can only be named for a condition: \
                 `not kind(…) as x where …`",
            ),
            (None, Some(_)) => self.error(
                p.span,
                "name the fact to test it in `where`: `not kind(…) as x where …`",
            ),
            _ => {}
        }
        if let Some((name, span)) = &p.binding
            && (self.bindings.iter().any(|b| &b.name == name) || self.negations.iter().any(|n| &n.binding == name))
        {
            self.error(*span, format!("`{name}` names two fact patterns"));
        }
        let binding = p.binding.as_ref().map(|(n, _)| n.clone()).unwrap_or_default();
        let pattern = self.pattern(p, binding);
        self.negations.push(pattern);
        self.negation_conditions.push(p.condition.clone());
    }

    /// Checks a pattern's kind and fields against the schema, and splits its constraints
    /// into literal tests and variable bindings. A positive pattern introduces its new
    /// variables; in a `not` pattern every variable must be bound before it, since nothing
    /// it matches is kept.
    fn pattern(&mut self, p: &FactPattern, binding: String) -> CompiledPattern {
        let known = schema::kind(&p.kind).is_some();
        if !known {
            self.error(p.kind_span, unknown_kind_message(&p.kind));
        }
        // The kind of event a pattern names, which its other fields are checked against.
        let event = (p.kind == "event")
            .then(|| {
                p.constraints.iter().find_map(|c| match (&c.value, c.path.as_slice()) {
                    (ValuePattern::Str(s), [field]) if field == "event" => Some(s.clone()),
                    _ => None,
                })
            })
            .flatten();
        let mut tests = Vec::new();
        let mut binds = Vec::new();
        for c in &p.constraints {
            if known {
                self.constraint(p, c, event.as_deref());
            }
            let ValuePattern::Var { name, span } = &c.value else {
                tests.push((c.path.clone(), c.value.clone()));
                continue;
            };
            match self.vars.iter().position(|v| v == name) {
                Some(n) => {
                    self.var_uses[n].1 += 1;
                    binds.push((c.path.clone(), n));
                }
                None if p.negated => self.error(
                    *span,
                    format!("`?{name}` in a `not` pattern must be bound by a fact pattern before it"),
                ),
                None => {
                    self.vars.push(name.clone());
                    self.var_uses.push((*span, 1));
                    binds.push((c.path.clone(), self.vars.len() - 1));
                }
            }
        }
        CompiledPattern {
            key: format!("{}\u{1f}{tests:?}", p.kind),
            kind: p.kind.clone(),
            binding,
            event,
            tests,
            binds,
        }
    }

    /// Checks one `field: value` of a pattern of a known kind: the field path, and a literal
    /// against the field's type.
    fn constraint(&mut self, p: &FactPattern, c: &Constraint, event: Option<&str>) {
        let spans = name_spans(c.path_span.start, &c.path);
        let ty = match check_path(&p.kind, &c.path) {
            Err((at, message)) => {
                self.error(spans.get(at).copied().unwrap_or(c.path_span), message);
                return;
            }
            Ok(FieldPath::Emitted) => {
                self.event_uses.push(EventUse::Field {
                    event: event.map(str::to_string),
                    path: c.path.clone(),
                    spans,
                });
                return;
            }
            Ok(FieldPath::Known(ty)) => ty,
        };
        match (c.path.as_slice(), &c.value) {
            // Every fact of a pattern has the pattern's kind: another never matches.
            ([field], ValuePattern::Str(s)) if field == "kind" && *s != p.kind => {
                let hint = if p.kind == "event" {
                    format!("; the kind of event is its field `event`: `event(event: \"{s}\")`")
                } else {
                    String::new()
                };
                self.error(
                    c.value_span,
                    format!(
                        "a `{}` pattern matches facts whose `kind` is \"{}\", never \"{s}\"{hint}",
                        p.kind, p.kind
                    ),
                );
            }
            ([field], ValuePattern::Str(s)) if field == "event" && p.kind == "event" => {
                self.event_uses.push(EventUse::Kind {
                    name: s.clone(),
                    span: c.value_span,
                });
            }
            _ => {}
        }
        let literal = match &c.value {
            ValuePattern::Str(_) => Some(("a string", Type::Text)),
            ValuePattern::Num(_) => Some(("a number", Type::Number)),
            ValuePattern::Bool(_) => Some(("a boolean", Type::Bool)),
            _ => None,
        };
        if let (Some(ty), Some((written, want))) = (ty, literal) {
            let fits = ty == want || (want == Type::Number && ty == Type::Int);
            if !fits {
                self.error(
                    c.value_span,
                    format!(
                        "`{}` of `{}` facts is {}, never {written}",
                        c.path.join("."),
                        p.kind,
                        ty.name()
                    ),
                );
            }
        }
    }

    /// Checks the query's conditions and splits them into their parts.
    fn conditions(&mut self, query: &Query) -> Vec<Expr> {
        let mut conditions = Vec::new();
        for cond in &query.conditions {
            count_vars(cond, &self.vars, &mut self.var_uses);
            let bindings = self.bindings.clone();
            let mut checker = self.checker(&bindings);
            checker.check(cond);
            // Each part of `a and b and …` runs as soon as what it names is joined, so that a
            // part about the first patterns drops rows before the next joins; a condition that
            // names no binding runs with the first pattern.
            let mut parts = Vec::new();
            conjuncts(cond, &mut parts);
            conditions.extend(parts.into_iter().cloned());
        }
        conditions
    }

    /// Checks the condition of each `not` pattern, which sees every positive pattern and the
    /// negated fact.
    fn negation_conditions(&mut self) {
        for k in 0..self.negations.len() {
            if let Some(cond) = self.negation_conditions[k].clone() {
                count_vars(&cond, &self.vars, &mut self.var_uses);
                let n = &self.negations[k];
                let mut seen = self.bindings.clone();
                seen.push(Binding {
                    name: n.binding.clone(),
                    kind: n.kind.clone(),
                    event: n.event.clone(),
                });
                self.checker(&seen).check(&cond);
            }
        }
    }

    fn checker<'c>(&'c mut self, bindings: &'c [Binding]) -> ExprChecker<'c> {
        ExprChecker {
            bindings,
            vars: &self.vars,
            regexes: &mut self.regexes,
            lazy: self.lazy,
            errors: &mut self.errors,
            event_uses: &mut self.event_uses,
        }
    }
}

impl FactQuery {
    /// Checks a parsed query — fact kinds, fields and the types of literals against the fact
    /// schema, bindings, variables, function arguments, regexes — reporting every mistake
    /// with its span in the query.
    pub fn compile(query: &Query) -> Result<Self, Vec<LangError>> {
        Self::compile_with(query, false)
    }

    /// The regexes of its `matches` conditions.
    pub fn regexes(&self) -> impl Iterator<Item = &Arc<LazyRegex>> {
        self.regexes.values()
    }

    /// Like [`FactQuery::compile`], leaving the regexes of `matches` to be compiled when
    /// first used: for queries whose regexes are known to compile (the built-in rules').
    pub fn compile_lazily(query: &Query) -> Result<Self, Vec<LangError>> {
        Self::compile_with(query, true)
    }

    fn compile_with(query: &Query, lazy: bool) -> Result<Self, Vec<LangError>> {
        let mut c = QueryCompiler {
            lazy,
            ..QueryCompiler::default()
        };
        c.check_shape(query);
        let positive = query.patterns.iter().filter(|p| !p.negated).count();
        for (i, p) in query.patterns.iter().enumerate() {
            if p.negated {
                c.negated(p);
            } else {
                c.positive(i, p, positive);
            }
        }
        let parts = c.conditions(query);
        c.negation_conditions();
        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        let mut query = FactQuery {
            patterns: c.patterns,
            order: Vec::new(),
            negations: c.negations,
            negation_conditions: c.negation_conditions,
            negation_ops: Vec::new(),
            negation_needs: Vec::new(),
            conditions: Vec::new(),
            moves: Vec::new(),
            vars: c.vars,
            var_uses: c.var_uses,
            regexes: c.regexes,
            lazy,
            event_uses: c.event_uses,
        };
        let kinds: Vec<&str> = query.patterns.iter().map(|p| p.kind.as_str()).collect();
        query.moves = moves(&kinds);
        // Each condition is resolved against the query it is part of.
        let conditions = parts
            .iter()
            .map(|expr| Condition {
                reads: Reads::of(expr, &query.patterns, &query.vars),
                op: query.resolve(expr),
                needs: 1,
                of_one_fact: false,
            })
            .collect();
        query.conditions = conditions;
        query.negation_ops = query
            .negation_conditions
            .iter()
            .map(|cond| cond.as_ref().map(|e| query.resolve(e)))
            .collect();
        let binders = binders(&query.patterns, query.vars.len());
        let order = join_order(&query.patterns, &query.conditions, &binders);
        query.join_in(order, &binders);
        Ok(query)
    }

    /// Joins the patterns in `order` (a permutation of their numbers): says when each
    /// condition and each `not` pattern runs. `binders` are the patterns that bind each
    /// variable ([`binders`]).
    fn join_in(&mut self, order: Vec<usize>, binders: &[Vec<usize>]) {
        let mut at = vec![None; self.patterns.len()];
        for (step, &i) in order.iter().enumerate() {
            at[i] = Some(step);
        }
        for c in &mut self.conditions {
            let r = &c.reads;
            c.needs = r.step(&at, binders).unwrap_or(1);
            // Everything it names is bound by the pattern joined at that step: the facts it
            // names are that pattern's, its variables are first bound there.
            let last = order.get(c.needs - 1).copied();
            c.of_one_fact = r.patterns.iter().all(|&q| Some(q) == last)
                && r.vars
                    .iter()
                    .all(|&v| binders[v].is_empty() || r.first(v, &at, binders) == Some(c.needs - 1));
        }
        // A `not` pattern runs once the variables it shares and what its condition names
        // (but its own fact) are bound.
        self.negation_needs = self
            .negations
            .iter()
            .zip(&self.negation_conditions)
            .map(|(n, cond)| {
                let mut r = cond
                    .as_ref()
                    .map_or_else(Reads::default, |e| Reads::of(e, &self.patterns, &self.vars));
                r.vars.extend(n.binds.iter().map(|(_, v)| *v));
                r.step(&at, binders).unwrap_or(1)
            })
            .collect();
        self.order = order;
    }

    /// The names of the query's variables, numbered as in [`Row::vars`].
    pub fn variables(&self) -> &[String] {
        &self.vars
    }

    /// Where the query names kinds of events and fields that extraction rules emit, to be
    /// checked once every rule is loaded.
    pub fn event_uses(&self) -> &[EventUse] {
        &self.event_uses
    }

    /// Checks an expression written in a template against the query's bindings, variables
    /// and the fact schema; also gives where it names fields that extraction rules emit.
    pub fn validate_expr(&self, expr: &Expr) -> (Vec<LangError>, Vec<EventUse>) {
        let mut regexes = HashMap::new();
        self.check_into(expr, &mut regexes)
    }

    /// Keeps what a valid template expression needs to be evaluated (its regexes).
    pub fn add_expr(&mut self, expr: &Expr) {
        let mut regexes = std::mem::take(&mut self.regexes);
        self.check_into(expr, &mut regexes);
        self.regexes = regexes;
    }

    fn check_into(
        &self,
        expr: &Expr,
        regexes: &mut HashMap<String, Arc<LazyRegex>>,
    ) -> (Vec<LangError>, Vec<EventUse>) {
        let bindings: Vec<Binding> = self
            .patterns
            .iter()
            .map(|p| Binding {
                name: p.binding.clone(),
                kind: p.kind.clone(),
                event: p.event.clone(),
            })
            .collect();
        let mut errors = Vec::new();
        let mut event_uses = Vec::new();
        ExprChecker {
            bindings: &bindings,
            vars: &self.vars,
            regexes,
            lazy: self.lazy,
            errors: &mut errors,
            event_uses: &mut event_uses,
        }
        .check(expr);
        (errors, event_uses)
    }

    /// Where each variable is first written and how often the query writes it, by number.
    pub fn variable_uses(&self) -> &[(Span, usize)] {
        &self.var_uses
    }

    /// Whether a pattern of the query (`not` patterns among them) may read facts of `kind`
    /// in an article whose facts share the fields `article`: a check need not keep the
    /// facts no query of its rules reads (`numeral(role: "reference")` reads no numeral of
    /// a draft).
    pub fn reads(&self, kind: &str, article: &Shared) -> bool {
        self.every_pattern().any(|p| p.kind == kind && p.may_accept_in(article))
    }

    /// What decides which facts the patterns accept (their kinds and literal tests), each
    /// written out: the same for two queries that read the same facts.
    pub fn accepted(&self) -> impl Iterator<Item = &str> {
        self.every_pattern().map(|p| p.key.as_str())
    }

    /// The positive patterns, then the `not` patterns.
    fn every_pattern(&self) -> impl Iterator<Item = &CompiledPattern> {
        self.patterns.iter().chain(&self.negations)
    }

    /// The binding names of the patterns, in order.
    pub fn bindings(&self) -> impl Iterator<Item = &str> {
        self.patterns.iter().map(|p| p.binding.as_str())
    }

    /// The fact kind bound to `binding`.
    pub fn kind_of(&self, binding: &str) -> Option<&str> {
        self.patterns
            .iter()
            .find(|p| p.binding == binding)
            .map(|p| p.kind.as_str())
    }

    /// For a binding of an event pattern that names its kind of event, that kind.
    pub fn event_of(&self, binding: &str) -> Option<&str> {
        self.patterns
            .iter()
            .find(|p| p.binding == binding)
            .and_then(|p| p.event.as_deref())
    }

    /// Every set of facts of `store` that satisfies the query, each set once, up to the limit
    /// of [`MAX_ROWS`] combinations a join makes ([`FactQuery::find_all_where`] tells when it
    /// was reached).
    pub fn find_all<'s>(&self, store: &'s FactStore) -> Vec<Row<'s>> {
        self.find_all_where(store, 0, &|_| true).rows
    }

    /// Every set of facts that satisfies the query and whose fact bound by the pattern
    /// numbered `primary` passes `keep`. Filtering that pattern's facts before the joins keeps
    /// a check against many references linear: only rows that can be reported are built.
    pub fn find_all_where<'s>(&self, store: &'s FactStore, primary: usize, keep: &dyn Fn(&Value) -> bool) -> Found<'s> {
        // A row that binds nothing: where the join starts, and what a fact tested alone
        // is bound to.
        let empty = Row {
            facts: smallvec::smallvec![UNBOUND; self.patterns.len()],
            vars: smallvec::smallvec![&NULL; self.vars.len()],
        };
        let unbound = vec![false; self.vars.len()];
        let mut rows = vec![empty.clone()];
        let mut bound = unbound.clone();
        let mut stopped = false;
        for (step, &i) in self.order.iter().enumerate() {
            // No row left: none can be made, whatever the patterns still to join.
            if rows.is_empty() {
                break;
            }
            let p = &self.patterns[i];
            let (of_fact, of_row): (Vec<&Condition>, Vec<&Condition>) = self
                .conditions
                .iter()
                .filter(|c| c.needs == step + 1)
                .partition(|c| c.of_one_fact);
            // Only the pattern numbered `primary` is filtered by `keep`; a condition on this
            // pattern's fact alone is tested once per fact, on a row that binds only it (and
            // the variables it binds, as every row made here binds them).
            let filtered = i == primary || !of_fact.is_empty();
            let admit = |f: usize| {
                (i != primary || keep(store.get(f)))
                    && (of_fact.is_empty()
                        || extend(&empty, i, f, &bind_values(store, f, p), p, &unbound)
                            .is_some_and(|lone| of_fact.iter().all(|c| self.test(&c.op, &lone, store))))
            };
            // The other conditions run on each row as it is made: rows that fail them are
            // never kept. The limit counts the rows made, kept or not, so that it bounds the
            // work of a join as well as its memory.
            let passes = |row: &Row<'s>| of_row.iter().all(|c| self.test(&c.op, row, store));
            let shared: Vec<(Vec<Key>, usize)> = p.binds.iter().filter(|(_, v)| bound[*v]).cloned().collect();
            // Conditions that keep a fact from rows of its value ([`Unlike`]), in a join that
            // may make enough rows for it to matter (`facts` candidates for each row).
            let joined = &self.order[..step];
            let unlike = |facts: usize| -> Vec<(Vec<Key>, &Op)> {
                if rows.len().saturating_mul(facts) < UNLIKE_FROM {
                    return Vec::new();
                }
                of_row
                    .iter()
                    .filter_map(|c| c.op.unlike(i, p, joined, &bound))
                    .collect()
            };
            let next = if shared.is_empty() {
                let candidates: Vec<usize> = facts_of(&store.matches(p, None, false)).filter(|&f| admit(f)).collect();
                let unlike = Unlike::new(store, &unlike(candidates.len()), candidates.iter().copied());
                let bound_values = BoundValues::new(store, p, rows.len(), candidates.iter().copied());
                let make = |row: &Row<'s>, f: usize| bound_values.row_with(row, i, f, p, store, &bound);
                join_rows(&rows, |row| unlike.keep(row, store, &candidates), &make, &passes)
            } else {
                // A hash join: facts indexed by the values of the variables already bound.
                // A variable holding a list joins on any of its items.
                let paths: Vec<Vec<Key>> = shared.iter().map(|(path, _)| path.clone()).collect();
                let found = store.matches(p, Some(&paths), false);
                let index = StoryIndex::new(&found);
                // Whether each fact may be bound here is decided once, not once per row
                // that meets it.
                let admitted: Vec<bool> = if filtered {
                    let mut admitted = vec![false; store.len()];
                    for f in facts_of(&found) {
                        admitted[f] = admit(f);
                    }
                    admitted
                } else {
                    Vec::new()
                };
                let admit = |f: usize| !filtered || admitted[f];
                let unlike = Unlike::new(
                    store,
                    &unlike(found.iter().map(|(_, m)| m.facts.len()).sum()),
                    facts_of(&found).filter(|&f| admit(f)),
                );
                let bound_values = BoundValues::new(store, p, rows.len(), facts_of(&found).filter(|&f| admit(f)));
                let make = |row: &Row<'s>, f: usize| bound_values.row_with(row, i, f, p, store, &bound);
                // Made for the first row that has a class to keep apart.
                let by_class = OnceCell::new();
                // The facts under `key` that may be joined to a row that must not be joined to
                // the classes `not`, when most of them may not: found without reading those.
                let apart = |not: &[(usize, u32)], key: &str| {
                    if not.is_empty() {
                        return None;
                    }
                    unlike.apart(not, by_class.get_or_init(|| unlike.by_class(&found)), key)
                };
                // The facts already met under another of a row's keys (a row whose variable
                // holds a list, such as a quotation's word trigrams, meets one fact under many
                // keys): marked while the row's facts are gathered, listed, then cleared.
                let seen = RefCell::new((Vec::new(), Vec::new()));
                join_rows(
                    &rows,
                    |row| {
                        let values: Vec<&Value> = shared.iter().map(|(_, v)| row.vars[*v]).collect();
                        let keys = join_keys(&values);
                        let not = unlike.of_row(row, store);
                        let may = |f: usize| admit(f) && unlike.allows(&not, f);
                        if let [key] = keys.as_slice() {
                            if let Some(mut apart) = apart(&not, key) {
                                apart.retain(|&f| admit(f));
                                return Cow::Owned(apart);
                            }
                            // One key's facts are in story order; a fact whose list repeats
                            // an item is under its key twice, one after the other.
                            let mut matched: Vec<usize> = index.get(key).iter().copied().filter(|&f| may(f)).collect();
                            debug_assert!(matched.is_sorted());
                            matched.dedup();
                            return Cow::Owned(matched);
                        }
                        let mut seen = seen.borrow_mut();
                        let (seen, touched) = &mut *seen;
                        if seen.is_empty() {
                            seen.resize(store.len(), false);
                        }
                        // Only the facts the row may be joined to are kept: a block of rows
                        // is as large as the facts they meet (a quotation's trigrams meet
                        // every quotation of the story, most often of its own article).
                        let mut met = Vec::new();
                        for key in &keys {
                            let apart = apart(&not, key);
                            for &f in apart.as_deref().unwrap_or_else(|| index.get(key)) {
                                if !seen[f] {
                                    seen[f] = true;
                                    touched.push(f);
                                    if may(f) {
                                        met.push(f);
                                    }
                                }
                            }
                        }
                        for f in touched.drain(..) {
                            seen[f] = false;
                        }
                        met.sort_unstable();
                        Cow::Owned(met)
                    },
                    &make,
                    &passes,
                )
            };
            for (_, v) in &p.binds {
                bound[*v] = true;
            }
            // A story that repeats one statement thousands of times would make a join
            // quadratic; past this many combinations the rule stops looking, so that no input
            // can hang a check or fill the memory: the rows past the limit are never built,
            // and whoever reports the rows is told.
            let (next, stopped_here) = next;
            debug_assert!(next.len() <= MAX_ROWS);
            stopped |= stopped_here;
            rows = next;
            for (k, n) in self.negations.iter().enumerate() {
                if self.negation_needs[k] == step + 1 {
                    rows = self.anti_join(store, n, self.negation_ops[k].as_ref(), rows);
                }
            }
        }
        // In the order of the written patterns, whatever the join order: by the fact of the
        // first pattern, then of the second… (each fact set is made once, in one order).
        rows.sort_unstable_by(|a, b| a.facts.cmp(&b.facts));
        self.keep_first_of_each_set(&mut rows);
        Found { rows, stopped }
    }

    /// Keeps one row of each set of facts, the first: two rows bind one set only when one
    /// moves the other's facts among patterns of one kind (`a` and `b` of `quote(…) as a,
    /// quote(…) as b`), and a row goes when such a move of its facts is a row before it.
    /// `rows` are sorted by their facts, so that each move is looked for by a binary search
    /// rather than every set kept in memory.
    fn keep_first_of_each_set(&self, rows: &mut Vec<Row<'_>>) {
        if self.moves.is_empty() {
            return;
        }
        if self.moves.len() > MAX_MOVES {
            let mut seen = HashSet::new();
            rows.retain(|row| {
                let mut key = row.facts.clone();
                key.sort_unstable();
                seen.insert(key)
            });
            return;
        }
        let repeated: Vec<bool> = rows
            .iter()
            .enumerate()
            .map(|(at, row)| {
                self.moves.iter().any(|m| {
                    let moved: SmallVec<[usize; 4]> = m.iter().map(|&j| row.facts[j]).collect();
                    moved < row.facts && rows[..at].binary_search_by(|r| r.facts.as_slice().cmp(&moved)).is_ok()
                })
            })
            .collect();
        let mut at = 0;
        rows.retain(|_| {
            at += 1;
            !repeated[at - 1]
        });
    }

    /// Keeps the rows that no fact of the `not` pattern `n` matches (and, with a condition,
    /// passes).
    fn anti_join<'s>(
        &self,
        store: &'s FactStore,
        n: &CompiledPattern,
        cond: Option<&Op>,
        mut rows: Vec<Row<'s>>,
    ) -> Vec<Row<'s>> {
        // No row to remove: the facts are not searched.
        if rows.is_empty() {
            return rows;
        }
        if let Some(cond) = cond {
            return self.anti_join_where(store, n, cond, rows);
        }
        // The keys of the facts that match, and rows whose key is among them go.
        let paths: Vec<Vec<Key>> = n.binds.iter().map(|(path, _)| path.clone()).collect();
        let found = store.matches(n, Some(&paths), true);
        let present: HashSet<&str> = found
            .iter()
            .flat_map(|(_, m)| m.by_key.keys().map(CompactString::as_str))
            .collect();
        rows.retain(|row| {
            let values: Vec<&Value> = n.binds.iter().map(|(_, v)| row.vars[*v]).collect();
            !join_keys(&values).iter().any(|k| present.contains(k.as_str()))
        });
        rows
    }

    /// An anti-join with a condition: the facts that match `n` are indexed by the values of
    /// its variables, and a row goes when one fact under its key passes `cond`, evaluated with
    /// the fact bound to the pattern's name. With no variable, every matching fact is a
    /// candidate for every row: the cost is rows × candidates, linear in each.
    fn anti_join_where<'s>(
        &self,
        store: &'s FactStore,
        n: &CompiledPattern,
        cond: &Op,
        rows: Vec<Row<'s>>,
    ) -> Vec<Row<'s>> {
        let paths: Vec<Vec<Key>> = n.binds.iter().map(|(path, _)| path.clone()).collect();
        let found = store.matches(n, Some(&paths), true);
        let index = StoryIndex::new(&found);
        rows.into_iter()
            .filter(|row| {
                let values: Vec<&Value> = n.binds.iter().map(|(_, v)| row.vars[*v]).collect();
                let mut probe = row.clone();
                probe.facts.push(usize::MAX);
                let refuted = join_keys(&values).iter().flat_map(|k| index.get(k)).any(|&f| {
                    if let Some(last) = probe.facts.last_mut() {
                        *last = f;
                    }
                    self.test(cond, &probe, store)
                });
                !refuted
            })
            .collect()
    }

    /// Evaluates `expr` for a row: for templates.
    pub fn eval<'s>(&self, expr: &Expr, row: &Row<'s>, store: &'s FactStore) -> Value {
        let op = self.resolve(expr);
        self.value(&op, row, store).into_owned()
    }

    /// `expr` with every name it reads found among the query's variables, patterns and
    /// regexes, once, rather than each time it is evaluated.
    fn resolve(&self, expr: &Expr) -> Op {
        match expr {
            Expr::Lit(l) => Op::Lit(match l {
                Literal::Str(s) => Value::from(s.as_str()),
                Literal::Num(n) => Value::from(*n),
                Literal::Bool(b) => Value::from(*b),
                Literal::None => Value::Null,
            }),
            Expr::List(items) => Op::List(items.iter().map(|e| self.resolve(e)).collect()),
            Expr::Var { name, path, .. } => Op::Var(self.vars.iter().position(|v| v == name), path.clone()),
            Expr::Field { binding, path, .. } => {
                let slot = match self.patterns.iter().position(|p| &p.binding == binding) {
                    Some(i) => Slot::Pattern(i),
                    None if self
                        .negations
                        .iter()
                        .any(|n| !n.binding.is_empty() && &n.binding == binding) =>
                    {
                        Slot::Negated
                    }
                    None => Slot::Unknown,
                };
                Op::Field(slot, path.clone())
            }
            Expr::Not(e) => Op::Not(Box::new(self.resolve(e))),
            Expr::Binary { op, lhs, rhs, .. } => {
                Op::Binary(*op, Box::new(self.resolve(lhs)), Box::new(self.resolve(rhs)))
            }
            Expr::Call { func, args, .. } => {
                let regex = match (func, args.get(1)) {
                    (Func::Matches, Some(Expr::Lit(Literal::Str(s)))) => self.regexes.get(s).cloned(),
                    _ => None,
                };
                Op::Call(*func, args.iter().map(|e| self.resolve(e)).collect(), regex)
            }
        }
    }

    /// Whether `op` holds for a row: what `truthy` says of its value, found without making
    /// the values of `and`, `or`, `not` and comparisons.
    fn test<'a, 's: 'a>(&'a self, op: &'a Op, row: &Row<'s>, store: &'a FactStore) -> bool {
        match op {
            Op::Not(e) => !self.test(e, row, store),
            Op::Binary(BinOp::Or, l, r) => self.test(l, row, store) || self.test(r, row, store),
            Op::Binary(BinOp::And, l, r) => self.test(l, row, store) && self.test(r, row, store),
            Op::Binary(op, l, r) => compare(*op, &self.value(l, row, store), &self.value(r, row, store)),
            _ => truthy(&self.value(op, row, store)),
        }
    }

    /// Evaluates `op` for a row, borrowing what the row's facts hold: a condition that
    /// passes whole facts to a function (`similarity(a, b)`) or reads a field copies
    /// nothing.
    fn value<'a, 's: 'a>(&'a self, op: &'a Op, row: &Row<'s>, store: &'a FactStore) -> Cow<'a, Value> {
        let found = |v: Option<&'a Value>| v.map_or(Cow::Owned(Value::Null), Cow::Borrowed);
        match op {
            Op::Lit(v) => Cow::Borrowed(v),
            Op::List(items) => Cow::Owned(Value::Array(
                items.iter().map(|e| self.value(e, row, store).into_owned()).collect(),
            )),
            Op::Var(..) | Op::Field(..) => found(op.read(row, store)),
            Op::Not(_) | Op::Binary(..) => Cow::Owned(Value::from(self.test(op, row, store))),
            Op::Call(func, args, regex) => {
                // Two number facts compared: what is read of each is read once per story.
                if matches!(func, Func::Conflicts | Func::Ratio)
                    && let [x, y] = args.as_slice()
                    && let (Some(x), Some(y)) = (x.whole_fact(row), y.whole_fact(row))
                    && let (Some(x), Some(y)) = (store.figure(x), store.figure(y))
                {
                    return Cow::Owned(match func {
                        Func::Conflicts => Value::from(x.conflicts(y)),
                        _ => x.ratio(y).map_or(Value::Null, Value::from),
                    });
                }
                let a: SmallVec<[Cow<'a, Value>; 3]> = args.iter().map(|e| self.value(e, row, store)).collect();
                let arg = |i: usize| a.get(i).map_or(&NULL, |v| v.as_ref());
                Cow::Owned(match func {
                    Func::Conflicts => Value::from(conflicts(arg(0), arg(1))),
                    Func::Overlaps => Value::from(overlaps(arg(0), arg(1))),
                    Func::SameEntity => {
                        let id = |v: &'_ Value| -> Option<Value> {
                            if v.is_object() {
                                v.get_key(key!("entity")).cloned()
                            } else {
                                Some(v.clone())
                            }
                        };
                        let (x, y) = (id(arg(0)), id(arg(1)));
                        Value::from(x.is_some_and(|x| !x.is_null() && Some(&x) == y.as_ref()))
                    }
                    Func::Similarity => Value::from(textcmp::similarity(arg(0), arg(1))),
                    Func::Diff => Value::from(textcmp::diff(arg(0), arg(1))),
                    Func::Versions => Value::from(textcmp::versions(arg(0), arg(1))),
                    Func::Lower => Value::from(text_of(arg(0)).to_lowercase()),
                    Func::Len | Func::Count => Value::from(match arg(0) {
                        Value::Array(items) => items.len(),
                        Value::Null => 0,
                        other => text_of(other).chars().count(),
                    }),
                    Func::Supports => Value::from(supports(arg(0), arg(1))),
                    Func::Verbatim => Value::from(evidence::verbatim(&text_of(arg(0)), &text_of(arg(1)))),
                    Func::Coverage => Value::from(evidence::coverage(&text_of(arg(0)), &text_of(arg(1)))),
                    Func::Ratio => ratio(arg(0), arg(1)).map_or(Value::Null, Value::from),
                    Func::Matches => Value::from(regex.as_ref().is_some_and(|re| re.is_match(&text_of(arg(0))))),
                })
            }
        }
    }
}

/// An expression of a query with its names resolved ([`FactQuery::resolve`]): a variable
/// by its number, a fact by where the row holds it, a `matches` by its regex.
#[derive(Debug)]
enum Op {
    Lit(Value),
    List(Vec<Op>),
    /// A variable (`None` when the query has no such variable: it reads as `none`), and a
    /// path inside its value.
    Var(Option<usize>, Vec<Key>),
    /// A bound fact and a path inside it.
    Field(Slot, Vec<Key>),
    Not(Box<Op>),
    Binary(BinOp, Box<Op>, Box<Op>),
    /// A function, its arguments and, for `matches`, its regex.
    Call(Func, Vec<Op>, Option<Arc<LazyRegex>>),
}

/// Where a row holds the fact a name binds.
#[derive(Clone, Copy, Debug)]
enum Slot {
    /// The fact of the positive pattern of this number.
    Pattern(usize),
    /// The fact of a `not` pattern, in its condition: the last of the row.
    Negated,
    /// No pattern has this name: the fact reads as `none`.
    Unknown,
}

impl Op {
    /// When this condition fails whenever the fact joined to the pattern numbered `i`, `p`,
    /// and the row it joins hold one value (`a.doc != b.doc`, `?da != ?db`, `a.title_post <
    /// b.title_post`, `not (a.x == b.x)`), with `joined` the patterns joined before and
    /// `bound` the variables bound before: the path of that value in the fact, and what
    /// reads it from the row. Then no row is made of a fact and a row that hold one value
    /// ([`Unlike`]).
    fn unlike<'o>(
        &'o self,
        i: usize,
        p: &CompiledPattern,
        joined: &[usize],
        bound: &[bool],
    ) -> Option<(Vec<Key>, &'o Op)> {
        let (x, y) = match self {
            Op::Binary(BinOp::Ne | BinOp::Lt | BinOp::Gt, x, y) => (x, y),
            Op::Not(inner) => match inner.as_ref() {
                Op::Binary(BinOp::Eq, x, y) => (x, y),
                _ => return None,
            },
            _ => return None,
        };
        // A variable is read whole: the row keeps the value of the last field that binds it,
        // and two objects bound to one variable are one value by their entity alone, so a
        // path inside it (`?s.text`) may read another value than the one classed.
        // A path in the fact joined: a field of its pattern, or a variable it binds first.
        let of_fact = |o: &Op| match o {
            Op::Field(Slot::Pattern(j), path) if *j == i => Some(path.clone()),
            Op::Var(Some(v), path) if !bound[*v] && path.is_empty() => {
                let (at, _) = p.binds.iter().find(|(_, w)| w == v)?;
                Some(at.clone())
            }
            _ => None,
        };
        // What the row holds already: a field of a pattern joined, or a variable bound (and
        // not bound again by the pattern joined).
        let of_row = |o: &Op| match o {
            Op::Field(Slot::Pattern(j), _) => joined.contains(j),
            Op::Var(Some(v), path) => bound[*v] && path.is_empty() && !p.binds.iter().any(|(_, w)| w == v),
            _ => false,
        };
        match (of_fact(x), of_fact(y)) {
            (Some(path), None) if of_row(y) => Some((path, y)),
            (None, Some(path)) if of_row(x) => Some((path, x)),
            _ => None,
        }
    }

    /// The value this reads in `row`, where it is a field of a fact the row binds or a
    /// variable (null when missing); `None` for anything else, and for a variable the query
    /// does not have.
    #[inline(always)]
    fn read<'v, 's: 'v>(&self, row: &Row<'s>, store: &'v FactStore) -> Option<&'v Value> {
        match self {
            Op::Field(slot, path) => Some(slot.fact(row).and_then(|f| lookup(store.get(f), path)).unwrap_or(&NULL)),
            Op::Var(Some(v), path) => Some(lookup(row.vars[*v], path).unwrap_or(&NULL)),
            _ => None,
        }
    }

    /// The number of the fact this names whole (`a`, not `a.value`), when `row` binds it.
    fn whole_fact(&self, row: &Row<'_>) -> Option<usize> {
        match self {
            Op::Field(slot, path) if path.is_empty() => slot.fact(row),
            _ => None,
        }
    }
}

impl Slot {
    /// The number of the fact `row` binds here, if it binds one.
    fn fact(self, row: &Row<'_>) -> Option<usize> {
        let i = match self {
            Slot::Pattern(i) => i,
            // The fact of a `not` pattern, in its condition, is the last of the row.
            Slot::Negated => row.facts.len().checked_sub(1)?,
            Slot::Unknown => return None,
        };
        row.facts.get(i).copied().filter(|&f| f != UNBOUND)
    }
}

/// What an expression reads: the positive patterns whose facts it names (`b.text`) and the
/// variables (`?sb`), by number.
#[derive(Debug, Default)]
struct Reads {
    patterns: Vec<usize>,
    vars: Vec<usize>,
}

impl Reads {
    fn of(e: &Expr, patterns: &[CompiledPattern], vars: &[String]) -> Self {
        let mut reads = Reads::default();
        reads.add(e, patterns, vars);
        reads
    }

    fn add(&mut self, e: &Expr, patterns: &[CompiledPattern], vars: &[String]) {
        match e {
            Expr::Lit(_) => {}
            Expr::List(items) | Expr::Call { args: items, .. } => {
                items.iter().for_each(|x| self.add(x, patterns, vars));
            }
            Expr::Var { name, .. } => self.vars.extend(vars.iter().position(|v| v == name)),
            // The fact of a `not` pattern, in its condition, is no positive pattern's.
            Expr::Field { binding, .. } => self
                .patterns
                .extend(patterns.iter().position(|p| &p.binding == binding)),
            Expr::Not(x) => self.add(x, patterns, vars),
            Expr::Binary { lhs, rhs, .. } => {
                self.add(lhs, patterns, vars);
                self.add(rhs, patterns, vars);
            }
        }
    }

    /// The step of the join order at which the variable numbered `v` is first bound, where
    /// `at` gives each pattern's step (`None`: not joined yet); `binders` are the patterns
    /// that bind each variable.
    fn first(&self, v: usize, at: &[Option<usize>], binders: &[Vec<usize>]) -> Option<usize> {
        binders[v].iter().filter_map(|&q| at[q]).min()
    }

    /// How many patterns must be joined before what this reads is bound (at least one), or
    /// `None` when a pattern it needs is not joined yet. A variable no positive pattern binds
    /// is null in every row and needs none.
    fn step(&self, at: &[Option<usize>], binders: &[Vec<usize>]) -> Option<usize> {
        let mut step = 1;
        for &q in &self.patterns {
            step = step.max(at[q]? + 1);
        }
        for &v in &self.vars {
            if !binders[v].is_empty() {
                step = step.max(self.first(v, at, binders)? + 1);
            }
        }
        Some(step)
    }
}

#[cfg(test)]
impl FactQuery {
    /// Whether the patterns are joined in another order than written.
    pub(crate) fn reordered(&self) -> bool {
        self.order.iter().enumerate().any(|(step, &i)| step != i)
    }

    /// Joins the patterns as written; with `late`, also runs every condition and `not`
    /// pattern on whole rows only, once every pattern is joined: the plainest evaluation,
    /// which the others must agree with.
    pub(crate) fn join_as_written(&mut self, late: bool) {
        let n = self.patterns.len();
        self.join_in((0..n).collect(), &binders(&self.patterns, self.vars.len()));
        if late {
            self.conditions
                .iter_mut()
                .for_each(|c| (c.needs, c.of_one_fact) = (n, false));
            self.negation_needs.iter_mut().for_each(|needs| *needs = n);
        }
    }
}

/// The patterns that bind each variable, by number.
fn binders(patterns: &[CompiledPattern], vars: usize) -> Vec<Vec<usize>> {
    (0..vars)
        .map(|v| {
            let binds = |p: &CompiledPattern| p.binds.iter().any(|(_, w)| *w == v);
            (0..patterns.len()).filter(|&i| binds(&patterns[i])).collect()
        })
        .collect()
}

/// The order in which the positive patterns are joined: the first pattern first, then, one
/// at a time, the pattern that shares a variable with those joined (a hash join rather than
/// every combination), that lets the most conditions run (each drops rows before the next
/// join), and that shares the most variables; among equals, the first written. A query
/// written `a, mentions of a, mentions of b, b` then joins `b` right after `a` when a
/// condition compares them, rather than every mention of the story with every row. The
/// order changes how many rows are made, never which: [`FactQuery::find_all_where`] returns
/// them in the order of the written patterns.
fn join_order(patterns: &[CompiledPattern], conditions: &[Condition], binders: &[Vec<usize>]) -> Vec<usize> {
    let runnable = |at: &[Option<usize>]| {
        conditions
            .iter()
            .filter(|c| c.reads.step(at, binders).is_some())
            .count()
    };
    let mut order: Vec<usize> = Vec::with_capacity(patterns.len());
    let mut at: Vec<Option<usize>> = vec![None; patterns.len()];
    if !patterns.is_empty() {
        order.push(0);
        at[0] = Some(0);
    }
    while order.len() < patterns.len() {
        let step = order.len();
        let before = runnable(&at);
        let next = (0..patterns.len()).filter(|&q| at[q].is_none()).max_by_key(|&q| {
            let shared = patterns[q]
                .binds
                .iter()
                .filter(|(_, v)| binders[*v].iter().any(|&b| at[b].is_some()))
                .count();
            let mut with = at.clone();
            with[q] = Some(step);
            (shared > 0, runnable(&with) - before, shared, std::cmp::Reverse(q))
        });
        let Some(q) = next else { break };
        at[q] = Some(step);
        order.push(q);
    }
    order
}

/// Every way but the identity to give each pattern the fact of a pattern of its kind, each
/// fact to one pattern, as the pattern each takes from; up to [`MAX_MOVES`] and one more
/// (then the caller counts them as too many).
fn moves(kinds: &[&str]) -> Vec<SmallVec<[usize; 4]>> {
    fn place(
        kinds: &[&str],
        taken: &mut Vec<bool>,
        made: &mut SmallVec<[usize; 4]>,
        out: &mut Vec<SmallVec<[usize; 4]>>,
    ) {
        if out.len() > MAX_MOVES {
            return;
        }
        let i = made.len();
        if i == kinds.len() {
            if made.iter().enumerate().any(|(k, &j)| k != j) {
                out.push(made.clone());
            }
            return;
        }
        for j in 0..kinds.len() {
            if !taken[j] && kinds[j] == kinds[i] {
                taken[j] = true;
                made.push(j);
                place(kinds, taken, made, out);
                made.pop();
                taken[j] = false;
            }
        }
    }
    let mut out = Vec::new();
    place(kinds, &mut vec![false; kinds.len()], &mut SmallVec::new(), &mut out);
    out
}

/// What one row of a block makes ([`join_rows`]): how many rows, whether the budget left a
/// fact that makes one more, and the rows kept, each with how many were made up to it.
type Joined<'s> = (usize, bool, Vec<(usize, Row<'s>)>);

/// How many facts the rows of one block of a join meet, at least (the last block may be
/// smaller, and a block's last row may meet any number): a block is joined on every core,
/// and work past the limit of rows is at most one block's, no row of it making more rows
/// than the limit leaves.
const JOIN_BLOCK: usize = 4096;

/// Each of `rows` extended by each fact it `meets`, where `make` makes a row (`None`: the
/// fact cannot be bound there) and `passes` keeps it, in order, until [`MAX_ROWS`] rows
/// have been made, kept or not, as one core would make them; and whether the limit left
/// rows unmade. The rows are taken in blocks that meet [`JOIN_BLOCK`] facts; a block's rows
/// are joined side by side (the join of a long story's quotations, each pair compared, is
/// most of a check of it) and their rows then counted against the limit in order.
fn join_rows<'s, 'm>(
    rows: &[Row<'s>],
    meets: impl Fn(&Row<'s>) -> Cow<'m, [usize]>,
    make: &(impl Fn(&Row<'s>, usize) -> Option<Row<'s>> + Sync),
    passes: &(impl Fn(&Row<'s>) -> bool + Sync),
) -> (Vec<Row<'s>>, bool) {
    let mut next = Vec::new();
    let mut made = 0;
    let mut rest = rows;
    while !rest.is_empty() && made < MAX_ROWS {
        let mut block: Vec<(&Row<'s>, Cow<'m, [usize]>)> = Vec::new();
        let mut size = 0;
        while let Some((row, after)) = rest.split_first()
            && (block.is_empty() || size < JOIN_BLOCK)
        {
            let met = meets(row);
            size += met.len();
            block.push((row, met));
            rest = after;
        }
        // Each row's rows, each with how many were made up to it, no row making more than
        // the limit leaves; on every core when the block is full and of more than one row.
        let budget = MAX_ROWS - made;
        // A row that stops at the budget says whether one more of its facts makes a row.
        let join_row = |(row, met): &(&Row<'s>, Cow<'m, [usize]>)| {
            let (mut tried, mut kept) = (0, Vec::new());
            let mut facts = met.iter();
            while tried < budget
                && let Some(&f) = facts.next()
            {
                if let Some(row) = make(row, f) {
                    tried += 1;
                    if passes(&row) {
                        kept.push((tried, row));
                    }
                }
            }
            let more = tried >= budget && facts.any(|&f| make(row, f).is_some());
            (tried, more, kept)
        };
        let joined: Vec<Joined<'s>> = if block.len() > 1 && size >= JOIN_BLOCK {
            block.par_iter().map(join_row).collect()
        } else {
            block.iter().map(join_row).collect()
        };
        let mut joined = joined.into_iter();
        while let Some((tried, more, kept)) = joined.next() {
            let room = MAX_ROWS - made;
            next.extend(kept.into_iter().take_while(|(at, _)| *at <= room).map(|(_, row)| row));
            made += tried.min(room);
            if made >= MAX_ROWS {
                // Stopped if a row was left unmade: past the limit in this row, in the rest
                // of the block, or by a row not joined yet (the first that makes one says so).
                let left = tried > room
                    || more
                    || joined.any(|(tried, ..)| tried > 0)
                    || rest
                        .iter()
                        .any(|row| meets(row).iter().any(|&f| make(row, f).is_some()));
                return (next, left);
            }
        }
    }
    (next, false)
}

/// A value that is one with another by what it is (`"Reuters"` and `"Reuters"`, `3` and
/// `3.0`): two such values are equal to `==` and neither is less than the other, so `!=`,
/// `<` and `>` fail between them. A list or an object is no class: `!=` compares lists by
/// their items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Class<'s> {
    Null,
    Bool(bool),
    /// A number's bits as a 64-bit float, with `-0` as `0`.
    Number(u64),
    Text(&'s str),
}

impl<'s> Class<'s> {
    fn of(v: &'s Value) -> Option<Self> {
        match v {
            Value::Null => Some(Class::Null),
            Value::Bool(b) => Some(Class::Bool(*b)),
            Value::Number(_) => {
                let x = v.as_f64().filter(|x| !x.is_nan())?;
                Some(Class::Number(if x == 0.0 { 0 } else { x.to_bits() }))
            }
            Value::String(s) => Some(Class::Text(s.as_str())),
            Value::Array(_) | Value::Object(_) => None,
        }
    }
}

/// Of the conditions of one step of a join, those that fail when the fact joined and the
/// row hold one value ([`Op::unlike`]), with the class of that value in each candidate fact:
/// a fact is not joined to a row of its class. Such rows would fail a condition anyway: not
/// making them keeps the limit of rows for rows that may pass (in a story of a thousand
/// articles that name one minister by one title in each, the million pairs of the same title
/// never reach `role-conflict`'s other conditions).
struct Unlike<'q, 's> {
    /// For each condition: what reads the row's value, each candidate fact's class by its
    /// number in the store ([`Unlike::NONE`]: no class), and the classes by value.
    tests: Vec<(&'q Op, Vec<u32>, HashMap<Class<'s>, u32>)>,
}

impl<'q, 's> Unlike<'q, 's> {
    /// The class of a fact whose value has none, or of a fact that is no candidate.
    const NONE: u32 = u32::MAX;

    fn new(
        store: &'s FactStore,
        conditions: &[(Vec<Key>, &'q Op)],
        candidates: impl Iterator<Item = usize> + Clone,
    ) -> Self {
        let tests = conditions
            .iter()
            .map(|(path, op)| {
                let mut classes = vec![Self::NONE; store.len()];
                let mut ids: HashMap<Class<'s>, u32> = HashMap::new();
                for f in candidates.clone() {
                    if let Some(class) = Class::of(lookup(store.get(f), path).unwrap_or(&NULL)) {
                        let next = ids.len() as u32;
                        classes[f] = *ids.entry(class).or_insert(next);
                    }
                }
                (*op, classes, ids)
            })
            .collect();
        Unlike { tests }
    }

    /// Whether a fact may be joined to a row that must not be joined to the classes `not`
    /// ([`Unlike::of_row`]).
    fn allows(&self, not: &[(usize, u32)], f: usize) -> bool {
        not.iter().all(|&(k, class)| self.tests[k].1[f] != class)
    }

    /// The classes `row` must not be joined to, as (condition, class).
    fn of_row(&self, row: &Row<'s>, store: &'s FactStore) -> SmallVec<[(usize, u32); 2]> {
        self.tests
            .iter()
            .enumerate()
            .filter_map(|(k, (op, _, ids))| Some((k, *ids.get(&Class::of(op.read(row, store)?)?)?)))
            .collect()
    }

    /// For each condition, the facts found under each key (`(first fact number, matches)`
    /// of each article) by class, then in story order: the facts of a key not of one class
    /// are the two runs around that class's.
    fn by_class<'f>(&self, found: &'f [(usize, Arc<Matches>)]) -> Vec<HashMap<&'f str, Vec<(u32, usize)>>> {
        self.tests
            .iter()
            .map(|(_, classes, _)| {
                let mut index: HashMap<&str, Vec<(u32, usize)>> = HashMap::new();
                for (offset, m) in found {
                    for (key, facts) in &m.by_key {
                        index
                            .entry(key.as_str())
                            .or_default()
                            .extend(facts.iter().map(|f| (classes[offset + f], offset + f)));
                    }
                }
                index.values_mut().for_each(|facts| facts.sort_unstable());
                index
            })
            .collect()
    }

    /// The facts under `key` ([`Unlike::by_class`]) that a row may be joined to, in story
    /// order, when most of them are of a class it must not be joined to (`not`, of
    /// [`Unlike::of_row`]): then they are found without reading those (a person given one
    /// title in each of a thousand articles is not compared with each of them). `None` when
    /// most may be joined: they are read one by one.
    fn apart(
        &self,
        not: &[(usize, u32)],
        by_class: &[HashMap<&str, Vec<(u32, usize)>>],
        key: &str,
    ) -> Option<Vec<usize>> {
        // The condition whose class holds the most of the key's facts, and where they are.
        let (group, lo, hi) = not
            .iter()
            .filter_map(|&(k, class)| {
                let group = by_class[k].get(key)?;
                let lo = group.partition_point(|&(c, _)| c < class);
                let hi = group.partition_point(|&(c, _)| c <= class);
                Some((group, lo, hi))
            })
            .max_by_key(|&(_, lo, hi)| hi - lo)?;
        if 2 * (hi - lo) <= group.len() {
            return None;
        }
        let mut facts: Vec<usize> = group[..lo]
            .iter()
            .chain(&group[hi..])
            .map(|&(_, f)| f)
            .filter(|&f| self.allows(not, f))
            .collect();
        facts.sort_unstable();
        facts.dedup();
        Some(facts)
    }

    /// `facts` without those of a class `row` must not be joined to.
    fn keep<'f>(&self, row: &Row<'s>, store: &'s FactStore, facts: &'f [usize]) -> Cow<'f, [usize]> {
        let not = self.of_row(row, store);
        if not.is_empty() {
            return Cow::Borrowed(facts);
        }
        Cow::Owned(facts.iter().copied().filter(|&f| self.allows(&not, f)).collect())
    }
}

/// `row` with `fact` bound to the pattern numbered `i`, `p`, when the variables it binds
/// agree with those already bound; `values` are what the fact's fields give them, in the
/// order of `p.binds` ([`bind_values`]).
fn extend<'s>(
    row: &Row<'s>,
    i: usize,
    fact: usize,
    values: &[&'s Value],
    p: &CompiledPattern,
    bound: &[bool],
) -> Option<Row<'s>> {
    // Two patterns never bind the same fact.
    if row.facts.contains(&fact) {
        return None;
    }
    debug_assert_eq!(values.len(), p.binds.len());
    // Variables hold references into the store: a row costs a few words, whatever it binds.
    let mut vars = SmallVec::from_slice(&row.vars);
    for (k, ((_, v), &value)) in p.binds.iter().zip(values).enumerate() {
        // A variable bound before, or twice in this pattern, must hold one value.
        let assigned = p.binds[..k].iter().any(|(_, w)| w == v);
        if (bound[*v] || assigned) && !values_equal(vars[*v], value) {
            return None;
        }
        vars[*v] = value;
    }
    let mut facts = SmallVec::from_slice(&row.facts);
    facts[i] = fact;
    Some(Row { facts, vars })
}

/// What the fields of `fact` give the variables `p` binds, in the order of `p.binds` (`null`
/// for a missing field).
fn bind_values<'s>(store: &'s FactStore, fact: usize, p: &CompiledPattern) -> SmallVec<[&'s Value; 4]> {
    let fact = store.get(fact);
    p.binds
        .iter()
        .map(|(path, _)| lookup(fact, path).unwrap_or(&NULL))
        .collect()
}

/// Each fact that `matches` found, by its number in the store.
fn facts_of(found: &[(usize, Arc<Matches>)]) -> impl Iterator<Item = usize> + Clone + '_ {
    found
        .iter()
        .flat_map(|(offset, m)| m.facts.iter().map(move |f| offset + f))
}

/// What the fields of each fact that may join a row give the variables of the pattern being
/// joined ([`bind_values`]): read once for the join, not once for each row that meets the
/// fact (a figure of a story is met by the row of every other figure of it). Held while the
/// join runs: 4 bytes a fact of the story, and a reference a variable a candidate. A join of
/// one row (the first pattern joined) meets each fact once: its facts' fields are read as
/// they are met.
struct BoundValues<'s> {
    /// For each fact of the store, where its values start in `values`; `u32::MAX` for a
    /// fact that is not a candidate; empty when the fields are read as facts are met.
    at: Vec<u32>,
    values: Vec<&'s Value>,
}

impl<'s> BoundValues<'s> {
    /// The values of `facts`, candidates for pattern `p` in a join of `rows` rows.
    fn new(store: &'s FactStore, p: &CompiledPattern, rows: usize, facts: impl Iterator<Item = usize>) -> Self {
        if rows <= 1 {
            return BoundValues {
                at: Vec::new(),
                values: Vec::new(),
            };
        }
        let mut at = vec![u32::MAX; store.len()];
        let mut values = Vec::new();
        for f in facts {
            if at[f] != u32::MAX {
                continue;
            }
            at[f] = u32::try_from(values.len()).unwrap_or(u32::MAX);
            values.extend(bind_values(store, f, p));
        }
        BoundValues { at, values }
    }

    /// `row` with `fact` bound to the pattern numbered `i`, `p` ([`extend`]). Every fact a
    /// row meets is a candidate; were one not, a release build would read its fields now
    /// rather than fail, as every join of one row does.
    fn row_with(
        &self,
        row: &Row<'s>,
        i: usize,
        fact: usize,
        p: &CompiledPattern,
        store: &'s FactStore,
        bound: &[bool],
    ) -> Option<Row<'s>> {
        let values = self.at.get(fact).filter(|&&at| at != u32::MAX).and_then(|&at| {
            self.values
                .get(at as usize..(at as usize).saturating_add(p.binds.len()))
        });
        match values {
            Some(values) => extend(row, i, fact, values, p, bound),
            None => {
                debug_assert!(self.at.is_empty(), "fact {fact} was not a candidate");
                extend(row, i, fact, &bind_values(store, fact, p), p, bound)
            }
        }
    }
}

impl CompiledPattern {
    fn accepts(&self, fact: &Value) -> bool {
        self.tests.iter().all(|(path, want)| passes(want, lookup(fact, path)))
    }

    /// Whether the pattern may accept a fact of an article whose facts share the fields
    /// `article`: false when one of its tests reads one of these fields and fails on it
    /// (`role: "reference"` in a draft).
    fn may_accept_in(&self, article: &Shared) -> bool {
        !self.tests.iter().any(|(path, want)| {
            let Some((first, rest)) = path.split_first() else {
                return false;
            };
            article.get_key(*first).is_some_and(|v| !passes(want, lookup(v, rest)))
        })
    }
}

/// Whether a pattern's literal test passes on the value it reads (`None`: the field is
/// missing).
fn passes(want: &ValuePattern, got: Option<&Value>) -> bool {
    match want {
        ValuePattern::None => got.is_none_or(Value::is_null),
        ValuePattern::Any => got.is_some_and(|v| !v.is_null()),
        ValuePattern::Str(s) => got.and_then(Value::as_str) == Some(s.as_str()),
        ValuePattern::Num(n) => got.and_then(Value::as_f64) == Some(*n),
        ValuePattern::Bool(b) => got.and_then(Value::as_bool) == Some(*b),
        ValuePattern::Var { .. } => true,
    }
}

/// Checks the expressions of conditions and templates against the bindings, the variables
/// and the fact schema.
struct ExprChecker<'c> {
    bindings: &'c [Binding],
    vars: &'c [String],
    regexes: &'c mut HashMap<String, Arc<LazyRegex>>,
    /// Whether regexes are left to be compiled when first used.
    lazy: bool,
    errors: &'c mut Vec<LangError>,
    event_uses: &'c mut Vec<EventUse>,
}

/// The parts of `expr` joined by `and` at its top, in order: `expr` holds when each does.
fn conjuncts<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    match expr {
        Expr::Binary {
            op: BinOp::And,
            lhs,
            rhs,
            ..
        } => {
            conjuncts(lhs, out);
            conjuncts(rhs, out);
        }
        _ => out.push(expr),
    }
}

impl ExprChecker<'_> {
    fn error(&mut self, span: Span, message: String) {
        self.errors.push(LangError { span, message });
    }

    /// Checks `e`: its variables, bindings, fields, types and regexes.
    fn check(&mut self, e: &Expr) {
        match e {
            Expr::Lit(_) => {}
            Expr::List(items) => items.iter().for_each(|x| self.check(x)),
            Expr::Var { name, span, .. } => {
                if !self.vars.iter().any(|v| v == name) {
                    self.error(
                        *span,
                        format!("`?{name}` is not bound by any fact pattern of the query"),
                    );
                }
            }
            Expr::Field { binding, path, span } => match self.bindings.iter().position(|b| &b.name == binding) {
                Some(i) => self.field(&self.bindings[i].clone(), path, *span),
                None => {
                    let names: Vec<String> = self.bindings.iter().map(|b| format!("`{}`", b.name)).collect();
                    let named = if names.is_empty() {
                        String::new()
                    } else {
                        format!(" (the query names {})", names.join(", "))
                    };
                    self.error(
                        *span,
                        format!("`{binding}` names no fact pattern; name one with `as {binding}`{named}"),
                    );
                }
            },
            Expr::Not(x) => self.check(x),
            Expr::Binary { op, lhs, rhs, span } => {
                self.check(lhs);
                self.check(rhs);
                if let Some(message) = type_mismatch(*op, lhs, rhs) {
                    self.error(*span, message);
                }
            }
            Expr::Call { func, args, span } => {
                args.iter().for_each(|x| self.check(x));
                if *func == Func::Matches {
                    self.regex(args.get(1), *span);
                }
            }
        }
    }

    /// Checks `b.path…` against the schema: `span` covers the binding and the path.
    fn field(&mut self, b: &Binding, path: &[Key], span: Span) {
        // A pattern of an unknown kind is reported once, at the pattern.
        if schema::kind(&b.kind).is_none() {
            return;
        }
        let spans = name_spans(span.start + b.name.len() + 1, path);
        match check_path(&b.kind, path) {
            Ok(FieldPath::Known(_)) => {}
            Ok(FieldPath::Emitted) => self.event_uses.push(EventUse::Field {
                event: b.event.clone(),
                path: path.to_vec(),
                spans,
            }),
            Err((at, message)) => self.error(spans.get(at).copied().unwrap_or(span), message),
        }
    }

    /// Compiles the regex of `matches(x, "regex")`, its second argument.
    fn regex(&mut self, arg: Option<&Expr>, span: Span) {
        let Some(Expr::Lit(Literal::Str(s))) = arg else {
            self.error(
                span,
                "the second argument of `matches` must be a string literal (the regex)".into(),
            );
            return;
        };
        // A regex written twice is compiled once.
        if self.regexes.contains_key(s) {
            return;
        }
        match LazyRegex::for_rule(s.clone(), false, None, self.lazy) {
            Ok(re) => {
                self.regexes.insert(s.clone(), re);
            }
            Err(e) => self.error(
                span,
                format!(
                    "this regex does not compile: {}",
                    e.to_string()
                        .lines()
                        .last()
                        .unwrap_or("")
                        .trim()
                        .trim_start_matches("error: ")
                ),
            ),
        }
    }
}

/// A comparison that can never hold because of the kinds of its literal operands.
fn type_mismatch(op: BinOp, lhs: &Expr, rhs: &Expr) -> Option<String> {
    let kind = |e: &Expr| match e {
        Expr::Lit(Literal::Str(_)) => Some("a string"),
        Expr::Lit(Literal::Num(_)) => Some("a number"),
        Expr::Lit(Literal::Bool(_)) => Some("a boolean"),
        Expr::List(_) => Some("a list"),
        _ => None,
    };
    match op {
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => match (kind(lhs), kind(rhs)) {
            (Some(a), Some(b)) if a != b => Some(format!("this compares {a} with {b}, which never holds")),
            (_, Some(k)) | (Some(k), _) if k == "a boolean" || k == "a list" => {
                Some(format!("{k} has no order; compare numbers, strings or dates"))
            }
            _ => None,
        },
        BinOp::In => match kind(rhs) {
            Some(k @ ("a number" | "a boolean")) => {
                Some(format!("`in` needs a list or a string on its right, not {k}"))
            }
            _ => None,
        },
        BinOp::Eq | BinOp::Ne => match (kind(lhs), kind(rhs)) {
            (Some(a), Some(b)) if a != b => Some(format!("this compares {a} with {b}, which are never equal")),
            _ => None,
        },
        BinOp::And | BinOp::Or => None,
    }
}

/// Counts the uses of variables in a condition.
fn count_vars(e: &Expr, vars: &[String], uses: &mut [(Span, usize)]) {
    match e {
        Expr::Var { name, .. } => {
            if let Some(i) = vars.iter().position(|v| v == name) {
                uses[i].1 += 1;
            }
        }
        Expr::List(items) | Expr::Call { args: items, .. } => items.iter().for_each(|x| count_vars(x, vars, uses)),
        Expr::Not(x) => count_vars(x, vars, uses),
        Expr::Binary { lhs, rhs, .. } => {
            count_vars(lhs, vars, uses);
            count_vars(rhs, vars, uses);
        }
        Expr::Lit(_) | Expr::Field { .. } => {}
    }
}

/// The value at `path` inside `v`.
pub fn lookup<'v>(v: &'v Value, path: &[Key]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, key| v.get_key(*key))
}

/// The span of a fact or of an object inside one (`{"span": {"start", "end"}}`).
pub fn span_of(v: &Value) -> Option<Span> {
    let span = v.get_key(key!("span"))?;
    Some(Span::new(
        span.get_key(key!("start"))?.as_u64()? as usize,
        span.get_key(key!("end"))?.as_u64()? as usize,
    ))
}

/// The hash-join keys of the values of the shared variables: one key, or one per
/// combination of items when values are lists.
fn join_keys(values: &[&Value]) -> SmallVec<[CompactString; 1]> {
    // Most joins are on one variable that holds one value: one key, written once.
    if let [v] = values
        && !matches!(v, Value::Array(_))
    {
        let mut key = CompactString::default();
        write_canonical(v, &mut key);
        return smallvec::smallvec![key];
    }
    let mut keys: SmallVec<[CompactString; 1]> = smallvec::smallvec![CompactString::default()];
    for (i, v) in values.iter().enumerate() {
        let items: &[Value] = match v {
            Value::Array(items) => items,
            other => std::slice::from_ref(*other),
        };
        let mut next = SmallVec::with_capacity(keys.len() * items.len());
        for k in &keys {
            for item in items {
                let mut key = k.clone();
                if i > 0 {
                    key.push('\u{1f}');
                }
                write_canonical(item, &mut key);
                next.push(key);
            }
        }
        keys = next;
    }
    keys
}

/// One spelling per value: numbers that are equal print the same, and a mention (or a
/// speaker, a source, a subject) is its resolved entity, so that `?p` unifies "Soleimani"
/// in one article with "Iranian Gen. Qassem Soleimani" in another.
fn canonical(v: &Value) -> CompactString {
    let mut out = CompactString::default();
    write_canonical(v, &mut out);
    out
}

/// Appends [`canonical`]'s spelling of `v` to `out` (a join makes one per fact and per row:
/// written in place, not formatted apart and copied).
fn write_canonical(v: &Value, out: &mut CompactString) {
    use std::fmt::Write as _;
    // Writing to a string cannot fail. (Most keys are short, and held without an allocation
    // of their own.)
    let _ = match v {
        Value::Number(n) => match n.as_f64() {
            // Most keys are counts and positions (`doc`, `sentence`): an integer is written
            // as one, the digits `{x}` writes, without the float printer's search for the
            // shortest form or the formatting machinery (560 instructions a number).
            Some(x) if is_exact_integer(x) => {
                out.push_str(itoa::Buffer::new().format(x as i64));
                Ok(())
            }
            Some(x) => write!(out, "{x}"),
            None => write!(out, "{n}"),
        },
        Value::String(s) => {
            out.push_str(s);
            Ok(())
        }
        Value::Object(map) => match map.get_key(key!("entity")).and_then(Value::as_u64) {
            Some(id) => {
                out.push_str("\u{1e}entity ");
                out.push_str(itoa::Buffer::new().format(id));
                Ok(())
            }
            None => write!(out, "{v}"),
        },
        other => write!(out, "{other}"),
    };
}

/// Whether `x` is an integer that an `i64` holds exactly (and not -0, which prints a sign).
fn is_exact_integer(x: f64) -> bool {
    // 2^53: past it, not every integer is a float.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    x.fract() == 0.0 && x.abs() <= EXACT && !(x == 0.0 && x.is_sign_negative())
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(_) => true,
    }
}

/// Equality of two values; two lists are equal when they share an item, as they are in a
/// join.
fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => share_an_item(x, y),
        (Value::Object(_), Value::Object(_)) => canonical(a) == canonical(b),
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

/// Whether two lists share an item ([`values_equal`]). Two lists joined because they share
/// an item mostly share one of their first few: those are compared pair by pair first. Then
/// two lists of texts, such as the word trigrams of two long quotations, are compared
/// through a set of the shorter one's texts, rather than every trigram of one with every
/// trigram of the other.
fn share_an_item(x: &[Value], y: &[Value]) -> bool {
    /// The first items of each list compared pair by pair.
    const FIRST: usize = 8;
    let pairwise = |x: &[Value], y: &[Value]| x.iter().any(|i| y.iter().any(|j| values_equal(i, j)));
    if x.len() * y.len() <= FIRST * FIRST {
        return pairwise(x, y);
    }
    if pairwise(&x[..x.len().min(FIRST)], &y[..y.len().min(FIRST)]) {
        return true;
    }
    let texts = |list: &[Value]| list.iter().all(Value::is_string);
    if !texts(x) || !texts(y) {
        return pairwise(x, y);
    }
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    let set: HashSet<&str> = short.iter().filter_map(Value::as_str).collect();
    long.iter().filter_map(Value::as_str).any(|t| set.contains(t))
}

fn compare(op: BinOp, l: &Value, r: &Value) -> bool {
    use std::cmp::Ordering;
    let order = match (l.as_f64(), r.as_f64(), l.as_str(), r.as_str()) {
        (Some(x), Some(y), _, _) => x.partial_cmp(&y),
        (_, _, Some(x), Some(y)) => Some(x.cmp(y)),
        _ => None,
    };
    match op {
        BinOp::Eq => values_equal(l, r),
        BinOp::Ne => !values_equal(l, r),
        BinOp::Lt => order == Some(Ordering::Less),
        BinOp::Le => matches!(order, Some(Ordering::Less | Ordering::Equal)),
        BinOp::Gt => order == Some(Ordering::Greater),
        BinOp::Ge => matches!(order, Some(Ordering::Greater | Ordering::Equal)),
        BinOp::In => match r {
            Value::Array(items) => items.iter().any(|x| values_equal(l, x)),
            Value::String(s) => l.as_str().is_some_and(|w| s.contains(w)),
            _ => false,
        },
        BinOp::And | BinOp::Or => false,
    }
}

/// An interval a value stands for: dates (`YYYY-MM-DD` strings compare in order) or numbers.
#[derive(Debug, PartialEq)]
enum Interval {
    Days(String, String),
    /// A month and day whose year is unknown.
    MonthDay(u64, u64),
    Numbers(Option<f64>, Option<f64>),
}

fn interval(v: &Value) -> Option<Interval> {
    // A whole fact: its value, or its partial date.
    if let Some(kind) = v.get_key(key!("kind")).and_then(Value::as_str) {
        let value = v.get_key(key!("value")).filter(|x| !x.is_null());
        return match (kind, value) {
            (_, Some(value)) => interval(value),
            ("date", None) => {
                let p = v.get_key(key!("partial"))?;
                Some(Interval::MonthDay(
                    p.get_key(key!("month"))?.as_u64()?,
                    p.get_key(key!("day"))?.as_u64()?,
                ))
            }
            _ => None,
        };
    }
    if let (Some(s), Some(e)) = (
        v.get_key(key!("start")).and_then(Value::as_str),
        v.get_key(key!("end")).and_then(Value::as_str),
    ) {
        return Some(Interval::Days(s.to_string(), e.to_string()));
    }
    if v.get_key(key!("min")).is_some() || v.get_key(key!("max")).is_some() {
        let (min, max) = (
            v.get_key(key!("min")).and_then(Value::as_f64),
            v.get_key(key!("max")).and_then(Value::as_f64),
        );
        return (min.is_some() || max.is_some()).then_some(Interval::Numbers(min, max));
    }
    v.as_f64().map(|x| Interval::Numbers(Some(x), Some(x)))
}

/// Whether two intervals share a point; `None` when they cannot be compared.
fn intervals_overlap(a: &Interval, b: &Interval) -> Option<bool> {
    let month_day = |s: &str| -> Option<(u64, u64)> { Some((s.get(5..7)?.parse().ok()?, s.get(8..10)?.parse().ok()?)) };
    match (a, b) {
        (Interval::Days(s1, e1), Interval::Days(s2, e2)) => Some(s1 <= e2 && s2 <= e1),
        (Interval::MonthDay(m, d), Interval::Days(s, e)) | (Interval::Days(s, e), Interval::MonthDay(m, d)) => {
            // Only a single day can be compared with a month and day of unknown year.
            (s == e).then(|| month_day(s) == Some((*m, *d)))
        }
        (Interval::MonthDay(m1, d1), Interval::MonthDay(m2, d2)) => Some(m1 == m2 && d1 == d2),
        (Interval::Numbers(a1, b1), Interval::Numbers(a2, b2)) => {
            let lo = |x: &Option<f64>| x.unwrap_or(f64::NEG_INFINITY);
            let hi = |x: &Option<f64>| x.unwrap_or(f64::INFINITY);
            Some(lo(a1) <= hi(b2) && lo(a2) <= hi(b1))
        }
        _ => None,
    }
}

/// What a number fact measures, for deciding whether two can state the same thing: a
/// currency, a percentage, percentage points, or a count.
fn measure(fact: &Value) -> &str {
    match fact.get_key(key!("unit")).and_then(Value::as_str) {
        Some(u) if u == "%" || u == "percentage points" => u,
        Some(u) if u.len() == 3 && u.chars().all(|c| c.is_ascii_uppercase()) => u,
        _ if fact.get_key(key!("fraction")).and_then(Value::as_bool) == Some(true) => "%",
        _ => "count",
    }
}

/// The interval of a number fact, hedges included: "about 40" stands for 36–44 and
/// "nearly 50" for 45–50, since a source that rounds or hedges does not contradict one that
/// counts.
fn hedged_interval(fact: &Value) -> Option<Interval> {
    let Interval::Numbers(min, max) = interval(fact)? else {
        return None;
    };
    const HEDGE: f64 = 0.1;
    Some(match fact.get_key(key!("bound")).and_then(Value::as_str) {
        Some("about") => Interval::Numbers(min.map(|x| x * (1.0 - HEDGE)), max.map(|x| x * (1.0 + HEDGE))),
        Some("nearly") => Interval::Numbers(min.map(|x| x * (1.0 - HEDGE)), max),
        _ => Interval::Numbers(min, max),
    })
}

/// Whether `value`, written by a draft, is `stated` rounded to the figures the draft gives:
/// "1.2 billion" for 1.23 billion, "1,200" for 1,234. Only large amounts are rounded in news
/// copy; a count under a thousand must be exact.
fn rounds_to(value: f64, stated: f64) -> bool {
    if value < 1000.0 || stated <= 0.0 || value <= 0.0 {
        return false;
    }
    // The place of the draft's last significant figure.
    let mut step = 10f64.powi(value.log10().floor() as i32);
    while step >= 1.0 && (value / step).fract().abs() > 1e-9 {
        step /= 10.0;
    }
    step >= 1.0 && ((stated / step).round() * step - value).abs() < 1e-6 * value
}

/// `ratio(x, y)`: how many times the larger of two numbers is the smaller. A number fact
/// stands for its lower end (its upper end when it has none); a value that is not a positive
/// number gives `None`, so that comparisons with it fail.
fn ratio(x: &Value, y: &Value) -> Option<f64> {
    Some(ratio_of(number_of(&interval(x)?)?, number_of(&interval(y)?)?))
}

/// The number an interval stands for in `ratio`: its lower end (its upper end when it has
/// none), when that is a positive number.
fn number_of(interval: &Interval) -> Option<f64> {
    match interval {
        Interval::Numbers(min, max) => min.or(*max).filter(|n| *n > 0.0),
        _ => None,
    }
}

/// How many times the larger of two positive numbers is the smaller.
fn ratio_of(a: f64, b: f64) -> f64 {
    a.max(b) / a.min(b)
}

/// `supports(x, y)`: fact `x` (a reference's) states what fact `y` (a draft's) says.
///
/// Numbers: the same measure (a percentage is not a count, dollars are not euros) and values
/// that overlap, with hedges widened and large amounts rounded as the draft rounds them
/// ("more than 1,000" is supported by 1,200; "$1.2 billion" by "1.2bn dollars").
/// Dates: intervals that overlap, `x` at least as precise as `y` ("March" is supported by
/// "March 11", "March 12" is not supported by "March"). Other values: `overlaps`.
fn supports(x: &Value, y: &Value) -> bool {
    if x.is_null() || y.is_null() {
        return false;
    }
    fn kind(v: &Value) -> Option<&str> {
        v.get_key(key!("kind")).and_then(Value::as_str)
    }
    match (kind(x), kind(y)) {
        // A number written anywhere, as an age or a year or in a name, states a count.
        (Some("numeral"), Some("number")) => {
            measure(y) == "count"
                && match (x.get_key(key!("value")).and_then(Value::as_f64), hedged_interval(y)) {
                    (Some(v), Some(b)) => intervals_overlap(&Interval::Numbers(Some(v), Some(v)), &b) == Some(true),
                    _ => false,
                }
        }
        (Some("number"), Some("number")) => {
            if measure(x) != measure(y) {
                return false;
            }
            let (Some(a), Some(b)) = (hedged_interval(x), hedged_interval(y)) else {
                return false;
            };
            if intervals_overlap(&a, &b) == Some(true) {
                return true;
            }
            match (a, b) {
                (Interval::Numbers(Some(s1), Some(s2)), Interval::Numbers(Some(v1), Some(v2))) => {
                    s1 == s2 && v1 == v2 && rounds_to(v1, s1)
                }
                _ => false,
            }
        }
        (Some(_), Some(_)) => match (interval(x), interval(y)) {
            (Some(Interval::Days(s1, e1)), Some(Interval::Days(s2, e2))) => {
                let days = |s: &str, e: &str| -> Option<i64> {
                    let s: jiff::civil::Date = s.parse().ok()?;
                    let e: jiff::civil::Date = e.parse().ok()?;
                    Some((e - s).get_days() as i64)
                };
                s1 <= e2 && s2 <= e1 && days(&s1, &e1) <= days(&s2, &e2)
            }
            (Some(a), Some(b)) => intervals_overlap(&a, &b) == Some(true),
            _ => false,
        },
        _ => overlaps(x, y),
    }
}

/// `conflicts(x, y)`: intervals that cannot both be right, or texts that differ once
/// normalised. Values that cannot be compared do not conflict: silence beats noise.
fn conflicts(a: &Value, b: &Value) -> bool {
    if a.is_null() || b.is_null() {
        return false;
    }
    let is_number = |v: &Value| v.get_key(key!("kind")).and_then(Value::as_str) == Some("number");
    if is_number(a) && is_number(b) {
        // A percentage and a count, or two currencies, are not two values of one thing.
        if measure(a) != measure(b) {
            return false;
        }
        if let (Some(x), Some(y)) = (hedged_interval(a), hedged_interval(b)) {
            return intervals_overlap(&x, &y) == Some(false);
        }
    }
    if let (Some(x), Some(y)) = (interval(a), interval(b)) {
        return intervals_overlap(&x, &y) == Some(false);
    }
    match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) => normalise(x) != normalise(y),
        _ => false,
    }
}

/// What `conflicts` and `ratio` read of a number fact: what it measures, the bounds of its
/// value widened by its hedge, and the number it stands for in a ratio. A story's number
/// facts are read once each ([`FactStore::figure`]), not once for each pair of them a rule
/// compares.
#[derive(Debug, PartialEq)]
struct Figure {
    measure: CompactString,
    /// The lower and upper bounds, either of which may be open.
    hedged: (Option<f64>, Option<f64>),
    point: Option<f64>,
}

impl Figure {
    /// What comparisons read of `fact`: `None` unless its value is a range of numbers with
    /// a bound (a number fact's whose bounds were not made out, `{"min": null, "max": null}`,
    /// or whose value is null, is read by `conflicts` and `ratio` themselves).
    fn of(fact: &Value) -> Option<Self> {
        let (Some(value @ Interval::Numbers(..)), Some(Interval::Numbers(low, high))) =
            (interval(fact), hedged_interval(fact))
        else {
            return None;
        };
        Some(Figure {
            measure: measure(fact).into(),
            hedged: (low, high),
            point: number_of(&value),
        })
    }

    /// `conflicts` of two number facts: of one measure, with hedged values that share no
    /// number.
    fn conflicts(&self, other: &Figure) -> bool {
        let range = |(low, high): (Option<f64>, Option<f64>)| Interval::Numbers(low, high);
        // A percentage and a count, or two currencies, are not two values of one thing.
        self.measure == other.measure && intervals_overlap(&range(self.hedged), &range(other.hedged)) == Some(false)
    }

    /// `ratio` of two number facts.
    fn ratio(&self, other: &Figure) -> Option<f64> {
        Some(ratio_of(self.point?, other.point?))
    }
}

/// `overlaps(x, y)`: intervals that share a point, or texts equal once normalised.
fn overlaps(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (interval(a), interval(b)) {
        return intervals_overlap(&x, &y) == Some(true);
    }
    match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) => normalise(x) == normalise(y),
        _ => false,
    }
}

fn normalise(s: &str) -> String {
    normalized(s).join(" ")
}

/// The text a value stands for: a string, or an object's `text`.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Object(map) => map
            .get_key(key!("text"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        Value::Null => String::new(),
        other => canonical(other).into_string(),
    }
}

/// A value as words for a message: a string as it is, a whole number without decimals, an
/// object by its `text` (or the words of its `span`), a date interval as its days.
pub fn display(v: &Value, source: &str) -> String {
    match v {
        Value::Null => "none".into(),
        Value::String(s) => s.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            _ => n.to_string(),
        },
        Value::Array(items) => items.iter().map(|i| display(i, source)).collect::<Vec<_>>().join(", "),
        Value::Object(map) => {
            if let Some(text) = map.get_key(key!("text")).and_then(Value::as_str) {
                return text.to_string();
            }
            if let Some(span) = span_of(v) {
                return source.get(span.start..span.end).unwrap_or("").to_string();
            }
            match (
                map.get_key(key!("start")).and_then(Value::as_str),
                map.get_key(key!("end")).and_then(Value::as_str),
            ) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a} to {b}"),
                _ => v.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parse_query;

    fn compile(src: &str) -> Result<FactQuery, Vec<LangError>> {
        FactQuery::compile(&parse_query(src).expect("parses"))
    }

    #[test]
    fn a_number_joins_by_the_digits_the_float_printer_writes() {
        let exact = 9_007_199_254_740_992.0_f64;
        for x in [
            0.0,
            -0.0,
            1.0,
            -3.0,
            12.0,
            0.5,
            -2.25,
            1e15,
            1e21,
            1e300,
            exact,
            -exact,
            exact * 2.0,
            1.0 / 3.0,
        ] {
            assert_eq!(canonical(&Value::from(x)), format!("{x}"), "{x:?}");
        }
        // An integer and the same number written as a float are one key.
        assert_eq!(canonical(&Value::from(7u64)), canonical(&Value::from(7.0)));
        assert_eq!(canonical(&Value::from(-4i64)), "-4");
    }

    #[test]
    fn join_keys_are_one_per_combination_of_list_items() {
        let keys = |values: &[Value]| -> Vec<String> {
            let values: Vec<&Value> = values.iter().collect();
            join_keys(&values).into_iter().map(CompactString::into_string).collect()
        };
        assert_eq!(keys(&[fact!("ferry")]), ["ferry"]);
        assert_eq!(keys(&[fact!(3.0)]), ["3"]);
        assert_eq!(keys(&[fact!({"entity": 4, "text": "Esper"})]), ["\u{1e}entity 4"]);
        assert_eq!(keys(&[fact!(["a b c", "b c d"])]), ["a b c", "b c d"]);
        assert_eq!(
            keys(&[fact!(["x", "y"]), fact!(2), fact!(["p", "q"])]),
            [
                "x\u{1f}2\u{1f}p",
                "x\u{1f}2\u{1f}q",
                "y\u{1f}2\u{1f}p",
                "y\u{1f}2\u{1f}q"
            ]
        );
        assert!(keys(&[fact!([])]).is_empty());
    }

    /// The facts of one article of a story, with its fields as the story gives them.
    fn article(doc: usize, outlet: &str, role: &str, facts: Vec<Value>) -> Vec<Value> {
        facts
            .into_iter()
            .map(|mut f| {
                f["doc"] = fact!(doc);
                f["outlet"] = fact!(outlet);
                f["role"] = fact!(role);
                f
            })
            .collect()
    }

    #[test]
    fn matches_kind_and_constraints_and_binds_variables() {
        let store = FactStore::new([article(
            0,
            "a",
            "draft",
            vec![
                fact!({"kind": "date", "text": "Wednesday", "value": null, "relative": true}),
                fact!({"kind": "date", "text": "Jan. 3, 2020", "value": {"start": "2020-01-03", "end": "2020-01-03"}}),
                fact!({"kind": "number", "text": "two sources", "unit": "sources"}),
            ],
        )]);
        let q = compile("date(relative: true, value: none, text: ?t) as d").expect("valid");
        let rows = q.find_all(&store);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].vars[0], &fact!("Wednesday"));
        assert_eq!(compile("date(value: any)").expect("valid").find_all(&store).len(), 1);
        assert_eq!(
            compile(r#"number(unit: "sources")"#)
                .expect("valid")
                .find_all(&store)
                .len(),
            1
        );
    }

    /// The death-date rule of the design, over two articles: a shared variable joins them,
    /// and the pair is reported once, not once in each order.
    #[test]
    fn joins_by_shared_variable_and_reports_each_pair_once() {
        let death = |subject: &str, start: &str| fact!({"kind": "date", "text": start, "timex": {"type": subject}, "value": {"start": start, "end": start}});
        let store = FactStore::new([
            article(
                0,
                "The Hill",
                "draft",
                vec![death("soleimani", "2020-01-03"), death("fakhrizadeh", "2020-11-27")],
            ),
            article(
                1,
                "NBC",
                "draft",
                vec![death("soleimani", "2020-01-02"), death("fakhrizadeh", "2020-11-27")],
            ),
        ]);
        let q = compile(
            "date(timex.type: ?p, value: ?d1) as a, date(timex.type: ?p, value: ?d2) as b, a.doc != b.doc and conflicts(?d1, ?d2)",
        )
        .expect("valid");
        let rows = q.find_all(&store);
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].vars[0], &fact!("soleimani"));
        assert_eq!(
            q.eval(
                &Expr::Field {
                    binding: "b".into(),
                    path: vec!["outlet".into()],
                    span: Span::default()
                },
                &rows[0],
                &store
            ),
            fact!("NBC")
        );
    }

    /// Every kind of name an expression reads, resolved once when the query is compiled:
    /// variables, fields of bound facts, a name the query does not bind, literals, lists,
    /// functions and a regex, in conditions and in templates.
    #[test]
    fn expressions_read_what_their_names_bind() {
        let date = |start: &str| fact!({"kind": "date", "text": start, "timex": {"type": "death"}, "value": {"start": start, "end": start}});
        let store = FactStore::new([
            article(0, "The Hill", "draft", vec![date("2020-01-03")]),
            article(1, "NBC", "draft", vec![date("2020-01-02")]),
        ]);
        let q = compile(
            r#"date(timex.type: ?p, value: ?d1) as a, date(timex.type: ?p, value: ?d2) as b,
               a.doc != b.doc and matches(a.outlet, "^The ") and not (?d1 == ?d2)"#,
        )
        .expect("valid");
        let rows = q.find_all(&store);
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(
            store.get(rows[0].facts[0])["outlet"],
            "The Hill",
            "the regex chose the row"
        );
        let eval = |src: &str| q.eval(&crate::lang::parse_expr(src).expect("parses"), &rows[0], &store);
        assert_eq!(eval("?p"), fact!("death"));
        assert_eq!(eval("?d2.start"), fact!("2020-01-02"));
        assert_eq!(eval("b.outlet"), fact!("NBC"));
        assert_eq!(eval("c.outlet"), Value::Null, "no pattern is named c");
        assert_eq!(eval("?q"), Value::Null, "no variable is named q");
        assert_eq!(eval("[?p, 2, none]"), fact!(["death", 2.0, null]));
        assert_eq!(eval("a.doc < b.doc and not (a.doc == 1) or false"), fact!(true));
        assert_eq!(eval("?p in [\"birth\", \"death\"]"), fact!(true));
        assert_eq!(eval("conflicts(?d1, ?d2)"), fact!(true));
        assert_eq!(eval("len(b.outlet)"), fact!(3));
        assert_eq!(eval("matches(a.outlet, \"^The \")"), fact!(true));
        assert_eq!(eval("matches(b.outlet, \"^The \")"), fact!(false));
        assert_eq!(
            eval("matches(b.outlet, \"NBC\")"),
            fact!(false),
            "a regex the query does not hold"
        );
    }

    /// Rows that bind one set of facts in another order are one finding: the first row of
    /// each set is kept, whether the patterns of one kind are two, three, apart or more than
    /// the moves compared (then the sets seen are kept).
    #[test]
    fn each_set_of_facts_is_one_row_the_first() {
        let numeral = |v: u32| fact!({"kind": "numeral", "text": v.to_string(), "value": v});
        let date = fact!({"kind": "date", "text": "Monday"});
        let store = FactStore::new([article(0, "a", "draft", (1..=6).map(numeral).chain([date]).collect())]);
        let rows = |src: &str| -> Vec<Vec<usize>> {
            let q = compile(src).expect("valid");
            q.find_all(&store).iter().map(|r| r.facts.to_vec()).collect()
        };
        let choose = |n: usize, k: usize| -> usize { (0..k).fold(1, |c, i| c * (n - i) / (i + 1)) };
        for k in 2..=6 {
            let src: Vec<String> = (0..k).map(|i| format!("numeral() as n{i}")).collect();
            let found = rows(&src.join(", "));
            assert_eq!(found.len(), choose(6, k), "{k} patterns of one kind: {found:?}");
            for row in &found {
                assert!(
                    row.is_sorted(),
                    "the first row of a set binds its facts in order: {row:?}"
                );
            }
        }
        // Patterns of one kind apart, another between them: moved only among themselves.
        let found = rows("numeral(value: ?x) as a, date() as d, numeral(value: ?y) as b, ?x < 3 and ?y < 3");
        assert_eq!(found, vec![vec![0, 6, 1]]);
        // A condition that only one order passes: that order is the row.
        let found = rows("numeral(value: ?x) as a, numeral(value: ?y) as b, ?x == 2 and ?y == 1");
        assert_eq!(found, vec![vec![1, 0]]);
        assert!(moves(&["numeral", "date"]).is_empty());
        assert_eq!(moves(&["numeral", "date", "numeral"]).len(), 1);
        assert_eq!(moves(&["quote"; 4]).len(), MAX_MOVES);
        assert!(moves(&["quote"; 5]).len() > MAX_MOVES);
    }

    /// A row of a join of two patterns being tested, fact `f` bound to the first.
    fn first_bound(f: usize) -> Row<'static> {
        Row {
            facts: smallvec::smallvec![f, UNBOUND],
            vars: smallvec::smallvec![&NULL],
        }
    }

    /// `r` with fact `f` bound to the second pattern.
    fn second_bound(r: &Row<'static>, f: usize) -> Row<'static> {
        let mut made = r.clone();
        made.facts[1] = f;
        made
    }

    /// Rows joined in blocks, side by side, are the rows one core makes joining each row in
    /// turn and stopping when [`MAX_ROWS`] rows have been made, kept or not: joins smaller
    /// than a block, of many blocks, stopped by the limit inside a block of many rows and
    /// inside one row that meets more facts than the limit.
    #[test]
    fn rows_joined_on_every_core_are_those_one_core_joins() {
        // Of the rows made, row by row, the first `MAX_ROWS`; of those, the rows kept.
        fn one_core<'s>(
            rows: &[Row<'s>],
            meets: impl Fn(&Row<'s>) -> Vec<usize>,
            make: impl Fn(&Row<'s>, usize) -> Option<Row<'s>>,
            passes: impl Fn(&Row<'s>) -> bool,
        ) -> Vec<Row<'s>> {
            rows.iter()
                .flat_map(|row| meets(row).into_iter().map(move |f| (row, f)))
                .filter_map(|(row, f)| make(row, f))
                .take(MAX_ROWS)
                .filter(|row| passes(row))
                .collect()
        }
        let row = first_bound;
        // A fact cannot join a row one in seven times; a row fails its conditions one in three.
        let make = |r: &Row<'static>, f: usize| (!(r.facts[0] + f).is_multiple_of(7)).then(|| second_bound(r, f));
        let passes = |r: &Row<'static>| !(r.facts[0] * 31 + r.facts[1]).is_multiple_of(3);
        // (rows, facts each row meets, facts the last row meets; the first fact moving by the
        // row's number): the last two end a block of many rows with one row that would make
        // more rows than the limit leaves.
        for (n, width, last) in [
            (10, 30, 30),
            (300, 50, 50),
            (3_000, 120, 120),
            (4, 60_000, 60_000),
            (1, 250_000, 250_000),
            (100, 50, 200_000),
            (1_990, 50, 200_000),
        ] {
            let rows: Vec<Row<'static>> = (0..n).map(row).collect();
            let meets = |r: &Row<'static>| {
                let width = if r.facts[0] + 1 == n { last } else { width };
                (r.facts[0]..r.facts[0] + width).collect::<Vec<usize>>()
            };
            let expected = one_core(&rows, meets, make, passes);
            let (joined, stopped) = join_rows(&rows, |r| Cow::Owned(meets(r)), &make, &passes);
            let facts = |rows: &[Row<'_>]| rows.iter().map(|r| r.facts.clone()).collect::<Vec<_>>();
            assert!(facts(&joined) == facts(&expected), "{n} rows meeting {width} facts");
            assert!(!joined.is_empty());
            let capped = (n - 1) * width + last > MAX_ROWS;
            let made_all = rows
                .iter()
                .flat_map(|r| meets(r).into_iter().filter_map(|f| make(r, f)))
                .count();
            assert_eq!(capped, made_all > MAX_ROWS, "{n} × {width}");
            assert_eq!(stopped, made_all > MAX_ROWS, "{n} × {width}");
        }
    }

    /// A join says it stopped exactly when a row was left unmade: not when the limit is
    /// reached by the last row that can be made, whether the rows after it meet no fact or
    /// only facts that cannot be bound; and when one row more, of any of those places (the
    /// row that fills the limit, a later row of its block, a row of a later block), could
    /// be made.
    #[test]
    fn a_join_stopped_by_the_limit_says_so_and_one_that_ends_there_does_not() {
        let row = first_bound;
        // A fact numbered past a million cannot be bound: it makes no row.
        let make = |r: &Row<'static>, f: usize| (f < 1_000_000).then(|| second_bound(r, f));
        let passes = |_: &Row<'static>| true;
        // (facts each row meets, by row): `k` facts that make rows, then `dead` that do not.
        let join = |widths: &[(usize, usize)]| {
            let rows: Vec<Row<'static>> = (0..widths.len()).map(row).collect();
            let meets = |r: &Row<'static>| {
                let (k, dead) = widths[r.facts[0]];
                Cow::Owned((0..k).chain(1_000_000..1_000_000 + dead).collect::<Vec<usize>>())
            };
            let (joined, stopped) = join_rows(&rows, meets, &make, &passes);
            (joined.len(), stopped)
        };
        let full = |rows: usize| vec![(MAX_ROWS / rows, 0); rows];
        // Exactly the limit: in one row, in 100 rows (blocks of five), in 1,000 rows of 100
        // (blocks of 41 rows); then followed by rows that meet nothing or only dead facts.
        for rows in [1, 100, 1_000] {
            assert_eq!(join(&full(rows)), (MAX_ROWS, false), "{rows} rows");
            let mut widths = full(rows);
            widths.extend([(0, 0), (0, 50), (0, 5_000)]);
            assert_eq!(join(&widths), (MAX_ROWS, false), "{rows} rows and rows that make none");
            // The row that fills the limit has dead facts after it: still all made.
            let mut widths = full(rows);
            widths.last_mut().expect("a row").1 = 10;
            assert_eq!(
                join(&widths),
                (MAX_ROWS, false),
                "{rows} rows, the last with dead facts"
            );
        }
        // One row more to make: in the row that fills the limit, in the next row of its
        // block, in its block after rows that make none, and in a later block.
        let mut one_more = full(1);
        one_more[0].0 += 1;
        assert_eq!(join(&one_more), (MAX_ROWS, true));
        // Joined side by side, the row that fills the limit made more than was left.
        let mut widths = full(100);
        widths.last_mut().expect("a row").0 += 500;
        assert_eq!(join(&widths), (MAX_ROWS, true));
        let mut widths = full(1_000);
        widths.push((1, 0));
        assert_eq!(join(&widths), (MAX_ROWS, true));
        let mut widths = full(1_000);
        widths.extend([(0, 5), (0, 0), (1, 3)]);
        assert_eq!(join(&widths), (MAX_ROWS, true));
        let mut widths = full(100);
        widths.extend(std::iter::repeat_n((0, 10), 500).chain([(2, 0)]));
        assert_eq!(join(&widths), (MAX_ROWS, true));
        // Far below the limit, nothing stopped.
        assert_eq!(join(&[(10, 2), (0, 0), (5, 5)]), (15, false));
    }

    /// A person given one title in each of 400 articles and another in the last: the pairs
    /// of one title (160,000, more than the limit) are never made, so that the pairs of the
    /// last article's title with the others, joined last, are all found; and with titles
    /// before and after the usual one, every pair of two titles in order.
    #[test]
    fn rows_of_facts_that_hold_one_value_are_not_made() {
        let mention = |post: &str| fact!({"kind": "mention", "text": "Mike Pompeo", "entity": 7, "title_post": post});
        let n = 400;
        let store = FactStore::new((0..=n).map(|d| {
            article(
                d,
                "wire",
                "draft",
                vec![mention(if d < n {
                    "secretary of state"
                } else {
                    "defense secretary"
                })],
            )
        }));
        assert!((n + 1) * (n + 1) > MAX_ROWS, "every pair made would pass the limit");
        let q = compile(
            "mention(entity: ?e) as a, mention(entity: ?e) as b, a.doc != b.doc and a.title_post < b.title_post",
        )
        .expect("valid");
        let rows: Vec<Vec<usize>> = q.find_all(&store).iter().map(|r| r.facts.to_vec()).collect();
        let expected: Vec<Vec<usize>> = (0..n).map(|b| vec![n, b]).collect();
        assert!(rows == expected, "{} rows: {:?}…", rows.len(), rows.first());
        // Titles met before and after the usual one, and one given by a reference, which
        // `b` may not bind: every pair of two titles in order, `b` in a draft.
        let posts: Vec<(&str, &str)> = std::iter::once(("attorney general", "draft"))
            .chain((0..n).map(|_| ("secretary of state", "draft")))
            .chain([("treasury secretary", "reference"), ("treasury secretary", "draft")])
            .collect();
        let store = FactStore::new(
            posts
                .iter()
                .enumerate()
                .map(|(d, (post, role))| article(d, "wire", role, vec![mention(post)])),
        );
        let q = compile(
            r#"mention(entity: ?e) as a, mention(entity: ?e) as b, a.doc != b.doc and b.role == "draft" and a.title_post < b.title_post"#,
        )
        .expect("valid");
        let rows: Vec<Vec<usize>> = q.find_all(&store).iter().map(|r| r.facts.to_vec()).collect();
        let expected: Vec<Vec<usize>> = (0..posts.len())
            .flat_map(|a| (0..posts.len()).map(move |b| (a, b)))
            .filter(|&(a, b)| a != b && posts[b].1 == "draft" && posts[a].0 < posts[b].0)
            .map(|(a, b)| vec![a, b])
            .collect();
        assert_eq!(expected.len(), 2 * n + 1);
        assert!(rows == expected, "{} rows, not {}", rows.len(), expected.len());
    }

    /// Rows left out because the fact and the row hold one value are rows the condition
    /// refuses: a query gives the rows it gives when the same condition is written so that it
    /// is not recognised (`(x != y) == true`), for `!=`, `<`, `>` and `not (x == y)`, on
    /// fields and on variables, joined on a value, on list items and on nothing; values of
    /// every kind, equal numbers written apart (`3`, `3.0`, `-0`, `0`), a text that looks
    /// like a number, empty lists (which `!=` holds different) and missing fields; in a story
    /// of articles of one size, and in one where most facts are of one article (whose rows
    /// then find the facts of the others without reading its own, under one key or many).
    #[test]
    fn rows_left_out_for_one_value_are_those_the_condition_refuses() {
        let values = [
            fact!(null),
            fact!(3),
            fact!(3.0),
            fact!("3"),
            fact!(-0.0),
            fact!(0),
            fact!(true),
            fact!(false),
            fact!([]),
            fact!([1, 2]),
            fact!({"start": 1}),
            fact!("Reuters"),
            fact!("AP"),
            // Two numbers a bit apart.
            fact!(1.0),
            fact!(1.000_000_000_000_000_2),
        ];
        let groups = [fact!("a"), fact!("b"), fact!(["a", "b"]), fact!(["b"])];
        for sizes in [[12; 9], [60, 6, 6, 6, 6, 6, 6, 6, 6]] {
            rows_left_out_are_refused(&values, &groups, &sizes);
        }
        // Which conditions are recognised: those above, not these.
        let q = compile(
            "numeral(text: ?g, value: ?x) as a, numeral(text: ?g, value: ?y) as b, \
             a.value != b.value, (a.value != b.value) == true, a.value <= b.value, b.value != 3, \
             a.value == b.value, ?x != ?y, ?x.start != b.value, a.value != ?g",
        )
        .expect("valid");
        let joined = [0];
        let bound = [true, true, false];
        let recognised: Vec<bool> = q
            .conditions
            .iter()
            .map(|c| c.op.unlike(1, &q.patterns[1], &joined, &bound).is_some())
            .collect();
        // (`?g` is bound again by `b`: the row then holds `b`'s value of it.)
        assert_eq!(recognised, [true, false, false, false, false, true, false, false]);
    }

    /// The rows of each condition of `rows_left_out_for_one_value_are_those_the_condition_refuses`,
    /// recognised and not, over articles of `sizes` facts with `values` and `groups`.
    fn rows_left_out_are_refused(values: &[Value], groups: &[Value], sizes: &[usize]) {
        let mut k = 0;
        let store = FactStore::new(sizes.iter().enumerate().map(|(d, &size)| {
            let facts = (0..size)
                .map(|_| {
                    k += 1;
                    let mut f = fact!({"kind": "numeral"});
                    f["text"] = groups[k % groups.len()].clone();
                    // Every ninth fact has no value.
                    if k % 9 != 0 {
                        f["value"] = values[(k * 7) % values.len()].clone();
                    }
                    f
                })
                .collect();
            article(d, "wire", "draft", facts)
        }));
        let rows = |src: &str| -> Vec<Vec<usize>> {
            let q = compile(src).expect("valid");
            q.find_all(&store).iter().map(|r| r.facts.to_vec()).collect()
        };
        for patterns in [
            "numeral(text: ?g, value: ?x) as a, numeral(text: ?g, value: ?y) as b",
            "numeral(value: ?x) as a, numeral(value: ?y) as b",
        ] {
            for condition in [
                "a.value != b.value",
                "b.value != a.value",
                "a.value < b.value",
                "a.value > b.value",
                "not (a.value == b.value)",
                "?x != ?y",
                "?y < ?x",
                "a.doc != b.doc",
                "a.doc != b.doc and a.value != b.value",
            ] {
                let left_out = rows(&format!("{patterns}, {condition}"));
                let plain = condition.replace(" and ", ") == true and (");
                let all = rows(&format!("{patterns}, ({plain}) == true"));
                assert!(
                    left_out == all,
                    "{patterns}, {condition}, articles of {sizes:?} facts: {} rows, not {}",
                    left_out.len(),
                    all.len()
                );
                assert!(!all.is_empty(), "{patterns}, {condition}, articles of {sizes:?} facts");
            }
        }
    }

    /// Two lists share an item whether they are compared pair by pair or through a set of
    /// texts: lists of texts, of numbers, of both, short and long, sharing items or not.
    #[test]
    fn lists_share_an_item_however_they_are_compared() {
        let mut next = textcmp::numbers_below(0x2545_f491_4f6c_dd1d);
        let mut shared = 0;
        for _ in 0..2000 {
            let vocabulary = 1 + next(400);
            let mixed = next(4) == 0;
            let (lx, ly) = (next(40), next(40));
            let mut list = |len: u64| -> Vec<Value> {
                (0..len)
                    .map(|_| match next(vocabulary) {
                        n if mixed && n % 2 == 0 => Value::from(n as f64),
                        n => Value::from(format!("w{n}")),
                    })
                    .collect()
            };
            let (x, y) = (list(lx), list(ly));
            let pairwise = x.iter().any(|i| y.iter().any(|j| values_equal(i, j)));
            assert_eq!(share_an_item(&x, &y), pairwise, "{x:?} and {y:?}");
            shared += usize::from(pairwise);
        }
        assert!(
            (200..1800).contains(&shared),
            "lists that share an item and lists that do not: {shared}"
        );
        // A text and a number that print alike are not one item.
        let texts: Vec<Value> = (0..20).map(|n| Value::from(n.to_string())).collect();
        let numbers: Vec<Value> = (0..20).map(|n| Value::from(f64::from(n))).collect();
        assert!(!share_an_item(&texts, &numbers));
    }

    /// A number fact of a draft or a reference, for the tests of `supports`.
    fn number(min: f64, max: Option<f64>, unit: Option<&str>, bound: Option<&str>) -> Value {
        fact!({"kind": "number", "text": format!("{min}"), "value": {"min": min, "max": max}, "unit": unit, "bound": bound, "fraction": false})
    }

    #[test]
    fn a_not_pattern_with_a_condition_drops_rows_that_some_fact_passes() {
        let store = FactStore::new([
            article(
                0,
                "draft",
                "draft",
                vec![
                    number(23.0, Some(23.0), Some("dead"), None),
                    number(1000.0, None, Some("people"), Some("more-than")),
                ],
            ),
            article(
                1,
                "wire",
                "reference",
                vec![
                    number(32.0, Some(32.0), Some("dead"), None),
                    number(1200.0, Some(1200.0), Some("people"), None),
                ],
            ),
        ]);
        let q = compile(r#"number(role: "draft") as n, not number(role: "reference") as r where supports(r, n)"#)
            .expect("valid");
        let rows = q.find_all(&store);
        // "more than 1,000" is supported by 1,200; nothing supports 23.
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(store.get(rows[0].facts[0])["value"]["min"], fact!(23.0));
        // The negated fact is named only for its condition, and a condition needs the name.
        assert!(compile(r#"number(role: "draft") as n, not number(role: "reference") as r"#).is_err());
        assert!(compile(r#"number(role: "draft") as n, not number(role: "reference") where supports(n, n)"#).is_err());
    }

    #[test]
    fn supports_compares_measures_hedges_and_rounding() {
        let count = |v: f64| number(v, Some(v), None, None);
        assert!(supports(&count(1200.0), &number(1000.0, None, None, Some("more-than"))));
        assert!(supports(&count(38.0), &number(40.0, Some(40.0), None, Some("about"))));
        assert!(!supports(&count(30.0), &number(40.0, Some(40.0), None, Some("about"))));
        assert!(supports(
            &number(1.23e9, Some(1.23e9), Some("USD"), None),
            &number(1.2e9, Some(1.2e9), Some("USD"), None)
        ));
        assert!(!supports(
            &number(1.2e9, Some(1.2e9), Some("EUR"), None),
            &number(1.2e9, Some(1.2e9), Some("USD"), None)
        ));
        assert!(!supports(&count(12.0), &number(12.0, Some(12.0), Some("%"), None)));
        // Counts under a thousand are not rounded.
        assert!(!supports(&count(32.0), &count(30.0)));
        let numeral = fact!({"kind": "numeral", "value": 45.0});
        assert!(supports(&numeral, &count(45.0)));
        assert_eq!(ratio(&count(32.0), &count(8.0)), Some(4.0));
        assert_eq!(ratio(&count(0.0), &count(8.0)), None);
    }

    #[test]
    fn number_facts_read_once_per_story_compare_as_when_read_for_each_pair() {
        // The figures of news copy: exact counts, hedged and open ones, money, shares, and a
        // number whose value was not made out.
        let mut fraction = number(2.0 / 3.0, Some(2.0 / 3.0), None, None);
        fraction["fraction"] = fact!(true);
        let unread =
            fact!({"kind": "number", "text": "dozens", "value": null, "unit": null, "bound": null, "fraction": false});
        let facts = vec![
            number(32.0, Some(32.0), None, None),
            number(23.0, Some(23.0), None, None),
            number(40.0, Some(40.0), None, Some("about")),
            number(50.0, Some(50.0), None, Some("nearly")),
            number(20.0, None, None, Some("more-than")),
            number(0.0, Some(0.0), None, None),
            number(1.2e9, Some(1.2e9), Some("USD"), None),
            number(1.5e9, Some(1.5e9), Some("USD"), None),
            number(1.5e9, Some(1.5e9), Some("EUR"), None),
            number(12.0, Some(12.0), Some("%"), None),
            number(3.0, Some(3.0), Some("percentage points"), None),
            fraction,
            unread,
        ];
        assert_eq!(facts.iter().filter_map(Figure::of).count(), facts.len() - 1);
        assert!(
            Figure::of(&facts[12]).is_none(),
            "a number without a value is read each time"
        );
        for x in &facts {
            for y in &facts {
                if let (Some(fx), Some(fy)) = (Figure::of(x), Figure::of(y)) {
                    assert_eq!(fx.conflicts(&fy), conflicts(x, y), "{x:?} / {y:?}");
                    assert_eq!(fx.ratio(&fy), ratio(x, y), "{x:?} / {y:?}");
                }
            }
        }
        // Through queries over three articles, with facts of other kinds before and among
        // the numbers (a fact's number in the story, its place in its article and its place
        // among the article's numbers all differ), which read each number's figures once:
        // the pairs the functions find fact by fact.
        let date = || fact!({"kind": "date", "text": "Monday", "value": {"start": "2024-03-11", "end": "2024-03-11"}});
        let numeral = || fact!({"kind": "numeral", "text": "7", "value": 7.0});
        let mut numbers = facts.iter().cloned();
        let mut article_of = |n: usize| -> Vec<Value> {
            let mut facts = vec![date(), numeral()];
            for k in 0..n {
                facts.extend(numbers.next());
                if k % 2 == 0 {
                    facts.push(date());
                }
            }
            facts
        };
        let docs = [article_of(4), article_of(5), article_of(4)];
        let store = FactStore::new([
            article(0, "wire", "draft", docs[0].clone()),
            article(1, "paper", "draft", docs[1].clone()),
            article(2, "site", "draft", docs[2].clone()),
        ]);
        let story: Vec<&Value> = docs.iter().flatten().collect();
        for (f, fact) in story.iter().enumerate() {
            let expected = (fact["kind"] == "number").then(|| Figure::of(fact)).flatten();
            assert_eq!(store.figure(f), expected.as_ref(), "fact {f}");
        }
        let pairs = |condition: &dyn Fn(&Value, &Value) -> bool| -> Vec<(usize, usize)> {
            let numbers: Vec<usize> = (0..story.len()).filter(|&f| story[f]["kind"] == "number").collect();
            let mut pairs = Vec::new();
            for (k, &i) in numbers.iter().enumerate() {
                for &j in &numbers[k + 1..] {
                    if condition(story[i], story[j]) {
                        pairs.push((i, j));
                    }
                }
            }
            pairs
        };
        let found = |src: &str| -> Vec<(usize, usize)> {
            let rows = compile(src).expect("valid").find_all(&store);
            rows.iter().map(|r| (r.facts[0], r.facts[1])).collect()
        };
        let conflicting = pairs(&conflicts);
        assert!(conflicting.len() > 5 && conflicting.len() < 40, "{conflicting:?}");
        assert_eq!(found("number() as a, number() as b, conflicts(a, b)"), conflicting);
        let near = pairs(&|x, y| ratio(x, y).is_some_and(|r| r <= 4.0));
        assert!(near.len() > 5, "{near:?}");
        assert_eq!(found("number() as a, number() as b, ratio(a, b) <= 4"), near);
    }

    #[test]
    fn a_month_day_of_unknown_year_agrees_with_the_same_day() {
        let partial = fact!({"kind": "date", "value": null, "partial": {"month": 1, "day": 3}});
        let full = fact!({"kind": "date", "value": {"start": "2020-01-03", "end": "2020-01-03"}});
        let other = fact!({"kind": "date", "value": {"start": "2020-01-04", "end": "2020-01-04"}});
        assert!(!conflicts(&partial, &full));
        assert!(conflicts(&partial, &other));
        assert!(overlaps(
            &fact!({"min": 10.0, "max": 15.0}),
            &fact!({"min": 12.0, "max": null})
        ));
        assert!(conflicts(
            &fact!({"min": 10.0, "max": 15.0}),
            &fact!({"min": 16.0, "max": 16.0})
        ));
        assert!(!conflicts(&fact!("Washington Post"), &fact!("washington  post")));
    }

    #[test]
    fn unknown_kind_field_binding_and_variable_are_located() {
        let errors = compile("dates(x: 1)").expect_err("unknown kind");
        assert_eq!(errors[0].span, Span::new(0, 5));
        let errors = compile("date(weekday: 1, stated_weekday.mismatch: true)").expect_err("unknown field");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].span, Span::new(5, 12));
        let errors = compile("date() as d, e.doc == 1 and ?x == 2 and matches(d.text, \"(\")").expect_err("three");
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 3, "{messages:?}");
        assert!(messages[0].contains("`e` names no fact pattern"));
        assert!(messages[1].contains("`?x` is not bound"));
        assert!(messages[2].contains("regex does not compile"));
    }

    #[test]
    fn a_misspelt_field_is_located_with_the_field_meant() {
        let errors =
            compile("quote(speaker.entiy: ?e, partial: false) as q, q.cue.txt == \"said\"").expect_err("two typos");
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 2, "{messages:?}");
        assert_eq!(errors[0].span, Span::new(14, 19), "at `entiy`");
        assert!(
            messages[0].starts_with("`speaker` in `quote` facts has no field `entiy` (did you mean `entity`?)"),
            "{messages:?}"
        );
        assert_eq!(errors[1].span, Span::new(53, 56), "at `txt`");
        assert!(messages[1].contains("(did you mean `text`?)"), "{messages:?}");
        let errors = compile("mention(enity: ?e) as m, m.entity == ?e").expect_err("a typo");
        assert!(
            errors[0].message.contains("(did you mean `entity`?)"),
            "{:?}",
            errors[0]
        );
        let errors = compile("dates() as d").expect_err("a kind");
        assert!(errors[0].message.contains("(did you mean `date`?)"), "{:?}", errors[0]);
        // A field of an article is a field of every fact in a story.
        assert!(compile("number(outlet: any, sentence: ?s, references: any) as n, n.published == ?s").is_ok());
    }

    #[test]
    fn a_literal_of_another_type_than_its_field_is_an_error() {
        let errors = compile(r#"date(relative: "yes", value.start: 2020, timex.type: "DATE") as d"#).expect_err("two");
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 2, "{messages:?}");
        assert_eq!(errors[0].span, Span::new(15, 20));
        assert_eq!(messages[0], "`relative` of `date` facts is a boolean, never a string");
        assert_eq!(messages[1], "`value.start` of `date` facts is a string, never a number");
        // Whole numbers are numbers.
        assert!(compile("anonymous-source(count: 2) as a").is_ok());
    }

    #[test]
    fn an_event_pattern_names_its_kind_of_event_as_the_field_event() {
        let errors = compile(r#"event(kind: "death") as e"#).expect_err("never matches");
        assert!(
            errors[0].message.contains("`event(event: \"death\")`"),
            "{:?}",
            errors[0]
        );
        let q = compile(r#"event(event: "death", subject.entity: ?p, date: any) as a, event(subject.entity: ?p) as b, b.magnitude.text != a.text"#)
            .expect("emitted fields are checked later");
        let uses = q.event_uses();
        assert_eq!(
            uses[0],
            EventUse::Kind {
                name: "death".into(),
                span: Span::new(13, 20)
            }
        );
        assert_eq!(
            uses[1],
            EventUse::Field {
                event: Some("death".into()),
                path: vec!["subject".into(), "entity".into()],
                spans: vec![Span::new(22, 29), Span::new(30, 36)],
            }
        );
        assert!(
            uses.iter()
                .any(|u| matches!(u, EventUse::Field { event: None, path, .. } if path[0] == "magnitude")),
            "{uses:?}"
        );
        // The fields extraction rules emit wait for them to be loaded; those every event has
        // are checked at once.
        assert!(compile("event(rule: any, outlet: any, evnt: any) as e").is_ok());
        assert!(compile("event(rule: any) as e, e.span.stat == 1").is_err());
    }

    /// The shape of `consistency/number-conflict`: the second figure is joined right after
    /// the first, since conditions compare them, and the mentions of their sentences after;
    /// written order would pair every row with every mention of the entity in the story.
    #[test]
    fn a_pattern_compared_with_the_first_is_joined_next() {
        let q = compile(
            "number(noun: ?n, doc: ?da, sentence: ?sa) as a, mention(doc: ?da, sentence: ?sa, entity: ?e) as ea, \
             mention(entity: ?e, doc: ?db, sentence: ?sb) as eb, number(noun: ?n, doc: ?db, sentence: ?sb) as b, \
             ?da != ?db and conflicts(a, b), ?sb < 3",
        )
        .expect("valid");
        assert_eq!(q.order, [0, 3, 1, 2]);
        // `?sb` is first bound by `b`, joined second: its test runs on `b`'s facts alone.
        let sb = q.conditions.iter().find(|c| c.needs == 2 && c.of_one_fact);
        assert!(sb.is_some(), "{:?}", q.conditions);
        // Without conditions between them, patterns are joined as written.
        let q = compile("date(doc: ?d) as a, number(doc: ?d) as b, quote(doc: ?d) as c").expect("valid");
        assert_eq!(q.order, [0, 1, 2]);
    }

    /// Rows come in the order of the written patterns (by the first pattern's fact, then the
    /// second's…) whatever the order of the joins.
    #[test]
    fn rows_come_in_written_order_whatever_the_join_order() {
        let store = FactStore::new([article(
            0,
            "a",
            "draft",
            vec![
                fact!({"kind": "date", "text": "Monday"}),
                fact!({"kind": "quote", "text": "first"}),
                fact!({"kind": "quote", "text": "second"}),
                fact!({"kind": "number", "text": "one"}),
                fact!({"kind": "number", "text": "two"}),
            ],
        )]);
        let q =
            compile("date(doc: ?d) as a, quote(text: ?t) as q, number(doc: ?d) as n, a.text != n.text").expect("valid");
        // The number shares `?d` with the date: it is joined before the quotations.
        assert_eq!(q.order, [0, 2, 1]);
        let rows: Vec<Vec<usize>> = q.find_all(&store).iter().map(|r| r.facts.to_vec()).collect();
        assert_eq!(rows, [[0, 1, 3], [0, 1, 4], [0, 2, 3], [0, 2, 4]]);
    }

    #[test]
    fn a_condition_that_names_nothing_still_runs() {
        let store = FactStore::new([article(
            0,
            "a",
            "draft",
            vec![fact!({"kind": "date", "text": "Monday"})],
        )]);
        assert_eq!(compile("date() as d, false").expect("valid").find_all(&store).len(), 0);
        assert_eq!(compile("date() as d, true").expect("valid").find_all(&store).len(), 1);
    }

    /// The facts of one article, with its fields shared as a check adds them.
    fn shared_article(doc: usize, role: &'static str, facts: Vec<Value>) -> Vec<Value> {
        let mut facts = facts;
        let fields = crate::value::Map::from_fields([
            (key!("doc"), fact!(doc)),
            (key!("outlet"), fact!(format!("outlet {doc}"))),
            (key!("published"), fact!(null)),
            (key!("role"), fact!(role)),
        ]);
        // As a check shares them: with the fields many facts have alike (their kind, their
        // nulls and booleans).
        let mut alike = crate::value::Alike::new(&Shared::new(fields));
        let plain = |k: Key, v: &Value| k == key!("kind") || matches!(v, Value::Null | Value::Bool(_));
        for fact in &mut facts {
            if let Value::Object(map) = fact {
                map.share_alike(&mut alike, plain);
            }
        }
        facts
    }

    #[test]
    fn a_test_of_an_article_field_is_decided_for_the_article_as_for_each_fact() {
        let quote = |text: &str, nested: bool| fact!({"kind": "quote", "text": text, "nested": nested});
        // Facts that share other alike fields beside their article's (`nested`).
        let draft = shared_article(
            0,
            "draft",
            vec![quote("We will rebuild", false), quote("Not today", true)],
        );
        let reference = shared_article(1, "reference", vec![quote("We will rebuild it", false)]);
        let shares = |v: &Value| {
            v.as_object()
                .and_then(crate::value::Map::shared)
                .cloned()
                .expect("shares")
        };
        assert!(!shares(&draft[0]).same(&shares(&draft[1])));
        assert!(ArticleFacts::from(draft.clone()).article.is_some(), "one set of fields");
        // A fact given a field of its own no longer shares the article's: the article's
        // facts are then tested one by one.
        let mut mixed = draft.clone();
        mixed[1]["role"] = fact!("reference");
        assert!(ArticleFacts::from(mixed.clone()).article.is_none());
        let texts = |store: &FactStore, query: &str| -> Vec<String> {
            let q = compile(query).expect("valid");
            q.find_all(store)
                .iter()
                .map(|row| store.get(row.facts[0])["text"].as_str().unwrap_or("").to_string())
                .collect()
        };
        let story = FactStore::new([draft.clone(), reference.clone()]);
        assert_eq!(
            texts(&story, r#"quote(role: "reference") as q"#),
            ["We will rebuild it"]
        );
        assert_eq!(
            texts(&story, r#"quote(role: "draft", doc: 0) as q"#),
            ["We will rebuild", "Not today"]
        );
        assert!(texts(&story, r#"quote(role: "draft", doc: 1) as q"#).is_empty());
        assert!(texts(&story, r#"quote(outlet: none) as q"#).is_empty());
        // A test of a field the facts share beside their article's is no test of the article.
        assert_eq!(texts(&story, r#"quote(nested: true) as q"#), ["Not today"]);
        assert_eq!(
            texts(&story, r#"quote(nested: false, role: "draft") as q"#),
            ["We will rebuild"]
        );
        let story = FactStore::new([mixed, reference]);
        assert_eq!(
            texts(&story, r#"quote(role: "reference") as q"#),
            ["Not today", "We will rebuild it"]
        );
    }

    #[test]
    fn type_mismatches_are_located() {
        let errors = compile("number() as n, n.value.min > \"ten\" or 3 < \"x\" or n.unit in 5").expect_err("two");
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 2, "{messages:?}");
        assert_eq!(errors[0].span, Span::new(40, 41));
        assert!(messages[0].contains("compares a number with a string"));
        assert!(messages[1].contains("`in` needs a list or a string"));
    }

    #[test]
    fn display_values_for_messages() {
        assert_eq!(display(&fact!(2.0), ""), "2");
        assert_eq!(
            display(&fact!({"start": "2020-01-03", "end": "2020-01-03"}), ""),
            "2020-01-03"
        );
        assert_eq!(
            display(&fact!({"span": {"start": 4, "end": 8}}), "The U.S. said"),
            "U.S."
        );
    }
}

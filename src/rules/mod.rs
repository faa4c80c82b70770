//! Rules: loading rule files (built-in and the user's), and compiling them.
//!
//! A rule file is read into [`raw::RawRule`], which mirrors the file, then compiled into
//! a [`Rule`]. Compilation reports every problem of a file at once, each pointing at the
//! exact character in the file, inside the TOML string when that is where the mistake is,
//! and leaves out what an earlier mistake makes impossible to check (templates are not
//! checked against a query that does not compile). Queries are checked against the fact
//! schema ([`crate::schema`]); the kinds of events and the fields their extraction rules
//! emit are checked once every rule is loaded ([`RuleSet::check_events`]), so that the
//! order in which packs are loaded does not matter.

pub mod raw;
pub mod template;
pub mod toml_string;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use rayon::prelude::*;
use toml::Spanned;

use crate::diagnostic::{Problem, Safety, Severity};
use crate::lang::ast::{Expr, Pattern};
use crate::lang::{self, LangError};
use crate::lazy_regex::LazyRegex;
use crate::matcher::TokenMatcher;
use crate::query::{self, EventUse, FactQuery, FieldPath};
use crate::schema::{self, EventShape, Events, Type};
use crate::source::{FileId, SourceDb};
use crate::span::Span;
use crate::value::Key;
use raw::{RawError, RawExample, RawRule};
use template::{Template, TemplateError};

/// The built-in rule files: `(path, contents)`, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The syntax trees of the built-in rules' token patterns, queries and `emit`s, parsed when
/// factlint was built (see `lang::parsed`).
pub static PARSED: LazyLock<lang::parsed::Parsed> =
    LazyLock::new(|| lang::parsed::Parsed::read(include_bytes!(concat!(env!("OUT_DIR"), "/parsed_rules.bin"))));

/// [`lang::parse_token_pattern`], taking the tree parsed when factlint was built when `src`
/// is one of the built-in rules' patterns.
fn parse_token_pattern(src: &str) -> Result<Pattern, Vec<LangError>> {
    PARSED
        .token_pattern(src)
        .map_or_else(|| lang::parse_token_pattern(src), Ok)
}

/// [`lang::parse_query`], taking the tree parsed when factlint was built when `src` is one
/// of the built-in rules' queries or `emit`s.
fn parse_query(src: &str) -> Result<lang::ast::Query, Vec<LangError>> {
    PARSED.query(src).map_or_else(|| lang::parse_query(src), Ok)
}

/// A compiled rule.
#[derive(Debug)]
pub struct Rule {
    /// `<pack>/<name>`.
    pub id: String,
    /// The pack: the folder the rule file is in.
    pub pack: String,
    /// The rule's own name: its file name without `.toml`.
    pub name: String,
    /// Default severity.
    pub severity: Severity,
    /// One line for rule lists.
    pub summary: String,
    /// Markdown documentation.
    pub doc: String,
    /// Free labels.
    pub tags: Vec<String>,
    /// What the rule matches, and what a match becomes.
    pub kind: RuleKind,
    /// Which matches become diagnostics.
    pub report: Report,
    /// Message template.
    pub message: Template,
    /// Primary label template.
    pub label: Template,
    /// Advice template.
    pub help: Option<Template>,
    /// Notes.
    pub notes: Vec<String>,
    /// Repair templates: a match takes the first whose `at` its pattern binds.
    pub fixes: Vec<FixTemplate>,
    /// The rule's own tests.
    pub examples: Vec<Example>,
    /// The rule file in the source database.
    pub file: FileId,
}

/// The three kinds of rule.
#[derive(Debug)]
pub enum RuleKind {
    /// A token rule: each match of one of its patterns in a draft is a finding.
    Tokens(Vec<TokenMatcher>),
    /// A fact rule: each set of facts its query matches, with a primary fact in a draft, is
    /// a finding.
    Facts(Box<FactRule>),
    /// An extraction rule: each match of its patterns becomes an `event` fact, which fact
    /// rules query; it reports nothing.
    Extraction {
        /// The token patterns that find the event.
        patterns: Vec<TokenMatcher>,
        /// The event each match creates.
        emit: Emit,
    },
}

/// What a fact rule matches, and where its labels point.
#[derive(Debug)]
pub struct FactRule {
    /// The query (`when`).
    pub query: FactQuery,
    /// The bound fact the primary label points at, and the path inside it whose span the
    /// label covers; the first pattern's fact when not given.
    pub primary: Option<(String, Vec<String>)>,
    /// The secondary labels, by the bound fact (or the field of one, `b.date`) whose span
    /// they cover.
    pub labels: Vec<(String, Template)>,
    /// For a rule comparing two quotations (`focus = "differences"`): the labels cover the
    /// words that differ between the primary fact and each labelled one, not the whole
    /// quotations.
    pub focus_differences: bool,
    /// The expressions written in template holes (`{diff(a.text, b.text)}`), by their text.
    pub hole_exprs: HashMap<String, Expr>,
    /// Where the rule file names kinds of events and fields that extraction rules emit
    /// (spans into the rule file), checked by [`RuleSet::check_events`].
    pub event_uses: Vec<EventUse>,
}

impl Rule {
    /// Whether the rule is an extraction rule, which makes events and reports nothing.
    pub fn is_extraction(&self) -> bool {
        matches!(self.kind, RuleKind::Extraction { .. })
    }

    /// The fact rule, for a rule with a `when` query.
    pub fn fact_rule(&self) -> Option<&FactRule> {
        match &self.kind {
            RuleKind::Facts(f) => Some(f),
            _ => None,
        }
    }

    /// Its regexes (a built-in rule's are compiled when first used, or beforehand by a
    /// core with nothing else to do); each token pattern's begin with those it tries at
    /// every token.
    pub fn regexes(&self) -> Vec<Arc<LazyRegex>> {
        match &self.kind {
            RuleKind::Tokens(patterns) | RuleKind::Extraction { patterns, .. } => {
                patterns.iter().flat_map(TokenMatcher::regexes).collect()
            }
            RuleKind::Facts(rule) => rule.query.regexes().cloned().collect(),
        }
    }

    /// The query of a fact rule.
    pub fn query(&self) -> Option<&FactQuery> {
        self.fact_rule().map(|f| &f.query)
    }

    /// The event an extraction rule creates.
    pub fn emit(&self) -> Option<&Emit> {
        match &self.kind {
            RuleKind::Extraction { emit, .. } => Some(emit),
            _ => None,
        }
    }

    /// The token patterns of a token or extraction rule (none for a fact rule).
    pub fn patterns(&self) -> &[TokenMatcher] {
        match &self.kind {
            RuleKind::Tokens(patterns) | RuleKind::Extraction { patterns, .. } => patterns,
            RuleKind::Facts(_) => &[],
        }
    }
}

/// What an extraction rule creates from each match: an `event` fact.
#[derive(Debug)]
pub struct Emit {
    /// The kind of event: `death`, `attack`… (empty when `event_from` names it).
    pub event: String,
    /// A captured variable whose words, in lower case, name the kind of each event
    /// (`event: ?v` for "sentenced", "capsized").
    pub event_from: Option<String>,
    /// The event's other fields: a captured variable, or a literal.
    pub fields: Vec<(String, EmitValue)>,
    /// The kinds and fields of the events it makes, for checking the rules that query them.
    pub shape: EventShape,
}

/// The value of a field of an emitted event.
#[derive(Debug)]
pub enum EmitValue {
    /// The words, or the fact, a variable captured.
    Capture(String),
    /// A literal.
    Literal(crate::value::Value),
}

/// Which matches of a rule become diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    /// Every match.
    All,
    /// The first match in each article: for rules about the article as a whole.
    FirstPerArticle,
    /// The first match of each message in each article: one finding per distinct problem,
    /// however often the words recur.
    FirstPerMessage,
    /// One finding per flagged span: the first, with the secondary labels of every other
    /// finding on the same words, so that one draft figure contradicted by three references
    /// is one diagnostic pointing at all three.
    FirstPerSpan,
    /// One diagnostic per message in the story: the first finding, in story order, with the
    /// labels of the others as secondary labels.
    OncePerMessage,
}

/// How to build a fix from a match.
#[derive(Debug)]
pub struct FixTemplate {
    /// The variable whose words are replaced; the whole match when `None`. A match of a
    /// pattern that does not bind it gets no fix from this template.
    pub at: Option<String>,
    /// What replaces them.
    pub replacement: Template,
    /// Whether applying it may change meaning.
    pub safety: Safety,
}

/// One example of a rule: a story of one or more articles and the words that must be flagged.
#[derive(Clone, Debug)]
pub struct Example {
    /// The articles.
    pub articles: Vec<ExampleArticle>,
    /// The exact words of each primary label, in order.
    pub flagged: Vec<String>,
    /// The text after applying every fix, when given (examples of one article).
    pub fixed: Option<String>,
    /// Where the example is in the rule file.
    pub span: Span,
}

/// One article of an example.
#[derive(Clone, Debug)]
pub struct ExampleArticle {
    /// The text.
    pub text: String,
    /// The outlet.
    pub source: String,
    /// Publication date.
    pub date: Option<jiff::civil::Date>,
    /// Draft or reference.
    pub role: crate::article::Role,
}

/// The rules of one run.
#[derive(Debug, Default)]
pub struct RuleSet {
    /// Every rule, in load order.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The rule with id `id` (`pack/name`, or just `name` when it is unique).
    pub fn find(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id).or_else(|| {
            let mut by_name = self.rules.iter().filter(|r| r.name == id);
            match (by_name.next(), by_name.next()) {
                (Some(r), None) => Some(r),
                _ => None,
            }
        })
    }

    /// Adds rules, reporting an id that is already taken.
    pub fn extend(&mut self, rules: Vec<Rule>, db: &SourceDb, problems: &mut Vec<Problem>) {
        for rule in rules {
            if let Some(old) = self.rules.iter().find(|r| r.id == rule.id) {
                let path = db.get(rule.file).name().to_string();
                problems.push(
                    Problem::at_path(path, format!("rule `{}` is defined twice", rule.id))
                        .with_note(format!("it is also defined in {}", db.get(old.file).name())),
                );
                continue;
            }
            self.rules.push(rule);
        }
    }

    /// The events the set's extraction rules make, with those of the built-in extraction
    /// rules, which every command loads.
    pub fn events(&self) -> Events {
        let mut events = builtin_events().clone();
        events
            .shapes
            .extend(self.rules.iter().filter_map(Rule::emit).map(|e| e.shape.clone()));
        events
    }

    /// Checks, once every rule is loaded, the kinds of events and the emitted fields that the
    /// fact rules name against the events the extraction rules make: a kind no rule makes, or
    /// a field no rule emits, would silently match nothing. Each problem is located in its
    /// rule file, with the name it most likely stands for.
    pub fn check_events(&self, db: &SourceDb) -> Vec<Problem> {
        let events = self.events();
        let mut problems = Vec::new();
        for rule in &self.rules {
            if let Some(f) = rule.fact_rule() {
                let path = db.get(rule.file).name();
                let mut found: Vec<(Span, Problem)> = f
                    .event_uses
                    .iter()
                    .filter_map(|u| check_event_use(u, &events))
                    .map(|(span, message, label, notes)| {
                        let problem = Problem::at(path, rule.file, span, message, label);
                        (span, notes.into_iter().fold(problem, Problem::with_note))
                    })
                    .collect();
                found.sort_by_key(|(span, _)| (span.start, span.end));
                problems.extend(found.into_iter().map(|(_, p)| p));
            }
        }
        problems
    }
}

/// The mistake in one use of an event kind or field, if it names what no rule makes: its
/// span, message, label and notes.
fn check_event_use(u: &EventUse, events: &Events) -> Option<(Span, String, String, Vec<String>)> {
    match u {
        EventUse::Kind { name, span } => {
            if events.has_kind(name) {
                return None;
            }
            let kinds = events.kinds();
            let mut notes = Vec::new();
            if let Some(hint) = query::closest(name, &kinds) {
                notes.push(format!("did you mean `{hint}`?"));
            }
            notes.push(format!(
                "the extraction rules make events of the kinds {}",
                kinds.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ));
            Some((
                *span,
                format!("no extraction rule makes `{name}` events, so this matches nothing"),
                "unknown kind of event".into(),
                notes,
            ))
        }
        EventUse::Field { event, path, spans } => {
            // An unknown kind is reported once, at the kind.
            if event.as_deref().is_some_and(|e| !events.has_kind(e)) {
                return None;
            }
            let what = event.as_ref().map_or("events".to_string(), |e| format!("`{e}` events"));
            let first = path.first()?;
            let types = events.field_types(event.as_deref(), first);
            if types.is_empty() {
                let mut fields: Vec<&str> = schema::kind("event")
                    .map(|k| k.all_fields().map(|f| f.name).collect())
                    .unwrap_or_default();
                fields.extend(events.field_names(event.as_deref()));
                let mut notes = Vec::new();
                if let Some(hint) = query::closest(first, &fields) {
                    notes.push(format!("did you mean `{hint}`?"));
                }
                notes.push(format!("their fields are {}", fields.join(", ")));
                return Some((
                    spans.first().copied().unwrap_or_default(),
                    format!("{what} have no field `{first}`: no extraction rule emits it"),
                    "unknown field".into(),
                    notes,
                ));
            }
            let mut last = None;
            for t in &types {
                match t.at(&path[1..]) {
                    Ok(_) => return None,
                    Err(e) => last = Some(e),
                }
            }
            let e = last?;
            let at = e.at + 1;
            let message = query::path_message(&what, path, at, &e.fields);
            Some((
                spans.get(at).copied().unwrap_or_default(),
                message,
                "unknown field".into(),
                Vec::new(),
            ))
        }
    }
}

/// The built-in pack of extraction rules: every built-in rule that emits events is in it.
const EVENTS_PACK: &str = "rules/events/";

/// The events the built-in extraction rules make.
pub fn builtin_events() -> &'static Events {
    static EVENTS: LazyLock<Events> = LazyLock::new(|| {
        // Only the extraction rules are compiled: the other built-in rules make no events.
        let mut db = SourceDb::new();
        let shapes = BUILTIN
            .iter()
            .filter(|(path, _)| path.starts_with(EVENTS_PACK))
            .filter_map(|(path, text)| load_text(&mut db, path, text).ok())
            .filter_map(|rule| rule.emit().map(|e| e.shape.clone()))
            .collect();
        Events { shapes }
    });
    &EVENTS
}

/// Loads the built-in rules, compiled in parallel (their regexes are a large part of a short
/// run's time), in the order of [`BUILTIN`].
pub fn load_builtin(db: &mut SourceDb) -> (Vec<Rule>, Vec<Problem>) {
    let files: Vec<(FileId, &str)> = BUILTIN
        .iter()
        .map(|(path, text)| (db.add(*path, *text), *path))
        .collect();
    let db: &SourceDb = db;
    let compiled: Vec<Result<Rule, Vec<Problem>>> = files
        .par_iter()
        // Their regexes are compiled when first used: the test suite compiles each of them.
        .map(|&(file, path)| compile_file(db, file, path, true))
        .collect();
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for result in compiled {
        match result {
            Ok(rule) => rules.push(rule),
            Err(mut p) => problems.append(&mut p),
        }
    }
    (rules, problems)
}

/// Parses and compiles one rule file; `path` names it and gives the pack and rule name.
///
/// The kinds of events and the emitted fields a fact rule names are checked later, against
/// every loaded rule, by [`RuleSet::check_events`].
pub fn load_text(db: &mut SourceDb, path: &str, text: &str) -> Result<Rule, Vec<Problem>> {
    let file = db.add(path, text);
    compile_file(db, file, path, false)
}

/// Parses and compiles the rule file `file` of `db`, which `path` names; its regexes are
/// compiled when first used if `lazy`, else at once (and reported if they do not compile).
fn compile_file(db: &SourceDb, file: FileId, path: &str, lazy: bool) -> Result<Rule, Vec<Problem>> {
    let text = db.get(file).text();
    let p = Path::new(path);
    let name = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pack = p
        .parent()
        .and_then(|d| d.file_name())
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "custom".to_string());
    let (raw, errors) = raw::parse(text);
    let compiler = Compiler { db, file, path, lazy };
    let mut problems: Vec<Problem> = errors.into_iter().map(|e| compiler.raw_problem(e)).collect();
    let rule = compiler.compile(raw, pack, name, &mut problems);
    if problems.is_empty() {
        rule.ok_or_else(Vec::new)
    } else {
        problems.sort_by_key(|p| p.label.as_ref().map(|l| (l.span.start, l.span.end)));
        Err(problems)
    }
}

/// What a rule matches once compiled: token patterns with their syntax trees (which `emit`
/// reads), a query, or nothing when they did not compile.
enum Matcher {
    Tokens(Vec<(Pattern, TokenMatcher)>),
    Query(Box<FactQuery>),
    /// Neither compiled (or the rule has neither): what depends on them is not checked.
    Failed,
}

impl Matcher {
    fn query(&self) -> Option<&FactQuery> {
        match self {
            Matcher::Query(q) => Some(q),
            _ => None,
        }
    }

    /// The variables a template may name: those of the query, or those every token pattern
    /// binds.
    fn variables(&self) -> Vec<String> {
        match self {
            Matcher::Query(q) => q.variables().to_vec(),
            Matcher::Tokens(patterns) => match patterns.split_first() {
                Some(((_, first), rest)) => first
                    .variables()
                    .iter()
                    .filter(|v| rest.iter().all(|(_, m)| m.variable(v).is_some()))
                    .cloned()
                    .collect(),
                None => Vec::new(),
            },
            Matcher::Failed => Vec::new(),
        }
    }
}

/// What the templates, the fix, `primary` and `labels` of a rule may name: what its
/// patterns or query bind.
struct Bound<'m> {
    matcher: &'m Matcher,
    /// The variables every pattern binds, or the query's.
    vars: Vec<&'m str>,
    /// Whether the patterns or the query did not compile (or are missing): what they bind
    /// is then unknown.
    failed: bool,
}

/// The templates of a rule, parsed.
#[derive(Default)]
struct Templates {
    message: Template,
    label: Template,
    help: Option<Template>,
    fixes: Vec<Template>,
}

struct Compiler<'a> {
    db: &'a SourceDb,
    file: FileId,
    path: &'a str,
    /// Whether regexes are compiled when first used.
    lazy: bool,
}

impl Compiler<'_> {
    fn text(&self) -> &str {
        self.db.get(self.file).text()
    }

    fn problem(&self, span: Span, message: impl Into<String>, label: impl Into<String>) -> Problem {
        Problem::at(self.path, self.file, span, message, label)
    }

    /// A mistake in the shape of the file, located on char boundaries.
    fn raw_problem(&self, e: RawError) -> Problem {
        let span = e.span.clamp_to(self.text());
        let problem = self.problem(span, e.message, e.label);
        match e.note {
            Some(note) => problem.with_note(note),
            None => problem,
        }
    }

    /// The option `value` names among `options`; an unknown name is reported at its place,
    /// with the names expected, and gives `None`.
    fn one_of<T: Copy>(
        &self,
        value: &Spanned<String>,
        what: &str,
        options: &[(&str, T)],
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let found = options
            .iter()
            .find(|(name, _)| *name == value.get_ref().as_str())
            .map(|(_, v)| *v);
        if found.is_none() {
            let names: Vec<String> = options.iter().map(|(name, _)| format!("`{name}`")).collect();
            let expected = match names.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, init)) => format!("{} or {last}", init.join(", ")),
                None => String::new(),
            };
            problems.push(self.problem(
                Self::literal_span(value),
                format!("unknown {what} `{}`", value.get_ref()),
                format!("expected {expected}"),
            ));
        }
        found
    }

    fn literal_span<T>(value: &Spanned<T>) -> Span {
        Span::new(value.span().start, value.span().end)
    }

    /// Maps a span inside the string `value` to the file.
    fn inner_span(&self, value: &Spanned<String>, inner: Span) -> Span {
        let literal = Self::literal_span(value);
        let map = toml_string::offset_map(self.text(), literal, value.get_ref());
        toml_string::file_span(map.as_deref(), literal, inner)
    }

    /// Maps errors found inside the string `value` to the file.
    fn inner_problems(&self, value: &Spanned<String>, what: &str, errors: Vec<(Span, String)>) -> Vec<Problem> {
        let literal = Self::literal_span(value);
        let map = toml_string::offset_map(self.text(), literal, value.get_ref());
        errors
            .into_iter()
            .map(|(inner, message)| {
                let span = toml_string::file_span(map.as_deref(), literal, inner);
                self.problem(span, format!("{what}: {message}"), "here")
            })
            .collect()
    }

    /// Maps the spans of an event use found inside the string `value` to the file.
    fn event_use_in(&self, value: &Spanned<String>, u: EventUse) -> EventUse {
        match u {
            EventUse::Kind { name, span } => EventUse::Kind {
                name,
                span: self.inner_span(value, span),
            },
            EventUse::Field { event, path, spans } => EventUse::Field {
                event,
                path,
                spans: spans.into_iter().map(|s| self.inner_span(value, s)).collect(),
            },
        }
    }

    /// Compiles a rule file, step by step; every mistake goes to `problems`, and the rule is
    /// given back only when there is none.
    fn compile(&self, raw: RawRule, pack: String, name: String, problems: &mut Vec<Problem>) -> Option<Rule> {
        let anchor = raw.id.as_ref().map_or(Span::new(0, 0), Self::literal_span);
        self.check_id(&raw, &name, problems);
        let extraction = raw.emit.is_some() || raw.broken.contains(&"emit");
        let severity = self.severity(&raw, extraction, anchor, problems);
        if raw.message.is_none() && !raw.broken.contains(&"message") && !extraction {
            problems.push(self.problem(
                anchor,
                "this rule has no `message`",
                "add `message = \"…\"`: one sentence saying what is wrong",
            ));
        }
        let before = problems.len();
        let mut matcher = self.matcher(&raw, anchor, problems);
        let names = matcher.variables();
        let bound = Bound {
            matcher: &matcher,
            vars: names.iter().map(String::as_str).collect(),
            // When a pattern or query did not compile, what it binds is unknown: checking
            // templates against it would only repeat that mistake.
            failed: problems.len() > before || matches!(matcher, Matcher::Failed),
        };
        let mut event_uses = Vec::new();
        let (templates, labels) = self.templates(&raw, &bound, &mut event_uses, problems);
        let fixes = self.fixes(&raw, &templates.fixes, &bound, problems);
        let primary = self.primary(&raw, &bound, &mut event_uses, problems);
        let labels = self.labels(&raw, labels, &bound, &mut event_uses, problems);
        if !bound.failed {
            self.single_use_variables(&raw, &matcher, problems);
        }
        let hole_exprs = self.hole_exprs(&mut matcher, &templates, &labels);
        let report = self.report(&raw, problems);
        let focus_differences = raw
            .focus
            .as_ref()
            .and_then(|f| self.one_of(f, "focus", &[("differences", true)], problems))
            .unwrap_or(false);
        let emit = self.emit(&raw, &matcher, problems);
        let examples: Vec<Example> = raw.examples.into_iter().map(|e| self.example(e, problems)).collect();

        let kind = match (matcher, emit) {
            (Matcher::Query(query), None) => {
                if let Some(when) = &raw.when {
                    event_uses.extend(query.event_uses().iter().cloned().map(|u| self.event_use_in(when, u)));
                }
                RuleKind::Facts(Box::new(FactRule {
                    query: *query,
                    primary,
                    labels,
                    focus_differences,
                    hole_exprs,
                    event_uses,
                }))
            }
            (Matcher::Tokens(patterns), Some(emit)) => RuleKind::Extraction {
                patterns: patterns.into_iter().map(|(_, m)| m).collect(),
                emit,
            },
            (Matcher::Tokens(patterns), None) if !extraction => {
                RuleKind::Tokens(patterns.into_iter().map(|(_, m)| m).collect())
            }
            // Each mistake that leads here has been reported.
            _ => {
                if problems.is_empty() {
                    problems.push(self.problem(anchor, "this rule could not be compiled", "here"));
                }
                return None;
            }
        };
        if !problems.is_empty() {
            return None;
        }
        Some(Rule {
            id: format!("{pack}/{name}"),
            pack,
            name,
            severity,
            summary: raw.summary.map(Spanned::into_inner).unwrap_or_default(),
            doc: raw.doc.map(Spanned::into_inner).unwrap_or_default(),
            tags: raw.tags.into_iter().map(Spanned::into_inner).collect(),
            kind,
            report,
            message: templates.message,
            label: templates.label,
            help: templates.help,
            notes: raw.notes.into_iter().map(Spanned::into_inner).collect(),
            fixes,
            examples,
            file: self.file,
        })
    }

    /// The id is the file name, in kebab-case.
    fn check_id(&self, raw: &RawRule, name: &str, problems: &mut Vec<Problem>) {
        let Some(id) = &raw.id else { return };
        if id.get_ref() != name {
            problems.push(self.problem(
                Self::literal_span(id),
                format!(
                    "the rule id `{}` differs from the file name `{name}.toml`",
                    id.get_ref()
                ),
                "rename the file or change the id",
            ));
        } else if !is_kebab_case(name) {
            problems.push(self.problem(
                Self::literal_span(id),
                format!("rule id `{name}` is not kebab-case"),
                "use lowercase words joined by `-`, named after the problem",
            ));
        }
    }

    /// The severity; an extraction rule creates facts and reports nothing, so it needs none.
    fn severity(&self, raw: &RawRule, extraction: bool, anchor: Span, problems: &mut Vec<Problem>) -> Severity {
        let severities = [
            ("error", Severity::Error),
            ("warning", Severity::Warning),
            ("info", Severity::Info),
        ];
        match &raw.severity {
            Some(s) => self
                .one_of(s, "severity", &severities, problems)
                .unwrap_or(Severity::Warning),
            None if extraction => Severity::Info,
            None if raw.broken.contains(&"severity") => Severity::Warning,
            None => {
                problems.push(self.problem(
                    anchor,
                    "this rule has no `severity`",
                    "add `severity = \"error\"`, `\"warning\"` or `\"info\"`",
                ));
                Severity::Warning
            }
        }
    }

    /// Compiles `patterns` or `when`: a rule has one of them.
    fn matcher(&self, raw: &RawRule, anchor: Span, problems: &mut Vec<Problem>) -> Matcher {
        let broken = raw.broken.contains(&"patterns") || raw.broken.contains(&"when");
        match (&raw.when, raw.patterns.is_empty()) {
            (Some(when), false) => {
                problems.push(self.problem(
                    Self::literal_span(when),
                    "a rule has `patterns` or `when`, not both",
                    "split it into two rules",
                ));
                Matcher::Failed
            }
            (None, true) if broken => Matcher::Failed,
            (None, true) => {
                problems.push(self.problem(
                    anchor,
                    "this rule has neither `patterns` nor `when`, so it can never match",
                    "add `patterns = ['…']` (words) or `when = '…'` (facts)",
                ));
                Matcher::Failed
            }
            (Some(when), true) => match parse_query(when.get_ref()).and_then(|q| {
                if self.lazy {
                    FactQuery::compile_lazily(&q)
                } else {
                    FactQuery::compile(&q)
                }
            }) {
                Ok(q) => Matcher::Query(Box::new(q)),
                Err(errors) => {
                    problems.extend(self.inner_problems(when, "invalid query", lang_errors(errors)));
                    Matcher::Failed
                }
            },
            (None, false) => {
                let mut patterns = Vec::new();
                let mut failed = false;
                for src in &raw.patterns {
                    let compiled = parse_token_pattern(src.get_ref()).and_then(|p| {
                        let m = if self.lazy {
                            TokenMatcher::compile_lazily(&p)
                        } else {
                            TokenMatcher::compile(&p)
                        };
                        m.map(|m| (p, m))
                    });
                    match compiled {
                        Ok(pm) => patterns.push(pm),
                        Err(errors) => {
                            failed = true;
                            problems.extend(self.inner_problems(src, "invalid pattern", lang_errors(errors)))
                        }
                    }
                }
                if failed {
                    Matcher::Failed
                } else {
                    Matcher::Tokens(patterns)
                }
            }
        }
    }

    /// Parses the message, label, help and fix templates and the label templates, checking
    /// their holes against what the rule binds (unless the matcher failed, which would only
    /// repeat its mistakes); adds the event fields the holes name to `event_uses`.
    fn templates(
        &self,
        raw: &RawRule,
        bound: &Bound<'_>,
        event_uses: &mut Vec<EventUse>,
        problems: &mut Vec<Problem>,
    ) -> (Templates, Vec<(String, Template)>) {
        let (matcher, vars) = (bound.matcher, bound.vars.as_slice());
        let found = RefCell::new(Found::default());
        let parse = |value: &Spanned<String>, what: &str| {
            let check = |hole: &str, span: Span| -> Result<(), String> {
                let uses = check_hole(hole, vars, matcher.query())?;
                let span = self.inner_span(value, span);
                found
                    .borrow_mut()
                    .event_uses
                    .extend(uses.into_iter().map(|u| at_span(u, span)));
                Ok(())
            };
            match Template::parse(value.get_ref(), &check) {
                Ok(t) => t,
                Err(_) if bound.failed => Template::default(),
                Err(errors) => {
                    let problems = self.inner_problems(value, what, template_errors(errors));
                    found.borrow_mut().problems.extend(problems);
                    Template::default()
                }
            }
        };
        let templates = Templates {
            message: raw
                .message
                .as_ref()
                .map(|m| parse(m, "invalid message"))
                .unwrap_or_default(),
            label: raw
                .label
                .as_ref()
                .map(|l| parse(l, "invalid label"))
                .unwrap_or_default(),
            help: raw.help.as_ref().map(|h| parse(h, "invalid help")),
            fixes: raw.fix.iter().map(|f| parse(&f.replacement, "invalid fix")).collect(),
        };
        // The label templates of the facts the query binds; `labels` reports the others.
        let labels = match matcher.query() {
            Some(q) => raw
                .labels
                .iter()
                .filter(|(name, _)| q.bindings().any(|b| Some(b) == name.split('.').next()))
                .map(|(name, value)| (name.clone(), parse(value, "invalid label")))
                .collect(),
            None => Vec::new(),
        };
        let found = found.into_inner();
        problems.extend(found.problems);
        event_uses.extend(found.event_uses);
        (templates, labels)
    }

    /// The `[fix]` or `[[fix]]` tables: `at` names a variable of a token rule that some
    /// pattern binds; a fix without `at` takes every match, so none may follow it.
    fn fixes(
        &self,
        raw: &RawRule,
        replacements: &[Template],
        bound: &Bound<'_>,
        problems: &mut Vec<Problem>,
    ) -> Vec<FixTemplate> {
        let mut fixes = Vec::new();
        let mut catch_all = false;
        for (f, replacement) in raw.fix.iter().zip(replacements) {
            if catch_all {
                problems.push(self.problem(
                    Self::literal_span(&f.replacement),
                    "this fix is never used: a fix before it without `at` takes every match",
                    "give the fixes before it an `at`, or remove this one",
                ));
            }
            let at = f.at.as_ref().map(|a| a.get_ref().trim_start_matches('?').to_string());
            catch_all |= at.is_none();
            if let (Some(at_raw), Some(at)) = (&f.at, &at) {
                if raw.when.is_some() {
                    problems.push(self.problem(
                        Self::literal_span(at_raw),
                        "`at` is for token rules; a fact rule's fix replaces the words of its primary label",
                        "remove `at`, or choose the words with `primary`",
                    ));
                } else if let Matcher::Tokens(patterns) = bound.matcher
                    && !patterns.iter().any(|(_, m)| m.variable(at).is_some())
                {
                    // Patterns that did not compile are reported; what they bind is unknown.
                    problems.push(self.problem(
                        Self::literal_span(at_raw),
                        format!("the fix replaces `?{at}`, which no pattern binds"),
                        "name a variable the patterns capture",
                    ));
                }
            }
            let safeties = [("safe", Safety::Safe), ("unsafe", Safety::Unsafe)];
            let safety = f
                .safety
                .as_ref()
                .and_then(|s| self.one_of(s, "fix safety", &safeties, problems))
                .unwrap_or(Safety::Unsafe);
            fixes.push(FixTemplate {
                at,
                replacement: replacement.clone(),
                safety,
            });
        }
        fixes
    }

    /// `primary`: a bound fact of the query, or a field of one.
    fn primary(
        &self,
        raw: &RawRule,
        bound: &Bound<'_>,
        event_uses: &mut Vec<EventUse>,
        problems: &mut Vec<Problem>,
    ) -> Option<(String, Vec<String>)> {
        let p = raw.primary.as_ref()?;
        let Some(q) = bound.matcher.query() else {
            // A query that did not compile is reported; `primary` is checked with it.
            if raw.when.is_none() && !bound.failed {
                problems.push(self.problem(
                    Self::literal_span(p),
                    "`primary` is for rules with a `when` query",
                    "a token rule's label covers its match",
                ));
            }
            return None;
        };
        let mut path: Vec<String> = p.get_ref().split('.').map(str::to_string).collect();
        let head = path.remove(0);
        if !q.bindings().any(|b| b == head) {
            problems.push(self.problem(
                Self::literal_span(p),
                format!("`primary` must name a bound fact or a field of one; `{head}` is not bound"),
                format!(
                    "the query binds {}",
                    q.bindings().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(", ")
                ),
            ));
        } else {
            match check_hole(p.get_ref(), &bound.vars, Some(q)) {
                Ok(uses) => event_uses.extend(uses.into_iter().map(|u| at_span(u, Self::literal_span(p)))),
                Err(message) => problems.push(self.problem(Self::literal_span(p), message, "here")),
            }
        }
        Some((head, path))
    }

    /// `labels.b = "…"`: each names a bound fact, or a field of one; ordered as the query
    /// binds the facts, so that output is stable.
    fn labels(
        &self,
        raw: &RawRule,
        mut parsed: Vec<(String, Template)>,
        bound: &Bound<'_>,
        event_uses: &mut Vec<EventUse>,
        problems: &mut Vec<Problem>,
    ) -> Vec<(String, Template)> {
        for (name, value) in &raw.labels {
            match bound.matcher.query() {
                Some(q) if q.bindings().any(|b| Some(b) == name.split('.').next()) => {
                    match check_hole(name, &bound.vars, Some(q)) {
                        Ok(uses) => event_uses.extend(uses.into_iter().map(|u| at_span(u, Self::literal_span(value)))),
                        Err(message) => problems.push(self.problem(
                            Self::literal_span(value),
                            format!("`labels.{name}`: {message}"),
                            "here",
                        )),
                    }
                }
                Some(q) => problems.push(self.problem(
                    Self::literal_span(value),
                    format!("`labels.{name}` names no bound fact"),
                    format!(
                        "the query binds {}",
                        q.bindings().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(", ")
                    ),
                )),
                None if bound.failed => {}
                None => problems.push(self.problem(
                    Self::literal_span(value),
                    "`labels` is for rules with a `when` query",
                    "a token rule has one label: `label`",
                )),
            }
        }
        if let Some(q) = bound.matcher.query() {
            let order: Vec<&str> = q.bindings().collect();
            parsed.sort_by_key(|(name, _)| order.iter().position(|b| Some(*b) == name.split('.').next()));
        }
        parsed
    }

    /// A variable the query writes once, and no template names, is almost always a typo.
    fn single_use_variables(&self, raw: &RawRule, matcher: &Matcher, problems: &mut Vec<Problem>) {
        let (Some(q), Some(when)) = (matcher.query(), &raw.when) else {
            return;
        };
        let mut text_uses = String::new();
        for t in [raw.message.as_ref(), raw.label.as_ref(), raw.help.as_ref()]
            .into_iter()
            .flatten()
            .chain(raw.labels.values())
        {
            text_uses.push_str(t.get_ref());
        }
        for (var, (span, uses)) in q.variables().iter().zip(q.variable_uses()) {
            if *uses == 1 && !mentions_variable(&text_uses, var) {
                problems.extend(self.inner_problems(
                    when,
                    "invalid query",
                    vec![(
                        *span,
                        format!(
                            "`?{var}` is used only once; use the variable again (in another pattern, a condition or a template), or write `any` to require the field"
                        ),
                    )],
                ));
            }
        }
    }

    /// The expressions in template holes, parsed for evaluation: they were checked with the
    /// templates.
    fn hole_exprs(
        &self,
        matcher: &mut Matcher,
        templates: &Templates,
        labels: &[(String, Template)],
    ) -> HashMap<String, Expr> {
        let mut hole_exprs = HashMap::new();
        let Matcher::Query(q) = matcher else {
            return hole_exprs;
        };
        let all = [
            Some(&templates.message),
            Some(&templates.label),
            templates.help.as_ref(),
        ]
        .into_iter()
        .flatten()
        .chain(labels.iter().map(|(_, t)| t));
        for hole in all.flat_map(Template::holes) {
            if hole.contains('(')
                && !hole_exprs.contains_key(hole)
                && let Ok(expr) = lang::parse_expr(hole)
            {
                q.add_expr(&expr);
                hole_exprs.insert(hole.to_string(), expr);
            }
        }
        hole_exprs
    }

    fn report(&self, raw: &RawRule, problems: &mut Vec<Problem>) -> Report {
        let reports = [
            ("all", Report::All),
            ("first-per-article", Report::FirstPerArticle),
            ("first-per-message", Report::FirstPerMessage),
            ("first-per-span", Report::FirstPerSpan),
            ("once-per-message", Report::OncePerMessage),
        ];
        raw.report
            .as_ref()
            .and_then(|r| self.one_of(r, "report mode", &reports, problems))
            .unwrap_or(Report::All)
    }

    /// `emit`: the event each match of the token patterns creates.
    fn emit(&self, raw: &RawRule, matcher: &Matcher, problems: &mut Vec<Problem>) -> Option<Emit> {
        let e = raw.emit.as_ref()?;
        if raw.when.is_some() {
            problems.push(self.problem(
                Self::literal_span(e),
                "`emit` creates facts from token `patterns`, not from a `when` query",
                "write the patterns that find the event",
            ));
            return None;
        }
        // Patterns that did not compile are reported; what they capture is unknown.
        let Matcher::Tokens(patterns) = matcher else {
            return None;
        };
        let trees: Vec<&Pattern> = patterns.iter().map(|(p, _)| p).collect();
        match compile_emit(e.get_ref(), &trees) {
            Ok(emit) => Some(emit),
            Err(errors) => {
                problems.extend(self.inner_problems(e, "invalid emit", lang_errors(errors)));
                None
            }
        }
    }

    /// One `[[example]]`: its articles, with their dates and roles checked.
    fn example(&self, e: RawExample, problems: &mut Vec<Problem>) -> Example {
        let date = |d: &Option<Spanned<String>>, problems: &mut Vec<Problem>| {
            let d = d.as_ref()?;
            let parsed = crate::article::parse_date(d.get_ref());
            if parsed.is_none() {
                problems.push(self.problem(
                    Self::literal_span(d),
                    format!("`{}` is not a date", d.get_ref()),
                    "write it as YYYY-MM-DD",
                ));
            }
            parsed
        };
        let mut articles = Vec::new();
        let span = match (&e.text, e.articles.is_empty()) {
            (Some(text), true) => {
                articles.push(ExampleArticle {
                    text: text.get_ref().clone(),
                    source: "example".into(),
                    date: date(&e.date, problems),
                    role: crate::article::Role::Draft,
                });
                Self::literal_span(text)
            }
            (None, false) => {
                for (i, a) in e.articles.iter().enumerate() {
                    let roles = [
                        ("draft", crate::article::Role::Draft),
                        ("reference", crate::article::Role::Reference),
                    ];
                    let role = a
                        .role
                        .as_ref()
                        .and_then(|r| self.one_of(r, "role", &roles, problems))
                        .unwrap_or(crate::article::Role::Draft);
                    articles.push(ExampleArticle {
                        text: a.text.get_ref().clone(),
                        source: a
                            .source
                            .as_ref()
                            .map_or_else(|| format!("article {}", i + 1), |s| s.get_ref().clone()),
                        date: date(&a.date, problems),
                        role,
                    });
                }
                Self::literal_span(&e.articles[0].text)
            }
            (Some(text), false) => {
                problems.push(self.problem(
                    Self::literal_span(text),
                    "an example has a `text` or `[[example.article]]` tables, not both",
                    "keep one",
                ));
                Self::literal_span(text)
            }
            (None, true) => {
                // An example whose articles could not be read has had its mistake reported.
                if !e.broken {
                    problems.push(self.problem(
                        Self::literal_span(&e.flagged),
                        "this example has no article",
                        "add `text = '…'` or `[[example.article]]` tables",
                    ));
                }
                Self::literal_span(&e.flagged)
            }
        };
        for flagged in e.flagged.get_ref() {
            if !e.broken && !articles.iter().any(|a| a.text.contains(flagged.as_str())) {
                problems.push(self.problem(
                    Self::literal_span(&e.flagged),
                    format!("no article of the example contains `{flagged}`"),
                    "each entry must be words of an article",
                ));
            }
        }
        Example {
            articles,
            flagged: e.flagged.into_inner(),
            fixed: e.fixed.map(Spanned::into_inner),
            span,
        }
    }
}

/// Mistakes found in templates, and the event fields their holes name.
#[derive(Default)]
struct Found {
    problems: Vec<Problem>,
    event_uses: Vec<EventUse>,
}

/// `u` located at `span` in the rule file: a use written in a template hole, `primary` or a
/// label's key, which is pointed at as a whole.
fn at_span(u: EventUse, span: Span) -> EventUse {
    match u {
        EventUse::Kind { name, .. } => EventUse::Kind { name, span },
        EventUse::Field { event, path, spans } => EventUse::Field {
            event,
            spans: vec![span; spans.len().max(path.len())],
            path,
        },
    }
}

/// Whether a template hole names something the rule binds: `match`, a variable, or (in a
/// fact rule) the bound fact or one of its fields. Gives the event fields it names, which
/// are checked once every rule is loaded.
fn check_hole(hole: &str, vars: &[&str], query: Option<&FactQuery>) -> Result<Vec<EventUse>, String> {
    if hole == "match" {
        return Ok(Vec::new());
    }
    if let (Some(q), true) = (query, hole.contains('(')) {
        let (errors, uses) = match lang::parse_expr(hole) {
            Ok(expr) => q.validate_expr(&expr),
            Err(errors) => (errors, Vec::new()),
        };
        return match errors.first() {
            None => Ok(uses),
            Some(e) => Err(format!("in `{{{hole}}}`: {}", e.message)),
        };
    }
    let bound = |vars: &[&str]| {
        if vars.is_empty() {
            "the rule binds no variable".to_string()
        } else {
            format!(
                "the rule binds {}",
                vars.iter().map(|v| format!("`?{v}`")).collect::<Vec<_>>().join(", ")
            )
        }
    };
    if let Some(var) = hole.strip_prefix('?') {
        return if vars.contains(&var) {
            Ok(Vec::new())
        } else if query.is_some() {
            Err(format!("`?{var}` is not bound by the query; {}", bound(vars)))
        } else {
            Err(format!(
                "`?{var}` is not bound by every pattern of this rule; {}",
                bound(vars)
            ))
        };
    }
    let mut path = hole.split('.');
    let head = path.next().unwrap_or("");
    let path: Vec<Key> = path.map(Key::from).collect();
    match query {
        Some(q) => match q.kind_of(head) {
            Some(kind) => match query::check_path(kind, &path) {
                Ok(FieldPath::Known(_)) => Ok(Vec::new()),
                Ok(FieldPath::Emitted) => Ok(vec![EventUse::Field {
                    event: q.event_of(head).map(str::to_string),
                    spans: vec![Span::default(); path.len()],
                    path,
                }]),
                Err((_, message)) => Err(message),
            },
            None => Err(format!(
                "unknown placeholder `{{{hole}}}`; use `{{match}}`, `{{?variable}}`, or a bound fact and its fields ({})",
                q.bindings()
                    .map(|b| format!("`{{{b}.text}}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
        None => Err(format!(
            "unknown placeholder `{{{hole}}}`; use `{{match}}` or `{{?variable}}`, and `{{{{` for a literal brace"
        )),
    }
}

/// Whether `text` writes the variable `?var` (and not a longer name that starts with it).
fn mentions_variable(text: &str, var: &str) -> bool {
    let needle = format!("?{var}");
    text.match_indices(&needle).any(|(i, _)| {
        !text[i + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

/// Checks an `emit` string: one `event(event: "…", field: ?var or literal, …)` whose
/// variables are captured by the patterns (`patterns`, their syntax trees). Gives the emit
/// with the shape of its events: their kinds (the words a captured kind can be, when they
/// are a closed list) and the types of their fields.
fn compile_emit(src: &str, patterns: &[&Pattern]) -> Result<Emit, Vec<LangError>> {
    use lang::ast::ValuePattern;
    let query = parse_query(src)?;
    let mut errors = Vec::new();
    let err = |errors: &mut Vec<LangError>, span: Span, message: String| errors.push(LangError { span, message });
    let Some(pattern) = query.patterns.first() else {
        return Err(vec![LangError {
            span: Span::new(0, src.len()),
            message: "`emit` needs a fact pattern: `event(event: \"death\", subject: ?p)`".into(),
        }]);
    };
    if query.patterns.len() > 1 || !query.conditions.is_empty() || pattern.negated {
        err(
            &mut errors,
            Span::new(0, src.len()),
            "`emit` creates one fact: write one `event(…)`".into(),
        );
    }
    if pattern.kind != "event" {
        err(
            &mut errors,
            pattern.kind_span,
            format!("rules emit `event` facts, not `{}`", pattern.kind),
        );
    }
    let captured: Vec<&str> = patterns.iter().flat_map(|p| p.captures()).collect();
    let event_kind = schema::kind("event");
    let mut event = None;
    let mut event_from = None;
    let mut fields = Vec::new();
    let mut types = Vec::new();
    for c in &pattern.constraints {
        let field = c.path.join(".");
        if c.path.len() > 1 {
            err(&mut errors, c.path_span, "an emitted field is a plain name".into());
        }
        let value = match &c.value {
            ValuePattern::Var { name, span } => {
                if !captured.contains(&name.as_str()) {
                    err(
                        &mut errors,
                        *span,
                        format!("`?{name}` is not captured by any pattern of this rule"),
                    );
                }
                EmitValue::Capture(name.clone())
            }
            ValuePattern::Str(s) => EmitValue::Literal(crate::value::Value::from(s.as_str())),
            ValuePattern::Num(n) => EmitValue::Literal(crate::value::Value::from(*n)),
            ValuePattern::Bool(b) => EmitValue::Literal(crate::value::Value::from(*b)),
            ValuePattern::None | ValuePattern::Any => {
                err(
                    &mut errors,
                    c.path_span,
                    "an emitted field needs a value: a captured variable or a literal".into(),
                );
                continue;
            }
        };
        match (field.as_str(), value) {
            ("event", EmitValue::Literal(crate::value::Value::String(s))) => event = Some(s.to_string()),
            ("event", EmitValue::Capture(var)) => event_from = Some(var),
            ("event", _) => err(
                &mut errors,
                c.path_span,
                "the kind of event is a string or a captured variable: `event: \"death\"`, `event: ?verb`".into(),
            ),
            ("kind", _) => err(
                &mut errors,
                c.path_span,
                "every event's `kind` is \"event\"; the kind of event is the field `event`: `event(event: \"death\", …)`"
                    .into(),
            ),
            (name, _) if event_kind.is_some_and(|k| k.field(name).is_some()) => err(
                &mut errors,
                c.path_span,
                format!("`{name}` is given to every event by factlint; emit a field of another name"),
            ),
            (_, value) => {
                types.push((field.clone(), emitted_type(&value, patterns)));
                fields.push((field, value));
            }
        }
    }
    let Some(event) = event.or_else(|| event_from.as_ref().map(|_| String::new())) else {
        err(
            &mut errors,
            pattern.span,
            "an emitted event needs a kind: `event(event: \"death\", …)`".into(),
        );
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    // The kinds of event: the one written, or every wording the captured words can take,
    // unless they are not a closed list.
    let kinds = match &event_from {
        None => Some(vec![event.clone()]),
        Some(var) => patterns
            .iter()
            .filter(|p| p.captures().contains(&var.as_str()))
            .map(|p| p.capture_words(var))
            .try_fold(Vec::new(), |mut all, words| {
                all.extend(words?);
                Some(all)
            }),
    };
    Ok(Emit {
        event,
        event_from,
        fields,
        shape: EventShape { kinds, fields: types },
    })
}

/// The type of an emitted field: a literal's, or what a capture holds (the fact of the class
/// every pattern captures it as, or any fact or words).
fn emitted_type(value: &EmitValue, patterns: &[&Pattern]) -> Type {
    match value {
        EmitValue::Literal(crate::value::Value::Bool(_)) => Type::Bool,
        EmitValue::Literal(crate::value::Value::Number(_)) => Type::Number,
        EmitValue::Literal(_) => Type::Text,
        EmitValue::Capture(var) => {
            let mut classes = patterns
                .iter()
                .filter(|p| p.captures().contains(&var.as_str()))
                .map(|p| p.capture_class(var).map(|c| c.fact().0));
            let first = classes.next().flatten();
            Type::Captured(first.filter(|k| classes.all(|c| c == Some(k))))
        }
    }
}

fn lang_errors(errors: Vec<LangError>) -> Vec<(Span, String)> {
    errors.into_iter().map(|e| (e.span, e.message)).collect()
}

fn template_errors(errors: Vec<TemplateError>) -> Vec<(Span, String)> {
    errors.into_iter().map(|e| (e.span, e.message)).collect()
}

fn is_kebab_case(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token and extraction pattern of the built-in rules works out how long a match
    /// may be when compiled as it does whole (see the matcher's test of the same name).
    #[test]
    fn the_longest_match_worked_out_when_compiled_is_the_pattern_s() {
        let mut db = SourceDb::new();
        let (rules, problems) = load_builtin(&mut db);
        assert!(problems.is_empty(), "{problems:?}");
        let patterns: Vec<&TokenMatcher> = rules.iter().flat_map(Rule::patterns).collect();
        assert!(patterns.len() > 40, "{} patterns", patterns.len());
        assert!(patterns.iter().all(|m| m.longest_is_worked_out_whole()));
        let with_facts = patterns.iter().filter(|m| m.longest_depends_on_facts()).count();
        assert!(with_facts >= 5, "patterns with fact classes: {with_facts}");
    }

    #[test]
    fn every_built_in_expression_is_parsed_when_factlint_is_built_to_the_tree_it_parses_to() {
        use lang::parsed::Entry;
        #[derive(Debug, PartialEq)]
        enum Tree {
            Pattern(Pattern),
            Query(lang::ast::Query),
        }
        let mut texts = std::collections::HashSet::new();
        for (path, text) in BUILTIN {
            let (raw, errors) = raw::parse(text);
            assert!(errors.is_empty(), "{path}: {errors:?}");
            let texts_of = raw.patterns.iter().map(|p| (Entry::TokenPattern, p));
            for (entry, src) in texts_of.chain(raw.when.iter().chain(&raw.emit).map(|q| (Entry::Query, q))) {
                let src = src.get_ref();
                let (built, parsed) = match entry {
                    Entry::TokenPattern => (
                        PARSED.token_pattern(src).map(Tree::Pattern),
                        lang::parse_token_pattern(src).map(Tree::Pattern),
                    ),
                    Entry::Query => (
                        PARSED.query(src).map(Tree::Query),
                        lang::parse_query(src).map(Tree::Query),
                    ),
                };
                assert!(
                    built.is_some(),
                    "{path}: {entry:?} {src:?} was parsed when factlint was built"
                );
                assert_eq!(built.map(Ok), Some(parsed), "{path}: {src:?}");
                texts.insert(src.clone());
            }
        }
        // Nothing else: no query text is also a pattern's.
        assert_eq!(PARSED.len(), texts.len());
        // Another text is parsed as it is written.
        assert_eq!(PARSED.token_pattern("(was | were) killed"), None);
        assert!(parse_token_pattern("(was | were) killed").is_ok());
        assert!(parse_query("date( as d").is_err());
    }

    #[test]
    fn a_rule_lists_the_regexes_of_its_patterns_and_of_its_query() {
        let (rules, problems) = load_builtin(&mut SourceDb::new());
        assert!(problems.is_empty(), "{problems:?}");
        let regexes = |id: &str| {
            rules
                .iter()
                .find(|r| r.id == id)
                .map(Rule::regexes)
                .expect("a built-in rule")
        };
        // A token rule: the glued words a match starts with, then the names it must not be
        // (a lookahead).
        let glued = regexes("hygiene/glued-words");
        assert_eq!(glued.len(), 2);
        assert!(glued[0].is_match("PompeoUS") && !glued[0].is_match("McDonald"));
        assert!(glued[1].is_match("McDonald") && !glued[1].is_match("PompeoUS"));
        // A fact rule: the regex of its `matches` condition.
        let anonymous = regexes("attribution/anonymous-source-without-reason");
        assert_eq!(anonymous.len(), 1);
        assert!(anonymous[0].is_match("two sources familiar with the talks"));
        // A rule without any.
        assert!(regexes("hygiene/doubled-word").is_empty());
    }

    #[test]
    fn built_in_rules_compiled_in_parallel_come_in_their_order_with_their_files_and_compile_at_once() {
        let mut db = SourceDb::new();
        let (rules, problems) = load_builtin(&mut db);
        assert!(problems.is_empty(), "built-in rules load");
        let files: Vec<(&str, &str)> = rules
            .iter()
            .map(|r| (db.get(r.file).name(), db.get(r.file).text()))
            .collect();
        let expected: Vec<(&str, &str)> = BUILTIN.iter().map(|(path, text)| (*path, *text)).collect();
        assert_eq!(files, expected);
        // Loaded so, their regexes wait to be used: each must compile.
        for (path, text) in BUILTIN {
            let loaded = load_text(&mut SourceDb::new(), path, text);
            assert!(loaded.is_ok(), "{path}: every regex compiles: {:?}", loaded.err());
        }
        for rule in &rules {
            let stem = Path::new(db.get(rule.file).name()).file_stem().and_then(|s| s.to_str());
            assert!(
                stem.is_some_and(|stem| rule.id.ends_with(stem)),
                "{} in {}",
                rule.id,
                db.get(rule.file).name()
            );
        }
    }

    #[test]
    fn the_built_in_events_are_those_of_every_built_in_extraction_rule() {
        let mut db = SourceDb::new();
        let (rules, problems) = load_builtin(&mut db);
        assert!(problems.is_empty(), "built-in rules load");
        let all: Vec<&EventShape> = rules.iter().filter_map(Rule::emit).map(|e| &e.shape).collect();
        let events: Vec<&EventShape> = builtin_events().shapes.iter().collect();
        assert!(!events.is_empty(), "the events pack makes events");
        assert_eq!(events, all, "every built-in extraction rule lies in {EVENTS_PACK}");
    }
}

//! Rules: loading rule files (built-in and the user's), and compiling them.
//!
//! A rule file is read into [`raw::RawRule`], which mirrors the file, then compiled into
//! a [`Rule`]. Compilation reports every problem of a file at once, each pointing at the
//! exact character in the file, inside the TOML string when that is where the mistake is.

pub mod raw;
pub mod template;
pub mod toml_string;

use std::collections::HashMap;
use std::path::Path;

use toml::Spanned;

use crate::diagnostic::{Problem, Safety, Severity};
use crate::lang::ast::Expr;
use crate::lang::{self, LangError};
use crate::matcher::TokenMatcher;
use crate::query::{self, FactQuery};
use crate::source::{FileId, SourceDb};
use crate::span::Span;
use raw::{RawExample, RawRule};
use template::{Template, TemplateError};

/// The built-in rule files: `(path, contents)`, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

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
    /// Token patterns (empty for a fact rule).
    pub patterns: Vec<TokenMatcher>,
    /// The fact query of a fact rule.
    pub query: Option<FactQuery>,
    /// For a fact rule: the bound fact the primary label points at, and the path inside it
    /// whose span the label covers.
    pub primary: Option<(String, Vec<String>)>,
    /// For a fact rule: the secondary labels, by the bound fact (or the field of one, `b.source_of`)
    /// whose span they cover.
    pub labels: Vec<(String, Template)>,
    /// Which matches become diagnostics.
    pub report: Report,
    /// For a fact rule comparing two quotations (`focus = "differences"`): the labels cover
    /// the words that differ between the primary fact and each labelled one, not the whole
    /// quotations.
    pub focus_differences: bool,
    /// For an extraction rule: the fact each match creates (the rule reports nothing).
    pub emit: Option<Emit>,
    /// The expressions written in template holes (`{diff(a.text, b.text)}`), by their text.
    pub hole_exprs: HashMap<String, Expr>,
    /// Message template.
    pub message: Template,
    /// Primary label template.
    pub label: Template,
    /// Advice template.
    pub help: Option<Template>,
    /// Notes.
    pub notes: Vec<String>,
    /// Repair template.
    pub fix: Option<FixTemplate>,
    /// The rule's own tests.
    pub examples: Vec<Example>,
    /// The rule file in the source database.
    pub file: FileId,
}

/// What an extraction rule creates from each match: an `event` fact.
#[derive(Debug)]
pub struct Emit {
    /// The kind of event: `death`, `attack`… (empty when `event_from` names it).
    pub event: String,
    /// A captured variable whose words, in lower case, name the kind of each event
    /// (`kind: ?v` for "sentenced", "capsized").
    pub event_from: Option<String>,
    /// The event's other fields: a captured variable, or a literal.
    pub fields: Vec<(String, EmitValue)>,
}

/// The value of a field of an emitted event.
#[derive(Debug)]
pub enum EmitValue {
    /// The words, or the fact, a variable captured.
    Capture(String),
    /// A literal.
    Literal(serde_json::Value),
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
    /// The variable whose words are replaced; the whole match when `None`.
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
}

/// Loads the built-in rules.
pub fn load_builtin(db: &mut SourceDb) -> (Vec<Rule>, Vec<Problem>) {
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in BUILTIN {
        match load_text(db, path, text) {
            Ok(rule) => rules.push(rule),
            Err(mut p) => problems.append(&mut p),
        }
    }
    (rules, problems)
}

/// Parses and compiles one rule file; `path` names it and gives the pack and rule name.
pub fn load_text(db: &mut SourceDb, path: &str, text: &str) -> Result<Rule, Vec<Problem>> {
    let file = db.add(path, text);
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
    let raw: RawRule = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e
                .span()
                .map(|r| Span::new(r.start, r.end.max(r.start)))
                .unwrap_or_default();
            let span = clamp_to_chars(text, span);
            let message = e.message().trim().to_string();
            return Err(vec![Problem::at(
                path,
                file,
                span,
                format!("invalid rule file: {message}"),
                "here",
            )]);
        }
    };
    Compiler { db, file, path }.compile(raw, pack, name)
}

fn clamp_to_chars(text: &str, span: Span) -> Span {
    let start = crate::source::floor_char_boundary(text, span.start);
    let end = crate::source::floor_char_boundary(text, span.end).max(start);
    Span::new(start, end)
}

struct Compiler<'a> {
    db: &'a SourceDb,
    file: FileId,
    path: &'a str,
}

impl Compiler<'_> {
    fn text(&self) -> &str {
        self.db.get(self.file).text()
    }

    fn problem(&self, span: Span, message: impl Into<String>, label: impl Into<String>) -> Problem {
        Problem::at(self.path, self.file, span, message, label)
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

    fn compile(&self, raw: RawRule, pack: String, name: String) -> Result<Rule, Vec<Problem>> {
        let mut problems = Vec::new();

        if raw.id.get_ref() != &name {
            problems.push(self.problem(
                Self::literal_span(&raw.id),
                format!(
                    "the rule id `{}` differs from the file name `{name}.toml`",
                    raw.id.get_ref()
                ),
                "rename the file or change the id",
            ));
        } else if !is_kebab_case(&name) {
            problems.push(self.problem(
                Self::literal_span(&raw.id),
                format!("rule id `{name}` is not kebab-case"),
                "use lowercase words joined by `-`, named after the problem",
            ));
        }

        // An extraction rule creates facts and reports nothing: it needs no severity or message.
        let extraction = raw.emit.is_some();
        let severities = [
            ("error", Severity::Error),
            ("warning", Severity::Warning),
            ("info", Severity::Info),
        ];
        let severity = match &raw.severity {
            Some(s) => self
                .one_of(s, "severity", &severities, &mut problems)
                .unwrap_or(Severity::Warning),
            None if extraction => Severity::Info,
            None => {
                problems.push(self.problem(
                    Self::literal_span(&raw.id),
                    "this rule has no `severity`",
                    "add `severity = \"error\"`, `\"warning\"` or `\"info\"`",
                ));
                Severity::Warning
            }
        };
        if raw.message.is_none() && !extraction {
            problems.push(self.problem(
                Self::literal_span(&raw.id),
                "this rule has no `message`",
                "add `message = \"…\"`: one sentence saying what is wrong",
            ));
        }

        let problems_before_patterns = problems.len();
        let mut patterns = Vec::new();
        let mut query = None;
        match (&raw.when, raw.patterns.is_empty()) {
            (Some(when), false) => problems.push(self.problem(
                Self::literal_span(when),
                "a rule has `patterns` or `when`, not both",
                "split it into two rules",
            )),
            (None, true) => problems.push(self.problem(
                Self::literal_span(&raw.id),
                "this rule has neither `patterns` nor `when`, so it can never match",
                "add `patterns = ['…']` (words) or `when = '…'` (facts)",
            )),
            (Some(when), true) => match lang::parse_query(when.get_ref()).and_then(|q| FactQuery::compile(&q)) {
                Ok(q) => query = Some(q),
                Err(errors) => problems.extend(self.inner_problems(when, "invalid query", lang_errors(errors))),
            },
            (None, false) => {
                for src in &raw.patterns {
                    let compiled = lang::parse_token_pattern(src.get_ref()).and_then(|p| TokenMatcher::compile(&p));
                    match compiled {
                        Ok(m) => patterns.push(m),
                        Err(errors) => {
                            problems.extend(self.inner_problems(src, "invalid pattern", lang_errors(errors)))
                        }
                    }
                }
            }
        }
        // When a pattern or query did not compile, its variables are unknown: checking
        // templates against them would only repeat that mistake.
        let matcher_failed = problems.len() > problems_before_patterns;

        // A template may name a variable only when every pattern binds it.
        let vars: Vec<&str> = match (&query, patterns.split_first()) {
            (Some(q), _) => q.variables().iter().map(String::as_str).collect(),
            (None, Some((first, rest))) => first
                .variables()
                .iter()
                .map(String::as_str)
                .filter(|v| rest.iter().all(|m| m.variable(v).is_some()))
                .collect(),
            (None, None) => Vec::new(),
        };
        let check = |hole: &str| -> Result<(), String> { check_hole(hole, &vars, query.as_ref()) };
        let mut template_problems = Vec::new();
        let mut template = |value: &Spanned<String>, what: &str| match Template::parse(value.get_ref(), &check) {
            Ok(t) => t,
            Err(_) if matcher_failed => Template::default(),
            Err(errors) => {
                template_problems.extend(self.inner_problems(value, what, template_errors(errors)));
                Template::default()
            }
        };
        let message = raw
            .message
            .as_ref()
            .map(|m| template(m, "invalid message"))
            .unwrap_or_default();
        let label = raw
            .label
            .as_ref()
            .map(|l| template(l, "invalid label"))
            .unwrap_or_default();
        let help = raw.help.as_ref().map(|h| template(h, "invalid help"));
        let fix_replacement = raw.fix.as_ref().map(|f| template(&f.replacement, "invalid fix"));

        let fix = match (raw.fix, fix_replacement) {
            (Some(f), Some(replacement)) => {
                let at = f.at.as_ref().map(|a| a.get_ref().trim_start_matches('?').to_string());
                if let (Some(at_raw), true) = (&f.at, query.is_some()) {
                    problems.push(self.problem(
                        Self::literal_span(at_raw),
                        "`at` is for token rules; a fact rule's fix replaces the words of its primary label",
                        "remove `at`, or choose the words with `primary`",
                    ));
                } else if let (Some(at_raw), Some(at)) = (&f.at, &at)
                    && !vars.contains(&at.as_str())
                {
                    problems.push(self.problem(
                        Self::literal_span(at_raw),
                        format!("the fix replaces `?{at}`, which not every pattern binds"),
                        "name a variable the patterns capture",
                    ));
                }
                let safeties = [("safe", Safety::Safe), ("unsafe", Safety::Unsafe)];
                let safety = f
                    .safety
                    .as_ref()
                    .and_then(|s| self.one_of(s, "fix safety", &safeties, &mut problems))
                    .unwrap_or(Safety::Unsafe);
                Some(FixTemplate {
                    at,
                    replacement,
                    safety,
                })
            }
            _ => None,
        };

        let primary = match (&raw.primary, &query) {
            (None, _) => None,
            (Some(p), Some(q)) => {
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
                } else if let Err(message) = check_hole(p.get_ref(), &vars, Some(q)) {
                    problems.push(self.problem(Self::literal_span(p), message, "here"));
                }
                Some((head, path))
            }
            (Some(p), None) => {
                problems.push(self.problem(
                    Self::literal_span(p),
                    "`primary` is for rules with a `when` query",
                    "a token rule's label covers its match",
                ));
                None
            }
        };
        let mut labels = Vec::new();
        for (name, value) in &raw.labels {
            match &query {
                Some(q) if q.bindings().any(|b| Some(b) == name.split('.').next()) => {
                    if let Err(message) = check_hole(name, &vars, Some(q)) {
                        problems.push(self.problem(
                            Self::literal_span(value),
                            format!("`labels.{name}`: {message}"),
                            "here",
                        ));
                    }
                    labels.push((name.clone(), template(value, "invalid label")))
                }
                Some(q) => problems.push(self.problem(
                    Self::literal_span(value),
                    format!("`labels.{name}` names no bound fact"),
                    format!(
                        "the query binds {}",
                        q.bindings().map(|b| format!("`{b}`")).collect::<Vec<_>>().join(", ")
                    ),
                )),
                None if matcher_failed => {}
                None => problems.push(self.problem(
                    Self::literal_span(value),
                    "`labels` is for rules with a `when` query",
                    "a token rule has one label: `label`",
                )),
            }
        }
        // Reorder the labels as the query binds the facts, so that output is stable.
        if let Some(q) = &query {
            let order: Vec<&str> = q.bindings().collect();
            labels.sort_by_key(|(name, _)| order.iter().position(|b| Some(*b) == name.split('.').next()));
        }
        if let Some(q) = &query
            && !matcher_failed
        {
            let mut text_uses = String::new();
            for t in [raw.message.as_ref(), raw.label.as_ref(), raw.help.as_ref()]
                .into_iter()
                .flatten()
            {
                text_uses.push_str(t.get_ref());
            }
            for t in raw.labels.values() {
                text_uses.push_str(t.get_ref());
            }
            for (var, (span, uses)) in q.variables().iter().zip(q.variable_uses()) {
                if *uses == 1 && !mentions_variable(&text_uses, var) {
                    let when = raw.when.as_ref().expect("a query comes from `when`");
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
        problems.append(&mut template_problems);
        // Expressions in holes were checked with the templates; keep them parsed for evaluation.
        let mut hole_exprs = HashMap::new();
        if let Some(q) = &mut query {
            let templates = [Some(&message), Some(&label), help.as_ref()].into_iter().flatten();
            for hole in templates.chain(labels.iter().map(|(_, t)| t)).flat_map(Template::holes) {
                if hole.contains('(')
                    && !hole_exprs.contains_key(hole)
                    && let Ok(expr) = lang::parse_expr(hole)
                {
                    q.add_expr(&expr);
                    hole_exprs.insert(hole.to_string(), expr);
                }
            }
        }
        let reports = [
            ("all", Report::All),
            ("first-per-article", Report::FirstPerArticle),
            ("first-per-message", Report::FirstPerMessage),
            ("first-per-span", Report::FirstPerSpan),
            ("once-per-message", Report::OncePerMessage),
        ];
        let report = raw
            .report
            .as_ref()
            .and_then(|r| self.one_of(r, "report mode", &reports, &mut problems))
            .unwrap_or(Report::All);
        let focus_differences = raw
            .focus
            .as_ref()
            .and_then(|f| self.one_of(f, "focus", &[("differences", true)], &mut problems))
            .unwrap_or(false);

        let emit = raw.emit.as_ref().and_then(|e| {
            if raw.when.is_some() {
                problems.push(self.problem(
                    Self::literal_span(e),
                    "`emit` creates facts from token `patterns`, not from a `when` query",
                    "write the patterns that find the event",
                ));
                return None;
            }
            let captured: Vec<&str> = patterns
                .iter()
                .flat_map(|p| p.variables())
                .map(String::as_str)
                .collect();
            match compile_emit(e.get_ref(), &captured) {
                Ok(emit) => Some(emit),
                Err(errors) => {
                    problems.extend(self.inner_problems(e, "invalid emit", lang_errors(errors)));
                    None
                }
            }
        });

        let examples = raw
            .examples
            .into_iter()
            .map(|e| self.example(e, &mut problems))
            .collect();

        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Rule {
            id: format!("{pack}/{name}"),
            pack,
            name,
            severity,
            summary: raw.summary.into_inner(),
            doc: raw.doc.map(Spanned::into_inner).unwrap_or_default(),
            tags: raw.tags.into_iter().map(Spanned::into_inner).collect(),
            patterns,
            query,
            primary,
            labels,
            report,
            focus_differences,
            hole_exprs,
            emit,
            message,
            label,
            help,
            notes: raw.notes.into_iter().map(Spanned::into_inner).collect(),
            fix,
            examples,
            file: self.file,
        })
    }

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
                problems.push(self.problem(
                    Self::literal_span(&e.flagged),
                    "this example has no article",
                    "add `text = '…'` or `[[example.article]]` tables",
                ));
                Self::literal_span(&e.flagged)
            }
        };
        for flagged in e.flagged.get_ref() {
            if !articles.iter().any(|a| a.text.contains(flagged.as_str())) {
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

/// Whether a template hole names something the rule binds: `match`, a variable, or (in a
/// fact rule) the bound fact or one of its fields.
fn check_hole(hole: &str, vars: &[&str], query: Option<&FactQuery>) -> Result<(), String> {
    if hole == "match" {
        return Ok(());
    }
    if let (Some(q), true) = (query, hole.contains('(')) {
        let errors = match lang::parse_expr(hole) {
            Ok(expr) => q.validate_expr(&expr),
            Err(errors) => errors,
        };
        return match errors.first() {
            None => Ok(()),
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
            Ok(())
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
    match query {
        Some(q) => match q.kind_of(head) {
            Some(kind) => match path.next() {
                None => Ok(()),
                Some(field) => {
                    let known = query::fields_of(kind).unwrap_or_default();
                    if kind == "event" || known.contains(&field) {
                        Ok(())
                    } else {
                        Err(format!(
                            "`{kind}` facts have no field `{field}`; their fields are {}",
                            known.join(", ")
                        ))
                    }
                }
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

/// Checks an `emit` string: one `event(kind: "…", field: ?var or literal, …)` whose variables
/// are captured by a pattern.
fn compile_emit(src: &str, captured: &[&str]) -> Result<Emit, Vec<LangError>> {
    use lang::ast::ValuePattern;
    let query = lang::parse_query(src)?;
    let mut errors = Vec::new();
    let err = |errors: &mut Vec<LangError>, span: Span, message: String| errors.push(LangError { span, message });
    let Some(pattern) = query.patterns.first() else {
        return Err(vec![LangError {
            span: Span::new(0, src.len()),
            message: "`emit` needs a fact pattern: `event(kind: \"death\", subject: ?p)`".into(),
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
    let mut event = None;
    let mut event_from = None;
    let mut fields = Vec::new();
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
            ValuePattern::Str(s) => EmitValue::Literal(serde_json::Value::from(s.as_str())),
            ValuePattern::Num(n) => EmitValue::Literal(serde_json::Value::from(*n)),
            ValuePattern::Bool(b) => EmitValue::Literal(serde_json::Value::from(*b)),
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
            ("kind", EmitValue::Literal(serde_json::Value::String(s))) => event = Some(s),
            ("kind", EmitValue::Capture(var)) => event_from = Some(var),
            ("kind", _) => err(
                &mut errors,
                c.path_span,
                "the event's `kind` is a string or a captured variable: `kind: \"death\"`, `kind: ?verb`".into(),
            ),
            (_, value) => fields.push((field, value)),
        }
    }
    let Some(event) = event.or_else(|| event_from.as_ref().map(|_| String::new())) else {
        err(
            &mut errors,
            pattern.span,
            "an emitted event needs a `kind`: `event(kind: \"death\", …)`".into(),
        );
        return Err(errors);
    };
    if errors.is_empty() {
        Ok(Emit {
            event,
            event_from,
            fields,
        })
    } else {
        Err(errors)
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

//! The whole run of a check, for every front end: inputs and options in; sources, stories,
//! rules, diagnostics after configuration and suppressions, and the summary out.
//!
//! [`check`] reads the inputs into stories ([`input`]), finds the `factlint.toml` of each
//! article or takes the one given ([`configs`]), loads the built-in rules, the extra rule
//! paths and those of the configurations, runs the rules over each story
//! ([`crate::engine`]), then applies configurations and suppression comments. [`facts`]
//! reads the same inputs the same way and returns the facts instead. The command line is
//! arguments, rendering and exit status around these two functions.
//!
//! An editor passes its open buffers in the [`Overlay`] of the [`Options`]: their texts are
//! read instead of the files on disk wherever a file would be read (an article named or
//! found in a folder, a reference, a `factlint.toml`, a rule file, an alias table), so a
//! check of the folder of a story sees the unsaved text of the article being edited.

pub mod configs;
pub mod input;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::value::Value;
use jiff::civil::Date;
use rayon::prelude::*;

use crate::article::{Article, Role};
use crate::diagnostic::{Diagnostic, Notice, Problem, Severity};
use crate::engine::{self, Story};
use crate::extract::entity::AliasTable;
use crate::render::Summary;
use crate::rules::{self, Rule, RuleSet};
use crate::source::SourceDb;

use configs::Configs;
use input::Disk;
pub use input::Overlay;

/// Where an article comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file, or a folder whose `.txt`, `.md` and `.markdown` files, its subfolders'
    /// included, are one story; read through the [`Overlay`].
    Path(PathBuf),
    /// Text held in memory, such as an editor's buffer. `name` is its path: it names the
    /// article in diagnostics, gives its source (the file stem), and places it for
    /// `factlint.toml` discovery and per-path globs.
    Buffer {
        /// The path the text stands for.
        name: String,
        /// The text.
        text: String,
    },
    /// Standard input as the front end read it (named `<stdin>`, with the configuration of
    /// the current folder), or why it could not be read.
    Stdin(Result<Vec<u8>, String>),
    /// Bytes read by the front end under a name of their own (standard input with
    /// `--stdin-filename`): the name places it as [`Input::Buffer`]'s does.
    Named {
        /// The path the bytes stand for.
        name: String,
        /// The bytes, or why they could not be read.
        bytes: Result<Vec<u8>, String>,
    },
    /// JSON Lines: one article per line, `{"id", "story", "text", "published", "source",
    /// "role"}` (only `text` is required). Articles are named by their `id` and positions
    /// count in their `text`; a story's lines form one story, and a reference line joins
    /// the story it names.
    JsonLines(Result<Vec<u8>, String>),
}

/// How to run: which rules, which configuration, which references.
#[derive(Clone, Debug)]
pub struct Options {
    /// Whether the built-in rules are loaded (they are by default).
    pub builtin_rules: bool,
    /// Extra rule files or folders, loaded after the built-in rules.
    pub rule_paths: Vec<PathBuf>,
    /// A configuration file for every article, instead of the nearest `factlint.toml`
    /// above each.
    pub config: Option<PathBuf>,
    /// References: compared against, never reported on. They join every story, or only the one their `story` names.
    pub against: Vec<Input>,
    /// The publication date of articles that give none.
    pub date: Option<Date>,
    /// Texts read instead of files on disk.
    pub overlay: Overlay,
    /// Read every article as a ninjs item (`--input ninjs`): one that is not is a problem.
    /// Otherwise a ninjs item is recognised by its content.
    pub ninjs: bool,
    /// Rules chosen over the configuration files' choice (`--select`, `--ignore`).
    pub selection: Selection,
    /// Work kept between checks (compiled rules, each article's extraction), for a front end
    /// that checks the same story again and again; `None` keeps nothing.
    pub cache: Option<Arc<Cache>>,
    /// Told how far the run has got, as it goes.
    pub progress: Progress,
}

/// A front end's callback, told after each story how many articles of how many have been
/// checked (or their facts extracted). Stories run in parallel, so it is called from any
/// thread, and a count may arrive after a larger one.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<dyn Fn(usize, usize) + Send + Sync>>);

impl Progress {
    /// Calls `report(done, total)` after each story.
    pub fn new(report: impl Fn(usize, usize) + Send + Sync + 'static) -> Self {
        Progress(Some(Arc::new(report)))
    }

    /// A counter of the articles of `stories` that calls the callback as stories are done.
    fn counter<'p>(&'p self, stories: &[Story]) -> impl Fn(&Story) + Sync + 'p {
        let total = stories.iter().map(|s| s.articles.len()).sum();
        let done = AtomicUsize::new(0);
        move |story: &Story| {
            if let Some(report) = &self.0 {
                let now = done.fetch_add(story.articles.len(), Ordering::Relaxed) + story.articles.len();
                report(now, total);
            }
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(callback)"
        } else {
            "Progress(none)"
        })
    }
}

/// Work kept between checks by a front end that checks the same story again and again, as
/// a language server does at every keystroke: the compiled rules handed back with
/// [`Cache::recycle`], and each article's segmentation and extracted facts by text. What is
/// kept is used only for the very same file name and text, so a check with a cache gives
/// exactly what a check without one gives.
#[derive(Debug, Default)]
pub struct Cache {
    /// Compiled rules by file name and text.
    rules: Mutex<HashMap<(String, String), Rule>>,
    /// Each article's segmentation and facts.
    articles: engine::ArticleCache,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the compiled rules of `outcome`, which the next check takes instead of
    /// compiling the same files again.
    pub fn recycle(&self, outcome: Outcome) {
        let Outcome { db, rules, .. } = outcome;
        let mut kept = self.rules.lock().unwrap_or_else(PoisonError::into_inner);
        kept.clear();
        for rule in rules.rules {
            let file = db.get(rule.file);
            kept.insert((file.name().to_string(), file.text().to_string()), rule);
        }
    }

    /// How many compiled rules and articles are kept.
    pub fn len(&self) -> (usize, usize) {
        let rules = self.rules.lock().map_or(0, |r| r.len());
        (rules, self.articles.len())
    }

    /// The rule compiled from `text` named `name`: a kept one, or a new one.
    fn compile(&self, db: &mut SourceDb, name: &str, text: &str) -> Result<Rule, Vec<Problem>> {
        let kept = self
            .rules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&(name.to_string(), text.to_string()));
        match kept {
            Some(mut rule) => {
                rule.file = db.add(name, text);
                Ok(rule)
            }
            None => rules::load_text(db, name, text),
        }
    }
}

/// Rules chosen over every `factlint.toml`, as the command line's `--select` and `--ignore`
/// choose them. Selectors are packs (`hygiene`) or rule ids (`hygiene/glued-words`).
///
/// - `select`, when given, stands for the `select` and `ignore` of every configuration:
///   exactly the rules it names run, less those of `ignore` below. A rule a configuration
///   ignores runs when `select` names it.
/// - `ignore` turns rules off, whatever selects them.
/// - The configurations' `[[per-path]]` ignores, `[severity]` and `fail-on` still apply.
///
/// A selector that names no loaded rule or pack stops the check with a problem that names
/// `--select` or `--ignore`, with the nearest name when one is close.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The rules to run instead of the configurations' `select` and `ignore`; `None`
    /// leaves the choice to the configurations.
    pub select: Option<Vec<String>>,
    /// Rules that do not run.
    pub ignore: Vec<String>,
}

impl Selection {
    /// Whether the selection leaves every choice to the configurations.
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.ignore.is_empty()
    }

    /// Whether `ignore` names the rule `rule_id` or its pack.
    pub fn ignores(&self, rule_id: &str) -> bool {
        self.ignore.iter().any(|s| selects(s, rule_id))
    }

    /// Whether `select` names the rule `rule_id` or its pack; `None` without `select`.
    pub fn selects(&self, rule_id: &str) -> Option<bool> {
        self.select
            .as_ref()
            .map(|select| select.iter().any(|s| selects(s, rule_id)))
    }

    /// A problem for each selector that names no rule of `known` (rule ids) nor their pack.
    pub fn unknown(&self, known: &[&str]) -> Vec<Problem> {
        let packs = crate::config::packs(known);
        let named = self
            .select
            .iter()
            .flatten()
            .map(|s| ("--select", s))
            .chain(self.ignore.iter().map(|s| ("--ignore", s)));
        let mut problems = Vec::new();
        for (flag, text) in named {
            let is_pack = !text.contains('/');
            let exists = if is_pack {
                packs.contains(&text.as_str())
            } else {
                known.contains(&text.as_str())
            };
            if exists {
                continue;
            }
            let message = match (text.is_empty(), is_pack) {
                (true, _) => "an empty rule selector names no rule".to_string(),
                (false, true) => format!("no rule pack is named `{text}`"),
                (false, false) => format!("no rule has the id `{text}`"),
            };
            let mut problem = Problem::at_path(flag, message);
            if let Some(hint) = crate::config::suggest_rule(text, known, &packs) {
                problem = problem.with_note(format!("did you mean `{hint}`?"));
            }
            problems.push(problem.with_note("`factlint rules` lists the loaded rules and their packs"));
        }
        problems
    }
}

/// Whether the selector `selector` (a pack or a rule id) names the rule `rule_id`.
fn selects(selector: &str, rule_id: &str) -> bool {
    match rule_id.split_once('/') {
        Some((pack, _)) if !selector.contains('/') => pack == selector,
        _ => rule_id == selector,
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            builtin_rules: true,
            rule_paths: Vec::new(),
            config: None,
            against: Vec::new(),
            date: None,
            overlay: Overlay::default(),
            ninjs: false,
            selection: Selection::default(),
            cache: None,
            progress: Progress::default(),
        }
    }
}

/// The lowest severity that makes a run fail (`--fail-on`, `fail-on` in factlint.toml).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Every finding fails the run.
    Info,
    /// Nothing fails the run.
    Never,
}

impl FailOn {
    /// The value written in a configuration file (`error`, `warning`, `info`, `never`).
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "error" => Some(FailOn::Error),
            "warning" => Some(FailOn::Warning),
            "info" => Some(FailOn::Info),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }

    /// The lowest failing severity; `None` when nothing fails.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// What a check found.
#[derive(Debug)]
pub struct Outcome {
    /// Every file read: articles, configurations, rule files, alias tables.
    pub db: SourceDb,
    /// The stories checked, references included.
    pub stories: Vec<Story>,
    /// Every rule loaded, including those the configuration turns off.
    pub rules: RuleSet,
    /// The findings on the drafts, after configuration and suppressions, in file and
    /// position order.
    pub diagnostics: Vec<Diagnostic>,
    /// The counts of the findings over the drafts.
    pub summary: Summary,
    /// What the reader of the findings should know of how the check went: the rules that
    /// stopped looking in a story, in story and rule order.
    pub notices: Vec<Notice>,
    /// The `fail-on` of the configuration (`--config`'s, or the first one found).
    pub fail_on: Option<FailOn>,
    /// What is wrong with the rules or the configuration. When there is any, nothing was
    /// checked: `diagnostics` is empty.
    pub problems: Vec<Problem>,
    /// Inputs that could not be read; the others were checked.
    pub unreadable: Vec<Problem>,
}

impl Outcome {
    /// Whether a finding reaches `fail_on`, or when it is `None` the configuration's
    /// `fail-on`, or else `error`.
    pub fn fails(&self, fail_on: Option<FailOn>) -> bool {
        match fail_on.or(self.fail_on).unwrap_or(FailOn::Error).threshold() {
            Some(t) => self.diagnostics.iter().any(|d| d.severity >= t),
            None => false,
        }
    }
}

/// The facts of the articles read.
#[derive(Debug)]
pub struct FactsOutcome {
    /// Every file read.
    pub db: SourceDb,
    /// The stories read, references included.
    pub stories: Vec<Story>,
    /// The facts of each article, in the order of the stories and of their articles
    /// (`docs/facts.md`).
    pub facts: Vec<Vec<Value>>,
    /// The entities of every story, with ids unique across stories.
    pub entities: Vec<Value>,
    /// What is wrong with the rules or the configuration; when there is any, no facts were
    /// extracted.
    pub problems: Vec<Problem>,
    /// Inputs that could not be read; the others were.
    pub unreadable: Vec<Problem>,
}

/// Checks the articles of `inputs` (drafts) with `options`.
pub fn check(inputs: &[Input], options: &Options) -> Outcome {
    let Setup {
        db,
        stories,
        drafts,
        configs,
        aliases,
        rules,
        ahead,
        mut problems,
        unreadable,
    } = setup(inputs, options);
    // Every loaded rule, including those the configuration turns off: a suppression comment
    // or selector naming one of them is not a mistake.
    let known: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    problems.extend(configs.unknown_rules(&known));
    problems.extend(options.selection.unknown(&known));
    let mut diagnostics = Vec::new();
    let mut notices = Vec::new();
    let mut summary = Summary::default();
    // Without sound rules and configuration nothing is checked.
    if problems.is_empty() {
        let articles: Vec<&Article> = stories.iter().flat_map(|s| &s.articles).collect();
        // Rules that no article runs are left out, so that their facts are not even
        // extracted. Extraction rules stay: other rules may query their events.
        let running: Vec<&Rule> = rules
            .rules
            .iter()
            .filter(|r| r.is_extraction() || articles.iter().any(|a| configs.enabled(&db, a.file, &r.id)))
            .collect();
        let aliases = alias_tables(&aliases);
        let cache = options.cache.as_deref().map(|c| &c.articles);
        if let Some(cache) = cache {
            cache.next_check();
        }
        // Stories are independent: checked in parallel, their findings kept in story order.
        let done = options.progress.counter(&stories);
        let found: Vec<engine::Checked> = stories
            .par_iter()
            .map(|story| {
                let found = match cache {
                    Some(_) => engine::check_story_cached(&db, story, &running, &aliases, cache),
                    None => engine::check_story_ahead(&db, story, &running, &aliases, &ahead),
                };
                done(story);
                found
            })
            .collect();
        for checked in found {
            diagnostics.extend(checked.diagnostics);
            notices.extend(checked.notices);
        }
        // A rule runs in a story when some article of the check has it on: a notice is for
        // the story's drafts that have it on, and for none when none has, since what the
        // rule did not look for there was not asked for.
        for n in &mut notices {
            n.drafts.retain(|&f| configs.enabled(&db, f, &n.rule));
        }
        notices.retain(|n| !n.drafts.is_empty());
        to_file_spans(&db, &mut diagnostics);
        diagnostics = configs.apply(&db, &articles, &known, diagnostics);
        summary = Summary::new(&diagnostics, drafts);
    }
    Outcome {
        fail_on: configs.fail_on().and_then(FailOn::parse),
        db,
        stories,
        rules,
        diagnostics,
        summary,
        notices,
        problems,
        unreadable,
    }
}

/// The facts of the articles of `inputs`, read exactly as [`check`] reads them, with the
/// events of the extraction rules.
pub fn facts(inputs: &[Input], options: &Options) -> FactsOutcome {
    let mut facts = Vec::new();
    let mut entities = Vec::new();
    let run = facts_each(inputs, options, &mut |story| {
        facts.extend(story.facts);
        entities.extend(story.entities);
    });
    FactsOutcome {
        db: run.db,
        stories: run.stories,
        facts,
        entities,
        problems: run.problems,
        unreadable: run.unreadable,
    }
}

/// The facts of one story, handed over by [`facts_each`].
#[derive(Debug)]
pub struct StoryFacts<'a> {
    /// Every file read.
    pub db: &'a SourceDb,
    /// The story.
    pub story: &'a Story,
    /// The facts of each of its articles, in story order.
    pub facts: Vec<Vec<Value>>,
    /// Its entities, with ids unique across the stories handed over.
    pub entities: Vec<Value>,
}

/// What [`facts_each`] read, besides the facts it handed over.
#[derive(Debug)]
pub struct FactsRun {
    /// Every file read.
    pub db: SourceDb,
    /// The stories read, references included.
    pub stories: Vec<Story>,
    /// What is wrong with the rules or the configuration; when there is any, no facts were
    /// extracted.
    pub problems: Vec<Problem>,
    /// Inputs that could not be read; the others were.
    pub unreadable: Vec<Problem>,
}

/// Like [`facts`], handing each story's facts to `each` in story order as soon as they are
/// made, so that a long run holds the facts of a few stories at a time, not of all.
pub fn facts_each(inputs: &[Input], options: &Options, each: &mut dyn FnMut(StoryFacts<'_>)) -> FactsRun {
    let setup = setup(inputs, options);
    if setup.problems.is_empty() {
        let rules: Vec<&Rule> = setup.rules.rules.iter().collect();
        let aliases = alias_tables(&setup.aliases);
        let done = options.progress.counter(&setup.stories);
        // A few stories per thread are made in parallel, then handed over in order.
        let batch = rayon::current_num_threads().max(1) * 4;
        let mut offset = 0;
        for stories in setup.stories.chunks(batch) {
            let made: Vec<_> = stories
                .par_iter()
                .map(|story| {
                    let found = engine::story_facts_ahead(&setup.db, story, &rules, &aliases, &setup.ahead);
                    done(story);
                    found
                })
                .collect();
            for (story, (mut docs, story_entities)) in stories.iter().zip(made) {
                for (doc, article) in docs.iter_mut().zip(&story.articles) {
                    let file = setup.db.get(article.file);
                    if file.is_decoded() {
                        doc.iter_mut().for_each(|f| fact_spans_to_file(file, f));
                    }
                    // Entity ids are shared by the articles of a story and unique in the
                    // document.
                    if offset > 0 {
                        shift_entity_ids(doc, offset);
                    }
                }
                let entities = story_entities
                    .iter()
                    .map(|e| {
                        let mut v = e.to_json();
                        v["id"] = Value::from(e.id + offset);
                        v
                    })
                    .collect();
                offset += story_entities.len();
                each(StoryFacts {
                    db: &setup.db,
                    story,
                    facts: docs,
                    entities,
                });
            }
        }
    }
    FactsRun {
        db: setup.db,
        stories: setup.stories,
        problems: setup.problems,
        unreadable: setup.unreadable,
    }
}

/// Points the diagnostics of decoded articles (ninjs) at the bytes of their files. Their
/// fixes are dropped: an edit of decoded text is not an edit of the JSON.
fn to_file_spans(db: &SourceDb, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        if db.get(d.primary.file).is_decoded() {
            d.fix = None;
        }
        for label in std::iter::once(&mut d.primary).chain(d.secondary.iter_mut()) {
            label.span = db.get(label.file).to_file(label.span);
        }
    }
}

/// Points every span of a fact (`{"start": …, "end": …}` at any depth) at its file's bytes.
fn fact_spans_to_file(file: &crate::source::SourceFile, fact: &mut Value) {
    match fact {
        Value::Object(map) => {
            let bounds = (
                map.get("start").and_then(Value::as_u64),
                map.get("end").and_then(Value::as_u64),
            );
            if let (Some(start), Some(end), 2) = (bounds.0, bounds.1, map.len()) {
                let span = file.to_file(crate::span::Span::new(start as usize, end as usize));
                map.insert(key!("start"), Value::from(span.start));
                map.insert(key!("end"), Value::from(span.end));
            } else {
                // A fact's shared fields (its article's; its kind, nulls, booleans and empty
                // lists) hold no span.
                map.own_mut().for_each(|(_, v)| fact_spans_to_file(file, v));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| fact_spans_to_file(file, v)),
        _ => {}
    }
}

/// Loads the built-in rules (when `builtin`) and the rule files or folders `extra`, adding
/// what is wrong with them to `problems`.
pub fn load_rules(
    db: &mut SourceDb,
    overlay: &Overlay,
    builtin: bool,
    extra: &[PathBuf],
    problems: &mut Vec<Problem>,
) -> RuleSet {
    load_rules_cached(db, overlay, builtin, extra, problems, None)
}

/// [`load_rules`], taking the rules compiled from the same files from `cache`.
fn load_rules_cached(
    db: &mut SourceDb,
    overlay: &Overlay,
    builtin: bool,
    extra: &[PathBuf],
    problems: &mut Vec<Problem>,
    cache: Option<&Cache>,
) -> RuleSet {
    let Some(cache) = cache else {
        let mut set = RuleSet::default();
        if builtin {
            let (loaded, mut p) = rules::load_builtin(db);
            problems.append(&mut p);
            set.extend(loaded, db, problems);
        }
        for path in extra {
            let (more, mut p) = input::read_rules(db, Disk::new(overlay), path);
            problems.append(&mut p);
            set.extend(more, db, problems);
        }
        return set;
    };
    let mut compile = |db: &mut SourceDb, name: &str, text: &str| cache.compile(db, name, text);
    let mut set = RuleSet::default();
    if builtin {
        let mut loaded = Vec::new();
        for (name, text) in rules::BUILTIN {
            match compile(db, name, text) {
                Ok(rule) => loaded.push(rule),
                Err(mut p) => problems.append(&mut p),
            }
        }
        set.extend(loaded, db, problems);
    }
    for path in extra {
        let (more, mut p) = input::read_rules_with(db, Disk::new(overlay), path, &mut compile);
        problems.append(&mut p);
        set.extend(more, db, problems);
    }
    problems.extend(set.check_events(db));
    set
}

/// The rules of a command that reads no article (listing or explaining rules): the
/// built-in rules, `extra`, and the rule folders of the factlint.toml above the current
/// folder; or what is wrong with them.
pub fn load_rules_here(db: &mut SourceDb, overlay: &Overlay, extra: &[PathBuf]) -> Result<RuleSet, Vec<Problem>> {
    let mut configs = Configs::default();
    let mut problems = Vec::new();
    configs.discover_here(db, Disk::new(overlay), &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut paths = extra.to_vec();
    paths.extend(configs.rule_paths());
    let set = load_rules(db, overlay, true, &paths, &mut problems);
    if problems.is_empty() { Ok(set) } else { Err(problems) }
}

/// What both a check and `facts` read before looking at the articles.
struct Setup {
    db: SourceDb,
    stories: Vec<Story>,
    drafts: usize,
    configs: Configs,
    aliases: Vec<AliasTable>,
    rules: RuleSet,
    /// The first story's articles, prepared while the rules were compiled.
    ahead: engine::Ahead,
    problems: Vec<Problem>,
    unreadable: Vec<Problem>,
}

/// Reads the inputs into stories, then the configurations (`--config`, or the nearest
/// factlint.toml above each article), their alias tables, and the rules.
fn setup(inputs: &[Input], options: &Options) -> Setup {
    // With the built-in rules, facts are extracted (they have fact rules), so the work that
    // extraction needs can start before the rules are compiled. (With `--select`, perhaps
    // only token rules run; a language server keeps its own preparations.)
    let warm = options.builtin_rules && options.cache.is_none() && options.selection.select.is_none();
    let handoff = Arc::new(Mutex::new(Handoff::default()));
    if warm {
        // The extractors' patterns and gazetteer take a short run about as long to build as
        // the rules: another core builds them meanwhile, then the rules' regexes, when they
        // are loaded by then (see `Handoff`).
        let handoff = Arc::clone(&handoff);
        rayon::spawn(move || {
            crate::extract::warm_up();
            let regexes = {
                let mut handoff = handoff.lock().unwrap_or_else(PoisonError::into_inner);
                handoff.idle = true;
                handoff.regexes.take()
            };
            if let Some(regexes) = regexes {
                compile_regexes(&regexes);
            }
        });
    }
    let disk = Disk::new(&options.overlay);
    let mut db = SourceDb::new();
    let mut read = input::gather(&mut db, disk, inputs, &options.against, options.date, options.ninjs);
    let mut configs = Configs::with_selection(options.selection.clone());
    let mut problems = Vec::new();
    match &options.config {
        Some(path) => configs.load_only(&mut db, disk, path, &mut problems),
        None => {
            for a in read.stories.iter().flat_map(|s| &s.articles) {
                configs.discover(&mut db, disk, a.file, &mut problems);
            }
        }
    }
    if problems.is_empty() {
        add_references(&mut db, disk, &mut read, &configs, options);
    }
    let aliases = configs.aliases(&mut db, disk, &mut problems);
    let mut extra = options.rule_paths.clone();
    extra.extend(configs.rule_paths());
    // A short first story is read while the rules are compiled.
    let first = match read.stories.first() {
        Some(story) if warm && problems.is_empty() => short_story_texts(&db, story),
        _ => Vec::new(),
    };
    let (rules, ahead) = rayon::join(
        || {
            let rules = load_rules_cached(
                &mut db,
                &options.overlay,
                options.builtin_rules,
                &extra,
                &mut problems,
                options.cache.as_deref(),
            );
            if warm {
                Handoff::hand_over(&handoff, &rules);
            }
            rules
        },
        || engine::Ahead::prepare(first),
    );
    Setup {
        db,
        stories: read.stories,
        drafts: read.drafts,
        configs,
        aliases,
        rules,
        ahead,
        problems,
        unreadable: read.problems,
    }
}

/// The regexes of the loaded rules, handed to the core that builds the extractors' patterns
/// at the start of a run (the rules are loaded and the first story read on the other): it
/// compiles them when it is done, rather than waiting for the first article to need them.
/// When it is done before the rules are loaded, they are compiled by a task of their own.
#[derive(Default)]
struct Handoff {
    /// The regexes, when the rules were loaded first.
    regexes: Option<Vec<Arc<crate::lazy_regex::LazyRegex>>>,
    /// Whether the extractors' patterns are built.
    idle: bool,
}

impl Handoff {
    /// Hands the regexes of `rules` over, or compiles them in a task of their own when the
    /// extractors' patterns are already built. Token rules' regexes come first (tried at
    /// every token of a draft), then extraction rules' (of every article), then those of
    /// fact rules' conditions (needed last).
    fn hand_over(handoff: &Mutex<Handoff>, rules: &RuleSet) {
        let mut order: Vec<&Rule> = rules.rules.iter().collect();
        order.sort_by_key(|r| match r.kind {
            rules::RuleKind::Tokens(_) => 0,
            rules::RuleKind::Extraction { .. } => 1,
            rules::RuleKind::Facts(_) => 2,
        });
        let regexes: Vec<_> = order.into_iter().flat_map(Rule::regexes).collect();
        let mut handoff = handoff.lock().unwrap_or_else(PoisonError::into_inner);
        if handoff.idle {
            drop(handoff);
            rayon::spawn(move || compile_regexes(&regexes));
        } else {
            handoff.regexes = Some(regexes);
        }
    }
}

/// Compiles `regexes` (see [`Handoff`]) in their order, each of them a task that an idle
/// core may take.
fn compile_regexes(regexes: &[Arc<crate::lazy_regex::LazyRegex>]) {
    regexes.par_iter().with_max_len(1).for_each(|re| re.warm_up());
}

/// The largest first story (in bytes of text) read while the rules are compiled. The head
/// start matters to short runs, where compiling the rules is a large part of the time; the
/// copy of the texts it reads from costs no more memory than this.
const AHEAD_BYTES: usize = 1 << 20;

/// The articles of `story` with a copy of each one's text (compiling the rules adds their
/// files to the database meanwhile), when they are at most [`AHEAD_BYTES`] of text; else
/// none.
fn short_story_texts(db: &SourceDb, story: &Story) -> Vec<(String, Article)> {
    let texts: Vec<&str> = story.articles.iter().map(|a| db.get(a.file).prose()).collect();
    if texts.iter().map(|t| t.len()).sum::<usize>() > AHEAD_BYTES {
        return Vec::new();
    }
    texts
        .into_iter()
        .map(str::to_string)
        .zip(story.articles.iter().cloned())
        .collect()
}

/// Adds to each story the references that the configuration of its drafts names
/// (`references` in factlint.toml), as `--against` would: an article of the story under one
/// of those paths becomes a reference, and the other articles under them join the story as
/// references.
fn add_references(db: &mut SourceDb, disk: Disk<'_>, read: &mut input::Inputs, configs: &Configs, options: &Options) {
    // Stories that share their references read them once.
    let mut by_paths: HashMap<Vec<PathBuf>, Vec<Article>> = HashMap::new();
    for story in &mut read.stories {
        let mut paths: Vec<PathBuf> = story
            .articles
            .iter()
            .filter(|a| a.meta.role == Role::Draft)
            .flat_map(|a| configs.reference_paths(a.file))
            .collect();
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            continue;
        }
        let roots: Vec<PathBuf> = paths.iter().map(|p| input::absolute(p)).collect();
        let path_of = |db: &SourceDb, a: &Article| input::absolute(Path::new(db.get(a.file).name()));
        for a in &mut story.articles {
            if roots.iter().any(|root| path_of(db, a).starts_with(root)) {
                a.meta.role = Role::Reference;
            }
        }
        if !by_paths.contains_key(&paths) {
            let wanted: Vec<Input> = paths.iter().map(|p| Input::Path(p.clone())).collect();
            let found = input::gather(db, disk, &[], &wanted, options.date, options.ninjs);
            read.problems.extend(found.problems);
            let articles = found.stories.into_iter().flat_map(|s| s.articles).collect();
            by_paths.insert(paths.clone(), articles);
        }
        let have: HashSet<PathBuf> = story.articles.iter().map(|a| path_of(db, a)).collect();
        for r in by_paths.get(&paths).into_iter().flatten() {
            if !have.contains(&path_of(db, r)) {
                story.articles.push(r.clone());
            }
        }
    }
    let drafts: HashSet<crate::source::FileId> = read
        .stories
        .iter()
        .flat_map(|s| &s.articles)
        .filter(|a| a.meta.role == Role::Draft)
        .map(|a| a.file)
        .collect();
    read.drafts = drafts.len();
}

/// The alias tables to consult: a user's before the built-in one, so that it can override
/// it.
fn alias_tables(user: &[AliasTable]) -> Vec<&AliasTable> {
    user.iter().chain([AliasTable::builtin()]).collect()
}

/// Adds `offset` to every entity id in `facts`.
fn shift_entity_ids(facts: &mut [Value], offset: usize) {
    fn shift(v: &mut Value, offset: usize) {
        match v {
            // A fact's shared fields (its article's; its kind, nulls, booleans and empty
            // lists) hold no entity.
            Value::Object(map) => {
                for (key, child) in map.own_mut() {
                    if key == "entity" {
                        if let Some(id) = child.as_u64() {
                            *child = Value::from(id as usize + offset);
                        }
                    } else {
                        shift(child, offset);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|x| shift(x, offset)),
            _ => {}
        }
    }
    facts.iter_mut().for_each(|f| shift(f, offset));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_short_first_story_is_copied_to_be_read_ahead() {
        let mut db = SourceDb::new();
        let page = include_str!("../../examples/baghdad/nbc-news.txt");
        let mut story = |texts: &[String]| Story {
            key: String::new(),
            articles: texts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let file = db.add(format!("{i}.txt"), t.as_str());
                    crate::article::parse(&db, file, "test", Role::Draft).expect("an article")
                })
                .collect(),
        };
        let short = story(&[page.to_string(), page.replace("Baghdad", "Kirkuk")]);
        // As long as AHEAD_BYTES allows, in two articles; then one byte more.
        let whole = "x".repeat(AHEAD_BYTES / 2);
        let at_limit = story(&[whole.clone(), whole.clone()]);
        let over = story(&[whole.clone(), format!("{whole}x")]);

        let copied = short_story_texts(&db, &short);
        assert_eq!(copied.len(), 2);
        for ((text, article), original) in copied.iter().zip(&short.articles) {
            assert_eq!(text, db.get(original.file).prose());
            assert_eq!((article.file, article.body), (original.file, original.body));
        }
        assert_eq!(short_story_texts(&db, &at_limit).len(), 2);
        assert!(short_story_texts(&db, &over).is_empty());
    }
}

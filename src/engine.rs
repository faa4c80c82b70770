//! Rule evaluation: runs the compiled rules over the articles of a story.
//!
//! Token rules look at one article at a time and only at drafts: references are there to
//! be compared against, never reported on.

use std::collections::{BTreeMap, HashMap, HashSet, btree_map};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::article::{Article, Role};
use crate::diagnostic::{Diagnostic, Edit, Fix, Label, Notice};
use crate::value::{Key, Value};

use crate::extract::entity::{AliasTable, Entity};
use crate::facts::{self, ArticleFields, Facts, Linking};
use crate::matcher::{self, TokenMatcher, Words};
use crate::query::{self, ArticleFacts, FactQuery, FactStore, Row};
use crate::rules::{Emit, EmitValue, FactRule, FixTemplate, Report, Rule, RuleKind, RuleSet};
use crate::segment::{self, Segmentation};
use crate::source::{FileId, SourceDb};
use crate::span::Span;
use crate::textcmp;

/// The articles compared with one another: the files of one folder, a set of files given
/// together, or a draft with its references.
#[derive(Clone, Debug, Default)]
pub struct Story {
    /// What groups the articles: a folder, a `story` key, or empty for the command line.
    pub key: String,
    /// The articles, drafts and references.
    pub articles: Vec<Article>,
}

/// What a check of one story found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    /// Every finding on the drafts, in file and position order.
    pub diagnostics: Vec<Diagnostic>,
    /// What the reader of the findings should know: the rules that stopped looking at
    /// [`query::MAX_ROWS`] combinations of facts, in rule order.
    pub notices: Vec<Notice>,
}

/// Every finding of `rules` on the drafts of `story`, in file and position order.
pub fn check_story(db: &SourceDb, story: &Story, rules: &RuleSet, aliases: &[&AliasTable]) -> Checked {
    let rules: Vec<&Rule> = rules.rules.iter().collect();
    check_story_with(db, story, &rules, aliases)
}

/// Every finding of `rules` on the drafts of `story`, in file and position order.
///
/// Each article is segmented and its facts extracted once, in parallel; token rules run on
/// each draft; fact rules run once over the facts of the whole story, so that they can
/// compare sources, and report only what lies in a draft.
pub fn check_story_with(db: &SourceDb, story: &Story, rules: &[&Rule], aliases: &[&AliasTable]) -> Checked {
    check_story_cached(db, story, rules, aliases, None)
}

/// [`check_story_with`], taking each article's segmentation and extracted facts from `cache`
/// when the same text was seen before, and keeping them there.
pub fn check_story_cached(
    db: &SourceDb,
    story: &Story,
    rules: &[&Rule],
    aliases: &[&AliasTable],
    cache: Option<&ArticleCache>,
) -> Checked {
    check_story_made(db, story, rules, aliases, Made { cache, ahead: None })
}

/// [`check_story_with`], taking the articles of `story` that `ahead` prepared from it.
pub fn check_story_ahead(
    db: &SourceDb,
    story: &Story,
    rules: &[&Rule],
    aliases: &[&AliasTable],
    ahead: &Ahead,
) -> Checked {
    check_story_made(db, story, rules, aliases, Made::ahead(ahead))
}

/// Where the preparations of articles made before a check are taken from.
#[derive(Clone, Copy, Default)]
struct Made<'a> {
    cache: Option<&'a ArticleCache>,
    ahead: Option<&'a Ahead>,
}

impl<'a> Made<'a> {
    /// The articles `ahead` prepared.
    fn ahead(ahead: &'a Ahead) -> Self {
        Made {
            cache: None,
            ahead: Some(ahead),
        }
    }
}

fn check_story_made(db: &SourceDb, story: &Story, rules: &[&Rule], aliases: &[&AliasTable], made: Made<'_>) -> Checked {
    // Facts are extracted only when a rule looks at them.
    let need_facts = rules.iter().any(|r| r.query().is_some());
    // The regexes token rules try at every token are compiled by a core with nothing else
    // to do (a check of one article) while this one extracts; in a busy run, after it, by
    // when they are compiled and this costs nothing.
    let ((mut out, mut notices, docs, _), ()) = rayon::join(
        || extract_story(db, story, rules, aliases, need_facts.then_some(Kinds::Read), made),
        || warm_up(rules),
    );
    if need_facts {
        let store = FactStore::shared(docs);
        // Rules are independent of one another: run in parallel, reported in rule order.
        let found: Vec<(Vec<Diagnostic>, bool)> = rules
            .par_iter()
            .filter_map(|rule| rule.fact_rule().map(|fact_rule| (rule, fact_rule)))
            .map(|(rule, fact_rule)| {
                let query = &fact_rule.query;
                // Only a draft can hold a primary label: references are compared against.
                let primary = match &fact_rule.primary {
                    Some((name, _)) => query.bindings().position(|b| b == name).unwrap_or(0),
                    None => 0,
                };
                // Each row's finding is kept or merged as it is made: a rule may have tens of
                // thousands of rows in a long story and report a handful of findings. The
                // findings of many rows are made a block at a time, side by side, and kept
                // or merged in order.
                let mut reporter = Reporter::new(rule.report);
                let found = query.find_all_where(&store, primary, &|fact| fact[key!("role")] == "draft");
                reporter.push_each(&found.rows, FINDINGS_BLOCK, |row| {
                    query_diagnostic(db, story, rule, fact_rule, &store, row)
                });
                (reporter.finish(), found.stopped)
            })
            .collect();
        let fact_rules = rules.iter().filter(|rule| rule.fact_rule().is_some());
        for (rule, (found, stopped)) in fact_rules.zip(found) {
            out.extend(found);
            if stopped {
                notices.push(stopped_notice(db, story, &rule.id));
            }
        }
    }
    out.sort_by(|a, b| {
        (a.primary.file, a.primary.span.start, &a.rule).cmp(&(b.primary.file, b.primary.span.start, &b.rule))
    });
    Checked {
        diagnostics: out,
        notices,
    }
}

/// Says that `rule` stopped looking at [`query::MAX_ROWS`] combinations of the facts of
/// `story`, naming the story as the user gave it: its folder or `story` key, or else the
/// first of its drafts (a story of references alone has no name: `story` is empty).
fn stopped_notice(db: &SourceDb, story: &Story, rule: &str) -> Notice {
    let n = story.articles.len();
    let articles = format!("{} article{}", thousands(n), if n == 1 { "" } else { "s" });
    let drafts: Vec<FileId> = story
        .articles
        .iter()
        .filter(|a| a.meta.role == Role::Draft)
        .map(|a| a.file)
        .collect();
    let (name, place) = if !story.key.is_empty() {
        (story.key.clone(), format!("story `{}` ({articles})", story.key))
    } else if let Some(&first) = drafts.first() {
        let name = db.get(first).name().to_string();
        let place = format!("the story of `{name}` ({articles})");
        (name, place)
    } else {
        (String::new(), format!("a story of {articles}"))
    };
    Notice {
        rule: rule.to_string(),
        story: name,
        drafts,
        message: format!(
            "`{rule}` stopped after {} combinations of facts in {place}; findings past them were not looked for",
            thousands(query::MAX_ROWS)
        ),
        notes: vec![
            "a rule stops there so that no story can hang a check or fill the memory".to_string(),
            "check fewer articles together; a rule of your own can say that two facts differ \
             (`a.text != b.text`), and the pairs that do not are then never made (docs/rules.md)"
                .to_string(),
        ],
    }
}

/// Says that token rule `rule` stopped after [`MAX_FINDINGS`] findings in `article`.
fn findings_notice(db: &SourceDb, article: &Article, rule: &str) -> Notice {
    let name = db.get(article.file).name().to_string();
    Notice {
        rule: rule.to_string(),
        message: format!(
            "`{rule}` stopped after {} findings in `{name}`; findings past them were not looked for",
            thousands(MAX_FINDINGS)
        ),
        story: name,
        drafts: vec![article.file],
        notes: vec![
            "a rule stops there so that no article can fill the memory or the terminal".to_string(),
            "mend the findings shown and check again, or leave the rule out (`--ignore`)".to_string(),
        ],
    }
}

/// `n` with its thousands set apart by commas: `100,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How many rows of a fact rule have their findings made side by side and then reported,
/// when a rule has more rows than this: fewer are made one after the other.
const FINDINGS_BLOCK: usize = 1024;

/// Compiles the regexes the token rules among `rules` try at every token.
fn warm_up(rules: &[&Rule]) {
    for r in rules {
        if let RuleKind::Tokens(patterns) = &r.kind {
            patterns.iter().for_each(TokenMatcher::warm_up);
        }
    }
}

/// Which facts of an article a story keeps, once extraction rules have read them all.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
enum Kinds {
    /// Those a query of the rules may read in this article (a check): kinds no query names
    /// (durations with the built-in rules) or names only with a test the article fails
    /// (`numeral(role: "reference")` in a draft) are dropped.
    Read,
    /// Every fact (`factlint facts`).
    All,
}

/// What [`extract_story`] makes: the findings of token rules, a notice of each token rule
/// that stopped at [`MAX_FINDINGS`] in an article, each article's facts, the story's
/// entities.
type Extracted = (Vec<Diagnostic>, Vec<Notice>, Vec<Arc<ArticleFacts>>, Vec<Entity>);

/// The findings of token rules on the drafts of a story and, when `kinds` are given, the
/// facts of each article as rules see them: extracted in parallel, mentions resolved over
/// the story, events emitted by extraction rules, with the join keys, the positions and the
/// fields of their article.
fn extract_story(
    db: &SourceDb,
    story: &Story,
    rules: &[&Rule],
    aliases: &[&AliasTable],
    kinds: Option<Kinds>,
    made: Made<'_>,
) -> Extracted {
    let need_facts = kinds.is_some();
    let cache = made.cache;
    let per_article: Vec<ArticleResult> = story
        .articles
        .par_iter()
        .map(|article| {
            // Markdown is linted as the prose a reader sees.
            let text = db.get(article.file).prose();
            let ahead = made.ahead.and_then(|a| a.take(text, article, need_facts));
            let prepared = match (ahead, cache) {
                (Some(prepared), _) => prepared,
                (None, Some(cache)) => cache.prepare(text, article, need_facts),
                (None, None) => Arc::new(Prepared::new(text, article, need_facts)),
            };
            let (seg, words) = (&prepared.seg, &prepared.words);
            // Token rules are independent of one another: in a long article, run side by side;
            // reported in rule order.
            let mut found = Vec::new();
            let mut notices = Vec::new();
            if article.meta.role == Role::Draft {
                let each = facts::map_each(facts::is_long(text), rules, |_, r| match &r.kind {
                    RuleKind::Tokens(patterns) => {
                        let (found, stopped) = token_diagnostics(r, patterns, article, text, seg, words);
                        (report(r, found), stopped.then(|| findings_notice(db, article, &r.id)))
                    }
                    _ => (Vec::new(), None),
                });
                for (rule_found, notice) in each {
                    found.extend(rule_found);
                    notices.extend(notice);
                }
            }
            (found, notices, prepared)
        })
        .collect();
    let mut out = Vec::new();
    let mut notices = Vec::new();
    let mut prepared = Vec::new();
    for (found, stopped, p) in per_article {
        out.extend(found);
        notices.extend(stopped);
        prepared.push(p);
    }
    if !need_facts {
        return (out, notices, Vec::new(), Vec::new());
    }
    // The articles whose facts were extracted, with what was extracted.
    let prepared: Vec<(&Article, Arc<Prepared>)> = story
        .articles
        .iter()
        .zip(prepared)
        .filter(|(_, p)| p.facts.is_some())
        .collect();
    let extracted: Vec<(&str, &Facts)> = prepared
        .iter()
        .filter_map(|(article, p)| Some((db.get(article.file).prose(), p.facts.as_ref()?)))
        .collect();
    // Mentions are resolved over the whole story, so that entities are shared by its articles.
    let (linkings, entities) = facts::link_story(&extracted, aliases);
    drop(extracted);
    // Rules that check drafts against references only apply when there are references.
    let references = story.articles.iter().filter(|a| a.meta.role == Role::Reference).count();
    let queries: Vec<&FactQuery> = rules.iter().filter_map(|r| r.query()).collect();
    // The extraction rules as written, and which facts the queries read, so that facts kept
    // by the cache are used only with rules that make and keep the same.
    let extraction = cache.map(|_| {
        let mut hasher = std::hash::DefaultHasher::new();
        for r in rules.iter().filter(|r| r.is_extraction()) {
            std::hash::Hash::hash(&(&r.id, db.get(r.file).text()), &mut hasher);
        }
        std::hash::Hash::hash(&kinds, &mut hasher);
        for query in &queries {
            query.accepted().for_each(|a| std::hash::Hash::hash(a, &mut hasher));
        }
        std::hash::Hasher::finish(&hasher)
    });
    // Facts as JSON, events, join keys and positions are each article's own: made in
    // parallel, and each article's segmentation and extraction are let go once its facts are
    // made, so that a long story does not hold both for all its articles.
    let docs = linkings
        .into_par_iter()
        .zip(prepared.into_par_iter())
        .enumerate()
        .map(|(doc, (linking, (article, prepared)))| {
            let text = db.get(article.file).prose();
            // Owned when nothing else holds it (a cache does): each part is let go once read,
            // before the facts take their final form; in a long article the parts are half of
            // what is held.
            let mut prepared = Arc::try_unwrap(prepared);
            let fields = ArticleFields {
                doc,
                outlet: article.meta.source.clone(),
                published: article.meta.date.map(|d| d.to_string()),
                role: match article.meta.role {
                    Role::Draft => "draft",
                    Role::Reference => "reference",
                },
                references,
            };
            // An article whose text and links to the story's entities are those of an
            // earlier check (most often a reference, while the draft is typed in) gets that
            // check's facts.
            let key = cache.zip(extraction).map(|(cache, rules)| {
                let key: ArticleKey = (text.to_string(), article.body, article.meta.date);
                (cache, key, FinishedKey::new(rules, &fields))
            });
            if let Some((cache, key, finished)) = &key
                && let Some(done) = cache.finished(key, finished, &linking)
            {
                return done;
            }
            // What the extractors found goes as its facts are made, unless a cache keeps it.
            // (Only articles with facts are here.)
            let found = match &mut prepared {
                Ok(p) => p
                    .facts
                    .take()
                    .map(|found| facts::article_facts_given(text, found, &linking)),
                Err(kept) => kept
                    .facts
                    .as_ref()
                    .map(|found| facts::article_facts(text, found, &linking)),
            };
            let Some(mut facts) = found else {
                return Arc::new(ArticleFacts::default());
            };
            // A cache keeps the links with the facts; without one they go now.
            let linking = key.is_some().then_some(linking);
            // Every extraction rule sees the same facts: their spans are indexed once.
            let index = FactIndex::new(&facts);
            // In a long article, the cores share this work.
            let long = facts::is_long(text);
            let (seg, words) = (&Prepared::of(&prepared).seg, &Prepared::of(&prepared).words);
            let events = facts::map_each(long, rules, |_, r| match &r.kind {
                RuleKind::Extraction { patterns, emit } => emit_events(r, patterns, emit, text, seg, words, &index),
                _ => Vec::new(),
            });
            drop(index);
            facts.extend(events.into_iter().flatten());
            // From here on only where sentences and paragraphs start is read.
            if let Ok(p) = &mut prepared {
                p.words = Words::default();
                p.seg.tokens = Vec::new();
                p.seg.lines = Vec::new();
            }
            let seg = &Prepared::of(&prepared).seg;
            let shared = fields.shared();
            if kinds == Some(Kinds::Read) {
                // Whether each kind is read, decided once: an article has a dozen kinds.
                let mut read: Vec<(String, bool)> = Vec::new();
                facts.retain(|fact| {
                    let kind = fact[key!("kind")].as_str().unwrap_or_default();
                    if let Some((_, r)) = read.iter().find(|(k, _)| k == kind) {
                        return *r;
                    }
                    let r = queries.iter().any(|q| q.reads(kind, &shared));
                    read.push((kind.to_string(), r));
                    r
                });
            }
            facts::add_join_keys(&mut facts, long);
            facts::add_positions(&mut facts, seg, long);
            facts::add_article_fields(&mut facts, &shared, long);
            // The facts are kept while the story is checked: each was made at its size (its
            // own fields are left in a block of their size as what it shares is shared), the
            // list is made so now.
            debug_assert!(facts.iter().all(Value::is_exact), "a fact holds room it does not use");
            facts.shrink_to_fit();
            let done = Arc::new(if cache.is_some() {
                ArticleFacts::kept(facts)
            } else {
                ArticleFacts::from(facts)
            });
            if let (Some((cache, key, finished)), Some(linking)) = (key, linking) {
                cache.keep_finished(key, finished, linking, Arc::clone(&done));
            }
            done
        })
        .collect();
    (out, notices, docs, entities)
}

/// The facts of every article of a story, in story order, exactly as fact rules see them
/// (with the events of the extraction rules among `rules`), and the story's entities; for
/// `factlint facts`.
pub fn story_facts(
    db: &SourceDb,
    story: &Story,
    rules: &[&Rule],
    aliases: &[&AliasTable],
) -> (Vec<Vec<Value>>, Vec<Entity>) {
    story_facts_made(db, story, rules, aliases, Made::default())
}

/// [`story_facts`], taking the articles of `story` that `ahead` prepared from it.
pub fn story_facts_ahead(
    db: &SourceDb,
    story: &Story,
    rules: &[&Rule],
    aliases: &[&AliasTable],
    ahead: &Ahead,
) -> (Vec<Vec<Value>>, Vec<Entity>) {
    story_facts_made(db, story, rules, aliases, Made::ahead(ahead))
}

fn story_facts_made(
    db: &SourceDb,
    story: &Story,
    rules: &[&Rule],
    aliases: &[&AliasTable],
    made: Made<'_>,
) -> (Vec<Vec<Value>>, Vec<Entity>) {
    let (_, _, docs, entities) = extract_story(db, story, rules, aliases, Some(Kinds::All), made);
    // Without a cache nothing else holds the facts: they are taken, not copied.
    let docs = docs
        .into_iter()
        .map(|d| Arc::try_unwrap(d).map_or_else(|d| d.facts().to_vec(), ArticleFacts::into_facts))
        .collect();
    (docs, entities)
}

/// The facts of one article as extraction rules look them up: their spans by fact class
/// for token patterns, and the facts by start for captures. Made once per article.
struct FactIndex<'f> {
    spans: matcher::FactSpans,
    /// The facts with a span, by start (in the order of the facts among those of a start).
    by_start: Vec<(usize, &'f Value)>,
}

impl<'f> FactIndex<'f> {
    fn new(facts: &'f [Value]) -> Self {
        // Facts by start, so that a capture finds the fact it covers without a scan.
        let mut by_start: Vec<(usize, &Value)> = facts
            .iter()
            .filter_map(|f| Some((query::span_of(f)?.start, f)))
            .collect();
        // Stable: facts made in text order are sorted already.
        by_start.sort_by_key(|&(start, _)| start);
        FactIndex {
            spans: matcher::FactSpans::new(facts),
            by_start,
        }
    }
}

/// The events an extraction rule (its `patterns` and `emit`) finds in one article.
#[allow(
    clippy::too_many_arguments,
    reason = "the article is read once and its parts handed to every rule"
)]
fn emit_events(
    rule: &Rule,
    patterns: &[TokenMatcher],
    emit: &Emit,
    text: &str,
    seg: &Segmentation,
    words: &Words,
    facts: &FactIndex<'_>,
) -> Vec<Value> {
    let spans = &facts.spans;
    let mut taken = Taken::default();
    let mut out = Vec::new();
    for pattern in patterns {
        for m in pattern.find_in(text, seg, words, spans) {
            let span = matcher::token_span(seg, &m.tokens);
            if !taken.claim(span) {
                continue;
            }
            let vars = matcher::captures_by_name(pattern, &m);
            // The kind is written in the rule, or is the words a variable captured.
            let kind = match &emit.event_from {
                None => emit.event.clone(),
                Some(var) => match vars.get(var.as_str()) {
                    Some(range) => matcher::token_span(seg, range).text(text).to_lowercase(),
                    None => continue,
                },
            };
            let mut event = crate::value::Map::new();
            event.insert(key!("kind"), Value::from("event"));
            event.insert(key!("event"), Value::from(kind));
            event.insert(key!("rule"), Value::from(rule.id.as_str()));
            event.insert(key!("span"), fact!({"start": span.start, "end": span.end}));
            event.insert(key!("text"), Value::from(span.text(text)));
            for (field, value) in &emit.fields {
                let v = match value {
                    EmitValue::Literal(v) => v.clone(),
                    EmitValue::Capture(var) => match vars.get(var.as_str()) {
                        Some(range) => captured_value(matcher::token_span(seg, range), text, facts),
                        None => Value::Null,
                    },
                };
                event.insert(Key::from(field.as_str()), v);
            }
            out.push(Value::Object(event));
        }
    }
    out
}

/// What a capture stands for: the fact it covers (a date with its value, a mention with its
/// entity), or its words.
fn captured_value(span: Span, text: &str, facts: &FactIndex<'_>) -> Value {
    let first = facts.by_start.partition_point(|&(start, _)| start < span.start);
    let covered = facts.by_start[first..]
        .iter()
        .take_while(|&&(start, _)| start == span.start)
        .map(|&(_, f)| f)
        .filter(|f| f["kind"] != "event" && query::span_of(f).is_some_and(|s| s.end <= span.end))
        .max_by_key(|f| query::span_of(f).map_or(0, |s| s.end));
    match covered {
        Some(f) => (*f).clone(),
        None => fact!({"span": {"start": span.start, "end": span.end}, "text": span.text(text)}),
    }
}

/// Spans already reported by one rule in one article: two patterns of a rule finding the
/// same words are one finding. Kept by start, so a claim costs a lookup, not a scan.
#[derive(Default)]
struct Taken(BTreeMap<usize, usize>);

impl Taken {
    /// Records `span` unless it overlaps a span already taken; returns whether it was free.
    fn claim(&mut self, span: Span) -> bool {
        // Taken spans never overlap one another, so only the last one starting before the end
        // of `span` can overlap it.
        let free = match self.0.range(..span.end.max(span.start + 1)).next_back() {
            Some((_, &end)) => end <= span.start,
            None => true,
        };
        if free {
            self.0.insert(span.start, span.end);
        }
        free
    }
}

/// What checking one article gives: the findings of token rules, a notice of each that
/// stopped at [`MAX_FINDINGS`], and its facts with its segmentation when a fact rule needs
/// them.
type ArticleResult = (Vec<Diagnostic>, Vec<Notice>, Arc<Prepared>);

/// What is made of one article alone, before the story: its segmentation, the index of its
/// words that every token pattern looks words up in, and, when a fact rule needs them, its
/// extracted facts.
#[derive(Debug)]
pub struct Prepared {
    seg: Segmentation,
    words: Words,
    facts: Option<Facts>,
}

impl Prepared {
    /// The preparation, owned or shared.
    fn of(p: &Result<Prepared, Arc<Prepared>>) -> &Prepared {
        match p {
            Ok(p) => p,
            Err(p) => p,
        }
    }

    fn new(text: &str, article: &Article, need_facts: bool) -> Self {
        let seg = segment::segment(text, article.body);
        let (words, facts) = facts::both(
            facts::is_long(text),
            || Words::new(text, &seg),
            || need_facts.then(|| facts::extract(text, article, &seg)),
        );
        Prepared { seg, words, facts }
    }
}

/// What decides an article's segmentation and extraction: the text segmented (its prose),
/// its body and its date.
type ArticleKey = (String, Span, Option<jiff::civil::Date>);

/// Articles segmented and their facts extracted before their check, while the rules are
/// still being compiled: at the start of a short run, that compile and the first articles'
/// extraction take about as long, and a core can do each ([`Ahead::prepare`]). A check takes
/// each article's preparation once ([`check_story_ahead`]); the articles `Ahead` does not
/// hold are prepared as usual.
#[derive(Debug, Default)]
pub struct Ahead {
    /// Each article's preparation, by its file, with what it was made from.
    prepared: Mutex<HashMap<FileId, (ArticleKey, Arc<Prepared>)>>,
}

impl Ahead {
    /// Prepares `articles`, each given with the text it is read from (the prose of its
    /// file, a copy: the database may grow meanwhile), in parallel; their facts are
    /// extracted.
    pub fn prepare(articles: Vec<(String, Article)>) -> Ahead {
        let prepared = articles
            .into_par_iter()
            .map(|(text, article)| {
                let prepared = Arc::new(Prepared::new(&text, &article, true));
                (article.file, ((text, article.body, article.meta.date), prepared))
            })
            .collect();
        Ahead {
            prepared: Mutex::new(prepared),
        }
    }

    /// How many articles it holds.
    pub fn len(&self) -> usize {
        self.prepared.lock().map_or(0, |p| p.len())
    }

    /// Whether it holds no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The preparation of `article`, whose text is `text`, handed over once, when it was
    /// made from the same file, text, body and date.
    fn take(&self, text: &str, article: &Article, need_facts: bool) -> Option<Arc<Prepared>> {
        let mut prepared = self.prepared.lock().unwrap_or_else(PoisonError::into_inner);
        let fits = |((made_from, body, date), p): &(ArticleKey, Arc<Prepared>)| {
            made_from == text
                && *body == article.body
                && *date == article.meta.date
                && (p.facts.is_some() || !need_facts)
        };
        if prepared.get(&article.file).is_some_and(fits) {
            prepared.remove(&article.file).map(|(_, p)| p)
        } else {
            None
        }
    }
}

/// Segmentations and extracted facts kept between checks by a front end that checks the
/// same story again and again (a language server), so that only the articles whose text
/// changed are read again; and each article's final facts (events, join keys, positions),
/// used again when its facts resolve over the story as before. Entries unused for
/// [`ArticleCache::KEEP`] checks are dropped.
#[derive(Debug, Default)]
pub struct ArticleCache {
    entries: Mutex<ArticleEntries>,
}

#[derive(Debug, Default)]
struct ArticleEntries {
    /// The number of the current check.
    check: u64,
    /// Each article's preparation, with the check that last used it.
    by_key: HashMap<ArticleKey, (Arc<Prepared>, u64)>,
    /// Each article's facts as rules saw them in the last check that made them: what they
    /// were made from, and what they became.
    finished: HashMap<ArticleKey, Finished>,
}

/// What an article's final facts depend on besides its resolved facts: the extraction
/// rules and the fields of the article in its story.
#[derive(Debug, PartialEq, Eq)]
struct FinishedKey {
    rules: u64,
    fields: (usize, String, Option<String>, &'static str, usize),
}

impl FinishedKey {
    fn new(rules: u64, f: &ArticleFields) -> Self {
        FinishedKey {
            rules,
            fields: (f.doc, f.outlet.clone(), f.published.clone(), f.role, f.references),
        }
    }
}

/// How an article's mentions were linked to its story's entities, and the facts that made,
/// with events, join keys, positions and article fields.
#[derive(Debug)]
struct Finished {
    key: FinishedKey,
    linking: Linking,
    done: Arc<ArticleFacts>,
}

impl ArticleCache {
    /// How many checks an unused entry survives.
    pub const KEEP: u64 = 8;

    /// Starts a check: drops the entries no recent check used.
    pub fn next_check(&self) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.check += 1;
        let now = entries.check;
        let ArticleEntries { by_key, finished, .. } = &mut *entries;
        let stale: Vec<_> = by_key.extract_if(|_, (_, used)| now - *used >= Self::KEEP).collect();
        let unused: Vec<_> = finished.extract_if(|key, _| !by_key.contains_key(key)).collect();
        drop(entries);
        // An article's facts are thousands of small allocations: they are freed on another
        // thread, so that the check that follows does not wait for it.
        if !stale.is_empty() || !unused.is_empty() {
            rayon::spawn(move || drop((stale, unused)));
        }
    }

    /// The final facts of the article `key` when an earlier check made them with the same
    /// linking to the story's entities, the same rules and the same fields.
    fn finished(&self, key: &ArticleKey, finished: &FinishedKey, linking: &Linking) -> Option<Arc<ArticleFacts>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let kept = entries.finished.get(key)?;
        (kept.key == *finished && kept.linking == *linking).then(|| Arc::clone(&kept.done))
    }

    /// Keeps the final facts `done` of the article `key`, made with `linking`.
    fn keep_finished(&self, key: ArticleKey, finished: FinishedKey, linking: Linking, done: Arc<ArticleFacts>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.finished.insert(
            key,
            Finished {
                key: finished,
                linking,
                done,
            },
        );
    }

    /// How many articles are kept.
    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.by_key.len())
    }

    /// Whether no article is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The preparation of `article`, whose text is `text`: the one kept for the same text,
    /// body and date, or a new one, then kept.
    fn prepare(&self, text: &str, article: &Article, need_facts: bool) -> Arc<Prepared> {
        let key: ArticleKey = (text.to_string(), article.body, article.meta.date);
        {
            let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
            let now = entries.check;
            if let Some((prepared, used)) = entries.by_key.get_mut(&key)
                && (prepared.facts.is_some() || !need_facts)
            {
                *used = now;
                return Arc::clone(prepared);
            }
        }
        // Made outside the lock, so that articles are read in parallel.
        let prepared = Arc::new(Prepared::new(text, article, need_facts));
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let now = entries.check;
        entries.by_key.insert(key, (Arc::clone(&prepared), now));
        prepared
    }
}

/// Keeps the diagnostics a rule reports: all, the first in each article, the first of each
/// message in each article, or one per message in the story.
fn report(rule: &Rule, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut reporter = Reporter::new(rule.report);
    found.into_iter().for_each(|d| reporter.push(d));
    reporter.finish()
}

/// The most secondary labels one merged finding shows: enough to see that several
/// sources agree, few enough to read.
const MAX_MERGED_LABELS: usize = 5;

/// The findings of one rule, kept as its [`Report`] says while they are made, in the order
/// they are made: what it holds is what will be reported, however many findings there were
/// (a story of a thousand articles makes tens of thousands of rows for a rule that reports
/// four findings). What it reports is what sorting every finding by its place in the story
/// (file, then start; of one place, the first made first) and keeping the first of each
/// article, message or span would report.
struct Reporter {
    /// How many findings were made.
    made: usize,
    kept: Kept,
}

/// What a [`Reporter`] keeps, by the rule's [`Report`].
enum Kept {
    All(Vec<Diagnostic>),
    /// The first finding of each file.
    FirstPerArticle(BTreeMap<FileId, Diagnostic>),
    /// The first finding of each message in each file, with the number it was made with.
    FirstPerMessage(HashMap<FileId, HashMap<String, (usize, Diagnostic)>>),
    /// The first finding on each span, with the secondary labels of the others.
    FirstPerSpan(BTreeMap<(FileId, usize, usize), Diagnostic>),
    /// One finding per message.
    OncePerMessage(HashMap<String, MessageGroup>),
}

/// Where a finding is in the story, for [`Reporter`]: its primary label's file and start,
/// then the number it was made with.
type Place = (FileId, usize, usize);

/// The findings of one message, for [`Report::OncePerMessage`]: the first in story order,
/// and of every label of any of them (by file and label message), its first occurrence.
struct MessageGroup {
    first: (Place, Diagnostic),
    labels: LabelsMet,
}

/// Labels by file and message: where the finding of each first occurrence is, the index of
/// the label in it, and the label.
type LabelsMet = HashMap<FileId, HashMap<String, (Place, usize, Label)>>;

/// Adds to `kept` the `labels` of another finding on the same words: those on words it does
/// not point at yet, up to [`MAX_MERGED_LABELS`].
fn merge_labels(kept: &mut Diagnostic, labels: Vec<Label>) {
    for label in labels {
        if kept.secondary.len() < MAX_MERGED_LABELS
            && !kept
                .secondary
                .iter()
                .any(|l| l.file == label.file && l.span == label.span)
        {
            kept.secondary.push(label);
        }
    }
}

/// Keeps in `labels`, of each label of `d` (found at `place`), the first occurrence of its
/// file and message.
fn add_labels(labels: &mut LabelsMet, place: Place, d: &Diagnostic) {
    for (i, label) in std::iter::once(&d.primary).chain(&d.secondary).enumerate() {
        let by_message = labels.entry(label.file).or_default();
        match by_message.get_mut(label.message.as_str()) {
            Some(kept) if (kept.0, kept.1) <= (place, i) => {}
            Some(kept) => *kept = (place, i, label.clone()),
            None => {
                by_message.insert(label.message.clone(), (place, i, label.clone()));
            }
        }
    }
}

impl Reporter {
    fn new(report: Report) -> Self {
        let kept = match report {
            Report::All => Kept::All(Vec::new()),
            Report::FirstPerArticle => Kept::FirstPerArticle(BTreeMap::new()),
            Report::FirstPerMessage => Kept::FirstPerMessage(HashMap::new()),
            Report::FirstPerSpan => Kept::FirstPerSpan(BTreeMap::new()),
            Report::OncePerMessage => Kept::OncePerMessage(HashMap::new()),
        };
        Reporter { made: 0, kept }
    }

    /// Takes the next finding.
    fn push(&mut self, d: Diagnostic) {
        let seq = self.made;
        self.made += 1;
        let (file, start, end) = (d.primary.file, d.primary.span.start, d.primary.span.end);
        match &mut self.kept {
            Kept::All(out) => out.push(d),
            Kept::FirstPerArticle(kept) => match kept.entry(file) {
                btree_map::Entry::Vacant(e) => {
                    e.insert(d);
                }
                btree_map::Entry::Occupied(mut e) => {
                    if start < e.get().primary.span.start {
                        e.insert(d);
                    }
                }
            },
            Kept::FirstPerMessage(kept) => {
                // Looked up by the message as it is: copied only for a new message.
                let by_message = kept.entry(file).or_default();
                match by_message.get_mut(d.message.as_str()) {
                    Some(first) if start < first.1.primary.span.start => *first = (seq, d),
                    Some(_) => {}
                    None => {
                        by_message.insert(d.message.clone(), (seq, d));
                    }
                }
            }
            Kept::FirstPerSpan(kept) => match kept.entry((file, start, end)) {
                btree_map::Entry::Vacant(e) => {
                    e.insert(d);
                }
                btree_map::Entry::Occupied(mut e) => merge_labels(e.get_mut(), d.secondary),
            },
            Kept::OncePerMessage(groups) => {
                let place = (file, start, seq);
                match groups.get_mut(d.message.as_str()) {
                    Some(group) => {
                        add_labels(&mut group.labels, place, &d);
                        if place < group.first.0 {
                            group.first = (place, d);
                        }
                    }
                    None => {
                        let mut labels = HashMap::new();
                        add_labels(&mut labels, place, &d);
                        groups.insert(
                            d.message.clone(),
                            MessageGroup {
                                first: (place, d),
                                labels,
                            },
                        );
                    }
                }
            }
        }
    }

    /// Reports the finding of each of `rows` that has one, in order. When there are `block`
    /// rows or more, the findings of `block` rows at a time are made side by side, then
    /// reported in order.
    fn push_each<R: Sync>(&mut self, rows: &[R], block: usize, finding: impl Fn(&R) -> Option<Diagnostic> + Sync) {
        if rows.len() < block {
            rows.iter().filter_map(finding).for_each(|d| self.push(d));
            return;
        }
        for rows in rows.chunks(block) {
            let found: Vec<Option<Diagnostic>> = rows.par_iter().map(&finding).collect();
            found.into_iter().flatten().for_each(|d| self.push(d));
        }
    }

    /// The findings to report, in the order of their places in the story.
    fn finish(self) -> Vec<Diagnostic> {
        match self.kept {
            Kept::All(out) => out,
            Kept::FirstPerArticle(kept) => kept.into_values().collect(),
            Kept::FirstPerMessage(kept) => {
                let mut kept: Vec<(usize, Diagnostic)> = kept.into_values().flat_map(HashMap::into_values).collect();
                kept.sort_by_key(|(seq, d)| (d.primary.file, d.primary.span.start, *seq));
                kept.into_iter().map(|(_, d)| d).collect()
            }
            Kept::FirstPerSpan(kept) => kept.into_values().collect(),
            Kept::OncePerMessage(groups) => {
                let mut groups: Vec<MessageGroup> = groups.into_values().collect();
                groups.sort_by_key(|g| g.first.0);
                groups
                    .into_iter()
                    .map(|group| {
                        let (_, mut d) = group.first;
                        // The first finding keeps its labels; of the others, each label whose
                        // file and message it does not have, in the order they were met.
                        let own: HashSet<(FileId, &str)> = std::iter::once(&d.primary)
                            .chain(&d.secondary)
                            .map(|l| (l.file, l.message.as_str()))
                            .collect();
                        let mut others: Vec<(Place, usize, Label)> = group
                            .labels
                            .into_values()
                            .flat_map(HashMap::into_values)
                            .filter(|(_, _, l)| !own.contains(&(l.file, l.message.as_str())))
                            .collect();
                        drop(own);
                        others.sort_by_key(|(place, i, _)| (*place, *i));
                        d.secondary.extend(others.into_iter().map(|(_, _, l)| l));
                        d
                    })
                    .collect()
            }
        }
    }
}

/// The most findings one token rule makes in one article: far more than any article has,
/// few enough that an article of one word repeated (a megabyte of `a a a …`) cannot fill the
/// memory or the terminal. The rule stops there, and says so in a notice.
pub const MAX_FINDINGS: usize = 10_000;

/// The findings of a token rule (its `patterns`) in one article, and whether it stopped at
/// [`MAX_FINDINGS`] with more to look for.
fn token_diagnostics(
    rule: &Rule,
    patterns: &[TokenMatcher],
    article: &Article,
    text: &str,
    seg: &Segmentation,
    words: &Words,
) -> (Vec<Diagnostic>, bool) {
    let mut out = Vec::new();
    let mut taken = Taken::default();
    let no_facts = matcher::FactSpans::default();
    for pattern in patterns {
        for m in pattern.find_in(text, seg, words, &no_facts) {
            if out.len() == MAX_FINDINGS {
                return (out, true);
            }
            let span = matcher::token_span(seg, &m.tokens);
            // Two patterns of one rule finding the same words are one finding.
            if !taken.claim(span) {
                continue;
            }
            let vars = matcher::captures_by_name(pattern, &m);
            let fill = |hole: &str| -> Option<String> {
                if hole == "match" {
                    return Some(span.text(text).to_string());
                }
                let range = vars.get(hole.strip_prefix('?')?)?;
                Some(matcher::token_span(seg, range).text(text).to_string())
            };
            // The first fix whose `at` this match binds, with the words it replaces.
            let fix = rule.fixes.iter().find_map(|f| match f.at.as_deref() {
                None => Some((f, span)),
                Some(v) => vars.get(v).map(|r| (f, matcher::token_span(seg, r))),
            });
            out.push(diagnostic(rule, article, text, span, fix, &fill));
        }
    }
    (out, false)
}

/// The field at `path` (names written in a rule's labels and message) inside `fact`.
fn field_at<'v, 'p>(fact: &'v Value, path: impl IntoIterator<Item = &'p str>) -> Option<&'v Value> {
    path.into_iter().try_fold(fact, |v, name| v.get(name))
}

/// The diagnostic of one row of a fact rule, or `None` when its primary label is not in a draft.
fn query_diagnostic<'s>(
    db: &SourceDb,
    story: &Story,
    rule: &Rule,
    fact_rule: &FactRule,
    store: &'s FactStore,
    row: &Row<'s>,
) -> Option<Diagnostic> {
    let query = &fact_rule.query;
    let bindings: Vec<&str> = query.bindings().collect();
    let fact_of = |name: &str| -> Option<&Value> {
        let i = bindings.iter().position(|b| *b == name)?;
        row.facts.get(i).map(|&f| store.get(f))
    };
    let article_of = |fact: &Value| -> Option<&Article> { story.articles.get(fact["doc"].as_u64()? as usize) };
    let (primary_name, primary_path) = match &fact_rule.primary {
        Some((name, path)) => (name.as_str(), path.as_slice()),
        None => (*bindings.first()?, &[][..]),
    };
    let primary_fact = fact_of(primary_name)?;
    let article = article_of(primary_fact)?;
    if article.meta.role != Role::Draft {
        return None;
    }
    let text = db.get(article.file).text();
    let span = field_at(primary_fact, primary_path.iter().map(String::as_str))
        .and_then(query::span_of)
        .or_else(|| query::span_of(primary_fact))?;
    // The fact of the first secondary label, which the primary label is compared with.
    let compared_with = fact_rule
        .labels
        .first()
        .and_then(|(name, _)| fact_of(name.split('.').next()?));
    // A narrowed label must stay inside the fact's own words.
    let inside = |narrow: Option<Span>, whole: Span| narrow.filter(|n| n.start >= whole.start && n.end <= whole.end);
    let span = match compared_with {
        Some(other) if fact_rule.focus_differences => {
            inside(textcmp::differing_spans(primary_fact, other).0, span).unwrap_or(span)
        }
        _ => span,
    };
    let fill = |hole: &str| -> Option<String> {
        if hole == "match" {
            return Some(query::display(primary_fact, text));
        }
        if let Some(expr) = fact_rule.hole_exprs.get(hole) {
            return Some(query::display(&query.eval(expr, row, store), text));
        }
        if let Some(var) = hole.strip_prefix('?') {
            let i = query.variables().iter().position(|v| v == var)?;
            return row.vars.get(i).map(|v| query::display(v, text));
        }
        let mut path = hole.split('.');
        let fact = fact_of(path.next()?)?;
        let source = article_of(fact).map_or(text, |a| db.get(a.file).text());
        field_at(fact, path).map(|v| query::display(v, source))
    };
    let fix = rule.fixes.first().map(|f| (f, span));
    let mut d = diagnostic(rule, article, text, span, fix, &fill);
    for (name, template) in &fact_rule.labels {
        let mut path = name.split('.');
        let Some(fact) = path.next().and_then(fact_of) else {
            continue;
        };
        let target = field_at(fact, path)
            .and_then(query::span_of)
            .or_else(|| query::span_of(fact));
        let target = match target {
            Some(whole) if fact_rule.focus_differences => {
                inside(textcmp::differing_spans(primary_fact, fact).1, whole).or(target)
            }
            _ => target,
        };
        let (Some(other), Some(other_span)) = (article_of(fact), target) else {
            continue;
        };
        d.secondary
            .push(Label::new(other.file, other_span, template.render(&fill)));
    }
    Some(d)
}

fn diagnostic(
    rule: &Rule,
    article: &Article,
    text: &str,
    span: Span,
    fix: Option<(&FixTemplate, Span)>,
    fill: &dyn Fn(&str) -> Option<String>,
) -> Diagnostic {
    let fix = fix.map(|(f, at)| {
        let replacement = match_case(at.text(text), f.replacement.render(fill));
        // Deleting every word of a line deletes the line.
        let at = if replacement.is_empty() {
            crate::fix::deletion_span(text, at)
        } else {
            at
        };
        Fix {
            safety: f.safety,
            edits: vec![Edit {
                file: article.file,
                span: at,
                replacement,
            }],
        }
    });
    Diagnostic {
        rule: rule.id.clone(),
        severity: rule.severity,
        message: rule.message.render(fill),
        primary: Label::new(article.file, span, rule.label.render(fill)),
        secondary: Vec::new(),
        notes: rule.notes.clone(),
        help: rule.help.as_ref().map(|h| h.render(fill)),
        fix,
    }
}

/// Capitalises the replacement when the words it replaces start with a capital, so that a
/// fix at the start of a sentence keeps the sentence capitalised.
fn match_case(replaced: &str, replacement: String) -> String {
    let starts_upper = replaced.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if starts_upper && first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => replacement,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::query::FactQuery;
    use crate::source::FileId;

    #[test]
    fn counts_in_notices_set_their_thousands_apart() {
        let written: Vec<String> = [0, 7, 999, 1_000, 3_000, 100_000, 1_234_567].map(thousands).into();
        assert_eq!(written, ["0", "7", "999", "1,000", "3,000", "100,000", "1,234,567"]);
    }

    /// The facts of a real story as the built-in rules see them, with those rules.
    fn real_story(files: &[(&str, &str, Role)]) -> (FactStore, Vec<Rule>) {
        let mut db = SourceDb::new();
        let story = story_of(&mut db, files);
        let (rules, problems) = crate::rules::load_builtin(&mut db);
        assert!(problems.is_empty(), "{problems:?}");
        let refs: Vec<&Rule> = rules.iter().collect();
        let (docs, _) = story_facts(&db, &story, &refs, &[AliasTable::builtin()]);
        (FactStore::new(docs), rules)
    }

    /// A draft and its wires, as `factlint check draft.md --against wires` reads them.
    const DRAFT_AND_WIRES: [(&str, &str, Role); 3] = [
        ("draft.md", include_str!("../examples/draft/draft.md"), Role::Draft),
        (
            "wire-a.txt",
            include_str!("../examples/draft/wires/wire-a.txt"),
            Role::Reference,
        ),
        (
            "wire-b.txt",
            include_str!("../examples/draft/wires/wire-b.txt"),
            Role::Reference,
        ),
    ];

    /// `files` (name, text, role) as one story of `db`.
    fn story_of(db: &mut SourceDb, files: &[(&str, &str, Role)]) -> Story {
        let articles = files
            .iter()
            .map(|(name, text, role)| {
                let file = db.add(*name, *text);
                crate::article::parse(db, file, "test", *role).expect("an article")
            })
            .collect();
        Story {
            key: String::new(),
            articles,
        }
    }

    /// The articles of `story`, each with a copy of its text, as the command line hands a
    /// short first story to [`Ahead::prepare`].
    fn with_texts(db: &SourceDb, story: &Story) -> Vec<(String, Article)> {
        story
            .articles
            .iter()
            .map(|a| (db.get(a.file).prose().to_string(), a.clone()))
            .collect()
    }

    /// The draft and its wires, the built-in rules, and what a fresh check of them finds.
    fn draft_check() -> (SourceDb, Story, Vec<Rule>, Checked) {
        let mut db = SourceDb::new();
        let story = story_of(&mut db, &DRAFT_AND_WIRES);
        let (rules, problems) = crate::rules::load_builtin(&mut db);
        assert!(problems.is_empty(), "{problems:?}");
        let refs: Vec<&Rule> = rules.iter().collect();
        let fresh = check_story_with(&db, &story, &refs, &[AliasTable::builtin()]);
        (db, story, rules, fresh)
    }

    #[test]
    fn articles_prepared_ahead_give_the_findings_and_facts_of_a_fresh_check() {
        let (db, story, rules, fresh) = draft_check();
        let rules: Vec<&Rule> = rules.iter().collect();
        let aliases = [AliasTable::builtin()];
        assert!(!fresh.diagnostics.is_empty(), "the draft has findings to compare");
        let ahead = Ahead::prepare(with_texts(&db, &story));
        assert_eq!(ahead.len(), 3);
        assert_eq!(check_story_ahead(&db, &story, &rules, &aliases, &ahead), fresh);
        // Each preparation is handed over once: a second check prepares its own.
        assert!(ahead.is_empty());
        assert_eq!(check_story_ahead(&db, &story, &rules, &aliases, &ahead), fresh);

        let ahead = Ahead::prepare(with_texts(&db, &story));
        assert_eq!(
            story_facts_ahead(&db, &story, &rules, &aliases, &ahead),
            story_facts(&db, &story, &rules, &aliases)
        );
        assert!(ahead.is_empty());
    }

    #[test]
    fn an_article_prepared_from_another_text_date_or_body_is_prepared_again() {
        let (db, story, rules, fresh) = draft_check();
        let rules: Vec<&Rule> = rules.iter().collect();
        // The draft read a year later (its relative dates resolve to other days), a wire
        // with another figure, and the other wire read from its second paragraph on.
        let mut other = with_texts(&db, &story);
        assert!(other[0].1.meta.date.is_some(), "the draft has a date");
        other[0].1.meta.date = other[0]
            .1
            .meta
            .date
            .map(|d| d.saturating_add(jiff::Span::new().years(1)));
        assert!(other[1].0.contains("Thirty-two people"), "{}", other[1].0);
        other[1].0 = other[1].0.replace("Thirty-two people", "Forty people");
        let (text, wire) = &mut other[2];
        wire.body.start = text[wire.body.start..]
            .find("\n\n")
            .map_or(text.len(), |i| wire.body.start + i);
        let ahead = Ahead::prepare(other);
        assert_eq!(
            check_story_ahead(&db, &story, &rules, &[AliasTable::builtin()], &ahead),
            fresh
        );
        // None was taken.
        assert_eq!(ahead.len(), 3);
    }

    /// The facts of each article as a check of `story` with `rules` keeps them, and as
    /// `factlint facts` gives them.
    fn kept_and_all(db: &SourceDb, story: &Story, rules: &[&Rule]) -> [Vec<Vec<Value>>; 2] {
        [Kinds::Read, Kinds::All].map(|kinds| {
            let (_, _, docs, _) =
                extract_story(db, story, rules, &[AliasTable::builtin()], Some(kinds), Made::default());
            docs.iter().map(|d| d.facts().to_vec()).collect()
        })
    }

    /// The kinds of `facts`, each once.
    fn kinds_of(facts: &[Value]) -> BTreeSet<&str> {
        facts.iter().filter_map(|f| f[key!("kind")].as_str()).collect()
    }

    /// A check keeps the facts a query of its rules may read, and no other: with the
    /// built-in rules, no duration anywhere (no rule reads one) and no numeral in the draft
    /// (rules read the numerals of references), and every built-in rule binds the same facts
    /// and values as over every fact, in the same order. A user's rule that reads durations
    /// keeps them.
    #[test]
    fn a_check_keeps_the_facts_its_rules_read() {
        let (mut db, story, rules, _) = draft_check();
        let refs: Vec<&Rule> = rules.iter().collect();
        let [kept, all] = kept_and_all(&db, &story, &refs);
        // The draft and the first wire, which has a duration ("five years").
        let (draft, wire) = (kinds_of(&kept[0]), kinds_of(&kept[1]));
        assert!(kinds_of(&all[0]).contains("numeral") && kinds_of(&all[1]).contains("duration"));
        assert!(!draft.contains("numeral"), "{draft:?}");
        assert!(wire.contains("numeral") && !wire.contains("duration"), "{wire:?}");
        for (kept, all) in kept.iter().zip(&all) {
            // What is kept is kept whole, in order.
            let of_kept_kinds: Vec<&Value> = all
                .iter()
                .filter(|f| kinds_of(kept).contains(f[key!("kind")].as_str().unwrap_or_default()))
                .collect();
            assert_eq!(kept.iter().collect::<Vec<_>>(), of_kept_kinds);
        }
        assert!(kept[0].len() < all[0].len() && kept[1].len() < all[1].len());
        let (kept, all) = (FactStore::new(kept), FactStore::new(all));
        let bound = |q: &FactQuery, store: &FactStore| -> Vec<(Vec<Value>, Vec<Value>)> {
            q.find_all(store)
                .iter()
                .map(|r| {
                    let facts = r.facts.iter().map(|&f| store.get(f).clone()).collect();
                    (facts, r.vars.iter().map(|v| (*v).clone()).collect())
                })
                .collect()
        };
        let mut rows = 0;
        for rule in &rules {
            let Some(q) = rule.query() else { continue };
            let found = bound(q, &all);
            rows += found.len();
            assert!(bound(q, &kept) == found, "{}", rule.id);
        }
        assert!(rows >= 10, "{rows}");

        let durations = crate::rules::load_text(
            &mut db,
            "house/durations.toml",
            "id = \"durations\"\nseverity = \"info\"\nsummary = \"A duration\"\nwhen = 'duration() as d'\nmessage = \"{d.text}\"\n",
        )
        .expect("a rule");
        let [kept, all] = kept_and_all(&db, &story, &[&durations]);
        assert_eq!(kinds_of(&kept[1]), BTreeSet::from(["duration"]));
        let durations_of = |facts: &[Value]| facts.iter().filter(|f| f[key!("kind")] == "duration").count();
        assert_eq!(durations_of(&kept[1]), durations_of(&all[1]));
        assert!(kept[0].is_empty(), "{:?}", kept[0]);
    }

    /// Facts a cache keeps are used again only with rules that read the same: a rule that
    /// reads durations, loaded after a check that kept none, finds the wire's duration.
    #[test]
    fn a_cache_keeps_facts_for_the_rules_that_read_them() {
        let mut db = SourceDb::new();
        // The wire with a duration ("five years"), checked as a draft.
        let story = story_of(&mut db, &[(DRAFT_AND_WIRES[1].0, DRAFT_AND_WIRES[1].1, Role::Draft)]);
        let (rules, problems) = crate::rules::load_builtin(&mut db);
        assert!(problems.is_empty(), "{problems:?}");
        let mut refs: Vec<&Rule> = rules.iter().collect();
        let aliases = [AliasTable::builtin()];
        let cache = ArticleCache::default();
        assert_eq!(
            check_story_cached(&db, &story, &refs, &aliases, Some(&cache)),
            check_story_with(&db, &story, &refs, &aliases)
        );
        let durations = crate::rules::load_text(
            &mut db,
            "house/durations.toml",
            "id = \"durations\"\nseverity = \"info\"\nsummary = \"A duration\"\nwhen = 'duration() as d'\nmessage = \"{d.text}\"\n",
        )
        .expect("a rule");
        refs.push(&durations);
        let found = check_story_cached(&db, &story, &refs, &aliases, Some(&cache));
        assert_eq!(found, check_story_with(&db, &story, &refs, &aliases));
        assert!(found.diagnostics.iter().any(|d| d.message == "five years"), "{found:?}");
    }

    /// What each row binds, and what each row of the rows of the draft's facts binds.
    fn rows_of(q: &FactQuery, store: &FactStore) -> [Vec<(Vec<usize>, Vec<Value>)>; 2] {
        let bound = |rows: Vec<Row<'_>>| {
            rows.iter()
                .map(|r| (r.facts.to_vec(), r.vars.iter().map(|v| (*v).clone()).collect()))
                .collect()
        };
        [
            bound(q.find_all(store)),
            bound(q.find_all_where(store, 0, &|fact| fact[key!("role")] == "draft").rows),
        ]
    }

    /// Every built-in rule finds the same rows, in the same order, whether its patterns are
    /// joined in the planned order, as written, or as written with every condition and `not`
    /// pattern run on whole rows only (no fact tested alone): over the example story, a story
    /// whose sources disagree on a death toll, and the draft example with its wires (where
    /// the draft's facts are filtered before the joins).
    #[test]
    fn every_built_in_rule_finds_the_same_rows_in_any_join_order() {
        let landslide = |name: &str| match name {
            "01" => include_str!("../tests/fixtures/story/landslide/01-wire.txt"),
            "02" => include_str!("../tests/fixtures/story/landslide/02-broadcaster.txt"),
            _ => include_str!("../tests/fixtures/story/landslide/03-daily.txt"),
        };
        let stories = [
            real_story(&[
                (
                    "nbc-news.txt",
                    include_str!("../examples/baghdad/nbc-news.txt"),
                    Role::Draft,
                ),
                (
                    "the-hill.txt",
                    include_str!("../examples/baghdad/the-hill.txt"),
                    Role::Draft,
                ),
            ]),
            real_story(&[
                ("01-wire.txt", landslide("01"), Role::Draft),
                ("02-broadcaster.txt", landslide("02"), Role::Draft),
                ("03-daily.txt", landslide("03"), Role::Draft),
            ]),
            real_story(&DRAFT_AND_WIRES),
        ];
        // The rows of rules joined in another order than written, and of every rule.
        let (mut reordered, mut found) = (0, 0);
        for (store, mut rules) in stories {
            for rule in &mut rules {
                let RuleKind::Facts(f) = &mut rule.kind else { continue };
                let q = &mut f.query;
                let planned = rows_of(q, &store);
                found += planned[0].len();
                if q.reordered() {
                    reordered += planned[0].len();
                }
                for (late, how) in [(false, "as written"), (true, "as written, conditions on whole rows")] {
                    q.join_as_written(late);
                    let other = rows_of(q, &store);
                    assert!(planned == other, "{}: {planned:?}\n{how}: {other:?}", rule.id);
                }
            }
        }
        assert!(reordered >= 2, "{reordered}");
        assert!(found >= 20, "{found}");
    }

    #[test]
    fn match_case_keeps_a_capital() {
        assert_eq!(match_case("A", "an".into()), "An");
        assert_eq!(match_case("a", "an".into()), "an");
        assert_eq!(match_case("The", "the".into()), "The");
    }

    fn finding(message: &str, primary: (u32, usize), secondary: &[(u32, usize)]) -> Diagnostic {
        let label =
            |(file, start): (u32, usize), text: &str| Label::new(FileId(file), Span::new(start, start + 5), text);
        Diagnostic {
            rule: "consistency/name-spelling".into(),
            severity: crate::diagnostic::Severity::Warning,
            message: message.into(),
            primary: label(primary, "odd"),
            secondary: secondary.iter().map(|&s| label(s, "usual")).collect(),
            notes: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// What a rule reports, written the plain way: every finding sorted by its place in the
    /// story (file, then start; stable), then the first of each article, message or span
    /// kept. [`Reporter`] must report the same while holding only what it reports.
    fn sorted_then_kept(report: Report, mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if report == Report::All {
            // Every finding, in the order made (the run sorts every rule's findings later).
            return found;
        }
        found.sort_by_key(|d| (d.primary.file, d.primary.span.start));
        match report {
            Report::All => {}
            Report::FirstPerArticle => found.dedup_by_key(|d| d.primary.file),
            Report::FirstPerMessage => {
                let mut seen = HashSet::new();
                found.retain(|d| seen.insert((d.primary.file, d.message.clone())));
            }
            Report::FirstPerSpan => {
                found.sort_by_key(|d| (d.primary.file, d.primary.span.start, d.primary.span.end));
                let mut merged: Vec<Diagnostic> = Vec::new();
                for d in found {
                    match merged.last_mut() {
                        Some(last) if last.primary.file == d.primary.file && last.primary.span == d.primary.span => {
                            merge_labels(last, d.secondary);
                        }
                        _ => merged.push(d),
                    }
                }
                return merged;
            }
            Report::OncePerMessage => {
                let mut out: Vec<Diagnostic> = Vec::new();
                let mut by_message: HashMap<String, usize> = HashMap::new();
                let mut labelled = HashSet::new();
                for d in found {
                    let Some(&i) = by_message.get(&d.message) else {
                        by_message.insert(d.message.clone(), out.len());
                        for l in std::iter::once(&d.primary).chain(&d.secondary) {
                            labelled.insert((out.len(), l.file, l.message.clone()));
                        }
                        out.push(d);
                        continue;
                    };
                    for l in std::iter::once(d.primary).chain(d.secondary) {
                        if labelled.insert((i, l.file, l.message.clone())) {
                            out[i].secondary.push(l);
                        }
                    }
                }
                return out;
            }
        }
        found
    }

    /// A finding drawn from few files, places and messages, so that they often coincide.
    fn any_finding() -> impl proptest::strategy::Strategy<Value = Diagnostic> {
        use proptest::prelude::*;
        let label = (0u32..3, 0usize..4, 1usize..3, 0usize..3).prop_map(|(file, start, len, message)| {
            Label::new(
                FileId(file),
                Span::new(start, start + len),
                ["odd", "usual", ""][message],
            )
        });
        (0usize..3, label.clone(), proptest::collection::vec(label, 0..4)).prop_map(|(message, primary, secondary)| {
            let mut d = finding("", (0, 0), &[]);
            d.message = format!("message {message}");
            d.primary = primary;
            d.secondary = secondary;
            d
        })
    }

    /// Every way of reporting a rule's findings.
    const REPORTS: [Report; 5] = [
        Report::All,
        Report::FirstPerArticle,
        Report::FirstPerMessage,
        Report::FirstPerSpan,
        Report::OncePerMessage,
    ];

    proptest::proptest! {
        #[test]
        fn a_reporter_reports_what_sorting_every_finding_would(
            found in proptest::collection::vec(any_finding(), 0..40),
            mode in 0usize..5,
        ) {
            let report = REPORTS[mode];
            let mut reporter = Reporter::new(report);
            found.iter().cloned().for_each(|d| reporter.push(d));
            proptest::prop_assert_eq!(reporter.finish(), sorted_then_kept(report, found));
        }

        /// Findings made a block at a time on every core are reported as if made one after
        /// the other, rows without a finding among them.
        #[test]
        fn findings_made_side_by_side_are_reported_in_order(
            found in proptest::collection::vec(any_finding(), 0..40),
            mode in 0usize..5,
            block in 1usize..8,
        ) {
            let report = REPORTS[mode];
            let rows: Vec<(usize, Diagnostic)> = found.into_iter().enumerate().collect();
            let finding = |(i, d): &(usize, Diagnostic)| (i % 3 != 1).then(|| d.clone());
            let mut one_by_one = Reporter::new(report);
            rows.iter().filter_map(finding).for_each(|d| one_by_one.push(d));
            let mut side_by_side = Reporter::new(report);
            side_by_side.push_each(&rows, block, finding);
            proptest::prop_assert_eq!(side_by_side.finish(), one_by_one.finish());
        }
    }

    #[test]
    fn once_per_message_merges_a_story_into_one_diagnostic() {
        let found = vec![
            finding("`Malcom` is also spelled `Malcolm`", (2, 10), &[(0, 4)]),
            finding("`Malcom` is also spelled `Malcolm`", (2, 10), &[(1, 7)]),
            // The odd spelling in a second article, and the usual one twice in one article.
            finding("`Malcom` is also spelled `Malcolm`", (3, 1), &[(0, 40)]),
            finding("`Qasem` is also spelled `Qassem`", (1, 3), &[(0, 9)]),
        ];
        let mut reporter = Reporter::new(Report::OncePerMessage);
        found.into_iter().for_each(|d| reporter.push(d));
        let out = reporter.finish();
        assert_eq!(out.len(), 2, "one diagnostic per message");
        // In story order: the first `Qasem` (file 1) before the first `Malcom` (file 2).
        assert_eq!(out[0].message, "`Qasem` is also spelled `Qassem`");
        let malcom = &out[1];
        assert_eq!((malcom.primary.file, malcom.primary.span.start), (FileId(2), 10));
        let secondary: Vec<(u32, usize, &str)> = malcom
            .secondary
            .iter()
            .map(|l| (l.file.0, l.span.start, l.message.as_str()))
            .collect();
        assert_eq!(secondary, [(0, 4, "usual"), (1, 7, "usual"), (3, 1, "odd")]);
        assert_eq!(out[0].secondary.len(), 1);
    }
}

//! The facts of an article — every extractor run over its text and segmentation — and of a
//! story, whose mentions are resolved to entities shared by all its articles.

use std::borrow::Cow;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use rayon::prelude::*;

use crate::value::{Alike, Key, Map, Shared, Value};

use crate::article::Article;
use crate::evidence;
use crate::extract::entity::{self, AliasTable, Entity, Mention};
use crate::extract::number::{self, Numeral, Quantity};
use crate::extract::quote::{self, QuoteExtraction};
use crate::extract::time::{self, TimeExtraction};
use crate::segment::Segmentation;
use crate::span::Span;
use crate::words;

/// Everything extracted from one article.
#[derive(Debug)]
pub struct Facts {
    /// Dates, times, durations and sets, and impossible dates.
    pub times: TimeExtraction,
    /// Numbers and quantities.
    pub numbers: Vec<Quantity>,
    /// Every number written in digits, whatever it stands for.
    pub numerals: Vec<Numeral>,
    /// Quotations, attributions, refusals and anonymous sources.
    pub quotes: QuoteExtraction,
    /// Mentions of people, organisations and places, not yet resolved to entities.
    pub mentions: Vec<Mention>,
}

/// Runs every extractor over the body of `article`, whose text is `text`.
pub fn extract(text: &str, article: &Article, seg: &Segmentation) -> Facts {
    extract_with(text, article.body, article.meta.date, seg, is_long(text))
}

/// [`extract`] over the `body` of an article published on `date`, its extractors side by
/// side when `long`.
fn extract_with(text: &str, body: Span, date: Option<jiff::civil::Date>, seg: &Segmentation, long: bool) -> Facts {
    // The extractors read the text apart from one another (numbers after dates): in a long
    // article, at once.
    let times_and_numbers = || {
        let times = time::extract_times(text, body, date);
        // Years, dates and times are not quantities: the numbers inside them are left out.
        let taken: Vec<Span> = times
            .exprs
            .iter()
            .map(|t| t.span)
            .chain(times.invalid.iter().map(|i| i.span))
            .collect();
        let numbers = number::extract_numbers(text, body, &taken);
        (times, numbers)
    };
    let mentions = || {
        let sentences: Vec<Span> = seg.sentences.iter().map(|s| s.span).collect();
        entity::find_mentions(text, body, &sentences)
    };
    // The two longest first, on two cores (names, then quotations; dates and numbers, then
    // numerals).
    let ((mentions, quotes), ((times, numbers), numerals)) = both(
        long,
        || both(long, mentions, || quote::extract_quotes(text, body, &seg.paragraphs)),
        || both(long, times_and_numbers, || number::find_numerals(text, body)),
    );
    Facts {
        times,
        numbers,
        numerals,
        quotes,
        mentions,
    }
}

/// The facts of a story: each article's facts as JSON, with mentions resolved to the
/// story's entities.
#[derive(Debug, Default)]
pub struct StoryFacts {
    /// Per article, in story order: its facts, in text order.
    pub docs: Vec<Vec<Value>>,
    /// The story's entities; `entities[i].id == i`.
    pub entities: Vec<Entity>,
}

/// What one article's facts take from its story, mention by mention in the article's order:
/// the entity each names and what the story says of it. Two checks that give an article the
/// same linking give it the same facts, so a front end that checks a story again and again
/// keeps an article's facts for as long as its text and linking stay the same.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Linking(Vec<Linked>);

/// One mention's entity: its number, and the kind, the name and the spellings that this
/// mention's spelling reads as a misspelling of, as the story gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Linked {
    id: usize,
    entity: Option<(&'static str, String, Vec<String>)>,
}

/// The mentions of a story's articles (`(text, facts)` in story order) resolved to entities,
/// consulting `aliases` in order: each article's [`Linking`], and the story's entities.
pub fn link_story(docs: &[(&str, &Facts)], aliases: &[&AliasTable]) -> (Vec<Linking>, Vec<Entity>) {
    let mentions: Vec<&[Mention]> = docs.iter().map(|(_, f)| f.mentions.as_slice()).collect();
    let resolution = entity::resolve(&mentions, aliases);
    // Spellings the gazetteer or an alias table gives, for the case rule of `is_misspelling`.
    let listed: HashSet<&str> = docs
        .iter()
        .flat_map(|(_, f)| &f.mentions)
        .filter_map(|m| m.listed.as_deref())
        .collect();
    let usage = spelling_usage(docs, &resolution.mention_entity, &listed);
    let entities = resolution.entities;
    let linkings = docs
        .iter()
        .enumerate()
        .map(|(i, (_, facts))| {
            let ids = resolution.mention_entity.get(i).map(Vec::as_slice).unwrap_or(&[]);
            let linked = facts.mentions.iter().zip(ids).map(|(m, &id)| {
                let entity = entities.get(id).map(|e| {
                    // The spellings of its group of variants that this one reads as a
                    // misspelling of ("Washington post" / "Washington Post"): only those the
                    // story prefers, so that a pair of spellings is flagged once, at the odd one.
                    let rank = |n: &str| usage.get(&(id, n)).copied().unwrap_or_default();
                    let variants: Vec<String> = e
                        .variants
                        .iter()
                        .find(|group| group.contains(&m.name))
                        .map(|group| {
                            group
                                .iter()
                                .filter(|n| {
                                    rank(n) > rank(&m.name)
                                        && is_misspelling(&m.name, n, &listed, e.kind.as_str() == "person")
                                })
                                .filter(|n| !within_full_names(&m.name, n, &e.variants))
                                .cloned()
                                .collect()
                        })
                        .unwrap_or_default();
                    (e.kind.as_str(), e.name.clone(), variants)
                });
                Linked { id, entity }
            });
            Linking(linked.collect())
        })
        .collect();
    (linkings, entities)
}

/// One article's facts as JSON (`text` and what was extracted from it), with mentions
/// naming the entity its `linking` gives them, and so the speakers, sources and subjects
/// that are mentions. A long article's facts share what many facts have alike already;
/// others' are whole until given their article's fields ([`add_article_fields`]).
pub fn article_facts(text: &str, facts: &Facts, linking: &Linking) -> Vec<Value> {
    article_facts_with(text, Parts::lent(facts), linking, is_long(text))
}

/// [`article_facts`] of what was extracted and is needed no more: each part of it is let go
/// as soon as its facts are made, so that a long article does not hold both whole.
pub(crate) fn article_facts_given(text: &str, facts: Facts, linking: &Linking) -> Vec<Value> {
    article_facts_with(text, Parts::given(facts), linking, is_long(text))
}

/// What was extracted from an article, each part lent or given ([`article_facts_given`]).
struct Parts<'f> {
    quotes: Cow<'f, QuoteExtraction>,
    times: Cow<'f, TimeExtraction>,
    numbers: Cow<'f, [Quantity]>,
    numerals: Cow<'f, [Numeral]>,
    mentions: Cow<'f, [Mention]>,
}

impl<'f> Parts<'f> {
    fn lent(facts: &'f Facts) -> Self {
        Parts {
            quotes: Cow::Borrowed(&facts.quotes),
            times: Cow::Borrowed(&facts.times),
            numbers: Cow::Borrowed(&facts.numbers),
            numerals: Cow::Borrowed(&facts.numerals),
            mentions: Cow::Borrowed(&facts.mentions),
        }
    }

    fn given(facts: Facts) -> Self {
        Parts {
            quotes: Cow::Owned(facts.quotes),
            times: Cow::Owned(facts.times),
            numbers: Cow::Owned(facts.numbers),
            numerals: Cow::Owned(facts.numerals),
            mentions: Cow::Owned(facts.mentions),
        }
    }
}

/// Every fact but mentions as JSON, in the order they are made (quotations, time
/// expressions, impossible dates, numbers, numerals), with room for `more`; each part is let
/// go once read. Each fact is `finish`ed as soon as it is made.
fn others_json(
    text: &str,
    quotes: Cow<'_, QuoteExtraction>,
    times: Cow<'_, TimeExtraction>,
    numbers: Cow<'_, [Quantity]>,
    numerals: Cow<'_, [Numeral]>,
    more: usize,
    mut finish: impl FnMut(&mut Value),
) -> Vec<Value> {
    let quoted = quotes.to_fact_json(text);
    drop(quotes);
    let mut facts = Vec::with_capacity(
        quoted.len() + times.exprs.len() + times.invalid.len() + numbers.len() + numerals.len() + more,
    );
    let mut finished = |mut fact: Value| {
        finish(&mut fact);
        fact
    };
    facts.extend(quoted.into_iter().map(&mut finished));
    facts.extend(times.exprs.iter().map(|t| finished(t.to_fact_json(text))));
    facts.extend(times.invalid.iter().map(|i| finished(i.to_fact_json(text))));
    drop(times);
    facts.extend(numbers.iter().map(|n| finished(n.to_fact_json(text))));
    drop(numbers);
    facts.extend(numerals.iter().map(|n| finished(n.to_fact_json(text))));
    facts
}

/// Shares the fields of `fact` that a great many facts have alike ([`is_alike`]) with the
/// facts `alike` has been given. A long article's facts are shared as soon as each is made,
/// so that they are not held whole while the next are made (there the facts as they are made
/// are the peak; the fact's own fields are left in a block of their size, and those a story
/// gives it later are a few). Other articles' facts are shared once, with their article's
/// fields ([`add_article_fields`]): sharing them twice cost more than their few hundred
/// facts held whole until then.
fn share_alike(alike: &mut Alike, fact: &mut Value) {
    if let Value::Object(map) = fact {
        map.share_alike(alike, is_alike);
    }
}

/// [`article_facts`], made by every core when `long`.
fn article_facts_with(text: &str, parts: Parts<'_>, linking: &Linking, long: bool) -> Vec<Value> {
    let Parts {
        quotes,
        times,
        numbers,
        numerals,
        mentions,
    } = parts;
    // By end, so that the mention ending at a phrase's end is found by binary search.
    let mut spans: Vec<(Span, usize)> = mentions
        .iter()
        .map(|m| m.span)
        .zip(linking.0.iter().map(|l| l.id))
        .collect();
    spans.sort_by_key(|(s, _)| (s.end, s.start));
    // The quoted words of every quotation, by start: a mention inside them is the speaker's
    // words, not the article's.
    let mut quoted: Vec<Span> = quotes.quotes.iter().flat_map(|q| q.parts.iter().copied()).collect();
    quoted.sort_by_key(|s| (s.start, s.end));
    // The facts other than mentions, and the mentions, are made apart; the mentions are
    // added to the others' list, made with room for them.
    let more = mentions.len();
    // A long article's facts give up their alike fields as soon as each is made (the others'
    // once given their article's fields, `add_article_fields`).
    let alike = || long.then(Alike::unbased);
    let others = || {
        let mut alike = alike();
        others_json(text, quotes, times, numbers, numerals, more, |fact| {
            link_entities(fact, &spans);
            if let Some(alike) = &mut alike {
                share_alike(alike, fact);
            }
        })
    };
    // What the mentions were extracted as goes once their facts are made.
    let mentions = move || {
        map_each_with(long, &mentions, alike, |alike, i, m| {
            let linked = &linking.0[i];
            let mut v = entity::mention_fact_json(m, linked.id, text);
            if let Value::Object(map) = &mut v {
                // (Room grown here goes once the fact is parted: its own fields are then left
                // in a block of their size.)
                map.insert(key!("quoted"), Value::from(inside_any(m.span, &quoted)));
                if let Some((kind, name, variants)) = &linked.entity {
                    map.insert(key!("type"), Value::from(*kind));
                    map.insert(key!("canonical"), Value::from(name.as_str()));
                    map.insert(key!("variants"), fact!(variants));
                }
            }
            if let Some(alike) = alike {
                share_alike(alike, &mut v);
            }
            v
        })
    };
    let (mut json, mentions) = both(long, others, mentions);
    json.extend(mentions);
    // One stable sort of the two lists: the facts of one span stay in the order they were
    // made, as when each list is sorted first.
    sort_facts(&mut json);
    json
}

/// An article this long or longer (a transcript, a report, a dump of many articles as one)
/// is read by every core at once: its extractors run side by side, and passes over its facts
/// are shared. A run of many articles already keeps every core busy with articles of their
/// own: theirs run one after the other, as the work of one article.
const LONG: usize = 64 * 1024;

/// Whether `text` is a long article ([`LONG`]).
pub(crate) fn is_long(text: &str) -> bool {
    text.len() >= LONG
}

/// Runs `a` and `b`: side by side when `parallel`, else one after the other.
pub(crate) fn both<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if parallel { rayon::join(a, b) } else { (a(), b()) }
}

/// `f` of each of `items` (with its number), in order: shared by the cores when
/// `parallel`.
pub(crate) fn map_each<T: Sync, U: Send>(
    parallel: bool,
    items: &[T],
    f: impl Fn(usize, &T) -> U + Sync + Send,
) -> Vec<U> {
    map_each_with(parallel, items, || (), |_, i, t| f(i, t))
}

/// [`map_each`], `f` given what `init` makes: once on one core, once for each run of items
/// a core takes on many.
pub(crate) fn map_each_with<T: Sync, U: Send, S>(
    parallel: bool,
    items: &[T],
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, usize, &T) -> U + Sync + Send,
) -> Vec<U> {
    if parallel {
        items
            .par_iter()
            .enumerate()
            .map_init(init, |s, (i, t)| f(s, i, t))
            .collect()
    } else {
        let mut s = init();
        items.iter().enumerate().map(|(i, t)| f(&mut s, i, t)).collect()
    }
}

/// Calls `f` on each of `items`: shared by the cores, a few hundred at a time, when
/// `parallel`.
pub(crate) fn each_mut<T: Send>(parallel: bool, items: &mut [T], f: impl Fn(&mut T) + Sync + Send) {
    if parallel {
        items.par_iter_mut().with_min_len(256).for_each(f);
    } else {
        items.iter_mut().for_each(f);
    }
}

/// Resolves the mentions of a story's articles (`(text, facts)` in story order) to entities,
/// consulting `aliases` in order, and gives every article's facts as JSON: mentions name their
/// entity, and so do the speakers, sources and subjects that are mentions.
pub fn story_facts(docs: &[(&str, &Facts)], aliases: &[&AliasTable]) -> StoryFacts {
    let (linkings, entities) = link_story(docs, aliases);
    StoryFacts {
        docs: docs
            .iter()
            .zip(&linkings)
            .map(|((text, facts), linking)| article_facts(text, facts, linking))
            .collect(),
        entities,
    }
}

/// Whether `span` lies inside one of `spans`, sorted by start. Parts of quotations do not
/// overlap, so only the last part starting at or before `span` can hold it.
fn inside_any(span: Span, spans: &[Span]) -> bool {
    let n = spans.partition_point(|s| s.start <= span.start);
    n > 0 && spans[n - 1].end >= span.end
}

/// Whether two one-word spellings ("Lasalle" / "LaSalle") are the difference between two
/// full names of the entity that are variants too ("Anthony Lasalle" / "Anthony LaSalle"):
/// the pair is then reported once, at the full names.
fn within_full_names(word: &str, other: &str, groups: &[Vec<String>]) -> bool {
    if word.contains(' ') || other.contains(' ') {
        return false;
    }
    groups.iter().any(|g| {
        g.iter().any(|full| {
            let words: Vec<&str> = full.split_whitespace().collect();
            words.len() >= 2
                && words.iter().enumerate().any(|(i, w)| {
                    *w == word && {
                        let mut swapped = words.clone();
                        swapped[i] = other;
                        g.contains(&swapped.join(" "))
                    }
                })
        })
    })
}

/// How much a story uses one spelling of an entity's name, ordered so that the spelling the
/// story prefers is the greatest: a spelling the gazetteer or an alias table gives, then the
/// one more articles use, then the one used more often, then the one seen first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Usage {
    listed: bool,
    articles: usize,
    mentions: usize,
    /// Story position of the first use, reversed: earlier is greater.
    first: std::cmp::Reverse<(usize, usize)>,
}

/// The [`Usage`] of every (entity, spelling) of a story.
fn spelling_usage<'a>(
    docs: &'a [(&str, &Facts)],
    mention_entity: &[Vec<usize>],
    listed: &HashSet<&str>,
) -> HashMap<(usize, &'a str), Usage> {
    let mut usage: HashMap<(usize, &str), Usage> = HashMap::new();
    for (d, (_, facts)) in docs.iter().enumerate() {
        let ids = mention_entity.get(d).map(Vec::as_slice).unwrap_or(&[]);
        let mut counted = HashSet::new();
        for (i, (m, &id)) in facts.mentions.iter().zip(ids).enumerate() {
            let key = (id, m.name.as_str());
            let u = usage.entry(key).or_insert_with(|| Usage {
                listed: listed.contains(m.name.as_str()),
                articles: 0,
                mentions: 0,
                first: std::cmp::Reverse((d, i)),
            });
            u.mentions += 1;
            if counted.insert(key) {
                u.articles += 1;
            }
        }
    }
    usage
}

/// Whether two spellings of one name differ in a way a reader would call a misspelling: in
/// letters ("Jermayne" / "Jerymayne"), or in case ("Washington post" / "Washington Post") —
/// but not when the difference is only punctuation ("U.S" / "US", "SAP-Arena" / "SAP Arena")
/// or a word set in capitals, as headlines and bylines do ("CHARGERS" / "Chargers").
///
/// A word that differs only by its first letter's case ("Gaza City" / "Gaza city") is house
/// style as often as a slip, so it counts only for a name the gazetteer or an alias table
/// lists (`listed`): "Washington post" is not how the Post writes its name. Case inside a word
/// counts in a person's name ("LaSalle" / "Lasalle") and in a listed one; in the name of a
/// company or a product it is house style ("YouTube" / "Youtube", "VeriSign" / "Verisign").
fn is_misspelling(a: &str, b: &str, listed: &HashSet<&str>, person: bool) -> bool {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    // A leading "The" is part of some names and not of others' style: not a misspelling.
    let bare = |s: &str| -> String {
        let l = letters(s);
        l.strip_prefix("the")
            .filter(|_| s.to_lowercase().starts_with("the "))
            .map_or(l.clone(), str::to_string)
    };
    if a == b || bare(a) == bare(b) && letters(a) != letters(b) {
        return false;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split_whitespace().collect(), b.split_whitespace().collect());
    if letters(a) != letters(b) {
        // A word and its plural ("Packer" / "Packers") are two words, not a slip: a team
        // name used as a title, or two relatives ("Adam" / "Adams").
        let plural = |x: &str, y: &str| {
            let (x, y) = (x.to_lowercase(), y.to_lowercase());
            x.strip_suffix('s') == Some(y.as_str()) || y.strip_suffix('s') == Some(x.as_str())
        };
        return !(wa.len() == wb.len()
            && wa
                .iter()
                .zip(&wb)
                .all(|(x, y)| x.to_lowercase() == y.to_lowercase() || plural(x, y)));
    }
    // Same letters: a misspelling only when some word differs in case without either form
    // being set in capitals, and the words are the same words.
    let capitals = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase);
    let initial_only = |x: &str, y: &str| {
        let (mut cx, mut cy) = (x.chars(), y.chars());
        cx.next();
        cy.next();
        cx.as_str() == cy.as_str()
    };
    let known = listed.contains(a) || listed.contains(b);
    if !person && !known {
        return false;
    }
    // A name ending in a generic noun whose case differs ("UN security council") follows a
    // house style that lowercases the description.
    let generic_tail = wa.len() >= 2
        && wa.len() == wb.len()
        && wa.last() != wb.last()
        && wa.last().is_some_and(|w| is_generic_noun(w));
    wa.len() == wb.len()
        && wa.iter().zip(&wb).all(|(x, y)| x.to_lowercase() == y.to_lowercase())
        && wa
            .iter()
            .zip(&wb)
            .any(|(x, y)| x != y && !capitals(x) && !capitals(y) && (!initial_only(x, y) || known && !generic_tail))
}

/// Common nouns that name what kind of thing a name is ("Gaza City", "People Magazine",
/// "Security Council"): house styles differ on capitalising them after a name ("Gaza city",
/// "the UN security council"), so their initial's case is style, not spelling.
fn is_generic_noun(word: &str) -> bool {
    const GENERIC: &[&str] = &[
        "agency",
        "airport",
        "army",
        "bank",
        "bridge",
        "church",
        "city",
        "college",
        "commission",
        "committee",
        "council",
        "county",
        "court",
        "department",
        "district",
        "hospital",
        "island",
        "lake",
        "magazine",
        "ministry",
        "mountains",
        "newspaper",
        "park",
        "party",
        "prison",
        "province",
        "region",
        "river",
        "school",
        "square",
        "state",
        "station",
        "stadium",
        "street",
        "strip",
        "university",
        "valley",
    ];
    GENERIC.contains(&word.to_lowercase().as_str())
}

/// Fills `entity` in the objects of a fact that name someone (a speaker, a source, a
/// subject) with the entity of the mention their span, or their antecedent's, overlaps.
fn link_entities(v: &mut Value, mentions: &[(Span, usize)]) {
    let Value::Object(map) = v else { return };
    if map.get_key(key!("entity")).is_some_and(Value::is_null) {
        let span_of = |key: Key, map: &Map| -> Option<Span> {
            let s = map.get_key(key)?;
            let s = if key == key!("antecedent") {
                s.get_key(key!("span"))?
            } else {
                s
            };
            Some(Span::new(
                s.get_key(key!("start"))?.as_u64()? as usize,
                s.get_key(key!("end"))?.as_u64()? as usize,
            ))
        };
        let target = span_of(key!("antecedent"), map).or_else(|| span_of(key!("span"), map));
        // The mention must reach the end of the words, where an English noun phrase has its
        // head: "the Washington post" is the Post, but "two US officials" are not the US.
        let first = target.map_or(mentions.len(), |t| mentions.partition_point(|(m, _)| m.end < t.end));
        if let Some(target) = target
            && let Some((_, id)) = mentions[first..]
                .iter()
                .take_while(|(m, _)| m.start < target.end || m.end == target.end)
                .find(|(m, _)| m.start < target.end && m.end >= target.end)
        {
            map.insert(key!("entity"), Value::from(*id));
        }
    }
    for (key, child) in map.iter_mut() {
        if key != "span" {
            link_entities(child, mentions);
        }
    }
}

/// Sorts facts by start, longest first; a stable sort, so that facts of one span keep their
/// order. Each fact's span is read once, not at every comparison.
fn sort_facts(facts: &mut [Value]) {
    let start = |v: &Value| v[key!("span")][key!("start")].as_u64().unwrap_or(0);
    let end = |v: &Value| v[key!("span")][key!("end")].as_u64().unwrap_or(0);
    facts.sort_by_cached_key(|v| (start(v), std::cmp::Reverse(end(v))));
}

impl Facts {
    /// Every fact but mentions as a JSON object of `docs/facts.md`, in text order; mentions
    /// need the story ([`story_facts`]).
    pub fn to_json(&self, text: &str) -> Vec<Value> {
        let parts = Parts::lent(self);
        let mut facts = others_json(
            text,
            parts.quotes,
            parts.times,
            parts.numbers,
            parts.numerals,
            0,
            |_| {},
        );
        sort_facts(&mut facts);
        facts
    }
}

/// What every fact of an article knows of the article in a story (the article fields of
/// the fact schema).
#[derive(Clone, Debug)]
pub struct ArticleFields {
    /// The article's number in its story.
    pub doc: usize,
    /// The outlet.
    pub outlet: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// `draft` or `reference`.
    pub role: &'static str,
    /// How many reference articles the story has: rules that check a draft against
    /// references apply only when there are some.
    pub references: usize,
}

impl ArticleFields {
    /// The fields as every fact of the article has them, kept once ([`Shared`]).
    pub fn shared(&self) -> Shared {
        Shared::new(Map::from_fields([
            (key!("doc"), Value::from(self.doc)),
            (key!("outlet"), Value::from(self.outlet.as_str())),
            (
                key!("published"),
                self.published.as_deref().map_or(Value::Null, Value::from),
            ),
            (key!("role"), Value::from(self.role)),
            (key!("references"), Value::from(self.references)),
        ]))
    }
}

/// Adds to each fact the fields of its article ([`ArticleFields::shared`]), so that rules
/// can join facts of one article (`doc: ?d`), compare outlets, and tell drafts from
/// references. The article's fields are kept once for the article and shared by its facts,
/// beside those of a fact's fields that a great many facts have alike ([`is_alike`]), each
/// set kept once: taken out of each fact here, or, in a long article, as the fact was made
/// (then only its article's fields are set beside them here; an event, made after, gives up
/// its alike fields here too).
pub fn add_article_fields(facts: &mut [Value], article: &Shared, parallel: bool) {
    if parallel {
        facts
            .par_iter_mut()
            .with_min_len(256)
            .for_each_init(|| Alike::new(article), share_alike);
    } else {
        let mut alike = Alike::new(article);
        facts.iter_mut().for_each(|fact| share_alike(&mut alike, fact));
    }
}

/// Whether a field of a fact holds what a great many facts hold alike, saying nothing of the
/// fact in particular: its kind, a null, `true` or `false`, an empty list. These are a third
/// of the fields of a story's facts, and a few dozen sets of them make up all it has.
pub fn is_alike(key: Key, value: &Value) -> bool {
    key == key!("kind")
        || matches!(value, Value::Null | Value::Bool(_))
        || value.as_array().is_some_and(|items| items.is_empty())
}

/// Adds a quotation's join keys: its word trigrams (`shingles`) and its content words
/// (`terms`), so that rules can join the quotations of one statement across sources without
/// comparing every pair.
pub fn add_join_keys(facts: &mut [Value], parallel: bool) {
    each_mut(parallel, facts, |fact| {
        if fact[key!("kind")] == "quote"
            && let Value::Object(map) = fact
        {
            let keys = map
                .get_key(key!("text"))
                .and_then(Value::as_str)
                .map(words::shingles)
                .unwrap_or_default();
            map.reserve_exact(2);
            map.insert(key!("shingles"), Value::from(keys));
            let terms = map
                .get_key(key!("text"))
                .and_then(Value::as_str)
                .map(evidence::terms)
                .unwrap_or_default();
            map.insert(key!("terms"), Value::from(terms));
        }
    });
}

/// Adds to each fact the index of the sentence and of the paragraph it starts in, so that
/// rules can join facts of one sentence (`sentence: ?s`).
pub fn add_positions(facts: &mut [Value], seg: &Segmentation, parallel: bool) {
    each_mut(parallel, facts, |fact| {
        let start = fact[key!("span")][key!("start")].as_u64().unwrap_or(0) as usize;
        let sentence = seg.sentences.partition_point(|s| s.span.end <= start);
        let paragraph = seg.paragraphs.partition_point(|p| p.end <= start);
        if let Value::Object(map) = fact {
            map.reserve_exact(2);
            if sentence < seg.sentences.len() {
                map.insert(key!("sentence"), Value::from(sentence));
            }
            if paragraph < seg.paragraphs.len() {
                map.insert(key!("paragraph"), Value::from(paragraph));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Facts share the fields a great many facts have alike, and their article's, once given
    /// them (a long article's share the former as soon as they are made, as
    /// `a_long_article_is_read_alike_by_one_core_and_by_many` checks):
    /// each reads and prints as it would with every field its own, and an article's facts
    /// share a few sets kept once.
    #[test]
    fn facts_share_what_many_have_alike_in_a_few_sets() {
        let text = include_str!("../examples/baghdad/nbc-news.txt");
        let (body, date) = (Span::new(0, text.len()), crate::article::parse_date("2020-01-07"));
        let seg = crate::segment::segment(text, body);
        let found = extract_with(text, body, date, &seg, false);
        let (linkings, _) = link_story(&[(text, &found)], &[]);
        let mut facts = article_facts(text, &found, &linkings[0]);
        // The facts but mentions made with every field their own (`to_json` shares none);
        // the mentions as they read.
        let whole: Vec<serde_json::Value> = found
            .to_json(text)
            .iter()
            .map(Value::to_json)
            .chain(facts.iter().filter(|f| f["kind"] == "mention").map(Value::to_json))
            .collect();
        let article = ArticleFields {
            doc: 0,
            outlet: "nbc-news".to_string(),
            published: Some("2020-01-07".to_string()),
            role: "draft",
            references: 1,
        }
        .shared();
        // An article that is not long: its facts are shared once its fields are known.
        assert!(!is_long(text));
        assert!(
            facts
                .iter()
                .all(|f| f.as_object().is_some_and(|m| m.shared().is_none()))
        );
        add_article_fields(&mut facts, &article, false);
        let mut sets: Vec<Shared> = Vec::new();
        for fact in &mut facts {
            let mut expected = whole
                .iter()
                .find(|w| w["span"] == fact["span"].to_json() && w["kind"] == fact["kind"].to_json())
                .expect("the fact made whole")
                .clone();
            let with = |e: &mut serde_json::Value, k: &str, v: serde_json::Value| e[k] = v;
            with(&mut expected, "doc", 0.into());
            with(&mut expected, "outlet", "nbc-news".into());
            with(&mut expected, "published", "2020-01-07".into());
            with(&mut expected, "role", "draft".into());
            with(&mut expected, "references", 1.into());
            let Value::Object(map) = fact else {
                panic!("a fact is an object")
            };
            // Entities are linked in a story: the facts of `to_json` name none.
            fn unlinked(v: &mut serde_json::Value) {
                match v {
                    serde_json::Value::Object(m) => {
                        m.remove("entity");
                        m.values_mut().for_each(unlinked);
                    }
                    serde_json::Value::Array(items) => items.iter_mut().for_each(unlinked),
                    _ => {}
                }
            }
            let mut got = Value::Object(map.clone()).to_json();
            unlinked(&mut got);
            unlinked(&mut expected);
            assert_eq!(got, expected);
            let shared = map.shared().expect("shares fields").clone();
            assert!(shared.same_base(&article), "the article's fields");
            assert!(map.own_mut().all(|(k, v)| !is_alike(Key::from(k), v)), "{map:?}");
            if !sets.iter().any(|s| s.same(&shared)) {
                sets.push(shared);
            }
        }
        assert!(
            facts.len() > 100 && sets.len() * 5 < facts.len(),
            "{} facts share {} sets",
            facts.len(),
            sets.len()
        );
    }

    /// A long article is read by every core at once: its facts are those one core finds,
    /// in the same order, whether what was extracted is lent or given to be let go.
    #[test]
    fn a_long_article_is_read_alike_by_one_core_and_by_many() {
        let seeds = [
            include_str!("../examples/baghdad/nbc-news.txt"),
            include_str!("../examples/baghdad/the-hill.txt"),
        ];
        let mut text = String::new();
        while !is_long(&text) {
            for seed in seeds {
                text.push_str(seed);
                text.push_str("\n\n");
            }
        }
        let (body, date) = (Span::new(0, text.len()), crate::article::parse_date("2020-01-07"));
        let seg = crate::segment::segment(&text, body);
        let (one, many) = (
            extract_with(&text, body, date, &seg, false),
            extract_with(&text, body, date, &seg, true),
        );
        assert_eq!(one.to_json(&text), many.to_json(&text));
        assert!(
            one.mentions.len() > 500 && one.quotes.quotes.len() > 50,
            "a long article's facts"
        );
        let (linkings, _) = link_story(&[(text.as_str(), &one)], &[]);
        let alone = article_facts_with(&text, Parts::lent(&one), &linkings[0], false);
        let shared = article_facts_with(&text, Parts::lent(&one), &linkings[0], true);
        assert_eq!(alone, shared);
        // A long article's facts share what many have alike as soon as they are made, before
        // the fields of their article are known: none is left among their own.
        for fact in &shared {
            let mut map = fact.as_object().expect("a fact is an object").clone();
            assert!(map.shared().is_some(), "{map:?}");
            assert!(map.own_mut().all(|(k, v)| !is_alike(Key::from(k), v)), "{map:?}");
        }
        // What was extracted, given rather than lent, makes the same facts.
        assert_eq!(alone, article_facts_given(&text, many, &linkings[0]));
        assert_eq!(alone, article_facts(&text, &one, &linkings[0]));
        let mut facts = alone.clone();
        add_join_keys(&mut facts, true);
        add_positions(&mut facts, &seg, true);
        let mut expected = alone;
        add_join_keys(&mut expected, false);
        add_positions(&mut expected, &seg, false);
        assert_eq!(facts, expected);
        assert_eq!(
            map_each(true, &facts, |i, f| (i, f.clone())),
            map_each(false, &facts, |i, f| (i, f.clone()))
        );
    }

    #[test]
    fn a_mention_inside_quoted_words_is_quoted() {
        let parts = [Span::new(10, 20), Span::new(30, 40)];
        assert!(inside_any(Span::new(12, 18), &parts));
        assert!(inside_any(Span::new(30, 40), &parts));
        assert!(!inside_any(Span::new(18, 25), &parts), "runs past the quoted words");
        assert!(!inside_any(Span::new(22, 28), &parts), "between two parts");
        assert!(!inside_any(Span::new(2, 5), &parts));
        assert!(!inside_any(Span::new(2, 5), &[]));
    }

    #[test]
    fn a_surname_slip_is_reported_at_the_full_names() {
        let groups = vec![
            vec!["Anthony LaSalle".to_string(), "Anthony Lasalle".to_string()],
            vec!["LaSalle".to_string(), "Lasalle".to_string()],
        ];
        assert!(within_full_names("Lasalle", "LaSalle", &groups));
        assert!(!within_full_names("Anthony Lasalle", "Anthony LaSalle", &groups));
        assert!(!within_full_names("Lasalle", "LaSalle", &groups[1..]), "no full names");
    }

    #[test]
    fn misspellings_are_told_from_house_style() {
        let listed: HashSet<&str> = ["Washington Post"].into_iter().collect();
        let none = HashSet::new();
        assert!(
            is_misspelling("Washington post", "Washington Post", &listed, false),
            "a listed name's case"
        );
        assert!(
            !is_misspelling("Gaza city", "Gaza City", &none, true),
            "an initial's case in an unlisted name"
        );
        assert!(is_misspelling("Lasalle", "LaSalle", &none, true), "case inside a word");
        assert!(
            !is_misspelling("Verisign", "VeriSign", &none, false),
            "a company's house style"
        );
        assert!(
            is_misspelling("Malcom Tucker", "Malcolm Tucker", &none, true),
            "letters"
        );
        assert!(!is_misspelling("CHARGERS", "Chargers", &none, true), "capitals");
        assert!(!is_misspelling("U.S", "US", &none, true), "punctuation");
        assert!(
            !is_misspelling("Packer Tom Brenner", "Packers Tom Brenner", &none, true),
            "a word and its plural"
        );
        assert!(
            is_misspelling("Carmen Vasquez", "Carmen Vazquez", &none, true),
            "a surname's letters"
        );
        let listed_city: HashSet<&str> = ["Gaza City", "People Magazine", "UN Security Council"]
            .into_iter()
            .collect();
        assert!(
            !is_misspelling("Gaza city", "Gaza City", &listed_city, false),
            "a generic noun's initial in a listed name"
        );
        assert!(
            !is_misspelling("UN security council", "UN Security Council", &listed_city, false),
            "a lowercased description"
        );
        assert!(
            !is_misspelling("People magazine", "People Magazine", &listed_city, false),
            "a generic noun's initial in a listed name"
        );
        assert!(
            !is_misspelling("Thick Of It", "The Thick Of It", &none, true),
            "a leading The"
        );
    }
}

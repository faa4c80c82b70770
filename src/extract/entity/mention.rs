//! Finding the names one document mentions.
//!
//! The document is cut into words; capitalised words that follow each other
//! with nothing but spaces (or the brackets of "[Matthew]") between them form
//! a chunk; inside a chunk, titles, gazetteer names and the remaining name
//! words are told apart from left to right. Lone capitalised words that are
//! common English words ("Critics", "Embassy", "MORE") are dropped unless the
//! same document uses them inside a full name.

use foldhash::{HashSet, HashSetExt};

use super::gazetteer::{Doc, Entry, EntryKind, Gazetteer, push_lower};
use super::token::{ALLCAPS, AMP, CAP, DIGIT, GLUED, HYPHEN_LOWER, INITIAL, LOWER, Lexicon, POSS, Tok, tokenize};
use super::{EntityKind, Evidence, Mention};
use crate::span::Span;

/// Lower-case words that may sit inside a name ("Bank of America",
/// "Department of Health and Human Services").
const CONNECTORS: &[&str] = &["of", "for", "and", "on", "the"];

/// Name particles written in lower case ("Ludwig van Beethoven", "Osama bin Laden").
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "abu", "bint", "de", "di", "da", "du", "del", "della", "der", "den", "van", "von", "le",
    "la", "dos", "das", "ben",
];

/// Arabic articles written with a hyphen ("Mustafa al-Kadhimi", "Abd ar-Rahman").
const HYPHEN_PARTICLES: &[&str] = &["al", "el", "ad", "ash", "as", "at", "ar", "an", "ud", "ul"];

/// First words that make a name a place ("Mount Cook", "Lake Tahoe", "Fort Hood").
const PLACE_PREFIXES: &[&str] = &["Mount", "Mt.", "Lake", "Cape", "Fort", "Port", "Isle", "Gulf"];

/// Words before a title that say its holder no longer holds it ("former
/// Defense Secretary", "the then Foreign Minister").
const FORMER_MARKERS: &[&str] = &["former", "then", "ex", "erstwhile"];

/// Lower-case words before a title that make it another post ("deputy
/// defense secretary", "Under Secretary of State", "acting attorney general").
const TITLE_QUALIFIERS: &[&str] = &[
    "deputy",
    "assistant",
    "under",
    "acting",
    "interim",
    "associate",
    "shadow",
    "junior",
    "incoming",
    "outgoing",
    "designate",
    "caretaker",
];

/// Prepositions after which a lone unknown name is most likely a place.
const PLACE_PREPOSITIONS: &[&str] = &["in", "near", "outside", "across", "throughout", "inside"];

/// A mention under construction.
#[derive(Debug)]
struct Cand {
    start: usize,
    first_tok: usize,
    last_tok: usize,
    name: String,
    kind: EntityKind,
    evidence: Evidence,
    roles: Vec<String>,
    /// A title marked as no longer held ("former", "then").
    former: bool,
    /// Where the last title written before the name ends.
    title_end: Option<usize>,
    listed: Option<String>,
    nickname: Option<String>,
    /// One unknown capitalised word: kept only if the document supports it.
    weak_single: bool,
    /// Found in a title-case line, where capitals prove nothing.
    headline: bool,
}

/// Finds the mentions of people, organisations and places in `text[body]`.
/// `sentences` are the spans of the document's sentences (any order); the
/// first word of each is treated as possibly capitalised only by position.
pub fn find_mentions(text: &str, body: Span, sentences: &[Span]) -> Vec<Mention> {
    let g = Gazetteer::builtin();
    let Span { start, end } = body.clamp_to(text);
    let lex = Lexicon {
        abbreviations: &g.abbreviations,
        camel: &g.camel,
        split_glued: true,
    };
    let mut toks = tokenize(text, start, end, &lex);
    // Which sentence each token is in is read only to find title-case lines: it goes once
    // they are found (in a long article it is as large as a third of the tokens).
    let headline = {
        let sentence_of = mark_initials(text, g, &mut toks, sentences);
        headline_tokens(text, g, &toks, &sentence_of)
    };
    let mut finder = Finder {
        text,
        g,
        toks: &toks,
        headline,
        out: Vec::new(),
        key: String::new(),
    };
    finder.run();
    let cands = finder.out;
    finish(text, g, &toks, cands)
}

/// Flags the first word of every sentence, line and quotation as `INITIAL`,
/// and returns the sentence index of each token ([`OUTSIDE`] when outside all).
fn mark_initials(text: &str, g: &Gazetteer, toks: &mut [Tok], sentences: &[Span]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    order.sort_by_key(|&i| (sentences[i].start, sentences[i].end));
    let mut of = vec![OUTSIDE; toks.len()];
    let mut p = 0;
    let mut last_marked = usize::MAX;
    let mut prev_end = toks.first().map_or(0, |t| t.start());
    let mut prev_start = prev_end;
    for (n, t) in toks.iter_mut().enumerate() {
        while p < order.len() && sentences[order[p]].end <= t.start() {
            p += 1;
        }
        if p < order.len() && sentences[order[p]].start <= t.start() {
            // A sentence of an article read (at most 64 MiB) is numbered below `OUTSIDE`.
            of[n] = u32::try_from(p).unwrap_or(OUTSIDE - 1);
            if last_marked != p {
                last_marked = p;
                // A segmenter may cut after "Gen." or an initial; the name
                // that follows is no sentence start.
                let after_abbreviation = n > 0 && {
                    let prev = &text[prev_start..prev_end];
                    prev.ends_with('.') && (prev.chars().count() == 2 || g.is_title_word(prev))
                };
                if !after_abbreviation {
                    t.flags |= INITIAL;
                }
            }
        }
        // Words after a line break, an opening quote, a colon or a dash
        // start a new unit of text too.
        if n == 0 {
            t.flags |= INITIAL;
        } else if let Some(gap) = text.get(prev_end..t.start())
            // An opening quote sits right before the word; a closing one
            // ("…," Jones said) does not make the next word initial.
            && (gap.contains(['\n', ':', '—', '–']) || gap.ends_with(['“', '"', '‘']))
        {
            t.flags |= INITIAL;
        }
        (prev_start, prev_end) = (t.start(), t.full_end());
    }
    of
}

/// The sentence of a token outside every sentence ([`mark_initials`]).
const OUTSIDE: u32 = u32::MAX;

/// Marks the tokens of title-case lines ("Lindsay Lohan Checks Into Betty
/// Ford Center"), where capitals say nothing about names.
fn headline_tokens(text: &str, g: &Gazetteer, toks: &[Tok], sentence_of: &[u32]) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    let mut i = 0;
    let mut lower = String::new();
    while i < toks.len() {
        let s = sentence_of[i];
        let mut j = i;
        let (mut caps, mut long_lowers) = (0usize, 0usize);
        while j < toks.len() && sentence_of[j] == s {
            let t = toks[j];
            if t.has(CAP) {
                caps += 1;
            } else if t.has(LOWER) && t.end() - t.start() > g.max_stopword_len() {
                long_lowers += 1;
            }
            j += 1;
        }
        // Long lower-case words are never function words; only when they
        // leave room for a title-case line are the short ones looked up.
        let mut counted = caps + long_lowers;
        if s != OUTSIDE && caps * 4 >= counted * 3 {
            for t in &toks[i..j] {
                if t.has(LOWER) && t.end() - t.start() <= g.max_stopword_len() {
                    lower.clear();
                    push_lower(&mut lower, &text[t.start()..t.end()]);
                    if !g.is_stopword(&lower) {
                        counted += 1;
                    }
                }
            }
        }
        if s != OUTSIDE && counted >= 4 && caps * 4 >= counted * 3 {
            out[i..j].iter_mut().for_each(|h| *h = true);
        }
        i = j.max(i + 1);
    }
    out
}

struct Finder<'a> {
    text: &'a str,
    g: &'static Gazetteer,
    toks: &'a [Tok],
    headline: Vec<bool>,
    out: Vec<Cand>,
    key: String,
}

/// A name word waiting to be interpreted, or a connector between name words.
#[derive(Clone, Copy, Debug)]
struct Part {
    tok: usize,
    connector: bool,
}

/// Titles seen before a name.
#[derive(Default)]
struct Roles {
    start: Option<usize>,
    roles: Vec<String>,
    titled: bool,
    /// "former", "ex" or "then" is written before a title.
    former: bool,
    /// Where the last title ends.
    end: Option<usize>,
}

impl<'a> Finder<'a> {
    fn doc(&self) -> Doc<'a> {
        Doc {
            text: self.text,
            toks: self.toks,
        }
    }

    fn word(&self, i: usize) -> &'a str {
        let t = self.toks[i];
        &self.text[t.start()..t.end()]
    }

    fn lower(&self, i: usize) -> String {
        let mut s = String::new();
        push_lower(&mut s, self.word(i));
        s
    }

    /// The text between tokens `a` and `b`.
    fn gap(&self, a: usize, b: usize) -> &'a str {
        self.text
            .get(self.toks[a].full_end()..self.toks[b].start())
            .unwrap_or("")
    }

    /// True when only spaces (and the brackets of "[Matthew]") separate `a` and `b`.
    fn joined(&self, a: usize, b: usize) -> bool {
        if self.toks[b].has(GLUED) || self.toks[a].has(POSS) {
            return false;
        }
        let gap = self.gap(a, b);
        let gap = gap.strip_prefix(']').unwrap_or(gap);
        let gap = gap.strip_suffix('[').unwrap_or(gap);
        !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\t' || c == '\u{a0}')
    }

    /// True when `b` is a nickname in parentheses between two name words.
    fn nickname_at(&self, b: usize) -> bool {
        if b == 0 || b + 1 >= self.toks.len() {
            return false;
        }
        let t = self.toks[b];
        t.has(CAP)
            && !t.has(GLUED)
            && !self.toks[b + 1].has(GLUED)
            && self.toks[b - 1].has(CAP)
            && self.toks[b + 1].has(CAP)
            && self.gap(b - 1, b).trim() == "("
            && self.gap(b, b + 1).trim() == ")"
    }

    fn is_particle(&self, i: usize) -> bool {
        let t = self.toks[i];
        if !t.has(LOWER) {
            return false;
        }
        let w = self.word(i);
        match w.split_once(['-', '‐']) {
            Some((head, tail)) => {
                HYPHEN_PARTICLES.contains(&head) && tail.chars().next().is_some_and(char::is_uppercase)
            }
            None => PARTICLES.contains(&w),
        }
    }

    fn is_connector(&self, i: usize) -> bool {
        self.toks[i].has(AMP) || (self.toks[i].has(LOWER) && CONNECTORS.contains(&self.word(i)))
    }

    /// Whether token `k` may continue a chunk that reached `k - 1`.
    fn continues(&self, k: usize) -> bool {
        let t = self.toks[k];
        if self.nickname_at(k) || (k >= 2 && self.nickname_at(k - 1)) {
            return true;
        }
        // "District Attorney’s Office": a possessive inside an organisation's name.
        if self.toks[k - 1].has(POSS)
            && t.has(CAP)
            && !t.has(INITIAL)
            && self.g.is_org_cue(self.word(k))
            && self.text.get(self.toks[k - 1].full_end()..t.start()) == Some(" ")
        {
            return true;
        }
        if t.has(INITIAL) || !self.joined(k - 1, k) {
            return false;
        }
        if t.has(CAP) {
            return true;
        }
        // Lower-case words stay inside only when a capitalised word follows.
        let next_cap =
            k + 1 < self.toks.len() && self.joined(k, k + 1) && (self.toks[k + 1].has(CAP) || self.is_particle(k + 1));
        if self.is_particle(k) {
            return self.word(k).contains(['-', '‐']) || next_cap;
        }
        self.is_connector(k) && next_cap
    }

    fn run(&mut self) {
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            // A chunk starts at a capitalised word, or at a lower-case "the"
            // right before one, which may belong to the name ("the Hill").
            let the = self.toks[i].has(LOWER)
                && self.word(i) == "the"
                && i + 1 < n
                && self.toks[i + 1].has(CAP)
                && self.joined(i, i + 1);
            if !self.toks[i].has(CAP) && !the {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < n && self.continues(j) {
                j += 1;
            }
            i = self.chunk(i, j).max(j);
        }
    }

    /// Interprets the chunk of tokens `[i, j)`; returns where the next chunk
    /// may start, past `j` when a listed name runs on in lower case
    /// ("the Washington post").
    fn chunk(&mut self, i: usize, j: usize) -> usize {
        let mut j = j;
        let mut parts: Vec<Part> = Vec::new();
        let mut roles = Roles::default();
        let mut nickname: Option<usize> = None;
        let mut key = std::mem::take(&mut self.key);
        // A chunk ending in a cue word is one organisation or place, even
        // when it starts with a listed place ("Los Angeles Superior Court").
        let cue_end = j > i + 1 && (self.g.is_org_cue(self.word(j - 1)) || self.g.is_place_cue(self.word(j - 1)));
        let mut k = i;
        while k < j {
            let t = self.toks[k];
            if self.nickname_at(k) && !parts.is_empty() {
                nickname = Some(k);
                k += 1;
                continue;
            }
            // "President and CEO Tim Cook": a second title joined to the first.
            let second_title = roles.titled
                && parts.len() == 1
                && (self.toks[parts[0].tok].has(AMP) || self.word(parts[0].tok) == "and");
            // Common words before a title qualify it ("Mining Minister").
            let modifiers = second_title
                || parts.len() <= 3
                    && parts
                        .iter()
                        .all(|p| !p.connector && is_common_word(self.g, &self.lower(p.tok)));
            if modifiers {
                let hit = self
                    .g
                    .longest_at(&self.doc(), k, j, true, |a, b| self.joined(a, b), &mut key);
                // A second title must be followed by a name or another title: "President
                // and General Manager" is no general.
                // A listed name that starts with a title word is the name: "General
                // Motors", "General Assembly".
                let listed = hit.and_then(|_| {
                    self.g
                        .longest_at(
                            &self.doc(),
                            k,
                            self.toks.len(),
                            false,
                            |a, b| self.joined(a, b),
                            &mut key,
                        )
                        .filter(|n| self.accept_case(k, n.entry, n.len))
                });
                let hit = hit.filter(|h| listed.is_none_or(|n| n.len <= h.len));
                let hit = hit.filter(|h| {
                    !second_title
                        || k + h.len >= j
                        || !self.toks[k + h.len].has(CAP)
                        || !is_common_word(self.g, &self.lower(k + h.len))
                });
                if let Some(hit) = hit.filter(|h| t.has(CAP) || h.entry.lower_ok) {
                    // A title with no name after it ("the Ambassador said")
                    // names nobody.
                    if k + hit.len < j {
                        let first = parts.first().map(|p| p.tok).filter(|_| !second_title);
                        self.add_role(&mut roles, first.unwrap_or(k), hit.entry);
                        roles.end = Some(self.toks[k + hit.len - 1].end());
                        if let (Some(f), EntryKind::Title(Some(_))) = (first, &hit.entry.kind)
                            && let Some(role) = roles.roles.last_mut()
                        {
                            let qualifier = &self.text[self.toks[f].start()..self.toks[k - 1].end()];
                            *role = format!("{qualifier} {role}");
                        }
                        parts.clear();
                    }
                    k += hit.len;
                    continue;
                }
            }
            let hit = self.g.longest_at(
                &self.doc(),
                k,
                self.toks.len(),
                false,
                |a, b| self.joined(a, b),
                &mut key,
            );
            if let Some(hit) = hit.filter(|h| self.accept_case(k, h.entry, h.len)) {
                let single_word = hit.len == 1 && !t.has(ALLCAPS);
                let inside_name =
                    !parts.is_empty() && single_word && hit.entry.kind == EntryKind::Name(EntityKind::Place);
                let before_name = single_word
                    && !self.headline[k]
                    && hit.entry.kind == EntryKind::Name(EntityKind::Place)
                    && k + 1 < j
                    && self.unknown_name_word(k + 1, &mut key);
                let inside_org = cue_end && k + hit.len < j && hit.entry.kind == EntryKind::Name(EntityKind::Place);
                if inside_name || before_name || inside_org {
                    for n in k..k + hit.len {
                        parts.push(Part {
                            tok: n,
                            connector: false,
                        });
                    }
                    k += hit.len;
                    continue;
                }
                self.flush(&mut parts, &mut roles, &mut nickname);
                self.add_listed(k, hit.len, hit.entry);
                roles = Roles::default();
                k += hit.len;
                j = j.max(k);
                continue;
            }
            let w = self.word(k);
            if self.g.is_calendar(w) {
                self.flush(&mut parts, &mut roles, &mut nickname);
                roles = Roles::default();
                k += 1;
                continue;
            }
            // "Indian Ocean", "Arabian Peninsula": a demonym opening a place name.
            if self.g.is_demonym(w) && k + 1 < j && self.g.is_place_cue(self.word(j - 1)) && parts.is_empty() {
                parts.push(Part {
                    tok: k,
                    connector: false,
                });
                k += 1;
                continue;
            }
            if self.g.is_demonym(w) || t.has(HYPHEN_LOWER) || is_contraction(w) {
                self.flush(&mut parts, &mut roles, &mut nickname);
                k += 1;
                continue;
            }
            let lower = self.lower(k);
            let connector = self.is_connector(k);
            if self.headline[k] && !t.has(LOWER) && is_common_word(self.g, &lower) {
                self.flush(&mut parts, &mut roles, &mut nickname);
                k += 1;
                continue;
            }
            if parts.is_empty() && roles.roles.is_empty() && !roles.titled {
                let next_cap = k + 1 < j && self.toks[k + 1].has(CAP);
                // Sentence-initial adverbs and participles ("Currently",
                // "Bringing") are no part of the name that follows.
                let adverb = t.has(INITIAL) && (lower.ends_with("ly") || lower.ends_with("ing"));
                let skip = connector
                    || t.has(LOWER)
                    || adverb
                    || self.g.is_stopword(&lower)
                    || (t.has(INITIAL) && is_common_word(self.g, &lower) && !next_cap);
                if skip {
                    k += 1;
                    continue;
                }
            }
            parts.push(Part { tok: k, connector });
            k += 1;
        }
        self.flush(&mut parts, &mut roles, &mut nickname);
        self.key = key;
        j
    }

    /// True when token `k` is a capitalised word the lists know nothing about.
    fn unknown_name_word(&self, k: usize, key: &mut String) -> bool {
        let t = self.toks[k];
        if !t.has(CAP) || t.has(ALLCAPS) || t.has(DIGIT) {
            return false;
        }
        let w = self.word(k);
        let lower = self.lower(k);
        !(self.g.is_calendar(w)
            || self.g.is_demonym(w)
            || is_common_word(self.g, &lower)
            || self.g.is_org_cue(w)
            || self.g.is_place_cue(w)
            || self
                .g
                .longest_at(&self.doc(), k, k + 1, true, |_, _| true, key)
                .is_some()
            || self
                .g
                .longest_at(&self.doc(), k, k + 1, false, |_, _| true, key)
                .is_some())
    }

    fn add_role(&self, roles: &mut Roles, k: usize, entry: &Entry) {
        roles.start.get_or_insert(self.toks[k].start());
        roles.titled = true;
        roles.former |= self.former_before(k);
        if let EntryKind::Title(Some(role)) = &entry.kind {
            // "deputy", "acting", "under" before a title name another post
            // than the title alone, and are kept with it as capitalised
            // qualifiers are ("Deputy Secretary of State").
            let role = match self.qualifier_before(k) {
                Some(q) => format!("{q} {role}"),
                None => role.clone(),
            };
            // A name has a handful of titles; the bound keeps a run of
            // thousands of titles linear.
            if roles.roles.len() < 16 && !roles.roles.contains(&role) {
                roles.roles.push(role);
            }
        }
    }

    /// The lower-case qualifier right before token `k` ("deputy", "acting",
    /// "Under": a stop word, so never part of a chunk), as written.
    fn qualifier_before(&self, k: usize) -> Option<&'a str> {
        let p = k.checked_sub(1)?;
        if !self.joined(p, k) {
            return None;
        }
        let lower = self.lower(p);
        // "under" qualifies only a secretary: "served under President Clinton".
        if lower == "under" && !self.lower(k).starts_with("secretary") {
            return None;
        }
        TITLE_QUALIFIERS.contains(&lower.as_str()).then(|| self.word(p))
    }

    /// Whether "former", "ex-" or "then" comes before the title starting at
    /// token `k`, past the capitalised words that say whose title it is
    /// ("former US Ambassador", "Former Iraqi Foreign Minister").
    fn former_before(&self, k: usize) -> bool {
        let start = self.toks[k].start();
        let before = self.text.get(..start).unwrap_or("");
        // The tokenizer leaves these prefixes out of the title's word.
        if ends_with_ignore_case(before, "ex-") || ends_with_ignore_case(before, "then-") {
            return true;
        }
        let mut k = k;
        // A title has at most a few words of origin before it ("former US
        // Secretary", "the then Foreign Minister").
        for _ in 0..4 {
            let Some(p) = k.checked_sub(1) else { return false };
            if !self.joined(p, k) {
                return false;
            }
            let lower = self.lower(p);
            if FORMER_MARKERS.contains(&lower.as_str()) {
                return true;
            }
            if !self.toks[p].has(CAP) {
                return false;
            }
            k = p;
        }
        false
    }

    /// Whether the text at `k` is written the way the entry is: the first
    /// word exactly as listed (the rest may differ in case: "Washington
    /// post"), or the whole name in capitals ("WASHINGTON").
    fn accept_case(&self, k: usize, entry: &Entry, len: usize) -> bool {
        if self.toks[k..k + len]
            .iter()
            .all(|t| t.has(ALLCAPS) || !t.has(CAP | LOWER))
        {
            return len > 1
                || entry.surface.chars().filter(|c| c.is_alphabetic()).count() >= 4
                || self.word(k) == entry.surface;
        }
        let mut words = entry.surface.split_whitespace();
        let mut k = k;
        if entry.with_the {
            words.next();
            if !self.word(k).eq_ignore_ascii_case("the") {
                return false;
            }
            k += 1;
            if k >= self.toks.len() {
                return false;
            }
        }
        same_word(self.word(k), words.next().unwrap_or(""))
    }

    fn add_listed(&mut self, k: usize, len: usize, entry: &Entry) {
        let last = k + len - 1;
        let toks = self.toks;
        let mut name = String::new();
        let all_caps = toks[k..=last].iter().all(|t| t.has(ALLCAPS) || !t.has(CAP | LOWER));
        if all_caps && (len > 1 || entry.surface.chars().any(char::is_lowercase)) {
            name.push_str(&entry.surface);
        } else {
            for n in k..=last {
                if n > k {
                    name.push(' ');
                }
                let w = self.word(n);
                if n == k && entry.with_the && w == "the" {
                    name.push_str("The");
                } else {
                    name.push_str(w);
                }
            }
        }
        let EntryKind::Name(kind) = entry.kind else {
            return;
        };
        self.out.push(Cand {
            start: toks[k].start(),
            first_tok: k,
            last_tok: last,
            name,
            kind,
            evidence: Evidence::Listed,
            roles: Vec::new(),
            former: false,
            title_end: None,
            listed: Some(entry.surface.clone()),
            nickname: None,
            weak_single: false,
            headline: false,
        });
    }

    /// Turns the pending name words into mentions.
    fn flush(&mut self, parts: &mut Vec<Part>, roles: &mut Roles, nickname: &mut Option<usize>) {
        while parts.last().is_some_and(|p| p.connector) {
            parts.pop();
        }
        if parts.is_empty() {
            return;
        }
        // Split at connectors unless the words before one make an
        // organisation or place ("Ministry of Foreign Affairs").
        let mut segments: Vec<Vec<Part>> = Vec::new();
        let mut current: Vec<Part> = Vec::new();
        let last_word = parts.last().map_or("", |p| self.word(p.tok));
        let mut keep_connectors = self.g.is_org_cue(last_word) || self.g.is_place_cue(last_word);
        for p in parts.drain(..) {
            if p.connector {
                let head = current.last().map(|q| self.word(q.tok)).unwrap_or("");
                if keep_connectors || self.g.is_org_cue(head) || self.g.is_place_cue(head) || is_of_head(head) {
                    keep_connectors = true;
                    current.push(p);
                } else if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
                continue;
            }
            current.push(p);
        }
        if !current.is_empty() {
            segments.push(current);
        }
        let nick = nickname.take();
        let mut first = true;
        for seg in segments {
            let r = if first { std::mem::take(roles) } else { Roles::default() };
            self.interpret(&seg, r, nick, first, keep_connectors);
            first = false;
        }
        *roles = Roles::default();
    }

    fn interpret(&mut self, seg: &[Part], mut roles: Roles, nickname: Option<usize>, lookback: bool, has_of: bool) {
        let (Some(first), Some(last)) = (seg.first(), seg.last()) else {
            return;
        };
        let toks = self.toks;
        let n = seg.iter().filter(|p| !p.connector).count();
        let last_word = self.word(last.tok);
        let head_word = if has_of {
            seg.iter()
                .take_while(|p| !p.connector)
                .last()
                .map_or("", |p| self.word(p.tok))
        } else {
            ""
        };
        let lowers: Vec<String> = seg.iter().map(|p| self.lower(p.tok)).collect();
        let all_common = seg
            .iter()
            .zip(&lowers)
            .all(|(p, l)| p.connector || is_common_word(self.g, l));
        let any_common = seg
            .iter()
            .zip(&lowers)
            .any(|(p, l)| !p.connector && is_common_word(self.g, l));
        let org_cue = n >= 2 && (self.g.is_org_cue(last_word) || self.g.is_org_cue(head_word));
        let place_cue = n >= 2
            && (self.g.is_place_cue(last_word)
                || self.g.is_place_cue(head_word)
                || PLACE_PREFIXES.contains(&self.word(first.tok)));
        let name_shaped = seg.iter().all(|p| {
            let t = toks[p.tok];
            (t.has(CAP) && !t.has(ALLCAPS) && !t.has(DIGIT)) || self.is_particle(p.tok)
        });
        if !roles.titled && lookback && (name_shaped || n == 1) && !org_cue && !place_cue {
            self.lowercase_title_before(first.tok, &mut roles);
        }
        let single = n == 1;
        let t0 = toks[first.tok];
        // "Doctor Who", "President Him": a title before a function word names nobody.
        if single && self.g.is_stopword(&lowers[0]) {
            return;
        }
        let (kind, evidence) = if roles.titled && !org_cue {
            (EntityKind::Person, Evidence::Cue)
        } else if org_cue {
            (EntityKind::Organization, Evidence::Cue)
        } else if place_cue || (self.is_dateline(seg) && !all_common) {
            (EntityKind::Place, Evidence::Cue)
        } else if (all_common && !single) || (single && t0.has(DIGIT)) {
            return;
        } else if let Some(kind) = self.head_noun_before(first.tok) {
            (kind, Evidence::Cue)
        } else if single {
            if t0.has(ALLCAPS) && (2..=6).contains(&last_word.chars().count()) {
                (EntityKind::Organization, Evidence::Weak)
            } else if self.after_place_preposition(first.tok) {
                (EntityKind::Place, Evidence::Weak)
            } else {
                (EntityKind::Other, Evidence::Weak)
            }
        } else if (2..=4).contains(&n) && name_shaped && !any_common {
            if self.after_place_preposition(first.tok) {
                (EntityKind::Place, Evidence::Shape)
            } else {
                (EntityKind::Person, Evidence::Shape)
            }
        } else {
            (EntityKind::Other, Evidence::Shape)
        };
        if org_cue {
            roles = Roles::default();
        }
        let dateline =
            evidence == Evidence::Cue && kind == EntityKind::Place && seg.iter().all(|p| toks[p.tok].has(ALLCAPS));
        let mut name = String::new();
        for p in seg {
            if !name.is_empty() {
                name.push(' ');
            }
            let t = toks[p.tok];
            // A possessive inside a name stays in it ("Attorney’s Office").
            let w = if t.has(POSS) && p.tok != last.tok {
                &self.text[t.start()..t.full_end()]
            } else {
                self.word(p.tok)
            };
            if dateline {
                title_case(&mut name, w);
            } else {
                name.push_str(w);
            }
        }
        let start = roles.start.unwrap_or(t0.start()).min(t0.start());
        let weak_single = single && !roles.titled && evidence <= Evidence::Weak;
        self.out.push(Cand {
            start,
            first_tok: first.tok,
            last_tok: last.tok,
            name,
            kind,
            evidence,
            roles: roles.roles,
            former: roles.former,
            title_end: roles.end,
            listed: None,
            nickname: nickname
                .filter(|_| kind == EntityKind::Person)
                .map(|k| self.word(k).to_string()),
            weak_single,
            headline: self.headline[first.tok] && evidence < Evidence::Cue,
        });
    }

    /// Looks for a lower-case title right before token `k` ("spokesman Ahmed Al-Sahaf").
    fn lowercase_title_before(&mut self, k: usize, roles: &mut Roles) {
        let mut key = std::mem::take(&mut self.key);
        for m in (1..=3usize).rev() {
            let Some(s) = k.checked_sub(m) else { continue };
            if !(s..k).all(|x| self.toks[x].has(LOWER) && self.joined(x, x + 1)) {
                continue;
            }
            if let Some(hit) = self
                .g
                .longest_at(&self.doc(), s, k, true, |a, b| self.joined(a, b), &mut key)
                && hit.len == m
                && hit.entry.lower_ok
            {
                self.add_role(roles, s, hit.entry);
                roles.end = Some(self.toks[k - 1].end());
                break;
            }
        }
        self.key = key;
    }

    /// An all-capitals place name opening a report: "WASHINGTON –", "KABUL (Reuters) —".
    fn is_dateline(&self, seg: &[Part]) -> bool {
        let Some(last) = seg.last() else { return false };
        if !seg.iter().all(|p| {
            let t = self.toks[p.tok];
            t.has(ALLCAPS) && !t.has(DIGIT) && self.word(p.tok).chars().count() >= 3
        }) {
            return false;
        }
        let after = self.text.get(self.toks[last.tok].full_end()..).unwrap_or("");
        let after = after.trim_start_matches([' ', '\t', '\u{a0}', ',']);
        after.starts_with(['–', '—', '-', '('])
    }

    /// The type a lower-case noun right before a name gives it ("the state
    /// copper company Codelco", "the mining town Copiapó").
    fn head_noun_before(&self, k: usize) -> Option<EntityKind> {
        if k == 0 || !self.toks[k - 1].has(LOWER) || !self.joined(k - 1, k) {
            return None;
        }
        // "the province of Malatya", "the city of Aleppo".
        let k = if self.word(k - 1) == "of" && k >= 2 && self.toks[k - 2].has(LOWER) && self.joined(k - 2, k - 1) {
            k - 1
        } else {
            k
        };
        let w = self.word(k - 1);
        let mut chars = w.chars();
        let first = chars.next()?;
        let capitalised: String = first.to_uppercase().chain(chars).collect();
        if self.g.is_org_cue(&capitalised) {
            Some(EntityKind::Organization)
        } else if self.g.is_place_cue(&capitalised) {
            Some(EntityKind::Place)
        } else {
            None
        }
    }

    fn after_place_preposition(&self, k: usize) -> bool {
        k > 0 && self.joined(k - 1, k) && PLACE_PREPOSITIONS.contains(&self.word(k - 1))
    }
}

/// Words before "of" that make "X of Y" one name ("Bank of America", "Minister of …").
fn is_of_head(word: &str) -> bool {
    matches!(
        word,
        "Republic"
            | "Kingdom"
            | "University"
            | "Bank"
            | "House"
            | "Church"
            | "Court"
            | "Secretary"
            | "Minister"
            | "Friends"
            | "Sisters"
            | "Daughters"
            | "Sons"
            | "Knights"
            | "Duke"
            | "Prince"
            | "Princess"
            | "Gulf"
            | "Isle"
            | "Strait"
            | "Sea"
            | "Cape"
            | "Bay"
            | "Lake"
            | "Mount"
    )
}

/// "We've", "They’re", "Don't": a pronoun or verb, never a name.
fn is_contraction(word: &str) -> bool {
    word.rsplit_once(['\'', '’'])
        .is_some_and(|(_, tail)| matches!(tail, "ve" | "re" | "ll" | "d" | "m" | "t"))
}

/// True when two words are equal once apostrophes are made straight.
fn same_word(a: &str, b: &str) -> bool {
    let straight = |c: char| if c == '’' { '\'' } else { c };
    a.chars().map(straight).eq(b.chars().map(straight))
}

/// Whether `text` ends with the ASCII `suffix`, ignoring case, at a word start.
fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    let Some(at) = text.len().checked_sub(suffix.len()) else {
        return false;
    };
    let Some(tail) = text.get(at..) else { return false };
    tail.eq_ignore_ascii_case(suffix) && !text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
}

/// Appends `word` with only its first letter in upper case ("WASHINGTON" → "Washington").
fn title_case(out: &mut String, word: &str) {
    let mut up = true;
    for c in word.chars() {
        if up {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        up = !c.is_alphabetic();
    }
}

/// A common English word, or the plural of one.
fn is_common_word(g: &Gazetteer, lower: &str) -> bool {
    if g.is_common(lower) {
        return true;
    }
    if let Some(stem) = lower.strip_suffix("ies")
        && g.is_common(&format!("{stem}y"))
    {
        return true;
    }
    if let Some(stem) = lower.strip_suffix("es")
        && g.is_common(stem)
    {
        return true;
    }
    lower.strip_suffix('s').is_some_and(|s| g.is_common(s))
}

/// Drops unsupported lone words, links acronyms to their long forms and
/// turns candidates into mentions.
fn finish(text: &str, g: &Gazetteer, toks: &[Tok], cands: Vec<Cand>) -> Vec<Mention> {
    // Words a document uses inside full names, or capitalised in mid-sentence,
    // vouch for the same word standing alone or in a headline.
    let mut name_words: HashSet<String> = HashSet::new();
    // Last words of organisation names: "the Commission" after "the European Commission".
    let mut org_heads: HashSet<String> = HashSet::new();
    for c in cands.iter().filter(|c| !c.headline) {
        if c.kind == EntityKind::Organization
            && c.first_tok != c.last_tok
            && let Some(w) = c.name.split_whitespace().last()
        {
            org_heads.insert(w.to_lowercase());
        }
        if c.kind == EntityKind::Person || (c.first_tok != c.last_tok && c.listed.is_none()) {
            name_words.extend(c.name.split_whitespace().map(str::to_lowercase));
        }
        if c.weak_single && !toks[c.first_tok].has(INITIAL) {
            let l = c.name.to_lowercase();
            if !is_common_word(g, &l) {
                name_words.insert(l);
            }
        }
    }
    // Which lone words also occur in lower case ("Militia" / "militias")?
    // Only the forms asked about are collected, so most words are skipped
    // by their length alone.
    let mut wanted: HashSet<String> = HashSet::new();
    let mut lengths = [false; 64];
    for c in cands.iter().filter(|c| c.weak_single) {
        let l = c.name.to_lowercase();
        for form in [
            l.clone(),
            format!("{l}s"),
            l.strip_suffix('s').unwrap_or(&l).to_string(),
        ] {
            if let Some(slot) = lengths.get_mut(form.len()) {
                *slot = true;
                wanted.insert(form);
            }
        }
    }
    let mut lower_words: HashSet<&str> = HashSet::new();
    for t in toks {
        if t.has(LOWER) && !t.has(DIGIT) && lengths.get(t.end() - t.start()).copied().unwrap_or(false) {
            let w = &text[t.start()..t.end()];
            if wanted.contains(w) {
                lower_words.insert(w);
            }
        }
    }
    let mut keep = vec![true; cands.len()];
    for (n, c) in cands.iter().enumerate() {
        let lower = c.name.to_lowercase();
        if c.headline {
            keep[n] = lower.split_whitespace().all(|w| name_words.contains(w));
            continue;
        }
        if !c.weak_single || name_words.contains(&lower) {
            continue;
        }
        let seen_lower = lower_words.contains(lower.as_str())
            || lower.strip_suffix('s').is_some_and(|s| lower_words.contains(s))
            || lower_words.contains(format!("{lower}s").as_str());
        let initial = toks[c.first_tok].has(INITIAL);
        if !initial && !toks[c.first_tok].has(ALLCAPS) && org_heads.contains(&lower) {
            continue;
        }
        let common = is_common_word(g, &lower);
        // Sentence-initial words that look like common words or plurals
        // ("Ensuring", "Tremors") need the document's support.
        let looks_common = lower.ends_with("ing")
            || lower.ends_with("ly")
            || (lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && !lower.ends_with("is"));
        if common || (seen_lower && !toks[c.first_tok].has(ALLCAPS)) || (initial && looks_common) {
            keep[n] = false;
        }
    }
    let mut out: Vec<Mention> = Vec::with_capacity(cands.len());
    let mut last_kept: Option<(usize, usize)> = None; // (candidate index, mention index)
    for (n, c) in cands.into_iter().enumerate() {
        if !keep[n] {
            continue;
        }
        let t_last = toks[c.last_tok];
        let mut m = Mention {
            span: Span::new(c.start, t_last.end()),
            name: c.name,
            kind: c.kind,
            roles: c.roles,
            former: c.former,
            title_end: c.title_end,
            evidence: c.evidence,
            listed: c.listed,
            nickname: c.nickname,
            acronym_of: None,
        };
        // "National Security Council’s (NSC)": an acronym in parentheses right
        // after a longer name abbreviates it.
        if let Some((_, prev)) = last_kept {
            let p: &Mention = &out[prev];
            // An all-capitals acronym after any name, or a short name after
            // an organisation's ("National Geology and Mining Service (Sernageomin)").
            let acronym = c.first_tok == c.last_tok
                && (toks[c.first_tok].has(ALLCAPS)
                    || (toks[c.first_tok].has(CAP) && p.kind == EntityKind::Organization));
            let open = text.get(prev_full_end(toks, text, p.span.end)..c.start).unwrap_or("");
            let close = text.get(t_last.full_end()..).unwrap_or("");
            if acronym && p.words() >= 2 && open.trim() == "(" && close.starts_with(')') {
                m.acronym_of = Some(prev);
                m.kind = p.kind;
                m.evidence = m.evidence.max(p.evidence);
            }
        }
        last_kept = Some((n, out.len()));
        out.push(m);
    }
    out
}

/// The end of a mention including a possessive that follows it.
fn prev_full_end(toks: &[Tok], text: &str, end: usize) -> usize {
    match toks.binary_search_by_key(&end, |t| t.end()) {
        Ok(i) => toks[i].full_end(),
        Err(_) => end.min(text.len()),
    }
}

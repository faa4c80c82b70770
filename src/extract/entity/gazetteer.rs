//! The built-in gazetteer: names of news organisations, government bodies,
//! countries and cities, titles, and the word lists that keep common words
//! out of the entity list. The data lives in `data/gazetteer/*.txt`.

use std::sync::LazyLock;

use foldhash::{HashMap, HashSet, HashSetExt};

use super::EntityKind;
use super::alias::AliasTable;
use super::token::{Lexicon, Tok, tokenize};

const NEWS: &str = include_str!("../../../data/gazetteer/news.txt");
const GOVERNMENT: &str = include_str!("../../../data/gazetteer/government.txt");
const ORGANIZATIONS: &str = include_str!("../../../data/gazetteer/organizations.txt");
const COUNTRIES: &str = include_str!("../../../data/gazetteer/countries.txt");
const CITIES: &str = include_str!("../../../data/gazetteer/cities.txt");
const TITLES: &str = include_str!("../../../data/gazetteer/titles.txt");
const DEMONYMS: &str = include_str!("../../../data/gazetteer/demonyms.txt");
const ORG_CUES: &str = include_str!("../../../data/gazetteer/org_cues.txt");
const PLACE_CUES: &str = include_str!("../../../data/gazetteer/place_cues.txt");
const CALENDAR: &str = include_str!("../../../data/gazetteer/calendar.txt");
const COMMON: &str = include_str!("../../../data/gazetteer/common.txt");
const STOPWORDS: &str = include_str!("../../../data/gazetteer/stopwords.txt");

/// The lines of a data file that carry an entry.
fn lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// What a gazetteer entry names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// An organisation, place or other named entity.
    Name(EntityKind),
    /// A title before a name; `None` for honorifics ("Mr."), which are no role.
    Title(Option<String>),
}

/// One name or title, as listed.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// The spelling in the data file.
    pub surface: String,
    /// What it names.
    pub kind: EntryKind,
    /// Whether a leading "The" belongs to the name ("The Hill").
    pub with_the: bool,
    /// Whether a lower-case spelling is listed too ("spokesman"), so the
    /// entry may be matched in lower case.
    pub lower_ok: bool,
}

/// Names, titles and word lists, looked up by token sequence.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Lower-cased token sequence joined by spaces → name entry.
    names: HashMap<String, usize>,
    /// Lower-cased token sequence joined by spaces → title entry.
    titles: HashMap<String, usize>,
    /// Every proper prefix of a key, so that a lookup stops as soon as no entry can match.
    prefixes: HashSet<String>,
    longest: usize,
    pub(crate) abbreviations: HashSet<String>,
    pub(crate) camel: HashSet<String>,
    demonyms: HashSet<String>,
    org_cues: HashSet<String>,
    place_cues: HashSet<String>,
    calendar: HashSet<String>,
    common: HashSet<String>,
    stopwords: HashSet<String>,
    max_stopword: usize,
    /// Canonical title → (exclusive family, post), from the `; family post` of `titles.txt`.
    families: HashMap<String, (String, String)>,
}

static BUILTIN: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::build);

/// A document as the gazetteer sees it: its text and its words.
pub(crate) struct Doc<'a> {
    /// The whole text.
    pub text: &'a str,
    /// Its words.
    pub toks: &'a [Tok],
}

/// A gazetteer hit at some token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit<'g> {
    /// Number of tokens matched.
    pub len: usize,
    /// The entry.
    pub entry: &'g Entry,
}

impl Gazetteer {
    /// The gazetteer compiled into factlint, with the names of the built-in alias table.
    pub fn builtin() -> &'static Gazetteer {
        &BUILTIN
    }

    fn build() -> Gazetteer {
        let mut g = Gazetteer::default();
        // Abbreviations must be known before entries are tokenized, since
        // "Gen." is one token only when "Gen" is a known abbreviation.
        for src in [TITLES, CALENDAR, ORG_CUES, CITIES, NEWS, GOVERNMENT, ORGANIZATIONS] {
            for line in lines(src) {
                for word in line.split([' ', '|']) {
                    if let Some(stem) = word.strip_suffix('.')
                        && stem.chars().count() > 1
                        && !stem.contains('.')
                    {
                        g.abbreviations.insert(stem.to_string());
                    }
                }
            }
        }
        let sets: [(&str, &mut HashSet<String>); 6] = [
            (DEMONYMS, &mut g.demonyms),
            (ORG_CUES, &mut g.org_cues),
            (PLACE_CUES, &mut g.place_cues),
            (CALENDAR, &mut g.calendar),
            (COMMON, &mut g.common),
            (STOPWORDS, &mut g.stopwords),
        ];
        for (src, set) in sets {
            set.extend(lines(src).map(str::to_string));
        }
        g.max_stopword = g.stopwords.iter().map(String::len).max().unwrap_or(0);
        for (src, kind) in [
            (NEWS, EntityKind::Organization),
            (GOVERNMENT, EntityKind::Organization),
            (ORGANIZATIONS, EntityKind::Organization),
            (COUNTRIES, EntityKind::Place),
            (CITIES, EntityKind::Place),
        ] {
            for line in lines(src) {
                g.add(line, EntryKind::Name(kind));
            }
        }
        for line in lines(TITLES) {
            let (honorific, line) = match line.strip_prefix("~ ") {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            // "; cabinet foreign": the exclusive family of the title and the post it names.
            let (line, family) = match line.split_once(';') {
                Some((forms, family)) => (forms, Some(family.trim())),
                None => (line, None),
            };
            let mut forms = line.split('|').map(str::trim).filter(|f| !f.is_empty());
            let Some(canonical) = forms.next() else {
                continue;
            };
            if let Some((family, post)) = family.and_then(|f| f.split_once(' ')) {
                g.families
                    .insert(canonical.to_string(), (family.to_string(), post.trim().to_string()));
            }
            let role = (!honorific).then(|| canonical.to_string());
            g.add(canonical, EntryKind::Title(role.clone()));
            for form in forms {
                g.add(form, EntryKind::Title(role.clone()));
            }
        }
        for entry in AliasTable::builtin().entries() {
            let kind = EntryKind::Name(entry.kind.unwrap_or(EntityKind::Other));
            for name in std::iter::once(&entry.canonical).chain(&entry.aliases) {
                g.add(name, kind.clone());
            }
        }
        g
    }

    fn add(&mut self, surface: &str, kind: EntryKind) {
        let empty = HashSet::new();
        let lex = Lexicon {
            abbreviations: &self.abbreviations,
            camel: &empty,
            split_glued: false,
        };
        let toks = tokenize(surface, 0, surface.len(), &lex);
        if toks.is_empty() {
            return;
        }
        // A name with inner capitals ("BlackRock") must never be split as glued words.
        if toks.len() == 1 {
            let w = &surface[toks[0].start()..toks[0].end()];
            if w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase) {
                self.camel.insert(w.to_string());
            }
        }
        let mut key = String::new();
        for (n, t) in toks.iter().enumerate() {
            if n > 0 {
                self.prefixes.insert(key.clone());
                key.push(' ');
            }
            push_lower(&mut key, &surface[t.start()..t.end()]);
        }
        let with_the = toks.len() > 1 && surface.starts_with("The ");
        let map = match kind {
            EntryKind::Name(_) => &mut self.names,
            EntryKind::Title(_) => &mut self.titles,
        };
        let lower = surface.chars().next().is_some_and(char::is_lowercase);
        if let Some(&i) = map.get(&key) {
            if let Some(e) = self.entries.get_mut(i) {
                e.lower_ok |= lower;
            }
            return;
        }
        map.insert(key, self.entries.len());
        self.longest = self.longest.max(toks.len());
        self.entries.push(Entry {
            surface: surface.to_string(),
            kind,
            with_the,
            lower_ok: lower,
        });
    }

    /// The longest name or title that starts at token `at` and ends by token
    /// `limit` (exclusive), where `joined(a, b)` says whether tokens `a` and
    /// `b` are separated by nothing but spaces. Titles and names are looked up
    /// separately; `titles` selects which.
    pub(crate) fn longest_at(
        &self,
        doc: &Doc<'_>,
        at: usize,
        limit: usize,
        titles: bool,
        joined: impl Fn(usize, usize) -> bool,
        key: &mut String,
    ) -> Option<Hit<'_>> {
        let (text, toks) = (doc.text, doc.toks);
        let map = if titles { &self.titles } else { &self.names };
        key.clear();
        let mut best = None;
        let end = limit.min(toks.len()).min(at + self.longest);
        for k in at..end {
            let t = toks[k];
            if k > at {
                if !joined(k - 1, k) || toks[k - 1].has(super::token::POSS) {
                    break;
                }
                if !self.prefixes.contains(key.as_str()) {
                    break;
                }
                key.push(' ');
            }
            push_lower(key, &text[t.start()..t.end()]);
            if let Some(&i) = map.get(key.as_str())
                && let Some(entry) = self.entries.get(i)
            {
                best = Some(Hit { len: k - at + 1, entry });
            }
        }
        best
    }

    /// True when `word` alone is a listed title ("Gen.", "Dr.").
    pub(crate) fn is_title_word(&self, word: &str) -> bool {
        let mut key = String::new();
        push_lower(&mut key, word);
        self.titles.contains_key(&key)
    }

    /// The exclusive family of a canonical title and the post it names
    /// (`("cabinet", "foreign")` for "Foreign Minister"), or `None` for a title
    /// one person may hold with others.
    pub fn title_family(&self, title: &str) -> Option<(&str, &str)> {
        self.families.get(title).map(|(f, p)| (f.as_str(), p.as_str()))
    }

    /// True for nationality, faith and ethnic adjectives ("Iranian").
    pub(crate) fn is_demonym(&self, word: &str) -> bool {
        self.demonyms.contains(word)
    }

    /// True for month and weekday names.
    pub(crate) fn is_calendar(&self, word: &str) -> bool {
        self.calendar.contains(word)
    }

    /// True when a name ending in `word` is an organisation.
    pub(crate) fn is_org_cue(&self, word: &str) -> bool {
        self.org_cues.contains(word)
    }

    /// True when a name ending in `word` is a place.
    pub(crate) fn is_place_cue(&self, word: &str) -> bool {
        self.place_cues.contains(word)
    }

    /// True for common English content words (`lower` must be lower case).
    pub(crate) fn is_common(&self, lower: &str) -> bool {
        self.common.contains(lower) || self.stopwords.contains(lower)
    }

    /// Length in bytes of the longest function word.
    pub(crate) fn max_stopword_len(&self) -> usize {
        self.max_stopword
    }

    /// True for function words (`lower` must be lower case).
    pub(crate) fn is_stopword(&self, lower: &str) -> bool {
        self.stopwords.contains(lower)
    }

    /// Number of names and titles.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the gazetteer holds no name.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The kind of a listed name, looked up case-insensitively.
    pub fn kind_of(&self, name: &str) -> Option<EntityKind> {
        let mut key = String::new();
        for (n, w) in name.split_whitespace().enumerate() {
            if n > 0 {
                key.push(' ');
            }
            push_lower(&mut key, w);
        }
        match self.names.get(&key).and_then(|&i| self.entries.get(i)).map(|e| &e.kind) {
            Some(EntryKind::Name(kind)) => Some(*kind),
            _ => None,
        }
    }
}

/// Appends the lower-cased word with curly apostrophes made straight.
pub(crate) fn push_lower(out: &mut String, word: &str) {
    for c in word.chars() {
        if c == '’' {
            out.push('\'');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

//! Joining the mentions of one story into entities.
//!
//! Every join is a hash lookup: the folded name, the canonical name of an
//! alias table, "first last" for a name with middle names, nickname + surname,
//! the surname for a lone surname, the initials of an organisation for an
//! acronym. No pair of mentions is ever compared, so the cost grows with the
//! number of mentions, not its square.
//!
//! Two passes: full names, listed names, titled names and acronyms defined in
//! parentheses first, in story order; lone words second, so that "Pompeo" in
//! the first article still finds "Mike Pompeo" named in the third.

use foldhash::{HashMap, HashMapExt, HashSet};

use super::alias::{AliasEntry, AliasTable};
use super::gazetteer::Gazetteer;
use super::{Entity, EntityKind, Evidence, Mention, Resolution, fold_key};

/// How many people sharing one surname are compared for a spelling slip
/// ("Qassem" / "Qasem"); it bounds the work per mention.
const SURNAME_FANOUT: usize = 8;

#[derive(Default)]
struct Builder {
    canonical: Option<String>,
    listed: Option<String>,
    /// The fullest name seen and its word count.
    longest: Option<(String, usize)>,
    /// Each name seen: (name, times seen, words), in order of first appearance.
    names: Vec<(String, usize, usize)>,
    /// Spelling → index in `names`.
    name_index: HashMap<String, usize>,
    kind: Option<(EntityKind, Evidence)>,
    /// (story position of first use, spelling).
    spellings: Vec<(usize, String)>,
    declared: HashSet<String>,
    /// (story position of first use, role).
    roles: Vec<(usize, String)>,
    role_set: HashSet<String>,
    fuzzy: Vec<(String, String)>,
}

#[derive(Default)]
struct Surname {
    /// Distinct people with this surname (at most [`SURNAME_FANOUT`]).
    ids: Vec<usize>,
    /// (story position, entity) of every full-name mention, in story order.
    seen: Vec<(usize, usize)>,
}

#[derive(Default)]
struct State {
    entities: Vec<Builder>,
    by_key: HashMap<String, usize>,
    by_surname: HashMap<String, Surname>,
    /// Each surname key, and each form of it with one letter deleted → the surname keys, so
    /// that surnames one slip apart ("vazquez" / "vasquez") meet by lookup ([`near_surnames`]).
    by_surname_deletion: HashMap<String, Vec<String>>,
    by_initials: HashMap<String, usize>,
    /// Last word of multi-word organisation names → (story position, entity).
    by_head: HashMap<String, Vec<(usize, usize)>>,
}

/// Joins the mentions of the documents of one story (in order) into entities.
/// `aliases` are consulted in order; the first table that knows a name wins.
pub fn resolve(docs: &[&[Mention]], aliases: &[&AliasTable]) -> Resolution {
    let mut st = State::default();
    let mut assign: Vec<Vec<usize>> = docs.iter().map(|d| vec![usize::MAX; d.len()]).collect();
    // Story position of each document's first mention, for "the nearest
    // earlier full name" when a surname is shared.
    let offsets: Vec<usize> = docs
        .iter()
        .scan(0, |acc, d| {
            let o = *acc;
            *acc += d.len();
            Some(o)
        })
        .collect();
    for (d, ms) in docs.iter().enumerate() {
        for (i, m) in ms.iter().enumerate() {
            if is_lone_word(m) {
                continue;
            }
            let acronym_of = m
                .acronym_of
                .and_then(|a| assign[d].get(a).copied())
                .filter(|&e| e != usize::MAX);
            let e = st.place_strong(m, aliases, acronym_of, offsets[d] + i);
            assign[d][i] = e;
        }
    }
    for (d, ms) in docs.iter().enumerate() {
        for (i, m) in ms.iter().enumerate() {
            if assign[d][i] == usize::MAX {
                assign[d][i] = st.place_weak(m, aliases, offsets[d] + i);
            }
        }
    }
    let entities = st
        .entities
        .into_iter()
        .enumerate()
        .map(|(id, b)| b.finish(id))
        .collect();
    Resolution {
        entities,
        mention_entity: assign,
    }
}

/// A lone word with nothing but capitals behind it, resolved in the second pass.
fn is_lone_word(m: &Mention) -> bool {
    m.words() <= 1 && m.listed.is_none() && m.acronym_of.is_none()
}

/// The alias entry for a name. An acronym in a table ("WHO", "US") only
/// matches a name written in capitals too: "Doctor Who" is no health body.
fn alias_lookup<'t>(aliases: &[&'t AliasTable], key: &str, name: &str) -> Option<&'t AliasEntry> {
    let entry = aliases.iter().find_map(|t| t.lookup_key(key))?;
    let all_caps = |s: &str| s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase);
    if all_caps(name) {
        return Some(entry);
    }
    let mut surfaces = std::iter::once(&entry.canonical)
        .chain(&entry.aliases)
        .filter(|s| fold_key(s) == key);
    surfaces.any(|s| !all_caps(s)).then_some(entry)
}

fn is_person(m: &Mention) -> bool {
    m.kind == EntityKind::Person
}

/// The surname key: the last word, without an Arabic article ("al-Kadhimi" → "kadhimi").
fn surname_key(name: &str) -> Option<String> {
    let last = name.split_whitespace().last()?;
    let key = fold_key(last);
    for prefix in ["al ", "el "] {
        if let Some(rest) = key.strip_prefix(prefix) {
            return Some(rest.to_string());
        }
    }
    Some(key)
}

/// Initials of the significant words of a multi-word organisation name.
fn initials(name: &str) -> Option<String> {
    let mut out = String::new();
    let mut words = 0;
    for w in name.split_whitespace() {
        if matches!(w, "of" | "the" | "and" | "for" | "on" | "&" | "The") {
            continue;
        }
        words += 1;
        out.extend(w.chars().next()?.to_lowercase());
    }
    // The acronym is looked up by its key, which marks short capitals.
    if out.chars().count() <= 5 {
        out.insert(0, '^');
    }
    (words >= 2).then_some(out)
}

impl State {
    fn new_entity(&mut self) -> usize {
        self.entities.push(Builder::default());
        self.entities.len() - 1
    }

    fn register(&mut self, key: String, e: usize) {
        if !key.is_empty() {
            self.by_key.entry(key).or_insert(e);
        }
    }

    fn place_strong(&mut self, m: &Mention, aliases: &[&AliasTable], acronym_of: Option<usize>, pos: usize) -> usize {
        let name_key = fold_key(&m.name);
        let alias = alias_lookup(aliases, &name_key, &m.name)
            .or_else(|| m.listed.as_deref().and_then(|l| alias_lookup(aliases, &fold_key(l), l)));
        let main_key = match (alias, &m.listed) {
            (Some(a), _) => fold_key(&a.canonical),
            (None, Some(l)) => fold_key(l),
            (None, None) => name_key.clone(),
        };
        let words: Vec<&str> = m.name.split_whitespace().collect();
        let first_last =
            (words.len() >= 3 && is_person(m)).then(|| fold_key(&format!("{} {}", words[0], words[words.len() - 1])));
        let nick_key = match (&m.nickname, words.last()) {
            (Some(nick), Some(last)) if is_person(m) => Some(fold_key(&format!("{nick} {last}"))),
            _ => None,
        };
        let surname = if is_person(m) && words.len() >= 2 {
            surname_key(&m.name)
        } else {
            None
        };
        let mut fuzzy_with = None;
        let found = acronym_of
            .or_else(|| self.by_key.get(&main_key).copied())
            .or_else(|| self.by_key.get(&name_key).copied())
            .or_else(|| first_last.as_ref().and_then(|k| self.by_key.get(k).copied()))
            .or_else(|| nick_key.as_ref().and_then(|k| self.by_key.get(k).copied()))
            .or_else(|| {
                let s = self.by_surname.get(surname.as_ref()?)?;
                let given = fold_key(words.first()?);
                s.ids.iter().copied().find(|&e| {
                    let other = self.entities[e]
                        .longest
                        .as_ref()
                        .map(|(n, _)| n.clone())
                        .unwrap_or_default();
                    let other_given = other.split_whitespace().next().map(fold_key).unwrap_or_default();
                    let same = similar_given_names(&given, &other_given);
                    if same && given != other_given {
                        fuzzy_with = Some(other);
                    }
                    same
                })
            })
            .or_else(|| {
                // A surname one slip away ("Vasquez" / "Vazquez") with the same given name.
                let surname = surname.as_ref()?;
                let given = fold_key(words.first()?);
                near_surnames(&self.by_surname_deletion, surname)
                    .into_iter()
                    .find_map(|other_surname| {
                        let slot = self.by_surname.get(&other_surname)?;
                        slot.ids.iter().copied().find_map(|e| {
                            let other = self.entities[e].longest.as_ref()?.0.clone();
                            let other_words: Vec<&str> = other.split_whitespace().collect();
                            // Only two-word names: a middle name the other lacks could be the
                            // difference between two relatives.
                            let same_given = other_words.len() == words.len()
                                && other_words.first().map(|w| fold_key(w)) == Some(given.clone());
                            if same_given {
                                fuzzy_with = Some(other);
                                Some(e)
                            } else {
                                None
                            }
                        })
                    })
            });
        let e = match found {
            Some(e) => e,
            None => self.new_entity(),
        };
        if let Some(other) = fuzzy_with {
            self.entities[e].fuzzy.push((other, m.name.clone()));
        }
        self.register(main_key, e);
        self.register(name_key, e);
        if let Some(k) = first_last {
            self.register(k, e);
        }
        if let Some(k) = nick_key {
            self.register(k, e);
        }
        if let Some(s) = surname {
            if !self.by_surname.contains_key(&s) {
                for k in deletions(&s).into_iter().chain([s.clone()]) {
                    self.by_surname_deletion.entry(k).or_default().push(s.clone());
                }
            }
            let slot = self.by_surname.entry(s).or_default();
            if !slot.ids.contains(&e) && slot.ids.len() < SURNAME_FANOUT {
                slot.ids.push(e);
            }
            slot.seen.push((pos, e));
        }
        if m.kind == EntityKind::Organization && words.len() >= 2 {
            if let Some(ini) = initials(&m.name) {
                self.by_initials.entry(ini).or_insert(e);
            }
            if let Some(head) = words.last() {
                self.by_head.entry(fold_key(head)).or_default().push((pos, e));
            }
            // "Los Angeles Superior Court" is also "the Superior Court".
            for cut in 1..=2.min(words.len().saturating_sub(2)) {
                if Gazetteer::builtin().kind_of(&words[..cut].join(" ")) == Some(EntityKind::Place) {
                    self.register(fold_key(&words[cut..].join(" ")), e);
                }
            }
        }
        self.observe(e, m, alias, pos);
        e
    }

    fn place_weak(&mut self, m: &Mention, aliases: &[&AliasTable], pos: usize) -> usize {
        let key = fold_key(&m.name);
        let alias = alias_lookup(aliases, &key, &m.name);
        let main_key = alias.map_or_else(|| key.clone(), |a| fold_key(&a.canonical));
        let person_like = matches!(m.kind, EntityKind::Other | EntityKind::Person);
        let found = self
            .by_key
            .get(&main_key)
            .copied()
            .or_else(|| {
                if person_like {
                    surname_key(&m.name)
                        .and_then(|s| self.by_surname.get(&s))
                        .and_then(|s| nearest(&s.seen, pos))
                } else {
                    None
                }
            })
            .or_else(|| {
                if m.name.chars().all(|c| !c.is_lowercase()) {
                    self.by_initials.get(&key).copied()
                } else {
                    None
                }
            })
            .or_else(|| self.by_head.get(&key).and_then(|seen| nearest(seen, pos)));
        let e = match found {
            Some(e) => e,
            None => {
                let e = self.new_entity();
                self.register(main_key, e);
                e
            }
        };
        self.observe(e, m, alias, pos);
        e
    }

    fn observe(&mut self, e: usize, m: &Mention, alias: Option<&AliasEntry>, pos: usize) {
        let b = &mut self.entities[e];
        if let Some(a) = alias {
            b.canonical.get_or_insert_with(|| a.canonical.clone());
            if a.canonical == m.name || a.aliases.contains(&m.name) {
                b.declared.insert(m.name.clone());
            }
        }
        if let Some(l) = &m.listed {
            b.listed.get_or_insert_with(|| l.clone());
            if *l == m.name {
                b.declared.insert(m.name.clone());
            }
        }
        let kind = alias
            .and_then(|a| a.kind)
            .map_or((m.kind, m.evidence), |k| (k, Evidence::Listed));
        if b.kind.is_none_or(|(_, ev)| kind.1 > ev) {
            b.kind = Some(kind);
        }
        let words = m.words();
        if b.longest.as_ref().is_none_or(|(_, w)| words > *w) {
            b.longest = Some((m.name.clone(), words));
        }
        match b.name_index.get(&m.name) {
            Some(&i) => b.names[i].1 += 1,
            None => {
                b.name_index.insert(m.name.clone(), b.names.len());
                b.names.push((m.name.clone(), 1, words));
                b.spellings.push((pos, m.name.clone()));
            }
        }
        for r in &m.roles {
            if b.role_set.insert(r.clone()) {
                b.roles.push((pos, r.clone()));
            }
        }
    }
}

impl Builder {
    fn finish(mut self, id: usize) -> Entity {
        // Lone words were placed in a second pass; story order is restored here.
        self.spellings.sort_by_key(|(p, _)| *p);
        self.roles.sort_by_key(|(p, _)| *p);
        let spellings: Vec<String> = self.spellings.into_iter().map(|(_, s)| s).collect();
        let roles: Vec<String> = self.roles.into_iter().map(|(_, r)| r).collect();
        // Without a listed name, the name is the full name seen most often
        // ("Mike Pompeo" twice beats "Michael Richard Pompeo" once), then the longest.
        let most_used = self
            .names
            .iter()
            .enumerate()
            .max_by_key(|(i, (_, count, words))| (*words >= 2, *count, *words, usize::MAX - i))
            .map(|(_, (n, _, _))| n.clone());
        let name = self.canonical.or(self.listed).or(most_used).unwrap_or_default();
        // Spellings with one key are one name written differently; they are
        // worth a report unless every one of them is a declared spelling.
        let mut groups: Vec<Vec<String>> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for s in &spellings {
            let k = fold_key(s);
            match by_key.get(&k) {
                Some(&g) => groups[g].push(s.clone()),
                None => {
                    by_key.insert(k, groups.len());
                    groups.push(vec![s.clone()]);
                }
            }
        }
        let mut variants: Vec<Vec<String>> = groups
            .into_iter()
            .filter(|g| g.len() >= 2 && g.iter().any(|s| !self.declared.contains(s)))
            .collect();
        for (a, b) in self.fuzzy {
            if fold_key(&a) != fold_key(&b) && !variants.iter().any(|v| v.contains(&a) && v.contains(&b)) {
                variants.push(vec![a, b]);
            }
        }
        Entity {
            id,
            name,
            kind: self.kind.map_or(EntityKind::Other, |(k, _)| k),
            spellings,
            variants,
            roles,
        }
    }
}

/// The entity of the last full name before `pos`, else of the first one after it.
fn nearest(seen: &[(usize, usize)], pos: usize) -> Option<usize> {
    let i = seen.partition_point(|&(p, _)| p < pos);
    seen.get(i.checked_sub(1).unwrap_or(i)).map(|&(_, e)| e)
}

/// Surnames shorter than this are never taken for a slip of another: "Lee" / "Lei" or
/// "Jon" / "Jan" are as often two names as one misspelt.
const MIN_FUZZY_SURNAME: usize = 6;

/// The surname key with each one of its letters left out, when it is long enough to be
/// compared for a slip.
fn deletions(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < MIN_FUZZY_SURNAME || chars.len() > 40 || key.contains(' ') {
        return Vec::new();
    }
    (0..chars.len())
        .map(|i| chars[..i].iter().chain(&chars[i + 1..]).collect())
        .collect()
}

/// The surnames already seen that are one slip from `key`: a letter added, dropped, changed
/// or two neighbours swapped ("papadopoulous" / "papadopoulos", "vazquez" / "vasquez"), with
/// the same first letter. Found through the deletion index, never by comparing every surname.
fn near_surnames(index: &HashMap<String, Vec<String>>, key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in deletions(key).iter().map(String::as_str).chain([key]) {
        for other in index.get(k).into_iter().flatten() {
            if other != key && !out.contains(other) && one_slip_apart(key, other) {
                out.push(other.clone());
            }
        }
    }
    out
}

/// Whether two words differ by one edit or one swap of neighbouring letters, keeping their
/// first letter.
fn one_slip_apart(a: &str, b: &str) -> bool {
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if ca.len().min(cb.len()) < MIN_FUZZY_SURNAME || ca.first() != cb.first() {
        return false;
    }
    if ca.len() == cb.len() {
        let differ: Vec<usize> = (0..ca.len()).filter(|&i| ca[i] != cb[i]).collect();
        return match differ[..] {
            [_] => true,
            [i, j] => j == i + 1 && ca[i] == cb[j] && ca[j] == cb[i],
            _ => false,
        };
    }
    ca.len().abs_diff(cb.len()) == 1 && edit_distance(&ca, &cb) == 1
}

/// Given names one letter apart ("Qassem" / "Qasem"), long enough that this
/// is a spelling slip and not two people ("Jon" / "Joe").
fn similar_given_names(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if ca.len() < 5
        || cb.len() < 5
        || ca.len().abs_diff(cb.len()) > 1
        || ca[0] != cb[0]
        || ca.len() > 40
        || cb.len() > 40
    {
        return false;
    }
    edit_distance(&ca, &cb) <= 1
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

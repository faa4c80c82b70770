//! The words of a body: chunks between whitespace and dashes, stripped of quotes and
//! brackets, split where a sentence was glued to the next, and classified once (a number
//! chunk, a number word, another word), with what follows each (a comma, a full stop).

use super::digits::{NumAtom, parse_num_chunk, strip_currency};
use super::lexicon::{Info, lookup};
use crate::span::Span;

/// What follows a word's core before the next word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Trail {
    /// Nothing but space.
    None,
    /// A comma, semicolon or colon: a phrase ends.
    Comma,
    /// A full stop, question or exclamation mark, a closing quote or bracket: a sentence or
    /// a quotation ends.
    Stop,
}

/// What a word is; number details live in side tables so that words stay small.
#[derive(Clone, Copy, Debug)]
pub(super) enum Kind {
    /// A chunk starting with a digit or a currency sign and a digit: index into `Words::nums`.
    Num(u32),
    /// A word whose hyphen-separated parts start with number words ("twenty-five",
    /// "one-year", "two-thirds"): index into `Words::numwords`.
    NumWord(u32),
    /// Anything else made of letters.
    Alpha,
    /// Punctuation, symbols, digits in a name ("#1", "COVID-19" is `Alpha`).
    Other,
}

/// One word of the body: its span without the quotes and punctuation around it, its class,
/// its entry in the lexicon, and what follows it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Word {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    pub(super) info: Option<&'static Info>,
    pub(super) trail: Trail,
    /// The word is preceded by an opening quote or bracket, or a line break.
    pub(super) opens: bool,
    pub(super) cap: bool,
    /// The word ends in "'s" or "’s".
    pub(super) possessive: bool,
}

impl Word {
    pub(super) fn key(&self) -> &'static str {
        self.info.map_or("", |i| i.key)
    }
    pub(super) fn has(&self, flag: u32) -> bool {
        self.info.is_some_and(|i| i.flags & flag != 0)
    }
    pub(super) fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
    pub(super) fn kind_is_alpha(&self) -> bool {
        matches!(self.kind, Kind::Alpha)
    }
}

/// The value of a number word, and what is hyphenated to it.
#[derive(Clone, Copy, Debug)]
pub(super) struct NumWordAtom {
    pub(super) value: f64,
    /// "two-thirds": the value is a fraction with this denominator.
    pub(super) denominator: Option<u32>,
    /// "one-year", "five-member": the word after the number words.
    pub(super) compound: Option<(Span, Option<&'static Info>)>,
    /// "twenty-first": an ordinal.
    pub(super) ordinal: bool,
}

/// Marks that open a word and are not part of it.
fn is_lead_mark(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | '`' | '*' | '_')
}

/// Marks that close a word and are not part of it.
fn is_trail_mark(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '.' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»' | '…' | '*' | '_' | '`'
    )
}

const ABBREVIATIONS: &[&str] = &[
    "ch", "gen", "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "no", "nos", "lt", "col", "sgt", "rep", "sen", "gov", "inc", "corp", "co", "ltd", "jr", "sr", "vs",
    "approx", "est", "pres", "capt", "maj", "adm", "prof", "rev", "ft", "mt", "ave", "blvd", "vol", "fig", "dept",
    "univ",
];

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '—' || c == '―'
}

pub(super) fn tokenize(text: &str, start: usize, end: usize) -> Words {
    let slice = text.get(start..end).unwrap_or("");
    let mut words = Words {
        list: Vec::with_capacity(slice.len() / 6),
        ..Words::default()
    };
    let mut chunk_start: Option<usize> = None;
    let mut newline = true;
    for (off, c) in slice.char_indices() {
        if is_separator(c) {
            if let Some(s) = chunk_start.take() {
                split_glued(text, start + s, start + off, newline, &mut words);
                newline = false;
            }
            if c == '\n' || c == '—' || c == '―' {
                newline = true;
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(off);
        }
    }
    if let Some(s) = chunk_start {
        split_glued(text, start + s, end, newline, &mut words);
    }
    words
}

/// Splits a chunk where a sentence was glued to the next one without a space
/// ("offensive.This", "miles).\"The"), then pushes each part.
fn split_glued(text: &str, s: usize, e: usize, newline: bool, out: &mut Words) {
    let Some(chunk) = text.get(s..e) else { return };
    // Most chunks hold no inner stop or closing mark: skip the character walk for them.
    let inner = chunk.as_bytes().get(1..chunk.len().saturating_sub(1)).unwrap_or(&[]);
    if !inner
        .iter()
        .any(|&b| matches!(b, b'.' | b'!' | b'?' | b')' | b'"') || b >= 0x80)
    {
        push_chunk(text, s, e, newline, out);
        return;
    }
    let mut from = 0;
    let mut letters = 0usize;
    let mut prev = ' ';
    let mut iter = chunk.char_indices().peekable();
    let mut first = true;
    while let Some((off, c)) = iter.next() {
        let next = iter.peek().map_or(' ', |&(_, n)| n);
        let glued_stop = matches!(c, '.' | '!' | '?') && prev.is_lowercase() && letters >= 3 && next.is_uppercase();
        let glued_close = matches!(c, ')' | '”' | '"') && next.is_alphanumeric() && off > from;
        if c.is_alphabetic() {
            letters += 1;
        } else if c == '.' {
            // "U.S.", "a.m.": a full stop inside a word resets the count.
            letters = 0;
        }
        if glued_stop || glued_close {
            let cut = off + c.len_utf8();
            push_chunk(text, s + from, s + cut, newline && first, out);
            first = false;
            from = cut;
            letters = 0;
        }
        prev = c;
    }
    if from < chunk.len() {
        push_chunk(text, s + from, e, (newline && first) || from > 0, out);
    }
}

fn push_chunk(text: &str, s: usize, e: usize, newline: bool, out: &mut Words) {
    let Some(chunk) = text.get(s..e) else { return };
    let core_l = chunk.trim_start_matches(is_lead_mark);
    let opens = newline || core_l.len() != chunk.len();
    let mut core = core_l.trim_end_matches(is_trail_mark);
    if core.is_empty() {
        // A lone dash or symbol between words still separates them; keep it as `Other` so that
        // "10 - 15" can be read as a range.
        if chunk == "-" || chunk == "–" {
            let start = s;
            out.list.push(Word {
                start,
                end: e,
                kind: Kind::Other,
                info: None,
                trail: Trail::None,
                opens,
                cap: false,
                possessive: false,
            });
        } else if let Some(last) = out.list.last_mut() {
            last.trail = Trail::Stop;
        }
        return;
    }
    let core_start = s + (chunk.len() - core_l.len());
    let stripped = &core_l[core.len()..];
    let mut trail = Trail::None;
    // "U.S." and "Gen." keep their full stop: it abbreviates, it does not end a sentence.
    let wordlike = core.starts_with(char::is_alphabetic);
    if stripped.starts_with('.') && wordlike && (core.contains('.') || is_abbreviation(core)) {
        trail = if stripped.len() > 1 {
            trail_of(&stripped[1..])
        } else {
            Trail::None
        };
        core = &core_l[..core.len() + 1];
    } else if !stripped.is_empty() {
        trail = trail_of(stripped);
    }
    // Possessives keep their apostrophe inside the core: "Iran’s".
    let mut possessive = false;
    if let Some(stem) = core.strip_suffix("'s").or_else(|| core.strip_suffix("’s")) {
        possessive = !stem.is_empty();
    } else if (stripped.starts_with('\'') || stripped.starts_with('’'))
        && core.ends_with('s')
        && core.chars().all(char::is_alphabetic)
    {
        possessive = true;
    }
    let core_end = core_start + core.len();
    let first = core.chars().next().unwrap_or(' ');
    let (class, info) = classify(core.strip_suffix('.').unwrap_or(core), core_start);
    let kind = match class {
        Class::Num(a) => {
            out.nums.push(a);
            Kind::Num(u32::try_from(out.nums.len() - 1).unwrap_or(u32::MAX))
        }
        Class::NumWord(a) => {
            out.numwords.push(a);
            Kind::NumWord(u32::try_from(out.numwords.len() - 1).unwrap_or(u32::MAX))
        }
        Class::Alpha => Kind::Alpha,
        Class::Other => Kind::Other,
    };
    out.list.push(Word {
        start: core_start,
        end: core_end,
        kind,
        info,
        trail,
        opens,
        cap: first.is_uppercase(),
        possessive,
    });
}

fn trail_of(stripped: &str) -> Trail {
    let mut t = Trail::None;
    for c in stripped.chars() {
        match c {
            ',' | ';' | ':' if t == Trail::None => {
                t = Trail::Comma;
            }
            '.' | '!' | '?' | ')' | ']' | '}' | '"' | '”' | '»' | '…' => t = Trail::Stop,
            _ => {}
        }
    }
    t
}

fn is_abbreviation(core: &str) -> bool {
    // Initials: "George W. Bush", "200 W. American Blvd.".
    if core.len() == 1 && core.bytes().all(|b| b.is_ascii_uppercase()) {
        return true;
    }
    let lower_ok = core.len() <= 5 && core.chars().all(|c| c.is_ascii_alphabetic());
    lower_ok && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(core))
}

/// A chunk's class, with its number details.
enum Class {
    Num(NumAtom),
    NumWord(NumWordAtom),
    Alpha,
    Other,
}

/// The words of a body and the number details they point to.
#[derive(Default)]
pub(super) struct Words {
    pub(super) list: Vec<Word>,
    pub(super) nums: Vec<NumAtom>,
    pub(super) numwords: Vec<NumWordAtom>,
}

fn classify(core: &str, base: usize) -> (Class, Option<&'static Info>) {
    let (currency, rest) = strip_currency(core);
    if rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let at = base + (core.len() - rest.len());
        return (Class::Num(parse_num_chunk(rest, at, currency)), None);
    }
    if currency.is_some() {
        return (Class::Other, None);
    }
    let first = core.chars().next().unwrap_or(' ');
    if !first.is_alphabetic() {
        return (Class::Other, None);
    }
    if let Some(info) = lookup(core) {
        if info.cardinal.is_some() {
            let value = f64::from(info.cardinal.unwrap_or(0));
            let atom = NumWordAtom {
                value,
                denominator: None,
                compound: None,
                ordinal: false,
            };
            return (Class::NumWord(atom), Some(info));
        }
        return (Class::Alpha, Some(info));
    }
    if core.contains('-')
        && let Some(atom) = parse_hyphenated_number_word(core, base)
    {
        return (Class::NumWord(atom), None);
    }
    (Class::Alpha, None)
}

/// Reads "twenty-five", "twenty-first", "one-year", "two-thirds", "five-member".
fn parse_hyphenated_number_word(core: &str, base: usize) -> Option<NumWordAtom> {
    let mut parts = core.split('-');
    let first = lookup(parts.next()?)?;
    let mut value = f64::from(first.cardinal?);
    let mut offset = core.find('-')? + 1;
    let mut ordinal = false;
    let mut denominator = None;
    let mut compound = None;
    let is_tens = first.cardinal.is_some_and(|c| c >= 20 && c % 10 == 0);
    for (n, part) in parts.enumerate() {
        let info = lookup(part);
        let ones = info.and_then(|i| i.cardinal).filter(|&c| (1..10).contains(&c));
        let ord = info.and_then(|i| i.ordinal).filter(|&c| (1..10).contains(&c));
        if n == 0 && is_tens && ones.is_some() {
            value += f64::from(ones.unwrap_or(0));
        } else if n == 0 && is_tens && ord.is_some() {
            value += f64::from(ord.unwrap_or(0));
            ordinal = true;
        } else if compound.is_none() && denominator.is_none() {
            let den = info
                .and_then(|i| i.denominator)
                .filter(|_| part.ends_with('s') || value == 1.0);
            if let Some(d) = den {
                denominator = Some(d);
            } else {
                // The compound runs to the end of the chunk: "12-year-old" keeps "year-old".
                let s = base + offset;
                compound = Some((Span::new(s, base + core.len()), info));
                break;
            }
        } else {
            return None;
        }
        offset += part.len() + 1;
    }
    Some(NumWordAtom {
        value,
        denominator,
        compound,
        ordinal,
    })
}

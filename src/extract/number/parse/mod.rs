//! Words to quantities: a left-to-right parser with a bounded look-ahead. At each word it
//! reads a modifier, a value or a range of values (`value`, `words`), rejects what is not an
//! amount (`not_amount`), takes post-modifiers and finds the counted noun (`noun`).

mod not_amount;
mod noun;
mod value;
mod words;

use super::digits::NumAtom;
use super::lexicon::{AGE, CHANGE_VERB, MODIFIER, MODIFIERS, MONTH, TIME_UNIT};
use super::tokens::{Kind, NumWordAtom, Trail, Word, Words};
use super::{Bound, Quantity, Unit};
use crate::span::Span;

pub(super) struct Parser<'a> {
    text: &'a str,
    w: &'a [Word],
    nums: &'a [NumAtom],
    numwords: &'a [NumWordAtom],
}

/// A value read from one or more words, before modifiers and nouns.
#[derive(Clone, Copy, Debug)]
struct Val {
    /// First and one-past-last word.
    first: usize,
    next: usize,
    min: f64,
    max: f64,
    end: usize,
    currency: Option<&'static str>,
    unit: Option<Unit>,
    approximate: bool,
    bound: Option<Bound>,
    ordinal: bool,
    vague: bool,
    fraction: bool,
    /// A bare 4-digit integer that may be a year.
    year_like: bool,
    /// The value is the single word "one" or "a": it needs a noun to count.
    needs_noun: bool,
    /// The counted noun, if any, must be singular.
    singular: bool,
    /// Vague plurals ("hundreds") count only through "of".
    needs_of: bool,
    /// Read from digits.
    digits: bool,
    /// The scale word or suffix applied ("million": 1e6), 1 when none.
    scale: f64,
}

impl<'a> Parser<'a> {
    /// A parser over the words of a body of `text`.
    pub(super) fn new(text: &'a str, words: &'a Words) -> Self {
        Parser {
            text,
            w: &words.list,
            nums: &words.nums,
            numwords: &words.numwords,
        }
    }

    fn word(&self, i: usize) -> Option<&Word> {
        self.w.get(i)
    }

    /// The digits read from a number chunk.
    fn num(&self, w: &Word) -> Option<NumAtom> {
        match w.kind {
            Kind::Num(k) => self.nums.get(k as usize).copied(),
            _ => None,
        }
    }

    /// The value read from a number word.
    fn numword(&self, w: &Word) -> Option<NumWordAtom> {
        match w.kind {
            Kind::NumWord(k) => self.numwords.get(k as usize).copied(),
            _ => None,
        }
    }

    fn key(&self, i: usize) -> &'static str {
        self.w.get(i).map_or("", Word::key)
    }

    /// True when word `i` continues the phrase of word `i - 1`: no punctuation between them.
    fn joined(&self, i: usize) -> bool {
        i > 0 && self.w.get(i - 1).is_some_and(|p| p.trail == Trail::None) && self.w.get(i).is_some_and(|w| !w.opens)
    }

    /// The quantity starting at word `i` and the word after it; a value that was read but is
    /// not an amount (a year, a date) yields `(None, next)` so that its words are skipped.
    pub(super) fn quantity_at(&self, i: usize) -> (Option<Quantity>, usize) {
        let (bound, vstart) = self.modifier_at(i).map_or((None, i), |(b, n)| (Some(b), n));
        let mut skip = i + 1;
        if bound.is_some()
            && let Some(v) = self.value_range_at(vstart, true)
        {
            match self.judge(i, v, bound) {
                Some((q, next)) => return (Some(q), next),
                None => skip = skip.max(v.next),
            }
        }
        if let Some(v) = self.value_range_at(i, false) {
            match self.judge(i, v, None) {
                Some((q, next)) => return (Some(q), next),
                None => skip = skip.max(v.next),
            }
        }
        (None, skip)
    }

    /// A modifier at `i`, with the index of the first word after it.
    fn modifier_at(&self, i: usize) -> Option<(Bound, usize)> {
        let w = self.word(i)?;
        if !w.has(MODIFIER) {
            return None;
        }
        'outer: for (words, bound) in MODIFIERS {
            for (k, expect) in words.iter().enumerate() {
                if self.key(i + k) != *expect || (k > 0 && !self.joined(i + k)) {
                    continue 'outer;
                }
            }
            let next = i + words.len();
            if self.joined(next) {
                return Some((*bound, next));
            }
        }
        None
    }

    /// Decides whether value `v`, with the modifier starting at word `first`, is a quantity,
    /// and finds its counted noun.
    fn judge(&self, first: usize, mut v: Val, bound: Option<Bound>) -> Option<(Quantity, usize)> {
        let bound_at_start = bound.is_some();
        // "aged over 45", "aged 40 to 44": ages.
        if first > 0 && self.joined(first) && self.word(first - 1).is_some_and(|p| p.has(AGE)) {
            return None;
        }
        if bound.is_some() && (v.vague || v.ordinal) {
            return None;
        }
        if bound == Some(Bound::About) && self.key(first) == "some" && v.needs_noun {
            return None;
        }
        if v.year_like && !self.year_is_amount(&v, bound) {
            return None;
        }
        if v.digits && bound.is_none() && self.not_an_amount_before(v.first) {
            return None;
        }
        if (v.digits || !(v.vague || v.ordinal || v.fraction)) && self.not_an_amount_after(&v) {
            return None;
        }
        if v.digits && (self.split_clock(&v) || self.broken_group(&v) || self.record(&v)) {
            return None;
        }
        // Post-modifiers: "40 or more", "40 or so".
        let mut bound = bound.or(v.bound);
        let mut next = v.next;
        let mut end = v.end;
        if bound.is_none() && self.key(next) == "or" && self.joined(next) && self.joined(next + 1) {
            let b = match self.key(next + 1) {
                "more" => Some(Bound::AtLeast),
                "so" => Some(Bound::About),
                "fewer" | "less" => Some(Bound::AtMost),
                _ => None,
            };
            if let (Some(b), Some(w)) = (b, self.word(next + 1)) {
                bound = Some(b);
                end = w.end;
                next += 2;
            }
        }
        // The counted noun.
        if v.unit.is_none()
            && !v.fraction
            && let Some((unit, uend, unext)) = self.noun_after(&v, next)
        {
            if v.year_like && self.word(unext - 1).is_some_and(|w| w.has(TIME_UNIT)) {
                return None;
            }
            v.unit = Some(unit);
            end = uend;
            next = unext;
        }
        if v.unit.is_none() && (v.needs_noun || v.needs_of) {
            return None;
        }
        // "the second day", "the 11th hour": ranks of time are time expressions.
        if v.ordinal
            && next > 0
            && self
                .word(next - 1)
                .is_some_and(|w| w.has(TIME_UNIT) && v.unit.is_some())
        {
            return None;
        }
        if self.is_age(&v, next) {
            return None;
        }
        // Digits before a capitalised word that counts nothing name something: "8 Block",
        // "1010 WINS", "15 Most Wanted".
        if v.digits
            && v.unit.is_none()
            && self.joined(next)
            && self
                .word(next)
                .is_some_and(|n| n.cap && n.kind_is_alpha() && !self.is_stop(n) && !n.has(MONTH))
        {
            return None;
        }
        // A bound starts the span; otherwise the value does, so that the article of an ordinal
        // ("a third diplomatic source") stays outside.
        let mut start = self.word(if bound_at_start { first } else { v.first })?.start;
        // Earthquakes: "magnitude 6.4" and "a 6.4 magnitude quake" measure in magnitude.
        if v.digits && v.unit.is_none() {
            let before = v
                .first
                .checked_sub(1)
                .filter(|_| !bound_at_start && self.joined(v.first));
            if let Some(m) = before.and_then(|k| self.word(k)).filter(|m| m.key() == "magnitude") {
                v.unit = Some(Unit::Noun(m.span()));
                start = m.start;
            } else if let Some(m) = self.word(next).filter(|m| m.key() == "magnitude" && self.joined(next)) {
                v.unit = Some(Unit::Noun(m.span()));
                end = m.end;
                next += 1;
            }
        }
        let (mut min, mut max) = (Some(v.min), Some(v.max));
        match bound {
            Some(Bound::MoreThan | Bound::AtLeast) => max = None,
            Some(Bound::LessThan | Bound::AtMost | Bound::UpTo) => min = None,
            _ => {}
        }
        let q = Quantity {
            span: Span::new(start, end.max(start)),
            min,
            max,
            unit: v.unit,
            approximate: v.approximate || matches!(bound, Some(Bound::About | Bound::Nearly)),
            bound,
            ordinal: v.ordinal,
            vague: v.vague,
            fraction: v.fraction,
        };
        Some((q, next))
    }

    /// A value, possibly a range ("10 to 15", "between 10 and 15", "two or three").
    fn value_range_at(&self, i: usize, bounded: bool) -> Option<Val> {
        let between = matches!(self.key(i), "between" | "from") && !bounded;
        let vi = if between { i + 1 } else { i };
        if between && !self.joined(vi) {
            return None;
        }
        let mut v = self.value_at(vi)?;
        if between {
            v.first = i;
        }
        if v.vague || v.ordinal || v.fraction || v.min != v.max {
            return (!between).then_some(v);
        }
        let conj = self.key(v.next);
        let dash = self
            .word(v.next)
            .is_some_and(|w| matches!(self.text.get(w.start..w.end), Some("-" | "–")));
        let ok_conj = match conj {
            // "rose from 4,000 to 6,500" and "rose 0.3 points to 2.1" are changes, not ranges.
            "to" => !self.change_verb_before(i),
            "and" => between && self.key(i) == "between",
            "or" => !v.digits,
            _ => dash,
        };
        if !(ok_conj && self.joined(v.next) && self.joined(v.next + 1)) {
            return (!between).then_some(v);
        }
        let Some(mut hi) = self.value_at(v.next + 1) else {
            return (!between).then_some(v);
        };
        if hi.vague || hi.ordinal || hi.fraction || hi.min != hi.max || (dash && hi.digits != v.digits) {
            return (!between).then_some(v);
        }
        // "1.5 to 2 million", "$5 to $7 billion": a scale or currency on the second value
        // applies to the first when the first alone would be smaller.
        let mut lo = v.min;
        if v.scale == 1.0 && hi.scale > 1.0 && lo * hi.scale <= hi.max {
            lo *= hi.scale;
        }
        // Units must agree: "0.3 percentage points to 2.1 percent" is two values.
        let unit_of = |x: &Val| x.unit.or(x.currency.map(Unit::Currency));
        if unit_of(&v).is_some() && unit_of(&v) != unit_of(&hi) {
            return (!between).then_some(v);
        }
        if lo >= hi.max {
            return (!between).then_some(v);
        }
        if hi.year_like && v.year_like {
            return None;
        }
        hi.year_like = false;
        v.min = lo;
        v.max = hi.max;
        v.year_like = false;
        v.next = hi.next;
        v.end = hi.end;
        v.currency = v.currency.or(hi.currency);
        v.unit = hi.unit.or(v.unit);
        v.needs_noun = false;
        v.singular = false;
        Some(v)
    }

    /// "rose 3%", "rose from 4,000": a change verb before the value, "from" between them.
    fn change_verb_before(&self, i: usize) -> bool {
        let at = |k: usize| k < i && self.word(i - k).is_some_and(|w| w.has(CHANGE_VERB));
        at(1) || (i > 1 && self.key(i - 1) == "from" && at(2))
    }
}

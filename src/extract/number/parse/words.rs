//! Values written in words: cardinals ("twenty-five", "one hundred and five", "two million"),
//! vague amounts ("a few", "dozens of"), fractions ("half", "a third") and ranks ("the third").

use super::{Parser, Val};
use crate::extract::number::Unit;
use crate::extract::number::digits::Suffix;
use crate::extract::number::lexicon::{DET, NOT_COMPOUND_UNIT, STOP, TIME_UNIT};
use crate::extract::number::tokens::NumWordAtom;

impl Parser<'_> {
    /// Values made of words: "twenty-five", "one hundred and five", "a dozen", "two million",
    /// "dozens of", "a few", "several", "half", "a third", "third".
    pub(super) fn word_value(&self, i: usize, atom: Option<NumWordAtom>) -> Option<Val> {
        let w = self.word(i)?;
        let key = w.key();
        // Articles that are part of the number: "a dozen", "a few", "a third of", "a million".
        if matches!(key, "a" | "an") && self.joined(i + 1) {
            let n = self.word(i + 1)?;
            let nk = n.key();
            match nk {
                "few" | "couple" | "handful" => return self.vague_small(i, i + 1),
                _ => {}
            }
            if let Some(info) = n.info {
                if info.scale.is_some() {
                    let mut v = self.cardinal_sequence(i + 1, 1.0, true)?;
                    v.first = i;
                    self.money_and_percent_words(&mut v);
                    return Some(v);
                }
                if let Some(d) = info.denominator {
                    return self.fraction_or_ordinal(i, i + 1, 1, d, info.ordinal);
                }
            }
            return None;
        }
        if key == "several" {
            return self.vague_small(i, i);
        }
        if key == "tens" && self.key(i + 1) == "of" && self.joined(i + 2) {
            let vs = self.word(i + 2)?.info?.vague_scale?;
            if vs < 1e3 {
                return None;
            }
            let mut v = self.vague_scale(i + 2, vs * 10.0)?;
            v.first = i;
            return Some(v);
        }
        if let Some(vs) = w.info.and_then(|x| x.vague_scale) {
            return self.vague_scale(i, vs);
        }
        if key == "half" {
            return self.half(i);
        }
        if let Some(o) = w.info.and_then(|x| x.ordinal) {
            return self.word_ordinal(i, o);
        }
        let atom = atom?;
        if atom.ordinal {
            return self.word_ordinal(i, atom.value as u32);
        }
        if let Some(d) = atom.denominator {
            let mut v = self.base_val(i, 0.0, 0.0, i + 1, w.end);
            let pct = atom.value / f64::from(d) * 100.0;
            v.min = pct;
            v.max = pct;
            v.fraction = true;
            v.unit = Some(Unit::Percent);
            return Some(v);
        }
        if let Some((span, info)) = atom.compound {
            if info.is_some_and(|x| x.flags & (TIME_UNIT | NOT_COMPOUND_UNIT) != 0)
                || self.text.get(span.start..span.end).is_some_and(|t| t.contains("old"))
            {
                return None;
            }
            let mut v = self.base_val(i, atom.value, atom.value, i + 1, w.end);
            if let Some(scale) = info.and_then(|x| x.scale) {
                v.min *= scale;
                v.max *= scale;
            } else {
                v.unit = Some(Unit::Noun(span));
            }
            return Some(v);
        }
        // Plural fractions written as two words: "two thirds", "three quarters".
        if self.joined(i + 1)
            && let Some(n) = self.word(i + 1).and_then(|n| n.info)
        {
            let plural = self
                .word(i + 1)
                .and_then(|n| self.text.get(n.start..n.end))
                .is_some_and(|t| t.ends_with('s'));
            if let (Some(d), true) = (n.denominator, plural && atom.value > 1.0) {
                let pct = atom.value / f64::from(d) * 100.0;
                let mut v = self.base_val(i, pct, pct, i + 2, self.word(i + 1)?.end);
                v.fraction = true;
                v.unit = Some(Unit::Percent);
                return Some(v);
            }
        }
        if self.spoken_year(i) {
            return None;
        }
        // A capitalised number word inside a sentence is part of a name: "Six Nations",
        // "Page Six".
        if w.cap && self.joined(i) {
            return None;
        }
        // "one in five", "four out of 10": a ratio, given as a percentage.
        if let Some(v) = self.ratio(i, atom.value) {
            return Some(v);
        }
        let mut v = self.cardinal_sequence(i, atom.value, false)?;
        // "two and a half": a half added to a cardinal.
        if self.key(v.next) == "and"
            && self.key(v.next + 1) == "a"
            && self.key(v.next + 2) == "half"
            && (1..=3).all(|k| self.joined(v.next + k))
        {
            v.min += 0.5;
            v.max += 0.5;
            v.end = self.word(v.next + 2)?.end;
            v.next += 3;
            v.singular = false;
            v.needs_noun = false;
            if let Some(s) = self.word(v.next).filter(|_| self.joined(v.next))
                && let Some(scale) = s.info.and_then(|x| x.scale)
            {
                v.min *= scale;
                v.max *= scale;
                v.end = s.end;
                v.next += 1;
            }
        }
        self.money_and_percent_words(&mut v);
        Some(v)
    }

    /// Number words from `i` on: "two", "twenty five", "one hundred and five", "two million".
    /// `first_value` is the value of word `i` (1 for the article in "a million").
    fn cardinal_sequence(&self, i: usize, first_value: f64, article: bool) -> Option<Val> {
        let w = self.word(i)?;
        let mut total = 0.0f64;
        let mut cur = 0.0f64;
        let mut last_small: Option<f64> = None;
        let mut j = i;
        let mut end = w.end;
        let mut words = 0;
        let mut max_scale = 1.0f64;
        if article {
            cur = 1.0;
        }
        // Bounded: a number written in words has at most a dozen words.
        while j < self.w.len() && words < 12 {
            let wj = &self.w[j];
            if j > i && !self.joined(j) {
                break;
            }
            let small = match self.numword(wj) {
                Some(a) if a.compound.is_none() && a.denominator.is_none() => {
                    Some(if j == i { first_value } else { a.value })
                }
                _ => None,
            };
            if let Some(s) = small {
                if let Some(prev) = last_small {
                    // "twenty five" joins; "two three" does not.
                    if !(prev >= 20.0 && prev % 10.0 == 0.0 && s < 10.0) {
                        break;
                    }
                } else if cur % 100.0 != 0.0 {
                    break;
                }
                cur += s;
                last_small = Some(s);
            } else if let Some(scale) = wj.info.and_then(|x| x.scale) {
                if scale == 12.0 {
                    // "a dozen", "two dozen".
                    cur = cur.max(1.0) * 12.0;
                } else if scale == 100.0 {
                    if cur >= 100.0 {
                        break;
                    }
                    cur = cur.max(1.0) * 100.0;
                } else {
                    total += cur.max(1.0) * scale;
                    cur = 0.0;
                }
                max_scale = max_scale.max(scale);
                last_small = None;
            } else if wj.key() == "and"
                && cur >= 100.0
                && self
                    .word(j + 1)
                    .is_some_and(|n| self.numword(n).is_some_and(|a| a.compound.is_none()))
                && self.joined(j + 1)
            {
                j += 1;
                words += 1;
                continue;
            } else {
                break;
            }
            end = wj.end;
            j += 1;
            words += 1;
        }
        if j == i {
            return None;
        }
        let value = total + cur;
        let mut v = self.base_val(i, value, value, j, end);
        v.scale = max_scale;
        // "one" and "zero" alone are pronouns or idioms ("one of", "zero day") more often
        // than counts.
        let single_one = j == i + 1 && (value == 1.0 || value == 0.0);
        v.needs_noun = single_one;
        v.singular = single_one;
        Some(v)
    }

    /// "nineteen ninety-six", "twenty twenty": a year read aloud, in either of its words.
    fn spoken_year(&self, i: usize) -> bool {
        let value = |k: usize| {
            self.word(k)
                .and_then(|w| self.numword(w))
                .filter(|a| a.compound.is_none() && a.denominator.is_none())
                .map(|a| a.value)
        };
        let century = |v: f64| (10.0..=20.0).contains(&v);
        let decade = |v: f64| (10.0..100.0).contains(&v);
        let starts = value(i).is_some_and(century) && self.joined(i + 1) && value(i + 1).is_some_and(decade);
        let ends = i > 0 && self.joined(i) && value(i - 1).is_some_and(century) && value(i).is_some_and(decade);
        starts || ends
    }

    /// "a few", "a couple of", "a handful of", "several".
    fn vague_small(&self, first: usize, key_at: usize) -> Option<Val> {
        let w = self.word(key_at)?;
        let (lo, hi, needs_of) = match w.key() {
            "few" => (2.0, 9.0, false),
            "couple" => (2.0, 3.0, true),
            "handful" => (2.0, 9.0, true),
            _ => (3.0, 9.0, false),
        };
        let mut v = self.base_val(first, lo, hi, key_at + 1, w.end);
        v.vague = true;
        v.approximate = true;
        v.needs_noun = !needs_of;
        v.needs_of = needs_of;
        // "several thousand", "a few hundred", "a couple of million": the band times the
        // scale, up to the next whole step ("several thousand" is 3,000–9,999).
        let mut s = key_at + 1;
        if needs_of && self.key(s) == "of" && self.joined(s) {
            s += 1;
        }
        if let Some(scale) = self
            .word(s)
            .filter(|_| self.joined(s))
            .and_then(|n| n.info?.scale)
            .filter(|&x| x >= 100.0)
        {
            v.min = lo * scale;
            v.max = (hi + 1.0) * scale - 1.0;
            v.next = s + 1;
            v.end = self.word(s)?.end;
            v.scale = scale;
            v.needs_of = false;
            v.needs_noun = false;
            self.money_and_percent_words(&mut v);
        }
        Some(v)
    }

    /// "dozens of", "hundreds of", "hundreds of thousands of".
    fn vague_scale(&self, i: usize, floor: f64) -> Option<Val> {
        let w = self.word(i)?;
        let mut lo = 2.0 * floor;
        let mut hi = if floor == 12.0 {
            143.0
        } else if floor == 20.0 {
            199.0
        } else {
            10.0 * floor - 1.0
        };
        let mut next = i + 1;
        let mut end = w.end;
        // "hundreds of thousands of", "hundreds of millions of".
        if self.key(next) == "of"
            && self.joined(next)
            && self.joined(next + 1)
            && let Some(vs2) = self.word(next + 1).and_then(|n| n.info?.vague_scale)
            && vs2 >= 1e3
            && vs2 > floor
        {
            lo = 2.0 * floor * vs2;
            hi = 10.0 * floor * vs2 - 1.0;
            end = self.word(next + 1)?.end;
            next += 2;
        }
        let mut v = self.base_val(i, lo, hi, next, end);
        v.vague = true;
        v.approximate = true;
        v.needs_of = true;
        Some(v)
    }

    /// "half of", "half the", "half a million".
    fn half(&self, i: usize) -> Option<Val> {
        let w = self.word(i)?;
        let next = self.key(i + 1);
        let after_ordinal = i > 0
            && self.word(i - 1).is_some_and(|p| {
                p.info.is_some_and(|x| x.ordinal.is_some())
                    || matches!(p.key(), "last" | "latter" | "past" | "next")
                    || self.num(p).is_some_and(|a| matches!(a.suffix, Suffix::Ordinal))
            });
        if i > 0 && self.joined(i) && (matches!(self.key(i - 1), "a" | "and") || after_ordinal) {
            return None;
        }
        if !self.joined(i + 1) {
            return None;
        }
        if matches!(next, "a" | "an") {
            let s = self.word(i + 2).filter(|_| self.joined(i + 2))?;
            if let Some(scale) = s.info.and_then(|x| x.scale) {
                let mut v = self.base_val(i, 0.5 * scale, 0.5 * scale, i + 3, s.end);
                v.scale = scale;
                self.money_and_percent_words(&mut v);
                return Some(v);
            }
            // "half a percentage point", "half a mile", "half an hour".
            let mut v = self.base_val(i, 0.5, 0.5, i + 2, self.word(i + 1)?.end);
            self.money_and_percent_words(&mut v);
            if v.unit.is_none() {
                v.singular = true;
                v.needs_noun = true;
            }
            return Some(v);
        }
        if self
            .word(i + 1)
            .is_some_and(|n| n.has(DET) || n.key() == "of" || n.possessive)
        {
            let mut v = self.base_val(i, 50.0, 50.0, i + 1, w.end);
            v.fraction = true;
            v.unit = Some(Unit::Percent);
            return Some(v);
        }
        None
    }

    /// "a third" (fraction) or "a third diplomatic source" (ordinal).
    fn fraction_or_ordinal(
        &self,
        first: usize,
        i: usize,
        numerator: u32,
        denominator: u32,
        ordinal: Option<u32>,
    ) -> Option<Val> {
        let w = self.word(i)?;
        let next_is_content = self.joined(i + 1) && self.word(i + 1).is_some_and(|n| n.kind_is_alpha() && !n.has(STOP));
        if next_is_content {
            if w.key() == "half" || w.key() == "quarter" {
                return None;
            }
            let o = ordinal?;
            return self.word_ordinal(i, o);
        }
        if w.key() == "half" {
            return None;
        }
        let pct = f64::from(numerator) / f64::from(denominator) * 100.0;
        let mut v = self.base_val(first, pct, pct, i + 1, w.end);
        v.fraction = true;
        v.unit = Some(Unit::Percent);
        Some(v)
    }

    /// "the third", "its second", "a third diplomatic source"; not the adverb "first".
    fn word_ordinal(&self, i: usize, rank: u32) -> Option<Val> {
        let w = self.word(i)?;
        // "the Second World War", "Fifth Avenue": a name.
        let cap_next = self.joined(i + 1) && self.word(i + 1).is_some_and(|n| n.cap);
        if w.cap && (cap_next || (self.joined(i) && self.word(i - 1).is_some_and(|p| !p.cap))) {
            return None;
        }
        let prev = if i > 0 && self.joined(i) {
            self.word(i - 1)
        } else {
            None
        };
        if !prev.is_some_and(|p| p.has(DET) || p.possessive) {
            return None;
        }
        if self.ordinal_is_date(i) {
            return None;
        }
        let mut v = self.base_val(i, f64::from(rank), f64::from(rank), i + 1, w.end);
        v.ordinal = true;
        v.singular = true;
        // "wait a second": after an article the rank needs its noun.
        v.needs_noun = prev.is_some_and(|p| matches!(p.key(), "a" | "an"));
        Some(v)
    }
}

//! Values read from digits, the money and percent words after a value, and ratios.

use super::{Parser, Val};
use crate::extract::number::digits::{NumAtom, Suffix};
use crate::extract::number::lexicon::{NOT_COMPOUND_UNIT, STOP, TIME_UNIT};
use crate::extract::number::tokens::Kind;
use crate::extract::number::{Bound, Unit};
use crate::span::Span;

impl Parser<'_> {
    /// One value: digits with their scale and currency, or number words.
    pub(super) fn value_at(&self, i: usize) -> Option<Val> {
        let w = self.word(i)?;
        match w.kind {
            Kind::Num(_) => self.digits_value(i, self.num(w)?),
            Kind::NumWord(_) => self.word_value(i, self.numword(w)),
            Kind::Alpha => self.word_value(i, None),
            Kind::Other => None,
        }
    }

    /// The value `min..max` read from words `i..next`, ending at byte `end`, with nothing else
    /// known yet.
    pub(super) fn base_val(&self, i: usize, min: f64, max: f64, next: usize, end: usize) -> Val {
        Val {
            first: i,
            next,
            min,
            max,
            end,
            currency: None,
            unit: None,
            approximate: false,
            bound: None,
            ordinal: false,
            vague: false,
            fraction: false,
            year_like: false,
            needs_noun: false,
            singular: false,
            needs_of: false,
            digits: false,
            scale: 1.0,
        }
    }

    pub(super) fn digits_value(&self, i: usize, atom: NumAtom) -> Option<Val> {
        let w = self.word(i)?;
        let mut v = self.base_val(i, atom.value, atom.high.unwrap_or(atom.value), i + 1, w.end);
        v.digits = true;
        v.currency = atom.currency;
        v.scale = atom.scale;
        match atom.suffix {
            Suffix::Skip => return None,
            Suffix::Percent => v.unit = Some(Unit::Percent),
            Suffix::Measure(span) => v.unit = Some(Unit::Noun(span)),
            Suffix::Ordinal => {
                if atom.high.is_some() {
                    return None;
                }
                v.ordinal = true;
                v.singular = true;
                if self.ordinal_is_date(i) {
                    return None;
                }
            }
            Suffix::Plus => v.bound = Some(Bound::AtLeast),
            Suffix::AmbiguousM => {
                let noun_follows =
                    self.joined(i + 1) && self.word(i + 1).is_some_and(|n| n.kind_is_alpha() && !n.has(STOP));
                if noun_follows {
                    v.min *= 1e6;
                    v.max *= 1e6;
                    v.scale = 1e6;
                } else {
                    v.unit = Some(Unit::Noun(Span::new(w.end - 1, w.end)));
                }
            }
            Suffix::Compound(span, info) => {
                let key = info.map_or("", |x| x.key);
                let compound_text = self.text.get(span.start..span.end).unwrap_or("");
                if let Some(scale) = info.and_then(|x| x.scale) {
                    if compound_text.contains('-') {
                        return None;
                    }
                    v.min *= scale;
                    v.max *= scale;
                    v.scale = scale;
                } else if atom.currency.is_some() && atom.high.is_none() {
                    // "$80,000-a-year": the money is the amount, the rest a rate.
                } else if info.is_some_and(|x| x.flags & (TIME_UNIT | NOT_COMPOUND_UNIT) != 0)
                    || compound_text.contains("old")
                    || key == "percent"
                    || atom.high.is_some()
                {
                    return None;
                } else {
                    v.unit = Some(Unit::Noun(span));
                }
            }
            Suffix::Scale | Suffix::None => {}
        }
        if matches!(atom.suffix, Suffix::None)
            && atom.plain
            && atom.digits == 4
            && (1800.0..=2100.0).contains(&atom.value)
            && atom.high.is_none()
        {
            v.year_like = true;
        }
        if atom.plain
            && atom.suffix_is_none()
            && atom.high.is_none()
            && let Some(r) = self.ratio(i, atom.value)
        {
            return Some(r);
        }
        // A scale word after the digits: "1.2 million".
        if matches!(atom.suffix, Suffix::None | Suffix::Plus)
            && self.joined(i + 1)
            && let Some(scale) = self.word(i + 1).and_then(|n| n.info).and_then(|n| n.scale)
        {
            let n = self.word(i + 1)?;
            v.min *= scale;
            v.max *= scale;
            v.scale = scale;
            v.next = i + 2;
            v.end = n.end;
            v.year_like = false;
            // "5 million-strong" is left to the compound reader; a plain scale word only.
            if let Some(next_scale) = self
                .word(i + 2)
                .filter(|_| self.joined(i + 2))
                .and_then(|n| n.info)
                .and_then(|n| n.scale)
                .filter(|s| *s > scale)
            {
                v.min *= next_scale;
                v.max *= next_scale;
                v.scale *= next_scale;
                v.next = i + 3;
                v.end = self.word(i + 2)?.end;
            }
        }
        self.money_and_percent_words(&mut v);
        Some(v)
    }

    /// "percent", "per cent", "percentage points", "dollars", "euros" after a value.
    pub(super) fn money_and_percent_words(&self, v: &mut Val) {
        if v.unit.is_some() || !self.joined(v.next) {
            if let Some(c) = v.currency
                && v.unit.is_none()
            {
                v.unit = Some(Unit::Currency(c));
            }
            return;
        }
        let k = self.key(v.next);
        let mut took = 0;
        if k == "percent" || k == "pct" {
            v.unit = Some(Unit::Percent);
            took = 1;
        } else if k == "per" && self.key(v.next + 1) == "cent" && self.joined(v.next + 1) {
            v.unit = Some(Unit::Percent);
            took = 2;
        } else if k == "percentage" && self.joined(v.next + 1) {
            let p = self
                .word(v.next + 1)
                .and_then(|w| self.text.get(w.start..w.end))
                .unwrap_or("");
            if p.eq_ignore_ascii_case("points") || p.eq_ignore_ascii_case("point") {
                v.unit = Some(Unit::PercentagePoints);
                took = 2;
            }
        } else if let Some(code) = self.word(v.next).and_then(|w| w.info).and_then(|i| i.currency)
            && v.currency.is_none()
        {
            v.currency = Some(code);
            took = 1;
        }
        if took > 0 {
            if let Some(last) = self.word(v.next + took - 1) {
                v.end = last.end;
            }
            v.next += took;
            v.year_like = false;
        }
        if v.unit.is_none()
            && let Some(c) = v.currency
        {
            v.unit = Some(Unit::Currency(c));
            v.year_like = false;
        }
    }

    /// "one in five divorcees", "four out of 10 children": `numerator` at word `i`.
    pub(super) fn ratio(&self, i: usize, numerator: f64) -> Option<Val> {
        let (k, took) = match (self.key(i + 1), self.key(i + 2)) {
            ("in", _) => (i + 2, 1),
            ("out", "of") => (i + 3, 2),
            _ => return None,
        };
        if !(1..=took + 1).all(|d| self.joined(i + d)) {
            return None;
        }
        let d = self.word(k)?;
        let den = match (self.num(d), self.numword(d)) {
            (Some(a), _) if a.plain && a.suffix_is_none() => a.value,
            (_, Some(a)) if a.compound.is_none() && a.denominator.is_none() => a.value,
            _ => return None,
        };
        if den <= numerator || den == 0.0 {
            return None;
        }
        let pct = numerator / den * 100.0;
        let mut v = self.base_val(i, pct, pct, k + 1, d.end);
        v.fraction = true;
        v.unit = Some(Unit::Percent);
        Some(v)
    }
}

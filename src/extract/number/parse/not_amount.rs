//! Numbers that are not amounts: years, dates, clock times, labels and names ("Flight 370"),
//! street numbers, records, ages.

use super::{Parser, Val};
use crate::extract::number::lexicon::{
    AGE, CLOCK, DET, LABEL, MODIFIER, MONTH, PERIOD_NOUN, STOP, STREET, TIME_UNIT, WEEKDAY, YEAR_PREP,
};
use crate::extract::number::tokens::{Kind, Trail};
use crate::extract::number::{Bound, Unit};

impl Parser<'_> {
    /// "May 3rd", "the 3rd of May", "on the 3rd", "the 21st century", "the first half"; and
    /// "the first six games", where the rank belongs to a count.
    pub(super) fn ordinal_is_date(&self, i: usize) -> bool {
        if self.joined(i + 1)
            && self
                .word(i + 1)
                .is_some_and(|n| matches!(n.kind, Kind::Num(_) | Kind::NumWord(_)))
        {
            return true;
        }
        let prev_month = i > 0 && self.word(i - 1).is_some_and(|p| p.has(MONTH) && p.cap);
        let next_month = self.joined(i + 1)
            && (self.word(i + 1).is_some_and(|n| n.has(MONTH) && n.cap)
                || (self.key(i + 1) == "of" && self.word(i + 2).is_some_and(|n| n.has(MONTH) && n.cap)));
        let period = self.joined(i + 1) && self.word(i + 1).is_some_and(|n| n.has(PERIOD_NOUN) || n.has(WEEKDAY));
        let on_the = i >= 2
            && self.key(i - 1) == "the"
            && self.key(i - 2) == "on"
            && matches!(self.word(i).map(|w| w.kind), Some(Kind::Num(_)))
            && !self.joined(i + 1);
        prev_month || next_month || period || on_the
    }

    /// Whether a bare 4-digit integer such as "2018" is an amount rather than a year.
    pub(super) fn year_is_amount(&self, v: &Val, bound: Option<Bound>) -> bool {
        if bound.is_some() || v.currency.is_some() || v.unit.is_some() {
            return true;
        }
        let prev_year_word = v.first > 0
            && self.joined(v.first)
            && self
                .word(v.first - 1)
                .is_some_and(|p| p.has(YEAR_PREP) || p.has(MONTH) || p.possessive);
        if prev_year_word {
            return false;
        }
        // Otherwise an amount only when a plural noun follows ("2000 troops"); the caller
        // rejects time units ("2018 years" is rare, "2018 season" is a year).
        self.joined(v.next)
            && self
                .word(v.next)
                .is_some_and(|n| self.is_plural(n) && !n.has(TIME_UNIT))
    }

    /// Labels, names and dates before digits: "No. 2", "Flight 370", "Jan. 3", "aged 45".
    pub(super) fn not_an_amount_before(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let Some(p) = self.word(i - 1) else {
            return false;
        };
        let joined = self.joined(i);
        // "Jan. 3", "May. 3", "MAY 3": an abbreviating full stop still joins.
        let abbreviated = self.text.as_bytes().get(p.end) == Some(&b'.');
        if p.has(MONTH) && p.cap && (joined || p.trail == Trail::None || abbreviated) {
            return true;
        }
        // "April 9 - 11": the end of a range of days.
        if matches!(p.kind, Kind::Other)
            && i >= 3
            && matches!(self.word(i - 2).map(|w| w.kind), Some(Kind::Num(_)))
            && self.word(i - 3).is_some_and(|m| m.has(MONTH) && m.cap)
        {
            return true;
        }
        if !joined {
            // "Smith, 45," — an age after a name.
            return p.trail == Trail::Comma
                && !p.has(STOP)
                && self.word(i).is_some_and(|w| {
                    w.trail != Trail::None && self.num(w).is_some_and(|a| a.plain && a.value < 130.0)
                });
        }
        if p.has(LABEL) || p.has(AGE) {
            return true;
        }
        if p.key() == "magnitude" {
            // "magnitude 6.4": the judge takes the label in as the unit.
            return false;
        }
        // A capitalised word that is not a function word names the number: "Boeing 737",
        // "Route 66", "DC 20500". Weekdays and modifiers are in the lexicon as other roles.
        p.cap
            && p.info
                .is_none_or(|x| x.flags & (STOP | MODIFIER | DET) == 0 && x.cardinal.is_none())
            && !matches!(p.kind, Kind::Num(_))
    }

    /// Times and dates after digits: "5 p.m.", "0800 GMT", "3 January", "45 years old".
    pub(super) fn not_an_amount_after(&self, v: &Val) -> bool {
        if !self.joined(v.next) {
            return false;
        }
        let Some(n) = self.word(v.next) else {
            return false;
        };
        if n.has(CLOCK) && (n.cap || n.key().contains('.') || !n.key().is_empty()) {
            // "am" is also a verb ("I am"), but after digits it is a clock time.
            return true;
        }
        if n.has(MONTH) && n.cap && v.unit.is_none() {
            return true;
        }
        // "9 a. m.": a clock time spelled with spaces.
        let raw = self.text.get(n.start..n.end).unwrap_or("");
        let dotted = raw.ends_with('.') || self.text.as_bytes().get(n.end) == Some(&b'.');
        let letter = raw.trim_end_matches('.');
        if dotted
            && matches!(letter, "a" | "p" | "A" | "P")
            && self
                .word(v.next + 1)
                .and_then(|m| self.text.get(m.start..m.end))
                .is_some_and(|m| m.starts_with(['m', 'M']))
        {
            return true;
        }
        // Street numbers: "1600 Pennsylvania Avenue", "10 Downing Street".
        if n.cap && v.unit.is_none() {
            for k in v.next..v.next + 3 {
                let Some(w) = self.word(k).filter(|w| w.cap && (k == v.next || self.joined(k))) else {
                    break;
                };
                if w.has(STREET) {
                    return true;
                }
            }
        }
        false
    }

    /// "5: 03pm": a clock time broken by a space after the colon.
    pub(super) fn split_clock(&self, v: &Val) -> bool {
        let Some(last) = v.next.checked_sub(1).and_then(|k| self.word(k)) else {
            return false;
        };
        self.text.as_bytes().get(last.end) == Some(&b':')
            && self.word(v.next).is_some_and(|n| matches!(n.kind, Kind::Num(_)))
    }

    /// "2, 000ft": thousands broken by a space; the pieces are not amounts.
    pub(super) fn broken_group(&self, v: &Val) -> bool {
        let Some(last) = v.next.checked_sub(1).and_then(|k| self.word(k)) else {
            return false;
        };
        self.text.as_bytes().get(last.end) == Some(&b',')
            && self.word(v.next).is_some_and(|n| {
                let t = self.text.get(n.start..n.end).unwrap_or("");
                t.len() >= 3
                    && t.as_bytes()[..3].iter().all(u8::is_ascii_digit)
                    && !t.as_bytes().get(3).is_some_and(u8::is_ascii_digit)
            })
    }

    /// "(7-9)", "(11-5)": a win-loss record in brackets, not a range; and "911".
    pub(super) fn record(&self, v: &Val) -> bool {
        let Some(w) = self.word(v.first) else {
            return false;
        };
        let b = self.text.as_bytes();
        let bracketed = v.first + 1 == v.next
            && w.start > 0
            && b.get(w.start - 1) == Some(&b'(')
            && b.get(w.end) == Some(&b')')
            && v.min != v.max;
        bracketed || self.text.get(w.start..w.end) == Some("911")
    }

    /// "45 years old", "45 years of age": an age is a property of a person, not an amount.
    pub(super) fn is_age(&self, v: &Val, next: usize) -> bool {
        let Some(Unit::Noun(span)) = v.unit else {
            return false;
        };
        let noun = self.text.get(span.start..span.end).unwrap_or("");
        if !(noun.eq_ignore_ascii_case("years") || noun.eq_ignore_ascii_case("year")) {
            return false;
        }
        let old = self.key(next) == "old" && self.joined(next);
        let of_age = self.key(next) == "of"
            && self.joined(next + 1)
            && self.text.get(self.word(next + 1).map_or(0..0, |w| w.start..w.end)) == Some("age");
        old || of_age
    }
}

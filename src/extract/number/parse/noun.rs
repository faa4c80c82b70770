//! The counted noun after a value: "14 people", "one U.S. official", "one of the officials".

use super::{Parser, Val};
use crate::extract::number::Unit;
use crate::extract::number::lexicon::{DET, IRREGULAR_PLURAL, MEASURE_WORD, MONTH, NOT_PLURAL, STOP};
use crate::extract::number::tokens::{Trail, Word};
use crate::span::Span;

impl Parser<'_> {
    /// A function word; "US" and "IT" in capitals are names, not the pronoun.
    pub(super) fn is_stop(&self, w: &Word) -> bool {
        w.has(STOP)
            && !self
                .text
                .get(w.start..w.end)
                .is_some_and(|t| t.len() > 1 && t.bytes().all(|b| b.is_ascii_uppercase()))
    }

    /// Whether a word looks like a plural noun.
    pub(super) fn is_plural(&self, w: &Word) -> bool {
        let t = self.text.get(w.start..w.end).unwrap_or("");
        // "30 days' worth" counts days; "Iran's" is a name.
        if !w.kind_is_alpha() || (w.possessive && (t.ends_with("'s") || t.ends_with("’s"))) {
            return false;
        }
        if w.has(IRREGULAR_PLURAL) {
            return true;
        }
        if w.has(NOT_PLURAL) || self.is_stop(w) {
            return false;
        }
        let lower_end = |suffix: &str| {
            t.len() >= suffix.len()
                && t.get(t.len() - suffix.len()..)
                    .is_some_and(|e| e.eq_ignore_ascii_case(suffix))
        };
        // "grandchildren", "gunmen", "townspeople"; not "specimen" or "omen".
        if lower_end("children")
            || lower_end("people")
            || (lower_end("men") && t.len() >= 5 && !lower_end("imen") && !lower_end("domen"))
        {
            return true;
        }
        let b = t.as_bytes();
        b.len() >= 3
            && b.ends_with(b"s")
            && !b.ends_with(b"ss")
            && !b.ends_with(b"us")
            && !b.ends_with(b"is")
            && !b.ends_with(b"'s")
            && t.chars().any(char::is_lowercase)
            && !t.contains('.')
    }

    /// The counted noun after a value: "14 people", "two US officials", "one U.S. official",
    /// "one of the officials", "hundreds of protesters", "third diplomatic source".
    /// Returns the unit, the end of the span, and the next word.
    pub(super) fn noun_after(&self, v: &Val, next: usize) -> Option<(Unit, usize, usize)> {
        if !self.joined(next) {
            return None;
        }
        let n = self.word(next)?;
        if n.key() == "of" {
            if v.ordinal || v.fraction || !self.joined(next + 1) {
                return None;
            }
            let d = self.word(next + 1)?;
            // Vague amounts take their noun straight after "of"; exact ones need a
            // determiner or a possessive: "one of the officials", "two of Iran's scientists".
            let after = if d.has(DET) || d.possessive {
                next + 2
            } else if v.vague {
                if let Some(code) = d.info.and_then(|x| x.currency) {
                    return Some((Unit::Currency(code), d.end, next + 2));
                }
                next + 1
            } else {
                return None;
            };
            if after == next + 2 && !self.joined(after) {
                return None;
            }
            return self.noun_phrase(after, false);
        }
        if v.needs_of {
            return None;
        }
        self.noun_phrase(next, v.singular)
    }

    /// Scans up to four words for the head noun of a noun phrase.
    fn noun_phrase(&self, from: usize, singular: bool) -> Option<(Unit, usize, usize)> {
        let mut last: Option<usize> = None;
        for j in from..from + 4 {
            if j > from && !self.joined(j) {
                break;
            }
            let w = self.word(j)?;
            if j == from
                && !singular
                && w.trail == Trail::None
                && matches!(w.key(), "more" | "other" | "fewer" | "additional" | "further")
            {
                // "20 more people", "two other men".
                continue;
            }
            if w.has(MEASURE_WORD) && w.kind_is_alpha() {
                // "sq km", "sq ft": the square unit is the head.
                let h = if w.key() == "sq"
                    && w.trail == Trail::None
                    && self.joined(j + 1)
                    && self.word(j + 1).is_some_and(|n| n.kind_is_alpha())
                {
                    j + 1
                } else {
                    j
                };
                let head = self.word(h)?;
                return Some((Unit::Noun(Span::new(w.start, head.end)), head.end, h + 1));
            }
            if !w.kind_is_alpha()
                || self.is_stop(w)
                || w.has(MONTH) && w.cap
                || w.info.is_some_and(|x| x.currency.is_some())
            {
                break;
            }
            let t = self.text.get(w.start..w.end).unwrap_or("");
            if t.ends_with("ly") && !w.cap {
                break;
            }
            if singular {
                let verb_s = t.ends_with('s') && !t.ends_with("ss") && !t.ends_with("us");
                let verbish = t.ends_with("ed") || t.ends_with("ing") || (verb_s && !w.cap);
                // A capitalised word after a lowercase noun starts a new phrase: "one senior
                // official Monday", "one place Lindsay".
                let new_name = w.cap && last.and_then(|l| self.word(l)).is_some_and(|l| !l.cap);
                // A word followed straight by a determiner is a verb: "explosion hit the port".
                let before_det =
                    self.joined(j + 1) && w.trail == Trail::None && self.word(j + 1).is_some_and(|n| n.has(DET));
                if last.is_some() && (verbish || new_name || before_det) {
                    break;
                }
                last = Some(j);
                if w.trail != Trail::None || w.possessive {
                    break;
                }
            } else {
                if self.is_plural(w) {
                    // "200 police officers": a plural used as a modifier gives way to the
                    // plural after it.
                    let mut h = j;
                    if w.trail == Trail::None
                        && self.joined(j + 1)
                        && self.word(j + 1).is_some_and(|n| self.is_plural(n))
                    {
                        h = j + 1;
                    }
                    let head = self.word(h)?;
                    // "40 degrees Celsius".
                    let scale_word = self.word(h + 1).filter(|n| {
                        head.key() == "degrees"
                            && self.joined(h + 1)
                            && self
                                .text
                                .get(n.start..n.end)
                                .is_some_and(|t| matches!(t, "Celsius" | "Fahrenheit" | "C" | "F" | "centigrade"))
                    });
                    if let Some(sw) = scale_word {
                        return Some((Unit::Noun(Span::new(head.start, sw.end)), sw.end, h + 2));
                    }
                    return Some((Unit::Noun(head.span()), head.end, h + 1));
                }
                if w.trail != Trail::None || w.possessive && j > from {
                    break;
                }
            }
        }
        if singular {
            let j = last?;
            let w = self.word(j)?;
            if w.possessive {
                return None;
            }
            return Some((Unit::Noun(w.span()), w.end, j + 1));
        }
        None
    }
}

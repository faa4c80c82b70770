//! Counts and what they count: "two years", "a few days ago", "three weeks later", and the
//! hedged forms "nearly two years", "more than a decade", "at least three weeks".

use super::{Amount, Anchor, M, Parser, Sem, SetSpec, period_code};
use crate::extract::time::lex::{Lex, RefKind, TokKind, Unit};

impl Parser<'_> {
    /// A count at `i`: "three", "13", "twenty-five", "a", "a few", "several", "a couple of".
    pub(super) fn amount(&self, i: usize) -> Option<(Amount, usize)> {
        let t = self.tok(i)?;
        if t.kind == TokKind::Num {
            if t.digits() > 4 {
                return None;
            }
            // "1.5 years" and "1,000 years" are not handled as counts.
            if (self.punct(i + 1, '.') || self.punct(i + 1, ','))
                && self.glued(i + 1)
                && self.num(i + 2).is_some()
                && self.glued(i + 2)
            {
                return None;
            }
            if i > 0 && self.glued(i) && (self.punct(i - 1, '.') || self.punct(i - 1, ',') || self.punct(i - 1, '$')) {
                return None;
            }
            return Some((Amount::N(self.num(i)?), i));
        }
        match t.lex? {
            Lex::NumWord(n) => Some((Amount::N(n), i)),
            Lex::Tens(n) => {
                if self.dash(i + 1)
                    && self.glued(i + 1)
                    && self.glued(i + 2)
                    && let Some(Lex::NumWord(u)) = self.lex(i + 2)
                    && (1..10).contains(&u)
                {
                    return Some((Amount::N(n + u), i + 2));
                }
                Some((Amount::N(n), i))
            }
            Lex::A => match self.lex(i + 1) {
                Some(Lex::Few) => Some((Amount::Vague, i + 1)),
                Some(Lex::Couple) => {
                    let l = if self.lex(i + 2) == Some(Lex::Of) { i + 2 } else { i + 1 };
                    Some((Amount::N(2), l))
                }
                Some(Lex::NumWord(100)) | Some(Lex::NumWord(12)) => {
                    if let Some(Lex::NumWord(n)) = self.lex(i + 1) {
                        Some((Amount::N(n), i + 1))
                    } else {
                        None
                    }
                }
                _ => Some((Amount::N(1), i)),
            },
            Lex::Few => Some((Amount::Vague, i)),
            Lex::Couple if self.lex(i + 1) == Some(Lex::Of) => Some((Amount::N(2), i + 1)),
            _ => None,
        }
    }

    /// A unit after an amount, plural or singular; "second" counts here.
    pub(super) fn unit_at(&self, i: usize) -> Option<(Unit, bool)> {
        match self.lex(i) {
            Some(Lex::Unit(u, p)) => Some((u, p)),

            _ => None,
        }
    }

    /// An amount and a unit: "three years", "two-week", "a few days", then "ago"/"earlier"/"later".
    pub(super) fn amount_led(&self, i: usize) -> M {
        let (amount, mut al) = self.amount(i)?;
        // "two to three weeks", "12 or 18 months": a range counts from its first number.
        if matches!(self.lex(al + 1), Some(Lex::To | Lex::Or))
            && self.lex(al + 2) != Some(Lex::A)
            && let Some((Amount::N(_), al2)) = self.amount(al + 2)
            && self.unit_at(al2 + 1).is_some()
        {
            al = al2;
        }
        let mut j = al + 1;
        let hyphen = self.dash(j) && self.glued(j) && self.glued(j + 1);
        // "two-year", "two more weeks".
        if hyphen || (self.lex(j) == Some(Lex::MoreLess) && self.is_word(j, "more")) {
            j += 1;
        }
        let (unit, plural) = self.unit_at(j)?;
        if unit == Unit::Weekend {
            return None;
        }
        // "a years" is not English; "one" with a plural is rare; "2 day" happens in hyphenless adjectives.
        if amount == Amount::N(1) && plural && !self.is_word(i, "one") {
            return None;
        }
        if self.lex(i) == Some(Lex::A) && hyphen {
            return None;
        }
        // "6-year-old", "52 years old": ages, not durations.
        let compound = self.dash(j + 1) && self.glued(j + 1) && self.glued(j + 2);
        if (compound && (self.is_word(j + 2, "old") || self.lex(i) == Some(Lex::A))) || self.is_word(j + 1, "old") {
            return None;
        }
        // "three-quarters of", "two quarters of the vote": fractions.
        if unit == Unit::Quarter && plural && (hyphen || self.lex(j + 1) == Some(Lex::Of)) {
            return None;
        }
        // "1988 second quarter": a year, not 1988 seconds.
        if self.tok(i).is_some_and(|t| t.digits() == 4) && !plural {
            return None;
        }
        let mut last = j;
        // "two days ago", "a year earlier", "three weeks later", "two days from now".
        if let Amount::N(n) = amount {
            let n = n.min(10_000) as i32;
            match self.lex(j + 1) {
                Some(Lex::Ago) | Some(Lex::Earlier) if !hyphen && !self.before_than(j + 2) => {
                    if unit == Unit::Year && n == 1 {
                        return Some((j + 1, Sem::YearAgo));
                    }
                    return Some((
                        j + 1,
                        Sem::UnitRel {
                            unit,
                            offset: -n,
                            part: None,
                        },
                    ));
                }
                Some(Lex::Later) if !hyphen && !self.before_than(j + 2) => {
                    return Some((j + 1, Sem::NarrativeRel { unit, offset: n }));
                }
                Some(Lex::From) if self.is_word(j + 2, "now") => {
                    return Some((
                        j + 2,
                        Sem::UnitRel {
                            unit,
                            offset: n,
                            part: None,
                        },
                    ));
                }
                _ => {}
            }
        }
        // "several years ago", "a few weeks ago": some time back, no definite date.
        if amount == Amount::Vague && self.lex(j + 1) == Some(Lex::Ago) {
            return Some((j + 1, Sem::Ref(RefKind::Past)));
        }
        // "a year" after a price or count is a rate: "$5 a year", "twice a year".
        if self.lex(i) == Some(Lex::A) && !plural && i > 0 {
            let p = self.tok(i - 1)?;
            let pw = self.lower(i - 1);
            if p.kind == TokKind::Num
                || pw == "times"
                || pw == "twice"
                || pw == "once"
                || pw == "thrice"
                || (p.kind == TokKind::Punct && p.ch == '%')
                || pw == "million"
                || pw == "billion"
                || pw == "percent"
                || pw == "dollars"
            {
                return Some((i + 1, Sem::Set(SetSpec::Period(period_code(unit)))));
            }
        }
        if hyphen && self.lex(j + 1) == Some(Lex::Anniversary) {
            last = j + 1;
            return Some((last, Sem::Anniversary));
        }
        // "a day" alone is too often "a day after" in a narrative, but TimeML tags it too.
        Some((
            last,
            Sem::Duration {
                amount,
                unit,
                anchor: Anchor::None,
            },
        ))
    }

    /// "nearly two years", "more than a decade", "up to 180 days", "at least three weeks".
    pub(super) fn approx_led(&self, i: usize) -> M {
        let j = match self.lex(i)? {
            Lex::Approx => i + 1,
            Lex::MoreLess if self.lex(i + 1) == Some(Lex::Than) => i + 2,
            Lex::Up if self.lex(i + 1) == Some(Lex::To) => i + 2,
            Lex::At if self.lex(i + 1) == Some(Lex::Least) => i + 2,
            _ => return None,
        };
        let (last, sem) = self.amount_led(j)?;
        match sem {
            Sem::Duration { .. } | Sem::UnitRel { .. } => Some((last, sem)),
            _ => None,
        }
    }

    /// A modal or auxiliary before a verb ("would last").
    pub(super) fn modal(&self, i: usize) -> bool {
        matches!(
            self.lower(i).as_str(),
            "will"
                | "would"
                | "could"
                | "can"
                | "may"
                | "might"
                | "should"
                | "must"
                | "to"
                | "did"
                | "does"
                | "do"
                | "not"
                | "ll"
                | "shall"
        )
    }

    /// A lower-case word ending in "-ed" ("previously announced").
    pub(super) fn next_is_participle(&self, i: usize) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == TokKind::Word && !t.cap && t.lex.is_none())
            && self.word(i).ends_with("ed")
    }

    /// A determiner or possessive before an adjective.
    pub(super) fn determiner(&self, i: usize) -> bool {
        matches!(self.lex(i), Some(Lex::The | Lex::A | Lex::This | Lex::Ordinal(_)))
            || matches!(
                self.lower(i).as_str(),
                "its"
                    | "their"
                    | "his"
                    | "her"
                    | "our"
                    | "s"
                    | "average"
                    | "initial"
                    | "regular"
                    | "usual"
                    | "your"
                    | "my"
            )
    }

    fn before_than(&self, i: usize) -> bool {
        self.lex(i) == Some(Lex::Than)
    }
}

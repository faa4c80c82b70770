//! Expressions led by a time word: weekdays, "today", "tonight", "recently", seasons,
//! holidays, "every Friday", "third quarter"; the dispatcher of every word-led pattern.

use super::{Amount, Anchor, M, Parser, Part, Sem, SetSpec, YearSpec, period_code};
use crate::extract::time::lex::{DayPart, HolidayRule, Lex, RefKind, TokKind, Unit};

impl Parser<'_> {
    pub(super) fn word_led(&mut self, i: usize, lex: Lex) -> M {
        match lex {
            Lex::Month(..) => self.month_led(i),
            Lex::Weekday(wd, plural) => {
                if !self.tok(i)?.cap {
                    return None;
                }
                if plural {
                    let (last, part) = self.day_part_after(i);
                    return Some((last, Sem::Set(SetSpec::Weekday(wd, part))));
                }
                let (last, part) = self.day_part_after(i);
                Some((
                    last,
                    Sem::Weekday {
                        wd,
                        rel: None,
                        part,
                        time: None,
                    },
                ))
            }
            Lex::DayWord(o) => {
                // "today's youth", "today's world": the present in general, not a day.
                if o == 0
                    && self.apostrophe(i + 1)
                    && self.is_word(i + 2, "s")
                    && matches!(
                        self.lower(i + 3).as_str(),
                        "world"
                            | "youth"
                            | "society"
                            | "generation"
                            | "standards"
                            | "dollars"
                            | "terms"
                            | "economy"
                            | "young"
                            | "market"
                            | "children"
                    )
                {
                    return None;
                }
                let (last, part) = self.day_part_after(i);
                Some((
                    last,
                    Sem::DayRel {
                        offset: o as i32,
                        part,
                        time: None,
                    },
                ))
            }
            Lex::Tonight => Some((
                i,
                Sem::DayRel {
                    offset: 0,
                    part: Some(DayPart::Night),
                    time: None,
                },
            )),
            Lex::RefAdverb(r) => {
                // "previously announced" modifies a participle; it is not a time of its own.
                if r == RefKind::Past && self.is_word(i, "previously") && self.next_is_participle(i + 1) {
                    return None;
                }
                // "soon after" leans on another event.
                if r == RefKind::Future && matches!(self.word(i + 1), "after" | "afterward" | "afterwards") {
                    return None;
                }
                Some((i, Sem::Ref(r)))
            }
            Lex::Recent => {
                if let Some((u, true)) = self.unit_at(i + 1) {
                    return Some((
                        i + 1,
                        Sem::Duration {
                            amount: Amount::Vague,
                            unit: u,
                            anchor: Anchor::Past,
                        },
                    ));
                }
                None
            }
            Lex::Current => {
                if !self.tok(i)?.cap || i == 0 || self.tok(i)?.newline_before || self.punct(i - 1, '.') {
                    Some((i, Sem::Ref(RefKind::Present)))
                } else {
                    None
                }
            }
            Lex::Future => {
                if self.lex(i + 1) == Some(Lex::Unit(Unit::Quarter, true)) {
                    return Some((i + 1, Sem::Ref(RefKind::Future)));
                }
                // "future payments" is an adjective; "in future" and "the future" are times.
                if self.tok(i + 1).is_some_and(|t| t.kind == TokKind::Word && !t.cap) {
                    return None;
                }
                Some((i, Sem::Ref(RefKind::Future)))
            }
            Lex::The => self.the_led(i),
            Lex::Early | Lex::Mid | Lex::Late => self.part_led(i, lex),
            Lex::Last | Lex::Next | Lex::This | Lex::Coming | Lex::Past | Lex::Previous | Lex::That => {
                // "would last two years": the verb, not the adjective.
                if lex == Lex::Last && i > 0 && self.modal(i - 1) {
                    return None;
                }
                self.rel_led(i, lex, i)
            }
            Lex::Right => {
                // "right now".
                if self.is_word(i + 1, "now") {
                    return Some((i + 1, Sem::Ref(RefKind::Present)));
                }
                None
            }
            Lex::Times => {
                // "twice a day", "once a week": a rate.
                if self.lex(i + 1) == Some(Lex::A)
                    && let Some(Lex::Unit(u, false)) = self.lex(i + 2)
                {
                    return Some((i + 2, Sem::Set(SetSpec::Period(period_code(u)))));
                }
                None
            }
            Lex::Earlier | Lex::Later => {
                // "earlier this year", "later this month".
                let part = if lex == Lex::Earlier { Part::SoFar } else { Part::Rest };
                match self.lex(i + 1) {
                    Some(Lex::This | Lex::That) => {
                        let (u, _) = self.unit_at(i + 2)?;
                        if matches!(u, Unit::Week | Unit::Month | Unit::Year | Unit::Quarter | Unit::Decade) {
                            if self.lex(i + 1) == Some(Lex::That) {
                                return Some((i + 2, Sem::NarrativeRel { unit: u, offset: 0 }));
                            }
                            return Some((
                                i + 2,
                                Sem::UnitRel {
                                    unit: u,
                                    offset: 0,
                                    part: Some(part),
                                },
                            ));
                        }
                        None
                    }
                    Some(Lex::DayWord(o)) => Some((
                        i + 1,
                        Sem::DayRel {
                            offset: o as i32,
                            part: None,
                            time: None,
                        },
                    )),
                    _ => None,
                }
            }
            Lex::Every => self.every_led(i),
            Lex::SetAdverb(p) => {
                // "its quarterly dividend", "the average daily volume": adjectives.
                if i > 0 && self.determiner(i - 1) {
                    return None;
                }
                Some((i, Sem::Set(SetSpec::Period(p))))
            }
            Lex::NumWord(_) | Lex::Tens(_) | Lex::A | Lex::Few => {
                if let Some(r) = self.amount_led(i) {
                    return Some(r);
                }
                None
            }
            Lex::Approx | Lex::MoreLess | Lex::Up | Lex::At => self.approx_led(i),
            Lex::Season(s) => {
                // Seasons alone are common words ("fall", "spring"): need a year or capital.
                if let Some((y, yl)) = self.trailing_year(i + 1) {
                    return Some((
                        yl,
                        Sem::Season {
                            s,
                            year: Some(YearSpec::Abs(y)),
                            rel: None,
                            part: None,
                        },
                    ));
                }
                if self.lex(i + 1) == Some(Lex::Of)
                    && let Some(y) = self.year_num(i + 2)
                {
                    return Some((
                        i + 2,
                        Sem::Season {
                            s,
                            year: Some(YearSpec::Abs(y)),
                            rel: None,
                            part: None,
                        },
                    ));
                }
                if i > 0
                    && matches!(
                        self.lower(i - 1).as_str(),
                        "in" | "this" | "during" | "until" | "by" | "since" | "over"
                    )
                    && s != 2
                {
                    return Some((
                        i,
                        Sem::Season {
                            s,
                            year: None,
                            rel: None,
                            part: None,
                        },
                    ));
                }
                None
            }
            Lex::Fiscal => {
                if let Some(y) = self.year_num(i + 1) {
                    return Some((
                        i + 1,
                        Sem::Year {
                            year: YearSpec::Abs(y),
                            part: None,
                        },
                    ));
                }
                None
            }
            Lex::Ordinal(n) => self.ordinal_led(i, n),
            Lex::Unit(Unit::Year, false) => {
                // "year-earlier", "year-ago": the same period one year before.
                if self.dash(i + 1)
                    && self.glued(i + 1)
                    && matches!(self.lex(i + 2), Some(Lex::Earlier | Lex::Ago))
                    && self.glued(i + 2)
                {
                    return Some((i + 2, Sem::YearAgo));
                }
                if self.dash(i + 1) && self.glued(i + 1) && self.is_word(i + 2, "end") && self.glued(i + 2) {
                    return Some((
                        i + 2,
                        Sem::UnitRel {
                            unit: Unit::Year,
                            offset: 0,
                            part: Some(Part::End),
                        },
                    ));
                }
                None
            }
            Lex::Noon | Lex::Midnight => {
                let time = if lex == Lex::Noon { (12, 0) } else { (0, 0) };
                let sem = Sem::Clock { time };
                Some(self.attach_following(i, sem))
            }
            Lex::Overnight => Some((
                i,
                Sem::DayRel {
                    offset: 0,
                    part: Some(DayPart::Night),
                    time: None,
                },
            )),
            Lex::Holiday(rule) => {
                if !self.tok(i)?.cap {
                    return None;
                }
                let eve = self.lex(i + 1) == Some(Lex::Eve);
                let last = if eve || self.lex(i + 1) == Some(Lex::Unit(Unit::Day, false)) {
                    i + 1
                } else {
                    i
                };
                Some((last, Sem::Holiday { rule, eve }))
            }
            Lex::HolidayWord(rule) => {
                // "Election Day", "Labor Day": only with a capital and "Day".
                let day = self.tok(i + 1)?;
                if !self.tok(i)?.cap || !day.cap || self.lex(i + 1) != Some(Lex::Unit(Unit::Day, false)) {
                    return None;
                }
                Some((i + 1, Sem::Holiday { rule, eve: false }))
            }
            Lex::New => {
                // "New Year's Day", "New Year's Eve".
                if !self.tok(i)?.cap
                    || !self.is_word(i + 1, "year")
                    || !self.apostrophe(i + 2)
                    || !self.is_word(i + 3, "s")
                {
                    return None;
                }
                let eve = self.lex(i + 4) == Some(Lex::Eve);
                if !eve && self.lex(i + 4) != Some(Lex::Unit(Unit::Day, false)) {
                    return None;
                }
                // New Year's Eve closes the year rather than opening the next one.
                let rule = if eve {
                    HolidayRule::Fixed(12, 31)
                } else {
                    HolidayRule::Fixed(1, 1)
                };
                Some((i + 4, Sem::Holiday { rule, eve: false }))
            }
            Lex::Unit(u, plural)
                if self.dash(i + 1) && self.glued(i + 1) && self.glued(i + 2) && self.is_word(i + 2, "long") =>
            {
                // "decades-long", "day-long".
                Some((
                    i + 2,
                    Sem::Duration {
                        amount: if plural { Amount::Vague } else { Amount::N(1) },
                        unit: u,
                        anchor: Anchor::None,
                    },
                ))
            }
            Lex::Unit(u, true) => {
                // "for years", "within days": a vague duration after a preposition.
                let prev = if i > 0 { self.word(i - 1) } else { "" };
                if matches!(prev, "for" | "within" | "over" | "in" | "after")
                    && self.lex(i + 1) != Some(Lex::Of)
                    && !matches!(u, Unit::Weekend | Unit::Quarter)
                {
                    return Some((
                        i,
                        Sem::Duration {
                            amount: Amount::Vague,
                            unit: u,
                            anchor: Anchor::None,
                        },
                    ));
                }
                None
            }
            _ => None,
        }
    }

    /// A part of the day after a day word: "Tuesday morning", "yesterday afternoon".
    pub(super) fn day_part_after(&self, i: usize) -> (usize, Option<DayPart>) {
        match self.lex(i + 1) {
            Some(Lex::DayPart(p)) => (i + 1, Some(p)),
            _ => (i, None),
        }
    }

    /// "every Friday", "each year", "every other week".
    fn every_led(&self, i: usize) -> M {
        let j = i + 1;
        match self.lex(j)? {
            Lex::Unit(u, false) => Some((j, Sem::Set(SetSpec::Period(period_code(u))))),
            Lex::Weekday(wd, false) => {
                let (last, part) = self.day_part_after(j);
                Some((last, Sem::Set(SetSpec::Weekday(wd, part))))
            }
            Lex::Month(m, false) => Some((j, Sem::Set(SetSpec::Month(m)))),
            Lex::DayPart(p) => Some((
                j,
                Sem::Set(SetSpec::Period(match p {
                    DayPart::Morning => "XXXX-XX-XXTMO",
                    DayPart::Afternoon => "XXXX-XX-XXTAF",
                    DayPart::Evening => "XXXX-XX-XXTEV",
                    DayPart::Night => "XXXX-XX-XXTNI",
                })),
            )),
            _ => None,
        }
    }

    /// "third-quarter", "third quarter", "second half" without "the".
    pub(super) fn ordinal_led(&self, i: usize, n: u32) -> M {
        let mut j = i + 1;
        if self.dash(j) && self.glued(j) && self.glued(j + 1) {
            j += 1;
        }
        match self.lex(j)? {
            Lex::Unit(Unit::Quarter, false) if (1..=4).contains(&n) => {
                let (last, year) = self.of_year(j);
                Some((
                    last,
                    Sem::Quarter {
                        q: Some(n as u8),
                        year,
                        rel: None,
                    },
                ))
            }
            Lex::Half if (1..=2).contains(&n) => {
                let (last, year) = self.of_year(j);
                Some((last, Sem::Half { h: n as u8, year }))
            }
            Lex::Anniversary => Some((j, Sem::Anniversary)),
            _ => None,
        }
    }

    /// An optional "of 2020" / "2020" / "of this year" / "of last year" after a period.
    pub(super) fn of_year(&self, last: usize) -> (usize, Option<YearSpec>) {
        let mut j = last + 1;
        let has_of = self.lex(j) == Some(Lex::Of);
        if has_of {
            j += 1;
        }
        if let Some(y) = self.year_num(j) {
            return (j, Some(YearSpec::Abs(y)));
        }
        if has_of || self.lex(j) == Some(Lex::This) || self.lex(j) == Some(Lex::Last) || self.lex(j) == Some(Lex::Next)
        {
            let off = match self.lex(j) {
                Some(Lex::This) => Some(0),
                Some(Lex::Last) => Some(-1),
                Some(Lex::Next) => Some(1),
                Some(Lex::The) if self.lex(j + 1) == Some(Lex::Unit(Unit::Year, false)) => {
                    return (j + 1, Some(YearSpec::Rel(0)));
                }
                _ => None,
            };
            if let Some(o) = off
                && self.lex(j + 1) == Some(Lex::Unit(Unit::Year, false))
            {
                return (j + 1, Some(YearSpec::Rel(o)));
            }
        }
        (last, None)
    }
}

//! Parts of periods and relative periods: "early 2021", "mid-January", "late last year",
//! "last week", "next month", "this year", "the past three years".

use super::{Amount, Anchor, M, Parser, Part, Sem, YearSpec, with_part};
use crate::extract::time::lex::{Lex, TokKind, Unit};

impl Parser<'_> {
    /// "early 2021", "mid-January", "late last year", "the early 1990s", "late Tuesday".
    pub(super) fn part_led(&mut self, i: usize, lex: Lex) -> M {
        let part = match lex {
            Lex::Early => Part::Early,
            Lex::Mid => Part::Mid,
            Lex::Late => Part::Late,
            _ => return None,
        };
        let mut j = i + 1;
        if self.dash(j) && self.glued(j) {
            j += 1;
        }
        self.part_of(j, part)
    }

    /// The thing a part modifier applies to, at `j`.
    pub(super) fn part_of(&mut self, j: usize, part: Part) -> M {
        let t = *self.tok(j)?;
        if t.kind == TokKind::Num {
            let (last, sem) = self.numeric(j)?;
            return match sem {
                Sem::Year { year, .. } => Some((last, Sem::Year { year, part: Some(part) })),
                Sem::Decade { start, .. } => Some((
                    last,
                    Sem::Decade {
                        start,
                        part: Some(part),
                    },
                )),
                _ => None,
            };
        }
        match t.lex? {
            Lex::Month(..) => {
                let (m, ml) = self.month_at(j, true).or_else(|| {
                    if let Some(Lex::Month(m, false)) = self.lex(j) {
                        if t.cap { Some((m, j)) } else { None }
                    } else {
                        None
                    }
                })?;
                let (last, year) = match self.trailing_year(ml + 1) {
                    Some((y, yl)) => (yl, Some(YearSpec::Abs(y))),
                    None => (ml, None),
                };
                Some((
                    last,
                    Sem::Month {
                        year,
                        month: m,
                        rel: 0,
                        part: Some(part),
                    },
                ))
            }
            Lex::Last | Lex::Next | Lex::This => {
                let (last, sem) = self.rel_led(j, t.lex?, j)?;
                Some((last, with_part(sem, part)))
            }
            Lex::Weekday(wd, false) if t.cap => Some((
                j,
                Sem::Weekday {
                    wd,
                    rel: None,
                    part: None,
                    time: None,
                },
            )),
            Lex::DayWord(o) => Some((
                j,
                Sem::DayRel {
                    offset: o as i32,
                    part: None,
                    time: None,
                },
            )),
            Lex::Season(s) => {
                let (last, year) = match self.trailing_year(j + 1) {
                    Some((y, yl)) => (yl, Some(YearSpec::Abs(y))),
                    None => (j, None),
                };
                Some((
                    last,
                    Sem::Season {
                        s,
                        year,
                        rel: None,
                        part: Some(part),
                    },
                ))
            }
            Lex::DayPart(p) => Some((
                j,
                Sem::DayRel {
                    offset: 0,
                    part: Some(p),
                    time: None,
                },
            )),
            Lex::The => {
                let (last, sem) = self.the_led(j)?;
                match sem {
                    Sem::Decade { start, .. } => Some((
                        last,
                        Sem::Decade {
                            start,
                            part: Some(part),
                        },
                    )),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// "last week", "next month", "this year", "past three years", "last Friday", "last September".
    pub(super) fn rel_led(&mut self, i: usize, lex: Lex, first: usize) -> M {
        let off = match lex {
            Lex::Last | Lex::Past | Lex::Previous => -1,
            Lex::Next | Lex::Coming | Lex::Following => 1,
            Lex::This => 0,
            Lex::That => 0,
            _ => return None,
        };
        let j = i + 1;
        let t = *self.tok(j)?;
        // "the past three years", "last two weeks", "the next few months".
        if let Some((amount, al)) = self.amount(j)
            && self.lex(j) != Some(Lex::A)
            && let Some((u, _)) = self.unit_at(al + 1)
        {
            if lex == Lex::This || lex == Lex::That {
                return None;
            }
            return Some((
                al + 1,
                Sem::Duration {
                    amount,
                    unit: u,
                    anchor: if off < 0 { Anchor::Past } else { Anchor::Next },
                },
            ));
        }
        // "this past spring", "this coming week".
        if lex == Lex::This && matches!(t.lex, Some(Lex::Past | Lex::Coming)) {
            let (last, sem) = self.rel_led(j, t.lex?, j)?;
            return match sem {
                Sem::Duration { .. } => None,
                other => Some((last, other)),
            };
        }
        match t.lex? {
            Lex::Half if lex == Lex::Last => {
                let (last, year) = self.of_year(j);
                Some((last, Sem::Half { h: 2, year }))
            }
            Lex::Unit(u, plural) => {
                if plural {
                    if lex == Lex::This || lex == Lex::That {
                        return None;
                    }
                    // "the coming months", "past years".
                    return Some((
                        j,
                        Sem::Duration {
                            amount: Amount::Vague,
                            unit: u,
                            anchor: if off < 0 { Anchor::Past } else { Anchor::Next },
                        },
                    ));
                }
                if lex == Lex::That {
                    return Some((j, Sem::NarrativeRel { unit: u, offset: 0 }));
                }
                // "this year's third quarter".
                if u == Unit::Year
                    && self.apostrophe(j + 1)
                    && self.is_word(j + 2, "s")
                    && let Some(Lex::Ordinal(q)) = self.lex(j + 3)
                    && (1..=4).contains(&q)
                    && self.is_word(j + 4, "quarter")
                {
                    return Some((
                        j + 4,
                        Sem::Quarter {
                            q: Some(q as u8),
                            year: Some(YearSpec::Rel(off)),
                            rel: None,
                        },
                    ));
                }
                // "the next day" counts from the story's reference day, not the dateline.
                let the_next_day = u == Unit::Day && lex == Lex::Next && first != i;
                if matches!(lex, Lex::Previous | Lex::Following) || the_next_day {
                    return Some((j, Sem::NarrativeRel { unit: u, offset: off }));
                }
                if u == Unit::Weekend {
                    return Some((j, Sem::Weekend { rel: Some(off) }));
                }
                if matches!(u, Unit::Day | Unit::Hour | Unit::Minute | Unit::Second) {
                    // "the past day" is a duration; "this day" is rare.
                    if off == 0 {
                        return None;
                    }
                    return Some((
                        j,
                        Sem::Duration {
                            amount: Amount::N(1),
                            unit: u,
                            anchor: if off < 0 { Anchor::Past } else { Anchor::Next },
                        },
                    ));
                }
                if lex == Lex::Past || lex == Lex::Coming {
                    // "the past year" is the twelve months up to now.
                    return Some((
                        j,
                        Sem::Duration {
                            amount: Amount::N(1),
                            unit: u,
                            anchor: if off < 0 { Anchor::Past } else { Anchor::Next },
                        },
                    ));
                }
                Some((
                    j,
                    Sem::UnitRel {
                        unit: u,
                        offset: off,
                        part: None,
                    },
                ))
            }
            Lex::Weekday(wd, false)
                if t.cap
                    && !matches!(
                        lex,
                        Lex::Past | Lex::Previous | Lex::Following | Lex::That | Lex::Coming
                    ) =>
            {
                let (last, part) = self.day_part_after(j);
                Some((
                    last,
                    Sem::Weekday {
                        wd,
                        rel: Some(off),
                        part,
                        time: None,
                    },
                ))
            }
            Lex::Month(m, false) if t.cap && matches!(lex, Lex::Last | Lex::Next | Lex::This) => Some((
                j,
                Sem::Month {
                    year: None,
                    month: m,
                    rel: off,
                    part: None,
                },
            )),
            Lex::Season(s) if matches!(lex, Lex::Last | Lex::Next | Lex::This | Lex::Past | Lex::Coming) => Some((
                j,
                Sem::Season {
                    s,
                    year: None,
                    rel: Some(off),
                    part: None,
                },
            )),
            Lex::DayPart(p) if matches!(lex, Lex::Last | Lex::This) => Some((
                j,
                Sem::DayRel {
                    offset: if lex == Lex::Last { -1 } else { 0 },
                    part: Some(p),
                    time: None,
                },
            )),
            _ => None,
        }
    }

    /// Whether a relative word is followed by a count or unit ("past three years").
    pub(super) fn rel_follows(&self, i: usize) -> bool {
        if self.amount(i).is_some() && self.lex(i) != Some(Lex::A) {
            return true;
        }
        matches!(
            self.lex(i),
            Some(Lex::Unit(..) | Lex::Season(_) | Lex::Few | Lex::Couple)
        )
    }
}

//! Expressions led by "the": "the 1990s", "the next day", "the end of September", "the first
//! quarter", "the near future".

use super::{Amount, Anchor, M, Parser, Part, Sem, YearSpec, with_part};
use crate::extract::time::lex::{Lex, RefKind, TokKind, Unit};

impl Parser<'_> {
    /// Expressions that start with "the".
    pub(super) fn the_led(&mut self, i: usize) -> M {
        if self.depth >= 3 {
            return None;
        }
        self.depth += 1;
        let r = self.the_led_inner(i);
        self.depth -= 1;
        r
    }

    fn the_led_inner(&mut self, i: usize) -> M {
        let j = i + 1;
        let t = *self.tok(j)?;
        // "the 30-year mortgage": the article belongs to the noun, not to the duration.
        let counted = t.kind == TokKind::Num || matches!(t.lex, Some(Lex::NumWord(_) | Lex::Tens(_)));
        if counted
            && self.dash(j + 1)
            && self.glued(j + 1)
            && self.unit_at(j + 2).is_some()
            && self.lex(j + 3) != Some(Lex::Anniversary)
        {
            return None;
        }
        if matches!(t.lex, Some(Lex::End | Lex::Beginning | Lex::Mid)) && self.lex(j + 1) == Some(Lex::Of) {
            return self.end_of(j);
        }
        if t.kind == TokKind::Num {
            // "the 20th century".
            if let Some(n) = self.num(j)
                && self.lex(j + 1) == Some(Lex::OrdSuffix)
                && self.lex(j + 2) == Some(Lex::Unit(Unit::Century, false))
                && (1..=30).contains(&n)
            {
                return Some((
                    j + 2,
                    Sem::Century {
                        start: (n as i32 - 1) * 100,
                    },
                ));
            }
            // "the 1988 period", "the 1988 third quarter".
            if let Some(y) = self.year_num(j) {
                let mut k = j + 1;
                let q = match self.lex(k) {
                    Some(Lex::Ordinal(n)) if (1..=4).contains(&n) => {
                        k += 1;
                        Some(n as u8)
                    }
                    _ => None,
                };
                if self.is_word(k, "quarter") || (q.is_none() && self.is_word(k, "period")) {
                    return Some((
                        k,
                        Sem::Quarter {
                            q,
                            year: Some(YearSpec::Abs(y)),
                            rel: None,
                        },
                    ));
                }
            }
            // "the 1990s", "the nine months".
            let (last, sem) = self.numeric(j)?;
            return match sem {
                Sem::Decade { .. } | Sem::Duration { .. } => Some((last, sem)),
                _ => None,
            };
        }
        if self.apostrophe(j) {
            return self.short_decade(j);
        }
        if t.lex.is_none() {
            return self.the_adjective(j);
        }
        match t.lex? {
            Lex::Early | Lex::Mid | Lex::Late => {
                let mut k = j + 1;
                if self.dash(k) && self.glued(k) {
                    k += 1;
                }
                let part = match t.lex? {
                    Lex::Early => Part::Early,
                    Lex::Mid => Part::Mid,
                    _ => Part::Late,
                };
                let (last, sem) = self.part_of(k, part)?;
                matches!(sem, Sem::Decade { .. } | Sem::Season { .. }).then_some((last, sem))
            }
            Lex::Ordinal(n) => {
                // "the third-quarter results": the article belongs to the noun phrase.
                if self.dash(j + 1) && self.glued(j + 1) {
                    return None;
                }
                // "the first quarter", "the second half of 2020", "the first nine months".
                if let Some((amount, al)) = self.amount(j + 1)
                    && let Some((u, true)) = self.unit_at(al + 1)
                    && n == 1
                {
                    return Some((
                        al + 1,
                        Sem::Duration {
                            amount,
                            unit: u,
                            anchor: Anchor::None,
                        },
                    ));
                }
                self.ordinal_led(j, n)
            }
            Lex::Fiscal => {
                if let Some(Lex::Ordinal(n)) = self.lex(j + 1) {
                    return self.ordinal_led(j + 1, n);
                }
                if self.lex(j + 1) == Some(Lex::Unit(Unit::Year, false)) {
                    return Some((
                        j + 1,
                        Sem::UnitRel {
                            unit: Unit::Year,
                            offset: 0,
                            part: None,
                        },
                    ));
                }
                None
            }
            Lex::Last | Lex::Past | Lex::Next | Lex::Coming | Lex::Previous | Lex::Following => {
                if t.lex == Some(Lex::Past) && !self.rel_follows(j + 1) {
                    return Some((j, Sem::Ref(RefKind::Past)));
                }
                let (last, sem) = self.rel_led(j, t.lex?, i)?;
                // "the last week" reads as the past seven days.
                let sem = match sem {
                    Sem::UnitRel {
                        unit,
                        offset,
                        part: None,
                    } if matches!(t.lex, Some(Lex::Last | Lex::Next)) && unit != Unit::Weekend => Sem::Duration {
                        amount: Amount::N(1),
                        unit,
                        anchor: if offset < 0 { Anchor::Past } else { Anchor::Next },
                    },
                    other => other,
                };
                Some((last, sem))
            }
            Lex::Future => Some((j, Sem::Ref(RefKind::Future))),
            Lex::Current => {
                let k = if self.lex(j + 1) == Some(Lex::Fiscal) {
                    j + 2
                } else {
                    j + 1
                };
                if let Some(Lex::Unit(u, false)) = self.lex(k) {
                    return Some((
                        k,
                        Sem::UnitRel {
                            unit: u,
                            offset: 0,
                            part: None,
                        },
                    ));
                }
                None
            }
            Lex::Unit(Unit::Weekend, false) => Some((j, Sem::Weekend { rel: None })),
            Lex::Unit(Unit::Quarter, false) => Some((
                j,
                Sem::Quarter {
                    q: None,
                    year: None,
                    rel: None,
                },
            )),
            Lex::Unit(Unit::Year, false) => {
                // "the year-earlier quarter" and "the year-ago period".
                if self.dash(j + 1) && self.glued(j + 1) && matches!(self.lex(j + 2), Some(Lex::Earlier | Lex::Ago)) {
                    // Only with the period it qualifies; otherwise "year-earlier" stands alone.
                    let mut k = j + 3;
                    if matches!(self.lex(k), Some(Lex::Ordinal(_))) {
                        k += 1;
                    }
                    if matches!(self.lower(k).as_str(), "quarter" | "period") {
                        return Some((k, Sem::YearAgo));
                    }
                    return None;
                }
                // "the year two thousand", "the year 2000": the number carries the meaning.
                if self.tok(j + 1).is_some_and(|t| t.kind == TokKind::Num)
                    || matches!(self.lex(j + 1), Some(Lex::NumWord(_) | Lex::Tens(_)))
                {
                    return None;
                }
                // "the year ended March 31" is a fiscal year: twelve months, not this year.
                if matches!(self.lower(j + 1).as_str(), "ended" | "ending") {
                    return Some((
                        j,
                        Sem::Duration {
                            amount: Amount::N(1),
                            unit: Unit::Year,
                            anchor: Anchor::None,
                        },
                    ));
                }
                // "the year", "the year's end" ("the year" is the current one in news).
                if self.apostrophe(j + 1) && self.is_word(j + 2, "s") && self.lex(j + 3) == Some(Lex::End) {
                    return Some((
                        j + 3,
                        Sem::Year {
                            year: YearSpec::Rel(0),
                            part: Some(Part::End),
                        },
                    ));
                }
                Some((
                    j,
                    Sem::Year {
                        year: YearSpec::Rel(0),
                        part: None,
                    },
                ))
            }
            Lex::Unit(Unit::Week, false) => Some((
                j,
                Sem::UnitRel {
                    unit: Unit::Week,
                    offset: 0,
                    part: None,
                },
            )),
            Lex::Season(s) => {
                // "the summer of 2016".
                if self.lex(j + 1) == Some(Lex::Of)
                    && let Some(y) = self.year_num(j + 2)
                {
                    return Some((
                        j + 2,
                        Sem::Season {
                            s,
                            year: Some(YearSpec::Abs(y)),
                            rel: None,
                            part: None,
                        },
                    ));
                }
                Some((
                    j,
                    Sem::Season {
                        s,
                        year: None,
                        rel: None,
                        part: None,
                    },
                ))
            }
            Lex::NumWord(_) | Lex::Tens(_) => {
                // "the one-year anniversary", "the 10th anniversary", "the two days".
                let (last, sem) = self.amount_led(j)?;
                match sem {
                    Sem::Anniversary | Sem::Duration { .. } => Some((last, sem)),
                    _ => None,
                }
            }
            Lex::Anniversary => Some((j, Sem::Anniversary)),
            Lex::Recent => {
                if let Some((u, true)) = self.unit_at(j + 1) {
                    return Some((
                        j + 1,
                        Sem::Duration {
                            amount: Amount::Vague,
                            unit: u,
                            anchor: Anchor::Past,
                        },
                    ));
                }
                None
            }
            _ => None,
        }
    }

    /// "the end of September", "the beginning of 2020", "the middle of next year"; `j` is the part word.
    fn end_of(&mut self, j: usize) -> M {
        // "the end of September", "the beginning of 2020", "the middle of next year".
        if self.lex(j + 1) != Some(Lex::Of) {
            return None;
        }
        let part = match self.lex(j)? {
            Lex::End => Part::End,
            Lex::Beginning => Part::Start,
            _ => Part::Mid,
        };
        let k = j + 2;
        if self.lex(k) == Some(Lex::The) {
            // "the end of the year", "the end of the month", "the end of the 1990s".
            if let Some(Lex::Unit(u, false)) = self.lex(k + 1)
                && matches!(u, Unit::Year | Unit::Month | Unit::Week | Unit::Quarter | Unit::Decade)
            {
                return Some((
                    k + 1,
                    Sem::UnitRel {
                        unit: u,
                        offset: 0,
                        part: Some(part),
                    },
                ));
            }
            let (last, sem) = self.the_led(k)?;
            return Some((last, with_part(sem, part)));
        }
        let (last, sem) = self.part_of(k, part)?;
        Some((last, sem))
    }

    /// "the near future", "the latest quarter", "the full year": words outside the lexicon.
    fn the_adjective(&mut self, j: usize) -> M {
        match () {
            _ if matches!(self.lower(j).as_str(), "near" | "foreseeable" | "distant")
                && self.lex(j + 1) == Some(Lex::Future) =>
            {
                Some((j + 1, Sem::Ref(RefKind::Future)))
            }
            // "in the near term", "over the long term".
            _ if matches!(self.lower(j).as_str(), "near" | "short" | "long") && self.is_word(j + 1, "term") => {
                Some((j + 1, Sem::Ref(RefKind::Future)))
            }
            _ if matches!(self.lower(j).as_str(), "latest" | "full") => {
                // "the latest quarter", "the full year", "the current fiscal year".
                let latest = self.is_word(j, "latest");
                let mut k = j + 1;
                if self.lex(k) == Some(Lex::Fiscal) {
                    k += 1;
                }
                match self.lex(k) {
                    Some(Lex::Unit(Unit::Quarter, false)) => Some((
                        k,
                        Sem::Quarter {
                            q: None,
                            year: None,
                            rel: None,
                        },
                    )),
                    Some(Lex::Unit(Unit::Year, false)) => Some((
                        k,
                        Sem::Year {
                            year: YearSpec::Rel(if latest { -1 } else { 0 }),
                            part: None,
                        },
                    )),
                    _ if latest && self.is_word(k, "period") => Some((
                        k,
                        Sem::Quarter {
                            q: None,
                            year: None,
                            rel: None,
                        },
                    )),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

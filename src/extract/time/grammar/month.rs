//! Expressions led by a month or a weekday name: "Jan. 3", "December 2020", "May 3-5",
//! "Saturday, April 25".

use super::{BadDate, M, Parser, Sem, YearSpec, is_valid};
use crate::extract::time::lex::{Lex, TokKind, Unit};

impl Parser<'_> {
    /// A month name at `i` and what follows it.
    pub(super) fn month_led(&mut self, i: usize) -> M {
        let (m, ml) = self.month_at(i, true)?;
        // Month day [-day] [, year]
        if let Some((d, dl)) = self.day_num(ml + 1) {
            // A four-digit token is a year, not a day.
            let mut last = dl;
            let mut day_end = None;
            if self.dash(dl + 1)
                && self.glued(dl + 1)
                && self.glued(dl + 2)
                && let Some((d2, dl2)) = self.day_num(dl + 2)
                && d2 > d
            {
                day_end = Some(d2);
                last = dl2;
            }
            let mut year = None;
            if let Some((y, yl)) = self.trailing_year(last + 1) {
                year = Some(y);
                last = yl;
            }
            let bad_end = day_end.is_some_and(|e| !is_valid(year, m as u32, e));
            if !is_valid(year, m as u32, d) || bad_end {
                self.bad.push(BadDate {
                    first: i,
                    last,
                    year,
                    month: m as u32,
                    day: d,
                });
                return None;
            }
            let time = None;
            return Some((
                last,
                Sem::Date {
                    year,
                    month: m,
                    day: d as u8,
                    day_end: day_end.map(|e| e as u8),
                    time,
                },
            ));
        }
        // Month [of] year
        let mut j = ml + 1;
        if self.lex(j) == Some(Lex::Of) {
            j += 1;
        }
        if let Some((y, yl)) = self.trailing_year(j) {
            return Some((
                yl,
                Sem::Month {
                    year: Some(YearSpec::Abs(y)),
                    month: m,
                    rel: 0,
                    part: None,
                },
            ));
        }
        // "January this year", "June last year", "June of last year".
        let k = if self.lex(ml + 1) == Some(Lex::Of) {
            ml + 2
        } else {
            ml + 1
        };
        if let Some(off) = match self.lex(k) {
            Some(Lex::This) => Some(0),
            Some(Lex::Last) => Some(-1),
            Some(Lex::Next) => Some(1),
            _ => None,
        } && self.lex(k + 1) == Some(Lex::Unit(Unit::Year, false))
        {
            return Some((
                k + 1,
                Sem::Month {
                    year: Some(YearSpec::Rel(off)),
                    month: m,
                    rel: 0,
                    part: None,
                },
            ));
        }
        if !self.bare_month_ok(i, m) {
            return None;
        }
        // "August Wilson": a month name before another capitalised name is a name.
        if let Some(n) = self.tok(ml + 1)
            && n.kind == TokKind::Word
            && n.cap
            && n.lex.is_none()
            && !n.newline_before
        {
            return None;
        }
        Some((
            ml,
            Sem::Month {
                year: None,
                month: m,
                rel: 0,
                part: None,
            },
        ))
    }

    /// "Wednesday, Dec. 3, 2020": a weekday before a calendar date.
    pub(super) fn weekday_date(&mut self, i: usize) -> M {
        let mut j = i + 1;
        if self.punct(j, ',') {
            j += 1;
        }
        if !matches!(self.lex(j), Some(Lex::Month(..))) {
            return None;
        }
        let (last, sem) = self.month_led(j)?;
        matches!(sem, Sem::Date { .. }).then_some((last, sem))
    }
}

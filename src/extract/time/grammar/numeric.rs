//! Expressions led by digits: ISO and US numeric dates ("2020-12-03", "12/3/2020"), years
//! and decades ("1990s", "'90s"), clock times ("3 p.m.", "15:00 GMT") and a day before its
//! month ("3 January 2020", "3rd of January"); counts in digits ("13 years") go on to
//! `amount`.

use super::{BadDate, M, Parser, Sem, YearSpec, is_valid};
use crate::extract::time::lex::{Lex, Lower, TokKind};

impl Parser<'_> {
    pub(super) fn numeric(&mut self, i: usize) -> M {
        let t = *self.tok(i)?;
        let digits = t.digits();
        // ISO 8601: 2020-12-03.
        if digits == 4
            && self.dash(i + 1)
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.tok(i + 2).is_some_and(|t| t.digits() == 2)
        {
            let y = self.num(i)?;
            let m = self.num(i + 2)?;
            if self.dash(i + 3)
                && self.glued(i + 3)
                && self.glued(i + 4)
                && self.tok(i + 4).is_some_and(|t| t.digits() == 2)
            {
                let d = self.num(i + 4)?;
                if !is_valid(Some(y as i32), m, d) {
                    if (1..=12).contains(&m) {
                        self.bad.push(BadDate {
                            first: i,
                            last: i + 4,
                            year: Some(y as i32),
                            month: m,
                            day: d,
                        });
                    }
                    return None;
                }
                return Some((
                    i + 4,
                    Sem::Date {
                        year: Some(y as i32),
                        month: m as u8,
                        day: d as u8,
                        day_end: None,
                        time: None,
                    },
                ));
            }
            if (1..=12).contains(&m) && (1000..=2999).contains(&y) {
                return Some((
                    i + 2,
                    Sem::Month {
                        year: Some(YearSpec::Abs(y as i32)),
                        month: m as u8,
                        rel: 0,
                        part: None,
                    },
                ));
            }
        }
        // US order: 12/3/2020 or 12/3/20.
        if digits <= 2
            && self.punct(i + 1, '/')
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.punct(i + 3, '/')
            && self.glued(i + 3)
            && self.glued(i + 4)
        {
            let m = self.num(i)?;
            let d = self.num(i + 2)?;
            let yt = self.tok(i + 4)?;
            let y = match (yt.digits(), self.num(i + 4)) {
                (4, Some(y)) => y as i32,
                (2, Some(y)) => {
                    if y < 50 {
                        2000 + y as i32
                    } else {
                        1900 + y as i32
                    }
                }
                _ => return None,
            };
            if self.tok(i + 2).is_some_and(|t| t.digits() > 2) {
                return None;
            }
            // "3/4/2020/5" is something else.
            if self.punct(i + 5, '/') && self.glued(i + 5) {
                return None;
            }
            if !is_valid(Some(y), m, d) {
                if (1..=12).contains(&m) && (1..=31).contains(&d) {
                    self.bad.push(BadDate {
                        first: i,
                        last: i + 4,
                        year: Some(y),
                        month: m,
                        day: d,
                    });
                }
                return None;
            }
            return Some((
                i + 4,
                Sem::Date {
                    year: Some(y),
                    month: m as u8,
                    day: d as u8,
                    day_end: None,
                    time: None,
                },
            ));
        }
        // Decades: 1990s, 1990's.
        if digits == 4
            && let Some(y) = self.num(i)
            && y % 10 == 0
            && (1000..=2990).contains(&y)
        {
            if self.is_word(i + 1, "s") && self.glued(i + 1) {
                return Some((
                    i + 1,
                    Sem::Decade {
                        start: y as i32,
                        part: None,
                    },
                ));
            }
            if self.apostrophe(i + 1) && self.glued(i + 1) && self.is_word(i + 2, "s") && self.glued(i + 2) {
                return Some((
                    i + 2,
                    Sem::Decade {
                        start: y as i32,
                        part: None,
                    },
                ));
            }
        }
        // Times of day: 3 p.m., 10:30 a.m., 15:00 GMT.
        if let Some(r) = self.clock(i) {
            return Some(r);
        }
        // Day before month: 3 January 2020, 3rd of January.
        if let Some((d, dl)) = self.day_num(i) {
            let mut j = dl + 1;
            if self.lex(j) == Some(Lex::Of) {
                j += 1;
            }
            if let Some(Lex::Month(..)) = self.lex(j)
                && let Some((m, ml)) = self.month_at(j, false)
            {
                return self.finish_day_month(i, ml, m, d);
            }
        }
        // Durations and relative expressions: "13 years", "10-hour", "two days ago".
        if let Some(r) = self.amount_led(i) {
            return Some(r);
        }
        // Bare years.
        if let Some(y) = self.year_num(i)
            && self.bare_year_ok(i)
        {
            return Some((
                i,
                Sem::Year {
                    year: YearSpec::Abs(y),
                    part: None,
                },
            ));
        }
        None
    }

    /// "'90s".
    pub(super) fn short_decade(&self, i: usize) -> M {
        let t = self.tok(i + 1)?;
        if t.digits() != 2 || !self.glued(i + 1) {
            return None;
        }
        let y = self.num(i + 1)?;
        if y % 10 != 0 || !self.is_word(i + 2, "s") || !self.glued(i + 2) {
            return None;
        }
        let start = if y < 30 { 2000 + y } else { 1900 + y };
        Some((
            i + 2,
            Sem::Decade {
                start: start as i32,
                part: None,
            },
        ))
    }

    /// Whether a lone four-digit number reads as a year.
    fn bare_year_ok(&self, i: usize) -> bool {
        let y = self.num(i).unwrap_or(0);
        let prev_lex = if i > 0 { self.lex(i - 1) } else { None };
        let prev = if i > 0 { self.lower(i - 1) } else { Lower::of("") };
        if i > 0
            && (self.punct(i - 1, '$')
                || self.punct(i - 1, '#')
                || self.punct(i - 1, '\u{a3}')
                || self.punct(i - 1, '\u{20ac}'))
        {
            return false;
        }
        if matches!(
            prev.as_str(),
            "than"
                | "nearly"
                | "about"
                | "some"
                | "over"
                | "almost"
                | "approximately"
                | "roughly"
                | "no"
                | "number"
                | "route"
                | "flight"
                | "page"
                | "room"
                | "model"
                | "windows"
                | "version"
                | "at"
                | "to"
        ) && !(1900..=2100).contains(&y)
        {
            return false;
        }
        if matches!(
            prev.as_str(),
            "than"
                | "nearly"
                | "some"
                | "approximately"
                | "roughly"
                | "flight"
                | "route"
                | "no"
                | "number"
                | "page"
                | "room"
                | "model"
                | "version"
                | "windows"
                | "up"
        ) {
            return false;
        }
        // A year after a preposition, "fiscal", "the", "of" or a part word.
        let strong = matches!(
            prev_lex,
            Some(
                Lex::YearPrep
                    | Lex::Of
                    | Lex::Fiscal
                    | Lex::Early
                    | Lex::Mid
                    | Lex::Late
                    | Lex::The
                    | Lex::Month(..)
                    | Lex::Season(_)
                    | Lex::End
                    | Lex::Beginning
            )
        ) || (i > 0 && self.dash(i - 1));
        if !(1800..=2100).contains(&y) && !strong {
            return false;
        }
        // "2,000 people", "1500 troops": a number before a counted noun.
        if let Some(n) = self.tok(i + 1) {
            if n.kind == TokKind::Punct && (n.ch == '%' || n.ch == '-') && !n.space_before {
                return false;
            }
            if n.kind == TokKind::Word && !n.cap {
                let w = self.lower(i + 1);
                if w == "percent"
                    || w == "people"
                    || w == "troops"
                    || w == "points"
                    || w == "times"
                    || w == "hours"
                    || w == "p"
                    || w == "a"
                    || w == "am"
                    || w == "pm"
                    || w == "miles"
                    || w == "feet"
                    || w == "meters"
                    || w == "dollars"
                    || w == "workers"
                    || w == "jobs"
                    || w == "members"
                    || w == "employees"
                    || w == "units"
                    || w == "shares"
                    || w == "tons"
                    || w == "cars"
                {
                    return false;
                }
                if n.lex.is_none()
                    && w.ends_with('s')
                    && w.len() > 3
                    && !w.ends_with("ss")
                    && !(1900..=2100).contains(&y)
                {
                    return false;
                }
            }
        }
        true
    }

    /// Times of day at `i`.
    fn clock(&self, i: usize) -> M {
        let h = self.num(i)?;
        if self.tok(i)?.digits() > 2 {
            return None;
        }
        let mut j = i + 1;
        let mut min = 0;
        let mut has_min = false;
        if (self.punct(j, ':') || self.punct(j, '.'))
            && self.glued(j)
            && self.glued(j + 1)
            && self.tok(j + 1).is_some_and(|t| t.digits() == 2)
        {
            min = self.num(j + 1)?;
            if min > 59 {
                return None;
            }
            has_min = true;
            j += 2;
        }
        // a.m. / p.m. / am / pm / a.m (several spellings).
        let mut pm = None;
        let mut last = j - 1;
        let w = self.lower(j);
        if (w == "a" || w == "p")
            && self.punct(j + 1, '.')
            && self.glued(j + 1)
            && self.is_word(j + 2, "m")
            && self.glued(j + 2)
        {
            pm = Some(w == "p");
            last = j + 2;
            if self.punct(j + 3, '.') && self.glued(j + 3) {
                last = j + 3;
            }
        } else if (w == "am" || w == "pm") && self.tok(j).is_some_and(|t| t.kind == TokKind::Word) {
            pm = Some(w == "pm");
            last = j;
        }
        let hour = match pm {
            Some(is_pm) => {
                if !(1..=12).contains(&h) {
                    return None;
                }
                match (is_pm, h) {
                    (true, 12) => 12,
                    (true, h) => h + 12,
                    (false, 12) => 0,
                    (false, h) => h,
                }
            }
            None => {
                // "15:00 GMT" needs minutes and a zone or "o'clock".
                if !has_min || h > 23 || self.lex(j) != Some(Lex::Zone) {
                    return None;
                }
                h
            }
        };
        if self.lex(last + 1) == Some(Lex::Zone) && self.tok(last + 1).is_some_and(|t| t.all_caps) {
            last += 1;
        } else if pm.is_none() {
            last = j;
        }
        Some((
            last,
            Sem::Clock {
                time: (hour as u8, min as u8),
            },
        ))
    }

    /// After a day and a month ("3 January") have been read, reads an optional year.
    fn finish_day_month(&mut self, first: usize, ml: usize, m: u8, d: u32) -> M {
        let mut last = ml;
        let mut year = None;
        if let Some((y, yl)) = self.trailing_year(ml + 1) {
            year = Some(y);
            last = yl;
        }
        if !is_valid(year, m as u32, d) {
            self.bad.push(BadDate {
                first,
                last,
                year,
                month: m as u32,
                day: d,
            });
            return None;
        }
        Some((
            last,
            Sem::Date {
                year,
                month: m,
                day: d as u8,
                day_end: None,
                time: None,
            },
        ))
    }
}

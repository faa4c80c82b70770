//! Turns what an expression says into days, a precision and a TIMEX3 value.
//!
//! The resolver walks the expressions of one text in order and keeps story state, as
//! news is read: the last day-precise date mentioned (the reference day that "two
//! days later" and a bare "at 3 p.m." count from), the last date of any precision
//! (which "later that year" refers to), and the last fiscal quarter mentioned (which
//! "a year earlier" refers back to in earnings copy).

use super::grammar::{Amount, Anchor, Cand, Part, Sem, SetSpec, YearSpec};
use super::lex::{DayPart, HolidayRule, RefKind, Unit};
use super::tense::{Cue, Tense};
use super::{Interval, PartialDate, Precision, StatedWeekday, TimeExpr, TimeKind, TimexType};
use crate::span::Span;
use jiff::civil::{Date, Weekday};

/// Why a value is missing.
const NO_DATE: &str = "relative expression and no publication date";
const YEAR_UNKNOWN: &str = "year unknown: no publication date";
const VAGUE: &str = "vague reference with no definite interval";
const UNANCHORED: &str = "duration not anchored to a date";
const ANNIVERSARY: &str = "anniversary of an event whose date is not given";
const RECURRING: &str = "recurring time";
const OUT_OF_RANGE: &str = "date out of the supported range";

/// Days beyond which a date in the publication year gives way to the nearest one.
const SAME_YEAR_REACH: i64 = 240;

/// Days within which a tense guessed from an "-ed" word may place a month or date.
const WEAK_CUE_REACH: i64 = 270;

/// Bytes after a quarter within which "a year earlier" refers back to it.
const QUARTER_REACH: usize = 400;

/// The resolved parts of an expression, before it becomes a [`TimeExpr`].
struct Res {
    kind: TimeKind,
    value: Option<Interval>,
    precision: Option<Precision>,
    ttype: TimexType,
    tvalue: String,
    tmod: Option<&'static str>,
    reason: Option<&'static str>,
    partial: Option<PartialDate>,
    relative: bool,
}

impl Res {
    fn date(value: Option<Interval>, precision: Precision, tvalue: String) -> Res {
        Res {
            kind: TimeKind::Date,
            value,
            precision: Some(precision),
            ttype: TimexType::Date,
            tvalue,
            tmod: None,
            reason: if value.is_none() { Some(OUT_OF_RANGE) } else { None },
            partial: None,
            relative: false,
        }
    }

    fn unresolved(precision: Option<Precision>, tvalue: &str, reason: &'static str) -> Res {
        Res {
            kind: TimeKind::Date,
            value: None,
            precision,
            ttype: TimexType::Date,
            tvalue: tvalue.to_string(),
            tmod: None,
            reason: Some(reason),
            partial: None,
            relative: true,
        }
    }

    fn rel(mut self) -> Res {
        self.relative = true;
        self
    }
}

/// Resolves the expressions of one text, in order.
pub struct Resolver {
    published: Option<Date>,
    reference: Option<Date>,
    reference_day: Option<Date>,
    last_quarter: Option<(i32, u8, usize)>,
}

fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    if !(1..=9999).contains(&y) {
        return None;
    }
    Date::new(y as i16, m as i8, d as i8).ok()
}

/// Adds days; `None` past the calendar's range (never a panic, unlike `ToSpan`).
fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

/// Adds months; `None` past the calendar's range.
fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_months(n).ok()?).ok()
}

fn month_iv(y: i32, m: u8) -> Option<Interval> {
    let s = date(y, m, 1)?;
    Some(Interval {
        start: s,
        end: s.last_of_month(),
    })
}

fn year_iv(y: i32) -> Option<Interval> {
    Some(Interval {
        start: date(y, 1, 1)?,
        end: date(y, 12, 31)?,
    })
}

fn quarter_iv(y: i32, q: u8) -> Option<Interval> {
    let s = date(y, (q - 1) * 3 + 1, 1)?;
    let e = date(y, q * 3, 1)?.last_of_month();
    Some(Interval { start: s, end: e })
}

/// The first (`h` 1) or second half of year `y`.
fn half_iv(y: i32, h: u8) -> Option<Interval> {
    Some(Interval {
        start: date(y, if h == 1 { 1 } else { 7 }, 1)?,
        end: date(y, if h == 1 { 6 } else { 12 }, 1)?.last_of_month(),
    })
}

fn season_iv(y: i32, s: u8) -> Option<Interval> {
    // Meteorological seasons; winter runs from December into the next year.
    let (sm, em, ey) = match s {
        0 => (3, 5, y),
        1 => (6, 8, y),
        2 => (9, 11, y),
        _ => (12, 2, y + 1),
    };
    Some(Interval {
        start: date(y, sm, 1)?,
        end: date(ey, em, 1)?.last_of_month(),
    })
}

fn decade_iv(start: i32) -> Option<Interval> {
    Some(Interval {
        start: date(start, 1, 1)?,
        end: date(start + 9, 12, 31)?,
    })
}

fn week_iv(d: Date) -> Option<Interval> {
    let off = d.weekday().to_monday_zero_offset() as i64;
    let s = add_days(d, -off)?;
    Some(Interval {
        start: s,
        end: add_days(s, 6)?,
    })
}

fn week_label(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn season_code(s: u8) -> &'static str {
    match s {
        0 => "SP",
        1 => "SU",
        2 => "FA",
        _ => "WI",
    }
}

fn unit_letter(u: Unit) -> (&'static str, &'static str) {
    match u {
        Unit::Second => ("T", "S"),
        Unit::Minute => ("T", "M"),
        Unit::Hour => ("T", "H"),
        Unit::Day => ("", "D"),
        Unit::Week => ("", "W"),
        Unit::Weekend => ("", "WE"),
        Unit::Month => ("", "M"),
        Unit::Quarter => ("", "Q"),
        Unit::Year => ("", "Y"),
        Unit::Decade | Unit::Century => ("", "Y"),
    }
}

fn unit_precision(u: Unit) -> Precision {
    match u {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => Precision::Day,
        Unit::Week | Unit::Weekend => Precision::Week,
        Unit::Month => Precision::Month,
        Unit::Quarter => Precision::Quarter,
        Unit::Year => Precision::Year,
        Unit::Decade => Precision::Decade,
        Unit::Century => Precision::Century,
    }
}

/// Days between two dates (`b - a`).
fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map(|s| s.get_days() as i64).unwrap_or(i64::MAX / 4)
}

/// Narrows an interval to a part of it: thirds for "early", "mid" and "late", the
/// first or last quarter for "the beginning of" and "the end of" (a third of a
/// month), counted in whole years, months or days as the interval allows.
fn apply_part(iv: Interval, part: Option<Part>, published: Option<Date>) -> (Interval, Option<&'static str>) {
    let Some(part) = part else {
        return (iv, None);
    };
    let whole_years = iv.start.month() == 1
        && iv.start.day() == 1
        && iv.end.month() == 12
        && iv.end.day() == 31
        && iv.end.year() > iv.start.year();
    let whole_months = iv.start.day() == 1 && iv.end == iv.end.last_of_month();
    let months =
        (iv.end.year() as i64 - iv.start.year() as i64) * 12 + iv.end.month() as i64 - iv.start.month() as i64 + 1;
    // The interval in units: (count, unit in months or 0 for days).
    let (n, unit_months) = if whole_years {
        (iv.end.year() as i64 - iv.start.year() as i64 + 1, 12)
    } else if whole_months && months >= 3 {
        (months, 1)
    } else {
        (days_between(iv.start, iv.end) + 1, 0)
    };
    let at = |k: i64| -> Option<Date> {
        if unit_months == 0 {
            add_days(iv.start, k)
        } else {
            add_months(iv.start, k * unit_months)
        }
    };
    let pick = |a: i64, b: i64| -> Interval {
        let s = at(a).unwrap_or(iv.start).clamp(iv.start, iv.end);
        let e = at(b).and_then(|d| add_days(d, -1)).unwrap_or(iv.end).clamp(s, iv.end);
        Interval { start: s, end: e }
    };
    // A month splits at the 10th and the 20th, as "early", "mid" and "late" are used
    // of months; longer periods split into equal thirds.
    let third = if unit_months == 0 && whole_months && n >= 28 {
        10
    } else {
        (n / 3).max(1)
    };
    // The edge of a month is its last ten days or so, like "late"; of a year, its last quarter.
    let edge = if unit_months == 0 {
        n - 2 * third
    } else {
        (n / 4).max(1)
    };
    match part {
        Part::Early => (pick(0, third), Some("START")),
        Part::Mid => (pick(third, 2 * third), Some("MID")),
        Part::Late => (pick(2 * third, n), Some("END")),
        Part::Start => (pick(0, if unit_months == 0 { third } else { edge }), Some("START")),
        Part::End => (pick(n - edge, n), Some("END")),
        Part::SoFar => match published {
            Some(p) if iv.start <= p && p <= iv.end => (
                Interval {
                    start: iv.start,
                    end: p,
                },
                None,
            ),
            _ => (iv, None),
        },
        Part::Rest => match published {
            Some(p) if iv.start <= p && p <= iv.end => (Interval { start: p, end: iv.end }, None),
            _ => (iv, None),
        },
    }
}

/// Picks the year, among the publication year and its neighbours, whose interval fits
/// the tense: past takes the latest that has begun by the publication date, future the
/// earliest that has not ended, and no tense the nearest.
fn pick_year(p: Date, tense: Option<Tense>, f: impl Fn(i32) -> Option<Interval>) -> Option<(i32, Interval)> {
    let y = p.year() as i32;
    let cands: Vec<(i32, Interval)> = (y - 1..=y + 1).filter_map(|c| f(c).map(|iv| (c, iv))).collect();
    match tense {
        Some(Tense::Past) => cands.iter().rev().find(|(_, iv)| iv.start <= p).copied(),
        Some(Tense::Future) => cands.iter().find(|(_, iv)| iv.end >= p).copied(),
        None => {
            // Copy leaves out the year of dates in the current year, so that year wins
            // unless it is more than eight months off; then the nearest year wins.
            let dist = |iv: &Interval| {
                if iv.start <= p && p <= iv.end {
                    0
                } else {
                    days_between(iv.end, p).abs().min(days_between(p, iv.start).abs())
                }
            };
            let same = cands.iter().find(|(c, _)| *c == y).copied();
            let nearest = cands.iter().min_by_key(|(_, iv)| dist(iv)).copied();
            match (same, nearest) {
                (Some(s), Some(n)) if dist(&s.1) > SAME_YEAR_REACH => Some(n),
                (Some(s), _) => Some(s),
                (None, n) => n,
            }
        }
    }
}

fn weekday_of(n: u8) -> Weekday {
    Weekday::from_monday_one_offset(n.clamp(1, 7) as i8).unwrap_or(Weekday::Monday)
}

impl Resolver {
    /// A resolver for a text published on `published`.
    pub fn new(published: Option<Date>) -> Self {
        Resolver {
            published,
            reference: published,
            reference_day: published,
            last_quarter: None,
        }
    }

    /// Resolves one candidate into a fact.
    pub fn resolve(&mut self, c: &Cand, span: Span, cue: Option<Cue>) -> TimeExpr {
        let tense = cue.map(|c| c.tense);
        // A month and day lean on the nearest year unless a trusted cue says otherwise.
        let sem_tense = tense;
        let mut res = self.resolve_sem(&c.sem, span, sem_tense);
        // "Saturday, April 25": the stated weekday picks the year the copy left out.
        if let (
            Some((wd, _)),
            Sem::Date {
                year: None,
                month,
                day,
                day_end: None,
                time,
            },
            Some(p),
        ) = (c.stated_weekday, &c.sem, self.published)
        {
            let py = p.year() as i32;
            let fits = |y: i32| date(y, *month, *day).filter(|d| d.weekday().to_monday_one_offset() as u8 == wd);
            let current = res.value.map(|v| v.start);
            if current.is_some_and(|d| d.weekday().to_monday_one_offset() as u8 != wd) {
                let best = [py, py - 1, py + 1].into_iter().find_map(fits);
                if let Some(d) = best {
                    let sem = Sem::Date {
                        year: Some(d.year() as i32),
                        month: *month,
                        day: *day,
                        day_end: None,
                        time: *time,
                    };
                    res = self.resolve_sem(&sem, span, None);
                    res.relative = true;
                }
            }
        }
        // A guessed past tense that pushes a date most of a year back is more likely wrong
        // than the year the copy left out.
        if let (Some(cue), Some(p), Some(v)) = (cue, self.published, res.value)
            && !cue.strong
            && matches!(
                c.sem,
                Sem::Date { year: None, .. } | Sem::Month { year: None, rel: 0, .. }
            )
            && days_between(v.end, p).abs() > WEAK_CUE_REACH
        {
            res = self.resolve_sem(&c.sem, span, None);
        }
        if res.kind == TimeKind::Date
            && !matches!(c.sem, Sem::Ref(_) | Sem::NarrativeRel { .. })
            && let Some(v) = res.value
        {
            self.reference = Some(v.start);
            if res.precision == Some(Precision::Day) {
                self.reference_day = Some(v.start);
            }
        }
        let stated_weekday = c.stated_weekday.map(|(wd, sp)| StatedWeekday {
            weekday: weekday_of(wd),
            span: sp,
            actual: match (&c.sem, res.value) {
                (Sem::Date { .. }, Some(v)) if v.start == v.end => Some(v.start.weekday()),
                _ => None,
            },
        });
        TimeExpr {
            span,
            kind: res.kind,
            value: res.value,
            precision: res.precision,
            timex_type: res.ttype,
            timex_value: res.tvalue,
            timex_mod: res.tmod,
            reason: res.reason,
            partial: res.partial,
            stated_weekday,
            relative_day_word: c.day_word,
            relative: res.relative,
            signal: None,
        }
    }

    fn year_of(&self, ys: YearSpec) -> Option<i32> {
        match ys {
            YearSpec::Abs(y) => Some(y),
            YearSpec::Rel(r) => self.published.map(|p| p.year() as i32 + r),
        }
    }

    /// What `sem` says, resolved against the publication date and the story so far: one step
    /// per kind of expression.
    fn resolve_sem(&mut self, sem: &Sem, span: Span, tense: Option<Tense>) -> Res {
        match *sem {
            Sem::Date {
                year,
                month,
                day,
                day_end,
                time,
            } => self.resolve_date(year, month, day, day_end, time, tense),
            Sem::Month { year, month, rel, part } => self.resolve_month(year, month, rel, part, tense),
            Sem::Year { year, part } => self.resolve_year(year, part),
            Sem::Decade { start, part } => self.resolve_decade(start, part),
            Sem::Quarter { q, year, rel } => self.resolve_quarter(q, year, rel, span, tense),
            Sem::Half { h, year } => self.resolve_half(h, year, tense),
            Sem::Season { s, year, rel, part } => self.resolve_season(s, year, rel, part, tense),
            Sem::Weekday { wd, rel, part, time } => self.resolve_weekday(wd, rel, part, time, tense),
            Sem::Clock { time } => self.resolve_clock(time),
            Sem::DayRel { offset, part, time } => self.resolve_day_rel(offset, part, time),
            Sem::YearAgo => self.resolve_year_ago(span),
            Sem::Century { start } => Self::resolve_century(start),
            Sem::UnitRel { unit, offset, part } => self.resolve_unit_rel(unit, offset, part),
            Sem::NarrativeRel { unit, offset } => self.resolve_narrative_rel(unit, offset),
            Sem::Weekend { rel } => self.resolve_weekend(rel, tense),
            Sem::Ref(kind) => self.resolve_ref(kind),
            Sem::Duration { amount, unit, anchor } => self.resolve_duration(amount, unit, anchor),
            Sem::Set(spec) => Self::resolve_set(spec),
            Sem::Anniversary => Self::resolve_anniversary(),
            Sem::Holiday { rule, eve } => self.resolve_holiday(rule, eve, tense),
        }
    }

    /// A calendar day: the year the tense picks when none is written.
    fn resolve_date(
        &self,
        year: Option<i32>,
        month: u8,
        day: u8,
        day_end: Option<u8>,
        time: Option<(u8, u8)>,
        tense: Option<Tense>,
    ) -> Res {
        let p = self.published;
        let build = |y: i32| -> Option<Interval> {
            let s = date(y, month, day)?;
            let e = match day_end {
                Some(de) => date(y, month, de)?,
                None => s,
            };
            Some(Interval { start: s, end: e })
        };
        let (y, iv, rel) = match (year, p) {
            (Some(y), _) => (Some(y), build(y), false),
            (None, Some(p)) => match pick_year(p, tense, build) {
                Some((y, iv)) => (Some(y), Some(iv), true),
                None => (None, None, true),
            },
            (None, None) => (None, None, true),
        };
        match (y, iv) {
            (Some(_), Some(iv)) => {
                let mut r = match time {
                    Some((h, mi)) => Res {
                        ttype: TimexType::Time,
                        ..Res::date(
                            Some(iv),
                            Precision::Day,
                            format!("{}T{h:02}:{mi:02}", super::ymd(iv.start)),
                        )
                    },
                    None => Res::date(Some(iv), Precision::Day, super::ymd(iv.start).into_string()),
                };
                r.relative = rel;
                r
            }
            _ => {
                let mut r = Res::unresolved(Some(Precision::Day), &format!("XXXX-{month:02}-{day:02}"), YEAR_UNKNOWN);
                r.partial = Some(PartialDate { month, day: Some(day) });
                r
            }
        }
    }

    /// A month: "May 2019", "last September", a month whose year the tense picks.
    fn resolve_month(
        &self,
        year: Option<YearSpec>,
        month: u8,
        rel: i32,
        part: Option<Part>,
        tense: Option<Tense>,
    ) -> Res {
        let p = self.published;
        let y = match (year, p) {
            (Some(ys), _) => self.year_of(ys),
            (None, Some(p)) => {
                let (py, pm) = (p.year() as i32, p.month() as u8);
                match rel {
                    // "last April": the most recent April before this month.
                    -1 => Some(if month < pm { py } else { py - 1 }),
                    1 => Some(if month > pm { py } else { py + 1 }),
                    _ => pick_year(p, tense, |y| month_iv(y, month)).map(|(y, _)| y),
                }
            }
            (None, None) => None,
        };
        let relative = !matches!(year, Some(YearSpec::Abs(_)));
        match y.and_then(|y| month_iv(y, month).map(|iv| (y, iv))) {
            Some((y, iv)) => {
                let (iv, m) = apply_part(iv, part, p);
                let mut r = Res::date(Some(iv), Precision::Month, format!("{y:04}-{month:02}"));
                r.tmod = m;
                r.relative = relative;
                r
            }
            None => {
                let mut r = Res::unresolved(Some(Precision::Month), &format!("XXXX-{month:02}"), YEAR_UNKNOWN);
                r.partial = Some(PartialDate { month, day: None });
                r
            }
        }
    }

    /// A year, or part of one: "2020", "last year", "early 2021".
    fn resolve_year(&self, year: YearSpec, part: Option<Part>) -> Res {
        let p = self.published;
        match self.year_of(year).and_then(|y| year_iv(y).map(|iv| (y, iv))) {
            Some((y, iv)) => {
                let (iv, m) = apply_part(iv, part, p);
                let mut r = Res::date(Some(iv), Precision::Year, format!("{y:04}"));
                r.tmod = m;
                r.relative = matches!(year, YearSpec::Rel(_));
                r
            }
            None => Res::unresolved(Some(Precision::Year), "XXXX", NO_DATE),
        }
    }

    /// A decade, or part of one: "the 1990s", "the early 2000s".
    fn resolve_decade(&self, start: i32, part: Option<Part>) -> Res {
        let p = self.published;
        match decade_iv(start) {
            Some(iv) => {
                let (iv, m) = apply_part(iv, part, p);
                let mut r = Res::date(Some(iv), Precision::Decade, format!("{:03}", start / 10));
                r.tmod = m;
                r
            }
            None => Res::unresolved(Some(Precision::Decade), "XXX", OUT_OF_RANGE),
        }
    }

    /// A quarter: "the third quarter", "last quarter", "the quarter"; remembered for "a year
    /// earlier".
    fn resolve_quarter(
        &mut self,
        q: Option<u8>,
        year: Option<YearSpec>,
        rel: Option<i32>,
        span: Span,
        tense: Option<Tense>,
    ) -> Res {
        let Some(p) = self.published else {
            let v = match (q, year) {
                (Some(q), Some(YearSpec::Abs(y))) => {
                    let iv = quarter_iv(y, q);
                    return Res::date(iv, Precision::Quarter, format!("{y:04}-Q{q}"));
                }
                (Some(q), _) => format!("XXXX-Q{q}"),
                _ => "XXXX-QX".to_string(),
            };
            return Res::unresolved(Some(Precision::Quarter), &v, NO_DATE);
        };
        let pq = (p.month() as u8 - 1) / 3 + 1;
        let py = p.year() as i32;
        let (y, q) = match (q, year) {
            (Some(q), Some(ys)) => (self.year_of(ys).unwrap_or(py), q),
            // Quarters are reported after they end: lean back unless the clause is future.
            (Some(q), None) => match pick_year(
                p,
                if tense == Some(Tense::Future) {
                    None
                } else {
                    Some(Tense::Past)
                },
                |y| quarter_iv(y, q),
            ) {
                Some((y, _)) => (y, q),
                None => (py, q),
            },
            (None, year) => {
                let off = rel.unwrap_or(if tense == Some(Tense::Future) { 0 } else { -1 });
                let idx = py * 4 + pq as i32 - 1 + off;
                let (ly, lq) = (idx.div_euclid(4), (idx.rem_euclid(4) + 1) as u8);
                // "the 1988 quarter": the latest quarter's number in the year given.
                match year.and_then(|ys| self.year_of(ys)) {
                    Some(y) => (y, lq),
                    None => (ly, lq),
                }
            }
        };
        self.last_quarter = Some((y, q, span.end));
        let mut r = Res::date(quarter_iv(y, q), Precision::Quarter, format!("{y:04}-Q{q}"));
        r.relative = !matches!(year, Some(YearSpec::Abs(_)));
        r
    }

    /// A half year: "the first half of 2020", "the second half".
    fn resolve_half(&self, h: u8, year: Option<YearSpec>, tense: Option<Tense>) -> Res {
        let y = match year {
            Some(ys) => self.year_of(ys),
            None => self
                .published
                .and_then(|p| pick_year(p, tense, |y| half_iv(y, h)).map(|(y, _)| y)),
        };
        match y {
            Some(y) => Res::date(half_iv(y, h), Precision::Year, format!("{y:04}-H{h}")),
            None => Res::unresolved(Some(Precision::Year), &format!("XXXX-H{h}"), NO_DATE),
        }
    }

    /// A season: "summer 2020", "last winter", "this spring".
    fn resolve_season(
        &self,
        s: u8,
        year: Option<YearSpec>,
        rel: Option<i32>,
        part: Option<Part>,
        tense: Option<Tense>,
    ) -> Res {
        let p = self.published;
        let code = season_code(s);
        let y = match (year, p) {
            (Some(ys), _) => self.year_of(ys),
            (None, Some(p)) => {
                let py = p.year() as i32;
                match rel {
                    Some(-1) => (py - 2..=py)
                        .rev()
                        .find(|&y| season_iv(y, s).is_some_and(|iv| iv.end < p)),
                    Some(1) => (py - 1..=py + 1).find(|&y| season_iv(y, s).is_some_and(|iv| iv.start > p)),
                    // "this summer" is this year's; "this winter" in January began last year.
                    Some(_) => Some(if s == 3 && p.month() <= 2 { py - 1 } else { py }),
                    None => pick_year(p, tense, |y| season_iv(y, s)).map(|(y, _)| y),
                }
            }
            (None, None) => None,
        };
        match y {
            Some(y) => {
                let iv = season_iv(y, s).map(|iv| apply_part(iv, part, p));
                let mut r = Res::date(iv.map(|(iv, _)| iv), Precision::Season, format!("{y:04}-{code}"));
                r.tmod = iv.and_then(|(_, m)| m);
                r.relative = !matches!(year, Some(YearSpec::Abs(_)));
                r
            }
            None => Res::unresolved(Some(Precision::Season), &format!("XXXX-{code}"), NO_DATE),
        }
    }

    /// A weekday: "Friday", "last Friday", "next Tuesday morning"; the tense picks the week.
    fn resolve_weekday(
        &self,
        wd: u8,
        rel: Option<i32>,
        part: Option<DayPart>,
        time: Option<(u8, u8)>,
        tense: Option<Tense>,
    ) -> Res {
        let Some(p) = self.published else {
            return Res::unresolved(Some(Precision::Day), &format!("XXXX-WXX-{wd}"), NO_DATE);
        };
        let pw = p.weekday().to_monday_one_offset() as i64;
        let back = (pw - wd as i64).rem_euclid(7);
        let fwd = (wd as i64 - pw).rem_euclid(7);
        let off = match rel {
            Some(-1) => -(if back == 0 { 7 } else { back }),
            Some(1) => {
                if fwd == 0 {
                    7
                } else {
                    fwd
                }
            }
            Some(_) => {
                if tense == Some(Tense::Past) {
                    -back
                } else {
                    fwd
                }
            }
            None => {
                if tense == Some(Tense::Future) {
                    fwd
                } else {
                    -back
                }
            }
        };
        self.day_result(add_days(p, off), part, time).rel()
    }

    /// A time of day with no day written: on the story's current day.
    fn resolve_clock(&self, time: (u8, u8)) -> Res {
        match self.reference_day {
            Some(r) => self.day_result(Some(r), None, Some(time)).rel(),
            None => {
                let (h, m) = time;
                let mut r = Res::unresolved(Some(Precision::Day), &format!("XXXX-XX-XXT{h:02}:{m:02}"), NO_DATE);
                r.ttype = TimexType::Time;
                r
            }
        }
    }

    /// A day counted from the publication date: "yesterday", "tonight", "today at noon".
    fn resolve_day_rel(&self, offset: i32, part: Option<DayPart>, time: Option<(u8, u8)>) -> Res {
        match self.published {
            Some(p) => self.day_result(add_days(p, offset as i64), part, time).rel(),
            None => {
                let v = match offset {
                    0 if part.is_none() && time.is_none() => "PRESENT_REF",
                    _ => "XXXX-XX-XX",
                };
                Res::unresolved(Some(Precision::Day), v, NO_DATE)
            }
        }
    }

    /// "a year earlier": the quarter a year before the one just mentioned, or the year before
    /// publication.
    fn resolve_year_ago(&self, span: Span) -> Res {
        let p = self.published;
        // "a year earlier" in earnings copy means the same quarter a year before.
        if let Some((y, q, end)) = self.last_quarter
            && span.start >= end
            && span.start - end <= QUARTER_REACH
        {
            let mut r = Res::date(quarter_iv(y - 1, q), Precision::Quarter, format!("{:04}-Q{q}", y - 1));
            r.relative = true;
            return r;
        }
        match p {
            Some(p) => self.unit_rel(p, Unit::Year, -1, None).rel(),
            None => Res::unresolved(Some(Precision::Year), "XXXX", NO_DATE),
        }
    }

    /// A century: "the 20th century".
    fn resolve_century(start: i32) -> Res {
        let iv = (|| {
            Some(Interval {
                start: date(start.max(1), 1, 1)?,
                end: date(start + 99, 12, 31)?,
            })
        })();
        Res::date(iv, Precision::Century, format!("{:02}", start / 100))
    }

    /// A period counted from the publication date: "last week", "two months ago".
    fn resolve_unit_rel(&self, unit: Unit, offset: i32, part: Option<Part>) -> Res {
        match self.published {
            Some(p) => self.unit_rel(p, unit, offset as i64, part).rel(),
            None => Res::unresolved(Some(unit_precision(unit)), placeholder(unit), NO_DATE),
        }
    }

    /// A period counted from the story's current date: "two days later", "the next day".
    fn resolve_narrative_rel(&self, unit: Unit, offset: i32) -> Res {
        match if unit_precision(unit) == Precision::Day {
            self.reference_day
        } else {
            self.reference
        } {
            Some(r) => self.unit_rel(r, unit, offset as i64, None).rel(),
            None => Res::unresolved(Some(unit_precision(unit)), placeholder(unit), NO_DATE),
        }
    }

    /// A weekend: "this weekend", "last weekend".
    fn resolve_weekend(&self, rel: Option<i32>, tense: Option<Tense>) -> Res {
        let Some(p) = self.published else {
            return Res::unresolved(Some(Precision::Week), "XXXX-WXX-WE", NO_DATE);
        };
        let pw = p.weekday().to_monday_one_offset() as i64;
        // Saturday of the weekend meant.
        let sat_off = match rel {
            Some(-1) => -(pw + 1),
            Some(1) => 13 - pw,
            Some(_) => 6 - pw,
            None => {
                if tense == Some(Tense::Future) {
                    if pw == 7 { -1 } else { 6 - pw }
                } else if pw >= 6 {
                    6 - pw
                } else {
                    -(pw + 1)
                }
            }
        };
        match add_days(p, sat_off).and_then(|s| add_days(s, 1).map(|e| (s, e))) {
            Some((s, e)) => Res::date(
                Some(Interval { start: s, end: e }),
                Precision::Week,
                format!("{}-WE", week_label(s)),
            )
            .rel(),
            None => Res::unresolved(Some(Precision::Week), "XXXX-WXX-WE", OUT_OF_RANGE),
        }
    }

    /// A vague reference: "now", "recently", "in the future".
    fn resolve_ref(&self, kind: RefKind) -> Res {
        let p = self.published;
        match kind {
            RefKind::Present => match p {
                Some(p) => {
                    let mut r = Res::date(
                        Some(Interval { start: p, end: p }),
                        Precision::Day,
                        "PRESENT_REF".into(),
                    );
                    r.relative = true;
                    r
                }
                None => Res::unresolved(None, "PRESENT_REF", NO_DATE),
            },
            RefKind::Past => Res::unresolved(None, "PAST_REF", VAGUE),
            RefKind::Future => Res::unresolved(None, "FUTURE_REF", VAGUE),
        }
    }

    /// A length of time, anchored at the publication date when the words anchor it ("the past
    /// three years").
    fn resolve_duration(&self, amount: Amount, unit: Unit, anchor: Anchor) -> Res {
        let p = self.published;
        let (t, u) = unit_letter(unit);
        // TimeML writes decades and centuries in years.
        let scale = match unit {
            Unit::Decade => 10,
            Unit::Century => 100,
            _ => 1,
        };
        let n = match amount {
            Amount::N(n) => (n as u64 * scale).to_string(),
            Amount::Vague => "X".to_string(),
        };
        let tvalue = format!("P{t}{n}{u}");
        let value = match (anchor, p, amount) {
            (Anchor::None, _, _) | (_, None, _) | (_, _, Amount::Vague) => None,
            (a, Some(p), Amount::N(n)) => {
                let sign = if a == Anchor::Past { -1 } else { 1 };
                shift(p, unit, sign * n as i64).map(|o| {
                    if sign < 0 {
                        Interval { start: o, end: p }
                    } else {
                        Interval { start: p, end: o }
                    }
                })
            }
        };
        let reason = if value.is_some() {
            None
        } else if anchor == Anchor::None {
            Some(UNANCHORED)
        } else if p.is_none() {
            Some(NO_DATE)
        } else {
            Some(VAGUE)
        };
        Res {
            kind: TimeKind::Duration,
            value,
            precision: Some(unit_precision(unit)),
            ttype: TimexType::Duration,
            tvalue,
            tmod: None,
            reason,
            partial: None,
            relative: anchor != Anchor::None,
        }
    }

    /// A recurring time: "every Friday", "annually".
    fn resolve_set(spec: SetSpec) -> Res {
        let (tvalue, precision) = match spec {
            SetSpec::Period(v) => (v.to_string(), set_precision(v)),
            SetSpec::Weekday(wd, part) => (
                match part {
                    Some(pt) => format!("XXXX-WXX-{wd}T{}", pt.code()),
                    None => format!("XXXX-WXX-{wd}"),
                },
                Precision::Week,
            ),
            SetSpec::Month(m) => (format!("XXXX-{m:02}"), Precision::Year),
        };
        Res {
            kind: TimeKind::Set,
            value: None,
            precision: Some(precision),
            ttype: TimexType::Set,
            tvalue,
            tmod: None,
            reason: Some(RECURRING),
            partial: None,
            relative: false,
        }
    }

    /// An anniversary of an event whose date is not given.
    fn resolve_anniversary() -> Res {
        let mut r = Res::unresolved(Some(Precision::Day), "XXXX-XX-XX", ANNIVERSARY);
        r.relative = false;
        r
    }

    /// A holiday: "Christmas", "Labor Day", "New Year's Eve"; the tense picks the year.
    fn resolve_holiday(&self, rule: HolidayRule, eve: bool, tense: Option<Tense>) -> Res {
        let p = self.published;
        let build = |y: i32| -> Option<Interval> {
            let d = holiday(y, rule)?;
            let d = if eve { add_days(d, -1)? } else { d };
            Some(Interval { start: d, end: d })
        };
        match p.and_then(|p| pick_year(p, tense, build)) {
            Some((_, iv)) => Res::date(Some(iv), Precision::Day, super::ymd(iv.start).into_string()).rel(),
            None => {
                let v = match (rule, eve) {
                    (HolidayRule::Fixed(m, d), false) => format!("XXXX-{m:02}-{d:02}"),

                    (HolidayRule::Fixed(m, d), true) => {
                        format!("XXXX-{m:02}-{:02}", d.saturating_sub(1))
                    }
                    (HolidayRule::Nth { month, .. }, _) => format!("XXXX-{month:02}-XX"),
                    (HolidayRule::ElectionDay, _) => "XXXX-11-XX".to_string(),
                };
                Res::unresolved(Some(Precision::Day), &v, YEAR_UNKNOWN)
            }
        }
    }

    fn day_result(&self, d: Option<Date>, part: Option<DayPart>, time: Option<(u8, u8)>) -> Res {
        let Some(d) = d else {
            return Res::unresolved(Some(Precision::Day), "XXXX-XX-XX", OUT_OF_RANGE);
        };
        let iv = Some(Interval { start: d, end: d });
        match (time, part) {
            (Some((h, m)), _) => Res {
                ttype: TimexType::Time,
                ..Res::date(iv, Precision::Day, format!("{}T{h:02}:{m:02}", super::ymd(d)))
            },
            (None, Some(pt)) => Res {
                ttype: TimexType::Time,
                ..Res::date(iv, Precision::Day, format!("{}T{}", super::ymd(d), pt.code()))
            },
            (None, None) => Res::date(iv, Precision::Day, super::ymd(d).into_string()),
        }
    }

    /// The period `offset` units from the one containing `p`.
    fn unit_rel(&self, p: Date, unit: Unit, offset: i64, part: Option<Part>) -> Res {
        let offset = offset.clamp(-10_000, 10_000);
        let out = |iv: Option<Interval>, prec: Precision, label: Option<String>| -> Res {
            match (iv, label) {
                (Some(iv), Some(l)) => {
                    let (iv, m) = apply_part(iv, part, Some(p));
                    let mut r = Res::date(Some(iv), prec, l);
                    r.tmod = m;
                    r
                }
                _ => Res::unresolved(Some(prec), placeholder(unit), OUT_OF_RANGE),
            }
        };
        match unit {
            Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => {
                let days = if unit == Unit::Day { offset } else { 0 };
                let d = add_days(p, days);
                out(
                    d.map(|d| Interval { start: d, end: d }),
                    Precision::Day,
                    d.map(|d| super::ymd(d).into_string()),
                )
            }
            Unit::Week | Unit::Weekend => {
                let d = add_days(p, offset * 7);
                out(d.and_then(week_iv), Precision::Week, d.map(week_label))
            }
            Unit::Month => {
                let d = add_months(p.first_of_month(), offset);
                out(
                    d.and_then(|d| month_iv(d.year() as i32, d.month() as u8)),
                    Precision::Month,
                    d.map(|d| format!("{:04}-{:02}", d.year(), d.month())),
                )
            }
            Unit::Quarter => {
                let idx = p.year() as i64 * 4 + (p.month() as i64 - 1) / 3 + offset;
                let (y, q) = (idx.div_euclid(4) as i32, (idx.rem_euclid(4) + 1) as u8);
                out(quarter_iv(y, q), Precision::Quarter, Some(format!("{y:04}-Q{q}")))
            }
            Unit::Year => {
                let y = p.year() as i32 + offset as i32;
                out(year_iv(y), Precision::Year, Some(format!("{y:04}")))
            }
            Unit::Decade => {
                let start = (p.year() as i32).div_euclid(10) * 10 + offset as i32 * 10;
                out(decade_iv(start), Precision::Decade, Some(format!("{:03}", start / 10)))
            }
            Unit::Century => {
                let start = (p.year() as i32).div_euclid(100) * 100 + offset as i32 * 100;
                let iv = (|| {
                    Some(Interval {
                        start: date(start, 1, 1)?,
                        end: date(start + 99, 12, 31)?,
                    })
                })();
                out(iv, Precision::Century, Some(format!("{:02}", start / 100)))
            }
        }
    }
}

/// The day a holiday falls on in year `y`.
fn holiday(y: i32, rule: HolidayRule) -> Option<Date> {
    match rule {
        HolidayRule::Fixed(m, d) => date(y, m, d),
        HolidayRule::Nth { month, weekday, n } => {
            if n > 0 {
                let first = date(y, month, 1)?;
                let off = (weekday as i64 - first.weekday().to_monday_one_offset() as i64).rem_euclid(7);
                add_days(first, off + 7 * (n as i64 - 1))
            } else {
                let last = date(y, month, 1)?.last_of_month();
                let back = (last.weekday().to_monday_one_offset() as i64 - weekday as i64).rem_euclid(7);
                add_days(last, -back)
            }
        }
        HolidayRule::ElectionDay => {
            // The Tuesday after the first Monday of November.
            let first_monday = holiday(
                y,
                HolidayRule::Nth {
                    month: 11,
                    weekday: 1,
                    n: 1,
                },
            )?;
            add_days(first_monday, 1)
        }
    }
}

/// Adds `n` units to a date.
fn shift(d: Date, unit: Unit, n: i64) -> Option<Date> {
    let n = n.clamp(-100_000, 100_000);
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour => Some(d),
        Unit::Day => add_days(d, n),
        Unit::Week | Unit::Weekend => add_days(d, n * 7),
        Unit::Month => add_months(d, n),
        Unit::Quarter => add_months(d, n * 3),
        Unit::Year => add_months(d, n * 12),
        Unit::Decade => add_months(d, n * 120),
        Unit::Century => add_months(d, n * 1200),
    }
}

fn placeholder(u: Unit) -> &'static str {
    match u {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => "XXXX-XX-XX",
        Unit::Week | Unit::Weekend => "XXXX-WXX",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Year => "XXXX",
        Unit::Decade => "XXX",
        Unit::Century => "XX",
    }
}

fn set_precision(v: &str) -> Precision {
    match v {
        "P1W" | "P1WE" => Precision::Week,
        "P1M" => Precision::Month,
        "P3M" => Precision::Quarter,
        "P1Y" => Precision::Year,
        "P10Y" => Precision::Decade,
        "P100Y" => Precision::Century,
        _ => Precision::Day,
    }
}

//! The grammar of English temporal expressions in news copy, over tokens.
//!
//! Each pattern looks at a bounded number of tokens after its first one, and the
//! scanner moves past every expression it accepts, so recognition is linear in the
//! number of tokens. Patterns produce a [`Sem`]: what the words say, before any
//! publication date is applied. Extents follow TimeML: determiners and modifiers
//! that are part of the expression ("the 1990s", "nearly two years", "early 2021")
//! are inside, the prepositions that introduce it ("on", "in", "since") are not.

use super::lex::{DayPart, HolidayRule, Lex, Lower, RefKind, Tok, TokKind, Unit};
use crate::span::Span;

/// A modifier that narrows an interval to a part of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// "early", "the beginning of".
    Early,
    /// "mid", "the middle of".
    Mid,
    /// "the beginning of".
    Start,
    /// "the end of", "year-end".
    End,
    /// "late", "the end of".
    Late,
    /// "earlier this ...": from the start of the period to the publication date.
    SoFar,
    /// "later this ...": from the publication date to the end of the period.
    Rest,
}

/// A year as written: absolute, or relative to the publication year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearSpec {
    /// "2020".
    Abs(i32),
    /// "this year" (0), "last year" (-1), "next year" (1).
    Rel(i32),
}

/// How many of a unit a duration counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    /// A known number.
    N(u32),
    /// "a few", "several", bare plurals.
    Vague,
}

/// Where a duration is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// Not anchored ("for three years").
    None,
    /// Ending at the publication date ("the past three years").
    Past,
    /// Starting at the publication date ("the next two weeks").
    Next,
}

/// What a temporal expression says, before it is resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Sem {
    /// A calendar day, possibly without a year, possibly a range of days.
    Date {
        /// Year, if written.
        year: Option<i32>,
        /// Month, 1-12.
        month: u8,
        /// Day of month.
        day: u8,
        /// Last day of a range ("Dec. 3-5").
        day_end: Option<u8>,
        /// Time of day, if written.
        time: Option<(u8, u8)>,
    },
    /// A month ("May 2019", "last September").
    Month {
        /// Year, if written or implied.
        year: Option<YearSpec>,
        /// Month, 1-12.
        month: u8,
        /// "last September" is -1, "next May" 1.
        rel: i32,
        /// Part of the month.
        part: Option<Part>,
    },
    /// A year.
    Year {
        /// Which year.
        year: YearSpec,
        /// Part of the year.
        part: Option<Part>,
    },
    /// A decade ("the 1990s"): first year of it.
    Decade {
        /// First year, e.g. 1990.
        start: i32,
        /// Part of the decade.
        part: Option<Part>,
    },
    /// A quarter of a year; `None` is "the quarter", the latest reported one.
    Quarter {
        /// 1-4.
        q: Option<u8>,
        /// Year, if written.
        year: Option<YearSpec>,
        /// Relative quarter ("last quarter").
        rel: Option<i32>,
    },
    /// A half year.
    Half {
        /// 1 or 2.
        h: u8,
        /// Year, if written.
        year: Option<YearSpec>,
    },
    /// A season.
    Season {
        /// Part of the season ("late summer").
        part: Option<Part>,
        /// 0 spring .. 3 winter.
        s: u8,
        /// Year, if written.
        year: Option<YearSpec>,
        /// "last summer" -1, "this summer" 0, "next summer" 1, none: by tense.
        rel: Option<i32>,
    },
    /// A weekday.
    Weekday {
        /// 1 Monday .. 7 Sunday.
        wd: u8,
        /// "last Friday" -1, "next Friday" 1, "this Friday" 0, none: by tense.
        rel: Option<i32>,
        /// Part of the day.
        part: Option<DayPart>,
        /// Time of day.
        time: Option<(u8, u8)>,
    },
    /// A day relative to the publication date ("yesterday", "tonight").
    DayRel {
        /// Days from the publication date.
        offset: i32,
        /// Part of the day.
        part: Option<DayPart>,
        /// Time of day.
        time: Option<(u8, u8)>,
    },
    /// A calendar unit relative to the publication date ("last week", "two months ago").
    UnitRel {
        /// The unit.
        unit: Unit,
        /// How many units from the current one.
        offset: i32,
        /// Part of the period.
        part: Option<Part>,
    },
    /// A unit relative to the time the story is talking about ("two days later").
    NarrativeRel {
        /// The unit.
        unit: Unit,
        /// How many units from the reference time.
        offset: i32,
    },
    /// "a year earlier", "year-ago": the year before, or the same quarter a year before.
    YearAgo,
    /// A century ("the 20th century"): first year of it.
    Century {
        /// First year, e.g. 1900.
        start: i32,
    },
    /// A time of day with no day written ("at 3 p.m."): on the story's current day.
    Clock {
        /// Hour and minute.
        time: (u8, u8),
    },
    /// A weekend.
    Weekend {
        /// "last weekend" -1, "this weekend" 0, "next weekend" 1, none: by tense.
        rel: Option<i32>,
    },
    /// A vague reference.
    Ref(RefKind),
    /// A duration.
    Duration {
        /// How many units.
        amount: Amount,
        /// Which unit.
        unit: Unit,
        /// Anchoring.
        anchor: Anchor,
    },
    /// A recurring time.
    Set(SetSpec),
    /// "the one-year anniversary".
    Anniversary,
    /// A holiday, and whether its eve is meant.
    Holiday {
        /// How it falls in a year.
        rule: HolidayRule,
        /// "Christmas Eve", "New Year's Eve": the day before.
        eve: bool,
    },
}

/// A recurring time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetSpec {
    /// Every unit ("every year", "annually").
    Period(&'static str),
    /// Every such weekday.
    Weekday(u8, Option<DayPart>),
    /// Every such month.
    Month(u8),
}

/// A recognised expression: tokens `[first, last]` and what they say.
#[derive(Clone, Debug)]
pub struct Cand {
    /// Index of the first token.
    pub first: usize,
    /// Index of the last token (inclusive).
    pub last: usize,
    /// Meaning.
    pub sem: Sem,
    /// A weekday written next to a calendar date, with its span.
    pub stated_weekday: Option<(u8, Span)>,
    /// Whether this is "yesterday", "today", "tomorrow" or "tonight".
    pub day_word: bool,
}

/// A calendar date that cannot exist ("February 30").
#[derive(Clone, Debug)]
pub struct BadDate {
    /// First token.
    pub first: usize,
    /// Last token (inclusive).
    pub last: usize,
    /// Year, if written.
    pub year: Option<i32>,
    /// Month as written.
    pub month: u32,
    /// Day as written.
    pub day: u32,
}

/// Scans tokens for temporal expressions.
pub struct Parser<'a> {
    toks: &'a [Tok],
    text: &'a str,
    /// Invalid calendar dates seen while scanning.
    pub bad: Vec<BadDate>,
    /// Nesting of "the end of the ..." patterns, bounded so input cannot drive recursion.
    depth: u8,
}

type M = Option<(usize, Sem)>;

fn is_valid(year: Option<i32>, month: u32, day: u32) -> bool {
    if !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    let y = year.unwrap_or(2000).clamp(1, 9999);
    match jiff::civil::Date::new(y as i16, month as i8, 1) {
        Ok(d) => day <= d.days_in_month() as u32,
        Err(_) => false,
    }
}

impl<'a> Parser<'a> {
    /// A parser over `toks`, which were cut from `text`.
    pub fn new(toks: &'a [Tok], text: &'a str) -> Self {
        Parser {
            toks,
            text,
            bad: Vec::new(),
            depth: 0,
        }
    }

    /// All expressions, left to right, not overlapping.
    pub fn run(&mut self) -> Vec<Cand> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            let bad_before = self.bad.len();
            self.depth = 0;
            match self.at(i) {
                Some(c) => {
                    i = c.last + 1;
                    out.push(c);
                }
                None => {
                    // Skip the tokens of an impossible date so that its year is not read alone.
                    let skip = self.bad[bad_before..].iter().map(|b| b.last + 1).max();
                    i = skip.unwrap_or(i + 1).max(i + 1);
                }
            }
        }
        self.bad.sort_by_key(|b| (b.first, b.last));
        self.bad.dedup_by_key(|b| (b.first, b.last));
        out
    }

    // ---- token helpers ----

    fn lex(&self, i: usize) -> Option<Lex> {
        self.toks.get(i).and_then(|t| t.lex)
    }

    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    fn word(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn lower(&self, i: usize) -> Lower {
        Lower::of(self.word(i))
    }

    fn is_word(&self, i: usize, w: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Word) && self.word(i).eq_ignore_ascii_case(w)
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Punct && t.ch == c)
    }

    fn dash(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokKind::Punct && matches!(t.ch, '-' | '\u{2013}' | '\u{2011}' | '\u{2010}'))
    }

    /// True when token `i` follows token `i - 1` with no space.
    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }

    fn num(&self, i: usize) -> Option<u32> {
        self.toks.get(i).filter(|t| t.kind == TokKind::Num).and_then(|t| t.num)
    }

    fn apostrophe(&self, i: usize) -> bool {
        self.punct(i, '\'') || self.punct(i, '\u{2019}')
    }

    /// A day of month at `i` ("3", "3rd"); returns the day and the last token.
    fn day_num(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        if t.digits() > 2 {
            return None;
        }
        let d = self.num(i)?;
        if d == 0 || d > 31 {
            return None;
        }
        if self.lex(i + 1) == Some(Lex::OrdSuffix) && self.glued(i + 1) {
            return Some((d, i + 1));
        }
        // "3," followed by a digit is part of a number like "3,000".
        if self.punct(i + 1, ',') && self.glued(i + 1) && self.num(i + 2).is_some() && self.glued(i + 2) {
            return None;
        }
        if (self.punct(i + 1, '.') || self.punct(i + 1, ':'))
            && self.glued(i + 1)
            && self.num(i + 2).is_some()
            && self.glued(i + 2)
        {
            return None;
        }
        Some((d, i))
    }

    /// A four-digit year at `i`.
    fn year_num(&self, i: usize) -> Option<i32> {
        let t = self.tok(i)?;
        if t.digits() != 4 {
            return None;
        }
        let y = self.num(i)? as i32;
        if !(1000..=2999).contains(&y) {
            return None;
        }
        // "2,020" or "2020.5" or "2020,000" are numbers, not years.
        if (self.punct(i + 1, ',') || self.punct(i + 1, '.'))
            && self.glued(i + 1)
            && self.num(i + 2).is_some()
            && self.glued(i + 2)
        {
            return None;
        }
        if i > 0 && self.glued(i) && (self.punct(i - 1, ',') || self.punct(i - 1, '.') || self.punct(i - 1, '$')) {
            return None;
        }
        Some(y)
    }

    /// A year after a month or day: "2020", ", 2020".
    fn trailing_year(&self, i: usize) -> Option<(i32, usize)> {
        if let Some(y) = self.year_num(i) {
            return Some((y, i));
        }
        if self.punct(i, ',')
            && let Some(y) = self.year_num(i + 1)
        {
            return Some((y, i + 1));
        }
        None
    }

    /// A month name at `i`, with the abbreviation's full stop; returns (month, last token).
    fn month_at(&self, i: usize, strict: bool) -> Option<(u8, usize)> {
        let Some(Lex::Month(m, abbr)) = self.lex(i) else {
            return None;
        };
        let t = self.tok(i)?;
        if !t.cap {
            return None;
        }
        let mut last = i;
        if abbr && self.punct(i + 1, '.') && self.glued(i + 1) {
            last = i + 1;
        } else if abbr && t.all_caps && strict {
            // "DEC" alone is more often an acronym than a month.
            return None;
        }
        if abbr && !self.followed_by_date_part(last + 1) {
            // "Jan." must be followed by a day or a year to be a month.
            return None;
        }
        Some((m, last))
    }

    fn followed_by_date_part(&self, i: usize) -> bool {
        self.day_num(i).is_some() || self.trailing_year(i).is_some()
    }

    /// "May" and "March" are verbs too; a bare month must sit in a date context.
    fn bare_month_ok(&self, i: usize, m: u8) -> bool {
        if !matches!(m, 3 | 5) {
            return true;
        }
        if i == 0 {
            return false;
        }
        let prev = self.lower(i - 1);
        matches!(
            prev.as_str(),
            "in" | "since"
                | "by"
                | "until"
                | "till"
                | "through"
                | "during"
                | "before"
                | "after"
                | "of"
                | "early"
                | "late"
                | "mid"
                | "last"
                | "next"
                | "this"
                | "from"
                | "to"
                | "between"
                | "and"
                | "or"
                | "each"
                | "every"
                | "that"
        ) || self.dash(i - 1)
    }

    // ---- the dispatcher ----

    fn at(&mut self, i: usize) -> Option<Cand> {
        let t = *self.tok(i)?;
        let mut stated_weekday = None;
        let mut day_word = false;
        let found: M = match t.kind {
            TokKind::Num => self.numeric(i),
            TokKind::Punct => {
                if self.apostrophe(i) {
                    self.short_decade(i)
                } else {
                    None
                }
            }
            TokKind::Word => match t.lex {
                None => None,
                Some(lex) => {
                    if let Lex::Weekday(wd, false) = lex {
                        if t.cap {
                            if let Some((last, sem)) = self.weekday_date(i) {
                                // One expression, as news TimeML tags it; the weekday's
                                // own span is kept so a mismatch can be checked.
                                stated_weekday = Some((wd, Span::new(t.start, t.end)));
                                Some((last, sem))
                            } else {
                                self.word_led(i, lex)
                            }
                        } else {
                            None
                        }
                    } else {
                        if matches!(lex, Lex::DayWord(_) | Lex::Tonight) {
                            day_word = true;
                        }
                        self.word_led(i, lex)
                    }
                }
            },
        };
        let (last, sem) = found?;
        // A time of day or a weekday just after an expression can belong to it.
        let (last, sem) = self.attach_following(last, sem);
        Some(Cand {
            first: i,
            last,
            sem,
            stated_weekday,
            day_word,
        })
    }

    /// "3 p.m. Tuesday", "Tuesday morning", "midnight Friday": joins a day and a time.
    fn attach_following(&self, last: usize, sem: Sem) -> (usize, Sem) {
        // "the next year or so".
        if self.lex(last + 1) == Some(Lex::Or) && self.is_word(last + 2, "so") {
            return (last + 2, sem);
        }
        match sem {
            Sem::Clock { time: tm } => {
                // A bare time; take a following day word or weekday.
                let j = last + 1;
                match self.lex(j) {
                    Some(Lex::Weekday(wd, false)) if self.tok(j).is_some_and(|t| t.cap) => (
                        j,
                        Sem::Weekday {
                            wd,
                            rel: None,
                            part: None,
                            time: Some(tm),
                        },
                    ),
                    Some(Lex::DayWord(o)) => (
                        j,
                        Sem::DayRel {
                            offset: o as i32,
                            part: None,
                            time: Some(tm),
                        },
                    ),
                    _ => (last, sem),
                }
            }
            _ => (last, sem),
        }
    }

    // ---- numeric patterns ----

    fn numeric(&mut self, i: usize) -> M {
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
    fn short_decade(&self, i: usize) -> M {
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

    /// A month name at `i` and what follows it.
    fn month_led(&mut self, i: usize) -> M {
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
    fn weekday_date(&mut self, i: usize) -> M {
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

    // ---- amounts and durations ----

    /// A count at `i`: "three", "13", "twenty-five", "a", "a few", "several", "a couple of".
    fn amount(&self, i: usize) -> Option<(Amount, usize)> {
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
    fn unit_at(&self, i: usize) -> Option<(Unit, bool)> {
        match self.lex(i) {
            Some(Lex::Unit(u, p)) => Some((u, p)),

            _ => None,
        }
    }

    /// An amount and a unit: "three years", "two-week", "a few days", then "ago"/"earlier"/"later".
    fn amount_led(&self, i: usize) -> M {
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

    /// A modal or auxiliary before a verb ("would last").
    fn modal(&self, i: usize) -> bool {
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
    fn next_is_participle(&self, i: usize) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == TokKind::Word && !t.cap && t.lex.is_none())
            && self.word(i).ends_with("ed")
    }

    /// A determiner or possessive before an adjective.
    fn determiner(&self, i: usize) -> bool {
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

    // ---- word-led patterns ----

    fn word_led(&mut self, i: usize, lex: Lex) -> M {
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
    fn day_part_after(&self, i: usize) -> (usize, Option<DayPart>) {
        match self.lex(i + 1) {
            Some(Lex::DayPart(p)) => (i + 1, Some(p)),
            _ => (i, None),
        }
    }

    /// "nearly two years", "more than a decade", "up to 180 days", "at least three weeks".
    fn approx_led(&self, i: usize) -> M {
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
    fn ordinal_led(&self, i: usize, n: u32) -> M {
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
    fn of_year(&self, last: usize) -> (usize, Option<YearSpec>) {
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

    /// "early 2021", "mid-January", "late last year", "the early 1990s", "late Tuesday".
    fn part_led(&mut self, i: usize, lex: Lex) -> M {
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
    fn part_of(&mut self, j: usize, part: Part) -> M {
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
    fn rel_led(&mut self, i: usize, lex: Lex, first: usize) -> M {
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

    /// Expressions that start with "the".
    fn the_led(&mut self, i: usize) -> M {
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

    /// Whether a relative word is followed by a count or unit ("past three years").
    fn rel_follows(&self, i: usize) -> bool {
        if self.amount(i).is_some() && self.lex(i) != Some(Lex::A) {
            return true;
        }
        matches!(
            self.lex(i),
            Some(Lex::Unit(..) | Lex::Season(_) | Lex::Few | Lex::Couple)
        )
    }
}

/// Applies a part modifier to a period.
fn with_part(sem: Sem, part: Part) -> Sem {
    match sem {
        Sem::UnitRel { unit, offset, .. } => Sem::UnitRel {
            unit,
            offset,
            part: Some(part),
        },
        Sem::Year { year, .. } => Sem::Year { year, part: Some(part) },
        Sem::Month { year, month, rel, .. } => Sem::Month {
            year,
            month,
            rel,
            part: Some(part),
        },
        Sem::Decade { start, .. } => Sem::Decade {
            start,
            part: Some(part),
        },
        other => other,
    }
}

/// The TIMEX3 period of "every <unit>".
pub fn period_code(u: Unit) -> &'static str {
    match u {
        Unit::Second => "PT1S",
        Unit::Minute => "PT1M",
        Unit::Hour => "PT1H",
        Unit::Day => "P1D",
        Unit::Week => "P1W",
        Unit::Weekend => "P1WE",
        Unit::Month => "P1M",
        Unit::Quarter => "P3M",
        Unit::Year => "P1Y",
        Unit::Decade => "P10Y",
        Unit::Century => "P100Y",
    }
}

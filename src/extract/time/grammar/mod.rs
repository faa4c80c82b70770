//! The grammar of English temporal expressions in news copy, over tokens.
//!
//! Each pattern looks at a bounded number of tokens after its first one, and the
//! scanner moves past every expression it accepts, so recognition is linear in the
//! number of tokens. Patterns produce a [`Sem`]: what the words say, before any
//! publication date is applied. Extents follow TimeML: determiners and modifiers
//! that are part of the expression ("the 1990s", "nearly two years", "early 2021")
//! are inside, the prepositions that introduce it ("on", "in", "since") are not.
//!
//! The patterns are grouped by the token that leads them: digits (`numeric`), a month or
//! weekday name (`month`), a count (`amount`), "the" (`the`), "early"/"mid"/"late" and
//! "last"/"next"/"this" (`relative`), and every other time word (`word`), which also
//! dispatches to the others.

mod amount;
mod month;
mod numeric;
mod relative;
mod the;
mod word;

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

    /// The expression that starts at token `i`, read by the patterns its first token leads.
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

//! Temporal expressions: recognition, resolution against the publication date, and
//! their JSON facts.
//!
//! The pipeline, one line of the body at a time, is tokens (`lex`) → expressions
//! with a meaning (`grammar`) → values (`resolve`). Resolution follows how news
//! copy is written:
//! - a bare weekday in a past-tense clause is the most recent such day on or before
//!   the publication date, in a future-tense clause the next one on or after it, and
//!   with no tense cue the past one (most weekdays in news report what happened);
//! - a month and day without a year take the year that fits the tense (past: the
//!   latest that has begun by the publication date; future: the earliest that has
//!   not ended); with no cue, or only an "-ed" guess that would push the date most
//!   of a year back, the publication year unless that is more than 240 days away,
//!   and then the nearest; a stated weekday picks the year that
//!   matches it ("Saturday, April 25");
//! - "two days later", "the next day" and a bare "at 3 p.m." count from the last
//!   day-precise date in the story, which starts as the publication date;
//! - with no publication date, relative expressions stay unresolved, with a reason,
//!   and a month-day keeps its month and day as a partial date.
//!
//! Tense is read from the words of the sentence around the expression (see
//! `tense`): the nearest cue wins, one to the right counting double its distance.
//! Future cues are modals and scheduling words ("will", "would", "could", "plans",
//! "scheduled", "set to", "expected", "next", "tomorrow", "as soon as"); past cues
//! are common past forms ("said", "was", "were", "had", "told", "ago",
//! "yesterday") and lower-case words ending in "-ed", which count as a weak cue.
//!
//! Extents follow TimeML: "the 1990s", "last week", "two days ago", "Tuesday
//! morning", "nearly two years" are whole expressions; the preposition before one
//! ("on", "in", "since", "until", "by") is left out of the span and kept as its
//! `signal`, which tells a bound ("until mid-January") from a point.
//!
//! Parts of periods: "early"/"mid"/"late" are the first, middle and last third of
//! the period (in days for a month, months for a year or season, years for a
//! decade); "the beginning of"/"the end of" are its first or last quarter (a third
//! of a month). Seasons are meteorological (winter runs December to February).

mod grammar;
mod lex;
mod resolve;
mod tense;

use crate::span::Span;
use crate::value::{Key, Value};
use compact_str::{CompactString, format_compact};
use jiff::civil::{Date, Weekday};
use smallvec::SmallVec;

/// What the time expressions of one text are.
#[derive(Clone, Debug, Default)]
pub struct TimeExtraction {
    /// Recognised temporal expressions, in text order, not overlapping.
    pub exprs: Vec<TimeExpr>,
    /// Calendar dates that cannot exist ("February 30"), in text order.
    pub invalid: Vec<InvalidDate>,
}

/// The fact kind of a temporal expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeKind {
    /// A date or a time of day.
    Date,
    /// A length of time.
    Duration,
    /// A recurring time.
    Set,
}

impl TimeKind {
    /// The JSON name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeKind::Date => "date",
            TimeKind::Duration => "duration",
            TimeKind::Set => "set",
        }
    }
}

/// How fine the resolved interval is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// One day (also times of day).
    Day,
    /// A week.
    Week,
    /// A month.
    Month,
    /// A quarter of a year.
    Quarter,
    /// A season.
    Season,
    /// A year (also half years).
    Year,
    /// A decade.
    Decade,
    /// A century.
    Century,
}

impl Precision {
    /// The JSON name of the precision.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Season => "season",
            Precision::Year => "year",
            Precision::Decade => "decade",
            Precision::Century => "century",
        }
    }
}

/// The TIMEX3 type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimexType {
    /// A calendar date or period.
    Date,
    /// A time of day.
    Time,
    /// A duration.
    Duration,
    /// A recurring time.
    Set,
}

impl TimexType {
    /// The TIMEX3 name.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// A closed interval of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
}

impl Interval {
    /// True when the two intervals share at least one day.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// A date whose year is not known ("January 3" with no publication date).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartialDate {
    /// Month, 1-12.
    pub month: u8,
    /// Day of month, when stated.
    pub day: Option<u8>,
}

/// A weekday written beside a calendar date ("Wednesday, Dec. 3, 2020").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatedWeekday {
    /// The weekday as written.
    pub weekday: Weekday,
    /// Where it is written.
    pub span: Span,
    /// The weekday the date actually falls on, when the date is resolved.
    pub actual: Option<Weekday>,
}

/// One temporal expression.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeExpr {
    /// The words of the expression (TimeML extent: no introducing preposition).
    pub span: Span,
    /// Date, duration or set.
    pub kind: TimeKind,
    /// The days it covers (for a duration, the days it spans when anchored).
    pub value: Option<Interval>,
    /// How fine `value` is.
    pub precision: Option<Precision>,
    /// TIMEX3 type.
    pub timex_type: TimexType,
    /// TIMEX3 value ("2020-12-02", "P3Y", "XXXX-WXX-5", "PAST_REF").
    pub timex_value: String,
    /// TIMEX3 modifier ("START", "MID", "END"), when a part of a period is meant.
    pub timex_mod: Option<&'static str>,
    /// Why `value` is missing, when it is.
    pub reason: Option<&'static str>,
    /// The month and day of a date whose year is unknown.
    pub partial: Option<PartialDate>,
    /// A weekday written beside the date.
    pub stated_weekday: Option<StatedWeekday>,
    /// "yesterday", "today", "tomorrow", "tonight".
    pub relative_day_word: bool,
    /// Whether the value depends on the publication date (or on the story's reference time).
    pub relative: bool,
    /// The preposition just before the expression ("until", "by", "since"), which is
    /// outside the TimeML extent but tells a bound from a point.
    pub signal: Option<&'static str>,
}

/// A calendar date that cannot exist ("February 30", "2021-02-29").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidDate {
    /// Where it is written.
    pub span: Span,
    /// Year, when written.
    pub year: Option<i32>,
    /// Month as written.
    pub month: u32,
    /// Day as written.
    pub day: u32,
}

impl InvalidDate {
    /// Why the date cannot exist, in words.
    pub fn reason(&self) -> String {
        match self.year {
            Some(y) => format!("{y:04}-{:02} has no day {}", self.month, self.day),
            None => format!("month {} has no day {}", self.month, self.day),
        }
    }

    /// The JSON fact of an impossible date.
    pub fn to_fact_json(&self, text: &str) -> Value {
        fact!({
            "kind": "invalid-date",
            "span": {"start": self.span.start, "end": self.span.end},
            "text": text.get(self.span.start..self.span.end).unwrap_or(""),
            "year": self.year,
            "month": self.month,
            "day": self.day,
            "reason": self.reason(),
        })
    }
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// Formats a date as `YYYY-MM-DD` (held inline, without an allocation).
fn ymd(d: Date) -> CompactString {
    format_compact!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

impl TimeExpr {
    /// The words of the expression in `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.span.start..self.span.end).unwrap_or("")
    }

    /// Whether the stated weekday disagrees with the date (for `weekday-mismatch`).
    pub fn weekday_mismatch(&self) -> bool {
        self.stated_weekday
            .is_some_and(|w| w.actual.is_some_and(|a| a != w.weekday))
    }

    /// Whether the expression is relative but could not be resolved (for `unresolved-relative-date`).
    pub fn unresolved_relative(&self) -> bool {
        self.relative && self.value.is_none() && self.kind == TimeKind::Date
    }

    /// The JSON fact: `kind` ("date", "duration" or "set"), `span` {`start`, `end`}
    /// (byte offsets into `text`), `text`, `value` {`start`, `end`} or null,
    /// `precision` (or null for a vague reference), `timex` {`type`, `value`, and
    /// `mod` for a part of a period}, and `reason` when `value` is null. Extra fields
    /// appear only when they apply: `partial` {`month`, `day`} for a date with no
    /// year, `stated_weekday` {`weekday`, `span`, `actual`, `mismatch`},
    /// `relative_day_word`, `relative`, and `signal`.
    pub fn to_fact_json(&self, text: &str) -> Value {
        let mut timex = fact!({"type": self.timex_type.as_str(), "value": &self.timex_value});
        if let (Some(m), Some(obj)) = (self.timex_mod, timex.as_object_mut()) {
            obj.reserve_exact(1);
            obj.insert(key!("mod"), fact!(m));
        }
        let day = |d: Date| Value::String(ymd(d));
        let mut v = fact!({
            "kind": self.kind.as_str(),
            "span": {"start": self.span.start, "end": self.span.end},
            "text": self.text(text),
            "value": self.value.map(|i| fact!({"start": day(i.start), "end": day(i.end)})),
            "precision": self.precision.map(Precision::as_str),
            "timex": timex,
        });
        // The extra fields that apply, added at their size rather than copied as the object
        // grows.
        let extra: SmallVec<[(Key, Value); 6]> = [
            self.reason.map(|r| (key!("reason"), fact!(r))),
            self.partial
                .map(|p| (key!("partial"), fact!({"month": p.month, "day": p.day}))),
            self.stated_weekday.map(|w| {
                let weekday = fact!({
                    "weekday": weekday_name(w.weekday),
                    "span": {"start": w.span.start, "end": w.span.end},
                    "actual": w.actual.map(weekday_name),
                    "mismatch": self.weekday_mismatch(),
                });
                (key!("stated_weekday"), weekday)
            }),
            self.relative_day_word.then(|| (key!("relative_day_word"), fact!(true))),
            self.relative.then(|| (key!("relative"), fact!(true))),
            self.signal.map(|s| (key!("signal"), fact!(s))),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(obj) = v.as_object_mut() {
            obj.reserve_exact(extra.len());
            for (name, value) in extra {
                obj.insert(name, value);
            }
        }
        v
    }
}

/// Finds and resolves the temporal expressions in `text[body]`, against the
/// publication date when there is one. Spans are byte offsets into `text`.
pub fn extract_times(text: &str, body: Span, published: Option<Date>) -> TimeExtraction {
    let Span { start, end } = body.clamp_to(text);
    if start >= end {
        return TimeExtraction::default();
    }
    let mut resolver = resolve::Resolver::new(published);
    let mut out = TimeExtraction::default();
    // Lines are processed one at a time with one reused token buffer: no expression
    // or tense cue crosses a line break, and memory stays bounded by the longest line.
    let mut toks = Vec::new();
    let mut line_start = start;
    while line_start < end {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..end]).map_or(end, |i| line_start + i);
        lex::tokenize_into(text, line_start, line_end, &mut toks);
        line_start = line_end + 1;
        if toks.is_empty() {
            continue;
        }
        let mut parser = grammar::Parser::new(&toks, text);
        for c in parser.run() {
            out.exprs.extend(resolve_one(&mut resolver, &c, &toks, text));
        }
        out.invalid.extend(parser.bad.iter().filter_map(|b| {
            let (first, last) = (toks.get(b.first)?, toks.get(b.last)?);
            Some(InvalidDate {
                span: Span::new(first.start, last.end),
                year: b.year,
                month: b.month,
                day: b.day,
            })
        }));
    }
    out
}

/// Resolves one candidate into a fact, with the preposition before it as its signal.
fn resolve_one(resolver: &mut resolve::Resolver, c: &grammar::Cand, toks: &[lex::Tok], text: &str) -> Option<TimeExpr> {
    let (first, last) = (toks.get(c.first)?, toks.get(c.last)?);
    let span = Span::new(first.start, last.end);
    let t = tense::tense_at(toks, text, c.first, c.last);
    let mut e = resolver.resolve(c, span, t);
    e.signal = c
        .first
        .checked_sub(1)
        .and_then(|i| toks.get(i))
        .and_then(|p| signal(text.get(p.start..p.end).unwrap_or("")));
    Some(e)
}

/// The prepositions kept as an expression's signal.
const SIGNALS: &[&str] = &[
    "on",
    "in",
    "at",
    "since",
    "until",
    "till",
    "by",
    "before",
    "after",
    "from",
    "to",
    "through",
    "during",
    "for",
    "within",
    "between",
    "around",
    "over",
    "throughout",
];

/// The signal a word stands for, if it is one of [`SIGNALS`].
fn signal(word: &str) -> Option<&'static str> {
    SIGNALS.iter().copied().find(|s| s.eq_ignore_ascii_case(word))
}

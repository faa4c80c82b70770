//! Numbers and quantities: "14 people", "more than 1,000", "$1.2 billion", "a third diplomatic
//! source", "dozens of protesters".
//!
//! # What is extracted
//!
//! A [`Quantity`] is a cardinal amount (digits, number words, ranges, vague amounts such as
//! "several"), a percentage, a sum of money, a fraction or an ordinal, together with its bound
//! ("more than", "at least", "about" …) and the noun it counts.
//!
//! Decisions a rule author can rely on:
//!
//! - **Span.** The span covers the whole expression a diagnostic should underline: modifier,
//!   number and counted noun with the words between them. "more than 1,000 people", "one U.S.
//!   official", "one of the officials", "$1.2 billion", "45%". Articles are not part of an
//!   ordinal ("a third diplomatic source" spans "third diplomatic source") but are part of a
//!   number word that needs them ("a dozen", "a few", "a third" as a fraction). For a
//!   percentage the noun after "of" is not the unit, so "40% of voters" spans "40%".
//! - **Unit.** The counted noun as written, lowercased ("sources", "official"), an ISO 4217
//!   code for money ("USD", "EUR", "GBP"), `"%"` for percentages and fractions,
//!   `"percentage points"` for differences of percentages, or a glued measurement unit
//!   ("km"). The noun's own span is kept in [`Unit::Noun`] so that a rule can point at it.
//! - **Value.** `min` and `max` as `f64`; `None` (JSON `null`) is an open end. A point value
//!   has `min == max`. Exclusive ends are told by [`Bound`]: "more than 1,000" is `min 1000,
//!   max null, bound "more-than"` (1000 itself excluded); "at least 12" is `min 12, bound
//!   "at-least"` (included); "less than 10" is `max 10, bound "less-than"` (excluded);
//!   "up to 50" is `max 50, bound "up-to"` and "at most"/"no more than" are `bound
//!   "at-most"` (included). Hedges keep the point value and set `approximate`: "about 40" is
//!   `40..40, bound "about"`, "nearly 100" is `100..100, bound "nearly"` (just below).
//! - **Vague amounts** are approximate ranges, flagged `vague`: "a couple of" 2–3, "a few"
//!   2–9, "a handful of" 2–9, "several" 3–9, "dozens of" 24–143, "scores of" 40–199,
//!   "hundreds of" 200–999, "thousands of" 2,000–9,999, "tens of thousands of"
//!   20,000–99,999, "hundreds of thousands of" 200,000–999,999, "millions of"
//!   2,000,000–9,999,999, and so on up the scale: each names the band up to the next vague
//!   word. A small vague word before a scale multiplies it up to the next whole step:
//!   "several thousand" is 3,000–9,999, "a few hundred" 200–999.
//! - **Fractions and ratios** ("half of", "a third of", "two-thirds of", "one in five",
//!   "four out of 10") are percentages with `fraction: true`: "half the staff" is 50 with
//!   unit `"%"`, so that it compares with "50% of the staff". A fraction may carry a bound
//!   ("nearly half", "more than a third").
//! - **Ordinals** ("third", "21st") have `ordinal: true`, their rank as the value and the noun
//!   they rank as unit (singular). "a third diplomatic source" is the ordinal 3; "a third of"
//!   and "a third" followed by no noun are the fraction 1/3. A word ordinal needs a
//!   determiner ("the", "a", "its", a possessive) so that the adverb in "was first reported"
//!   is not a rank, and after "a" it needs its noun ("wait a second" is no rank).
//! - **Counted nouns** are found within four words: the first plural for counts above one
//!   ("two US officials", "200 police officers" takes the last of two plurals), the last
//!   noun before a verb or a function word for "one" and for ordinals ("one U.S. official
//!   said"). "one of the officials" and "one of Iran's top scientists" count the noun after
//!   "of". "one" and "zero" alone are not quantities ("one of them", "zero day"); other
//!   numbers stand without a noun ("22 were injured").
//! - **Post-modifiers**: "40 or more" is at-least, "40 or so" about, "40 or fewer" at-most,
//!   "40-plus" and "40+" at-least.
//!
//! # What is not a quantity
//!
//! Years ("in 2018", "2003-2011", a bare 4-digit 1800–2100 integer without separators unless
//! a modifier, a currency or a counted noun other than a time unit makes it an amount), dates
//! ("Jan. 3", "3 January", "the 3rd of May", "April 9 - 11", "9/11", "31/31/31" and every
//! slashed number), times ("12:30", "5 p.m.", "7 p. m.", "0800 GMT", "three o'clock"),
//! decades ("the 1990s"), ages ("Smith, 45,", "a 45-year-old", "aged 45", "aged over 45",
//! "45 years old"), durations used as adjectives ("one-year anniversary", "a 10-day visit"),
//! spoken years ("nineteen ninety-six"), names with numbers ("COVID-19", "F-16", "K1", "5G",
//! "Flight 370", "Chapter 11", "Boeing 737", "8 Block", "Six Nations", "the Second World
//! War", a ZIP code after a state), street numbers ("1600 Pennsylvania Avenue"), ranks ("No.
//! 2", "#1"), scores and records ("won 3-1", "the Seahawks (7-9)"), phone numbers
//! ("555-0100", "911"), centuries and period ordinals ("the 21st century", "the first half",
//! "the second Tuesday").
//!
//! Durations ("three years", "a few months") are quantities here: the time extractor owns
//! them and passes their spans in `exclude` when the pipeline wants them counted once. Every
//! quantity overlapping a span of `exclude` is dropped.
//!
//! Only ASCII digits are digits: other Unicode digits are left alone, as are numbers longer
//! than 40 bytes (a 100,000-digit run is not an amount anyone writes).
//!
//! # How
//!
//! The body is cut once into words at whitespace (and dashes), each word classified once
//! (a number chunk, a known word from one static table, or another word), then a left-to-right
//! parser with a bounded look-ahead of a few words turns words into quantities. Every step is
//! linear in the input and no recursion depends on it.
//!
//! - `lexicon`: the table of known words and the roles each can play;
//! - `tokens`: the words of the body, each classified once;
//! - `digits`: number chunks ("1,200", "$5bn", "10-15", "21st") and the numerals;
//! - `parse`: words to quantities: the values (`value`, `words`), what is not an amount
//!   (`not_amount`) and the counted noun (`noun`).

mod digits;
mod lexicon;
mod parse;
mod tokens;

use crate::value::Value;

use crate::extract::counted;
use crate::span::Span;

pub use digits::find_numerals;
use parse::Parser;
use tokens::tokenize;

/// One quantity found in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The whole expression: modifier, number and counted noun.
    pub span: Span,
    /// Lower end of the value, `None` when open ("less than 10").
    pub min: Option<f64>,
    /// Upper end of the value, `None` when open ("more than 1,000").
    pub max: Option<f64>,
    /// What is counted, if anything.
    pub unit: Option<Unit>,
    /// True for hedged and vague amounts ("about 40", "dozens of").
    pub approximate: bool,
    /// The modifier that bounds or hedges the value.
    pub bound: Option<Bound>,
    /// True for ranks ("third", "21st").
    pub ordinal: bool,
    /// True for amounts that only name a band ("several", "hundreds of").
    pub vague: bool,
    /// True for fractions ("half", "a third of"), given as percentages.
    pub fraction: bool,
}

/// What a quantity counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A counted noun, or a measurement unit glued to the digits ("10km"), at this span.
    Noun(Span),
    /// Money, by ISO 4217 code.
    Currency(&'static str),
    /// A percentage (also used for fractions).
    Percent,
    /// A difference of percentages.
    PercentagePoints,
}

/// A modifier that bounds or hedges a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// "about", "around", "roughly", "some", "an estimated", "or so": a point value, hedged.
    About,
    /// "nearly", "almost", "close to", "just under": a point value approached from below.
    Nearly,
    /// "more than", "over", "above": `min` is exclusive.
    MoreThan,
    /// "at least", "no fewer than", "or more", "40-plus": `min` is inclusive.
    AtLeast,
    /// "less than", "fewer than", "under", "below": `max` is exclusive.
    LessThan,
    /// "at most", "no more than", "or fewer": `max` is inclusive.
    AtMost,
    /// "up to", "as many as", "as much as": `max` is inclusive.
    UpTo,
}

impl Bound {
    /// The kebab-case name used in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Bound::About => "about",
            Bound::Nearly => "nearly",
            Bound::MoreThan => "more-than",
            Bound::AtLeast => "at-least",
            Bound::LessThan => "less-than",
            Bound::AtMost => "at-most",
            Bound::UpTo => "up-to",
        }
    }
}

impl Unit {
    /// The unit as JSON shows it: the lowercased noun, a currency code, `%`.
    pub fn label(&self, text: &str) -> String {
        match self {
            Unit::Noun(span) => text.get(span.start..span.end).unwrap_or("").to_lowercase(),
            Unit::Currency(code) => (*code).to_string(),
            Unit::Percent => "%".to_string(),
            Unit::PercentagePoints => "percentage points".to_string(),
        }
    }
}

impl Quantity {
    /// The fact as JSON: `kind`, `span`, `text`, `value {min, max}`, `unit`, `noun`, `state`, `update`, `approximate`,
    /// `bound`, `ordinal`, `vague`, `fraction`.
    pub fn to_fact_json(&self, text: &str) -> Value {
        let unit = self.unit.map(|u| u.label(text));
        let state = counted::state(text, self.span.start, self.span.end);
        let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
        fact!({
            "kind": "number",
            "span": { "start": self.span.start, "end": self.span.end },
            "text": text.get(self.span.start..self.span.end).unwrap_or(""),
            "value": { "min": finite(self.min), "max": finite(self.max) },
            "unit": &unit,
            "noun": counted::noun_lemma(unit.as_deref(), state),
            "state": state,
            "update": counted::is_update(text, self.span.start),
            "approximate": self.approximate,
            "bound": self.bound.map(Bound::as_str),
            "ordinal": self.ordinal,
            "vague": self.vague,
            "fraction": self.fraction,
        })
    }
}

/// Finds the quantities in `text[body]`, skipping those that overlap a span of `exclude`.
///
/// `body` is clamped to the text and to char boundaries; the result is in text order, without
/// overlaps, and every span lies on char boundaries inside `body`.
pub fn extract_numbers(text: &str, body: Span, exclude: &[Span]) -> Vec<Quantity> {
    let Span { start, end } = body.clamp_to(text);
    let words = tokenize(text, start, end);
    let mut excl: Vec<Span> = exclude.iter().copied().filter(|s| !s.is_empty()).collect();
    excl.sort_unstable();
    let parser = Parser::new(text, &words);
    let mut out = Vec::new();
    let mut ex = 0usize;
    let mut i = 0usize;
    while i < words.list.len() {
        match parser.quantity_at(i) {
            (Some(q), next) => {
                // Exclusion spans are sorted and quantities arrive in order, so one cursor
                // walks both lists once.
                while ex < excl.len() && excl[ex].end <= q.span.start {
                    ex += 1;
                }
                let clash = excl[ex..]
                    .iter()
                    .take_while(|s| s.start < q.span.end)
                    .any(|s| s.overlaps(q.span));
                if !clash {
                    out.push(q);
                }
                i = next.max(i + 1);
            }
            (None, next) => i = next.max(i + 1),
        }
    }
    out
}

/// A number as written, whatever it stands for: a count, an age ("Smith, 45,"), a year, a
/// score, a part of a name ("F-16"). Rules use numerals to tell whether a text writes a
/// figure at all, where [`Quantity`] says what the figure counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Numeral {
    /// The digits, with a scale word that follows them ("1.2 million").
    pub span: Span,
    /// The value.
    pub value: f64,
}

impl Numeral {
    /// The fact as JSON: `kind` "numeral", `span`, `text`, `value`.
    pub fn to_fact_json(&self, text: &str) -> Value {
        fact!({
            "kind": "numeral",
            "span": { "start": self.span.start, "end": self.span.end },
            "text": text.get(self.span.start..self.span.end).unwrap_or(""),
            "value": self.value,
        })
    }
}

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

use std::sync::LazyLock;

use serde_json::{Value, json};

use crate::extract::counted;
use crate::extract::lexicon::{
    MONTH_ABBREVIATIONS, MONTHS, ONES, ORDINALS, TENS, WEEKDAY_ABBREVIATIONS, WEEKDAYS, WordMap, ascii_lowercase,
};
use crate::span::Span;

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
        json!({
            "kind": "number",
            "span": { "start": self.span.start, "end": self.span.end },
            "text": text.get(self.span.start..self.span.end).unwrap_or(""),
            "value": { "min": finite(self.min), "max": finite(self.max) },
            "unit": unit,
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
    let parser = Parser {
        text,
        w: &words.list,
        nums: &words.nums,
        numwords: &words.numwords,
    };
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
        json!({
            "kind": "numeral",
            "span": { "start": self.span.start, "end": self.span.end },
            "text": text.get(self.span.start..self.span.end).unwrap_or(""),
            "value": self.value,
        })
    }
}

/// Every number written in digits in `text[body]`: runs of ASCII digits with thousands
/// separators ("2,100") and a decimal part ("1.5"), scaled by a word that follows ("1.2
/// million", "3bn"). Linear in the text.
pub fn find_numerals(text: &str, body: Span) -> Vec<Numeral> {
    let Span { start, end } = body.clamp_to(text);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        if !bytes[i].is_ascii_digit() || (i > start && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = String::new();
        loop {
            while j < end && bytes[j].is_ascii_digit() {
                digits.push(bytes[j] as char);
                j += 1;
            }
            // "2,100": a comma before exactly three digits groups thousands.
            let group = |k: usize| {
                k + 3 <= end
                    && bytes[k..k + 3].iter().all(u8::is_ascii_digit)
                    && (k + 3 == end || !bytes[k + 3].is_ascii_digit())
            };
            if j + 1 < end && bytes[j] == b',' && group(j + 1) {
                j += 1;
                continue;
            }
            if j + 1 < end && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() && !digits.contains('.') {
                digits.push('.');
                j += 1;
                continue;
            }
            break;
        }
        // Numbers longer than anyone writes as an amount are not figures.
        if digits.len() > 40 {
            i = j;
            continue;
        }
        let Ok(mut value) = digits.parse::<f64>() else {
            i = j;
            continue;
        };
        let mut stop = j;
        let rest = text.get(j..end).unwrap_or("");
        let gap = rest.len() - rest.trim_start_matches(' ').len();
        let word: String = rest[gap..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let scale = match word.to_ascii_lowercase().as_str() {
            "thousand" | "k" => Some(1e3),
            "million" | "m" | "mn" => Some(1e6),
            "billion" | "bn" | "b" => Some(1e9),
            "trillion" | "tn" => Some(1e12),
            _ => None,
        };
        // A one-letter scale must be glued to the digits ("3bn", "5m"), not a word after them.
        if let Some(scale) = scale
            && (gap == 0 || word.len() > 2)
        {
            value *= scale;
            stop = j + gap + word.len();
        }
        out.push(Numeral {
            span: Span::new(i, stop),
            value,
        });
        i = j;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Lexicon.

/// Roles a known word can play; one word may have several ("second", "over", "May").
#[derive(Clone, Copy, Debug, Default)]
struct Info {
    key: &'static str,
    cardinal: Option<u32>,
    ordinal: Option<u32>,
    /// "hundred", "thousand", "million", "billion", "trillion", "dozen".
    scale: Option<f64>,
    /// "dozens", "hundreds", "thousands", "millions", "billions", "scores": the band's floor.
    vague_scale: Option<f64>,
    /// Denominator of a fraction word ("third" 3, "thirds" 3, "quarter" 4, "half" 2).
    denominator: Option<u32>,
    currency: Option<&'static str>,
    flags: u32,
}

const STOP: u32 = 1;
const DET: u32 = 1 << 1;
const MONTH: u32 = 1 << 2;
const TIME_UNIT: u32 = 1 << 3;
const LABEL: u32 = 1 << 4;
const YEAR_PREP: u32 = 1 << 5;
const CHANGE_VERB: u32 = 1 << 6;
const AGE: u32 = 1 << 7;
const CLOCK: u32 = 1 << 8;
const IRREGULAR_PLURAL: u32 = 1 << 9;
const NOT_PLURAL: u32 = 1 << 10;
const MODIFIER: u32 = 1 << 12;
const PERIOD_NOUN: u32 = 1 << 13;
const NOT_COMPOUND_UNIT: u32 = 1 << 14;
const STREET: u32 = 1 << 15;
const MEASURE_WORD: u32 = 1 << 16;
const WEEKDAY: u32 = 1 << 17;

/// Measurement units written as separate words after the number: "375 sq km", "25 mph".
const MEASURE_WORDS: &[&str] = &[
    "km", "kms", "kg", "kgs", "mph", "kph", "lb", "lbs", "ft", "mm", "cm", "sq", "mw", "gw", "kw", "kwh", "mwh", "gwh",
    "bpd", "ha", "hectares", "tonnes", "tons",
];

/// Words that name a day, read as the [`WEEKDAYS`] are: they end a
/// noun phrase, and a rank before one is part of a date ("the second Tuesday").
const DAY_WORDS: &[&str] = &["today", "tonight", "yesterday", "tomorrow"];

#[rustfmt::skip]
const STREETS: &[&str] = &[
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive", "place",
    "square", "way", "highway", "court", "terrace", "parkway",
];

const SCALES: [(&str, f64); 6] = [
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("dozen", 12.0),
];
const VAGUE_SCALES: [(&str, f64); 6] = [
    ("dozens", 12.0),
    ("scores", 20.0),
    ("hundreds", 1e2),
    ("thousands", 1e3),
    ("millions", 1e6),
    ("billions", 1e9),
];
const FRACTIONS: [(&str, u32); 16] = [
    ("half", 2),
    ("halves", 2),
    ("third", 3),
    ("thirds", 3),
    ("quarter", 4),
    ("quarters", 4),
    ("fourth", 4),
    ("fourths", 4),
    ("fifth", 5),
    ("fifths", 5),
    ("sixth", 6),
    ("sixths", 6),
    ("eighth", 8),
    ("eighths", 8),
    ("tenth", 10),
    ("tenths", 10),
];
const CURRENCY_WORDS: [(&str, &str); 20] = [
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("rupees", "INR"),
    ("roubles", "RUB"),
    ("rubles", "RUB"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("jpy", "JPY"),
    ("cny", "CNY"),
    ("chf", "CHF"),
    ("cad", "CAD"),
    ("aud", "AUD"),
    ("inr", "INR"),
    ("rub", "RUB"),
];
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by",
    "with", "without", "about", "into", "onto", "over", "under", "after", "before", "since",
    "during", "until", "than", "as", "that", "which", "who", "whom", "whose", "this", "these",
    "those", "there", "here", "it", "its", "he", "she", "they", "them", "we", "us", "you", "i",
    "his", "her", "their", "our", "my", "your", "is", "are", "was", "were", "be", "been", "being",
    "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "may", "might",
    "must", "shall", "should", "said", "says", "say", "told", "tell", "not", "no", "so", "if",
    "when", "while", "where", "how", "why", "what", "more", "less", "most", "also", "just", "only",
    "each", "every", "all", "both", "per", "between", "among", "against", "through", "across",
    "including", "like", "such", "then", "because", "out", "up", "down", "off", "near", "around",
    "via", "whether", "either", "neither", "some", "any", "other", "another", "again", "already",
    "still", "yet", "even", "ago", "later", "earlier", "apiece", "couple", "few", "total",
    "altogether", "respectively", "alone", "too", "very", "within", "toward", "towards", "upon",
    "amid", "despite", "except", "behind", "beyond", "inside", "outside", "alive", "able",
    "killed", "died", "dead", "injured", "wounded", "arrested", "remain", "remained", "left",
    "went", "were", "got", "get", "made", "make", "took", "take", "came", "come", "according",
    "reported", "report", "reports", "believed", "thought", "known", "expected", "estimated",
    "last", "next", "away", "long", "old", "ahead", "early", "late",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "this", "that", "these", "those", "each",
    "every", "whose",
];
#[rustfmt::skip]
const TIME_UNITS: &[&str] = &[
    "year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days", "hour",
    "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "second", "seconds", "decade",
    "decades", "century", "centuries", "night", "nights", "weekend", "weekends", "term", "season",
    "morning", "evening", "afternoon", "millennium",
];
#[rustfmt::skip]
const LABELS: &[&str] = &[
    "no", "nos", "number", "section", "article", "chapter", "page", "room", "flight", "line",
    "round", "game", "phase", "level", "category", "grade", "stage", "episode", "season",
    "version", "exit", "gate", "terminal", "platform", "bus", "route", "highway", "interstate",
    "district", "precinct", "ward", "block", "suite", "apartment", "apt", "lot", "amendment",
    "proposition", "prop", "resolution", "item", "figure", "table", "vol", "volume", "part",
    "paragraph", "clause", "track", "channel", "day", "week", "act", "title", "rule", "psalm",
    "verse", "row", "seat", "pier", "floor", "box", "ext", "tel", "fax", "code", "zip", "model",
    "unit", "squad", "team", "class", "division", "mile", "km", "kilometre", "kilometer", "km.",
    "gen", "generation", "ch", "windows", "ios", "android", "iphone",
];
#[rustfmt::skip]
const YEAR_PREPS: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "of", "during", "before", "after", "through",
    "early", "late", "mid", "year", "fiscal", "spring", "summer", "autumn", "fall", "winter",
    "circa", "around", "between", "and", "to", "as", "for", "on", "at", "the", "until", "ending",
    "beginning", "end", "start", "election", "budget", "class", "vintage", "model",
];
#[rustfmt::skip]
const CHANGE_VERBS: &[&str] = &[
    "rose", "risen", "rise", "rises", "rising", "fell", "fallen", "fall", "falls", "falling",
    "increased", "increase", "increases", "decreased", "decrease", "dropped", "drop", "climbed",
    "climb", "jumped", "jump", "grew", "grown", "declined", "decline", "cut", "cuts", "raised",
    "raise", "reduced", "reduce", "lowered", "boosted", "slipped", "surged", "soared", "plunged",
    "plummeted", "slid", "shrank", "doubled", "tripled", "went", "moved", "changed", "up", "down",
    "upgraded", "downgraded", "revised", "lifted", "trimmed",
];
const AGE_WORDS: &[&str] = &["aged", "age", "ages"];
#[rustfmt::skip]
const CLOCK_WORDS: &[&str] = &[
    "a.m", "p.m", "am", "pm", "gmt", "utc", "est", "edt", "et", "pt", "pst", "pdt", "cst", "cdt",
    "mst", "mdt", "bst", "cet", "cest", "o'clock", "o’clock", "hrs", "local", "gmt+",
];
#[rustfmt::skip]
const IRREGULAR_PLURALS: &[&str] = &[
    "people", "children", "men", "women", "police", "staff", "personnel", "cattle", "feet",
    "teeth", "mice", "geese", "data", "media", "crew", "deer", "sheep", "fish", "aircraft",
    "livestock", "folk", "kids", "youth", "militia", "infantry", "spacecraft", "offspring",
    "clergy", "gentlemen", "businessmen", "policemen", "firemen", "gunmen", "servicemen",
    "congressmen", "fishermen", "tradesmen", "countrymen", "kinsmen", "women's", "lice", "troops",
    "army", "navy",
];
#[rustfmt::skip]
const NOT_PLURALS: &[&str] = &[
    "news", "series", "species", "status", "bus", "gas", "plus", "less", "always", "perhaps",
    "whereas", "across", "has", "was", "is", "his", "its", "this", "thus", "yes", "us", "various",
    "famous", "serious", "previous", "numerous", "nervous", "obvious", "anxious", "dangerous",
    "enormous", "tremendous", "unanimous", "anonymous", "religious", "jealous", "conscious",
    "cautious", "ambitious", "notorious", "continuous", "vicious", "glorious", "precious",
    "curious", "mysterious", "generous", "enormous", "fictitious", "bonus", "campus", "virus",
    "census", "consensus", "focus", "surplus", "chorus", "corpus", "bias", "atlas", "canvas",
    "alias", "texas", "kansas", "arkansas", "paris", "athens", "besides", "afterwards", "towards",
    "sometimes", "overseas", "means", "whereabouts", "headquarters", "crossroads", "economics",
    "politics", "physics", "mathematics", "ethics", "tactics", "lens", "mess", "plus", "thanks",
    "upwards", "downwards", "outwards", "backwards", "nevertheless", "regardless", "unless",
    "bogus", "lots", "tons", "dozens", "hundreds", "thousands", "millions", "billions", "scores",
    "tens", "others", "ones", "yours", "ours", "theirs", "hers", "includes", "says", "does",
    "goes", "gets", "makes", "takes", "comes", "seems", "remains", "plans", "wants", "needs",
    "knows", "shows", "puts", "lets", "keeps",
];
#[rustfmt::skip]
const PERIOD_NOUNS: &[&str] = &[
    "century", "centuries", "millennium", "half", "quarter", "quarters", "halves",
];
const NOT_COMPOUND_UNITS: &[&str] = &[
    "time", "way", "off", "stop", "sided", "shot", "liner", "hit", "on", "all", "piece", "size", "fold", "old",
    "thirds", "third", "quarters", "half", "fifths", "fourths", "tenths", "eighths", "sixths", "halves", "party",
    "man", "nil", "love", "up", "down", "story", "by", "a", "an", "to", "and", "or", "per", "for", "of", "in", "on",
    "at", "x",
];
/// Single- and multi-word modifiers, lowercased word by word, with the bound each sets.
const MODIFIERS: &[(&[&str], Bound)] = &[
    (&["more", "than"], Bound::MoreThan),
    (&["over"], Bound::MoreThan),
    (&["above"], Bound::MoreThan),
    (&["upwards", "of"], Bound::MoreThan),
    (&["upward", "of"], Bound::MoreThan),
    (&["in", "excess", "of"], Bound::MoreThan),
    (&["just", "over"], Bound::MoreThan),
    (&["well", "over"], Bound::MoreThan),
    (&["well", "above"], Bound::MoreThan),
    (&["at", "least"], Bound::AtLeast),
    (&["no", "fewer", "than"], Bound::AtLeast),
    (&["no", "less", "than"], Bound::AtLeast),
    (&["a", "minimum", "of"], Bound::AtLeast),
    (&["less", "than"], Bound::LessThan),
    (&["fewer", "than"], Bound::LessThan),
    (&["under"], Bound::LessThan),
    (&["below"], Bound::LessThan),
    (&["just", "under"], Bound::Nearly),
    (&["at", "most"], Bound::AtMost),
    (&["no", "more", "than"], Bound::AtMost),
    (&["a", "maximum", "of"], Bound::AtMost),
    (&["up", "to"], Bound::UpTo),
    (&["as", "many", "as"], Bound::UpTo),
    (&["as", "much", "as"], Bound::UpTo),
    (&["about"], Bound::About),
    (&["around"], Bound::About),
    (&["approximately"], Bound::About),
    (&["approx"], Bound::About),
    (&["roughly"], Bound::About),
    (&["some"], Bound::About),
    (&["an", "estimated"], Bound::About),
    (&["estimated"], Bound::About),
    (&["an", "approximate"], Bound::About),
    (&["nearly"], Bound::Nearly),
    (&["almost"], Bound::Nearly),
    (&["close", "to"], Bound::Nearly),
    (&["closer", "to"], Bound::Nearly),
];

type Lexicon = WordMap<Info>;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(build_lexicon);

fn build_lexicon() -> Lexicon {
    let mut m = Lexicon::default();
    fn entry<'m>(m: &'m mut Lexicon, k: &'static str) -> &'m mut Info {
        m.entry(k).or_insert_with(|| Info {
            key: k,
            ..Info::default()
        })
    }
    for (v, k) in ONES.iter().enumerate() {
        entry(&mut m, k).cardinal = u32::try_from(v).ok();
    }
    for &(k, v) in &TENS {
        entry(&mut m, k).cardinal = Some(v);
    }
    for &(k, v) in &ORDINALS {
        entry(&mut m, k).ordinal = Some(v);
    }
    for &(k, v) in &SCALES {
        entry(&mut m, k).scale = Some(v);
    }
    for &(k, v) in &VAGUE_SCALES {
        entry(&mut m, k).vague_scale = Some(v);
    }
    for &(k, v) in &FRACTIONS {
        entry(&mut m, k).denominator = Some(v);
    }
    for &(k, v) in &CURRENCY_WORDS {
        entry(&mut m, k).currency = Some(v);
    }
    let lists: [(&[&'static str], u32); 11] = [
        (STOPWORDS, STOP),
        (DETERMINERS, DET),
        (TIME_UNITS, TIME_UNIT),
        (LABELS, LABEL),
        (YEAR_PREPS, YEAR_PREP),
        (CHANGE_VERBS, CHANGE_VERB),
        (AGE_WORDS, AGE),
        (CLOCK_WORDS, CLOCK),
        (IRREGULAR_PLURALS, IRREGULAR_PLURAL),
        (NOT_PLURALS, NOT_PLURAL),
        (PERIOD_NOUNS, PERIOD_NOUN),
    ];
    for (list, flag) in lists {
        for k in list {
            entry(&mut m, k).flags |= flag;
        }
    }
    for k in NOT_COMPOUND_UNITS {
        entry(&mut m, k).flags |= NOT_COMPOUND_UNIT;
    }
    for (words, _) in MODIFIERS {
        if let Some(first) = words.first() {
            entry(&mut m, first).flags |= MODIFIER;
        }
        // Every word of a modifier needs a key, so that sequences compare by key.
        for w in words.iter() {
            entry(&mut m, w);
        }
    }
    let months = MONTHS.iter().chain(MONTH_ABBREVIATIONS.iter().map(|(k, _)| k));
    for k in months {
        entry(&mut m, k).flags |= MONTH;
    }
    let days = WEEKDAYS.iter().chain(WEEKDAY_ABBREVIATIONS.iter().map(|(k, _)| k));
    for k in days.chain(DAY_WORDS) {
        entry(&mut m, k).flags |= STOP | WEEKDAY;
    }
    for k in MEASURE_WORDS {
        entry(&mut m, k).flags |= MEASURE_WORD;
    }
    for k in STREETS {
        entry(&mut m, k).flags |= STREET;
    }
    for k in [
        "tens",
        "few",
        "couple",
        "handful",
        "several",
        "estimated",
        "percentage",
        "cent",
        "latter",
        "degrees",
        "magnitude",
        "percent",
        "pct",
        "past",
        "former",
    ] {
        entry(&mut m, k);
    }
    m
}

/// Looks a word up, case-insensitively, without allocating. Curly apostrophes are kept as
/// they are ("o’clock").
fn lookup(word: &str) -> Option<&'static Info> {
    if word.is_empty() {
        return None;
    }
    let mut buf = [0u8; 24];
    LEXICON.get(ascii_lowercase(word, &mut buf)?)
}

// ---------------------------------------------------------------------------------------------
// Words.

/// What follows a word's core before the next word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trail {
    /// Nothing but space.
    None,
    /// A comma, semicolon or colon: a phrase ends.
    Comma,
    /// A full stop, question or exclamation mark, a closing quote or bracket: a sentence or
    /// a quotation ends.
    Stop,
}

/// What a word is; number details live in side tables so that words stay small.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A chunk starting with a digit or a currency sign and a digit: index into `Words::nums`.
    Num(u32),
    /// A word whose hyphen-separated parts start with number words ("twenty-five",
    /// "one-year", "two-thirds"): index into `Words::numwords`.
    NumWord(u32),
    /// Anything else made of letters.
    Alpha,
    /// Punctuation, symbols, digits in a name ("#1", "COVID-19" is `Alpha`).
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    kind: Kind,
    info: Option<&'static Info>,
    trail: Trail,
    /// The word is preceded by an opening quote or bracket, or a line break.
    opens: bool,
    cap: bool,
    /// The word ends in "'s" or "’s".
    possessive: bool,
}

impl Word {
    fn key(&self) -> &'static str {
        self.info.map_or("", |i| i.key)
    }
    fn has(&self, flag: u32) -> bool {
        self.info.is_some_and(|i| i.flags & flag != 0)
    }
    fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// How a number chunk ends after its digits.
#[derive(Clone, Copy, Debug)]
enum Suffix {
    None,
    Percent,
    /// A scale glued to the digits ("5bn", "€5m"), already applied to the value.
    Scale,
    /// "m" without a currency: million before a noun, metres otherwise.
    AmbiguousM,
    /// A measurement unit glued to the digits ("10km").
    Measure(Span),
    Ordinal,
    /// "40+": at least.
    Plus,
    /// A hyphenated word after the digits ("400-page", "12-year-old", "$5-million").
    Compound(Span, Option<&'static Info>),
    /// A time, a date, a decade, a name, or too long: never a quantity.
    Skip,
}

#[derive(Clone, Copy, Debug)]
struct NumAtom {
    value: f64,
    /// Second value of a range written inside the chunk ("10-15").
    high: Option<f64>,
    currency: Option<&'static str>,
    suffix: Suffix,
    /// Digits only: no separator, decimal point, currency or suffix.
    plain: bool,
    digits: u8,
    /// The glued scale suffix applied ("5bn": 1e9), 1 when none.
    scale: f64,
}

#[derive(Clone, Copy, Debug)]
struct NumWordAtom {
    value: f64,
    /// "two-thirds": the value is a fraction with this denominator.
    denominator: Option<u32>,
    /// "one-year", "five-member": the word after the number words.
    compound: Option<(Span, Option<&'static Info>)>,
    /// "twenty-first": an ordinal.
    ordinal: bool,
}

const LEAD_STRIP: &[char] = &['(', '[', '{', '"', '\'', '“', '‘', '«', '`', '*', '_'];
const TRAIL_STRIP: &[char] = &[
    ',', ';', ':', '.', '!', '?', ')', ']', '}', '"', '\'', '”', '’', '»', '…', '*', '_', '`',
];
const ABBREVIATIONS: &[&str] = &[
    "ch", "gen", "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "no", "nos", "lt", "col", "sgt", "rep", "sen", "gov", "inc", "corp", "co", "ltd", "jr", "sr", "vs",
    "approx", "est", "pres", "capt", "maj", "adm", "prof", "rev", "ft", "mt", "ave", "blvd", "vol", "fig", "dept",
    "univ",
];

fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '—' || c == '―'
}

fn tokenize(text: &str, start: usize, end: usize) -> Words {
    let slice = text.get(start..end).unwrap_or("");
    let mut words = Words {
        list: Vec::with_capacity(slice.len() / 6),
        ..Words::default()
    };
    let mut chunk_start: Option<usize> = None;
    let mut newline = true;
    for (off, c) in slice.char_indices() {
        if is_separator(c) {
            if let Some(s) = chunk_start.take() {
                split_glued(text, start + s, start + off, newline, &mut words);
                newline = false;
            }
            if c == '\n' || c == '—' || c == '―' {
                newline = true;
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(off);
        }
    }
    if let Some(s) = chunk_start {
        split_glued(text, start + s, end, newline, &mut words);
    }
    words
}

/// Splits a chunk where a sentence was glued to the next one without a space
/// ("offensive.This", "miles).\"The"), then pushes each part.
fn split_glued(text: &str, s: usize, e: usize, newline: bool, out: &mut Words) {
    let Some(chunk) = text.get(s..e) else { return };
    // Most chunks hold no inner stop or closing mark: skip the character walk for them.
    let inner = chunk.as_bytes().get(1..chunk.len().saturating_sub(1)).unwrap_or(&[]);
    if !inner
        .iter()
        .any(|&b| matches!(b, b'.' | b'!' | b'?' | b')' | b'"') || b >= 0x80)
    {
        push_chunk(text, s, e, newline, out);
        return;
    }
    let mut from = 0;
    let mut letters = 0usize;
    let mut prev = ' ';
    let mut iter = chunk.char_indices().peekable();
    let mut first = true;
    while let Some((off, c)) = iter.next() {
        let next = iter.peek().map_or(' ', |&(_, n)| n);
        let glued_stop = matches!(c, '.' | '!' | '?') && prev.is_lowercase() && letters >= 3 && next.is_uppercase();
        let glued_close = matches!(c, ')' | '”' | '"') && next.is_alphanumeric() && off > from;
        if c.is_alphabetic() {
            letters += 1;
        } else if c == '.' {
            // "U.S.", "a.m.": a full stop inside a word resets the count.
            letters = 0;
        }
        if glued_stop || glued_close {
            let cut = off + c.len_utf8();
            push_chunk(text, s + from, s + cut, newline && first, out);
            first = false;
            from = cut;
            letters = 0;
        }
        prev = c;
    }
    if from < chunk.len() {
        push_chunk(text, s + from, e, (newline && first) || from > 0, out);
    }
}

fn push_chunk(text: &str, s: usize, e: usize, newline: bool, out: &mut Words) {
    let Some(chunk) = text.get(s..e) else { return };
    let core_l = chunk.trim_start_matches(LEAD_STRIP);
    let opens = newline || core_l.len() != chunk.len();
    let mut core = core_l.trim_end_matches(TRAIL_STRIP);
    if core.is_empty() {
        // A lone dash or symbol between words still separates them; keep it as `Other` so that
        // "10 - 15" can be read as a range.
        if chunk == "-" || chunk == "–" {
            let start = s;
            out.list.push(Word {
                start,
                end: e,
                kind: Kind::Other,
                info: None,
                trail: Trail::None,
                opens,
                cap: false,
                possessive: false,
            });
        } else if let Some(last) = out.list.last_mut() {
            last.trail = Trail::Stop;
        }
        return;
    }
    let core_start = s + (chunk.len() - core_l.len());
    let stripped = &core_l[core.len()..];
    let mut trail = Trail::None;
    // "U.S." and "Gen." keep their full stop: it abbreviates, it does not end a sentence.
    let wordlike = core.starts_with(char::is_alphabetic);
    if stripped.starts_with('.') && wordlike && (core.contains('.') || is_abbreviation(core)) {
        trail = if stripped.len() > 1 {
            trail_of(&stripped[1..])
        } else {
            Trail::None
        };
        core = &core_l[..core.len() + 1];
    } else if !stripped.is_empty() {
        trail = trail_of(stripped);
    }
    // Possessives keep their apostrophe inside the core: "Iran’s".
    let mut possessive = false;
    if let Some(stem) = core.strip_suffix("'s").or_else(|| core.strip_suffix("’s")) {
        possessive = !stem.is_empty();
    } else if (stripped.starts_with('\'') || stripped.starts_with('’'))
        && core.ends_with('s')
        && core.chars().all(char::is_alphabetic)
    {
        possessive = true;
    }
    let core_end = core_start + core.len();
    let first = core.chars().next().unwrap_or(' ');
    let (class, info) = classify(core.strip_suffix('.').unwrap_or(core), core_start);
    let kind = match class {
        Class::Num(a) => {
            out.nums.push(a);
            Kind::Num(u32::try_from(out.nums.len() - 1).unwrap_or(u32::MAX))
        }
        Class::NumWord(a) => {
            out.numwords.push(a);
            Kind::NumWord(u32::try_from(out.numwords.len() - 1).unwrap_or(u32::MAX))
        }
        Class::Alpha => Kind::Alpha,
        Class::Other => Kind::Other,
    };
    out.list.push(Word {
        start: core_start,
        end: core_end,
        kind,
        info,
        trail,
        opens,
        cap: first.is_uppercase(),
        possessive,
    });
}

fn trail_of(stripped: &str) -> Trail {
    let mut t = Trail::None;
    for c in stripped.chars() {
        match c {
            ',' | ';' | ':' if t == Trail::None => {
                t = Trail::Comma;
            }
            '.' | '!' | '?' | ')' | ']' | '}' | '"' | '”' | '»' | '…' => t = Trail::Stop,
            _ => {}
        }
    }
    t
}

fn is_abbreviation(core: &str) -> bool {
    // Initials: "George W. Bush", "200 W. American Blvd.".
    if core.len() == 1 && core.bytes().all(|b| b.is_ascii_uppercase()) {
        return true;
    }
    let lower_ok = core.len() <= 5 && core.chars().all(|c| c.is_ascii_alphabetic());
    lower_ok && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(core))
}

const CURRENCY_PREFIXES: [(&str, &str); 12] = [
    ("US$", "USD"),
    ("HK$", "HKD"),
    ("NZ$", "NZD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("S$", "SGD"),
    ("R$", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
];

/// A chunk's class, with its number details.
enum Class {
    Num(NumAtom),
    NumWord(NumWordAtom),
    Alpha,
    Other,
}

/// The words of a body and the number details they point to.
#[derive(Default)]
struct Words {
    list: Vec<Word>,
    nums: Vec<NumAtom>,
    numwords: Vec<NumWordAtom>,
}

fn classify(core: &str, base: usize) -> (Class, Option<&'static Info>) {
    let mut rest = core;
    let mut currency = None;
    for (p, code) in CURRENCY_PREFIXES {
        if let Some(r) = rest.strip_prefix(p) {
            currency = Some(code);
            rest = r;
            break;
        }
    }
    if rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let at = base + (core.len() - rest.len());
        return (Class::Num(parse_num_chunk(rest, at, currency)), None);
    }
    if currency.is_some() {
        return (Class::Other, None);
    }
    let first = core.chars().next().unwrap_or(' ');
    if !first.is_alphabetic() {
        return (Class::Other, None);
    }
    if let Some(info) = lookup(core) {
        if info.cardinal.is_some() {
            let value = f64::from(info.cardinal.unwrap_or(0));
            let atom = NumWordAtom {
                value,
                denominator: None,
                compound: None,
                ordinal: false,
            };
            return (Class::NumWord(atom), Some(info));
        }
        return (Class::Alpha, Some(info));
    }
    if core.contains('-')
        && let Some(atom) = parse_hyphenated_number_word(core, base)
    {
        return (Class::NumWord(atom), None);
    }
    (Class::Alpha, None)
}

/// Reads "twenty-five", "twenty-first", "one-year", "two-thirds", "five-member".
fn parse_hyphenated_number_word(core: &str, base: usize) -> Option<NumWordAtom> {
    let mut parts = core.split('-');
    let first = lookup(parts.next()?)?;
    let mut value = f64::from(first.cardinal?);
    let mut offset = core.find('-')? + 1;
    let mut ordinal = false;
    let mut denominator = None;
    let mut compound = None;
    let is_tens = first.cardinal.is_some_and(|c| c >= 20 && c % 10 == 0);
    for (n, part) in parts.enumerate() {
        let info = lookup(part);
        let ones = info.and_then(|i| i.cardinal).filter(|&c| (1..10).contains(&c));
        let ord = info.and_then(|i| i.ordinal).filter(|&c| (1..10).contains(&c));
        if n == 0 && is_tens && ones.is_some() {
            value += f64::from(ones.unwrap_or(0));
        } else if n == 0 && is_tens && ord.is_some() {
            value += f64::from(ord.unwrap_or(0));
            ordinal = true;
        } else if compound.is_none() && denominator.is_none() {
            let den = info
                .and_then(|i| i.denominator)
                .filter(|_| part.ends_with('s') || value == 1.0);
            if let Some(d) = den {
                denominator = Some(d);
            } else {
                // The compound runs to the end of the chunk: "12-year-old" keeps "year-old".
                let s = base + offset;
                compound = Some((Span::new(s, base + core.len()), info));
                break;
            }
        } else {
            return None;
        }
        offset += part.len() + 1;
    }
    Some(NumWordAtom {
        value,
        denominator,
        compound,
        ordinal,
    })
}

/// Longest run of digits and separators a number may have; longer runs are not amounts.
const MAX_NUMBER_LEN: usize = 40;

/// Reads digits with thousands separators and a decimal part from the start of `s`.
/// Returns the value, the bytes read, whether the number is plain digits, and the digit count.
fn lex_digits(s: &str) -> Option<(f64, usize, bool, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let lead = i;
    let mut plain = true;
    // Thousands groups: exactly three digits after each comma, and only after a lead of one to
    // three digits ("1,000,000"; "12,5" and "1234,567" are not grouped).
    if lead <= 3 {
        while i + 4 <= b.len()
            && b.get(i) == Some(&b',')
            && b.get(i + 1..i + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            i += 4;
            plain = false;
        }
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        plain = false;
    }
    if i > MAX_NUMBER_LEN {
        return None;
    }
    let mut buf = [0u8; MAX_NUMBER_LEN];
    let mut n = 0;
    let mut digits = 0;
    for &c in &b[..i] {
        if c != b',' {
            buf[n] = c;
            n += 1;
        }
        if c.is_ascii_digit() {
            digits += 1;
        }
    }
    let value: f64 = std::str::from_utf8(&buf[..n]).ok()?.parse().ok()?;
    if b[0] == b'0' && lead > 1 {
        // Leading zeros belong to codes and clock times ("007", "0800"), not amounts.
        return None;
    }
    Some((value, i, plain, digits))
}

const SCALE_SUFFIXES: [(&str, f64); 9] = [
    ("k", 1e3),
    ("K", 1e3),
    ("mn", 1e6),
    ("mln", 1e6),
    ("bn", 1e9),
    ("b", 1e9),
    ("tn", 1e12),
    ("trn", 1e12),
    ("m", 1e6),
];
const MEASURES: &[&str] = &[
    "km", "m", "cm", "mm", "kg", "g", "mg", "lb", "lbs", "oz", "ft", "mph", "kph", "kmh", "MW", "GW", "kW", "kWh",
    "MWh", "GWh", "GB", "MB", "TB", "ha", "ml", "bpd", "sq", "t",
];

fn skip_atom() -> NumAtom {
    NumAtom {
        value: 0.0,
        high: None,
        currency: None,
        suffix: Suffix::Skip,
        plain: false,
        digits: 0,
        scale: 1.0,
    }
}

fn parse_num_chunk(s: &str, base: usize, currency: Option<&'static str>) -> NumAtom {
    let Some((value, len, plain, digits)) = lex_digits(s) else {
        return skip_atom();
    };
    let mut atom = NumAtom {
        value,
        high: None,
        currency,
        suffix: Suffix::None,
        plain: plain && currency.is_none(),
        digits: u8::try_from(digits).unwrap_or(u8::MAX),
        scale: 1.0,
    };
    let rest = &s[len..];
    if rest.is_empty() {
        return atom;
    }
    atom.plain = false;
    if rest == "%" {
        atom.suffix = Suffix::Percent;
        return atom;
    }
    if rest == "+" {
        atom.suffix = Suffix::Plus;
        return atom;
    }
    let dash = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('–'))
        .or_else(|| rest.strip_prefix('‐'));
    if let Some(after) = dash {
        let after_at = base + (s.len() - after.len());
        return range_or_compound(atom, plain, len, after, after_at, currency);
    }
    if let Some(&(_, mult)) = SCALE_SUFFIXES.iter().find(|(suf, _)| *suf == rest) {
        if rest == "m" && currency.is_none() {
            atom.suffix = Suffix::AmbiguousM;
            return atom;
        }
        if rest == "b" && currency.is_none() {
            return skip_atom();
        }
        atom.value *= mult;
        atom.suffix = Suffix::Scale;
        atom.scale = mult;
        return atom;
    }
    let lower_ord = ["st", "nd", "rd", "th"];
    if lower_ord.iter().any(|o| rest.eq_ignore_ascii_case(o)) && currency.is_none() {
        atom.suffix = Suffix::Ordinal;
        return atom;
    }
    if MEASURES.contains(&rest) && currency.is_none() {
        let at = base + len;
        atom.suffix = Suffix::Measure(Span::new(at, at + rest.len()));
        return atom;
    }
    // Times, dates, decades ("1990s", "'90s"), codes and names ("5G", "3D", "9/11", "12:30").
    skip_atom()
}

fn range_or_compound(
    mut atom: NumAtom,
    first_plain: bool,
    first_len: usize,
    after: &str,
    after_at: usize,
    currency: Option<&'static str>,
) -> NumAtom {
    let mut second = after;
    let mut cur2 = None;
    for (p, code) in CURRENCY_PREFIXES {
        if let Some(r) = second.strip_prefix(p) {
            cur2 = Some(code);
            second = r;
            break;
        }
    }
    if second.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let Some((v2, len2, plain2, d2)) = lex_digits(second) else {
            return skip_atom();
        };
        if cur2.is_some() && currency.is_none() {
            return skip_atom();
        }
        // Years ("2003-2011", "2019-20"), phone numbers ("555-1234") and scores ("3-1").
        let first_year = first_plain && first_len == 4 && (1800.0..=2100.0).contains(&atom.value);
        let phone = first_plain && plain2 && first_len == 3 && d2 == 4;
        // "5-11,220" (height and weight) is no range either.
        if first_year || phone || v2 <= atom.value || v2 > atom.value * 1000.0 {
            return skip_atom();
        }
        let tail = &second[len2..];
        let mut high = v2;
        match tail {
            "" => {}
            "%" => atom.suffix = Suffix::Percent,
            t => {
                if let Some(&(_, mult)) = SCALE_SUFFIXES
                    .iter()
                    .find(|(suf, _)| *suf == t && (currency.is_some() || *suf != "m"))
                {
                    high *= mult;
                    atom.value *= mult;
                    atom.suffix = Suffix::Scale;
                    atom.scale = mult;
                } else {
                    return skip_atom();
                }
            }
        }
        atom.high = Some(high);
        return atom;
    }
    if after.chars().next().is_some_and(char::is_alphabetic) {
        let word = after.split('-').next().unwrap_or("");
        let info = lookup(word);
        if word.eq_ignore_ascii_case("plus") {
            atom.suffix = Suffix::Plus;
            return atom;
        }
        atom.suffix = Suffix::Compound(Span::new(after_at, after_at + after.len()), info);
        return atom;
    }
    skip_atom()
}

// ---------------------------------------------------------------------------------------------
// Parser.

struct Parser<'a> {
    text: &'a str,
    w: &'a [Word],
    nums: &'a [NumAtom],
    numwords: &'a [NumWordAtom],
}

/// A value read from one or more words, before modifiers and nouns.
#[derive(Clone, Copy, Debug)]
struct Val {
    /// First and one-past-last word.
    first: usize,
    next: usize,
    min: f64,
    max: f64,
    end: usize,
    currency: Option<&'static str>,
    unit: Option<Unit>,
    approximate: bool,
    bound: Option<Bound>,
    ordinal: bool,
    vague: bool,
    fraction: bool,
    /// A bare 4-digit integer that may be a year.
    year_like: bool,
    /// The value is the single word "one" or "a": it needs a noun to count.
    needs_noun: bool,
    /// The counted noun, if any, must be singular.
    singular: bool,
    /// Vague plurals ("hundreds") count only through "of".
    needs_of: bool,
    /// Read from digits.
    digits: bool,
    /// The scale word or suffix applied ("million": 1e6), 1 when none.
    scale: f64,
}

impl Parser<'_> {
    fn word(&self, i: usize) -> Option<&Word> {
        self.w.get(i)
    }

    /// The digits read from a number chunk.
    fn num(&self, w: &Word) -> Option<NumAtom> {
        match w.kind {
            Kind::Num(k) => self.nums.get(k as usize).copied(),
            _ => None,
        }
    }

    /// The value read from a number word.
    fn numword(&self, w: &Word) -> Option<NumWordAtom> {
        match w.kind {
            Kind::NumWord(k) => self.numwords.get(k as usize).copied(),
            _ => None,
        }
    }

    fn key(&self, i: usize) -> &'static str {
        self.w.get(i).map_or("", Word::key)
    }

    /// True when word `i` continues the phrase of word `i - 1`: no punctuation between them.
    fn joined(&self, i: usize) -> bool {
        i > 0 && self.w.get(i - 1).is_some_and(|p| p.trail == Trail::None) && self.w.get(i).is_some_and(|w| !w.opens)
    }

    /// The quantity starting at word `i` and the word after it; a value that was read but is
    /// not an amount (a year, a date) yields `(None, next)` so that its words are skipped.
    fn quantity_at(&self, i: usize) -> (Option<Quantity>, usize) {
        let (bound, vstart) = self.modifier_at(i).map_or((None, i), |(b, n)| (Some(b), n));
        let mut skip = i + 1;
        if bound.is_some()
            && let Some(v) = self.value_range_at(vstart, true)
        {
            match self.judge(i, v, bound) {
                Some((q, next)) => return (Some(q), next),
                None => skip = skip.max(v.next),
            }
        }
        if let Some(v) = self.value_range_at(i, false) {
            match self.judge(i, v, None) {
                Some((q, next)) => return (Some(q), next),
                None => skip = skip.max(v.next),
            }
        }
        (None, skip)
    }

    /// A modifier at `i`, with the index of the first word after it.
    fn modifier_at(&self, i: usize) -> Option<(Bound, usize)> {
        let w = self.word(i)?;
        if !w.has(MODIFIER) {
            return None;
        }
        'outer: for (words, bound) in MODIFIERS {
            for (k, expect) in words.iter().enumerate() {
                if self.key(i + k) != *expect || (k > 0 && !self.joined(i + k)) {
                    continue 'outer;
                }
            }
            let next = i + words.len();
            if self.joined(next) {
                return Some((*bound, next));
            }
        }
        None
    }

    /// Decides whether value `v`, with the modifier starting at word `first`, is a quantity,
    /// and finds its counted noun.
    fn judge(&self, first: usize, mut v: Val, bound: Option<Bound>) -> Option<(Quantity, usize)> {
        let bound_at_start = bound.is_some();
        // "aged over 45", "aged 40 to 44": ages.
        if first > 0 && self.joined(first) && self.word(first - 1).is_some_and(|p| p.has(AGE)) {
            return None;
        }
        if bound.is_some() && (v.vague || v.ordinal) {
            return None;
        }
        if bound == Some(Bound::About) && self.key(first) == "some" && v.needs_noun {
            return None;
        }
        if v.year_like && !self.year_is_amount(&v, bound) {
            return None;
        }
        if v.digits && bound.is_none() && self.not_an_amount_before(v.first) {
            return None;
        }
        if (v.digits || !(v.vague || v.ordinal || v.fraction)) && self.not_an_amount_after(&v) {
            return None;
        }
        if v.digits && (self.split_clock(&v) || self.broken_group(&v) || self.record(&v)) {
            return None;
        }
        // Post-modifiers: "40 or more", "40 or so".
        let mut bound = bound.or(v.bound);
        let mut next = v.next;
        let mut end = v.end;
        if bound.is_none() && self.key(next) == "or" && self.joined(next) && self.joined(next + 1) {
            let b = match self.key(next + 1) {
                "more" => Some(Bound::AtLeast),
                "so" => Some(Bound::About),
                "fewer" | "less" => Some(Bound::AtMost),
                _ => None,
            };
            if let (Some(b), Some(w)) = (b, self.word(next + 1)) {
                bound = Some(b);
                end = w.end;
                next += 2;
            }
        }
        // The counted noun.
        if v.unit.is_none()
            && !v.fraction
            && let Some((unit, uend, unext)) = self.noun_after(&v, next)
        {
            if v.year_like && self.word(unext - 1).is_some_and(|w| w.has(TIME_UNIT)) {
                return None;
            }
            v.unit = Some(unit);
            end = uend;
            next = unext;
        }
        if v.unit.is_none() && (v.needs_noun || v.needs_of) {
            return None;
        }
        // "the second day", "the 11th hour": ranks of time are time expressions.
        if v.ordinal
            && next > 0
            && self
                .word(next - 1)
                .is_some_and(|w| w.has(TIME_UNIT) && v.unit.is_some())
        {
            return None;
        }
        if self.is_age(&v, next) {
            return None;
        }
        // Digits before a capitalised word that counts nothing name something: "8 Block",
        // "1010 WINS", "15 Most Wanted".
        if v.digits
            && v.unit.is_none()
            && self.joined(next)
            && self
                .word(next)
                .is_some_and(|n| n.cap && n.kind_is_alpha() && !self.is_stop(n) && !n.has(MONTH))
        {
            return None;
        }
        // A bound starts the span; otherwise the value does, so that the article of an ordinal
        // ("a third diplomatic source") stays outside.
        let mut start = self.word(if bound_at_start { first } else { v.first })?.start;
        // Earthquakes: "magnitude 6.4" and "a 6.4 magnitude quake" measure in magnitude.
        if v.digits && v.unit.is_none() {
            let before = v
                .first
                .checked_sub(1)
                .filter(|_| !bound_at_start && self.joined(v.first));
            if let Some(m) = before.and_then(|k| self.word(k)).filter(|m| m.key() == "magnitude") {
                v.unit = Some(Unit::Noun(m.span()));
                start = m.start;
            } else if let Some(m) = self.word(next).filter(|m| m.key() == "magnitude" && self.joined(next)) {
                v.unit = Some(Unit::Noun(m.span()));
                end = m.end;
                next += 1;
            }
        }
        let (mut min, mut max) = (Some(v.min), Some(v.max));
        match bound {
            Some(Bound::MoreThan | Bound::AtLeast) => max = None,
            Some(Bound::LessThan | Bound::AtMost | Bound::UpTo) => min = None,
            _ => {}
        }
        let q = Quantity {
            span: Span::new(start, end.max(start)),
            min,
            max,
            unit: v.unit,
            approximate: v.approximate || matches!(bound, Some(Bound::About | Bound::Nearly)),
            bound,
            ordinal: v.ordinal,
            vague: v.vague,
            fraction: v.fraction,
        };
        Some((q, next))
    }

    /// A value, possibly a range ("10 to 15", "between 10 and 15", "two or three").
    fn value_range_at(&self, i: usize, bounded: bool) -> Option<Val> {
        let between = matches!(self.key(i), "between" | "from") && !bounded;
        let vi = if between { i + 1 } else { i };
        if between && !self.joined(vi) {
            return None;
        }
        let mut v = self.value_at(vi)?;
        if between {
            v.first = i;
        }
        if v.vague || v.ordinal || v.fraction || v.min != v.max {
            return (!between).then_some(v);
        }
        let conj = self.key(v.next);
        let dash = self
            .word(v.next)
            .is_some_and(|w| matches!(self.text.get(w.start..w.end), Some("-" | "–")));
        let ok_conj = match conj {
            // "rose from 4,000 to 6,500" and "rose 0.3 points to 2.1" are changes, not ranges.
            "to" => !self.change_verb_before(i),
            "and" => between && self.key(i) == "between",
            "or" => !v.digits,
            _ => dash,
        };
        if !(ok_conj && self.joined(v.next) && self.joined(v.next + 1)) {
            return (!between).then_some(v);
        }
        let Some(mut hi) = self.value_at(v.next + 1) else {
            return (!between).then_some(v);
        };
        if hi.vague || hi.ordinal || hi.fraction || hi.min != hi.max || (dash && hi.digits != v.digits) {
            return (!between).then_some(v);
        }
        // "1.5 to 2 million", "$5 to $7 billion": a scale or currency on the second value
        // applies to the first when the first alone would be smaller.
        let mut lo = v.min;
        if v.scale == 1.0 && hi.scale > 1.0 && lo * hi.scale <= hi.max {
            lo *= hi.scale;
        }
        // Units must agree: "0.3 percentage points to 2.1 percent" is two values.
        let unit_of = |x: &Val| x.unit.or(x.currency.map(Unit::Currency));
        if unit_of(&v).is_some() && unit_of(&v) != unit_of(&hi) {
            return (!between).then_some(v);
        }
        if lo >= hi.max {
            return (!between).then_some(v);
        }
        if hi.year_like && v.year_like {
            return None;
        }
        hi.year_like = false;
        v.min = lo;
        v.max = hi.max;
        v.year_like = false;
        v.next = hi.next;
        v.end = hi.end;
        v.currency = v.currency.or(hi.currency);
        v.unit = hi.unit.or(v.unit);
        v.needs_noun = false;
        v.singular = false;
        Some(v)
    }

    /// "rose 3%", "rose from 4,000": a change verb before the value, "from" between them.
    fn change_verb_before(&self, i: usize) -> bool {
        let at = |k: usize| k < i && self.word(i - k).is_some_and(|w| w.has(CHANGE_VERB));
        at(1) || (i > 1 && self.key(i - 1) == "from" && at(2))
    }

    /// One value: digits with their scale and currency, or number words.
    fn value_at(&self, i: usize) -> Option<Val> {
        let w = self.word(i)?;
        match w.kind {
            Kind::Num(_) => self.digits_value(i, self.num(w)?),
            Kind::NumWord(_) => self.word_value(i, self.numword(w)),
            Kind::Alpha => self.word_value(i, None),
            Kind::Other => None,
        }
    }

    fn base_val(&self, i: usize, min: f64, max: f64, next: usize, end: usize) -> Val {
        Val {
            first: i,
            next,
            min,
            max,
            end,
            currency: None,
            unit: None,
            approximate: false,
            bound: None,
            ordinal: false,
            vague: false,
            fraction: false,
            year_like: false,
            needs_noun: false,
            singular: false,
            needs_of: false,
            digits: false,
            scale: 1.0,
        }
    }

    fn digits_value(&self, i: usize, atom: NumAtom) -> Option<Val> {
        let w = self.word(i)?;
        let mut v = self.base_val(i, atom.value, atom.high.unwrap_or(atom.value), i + 1, w.end);
        v.digits = true;
        v.currency = atom.currency;
        v.scale = atom.scale;
        match atom.suffix {
            Suffix::Skip => return None,
            Suffix::Percent => v.unit = Some(Unit::Percent),
            Suffix::Measure(span) => v.unit = Some(Unit::Noun(span)),
            Suffix::Ordinal => {
                if atom.high.is_some() {
                    return None;
                }
                v.ordinal = true;
                v.singular = true;
                if self.ordinal_is_date(i) {
                    return None;
                }
            }
            Suffix::Plus => v.bound = Some(Bound::AtLeast),
            Suffix::AmbiguousM => {
                let noun_follows =
                    self.joined(i + 1) && self.word(i + 1).is_some_and(|n| n.kind_is_alpha() && !n.has(STOP));
                if noun_follows {
                    v.min *= 1e6;
                    v.max *= 1e6;
                    v.scale = 1e6;
                } else {
                    v.unit = Some(Unit::Noun(Span::new(w.end - 1, w.end)));
                }
            }
            Suffix::Compound(span, info) => {
                let key = info.map_or("", |x| x.key);
                let compound_text = self.text.get(span.start..span.end).unwrap_or("");
                if let Some(scale) = info.and_then(|x| x.scale) {
                    if compound_text.contains('-') {
                        return None;
                    }
                    v.min *= scale;
                    v.max *= scale;
                    v.scale = scale;
                } else if atom.currency.is_some() && atom.high.is_none() {
                    // "$80,000-a-year": the money is the amount, the rest a rate.
                } else if info.is_some_and(|x| x.flags & (TIME_UNIT | NOT_COMPOUND_UNIT) != 0)
                    || compound_text.contains("old")
                    || key == "percent"
                    || atom.high.is_some()
                {
                    return None;
                } else {
                    v.unit = Some(Unit::Noun(span));
                }
            }
            Suffix::Scale | Suffix::None => {}
        }
        if matches!(atom.suffix, Suffix::None)
            && atom.plain
            && atom.digits == 4
            && (1800.0..=2100.0).contains(&atom.value)
            && atom.high.is_none()
        {
            v.year_like = true;
        }
        if atom.plain
            && atom.suffix_is_none()
            && atom.high.is_none()
            && let Some(r) = self.ratio(i, atom.value)
        {
            return Some(r);
        }
        // A scale word after the digits: "1.2 million".
        if matches!(atom.suffix, Suffix::None | Suffix::Plus)
            && self.joined(i + 1)
            && let Some(scale) = self.word(i + 1).and_then(|n| n.info).and_then(|n| n.scale)
        {
            let n = self.word(i + 1)?;
            v.min *= scale;
            v.max *= scale;
            v.scale = scale;
            v.next = i + 2;
            v.end = n.end;
            v.year_like = false;
            // "5 million-strong" is left to the compound reader; a plain scale word only.
            if let Some(next_scale) = self
                .word(i + 2)
                .filter(|_| self.joined(i + 2))
                .and_then(|n| n.info)
                .and_then(|n| n.scale)
                .filter(|s| *s > scale)
            {
                v.min *= next_scale;
                v.max *= next_scale;
                v.scale *= next_scale;
                v.next = i + 3;
                v.end = self.word(i + 2)?.end;
            }
        }
        self.money_and_percent_words(&mut v);
        Some(v)
    }

    /// "percent", "per cent", "percentage points", "dollars", "euros" after a value.
    fn money_and_percent_words(&self, v: &mut Val) {
        if v.unit.is_some() || !self.joined(v.next) {
            if let Some(c) = v.currency
                && v.unit.is_none()
            {
                v.unit = Some(Unit::Currency(c));
            }
            return;
        }
        let k = self.key(v.next);
        let mut took = 0;
        if k == "percent" || k == "pct" {
            v.unit = Some(Unit::Percent);
            took = 1;
        } else if k == "per" && self.key(v.next + 1) == "cent" && self.joined(v.next + 1) {
            v.unit = Some(Unit::Percent);
            took = 2;
        } else if k == "percentage" && self.joined(v.next + 1) {
            let p = self
                .word(v.next + 1)
                .and_then(|w| self.text.get(w.start..w.end))
                .unwrap_or("");
            if p.eq_ignore_ascii_case("points") || p.eq_ignore_ascii_case("point") {
                v.unit = Some(Unit::PercentagePoints);
                took = 2;
            }
        } else if let Some(code) = self.word(v.next).and_then(|w| w.info).and_then(|i| i.currency)
            && v.currency.is_none()
        {
            v.currency = Some(code);
            took = 1;
        }
        if took > 0 {
            if let Some(last) = self.word(v.next + took - 1) {
                v.end = last.end;
            }
            v.next += took;
            v.year_like = false;
        }
        if v.unit.is_none()
            && let Some(c) = v.currency
        {
            v.unit = Some(Unit::Currency(c));
            v.year_like = false;
        }
    }

    /// Values made of words: "twenty-five", "one hundred and five", "a dozen", "two million",
    /// "dozens of", "a few", "several", "half", "a third", "third".
    fn word_value(&self, i: usize, atom: Option<NumWordAtom>) -> Option<Val> {
        let w = self.word(i)?;
        let key = w.key();
        // Articles that are part of the number: "a dozen", "a few", "a third of", "a million".
        if matches!(key, "a" | "an") && self.joined(i + 1) {
            let n = self.word(i + 1)?;
            let nk = n.key();
            match nk {
                "few" | "couple" | "handful" => return self.vague_small(i, i + 1),
                _ => {}
            }
            if let Some(info) = n.info {
                if info.scale.is_some() {
                    let mut v = self.cardinal_sequence(i + 1, 1.0, true)?;
                    v.first = i;
                    self.money_and_percent_words(&mut v);
                    return Some(v);
                }
                if let Some(d) = info.denominator {
                    return self.fraction_or_ordinal(i, i + 1, 1, d, info.ordinal);
                }
            }
            return None;
        }
        if key == "several" {
            return self.vague_small(i, i);
        }
        if key == "tens" && self.key(i + 1) == "of" && self.joined(i + 2) {
            let vs = self.word(i + 2)?.info?.vague_scale?;
            if vs < 1e3 {
                return None;
            }
            let mut v = self.vague_scale(i + 2, vs * 10.0)?;
            v.first = i;
            return Some(v);
        }
        if let Some(vs) = w.info.and_then(|x| x.vague_scale) {
            return self.vague_scale(i, vs);
        }
        if key == "half" {
            return self.half(i);
        }
        if let Some(o) = w.info.and_then(|x| x.ordinal) {
            return self.word_ordinal(i, o);
        }
        let atom = atom?;
        if atom.ordinal {
            return self.word_ordinal(i, atom.value as u32);
        }
        if let Some(d) = atom.denominator {
            let mut v = self.base_val(i, 0.0, 0.0, i + 1, w.end);
            let pct = atom.value / f64::from(d) * 100.0;
            v.min = pct;
            v.max = pct;
            v.fraction = true;
            v.unit = Some(Unit::Percent);
            return Some(v);
        }
        if let Some((span, info)) = atom.compound {
            if info.is_some_and(|x| x.flags & (TIME_UNIT | NOT_COMPOUND_UNIT) != 0)
                || self.text.get(span.start..span.end).is_some_and(|t| t.contains("old"))
            {
                return None;
            }
            let mut v = self.base_val(i, atom.value, atom.value, i + 1, w.end);
            if let Some(scale) = info.and_then(|x| x.scale) {
                v.min *= scale;
                v.max *= scale;
            } else {
                v.unit = Some(Unit::Noun(span));
            }
            return Some(v);
        }
        // Plural fractions written as two words: "two thirds", "three quarters".
        if self.joined(i + 1)
            && let Some(n) = self.word(i + 1).and_then(|n| n.info)
        {
            let plural = self
                .word(i + 1)
                .and_then(|n| self.text.get(n.start..n.end))
                .is_some_and(|t| t.ends_with('s'));
            if let (Some(d), true) = (n.denominator, plural && atom.value > 1.0) {
                let pct = atom.value / f64::from(d) * 100.0;
                let mut v = self.base_val(i, pct, pct, i + 2, self.word(i + 1)?.end);
                v.fraction = true;
                v.unit = Some(Unit::Percent);
                return Some(v);
            }
        }
        if self.spoken_year(i) {
            return None;
        }
        // A capitalised number word inside a sentence is part of a name: "Six Nations",
        // "Page Six".
        if w.cap && self.joined(i) {
            return None;
        }
        // "one in five", "four out of 10": a ratio, given as a percentage.
        if let Some(v) = self.ratio(i, atom.value) {
            return Some(v);
        }
        let mut v = self.cardinal_sequence(i, atom.value, false)?;
        // "two and a half": a half added to a cardinal.
        if self.key(v.next) == "and"
            && self.key(v.next + 1) == "a"
            && self.key(v.next + 2) == "half"
            && (1..=3).all(|k| self.joined(v.next + k))
        {
            v.min += 0.5;
            v.max += 0.5;
            v.end = self.word(v.next + 2)?.end;
            v.next += 3;
            v.singular = false;
            v.needs_noun = false;
            if let Some(s) = self.word(v.next).filter(|_| self.joined(v.next))
                && let Some(scale) = s.info.and_then(|x| x.scale)
            {
                v.min *= scale;
                v.max *= scale;
                v.end = s.end;
                v.next += 1;
            }
        }
        self.money_and_percent_words(&mut v);
        Some(v)
    }

    /// Number words from `i` on: "two", "twenty five", "one hundred and five", "two million".
    /// `first_value` is the value of word `i` (1 for the article in "a million").
    fn cardinal_sequence(&self, i: usize, first_value: f64, article: bool) -> Option<Val> {
        let w = self.word(i)?;
        let mut total = 0.0f64;
        let mut cur = 0.0f64;
        let mut last_small: Option<f64> = None;
        let mut j = i;
        let mut end = w.end;
        let mut words = 0;
        let mut max_scale = 1.0f64;
        if article {
            cur = 1.0;
        }
        // Bounded: a number written in words has at most a dozen words.
        while j < self.w.len() && words < 12 {
            let wj = &self.w[j];
            if j > i && !self.joined(j) {
                break;
            }
            let small = match self.numword(wj) {
                Some(a) if a.compound.is_none() && a.denominator.is_none() => {
                    Some(if j == i { first_value } else { a.value })
                }
                _ => None,
            };
            if let Some(s) = small {
                if let Some(prev) = last_small {
                    // "twenty five" joins; "two three" does not.
                    if !(prev >= 20.0 && prev % 10.0 == 0.0 && s < 10.0) {
                        break;
                    }
                } else if cur % 100.0 != 0.0 {
                    break;
                }
                cur += s;
                last_small = Some(s);
            } else if let Some(scale) = wj.info.and_then(|x| x.scale) {
                if scale == 12.0 {
                    // "a dozen", "two dozen".
                    cur = cur.max(1.0) * 12.0;
                } else if scale == 100.0 {
                    if cur >= 100.0 {
                        break;
                    }
                    cur = cur.max(1.0) * 100.0;
                } else {
                    total += cur.max(1.0) * scale;
                    cur = 0.0;
                }
                max_scale = max_scale.max(scale);
                last_small = None;
            } else if wj.key() == "and"
                && cur >= 100.0
                && self
                    .word(j + 1)
                    .is_some_and(|n| self.numword(n).is_some_and(|a| a.compound.is_none()))
                && self.joined(j + 1)
            {
                j += 1;
                words += 1;
                continue;
            } else {
                break;
            }
            end = wj.end;
            j += 1;
            words += 1;
        }
        if j == i {
            return None;
        }
        let value = total + cur;
        let mut v = self.base_val(i, value, value, j, end);
        v.scale = max_scale;
        // "one" and "zero" alone are pronouns or idioms ("one of", "zero day") more often
        // than counts.
        let single_one = j == i + 1 && (value == 1.0 || value == 0.0);
        v.needs_noun = single_one;
        v.singular = single_one;
        Some(v)
    }

    /// "one in five divorcees", "four out of 10 children": `numerator` at word `i`.
    fn ratio(&self, i: usize, numerator: f64) -> Option<Val> {
        let (k, took) = match (self.key(i + 1), self.key(i + 2)) {
            ("in", _) => (i + 2, 1),
            ("out", "of") => (i + 3, 2),
            _ => return None,
        };
        if !(1..=took + 1).all(|d| self.joined(i + d)) {
            return None;
        }
        let d = self.word(k)?;
        let den = match (self.num(d), self.numword(d)) {
            (Some(a), _) if a.plain && a.suffix_is_none() => a.value,
            (_, Some(a)) if a.compound.is_none() && a.denominator.is_none() => a.value,
            _ => return None,
        };
        if den <= numerator || den == 0.0 {
            return None;
        }
        let pct = numerator / den * 100.0;
        let mut v = self.base_val(i, pct, pct, k + 1, d.end);
        v.fraction = true;
        v.unit = Some(Unit::Percent);
        Some(v)
    }

    /// "nineteen ninety-six", "twenty twenty": a year read aloud, in either of its words.
    fn spoken_year(&self, i: usize) -> bool {
        let value = |k: usize| {
            self.word(k)
                .and_then(|w| self.numword(w))
                .filter(|a| a.compound.is_none() && a.denominator.is_none())
                .map(|a| a.value)
        };
        let century = |v: f64| (10.0..=20.0).contains(&v);
        let decade = |v: f64| (10.0..100.0).contains(&v);
        let starts = value(i).is_some_and(century) && self.joined(i + 1) && value(i + 1).is_some_and(decade);
        let ends = i > 0 && self.joined(i) && value(i - 1).is_some_and(century) && value(i).is_some_and(decade);
        starts || ends
    }

    /// "a few", "a couple of", "a handful of", "several".
    fn vague_small(&self, first: usize, key_at: usize) -> Option<Val> {
        let w = self.word(key_at)?;
        let (lo, hi, needs_of) = match w.key() {
            "few" => (2.0, 9.0, false),
            "couple" => (2.0, 3.0, true),
            "handful" => (2.0, 9.0, true),
            _ => (3.0, 9.0, false),
        };
        let mut v = self.base_val(first, lo, hi, key_at + 1, w.end);
        v.vague = true;
        v.approximate = true;
        v.needs_noun = !needs_of;
        v.needs_of = needs_of;
        // "several thousand", "a few hundred", "a couple of million": the band times the
        // scale, up to the next whole step ("several thousand" is 3,000–9,999).
        let mut s = key_at + 1;
        if needs_of && self.key(s) == "of" && self.joined(s) {
            s += 1;
        }
        if let Some(scale) = self
            .word(s)
            .filter(|_| self.joined(s))
            .and_then(|n| n.info?.scale)
            .filter(|&x| x >= 100.0)
        {
            v.min = lo * scale;
            v.max = (hi + 1.0) * scale - 1.0;
            v.next = s + 1;
            v.end = self.word(s)?.end;
            v.scale = scale;
            v.needs_of = false;
            v.needs_noun = false;
            self.money_and_percent_words(&mut v);
        }
        Some(v)
    }

    /// "dozens of", "hundreds of", "hundreds of thousands of".
    fn vague_scale(&self, i: usize, floor: f64) -> Option<Val> {
        let w = self.word(i)?;
        let mut lo = 2.0 * floor;
        let mut hi = if floor == 12.0 {
            143.0
        } else if floor == 20.0 {
            199.0
        } else {
            10.0 * floor - 1.0
        };
        let mut next = i + 1;
        let mut end = w.end;
        // "hundreds of thousands of", "hundreds of millions of".
        if self.key(next) == "of"
            && self.joined(next)
            && self.joined(next + 1)
            && let Some(vs2) = self.word(next + 1).and_then(|n| n.info?.vague_scale)
            && vs2 >= 1e3
            && vs2 > floor
        {
            lo = 2.0 * floor * vs2;
            hi = 10.0 * floor * vs2 - 1.0;
            end = self.word(next + 1)?.end;
            next += 2;
        }
        let mut v = self.base_val(i, lo, hi, next, end);
        v.vague = true;
        v.approximate = true;
        v.needs_of = true;
        Some(v)
    }

    /// "half of", "half the", "half a million".
    fn half(&self, i: usize) -> Option<Val> {
        let w = self.word(i)?;
        let next = self.key(i + 1);
        let after_ordinal = i > 0
            && self.word(i - 1).is_some_and(|p| {
                p.info.is_some_and(|x| x.ordinal.is_some())
                    || matches!(p.key(), "last" | "latter" | "past" | "next")
                    || self.num(p).is_some_and(|a| matches!(a.suffix, Suffix::Ordinal))
            });
        if i > 0 && self.joined(i) && (matches!(self.key(i - 1), "a" | "and") || after_ordinal) {
            return None;
        }
        if !self.joined(i + 1) {
            return None;
        }
        if matches!(next, "a" | "an") {
            let s = self.word(i + 2).filter(|_| self.joined(i + 2))?;
            if let Some(scale) = s.info.and_then(|x| x.scale) {
                let mut v = self.base_val(i, 0.5 * scale, 0.5 * scale, i + 3, s.end);
                v.scale = scale;
                self.money_and_percent_words(&mut v);
                return Some(v);
            }
            // "half a percentage point", "half a mile", "half an hour".
            let mut v = self.base_val(i, 0.5, 0.5, i + 2, self.word(i + 1)?.end);
            self.money_and_percent_words(&mut v);
            if v.unit.is_none() {
                v.singular = true;
                v.needs_noun = true;
            }
            return Some(v);
        }
        if self
            .word(i + 1)
            .is_some_and(|n| n.has(DET) || n.key() == "of" || n.possessive)
        {
            let mut v = self.base_val(i, 50.0, 50.0, i + 1, w.end);
            v.fraction = true;
            v.unit = Some(Unit::Percent);
            return Some(v);
        }
        None
    }

    /// "a third" (fraction) or "a third diplomatic source" (ordinal).
    fn fraction_or_ordinal(
        &self,
        first: usize,
        i: usize,
        numerator: u32,
        denominator: u32,
        ordinal: Option<u32>,
    ) -> Option<Val> {
        let w = self.word(i)?;
        let next_is_content = self.joined(i + 1) && self.word(i + 1).is_some_and(|n| n.kind_is_alpha() && !n.has(STOP));
        if next_is_content {
            if w.key() == "half" || w.key() == "quarter" {
                return None;
            }
            let o = ordinal?;
            return self.word_ordinal(i, o);
        }
        if w.key() == "half" {
            return None;
        }
        let pct = f64::from(numerator) / f64::from(denominator) * 100.0;
        let mut v = self.base_val(first, pct, pct, i + 1, w.end);
        v.fraction = true;
        v.unit = Some(Unit::Percent);
        Some(v)
    }

    /// "the third", "its second", "a third diplomatic source"; not the adverb "first".
    fn word_ordinal(&self, i: usize, rank: u32) -> Option<Val> {
        let w = self.word(i)?;
        // "the Second World War", "Fifth Avenue": a name.
        let cap_next = self.joined(i + 1) && self.word(i + 1).is_some_and(|n| n.cap);
        if w.cap && (cap_next || (self.joined(i) && self.word(i - 1).is_some_and(|p| !p.cap))) {
            return None;
        }
        let prev = if i > 0 && self.joined(i) {
            self.word(i - 1)
        } else {
            None
        };
        if !prev.is_some_and(|p| p.has(DET) || p.possessive) {
            return None;
        }
        if self.ordinal_is_date(i) {
            return None;
        }
        let mut v = self.base_val(i, f64::from(rank), f64::from(rank), i + 1, w.end);
        v.ordinal = true;
        v.singular = true;
        // "wait a second": after an article the rank needs its noun.
        v.needs_noun = prev.is_some_and(|p| matches!(p.key(), "a" | "an"));
        Some(v)
    }

    /// "May 3rd", "the 3rd of May", "on the 3rd", "the 21st century", "the first half"; and
    /// "the first six games", where the rank belongs to a count.
    fn ordinal_is_date(&self, i: usize) -> bool {
        if self.joined(i + 1)
            && self
                .word(i + 1)
                .is_some_and(|n| matches!(n.kind, Kind::Num(_) | Kind::NumWord(_)))
        {
            return true;
        }
        let prev_month = i > 0 && self.word(i - 1).is_some_and(|p| p.has(MONTH) && p.cap);
        let next_month = self.joined(i + 1)
            && (self.word(i + 1).is_some_and(|n| n.has(MONTH) && n.cap)
                || (self.key(i + 1) == "of" && self.word(i + 2).is_some_and(|n| n.has(MONTH) && n.cap)));
        let period = self.joined(i + 1) && self.word(i + 1).is_some_and(|n| n.has(PERIOD_NOUN) || n.has(WEEKDAY));
        let on_the = i >= 2
            && self.key(i - 1) == "the"
            && self.key(i - 2) == "on"
            && matches!(self.word(i).map(|w| w.kind), Some(Kind::Num(_)))
            && !self.joined(i + 1);
        prev_month || next_month || period || on_the
    }

    /// Whether a bare 4-digit integer such as "2018" is an amount rather than a year.
    fn year_is_amount(&self, v: &Val, bound: Option<Bound>) -> bool {
        if bound.is_some() || v.currency.is_some() || v.unit.is_some() {
            return true;
        }
        let prev_year_word = v.first > 0
            && self.joined(v.first)
            && self
                .word(v.first - 1)
                .is_some_and(|p| p.has(YEAR_PREP) || p.has(MONTH) || p.possessive);
        if prev_year_word {
            return false;
        }
        // Otherwise an amount only when a plural noun follows ("2000 troops"); the caller
        // rejects time units ("2018 years" is rare, "2018 season" is a year).
        self.joined(v.next)
            && self
                .word(v.next)
                .is_some_and(|n| self.is_plural(n) && !n.has(TIME_UNIT))
    }

    /// Labels, names and dates before digits: "No. 2", "Flight 370", "Jan. 3", "aged 45".
    fn not_an_amount_before(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let Some(p) = self.word(i - 1) else {
            return false;
        };
        let joined = self.joined(i);
        // "Jan. 3", "May. 3", "MAY 3": an abbreviating full stop still joins.
        let abbreviated = self.text.as_bytes().get(p.end) == Some(&b'.');
        if p.has(MONTH) && p.cap && (joined || p.trail == Trail::None || abbreviated) {
            return true;
        }
        // "April 9 - 11": the end of a range of days.
        if matches!(p.kind, Kind::Other)
            && i >= 3
            && matches!(self.word(i - 2).map(|w| w.kind), Some(Kind::Num(_)))
            && self.word(i - 3).is_some_and(|m| m.has(MONTH) && m.cap)
        {
            return true;
        }
        if !joined {
            // "Smith, 45," — an age after a name.
            return p.trail == Trail::Comma
                && !p.has(STOP)
                && self.word(i).is_some_and(|w| {
                    w.trail != Trail::None && self.num(w).is_some_and(|a| a.plain && a.value < 130.0)
                });
        }
        if p.has(LABEL) || p.has(AGE) {
            return true;
        }
        if p.key() == "magnitude" {
            // "magnitude 6.4": the judge takes the label in as the unit.
            return false;
        }
        // A capitalised word that is not a function word names the number: "Boeing 737",
        // "Route 66", "DC 20500". Weekdays and modifiers are in the lexicon as other roles.
        p.cap
            && p.info
                .is_none_or(|x| x.flags & (STOP | MODIFIER | DET) == 0 && x.cardinal.is_none())
            && !matches!(p.kind, Kind::Num(_))
    }

    /// Times and dates after digits: "5 p.m.", "0800 GMT", "3 January", "45 years old".
    fn not_an_amount_after(&self, v: &Val) -> bool {
        if !self.joined(v.next) {
            return false;
        }
        let Some(n) = self.word(v.next) else {
            return false;
        };
        if n.has(CLOCK) && (n.cap || n.key().contains('.') || !n.key().is_empty()) {
            // "am" is also a verb ("I am"), but after digits it is a clock time.
            return true;
        }
        if n.has(MONTH) && n.cap && v.unit.is_none() {
            return true;
        }
        // "9 a. m.": a clock time spelled with spaces.
        let raw = self.text.get(n.start..n.end).unwrap_or("");
        let dotted = raw.ends_with('.') || self.text.as_bytes().get(n.end) == Some(&b'.');
        let letter = raw.trim_end_matches('.');
        if dotted
            && matches!(letter, "a" | "p" | "A" | "P")
            && self
                .word(v.next + 1)
                .and_then(|m| self.text.get(m.start..m.end))
                .is_some_and(|m| m.starts_with(['m', 'M']))
        {
            return true;
        }
        // Street numbers: "1600 Pennsylvania Avenue", "10 Downing Street".
        if n.cap && v.unit.is_none() {
            for k in v.next..v.next + 3 {
                let Some(w) = self.word(k).filter(|w| w.cap && (k == v.next || self.joined(k))) else {
                    break;
                };
                if w.has(STREET) {
                    return true;
                }
            }
        }
        false
    }

    /// "5: 03pm": a clock time broken by a space after the colon.
    fn split_clock(&self, v: &Val) -> bool {
        let Some(last) = v.next.checked_sub(1).and_then(|k| self.word(k)) else {
            return false;
        };
        self.text.as_bytes().get(last.end) == Some(&b':')
            && self.word(v.next).is_some_and(|n| matches!(n.kind, Kind::Num(_)))
    }

    /// "2, 000ft": thousands broken by a space; the pieces are not amounts.
    fn broken_group(&self, v: &Val) -> bool {
        let Some(last) = v.next.checked_sub(1).and_then(|k| self.word(k)) else {
            return false;
        };
        self.text.as_bytes().get(last.end) == Some(&b',')
            && self.word(v.next).is_some_and(|n| {
                let t = self.text.get(n.start..n.end).unwrap_or("");
                t.len() >= 3
                    && t.as_bytes()[..3].iter().all(u8::is_ascii_digit)
                    && !t.as_bytes().get(3).is_some_and(u8::is_ascii_digit)
            })
    }

    /// "(7-9)", "(11-5)": a win-loss record in brackets, not a range; and "911".
    fn record(&self, v: &Val) -> bool {
        let Some(w) = self.word(v.first) else {
            return false;
        };
        let b = self.text.as_bytes();
        let bracketed = v.first + 1 == v.next
            && w.start > 0
            && b.get(w.start - 1) == Some(&b'(')
            && b.get(w.end) == Some(&b')')
            && v.min != v.max;
        bracketed || self.text.get(w.start..w.end) == Some("911")
    }

    /// "45 years old", "45 years of age": an age is a property of a person, not an amount.
    fn is_age(&self, v: &Val, next: usize) -> bool {
        let Some(Unit::Noun(span)) = v.unit else {
            return false;
        };
        let noun = self.text.get(span.start..span.end).unwrap_or("");
        if !(noun.eq_ignore_ascii_case("years") || noun.eq_ignore_ascii_case("year")) {
            return false;
        }
        let old = self.key(next) == "old" && self.joined(next);
        let of_age = self.key(next) == "of"
            && self.joined(next + 1)
            && self.text.get(self.word(next + 1).map_or(0..0, |w| w.start..w.end)) == Some("age");
        old || of_age
    }

    /// A function word; "US" and "IT" in capitals are names, not the pronoun.
    fn is_stop(&self, w: &Word) -> bool {
        w.has(STOP)
            && !self
                .text
                .get(w.start..w.end)
                .is_some_and(|t| t.len() > 1 && t.bytes().all(|b| b.is_ascii_uppercase()))
    }

    /// Whether a word looks like a plural noun.
    fn is_plural(&self, w: &Word) -> bool {
        let t = self.text.get(w.start..w.end).unwrap_or("");
        // "30 days' worth" counts days; "Iran's" is a name.
        if !w.kind_is_alpha() || (w.possessive && (t.ends_with("'s") || t.ends_with("’s"))) {
            return false;
        }
        if w.has(IRREGULAR_PLURAL) {
            return true;
        }
        if w.has(NOT_PLURAL) || self.is_stop(w) {
            return false;
        }
        let lower_end = |suffix: &str| {
            t.len() >= suffix.len()
                && t.get(t.len() - suffix.len()..)
                    .is_some_and(|e| e.eq_ignore_ascii_case(suffix))
        };
        // "grandchildren", "gunmen", "townspeople"; not "specimen" or "omen".
        if lower_end("children")
            || lower_end("people")
            || (lower_end("men") && t.len() >= 5 && !lower_end("imen") && !lower_end("domen"))
        {
            return true;
        }
        let b = t.as_bytes();
        b.len() >= 3
            && b.ends_with(b"s")
            && !b.ends_with(b"ss")
            && !b.ends_with(b"us")
            && !b.ends_with(b"is")
            && !b.ends_with(b"'s")
            && t.chars().any(char::is_lowercase)
            && !t.contains('.')
    }

    /// The counted noun after a value: "14 people", "two US officials", "one U.S. official",
    /// "one of the officials", "hundreds of protesters", "third diplomatic source".
    /// Returns the unit, the end of the span, and the next word.
    fn noun_after(&self, v: &Val, next: usize) -> Option<(Unit, usize, usize)> {
        if !self.joined(next) {
            return None;
        }
        let n = self.word(next)?;
        if n.key() == "of" {
            if v.ordinal || v.fraction || !self.joined(next + 1) {
                return None;
            }
            let d = self.word(next + 1)?;
            // Vague amounts take their noun straight after "of"; exact ones need a
            // determiner or a possessive: "one of the officials", "two of Iran's scientists".
            let after = if d.has(DET) || d.possessive {
                next + 2
            } else if v.vague {
                if let Some(code) = d.info.and_then(|x| x.currency) {
                    return Some((Unit::Currency(code), d.end, next + 2));
                }
                next + 1
            } else {
                return None;
            };
            if after == next + 2 && !self.joined(after) {
                return None;
            }
            return self.noun_phrase(after, false);
        }
        if v.needs_of {
            return None;
        }
        self.noun_phrase(next, v.singular)
    }

    /// Scans up to four words for the head noun of a noun phrase.
    fn noun_phrase(&self, from: usize, singular: bool) -> Option<(Unit, usize, usize)> {
        let mut last: Option<usize> = None;
        for j in from..from + 4 {
            if j > from && !self.joined(j) {
                break;
            }
            let w = self.word(j)?;
            if j == from
                && !singular
                && w.trail == Trail::None
                && matches!(w.key(), "more" | "other" | "fewer" | "additional" | "further")
            {
                // "20 more people", "two other men".
                continue;
            }
            if w.has(MEASURE_WORD) && w.kind_is_alpha() {
                // "sq km", "sq ft": the square unit is the head.
                let h = if w.key() == "sq"
                    && w.trail == Trail::None
                    && self.joined(j + 1)
                    && self.word(j + 1).is_some_and(|n| n.kind_is_alpha())
                {
                    j + 1
                } else {
                    j
                };
                let head = self.word(h)?;
                return Some((Unit::Noun(Span::new(w.start, head.end)), head.end, h + 1));
            }
            if !w.kind_is_alpha()
                || self.is_stop(w)
                || w.has(MONTH) && w.cap
                || w.info.is_some_and(|x| x.currency.is_some())
            {
                break;
            }
            let t = self.text.get(w.start..w.end).unwrap_or("");
            if t.ends_with("ly") && !w.cap {
                break;
            }
            if singular {
                let verb_s = t.ends_with('s') && !t.ends_with("ss") && !t.ends_with("us");
                let verbish = t.ends_with("ed") || t.ends_with("ing") || (verb_s && !w.cap);
                // A capitalised word after a lowercase noun starts a new phrase: "one senior
                // official Monday", "one place Lindsay".
                let new_name = w.cap && last.and_then(|l| self.word(l)).is_some_and(|l| !l.cap);
                // A word followed straight by a determiner is a verb: "explosion hit the port".
                let before_det =
                    self.joined(j + 1) && w.trail == Trail::None && self.word(j + 1).is_some_and(|n| n.has(DET));
                if last.is_some() && (verbish || new_name || before_det) {
                    break;
                }
                last = Some(j);
                if w.trail != Trail::None || w.possessive {
                    break;
                }
            } else {
                if self.is_plural(w) {
                    // "200 police officers": a plural used as a modifier gives way to the
                    // plural after it.
                    let mut h = j;
                    if w.trail == Trail::None
                        && self.joined(j + 1)
                        && self.word(j + 1).is_some_and(|n| self.is_plural(n))
                    {
                        h = j + 1;
                    }
                    let head = self.word(h)?;
                    // "40 degrees Celsius".
                    let scale_word = self.word(h + 1).filter(|n| {
                        head.key() == "degrees"
                            && self.joined(h + 1)
                            && self
                                .text
                                .get(n.start..n.end)
                                .is_some_and(|t| matches!(t, "Celsius" | "Fahrenheit" | "C" | "F" | "centigrade"))
                    });
                    if let Some(sw) = scale_word {
                        return Some((Unit::Noun(Span::new(head.start, sw.end)), sw.end, h + 2));
                    }
                    return Some((Unit::Noun(head.span()), head.end, h + 1));
                }
                if w.trail != Trail::None || w.possessive && j > from {
                    break;
                }
            }
        }
        if singular {
            let j = last?;
            let w = self.word(j)?;
            if w.possessive {
                return None;
            }
            return Some((Unit::Noun(w.span()), w.end, j + 1));
        }
        None
    }
}

impl NumAtom {
    fn suffix_is_none(&self) -> bool {
        matches!(self.suffix, Suffix::None)
    }
}

impl Word {
    fn kind_is_alpha(&self) -> bool {
        matches!(self.kind, Kind::Alpha)
    }
}

//! Tokens and the word list the temporal grammar is written against.
//!
//! The tokenizer splits the body into words (letters), ASCII digit runs and single
//! punctuation characters, remembering for each token whether whitespace or a line
//! break preceded it, so that "mid-January", "Dec. 3-5" and "2020-12-03" can be told
//! apart from the same tokens spread over a sentence. Every word short enough to be
//! a time word is looked up once in a hash map; the grammar then only compares
//! small enum values.

use std::sync::LazyLock;

use crate::extract::lexicon::{
    MONTH_ABBREVIATIONS, MONTHS, ONES, ORDINALS, TENS, WEEKDAY_PLURALS, WEEKDAYS, WordMap, get_ascii_folded,
};

/// A unit of calendar time, as counted by durations and relative expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A second.
    Second,
    /// A minute.
    Minute,
    /// An hour.
    Hour,
    /// A day.
    Day,
    /// A week.
    Week,
    /// A weekend.
    Weekend,
    /// A month.
    Month,
    /// A quarter of a year.
    Quarter,
    /// A year.
    Year,
    /// Ten years.
    Decade,
    /// A hundred years.
    Century,
}

/// A part of the day ("morning", "night").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayPart {
    /// Morning.
    Morning,
    /// Afternoon.
    Afternoon,
    /// Evening.
    Evening,
    /// Night.
    Night,
}

impl DayPart {
    /// The TIMEX3 code of the part of day.
    pub fn code(self) -> &'static str {
        match self {
            DayPart::Morning => "MO",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
        }
    }
}

/// How a vague reference points in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    /// PAST_REF.
    Past,
    /// PRESENT_REF.
    Present,
    /// FUTURE_REF.
    Future,
}

/// The grammatical role a word can play in a temporal expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lex {
    /// A month name; `abbr` when written short ("Jan").
    Month(u8, bool),
    /// A weekday, 1 = Monday ... 7 = Sunday; `plural` for "Fridays".
    Weekday(u8, bool),
    /// A cardinal number word.
    NumWord(u32),
    /// A tens word that can take a hyphenated unit ("twenty-five").
    Tens(u32),
    /// An ordinal word ("first", "third").
    Ordinal(u32),
    /// An ordinal suffix after digits ("st", "nd", "rd", "th").
    OrdSuffix,
    /// A calendar unit; `plural` for "years".
    Unit(Unit, bool),
    /// A season, 0 = spring ... 3 = winter.
    Season(u8),
    /// A part of the day.
    DayPart(DayPart),
    /// "yesterday" (-1), "today" (0), "tomorrow" (1).
    DayWord(i8),
    /// "tonight".
    Tonight,
    /// An adverb that is a vague reference by itself ("now", "recently").
    RefAdverb(RefKind),
    /// "recent".
    Recent,
    /// "current".
    Current,
    /// "future".
    Future,
    /// "last".
    Last,
    /// "next".
    Next,
    /// "this".
    This,
    /// "that" (as in "later that year").
    That,
    /// "past".
    Past,
    /// "coming".
    Coming,
    /// "previous" or "preceding".
    Previous,
    /// "following".
    Following,
    /// "earlier".
    Earlier,
    /// "later".
    Later,
    /// "ago".
    Ago,
    /// "early".
    Early,
    /// "mid" or "middle".
    Mid,
    /// "late".
    Late,
    /// "end".
    End,
    /// "beginning" or "start".
    Beginning,
    /// "the".
    The,
    /// "a" or "an".
    A,
    /// "every" or "each".
    Every,
    /// "daily", "weekly", ... with the TIMEX3 period it stands for.
    SetAdverb(&'static str),
    /// "few", "several", "many", "some".
    Few,
    /// "couple".
    Couple,
    /// "of".
    Of,
    /// "fiscal".
    Fiscal,
    /// "half".
    Half,
    /// "anniversary".
    Anniversary,
    /// "noon" or "midday".
    Noon,
    /// "midnight".
    Midnight,
    /// "overnight".
    Overnight,
    /// "am" (also a verb, so it only counts after a number).
    Am,
    /// "pm".
    Pm,
    /// A time zone abbreviation ("EST", "GMT").
    Zone,
    /// A modifier that belongs to a duration's extent ("nearly", "about").
    Approx,
    /// "more", "less", "fewer".
    MoreLess,
    /// "than".
    Than,
    /// "up".
    Up,
    /// "to".
    To,
    /// "at".
    At,
    /// "least".
    Least,

    /// "ago"-like "from" in "from now".
    From,
    /// A preposition that introduces a year ("in", "since", "by").
    YearPrep,
    /// A word that makes the clause future ("will", "plans").
    FutureCue,
    /// A word that makes the clause past ("said", "was").
    PastCue,
    /// A holiday named by one word ("Christmas", "Thanksgiving").
    Holiday(HolidayRule),
    /// The first word of a holiday named "<word> Day" ("Labor Day").
    HolidayWord(HolidayRule),
    /// "new", as in "New Year's Day".
    New,
    /// "day" inside a holiday name ("Christmas Day") is a Unit; this marks "eve".
    Eve,
    /// "or", as in "or so" and "two or three".
    Or,
    /// "twice", "once": a rate before "a day".
    Times,
    /// "right", as in "right now".
    Right,
}

/// How a holiday falls in a given year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HolidayRule {
    /// On a fixed month and day.
    Fixed(u8, u8),
    /// On the `n`-th such weekday of the month (1 = Monday), or the last when `n` is -1.
    Nth {
        /// Month.
        month: u8,
        /// Weekday, 1 = Monday.
        weekday: u8,
        /// Which one; -1 for the last.
        n: i8,
    },
    /// US Election Day: the Tuesday after the first Monday of November.
    ElectionDay,
}

/// What kind of token this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// Letters.
    Word,
    /// ASCII digits.
    Num,
    /// Any other single non-space character.
    Punct,
}

/// One token of the body.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Word, number or punctuation.
    pub kind: TokKind,
    /// The role of the word, if it is a known word.
    pub lex: Option<Lex>,
    /// Value of a digit run of at most nine digits.
    pub num: Option<u32>,
    /// Whether whitespace came before this token.
    pub space_before: bool,
    /// Whether a line break came before this token.
    pub newline_before: bool,
    /// Whether a word starts with an uppercase letter.
    pub cap: bool,
    /// Whether a word is entirely uppercase (more than one letter).
    pub all_caps: bool,
    /// The punctuation character, for punctuation tokens.
    pub ch: char,
}

impl Tok {
    /// Number of digits of a digit run.
    pub fn digits(&self) -> usize {
        if self.kind == TokKind::Num {
            self.end - self.start
        } else {
            0
        }
    }
}

/// Words longer than this are never time words, so they are not looked up.
const MAX_WORD: usize = 14;

type U = Unit;
type Dp = DayPart;
type Rk = RefKind;

type Lexicon = WordMap<Lex>;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(build_lexicon);

fn build_lexicon() -> Lexicon {
    use Lex::*;
    let mut m = Lexicon::default();
    for (n, full) in (1..).zip(MONTHS) {
        m.insert(full, Month(n, false));
    }
    for (abbr, n) in MONTH_ABBREVIATIONS {
        m.insert(abbr, Month(n, true));
    }
    for ((n, day), plural) in (1..).zip(WEEKDAYS).zip(WEEKDAY_PLURALS) {
        m.insert(day, Weekday(n, false));
        m.insert(plural, Weekday(n, true));
    }
    for (n, w) in (0..).zip(ONES) {
        m.insert(w, NumWord(n));
    }
    for (w, v) in TENS {
        m.insert(w, Tens(v));
    }
    m.insert("hundred", NumWord(100));
    m.insert("dozen", NumWord(12));
    // Ranks up to the twelfth, as the grammar reads them: quarters, halves, anniversaries.
    for (w, n) in ORDINALS.into_iter().take_while(|&(_, n)| n <= 12) {
        m.insert(w, Ordinal(n));
    }
    for w in ["st", "nd", "rd", "th"] {
        m.insert(w, OrdSuffix);
    }
    for (w, u) in [
        ("second", U::Second),
        ("minute", U::Minute),
        ("hour", U::Hour),
        ("day", U::Day),
        ("week", U::Week),
        ("weekend", U::Weekend),
        ("month", U::Month),
        ("quarter", U::Quarter),
        ("year", U::Year),
        ("decade", U::Decade),
        ("century", U::Century),
    ] {
        // "second" stays an ordinal; the grammar reads it as a unit after a number.
        if w != "second" {
            m.insert(w, Unit(u, false));
        }
    }
    for (w, u) in [
        ("seconds", U::Second),
        ("minutes", U::Minute),
        ("hours", U::Hour),
        ("days", U::Day),
        ("weeks", U::Week),
        ("weekends", U::Weekend),
        ("months", U::Month),
        ("quarters", U::Quarter),
        ("years", U::Year),
        ("decades", U::Decade),
        ("centuries", U::Century),
        ("mins", U::Minute),
        ("hrs", U::Hour),
        ("yrs", U::Year),
    ] {
        m.insert(w, Unit(u, true));
    }
    for (w, s) in [("spring", 0), ("summer", 1), ("fall", 2), ("autumn", 2), ("winter", 3)] {
        m.insert(w, Season(s));
    }
    for (w, p) in [
        ("morning", Dp::Morning),
        ("afternoon", Dp::Afternoon),
        ("evening", Dp::Evening),
        ("night", Dp::Night),
    ] {
        m.insert(w, DayPart(p));
    }
    m.insert("yesterday", DayWord(-1));
    m.insert("today", DayWord(0));
    m.insert("tomorrow", DayWord(1));
    m.insert("tonight", Tonight);
    for (w, r) in [
        ("now", Rk::Present),
        ("currently", Rk::Present),
        ("nowadays", Rk::Present),
        ("presently", Rk::Present),
        ("recently", Rk::Past),
        ("lately", Rk::Past),
    ] {
        m.insert(w, RefAdverb(r));
    }
    m.insert("recent", Recent);
    m.insert("current", Current);
    m.insert("future", Future);
    m.insert("last", Last);
    m.insert("next", Next);
    m.insert("this", This);
    m.insert("that", That);
    m.insert("past", Past);
    m.insert("coming", Coming);
    m.insert("upcoming", Coming);
    m.insert("previous", Previous);
    m.insert("preceding", Previous);
    m.insert("prior", Previous);
    m.insert("following", Following);
    m.insert("earlier", Earlier);
    m.insert("later", Later);
    m.insert("ago", Ago);
    m.insert("early", Early);
    m.insert("mid", Mid);
    m.insert("middle", Mid);
    m.insert("late", Late);
    m.insert("end", End);
    m.insert("beginning", Beginning);
    m.insert("start", Beginning);
    m.insert("the", The);
    m.insert("a", A);
    m.insert("an", A);
    m.insert("every", Every);
    m.insert("each", Every);
    for (w, p) in [
        ("daily", "P1D"),
        ("nightly", "P1D"),
        ("weekly", "P1W"),
        ("monthly", "P1M"),
        ("annually", "P1Y"),
        ("yearly", "P1Y"),
        ("hourly", "PT1H"),
        ("quarterly", "P3M"),
    ] {
        m.insert(w, SetAdverb(p));
    }
    for w in ["few", "several", "many"] {
        m.insert(w, Few);
    }
    m.insert("couple", Couple);
    m.insert("of", Of);
    m.insert("fiscal", Fiscal);
    m.insert("half", Half);
    m.insert("anniversary", Anniversary);
    m.insert("noon", Noon);
    m.insert("midday", Noon);
    m.insert("midnight", Midnight);
    m.insert("overnight", Overnight);
    m.insert("am", Am);
    m.insert("pm", Pm);
    for w in [
        "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "et", "pt", "ct", "bst", "cet",
    ] {
        m.insert(w, Zone);
    }
    for w in [
        "nearly",
        "almost",
        "about",
        "approximately",
        "roughly",
        "around",
        "some",
        "only",
        "just",
    ] {
        m.insert(w, Approx);
    }
    for w in ["more", "less", "fewer"] {
        m.insert(w, MoreLess);
    }
    m.insert("than", Than);
    m.insert("up", Up);
    m.insert("to", To);
    m.insert("at", At);
    m.insert("least", Least);

    m.insert("from", From);
    m.insert("or", Or);
    m.insert("twice", Times);
    m.insert("right", Right);
    m.insert("once", Times);
    m.insert("thrice", Times);
    m.insert("now", RefAdverb(Rk::Present));
    for w in [
        "in",
        "since",
        "by",
        "until",
        "till",
        "through",
        "during",
        "before",
        "after",
        "between",
        "and",
        "circa",
        "on",
        "for",
        "throughout",
        "into",
        "within",
    ] {
        m.insert(w, YearPrep);
    }
    for w in [
        "will",
        "shall",
        "would",
        "plan",
        "plans",
        "planned",
        "planning",
        "scheduled",
        "expected",
        "expects",
        "expect",
        "slated",
        "due",
        "intends",
        "intend",
        "going",
        "aims",
        "hopes",
        "tomorrow",
        "upcoming",
        "ll",
        "soon",
        "must",
        "should",
        "could",
        "might",
        "payable",
        "expire",
        "expires",
        "resume",
        "resumes",
        "begins",
        "starts",
        "opens",
        "ends",
        "meets",
        "arrives",
        "visits",
        "poised",
        "deadline",
        "open",
        "begin",
        "start",
        "closes",
        "meet",
        "returns",
        "hosts",
        "plays",
        "faces",
        "heads",
    ] {
        m.entry(w).or_insert(FutureCue);
    }
    for w in [
        "said",
        "was",
        "were",
        "had",
        "did",
        "told",
        "reported",
        "announced",
        "came",
        "went",
        "took",
        "made",
        "began",
        "met",
        "held",
        "left",
        "gave",
        "fell",
        "rose",
        "saw",
        "lost",
        "got",
        "found",
        "wrote",
        "spoke",
        "sent",
        "became",
        "brought",
        "led",
        "paid",
        "sold",
        "bought",
        "killed",
        "died",
        "struck",
        "hit",
        "ran",
    ] {
        m.entry(w).or_insert(PastCue);
    }
    m.insert("christmas", Holiday(HolidayRule::Fixed(12, 25)));
    m.insert("halloween", Holiday(HolidayRule::Fixed(10, 31)));
    m.insert(
        "thanksgiving",
        Holiday(HolidayRule::Nth {
            month: 11,
            weekday: 4,
            n: 4,
        }),
    );
    m.insert("election", HolidayWord(HolidayRule::ElectionDay));
    m.insert(
        "labor",
        HolidayWord(HolidayRule::Nth {
            month: 9,
            weekday: 1,
            n: 1,
        }),
    );
    m.insert(
        "memorial",
        HolidayWord(HolidayRule::Nth {
            month: 5,
            weekday: 1,
            n: -1,
        }),
    );
    m.insert("independence", HolidayWord(HolidayRule::Fixed(7, 4)));
    m.insert("veterans", HolidayWord(HolidayRule::Fixed(11, 11)));
    m.insert("new", New);
    m.insert("eve", Eve);
    m
}

/// Looks a word up, ignoring ASCII case.
fn lookup(word: &str) -> Option<Lex> {
    if !word.is_ascii() || word.len() > MAX_WORD {
        return None;
    }
    get_ascii_folded(&LEXICON, word).copied()
}

/// Splits `text[start..end]` into tokens, replacing the contents of `toks`. `start`
/// and `end` must lie on char boundaries; the caller clamps them.
pub fn tokenize_into(text: &str, start: usize, end: usize, toks: &mut Vec<Tok>) {
    toks.clear();
    // Room for a token every four bytes, about what prose has, made at once: a line of
    // megabytes grown by doubling would be copied as it grows, and hold up to twice its
    // tokens. A line with more (runs of punctuation, each mark a token) grows as it must.
    toks.reserve((end - start) / 4 + 1);
    let bytes = text.as_bytes();
    let mut i = start;
    let mut space = true;
    let mut newline = true;
    while i < end {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            space = true;
            if b == b'\n' {
                newline = true;
            }
            i += 1;
            continue;
        }
        let tok_start = i;
        let (kind, ch) = if b.is_ascii_digit() {
            while i < end && bytes[i].is_ascii_digit() {
                i += 1;
            }
            (TokKind::Num, '0')
        } else if b.is_ascii_alphabetic() {
            while i < end && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            // A word that runs on into non-ASCII letters ("Jané") is not a time word.
            while i < end && bytes[i] >= 0x80 {
                match text.get(i..end).and_then(|s| s.chars().next()) {
                    Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                    _ => break,
                }
                while i < end && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
            }
            (TokKind::Word, 'a')
        } else if b < 0x80 {
            i += 1;
            (TokKind::Punct, b as char)
        } else {
            let c = text.get(i..end).and_then(|s| s.chars().next()).unwrap_or(' ');
            i += c.len_utf8().max(1);
            if c.is_whitespace() {
                space = true;
                if c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}' {
                    newline = true;
                }
                continue;
            }
            if c.is_alphanumeric() {
                // Non-ASCII letters and digits (including Unicode digits) form one
                // opaque word that never matches the lexicon.
                while i < end {
                    match text.get(i..end).and_then(|s| s.chars().next()) {
                        Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                        _ => break,
                    }
                }
                (TokKind::Word, 'a')
            } else {
                (TokKind::Punct, c)
            }
        };
        let s = text.get(tok_start..i).unwrap_or("");
        let (lex, num, cap, all_caps) = match kind {
            TokKind::Word => {
                let first = s.as_bytes().first().copied().unwrap_or(b' ');
                let cap = first.is_ascii_uppercase();
                let all_caps = s.len() > 1 && s.bytes().all(|c| c.is_ascii_uppercase());
                (lookup(s), None, cap, all_caps)
            }
            TokKind::Num => {
                let num = if s.len() <= 9 { s.parse::<u32>().ok() } else { None };
                (None, num, false, false)
            }
            TokKind::Punct => (None, None, false, false),
        };
        toks.push(Tok {
            start: tok_start,
            end: i,
            kind,
            lex,
            num,
            space_before: space,
            newline_before: newline,
            cap,
            all_caps,
            ch,
        });
        space = false;
        newline = false;
    }
}

/// A short word lower-cased on the stack, so that matching a word against a list
/// allocates nothing; words longer than the buffer read as empty.
#[derive(Clone, Copy)]
pub struct Lower {
    buf: [u8; 16],
    len: usize,
}

impl Lower {
    /// Lower-cases `s` if it is short ASCII, else holds the empty word.
    pub fn of(s: &str) -> Lower {
        let mut buf = [0u8; 16];
        if s.len() > buf.len() || !s.is_ascii() {
            return Lower { buf, len: 0 };
        }
        for (dst, src) in buf.iter_mut().zip(s.as_bytes()) {
            *dst = src.to_ascii_lowercase();
        }
        Lower { buf, len: s.len() }
    }

    /// The lower-cased word.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl std::ops::Deref for Lower {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Lower {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

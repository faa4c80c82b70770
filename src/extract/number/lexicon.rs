//! The words the number parser knows, each with every role it can play: number words, scales,
//! fractions, currencies, modifiers, and the words that tell a number is no amount (months,
//! labels, clock words). Built once from the shared [`crate::extract::lexicon`] and the lists
//! here, and looked up once per word.

use std::sync::LazyLock;

use super::Bound;
use crate::extract::lexicon::{
    MONTH_ABBREVIATIONS, MONTHS, ONES, ORDINALS, TENS, WEEKDAY_ABBREVIATIONS, WEEKDAYS, WordMap, get_ascii_folded,
};

/// Roles a known word can play; one word may have several ("second", "over", "May").
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Info {
    pub(super) key: &'static str,
    pub(super) cardinal: Option<u32>,
    pub(super) ordinal: Option<u32>,
    /// "hundred", "thousand", "million", "billion", "trillion", "dozen".
    pub(super) scale: Option<f64>,
    /// "dozens", "hundreds", "thousands", "millions", "billions", "scores": the band's floor.
    pub(super) vague_scale: Option<f64>,
    /// Denominator of a fraction word ("third" 3, "thirds" 3, "quarter" 4, "half" 2).
    pub(super) denominator: Option<u32>,
    pub(super) currency: Option<&'static str>,
    pub(super) flags: u32,
}

pub(super) const STOP: u32 = 1;
pub(super) const DET: u32 = 1 << 1;
pub(super) const MONTH: u32 = 1 << 2;
pub(super) const TIME_UNIT: u32 = 1 << 3;
pub(super) const LABEL: u32 = 1 << 4;
pub(super) const YEAR_PREP: u32 = 1 << 5;
pub(super) const CHANGE_VERB: u32 = 1 << 6;
pub(super) const AGE: u32 = 1 << 7;
pub(super) const CLOCK: u32 = 1 << 8;
pub(super) const IRREGULAR_PLURAL: u32 = 1 << 9;
pub(super) const NOT_PLURAL: u32 = 1 << 10;
pub(super) const MODIFIER: u32 = 1 << 12;
pub(super) const PERIOD_NOUN: u32 = 1 << 13;
pub(super) const NOT_COMPOUND_UNIT: u32 = 1 << 14;
pub(super) const STREET: u32 = 1 << 15;
pub(super) const MEASURE_WORD: u32 = 1 << 16;
pub(super) const WEEKDAY: u32 = 1 << 17;

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
pub(super) const MODIFIERS: &[(&[&str], Bound)] = &[
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
pub(super) fn lookup(word: &str) -> Option<&'static Info> {
    if word.is_empty() {
        return None;
    }
    get_ascii_folded(&LEXICON, word)
}

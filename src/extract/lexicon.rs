//! Words that more than one extractor knows, spelt once: month and weekday names, number
//! words, and the hasher and case folding of the extractors' word tables.
//!
//! Each extractor builds its own table from these lists with the roles its grammar needs:
//! the time grammar reads "May" as a month and "third" as a day of the month, the number
//! parser reads a month as a word that ends a count and "third" as a rank or a fraction, and
//! the quotation finder reads both as time words that may sit between a speaker and a verb.

use std::collections::HashMap;

use compact_str::CompactString;

/// The months, January first, lowercased.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month abbreviations, lowercased and without their full stop, with the month's number
/// (January is 1). "May" has none; September has two.
pub const MONTH_ABBREVIATIONS: [(&str, u8); 12] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// The weekdays, Monday first as in ISO 8601 (which numbers them 1 to 7), lowercased.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The weekdays in the plural ("on Mondays"), in the order of [`WEEKDAYS`].
pub const WEEKDAY_PLURALS: [&str; 7] = [
    "mondays",
    "tuesdays",
    "wednesdays",
    "thursdays",
    "fridays",
    "saturdays",
    "sundays",
];

/// Weekday abbreviations, lowercased and without their full stop, with the weekday's ISO
/// number (Monday is 1).
pub const WEEKDAY_ABBREVIATIONS: [(&str, u8); 10] = [
    ("mon", 1),
    ("tue", 2),
    ("tues", 2),
    ("wed", 3),
    ("thu", 4),
    ("thur", 4),
    ("thurs", 4),
    ("fri", 5),
    ("sat", 6),
    ("sun", 7),
];

/// Number words from zero to nineteen, at their value's index.
pub const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// The tens from twenty to ninety, with their value.
pub const TENS: [(&str, u32); 8] = [
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// Ordinal words with their rank, smallest first: the first to the twentieth, the tens and
/// the hundredth.
pub const ORDINALS: [(&str, u32); 28] = [
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
    ("fortieth", 40),
    ("fiftieth", 50),
    ("sixtieth", 60),
    ("seventieth", 70),
    ("eightieth", 80),
    ("ninetieth", 90),
    ("hundredth", 100),
];

/// A word table: lowercased words to what an extractor knows of them. Every word of the
/// input is looked up, so the hash is a fast one (foldhash's, with a fixed seed): the keys
/// are the program's own, and a crafted word can only miss.
pub type WordMap<V> = HashMap<&'static str, V, foldhash::fast::FixedState>;

/// The longest word [`ascii_lowercase`] makes a key of: one held inline.
const MAX_KEY: usize = 24;

/// `word` with its ASCII letters lowercased, or `None` when it is longer than any listed
/// word can be ([`MAX_KEY`] bytes). Other characters are kept as they are. The key is held
/// inline, so a lookup allocates nothing; it is lowercased in place, as text, so that it
/// needs no check of its UTF-8 (which took a fifth of the time of a lookup).
fn ascii_lowercase(word: &str) -> Option<CompactString> {
    if word.len() > MAX_KEY {
        return None;
    }
    let mut key = CompactString::new(word);
    key.make_ascii_lowercase();
    Some(key)
}

/// The entry of `word` in `table`, its ASCII letters of either case: a word already in
/// lower case (most words) is looked up as it is written, without a copy. (Inlined: it is
/// on the path of every word, and the call alone cost half a percent of a check.)
#[inline]
pub fn get_ascii_folded<'t, V>(table: &'t WordMap<V>, word: &str) -> Option<&'t V> {
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return table.get(word);
    }
    table.get(ascii_lowercase(word)?.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_lowercases_ascii_letters_only_and_only_short_words_have_one() {
        assert_eq!(ascii_lowercase("O’Clock").as_deref(), Some("o’clock"));
        assert_eq!(ascii_lowercase("ÉTÉ").as_deref(), Some("ÉtÉ"), "only ASCII letters");
        assert_eq!(
            ascii_lowercase(&"A".repeat(24)).as_deref(),
            Some("a".repeat(24).as_str())
        );
        assert_eq!(ascii_lowercase(&"a".repeat(25)), None);
    }

    #[test]
    fn abbreviations_and_plurals_name_their_day_or_month() {
        for (abbr, n) in MONTH_ABBREVIATIONS {
            assert!(MONTHS[usize::from(n) - 1].starts_with(abbr), "{abbr} is not month {n}");
        }
        for (abbr, n) in WEEKDAY_ABBREVIATIONS {
            assert!(
                WEEKDAYS[usize::from(n) - 1].starts_with(abbr),
                "{abbr} is not weekday {n}"
            );
        }
        for (day, plural) in WEEKDAYS.iter().zip(WEEKDAY_PLURALS) {
            assert_eq!(format!("{day}s"), plural);
        }
    }

    #[test]
    fn ordinals_rise_and_end_with_the_tens() {
        assert!(ORDINALS.windows(2).all(|w| w[0].1 < w[1].1));
        assert_eq!(
            &ORDINALS[..20].iter().map(|&(_, n)| n).collect::<Vec<_>>(),
            &(1..=20).collect::<Vec<_>>()
        );
        for (tens, n) in TENS {
            assert!(
                ORDINALS
                    .iter()
                    .any(|&(o, m)| m == n && o.starts_with(&tens[..tens.len() - 1]))
            );
        }
    }
}

//! Word normalisation shared by the facts (join keys of quotations) and the query functions
//! that compare texts (`similarity`, `diff`, `conflicts`), and the edit distance behind
//! "did you mean" suggestions.

/// Lowercase words, with punctuation dropped, the periods of abbreviations removed (so that
/// "U.S." and "US" are one word), hyphens read as spaces ("cyber-criminals" is "cyber
/// criminals"), typographic apostrophes made straight, and ordinals up to the twentieth
/// written in figures ("eleventh" is "11th"), as style guides disagree on them.
pub fn normalized(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '.'))
        .filter_map(normalized_word)
        .map(|w| match ORDINALS.iter().position(|o| *o == w) {
            Some(i) => ordinal_in_figures(i + 1),
            None => w,
        })
        .collect()
}

/// One word of [`normalized`] before ordinals are written in figures, or `None` for a run
/// without a letter or digit. (Most words are plain ASCII letters and digits: those are only
/// put in lower case.)
fn normalized_word(w: &str) -> Option<String> {
    if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return (!w.is_empty()).then(|| w.to_ascii_lowercase());
    }
    let w = w.replace('.', "").to_lowercase().replace('’', "'");
    let w = w.trim_matches('\'');
    w.chars().any(char::is_alphanumeric).then(|| w.to_string())
}

/// Ordinals that style guides spell out or write in figures.
const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

fn ordinal_in_figures(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Whether `word` (normalised) is too common to tell two texts apart. (Asked a few times
/// for every word of every quotation: a `match` tells most words apart by their length.)
#[rustfmt::skip]
pub fn is_stopword(word: &str) -> bool {
    matches!(
        word,
        "a" | "an" | "and" | "are" | "as" | "at" | "be" | "but" | "by" | "for" | "from" | "has" | "have"
            | "he" | "in" | "is" | "it" | "its" | "of" | "on" | "or" | "our" | "she" | "that" | "the"
            | "their" | "they" | "this" | "to" | "was" | "we" | "were" | "will" | "with"
    )
}

/// The word trigrams of a text that hold at least one word that is not a stop word: keys
/// under which two quotations of the same statement meet, even when their wording drifts.
pub fn shingles(s: &str) -> Vec<String> {
    let words = normalized(s);
    // Each word is told a stop word or not once, not once for each trigram it is in.
    let content: Vec<bool> = words.iter().map(|w| !is_stopword(w)).collect();
    let mut out: Vec<String> = words
        .windows(3)
        .zip(content.windows(3))
        .filter(|(_, content)| content.contains(&true))
        .map(|(w, _)| w.join(" "))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Levenshtein distance in characters, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_told_from_content_words() {
        for w in ["a", "the", "their", "with", "will"] {
            assert!(is_stopword(w), "{w}");
        }
        for w in ["ferry", "thei", "withe", "", "The"] {
            assert!(!is_stopword(w), "{w:?}: normalised words only");
        }
    }

    #[test]
    fn abbreviations_and_apostrophes_are_normalised() {
        assert_eq!(
            normalized("The U.S. isn’t “ready,” he said."),
            ["the", "us", "isn't", "ready", "he", "said"]
        );
        assert_eq!(
            normalized("cyber-criminals - 'quoted'"),
            ["cyber", "criminals", "quoted"]
        );
    }

    #[test]
    fn capitals_digits_and_letters_beyond_ascii_are_normalised_alike() {
        assert_eq!(
            normalized("BREAKING: 32 Dead in F-16 crash"),
            ["breaking", "32", "dead", "in", "f", "16", "crash"]
        );
        assert_eq!(
            normalized("Ángel O’NEIL’S ‘Café’ ...  ' 2ND"),
            ["ángel", "o'neil's", "café", "2nd"]
        );
    }

    #[test]
    fn ordinals_are_written_in_figures() {
        assert_eq!(
            normalized("the eleventh-hour deal, a second time"),
            ["the", "11th", "hour", "deal", "a", "2nd", "time"]
        );
    }

    #[test]
    fn shingles_skip_stop_word_runs() {
        assert_eq!(shingles("in the of the embassy"), ["of the embassy"]);
        assert!(shingles("two words").is_empty());
    }
}

//! A word tokenizer tuned for names: it keeps abbreviations ("U.S.", "Gen."),
//! hyphenated and apostrophised names ("al-Kadhimi", "O’Brien") in one token,
//! marks possessives ("Soleimani’s") and splits words glued by publishing
//! residue ("PompeoMichael").

use foldhash::HashSet;

use crate::segment::{MAX_OFFSET, char_at, readable};
use crate::span::Span;

/// The first letter is upper case.
pub(crate) const CAP: u16 = 1;
/// Every letter is upper case and there are at least two letters.
pub(crate) const ALLCAPS: u16 = 1 << 1;
/// The first character is a lower-case letter.
pub(crate) const LOWER: u16 = 1 << 2;
/// The token contains a digit.
pub(crate) const DIGIT: u16 = 1 << 3;
/// The token is followed by a possessive "’s" (kept out of `end`).
pub(crate) const POSS: u16 = 1 << 4;
/// The token is the first word of a sentence, a line or a quotation.
pub(crate) const INITIAL: u16 = 1 << 5;
/// The token is glued to the previous one with no space ("PompeoMichael").
pub(crate) const GLUED: u16 = 1 << 6;
/// A hyphen is followed by a lower-case part ("Iranian-backed", "one-year").
pub(crate) const HYPHEN_LOWER: u16 = 1 << 7;
/// The token is a lone ampersand ("Johnson & Johnson").
pub(crate) const AMP: u16 = 1 << 8;

/// One word of the text. (Offsets are held in 32 bits, as an article is far smaller than
/// 4 GiB: a long article has millions of words, and each is 16 bytes.)
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    start: u32,
    end: u32,
    full_end: u32,
    /// Bit set of the constants above.
    pub flags: u16,
}

// A long article has millions of tokens: their size is checked when the program is built.
const _: () = assert!(size_of::<Tok>() == 16);

impl Tok {
    /// The word from `start` to `end`, and its possessive to `full_end` (`end` when it has
    /// none), with `flags`; offsets at most [`MAX_OFFSET`].
    pub fn new(start: usize, end: usize, full_end: usize, flags: u16) -> Self {
        debug_assert!(start <= end && end <= full_end && full_end <= MAX_OFFSET);
        Tok {
            start: start as u32,
            end: end as u32,
            full_end: full_end as u32,
            flags,
        }
    }

    /// First byte of the word.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// One past the last byte of the word, possessive excluded.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// One past the possessive when there is one, else [`Tok::end`].
    pub fn full_end(&self) -> usize {
        self.full_end as usize
    }

    /// True when the flag bit is set.
    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

/// What the tokenizer needs to know about the vocabulary.
pub(crate) struct Lexicon<'a> {
    /// Words that keep a trailing period ("Gen", "Sept", "Corp").
    pub abbreviations: &'a HashSet<String>,
    /// Words with inner capitals that must not be split ("BlackRock").
    pub camel: &'a HashSet<String>,
    /// Whether glued words may be split at all (never inside gazetteer entries).
    pub split_glued: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '‐'
}

/// Splits `text[start..end]` into word tokens. Linear in the length: every
/// byte is looked at a bounded number of times. What is read is
/// [`readable`]: an end past the text, past [`MAX_OFFSET`] or inside a
/// character is moved back to the character boundary at or before it.
pub(crate) fn tokenize(text: &str, start: usize, end: usize, lex: &Lexicon<'_>) -> Vec<Tok> {
    let Span { start, end } = readable(text, Span::new(start, end));
    // Room for a word every four bytes, more than news has: a long article's words are not
    // copied as they grow, with the old copy held while the new is written.
    let mut toks = Vec::with_capacity(end.saturating_sub(start) / 4 + 1);
    let mut i = start;
    let mut glued_next = false;
    while i < end {
        let Some(c) = char_at(text, i) else { break };
        if c == '&' {
            let before = i == start || prev_is_space(text, i);
            let after = char_at(text, i + 1).is_none_or(char::is_whitespace);
            if before && after {
                toks.push(Tok::new(i, i + 1, i + 1, AMP));
            }
            i += 1;
            glued_next = false;
            continue;
        }
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            glued_next = false;
            continue;
        }
        // "ex-President", "then-Secretary of State": the prefix says the title is no
        // longer held and is left out of the word, so that the title is found.
        if lex.split_glued
            && let Some(skip) = former_prefix(&text[i..end])
        {
            i += skip;
            glued_next = false;
            continue;
        }
        let (tok, next) = scan_word(text, i, end, lex);
        let mut tok = tok;
        if glued_next {
            tok.flags |= GLUED;
        }
        // A token that stopped right before a letter was split off a glued
        // word; any other token stops at a separator.
        glued_next = next < end && char_at(text, next).is_some_and(char::is_alphanumeric);
        toks.push(tok);
        i = next.max(i + c.len_utf8());
    }
    toks
}

/// The length of an "ex-" or "then-" before a capitalised word of three letters
/// or more ("ex-President", not "Ex-Im"), or `None`.
fn former_prefix(rest: &str) -> Option<usize> {
    let head = rest.get(..5)?;
    let len = if head.get(..3).is_some_and(|h| h.eq_ignore_ascii_case("ex-")) {
        3
    } else if head.eq_ignore_ascii_case("then-") {
        5
    } else {
        return None;
    };
    let word = rest[len..].chars().take_while(|c| c.is_alphabetic());
    let mut letters = 0;
    for (n, c) in word.enumerate() {
        if n == 0 && !c.is_uppercase() {
            return None;
        }
        letters += 1;
    }
    (letters >= 3).then_some(len)
}

fn prev_is_space(text: &str, i: usize) -> bool {
    text[..i].chars().next_back().is_some_and(char::is_whitespace)
}

/// Scans one word starting at `start`; returns it and where scanning resumes.
fn scan_word(text: &str, start: usize, end: usize, lex: &Lexicon<'_>) -> (Tok, usize) {
    let mut flags = 0u16;
    let mut letters = 0usize;
    let mut uppers = 0usize;
    let mut lowers = 0usize;
    let mut i = start;
    // Letters in the current hyphen/period-delimited part, for "U.S." and "Gen.".
    let mut part_start = start;
    let mut first = true;
    let mut in_first_part = true;
    let mut prev_lower = false;
    let mut poss_end = None;
    while i < end {
        // Most of a word is lower-case ASCII letters: what the branch below does for each,
        // done for a run of them at once, without decoding them or asking their classes one
        // by one.
        let run = text.as_bytes()[i..end]
            .iter()
            .position(|b| !b.is_ascii_lowercase())
            .unwrap_or(end - i);
        if run > 0 {
            if first {
                flags |= LOWER;
            }
            letters += run;
            lowers += run;
            prev_lower = true;
            first = false;
            i += run;
            continue;
        }
        let Some(c) = char_at(text, i) else { break };
        if c.is_alphanumeric() {
            if c.is_numeric() {
                flags |= DIGIT;
            }
            if c.is_alphabetic() {
                if first {
                    if c.is_uppercase() {
                        flags |= CAP;
                    } else if c.is_lowercase() {
                        flags |= LOWER;
                    }
                }
                // A lower-to-upper step inside the first part of a capitalised
                // word is a glued boundary when both sides look like words.
                if lex.split_glued
                    && in_first_part
                    && prev_lower
                    && c.is_uppercase()
                    && letters >= 5
                    && flags & CAP != 0
                    && glued_rest(text, i, end)
                    && !lex.camel.contains(natural_word(text, start, end))
                {
                    break;
                }
                letters += 1;
                if c.is_uppercase() {
                    uppers += 1;
                } else if c.is_lowercase() {
                    lowers += 1;
                }
                prev_lower = c.is_lowercase();
            }
            first = false;
            i += c.len_utf8();
            continue;
        }
        let next = char_at(text, i + c.len_utf8());
        if is_hyphen(c) && next.is_some_and(char::is_alphanumeric) {
            if next.is_some_and(char::is_lowercase) && flags & CAP != 0 {
                flags |= HYPHEN_LOWER;
            }
            in_first_part = false;
            prev_lower = false;
            i += c.len_utf8();
            part_start = i;
            continue;
        }
        if is_apostrophe(c) {
            let after = i + c.len_utf8();
            if matches!(next, Some('s' | 'S')) && !char_at(text, after + 1).is_some_and(char::is_alphanumeric) {
                poss_end = Some(after + 1);
                break;
            }
            if next.is_some_and(char::is_alphabetic) {
                in_first_part = false;
                prev_lower = false;
                i = after;
                part_start = i;
                continue;
            }
            break;
        }
        if c == '.' {
            let part = &text[part_start..i];
            let single_upper = part.chars().count() == 1 && part.chars().all(char::is_uppercase);
            let word = &text[start..i];
            // A capital letter ending a line ("said on X.") is no initial.
            let line_end = char_at(text, i + 1).is_none_or(|c| c == '\n' || c == '\r');
            if (single_upper && !line_end) || lex.abbreviations.contains(word) {
                i += 1;
                // "U.S.", "D.C.": a letter and a period again continue the token.
                let n1 = char_at(text, i);
                if single_upper
                    && n1.is_some_and(char::is_alphabetic)
                    && char_at(text, i + n1.map_or(1, char::len_utf8)) == Some('.')
                {
                    part_start = i;
                    in_first_part = false;
                    continue;
                }
            }
            break;
        }
        break;
    }
    if letters >= 2 && uppers == letters && lowers == 0 {
        flags |= ALLCAPS;
    }
    let tok_end = i;
    let full_end = poss_end.unwrap_or(tok_end).min(end);
    if poss_end.is_some() && full_end > tok_end {
        flags |= POSS;
    }
    (Tok::new(start, tok_end, full_end, flags), full_end)
}

/// The run of alphanumeric characters from `start`, for the glued-word
/// whitelist. Listed names are short, so at most 64 bytes are looked at; this
/// keeps a megabyte-long word linear.
fn natural_word(text: &str, start: usize, end: usize) -> &str {
    let mut limit = end.min(start + 64);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let slice = &text[start..limit];
    let len = slice.find(|c: char| !c.is_alphanumeric()).unwrap_or(slice.len());
    &slice[..len]
}

/// True when what follows a lower-to-upper step looks like a word of its own:
/// an acronym of two or more capitals ("US") or a capitalised word ("Michael").
fn glued_rest(text: &str, at: usize, end: usize) -> bool {
    let rest = &text[at..end];
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let mut uppers = 1;
    let mut lowers = 0;
    for c in chars {
        if c.is_uppercase() && lowers == 0 {
            uppers += 1;
        } else if c.is_lowercase() {
            lowers += 1;
        } else {
            break;
        }
    }
    (lowers == 0 && uppers >= 2) || (uppers == 1 && lowers >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let abbr: HashSet<String> = ["Gen".to_string()].into_iter().collect();
        let camel = HashSet::default();
        let lex = Lexicon {
            abbreviations: &abbr,
            camel: &camel,
            split_glued: true,
        };
        tokenize(text, 0, text.len(), &lex)
            .iter()
            .map(|t| &text[t.start()..t.end()])
            .collect()
    }

    #[test]
    fn keeps_names_whole_and_splits_glued_words() {
        assert_eq!(
            words("Iranian Gen. Qassem Soleimani’s U.S. al-Kadhimi PompeoMichael PompeoUS"),
            [
                "Iranian",
                "Gen.",
                "Qassem",
                "Soleimani",
                "U.S.",
                "al-Kadhimi",
                "Pompeo",
                "Michael",
                "Pompeo",
                "US"
            ]
        );
    }

    #[test]
    fn leaves_former_prefixes_out_of_titles() {
        assert_eq!(
            words("ex-President Obama, then-Secretary Kerry, Ex-Im Bank, ex-wife"),
            ["President", "Obama", "Secretary", "Kerry", "Ex-Im", "Bank", "ex-wife"]
        );
    }
}

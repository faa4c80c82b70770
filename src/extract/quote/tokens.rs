//! A small tokenizer for one paragraph: words, punctuation and quotation marks.
//!
//! The tokenizer runs in one pass over the paragraph and never looks back, so its
//! cost is linear in the paragraph length whatever the input looks like.

use crate::segment::{MAX_OFFSET, char_at, readable};
use crate::span::Span;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// A run of letters and digits, with word-internal apostrophes, hyphens and dots.
    Word,
    /// A quotation mark (or an apostrophe that may close a single quotation).
    Mark(char),
    /// Any other non-space character.
    Punct(char),
}

/// One token of a paragraph. (Its offsets are held in 32 bits, as an article is far
/// smaller than 4 GiB: a long article has millions of tokens, and each is 20 bytes.)
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    start: u32,
    end: u32,
    /// The token's kind.
    pub kind: TokKind,
    /// True when the word starts with an uppercase letter.
    pub cap: bool,
    /// True when whitespace (or the paragraph start) comes right before the token.
    pub space_before: bool,
    /// True when a line break (or the paragraph start) comes right before the token.
    pub line_start: bool,
}

// A long article has millions of tokens: their size is checked when the program is built.
const _: () = assert!(size_of::<Tok>() == 20);

impl Tok {
    /// A token of `kind` over `span`, which ends at most at [`MAX_OFFSET`].
    fn new(span: Span, kind: TokKind, cap: bool, space_before: bool, line_start: bool) -> Self {
        debug_assert!(span.end <= MAX_OFFSET);
        Tok {
            start: span.start as u32,
            end: span.end as u32,
            kind,
            cap,
            space_before,
            line_start,
        }
    }

    /// Byte span in the file.
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// The token's text.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        self.span().text(src)
    }

    /// True for a word token.
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    /// True for the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct(c)
    }
}

/// Abbreviations whose final dot belongs to the word, so that "Mr." or "Sen." does not
/// end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "reps", "gov", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj",
    "st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct",
    "nov", "dec", "prof", "gens", "pres", "supt", "det", "insp", "sens", "rev", "ft", "mt", "ave", "blvd", "dept",
    "univ", "assn", "bros", "messrs", "etc", "approx", "est", "fig", "pp", "vol", "op", "ed",
];

/// True when `word` (without its dot) takes a word-final abbreviation dot.
fn is_abbreviation(word: &str) -> bool {
    if word.chars().count() == 1 {
        return word.chars().all(char::is_alphabetic);
    }
    if word.contains('.') {
        // "U.S", "D.C", "a.m" already hold a dot: the final one belongs to them too.
        return true;
    }
    word.len() <= 6 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// True for characters that open or close a quotation.
fn is_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'' | '«' | '»' | '„')
}

/// Tokenizes `src[span]` into words, marks and punctuation; what is read is [`readable`]
/// (a span that reaches past [`MAX_OFFSET`] ends at the character boundary at or before it).
pub(crate) fn tokenize(src: &str, span: Span, out: &mut Vec<Tok>) {
    out.clear();
    let span = readable(src, span);
    let para = span.text(src);
    let bytes = para.as_bytes();
    let base = span.start;
    // The character at byte `i` of the paragraph: most are ASCII, read as bytes.
    let char_at = |i: usize| char_at(para, i);
    let mut i = 0;
    let mut space_before = true;
    let mut line_start = true;
    while let Some(c) = char_at(i) {
        let after_c = i + c.len_utf8();
        if c.is_whitespace() {
            space_before = true;
            line_start |= c == '\n';
            i = after_c;
            continue;
        }
        if c.is_alphanumeric()
            || ((c == '#' || c == '@' || c == '$') && char_at(after_c).is_some_and(char::is_alphanumeric))
        {
            let start = i;
            let mut end = after_c;
            // A word continues over letters and digits, and over a connector only when a
            // letter or digit follows it ("don’t", "U.S", "2,521", "al-Kadhimi").
            loop {
                while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    end += 1;
                }
                let Some(d) = char_at(end) else { break };
                if d.is_alphanumeric() {
                    end += d.len_utf8();
                    continue;
                }
                if matches!(d, '\'' | '’' | '-' | '.' | '&' | ',' | '/' | '‑') {
                    let after = char_at(end + d.len_utf8());
                    let ok = match (d, after) {
                        (',', Some(a)) => {
                            a.is_ascii_digit() && para[..end].chars().next_back().is_some_and(|p| p.is_ascii_digit())
                        }
                        (_, Some(a)) => a.is_alphanumeric(),
                        _ => false,
                    };
                    if ok {
                        end += d.len_utf8();
                        continue;
                    }
                }
                break;
            }
            // The final dot of an abbreviation belongs to the word.
            if bytes.get(end) == Some(&b'.') && is_abbreviation(&para[start..end]) {
                end += 1;
            }
            out.push(Tok::new(
                Span::new(base + start, base + end),
                TokKind::Word,
                c.is_uppercase(),
                space_before,
                line_start,
            ));
            i = end;
        } else if is_mark(c) {
            // "‘90s" and "'em": an apostrophe glued to a following digit is part of a word.
            let glued_digit =
                matches!(c, '‘' | '’' | '\'') && char_at(after_c).is_some_and(|d| d.is_ascii_digit()) && space_before;
            if glued_digit {
                space_before = true;
                i = after_c;
                continue;
            }
            // Two straight apostrophes stand for a double mark in some wire archives.
            if c == '\'' && char_at(after_c) == Some('\'') {
                out.push(Tok::new(
                    Span::new(base + i, base + i + 2),
                    TokKind::Mark('"'),
                    false,
                    space_before,
                    line_start,
                ));
                space_before = false;
                line_start = false;
                i += 2;
                continue;
            }
            out.push(Tok::new(
                Span::new(base + i, base + after_c),
                TokKind::Mark(c),
                false,
                space_before,
                line_start,
            ));
            i = after_c;
        } else {
            out.push(Tok::new(
                Span::new(base + i, base + after_c),
                TokKind::Punct(c),
                false,
                space_before,
                line_start,
            ));
            i = after_c;
        }
        space_before = false;
        line_start = false;
    }
}

/// Lowercases a short ASCII-ish word into `buf` for lexicon look-ups; long words
/// return an empty string because no lexicon entry is long. A word already in lower-case
/// ASCII (most words) is read as it is, not copied.
pub(crate) fn lower<'b>(word: &'b str, buf: &'b mut String) -> &'b str {
    buf.clear();
    if word.len() > 24 {
        return buf.as_str();
    }
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return word;
    }
    if word.is_ascii() {
        // Copied whole, then lowercased in place: not a character at a time.
        buf.push_str(word);
        buf.make_ascii_lowercase();
        return buf.as_str();
    }
    for c in word.chars() {
        if c == '’' {
            buf.push('\'');
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    buf.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_lowered_for_the_lexicon_read_in_place_when_it_is_already() {
        let mut buf = String::new();
        for (word, lowered, in_place) in [
            ("said", "said", true),
            ("didn't", "didn't", true),
            ("2024", "2024", true),
            ("Said", "said", false),
            ("U.S.", "u.s.", false),
            ("don’t", "don't", false),
            ("Ståhl", "ståhl", false),
            ("counterintelligence-agencies", "", false),
        ] {
            let got = lower(word, &mut buf);
            assert_eq!(got, lowered, "{word}");
            assert_eq!(std::ptr::eq(got.as_ptr(), word.as_ptr()), in_place, "{word}");
        }
    }
}

//! Whether one text bears out the words of another: the comparisons behind the rules that
//! check a draft's quotations against its references (`verbatim`, `coverage`).
//!
//! Words are compared once normalised ([`words::normalized`]): case, punctuation, curly or
//! straight marks, "U.S." or "US" and the serial comma do not make two quotations differ.
//! Words an editor puts in square brackets ("[the minister]") stand for the speaker's and
//! are not compared, and an ellipsis marks a cut: each piece must appear, in order.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

use regex::Regex;

use crate::words;

/// The most words of one text compared, so that an enormous quotation costs a bounded time.
const MAX_WORDS: usize = 400;

/// The most texts whose pieces one thread keeps; past it, the kept ones are dropped.
const MAX_CUTS: usize = 4096;

/// A text cut into the pieces between its ellipses, and the same words end to end.
struct Cut {
    pieces: Vec<Vec<String>>,
    flat: Vec<String>,
}

thread_local! {
    /// The cuts of the texts this thread compared: a draft's quotation is compared with every
    /// quotation of the references, and a front end checks the same story again and again.
    static CUTS: RefCell<HashMap<String, Rc<Cut>>> = RefCell::new(HashMap::new());
}

/// The [`Cut`] of `text`, made once per thread.
fn cut(text: &str) -> Rc<Cut> {
    CUTS.with(|cuts| {
        if let Some(c) = cuts.borrow().get(text) {
            return Rc::clone(c);
        }
        let pieces = pieces(text);
        let flat = pieces.concat();
        let c = Rc::new(Cut { pieces, flat });
        let mut cuts = cuts.borrow_mut();
        if cuts.len() >= MAX_CUTS {
            cuts.clear();
        }
        cuts.insert(text.to_string(), Rc::clone(&c));
        c
    })
}

/// The normalised words of each piece of `text`, split at ellipses, without bracketed
/// insertions.
fn pieces(text: &str) -> Vec<Vec<String>> {
    cut_brackets(&join_clitics(text))
        .replace('…', "\u{0}")
        .replace("...", "\u{0}")
        .split('\u{0}')
        .map(|p| {
            let mut w = words::normalized(p);
            w.truncate(MAX_WORDS);
            w
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Contractions and possessives written apart by tokenised copy ("would n't", "we 're",
/// "year ’ s"), written together.
fn join_clitics(text: &str) -> std::borrow::Cow<'_, str> {
    static CLITIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(\w)\s+(n['’]t\b)|(\w)\s*(['’])\s*(s|re|ll|ve|m|d)\b").expect("a valid regex")
    });
    if !text.contains(['\'', '’']) {
        return std::borrow::Cow::Borrowed(text);
    }
    CLITIC.replace_all(text, "$1$2$3$4$5")
}

/// `text` with what stands in square brackets cut out, as an ellipsis would cut it: an
/// editor's words, which stand for the speaker's ("remains [the department's] highest
/// priority" for "remains our highest priority").
fn cut_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' => {
                if depth == 0 {
                    out.push('…');
                }
                depth += 1;
            }
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether the words of `quoted` stand in `source` word for word: each piece of `quoted`
/// (pieces are cut at ellipses) as a contiguous run, the pieces in order.
pub fn verbatim(source: &str, quoted: &str) -> bool {
    let (hay, quoted) = (cut(source), cut(quoted));
    let (hay, needles) = (&hay.flat, &quoted.pieces);
    if needles.is_empty() {
        return false;
    }
    let mut from = 0;
    for needle in needles {
        match find_run(&hay[from.min(hay.len())..], needle) {
            Some(at) => from += at + needle.len(),
            None => return false,
        }
    }
    true
}

/// The distinct content words of a quotation — normalised, without stop words — under which
/// a draft's quotation meets the references' quotations that share any of its words.
pub fn terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = cut(text)
        .flat
        .iter()
        .filter(|w| !words::is_stopword(w))
        .cloned()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Where `needle` first stands as a contiguous run in `hay`.
fn find_run(hay: &[String], needle: &[String]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The share of the words of `quoted` that `source` has in the same order, in [0, 1]: how
/// much of a quotation a reference's quotation bears out, even when a word was changed.
pub fn coverage(source: &str, quoted: &str) -> f64 {
    let (hay, needle) = (cut(source), cut(quoted));
    if needle.flat.is_empty() {
        return 0.0;
    }
    common_in_order(&hay.flat, &needle.flat) as f64 / needle.flat.len() as f64
}

/// The length of the longest common subsequence of two word lists, in two rows of memory.
fn common_in_order(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typography_abbreviations_and_brackets_are_not_differences() {
        let wire = "Ensuring the safety of U.S. government personnel, U.S. citizens, and the security of our facilities, remains our highest priority.";
        assert!(verbatim(
            wire,
            "ensuring the safety of US government personnel, US citizens and the security"
        ));
        assert!(verbatim(wire, "remains [the department’s] highest priority"));
        assert!(verbatim("We won’t leave before winter.", "won't leave before winter"));
        assert!(verbatim(
            "We won’t leave before the year’s end.",
            "we wo n't leave before the year ’ s end"
        ));
        assert!(verbatim("We're staying.", "we 're staying"));
        assert!(!verbatim(wire, "remains our top priority"));
    }

    #[test]
    fn an_ellipsis_cuts_and_pieces_keep_their_order() {
        let wire = "We will not leave the city, whatever they do, before the winter comes.";
        assert!(verbatim(wire, "We will not leave the city … before the winter comes"));
        assert!(verbatim(wire, "We will not leave the city... before the winter"));
        assert!(!verbatim(wire, "before the winter comes … We will not leave"));
        assert!(!verbatim(wire, "We will leave the city"));
    }

    #[test]
    fn coverage_counts_the_quoted_words_a_source_bears_out() {
        let wire = "We will not leave the city before the winter comes.";
        assert_eq!(coverage(wire, "we will not leave the city"), 1.0);
        let changed = coverage(wire, "we will leave the city");
        assert!((changed - 1.0).abs() < 1e-9, "dropping a word keeps the rest in order");
        let other = coverage(wire, "the talks resume in January");
        assert!(other < 0.5, "{other}");
        assert_eq!(coverage(wire, ""), 0.0);
    }
}

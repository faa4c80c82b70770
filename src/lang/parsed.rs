//! Syntax trees parsed beforehand, by source text.
//!
//! Parsing the built-in rules' token patterns and queries was a fifth of the instructions of
//! a check of one page. They are parsed when factlint is built instead: the build script
//! compiles this module with the rest of `lang`, parses every `patterns` and `when` string
//! and every `emit` of the rule files with [`parse_token_pattern`] and [`parse_query`],
//! and writes the trees ([`write()`]); factlint reads them back ([`Parsed::read`]) and
//! takes a tree when the text to parse is one of those. Since the key is the whole text, a
//! tree is only ever taken for exactly the text it was parsed from, by this same code; a
//! text not found (a user's rule, a rule file edited since the build) is parsed as usual.
//!
//! The format is postcard: a list of `(entry, text, tree)`, each tree postcard too, so that
//! the index is read at once and each tree only when it is asked for.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::ast::{Pattern, Query};
use super::{parse_query, parse_token_pattern};

/// Which parser a text is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Entry {
    /// [`parse_token_pattern`]: a rule's `patterns`.
    TokenPattern,
    /// [`parse_query`]: a rule's `when`, or its `emit`.
    Query,
}

/// Parses each of `texts` with the parser of its entry, and writes the trees of those that
/// parse, with their texts. A text that does not parse is left out: it is parsed, and its
/// mistake reported, when it is read.
pub fn write<'a>(texts: impl IntoIterator<Item = (Entry, &'a str)>) -> Vec<u8> {
    let mut entries: Vec<(Entry, &str, Vec<u8>)> = Vec::new();
    for (entry, text) in texts {
        if entries.iter().any(|(e, t, _)| *e == entry && *t == text) {
            continue;
        }
        let tree = match entry {
            Entry::TokenPattern => parse_token_pattern(text).ok().map(|p| postcard::to_allocvec(&p)),
            Entry::Query => parse_query(text).ok().map(|q| postcard::to_allocvec(&q)),
        };
        if let Some(Ok(tree)) = tree {
            entries.push((entry, text, tree));
        }
    }
    postcard::to_allocvec(&entries).unwrap_or_default()
}

/// Trees written by [`write()`], found by their texts.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The tree of each token pattern, by its text.
    patterns: HashMap<&'static str, &'static [u8]>,
    /// The tree of each query, by its text.
    queries: HashMap<&'static str, &'static [u8]>,
}

impl Parsed {
    /// The index of `bytes`, written by [`write()`]; empty when they cannot be read.
    pub fn read(bytes: &'static [u8]) -> Parsed {
        let entries: Vec<(Entry, &'static str, &'static [u8])> = postcard::from_bytes(bytes).unwrap_or_default();
        let mut parsed = Parsed::default();
        for (entry, text, tree) in entries {
            match entry {
                Entry::TokenPattern => parsed.patterns.insert(text, tree),
                Entry::Query => parsed.queries.insert(text, tree),
            };
        }
        parsed
    }

    /// How many trees it holds.
    pub fn len(&self) -> usize {
        self.patterns.len() + self.queries.len()
    }

    /// Whether it holds no tree.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The token pattern `text` parses to, when it is one of the texts parsed beforehand.
    pub fn token_pattern(&self, text: &str) -> Option<Pattern> {
        postcard::from_bytes(self.patterns.get(text)?).ok()
    }

    /// The query `text` parses to, when it is one of the texts parsed beforehand.
    pub fn query(&self, text: &str) -> Option<Query> {
        postcard::from_bytes(self.queries.get(text)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bytes`, as the program holds the trees written when it was built.
    fn leak(bytes: Vec<u8>) -> &'static [u8] {
        Box::leak(bytes.into_boxed_slice())
    }

    #[test]
    fn trees_read_back_are_the_trees_their_texts_parse_to() {
        let texts = [
            (
                Entry::TokenPattern,
                "?p:person \",\"? (was | were) ~3 /kill(ed|s)/i ?d:date",
            ),
            (Entry::TokenPattern, "!(very | so) ?w:word ?w{1,2} $$"),
            (
                Entry::Query,
                "quote(speaker.text: ?s) as a, quote(speaker.text: ?s) as b, a.doc != b.doc and similarity(a.text, b.text) > 0.8",
            ),
            (
                Entry::Query,
                "number(value: 3, unit: none, exact: true) as n, not date(doc: ?d) as e where e.doc in [1, 2]",
            ),
            // The same text twice is written once.
            (Entry::Query, "date() as d"),
            (Entry::Query, "date() as d"),
        ];
        let parsed = Parsed::read(leak(write(texts)));
        assert_eq!(parsed.len(), 5);
        for (entry, text) in texts {
            match entry {
                Entry::TokenPattern => assert_eq!(parsed.token_pattern(text).map(Ok), Some(parse_token_pattern(text))),
                Entry::Query => assert_eq!(parsed.query(text).map(Ok), Some(parse_query(text))),
            }
        }
        // A text is found only with its parser.
        assert_eq!(parsed.query("!(very | so) ?w:word ?w{1,2} $$"), None);
        assert_eq!(parsed.token_pattern("date() as d"), None);
    }

    #[test]
    fn a_text_that_does_not_parse_is_left_out_and_unreadable_bytes_hold_nothing() {
        let parsed = Parsed::read(leak(write([
            (Entry::TokenPattern, "(was | were"),
            (Entry::Query, "date("),
        ])));
        assert!(parsed.is_empty());
        assert!(parsed.token_pattern("(was | were").is_none());
        assert!(Parsed::read(b"\xff\xff\xff not postcard").is_empty());
        assert!(Parsed::read(b"").is_empty());
    }
}

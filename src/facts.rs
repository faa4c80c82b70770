//! The facts of one article: every extractor run over its text and segmentation.

use serde_json::Value;

use crate::article::Article;
use crate::extract::number::{self, Quantity};
use crate::extract::quote::{self, QuoteExtraction};
use crate::extract::time::{self, TimeExtraction};
use crate::segment::Segmentation;
use crate::span::Span;
use crate::words;

/// Everything extracted from one article.
#[derive(Debug)]
pub struct Facts {
    /// Dates, times, durations and sets, and impossible dates.
    pub times: TimeExtraction,
    /// Numbers and quantities.
    pub numbers: Vec<Quantity>,
    /// Quotations, attributions, refusals and anonymous sources.
    pub quotes: QuoteExtraction,
}

/// Runs every extractor over the body of `article`, whose text is `text`.
pub fn extract(text: &str, article: &Article, seg: &Segmentation) -> Facts {
    let times = time::extract_times(text, article.body, article.meta.date);
    // Years, dates and times are not quantities: the numbers inside them are left out.
    let taken: Vec<Span> = times
        .exprs
        .iter()
        .map(|t| t.span)
        .chain(times.invalid.iter().map(|i| i.span))
        .collect();
    let numbers = number::extract_numbers(text, article.body, &taken);
    let quotes = quote::extract_quotes(text, article.body, &seg.paragraphs);
    Facts { times, numbers, quotes }
}

impl Facts {
    /// Every fact as a JSON object of `docs/facts.md`, in text order.
    pub fn to_json(&self, text: &str) -> Vec<Value> {
        let mut facts: Vec<Value> = self.quotes.to_fact_json(text);
        facts.extend(self.times.exprs.iter().map(|t| t.to_fact_json(text)));
        facts.extend(self.times.invalid.iter().map(|i| i.to_fact_json(text)));
        facts.extend(self.numbers.iter().map(|n| n.to_fact_json(text)));
        let start = |v: &Value| v["span"]["start"].as_u64().unwrap_or(0);
        let end = |v: &Value| v["span"]["end"].as_u64().unwrap_or(0);
        facts.sort_by_key(|v| (start(v), std::cmp::Reverse(end(v))));
        facts
    }
}

/// Adds the fields that only rules need: a quotation's word trigrams (`shingles`), so that
/// rules can join the quotations of one statement across sources without comparing every
/// pair.
pub fn add_join_keys(facts: &mut [Value]) {
    for fact in facts {
        if fact["kind"] == "quote"
            && let Value::Object(map) = fact
        {
            let keys = map
                .get("text")
                .and_then(Value::as_str)
                .map(words::shingles)
                .unwrap_or_default();
            map.insert("shingles".into(), Value::from(keys));
        }
    }
}

/// Adds to each fact the index of the sentence and of the paragraph it starts in, so that
/// rules can join facts of one sentence (`sentence: ?s`).
pub fn add_positions(facts: &mut [Value], seg: &Segmentation) {
    for fact in facts {
        let start = fact["span"]["start"].as_u64().unwrap_or(0) as usize;
        let sentence = seg.sentences.partition_point(|s| s.span.end <= start);
        let paragraph = seg.paragraphs.partition_point(|p| p.end <= start);
        if let Value::Object(map) = fact {
            if sentence < seg.sentences.len() {
                map.insert("sentence".into(), Value::from(sentence));
            }
            if paragraph < seg.paragraphs.len() {
                map.insert("paragraph".into(), Value::from(paragraph));
            }
        }
    }
}

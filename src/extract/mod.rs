//! Fact extraction: what an article claims, each fact with the exact byte span it came from.
//!
//! Extractors read the text of one article (and its segmentation); rules see only their
//! output.

pub mod counted;
pub mod entity;
pub(crate) mod lexicon;
pub mod number;
pub mod quote;
pub mod time;

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

/// Compiles and builds what extracting facts from nearly any article needs (the quotation
/// extractor's patterns, the gazetteer), so that a caller with a core to spare can have it
/// done while it does something else (loads rules).
pub(crate) fn warm_up() {
    quote::warm_up();
    entity::Gazetteer::builtin();
}

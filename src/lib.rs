//! factlint: a fact-consistency linter for news copy.
//!
//! The pipeline runs one way: read ([`input`], [`article`]) → segment ([`segment`]) →
//! evaluate rules ([`rules`], [`lang`], [`matcher`], [`engine`]) → diagnostics
//! ([`diagnostic`]) → renderers ([`render`]). Only [`cli`] touches files and the terminal.
//! `ARCHITECTURE.md` at the root of the repository has the map.

pub mod article;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod extract;
pub mod facts;
pub mod lang;
pub mod matcher;
pub mod query;
pub mod render;
pub mod rules;
pub mod segment;
pub mod source;
pub mod span;
pub mod suppress;
pub mod testing;
pub mod words;

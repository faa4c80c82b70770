//! factlint: a fact-consistency linter for news copy.
//!
//! [`pipeline::check`] is the whole run, for the command line and any other front end. It
//! reads the inputs — files, folders, in-memory buffers, standard input — into stories of
//! [`article`]s in one [`source::SourceDb`] ([`pipeline::input`]), finds the `factlint.toml`
//! of each article ([`pipeline::configs`], [`config`]) and loads the rules ([`rules`],
//! compiled by [`lang`] into token patterns ([`matcher`]) and fact queries ([`query`])).
//! The [`engine`] runs them over each story: articles are split into tokens and sentences
//! ([`segment`]), their claims are read as facts ([`extract`], [`facts`]), and findings
//! become [`diagnostic`]s. Configurations and suppression comments ([`suppress`]) are then
//! applied, and the [`render`]ers turn what is left into text. Only the pipeline's reading
//! ([`pipeline::input`]) and the front ends — [`cli`] and the language server [`lsp`] —
//! touch files and standard streams. `ARCHITECTURE.md` at the root of the repository has
//! the map.
//!
//! Checking a draft held in memory against a reference, as an editor would:
//!
//! ```
//! use factlint::pipeline::{self, Input, Options};
//!
//! let draft = Input::Buffer {
//!     name: "desk/ferry.md".into(),
//!     text: "---\ndate: 2024-03-13\n---\nTwenty-three people were killed when a passenger ferry \
//!            capsized on Lake Kivu on Monday, the regional government said.\n"
//!         .into(),
//! };
//! let wire = Input::Buffer {
//!     name: "desk/wires/wire-a.txt".into(),
//!     text: "---\ndate: 2024-03-12\n---\nThirty-two people were killed when a passenger ferry \
//!            capsized on Lake Kivu on Monday, regional officials said.\n"
//!         .into(),
//! };
//! let options = Options { against: vec![wire], ..Options::default() };
//! let outcome = pipeline::check(&[draft], &options);
//! assert!(outcome.problems.is_empty() && outcome.unreadable.is_empty());
//! let found: Vec<(&str, &str)> = outcome
//!     .diagnostics
//!     .iter()
//!     .map(|d| (d.rule.as_str(), d.primary.span.text(outcome.db.get(d.primary.file).text())))
//!     .collect();
//! assert_eq!(found, [("draft/conflicting-number", "Twenty-three people")]);
//! assert_eq!(outcome.summary.line(), "1 error in 1 file");
//! ```

// First: its macro `fact!` is used by the modules after it.
#[macro_use]
pub mod value;

pub mod article;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod evidence;
pub mod extract;
pub mod facts;
pub mod fix;
pub mod lang;
pub mod lazy_regex;
pub mod lsp;
pub mod markdown;
pub mod matcher;
pub mod ninjs;
pub mod pipeline;
pub mod query;
pub mod render;
pub mod rules;
pub mod schema;
pub mod segment;
pub mod source;
pub mod span;
pub mod suppress;
pub mod testing;
pub mod textcmp;
pub mod words;

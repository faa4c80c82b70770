//! factlint: a fact-consistency linter for news copy.
//!
//! The pipeline runs one way: read ([`input`], [`article`]) → segment ([`segment`]) →
//! evaluate rules ([`rules`], [`lang`], [`matcher`], [`engine`]) → diagnostics
//! ([`diagnostic`]) → renderers ([`render`]). Only [`cli`] touches files and the terminal.
//! `ARCHITECTURE.md` at the root of the repository has the map.
//!
//! Checking an article in-process, with a rule of one's own:
//!
//! ```
//! use factlint::article::{self, Role};
//! use factlint::engine::{self, Story};
//! use factlint::extract::entity::AliasTable;
//! use factlint::rules;
//! use factlint::source::SourceDb;
//!
//! let mut db = SourceDb::new();
//! let rule = rules::load_text(
//!     &mut db,
//!     "house/doubled-the.toml",
//!     "id = 'doubled-the'\nseverity = 'warning'\nsummary = 'x'\npatterns = ['the the']\nmessage = 'doubled'\n",
//! )
//! .expect("a valid rule");
//! let file = article::add_text(&mut db, "draft.txt", b"Officials said the the embassy stays open.".to_vec())
//!     .expect("text");
//! let draft = article::parse(&db, file, "draft", Role::Draft).expect("an article");
//! let story = Story { key: String::new(), articles: vec![draft] };
//! let found = engine::check_story_with(&db, &story, &[&rule], &[AliasTable::builtin()]);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].primary.span.text(db.get(file).text()), "the the");
//! ```

pub mod article;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod evidence;
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
pub mod textcmp;
pub mod words;

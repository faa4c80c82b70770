//! Alias tables: canonical name → other names of the same entity, in TOML.
//!
//! ```toml
//! "Mike Pompeo" = ["Michael Richard Pompeo", "Michael Pompeo"]   # type "other"
//!
//! [place]
//! "United States" = ["U.S.", "US", "USA"]
//!
//! [person]
//! "Qassem Soleimani" = "Qasem Soleimani"
//! ```
//!
//! Keys outside a section have no type of their own; the sections `person`,
//! `organization` (or `organisation`), `place` and `other` give one.

use std::collections::HashMap;
use std::sync::LazyLock;

use toml::de::{DeTable, DeValue};

use super::{EntityKind, fold_key};
use crate::span::Span;

/// The built-in table, compiled into the binary.
const BUILTIN: &str = include_str!("../../../data/gazetteer/aliases.toml");

/// One canonical name with its aliases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AliasEntry {
    /// The name entities get when any of these names is seen.
    pub canonical: String,
    /// The type the table gives the entity, if it sits in a typed section.
    pub kind: Option<EntityKind>,
    /// Every other name of the entity, as written in the table.
    pub aliases: Vec<String>,
}

/// A problem in an alias table, with the bytes of the TOML source it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AliasError {
    /// Byte span into the TOML source.
    pub span: Span,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl std::fmt::Display for AliasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (bytes {}..{})", self.message, self.span.start, self.span.end)
    }
}

impl std::error::Error for AliasError {}

/// A parsed alias table: names are looked up case-, period- and hyphen-insensitively.
#[derive(Clone, Debug, Default)]
pub struct AliasTable {
    entries: Vec<AliasEntry>,
    by_key: HashMap<String, usize>,
}

static BUILTIN_TABLE: LazyLock<AliasTable> = LazyLock::new(|| {
    // The built-in file is tested to parse; an empty table is the fallback
    // that keeps library code free of panics.
    AliasTable::parse_toml(BUILTIN).unwrap_or_default()
});

impl AliasTable {
    /// The table compiled into factlint (`data/gazetteer/aliases.toml`).
    pub fn builtin() -> &'static AliasTable {
        &BUILTIN_TABLE
    }

    /// Parses a table; the first problem found is returned with its span.
    pub fn parse_toml(src: &str) -> Result<AliasTable, AliasError> {
        let doc = DeTable::parse(src).map_err(|e| AliasError {
            span: e
                .span()
                .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end).clamp_to(src)),
            message: format!("invalid TOML: {}", e.message().trim_end()),
        })?;
        let mut table = AliasTable::default();
        let mut top: Vec<_> = doc.get_ref().iter().collect();
        // Entries come back in key order; file order keeps errors and
        // precedence predictable.
        top.sort_by_key(|(k, _)| k.span().start);
        for (key, value) in top {
            let key_span = Span::new(key.span().start, key.span().end).clamp_to(src);
            if let DeValue::Table(section) = value.get_ref() {
                let kind = match key.get_ref().as_ref() {
                    "person" => EntityKind::Person,
                    "organization" | "organisation" => EntityKind::Organization,
                    "place" => EntityKind::Place,
                    "other" => EntityKind::Other,
                    other => {
                        return Err(AliasError {
                            span: key_span,
                            message: format!("unknown section `{other}`: use person, organization, place or other"),
                        });
                    }
                };
                let mut rows: Vec<_> = section.iter().collect();
                rows.sort_by_key(|(k, _)| k.span().start);
                for (k, v) in rows {
                    table.add_row(src, k.get_ref(), k.span(), v, Some(kind))?;
                }
            } else {
                table.add_row(src, key.get_ref(), key.span(), value, None)?;
            }
        }
        Ok(table)
    }

    fn add_row(
        &mut self,
        src: &str,
        canonical: &str,
        key_span: std::ops::Range<usize>,
        value: &toml::Spanned<DeValue<'_>>,
        kind: Option<EntityKind>,
    ) -> Result<(), AliasError> {
        let key_span = Span::new(key_span.start, key_span.end).clamp_to(src);
        let value_span = Span::new(value.span().start, value.span().end).clamp_to(src);
        let canonical = canonical.trim();
        if fold_key(canonical).is_empty() {
            return Err(AliasError {
                span: key_span,
                message: "empty canonical name".into(),
            });
        }
        let mut names: Vec<(String, Span)> = Vec::new();
        match value.get_ref() {
            DeValue::String(s) => names.push((s.trim().to_string(), value_span)),
            DeValue::Array(items) => {
                for item in items.iter() {
                    let span = Span::new(item.span().start, item.span().end).clamp_to(src);
                    match item.get_ref() {
                        DeValue::String(s) => names.push((s.trim().to_string(), span)),
                        _ => {
                            return Err(AliasError {
                                span,
                                message: "an alias must be a string".into(),
                            });
                        }
                    }
                }
            }
            _ => {
                return Err(AliasError {
                    span: value_span,
                    message: "expected an alias string or an array of alias strings".into(),
                });
            }
        }
        let index = self.entries.len();
        self.claim(canonical, key_span, index)?;
        let mut aliases = Vec::with_capacity(names.len());
        for (name, span) in names {
            if fold_key(&name).is_empty() {
                return Err(AliasError {
                    span,
                    message: "empty alias".into(),
                });
            }
            self.claim(&name, span, index)?;
            aliases.push(name);
        }
        self.entries.push(AliasEntry {
            canonical: canonical.to_string(),
            kind,
            aliases,
        });
        Ok(())
    }

    /// Records that `name` belongs to entry `index`; a name may belong to one entry only.
    fn claim(&mut self, name: &str, span: Span, index: usize) -> Result<(), AliasError> {
        let key = fold_key(name);
        match self.by_key.get(&key) {
            Some(&other) if other != index => {
                let owner = self.entries.get(other).map_or("", |e| e.canonical.as_str());
                Err(AliasError {
                    span,
                    message: format!("`{name}` is already a name of `{owner}`"),
                })
            }
            _ => {
                self.by_key.insert(key, index);
                Ok(())
            }
        }
    }

    /// The entry that lists `name` as its canonical name or an alias.
    pub fn lookup(&self, name: &str) -> Option<&AliasEntry> {
        self.lookup_key(&fold_key(name))
    }

    /// Like [`AliasTable::lookup`], for a name already passed through the key folding.
    pub(crate) fn lookup_key(&self, key: &str) -> Option<&AliasEntry> {
        self.by_key.get(key).and_then(|&i| self.entries.get(i))
    }

    /// Every entry, in file order.
    pub fn entries(&self) -> &[AliasEntry] {
        &self.entries
    }
}

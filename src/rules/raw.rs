//! The raw shape of a rule file, exactly as written, with the span of every value.
//!
//! Nothing here is validated beyond TOML types and known keys; `compile` checks the rest.
//! The schema stays plain structs because `toml::Spanned` does not work inside tagged
//! enums or flattened tables.

use serde::Deserialize;
use toml::Spanned;

/// A rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Kebab-case id, equal to the file name without `.toml`.
    pub id: Spanned<String>,
    /// `error`, `warning` or `info`; required unless the rule has `emit`.
    pub severity: Option<Spanned<String>>,
    /// One line for rule lists.
    pub summary: Spanned<String>,
    /// Markdown: what it catches, why it matters, an example, what to write instead.
    pub doc: Option<Spanned<String>>,
    /// Free labels for selecting rules.
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    /// Token patterns; a match of any of them is a finding.
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// A fact query; a rule has `patterns` or `when`, not both.
    pub when: Option<Spanned<String>>,
    /// Which words the primary label points at: a bound fact or a field of it (`d.stated_weekday`).
    pub primary: Option<Spanned<String>>,
    /// Templates of the secondary labels, by the name of the fact they point at.
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, Spanned<String>>,
    /// `all` (default), `first-per-article`, `first-per-message` or `once-per-message`.
    pub report: Option<Spanned<String>>,
    /// `differences`: in a rule comparing two quotations, labels cover the words that differ.
    pub focus: Option<Spanned<String>>,
    /// The diagnostic's message template; required unless the rule has `emit`.
    pub message: Option<Spanned<String>>,
    /// For an extraction rule: the fact each match of `patterns` creates,
    /// `event(kind: "death", subject: ?p, date: ?d)`.
    pub emit: Option<Spanned<String>>,
    /// The primary label's template.
    pub label: Option<Spanned<String>>,
    /// Advice template.
    pub help: Option<Spanned<String>>,
    /// Extra notes, printed as they are.
    #[serde(default)]
    pub notes: Vec<Spanned<String>>,
    /// A suggested repair.
    pub fix: Option<RawFix>,
    /// The rule's own tests.
    #[serde(default, rename = "example")]
    pub examples: Vec<RawExample>,
}

/// The `[fix]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFix {
    /// The variable whose words are replaced (`"?a"`); the whole match when absent.
    pub at: Option<Spanned<String>>,
    /// Replacement template.
    pub replacement: Spanned<String>,
    /// `safe` or `unsafe` (default).
    pub safety: Option<Spanned<String>>,
}

/// One `[[example]]` table: an article (or a story of several) and what the rule must flag.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    /// The article text, for an example of one article.
    pub text: Option<Spanned<String>>,
    /// Publication date of that article, `YYYY-MM-DD`.
    pub date: Option<Spanned<String>>,
    /// The articles of a story, for an example of several (`[[example.article]]`).
    #[serde(default, rename = "article")]
    pub articles: Vec<RawArticle>,
    /// The exact words of each primary label, in order; empty when nothing may be flagged.
    pub flagged: Spanned<Vec<String>>,
    /// For rules with a fix: the text after applying every fix.
    pub fixed: Option<Spanned<String>>,
}

/// One `[[example.article]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArticle {
    /// The article text.
    pub text: Spanned<String>,
    /// The outlet; `article 1`, `article 2`… when not given.
    pub source: Option<Spanned<String>>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<Spanned<String>>,
    /// `draft` (default) or `reference`.
    pub role: Option<Spanned<String>>,
}

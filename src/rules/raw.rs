//! The raw shape of a rule file, exactly as written, with the span of every value.
//!
//! Nothing here is validated beyond TOML syntax, types and known keys; `compile` checks the
//! rest. The file is read with the TOML parser's recovery, as `factlint.toml` is, so that
//! every mistake of the file is reported at once: a syntax error, an unknown key, a value of
//! the wrong type and a missing key do not hide one another. A key written with a value of
//! the wrong type is recorded as [`RawRule::broken`], so that the compile step does not
//! report it a second time as missing.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::span::Span;

/// A rule file.
#[derive(Debug, Default)]
pub struct RawRule {
    /// Kebab-case id, equal to the file name without `.toml`.
    pub id: Option<Spanned<String>>,
    /// `error`, `warning` or `info`; required unless the rule has `emit`.
    pub severity: Option<Spanned<String>>,
    /// One line for rule lists.
    pub summary: Option<Spanned<String>>,
    /// Markdown: what it catches, why it matters, an example, what to write instead.
    pub doc: Option<Spanned<String>>,
    /// Free labels for selecting rules.
    pub tags: Vec<Spanned<String>>,
    /// Token patterns; a match of any of them is a finding.
    pub patterns: Vec<Spanned<String>>,
    /// A fact query; a rule has `patterns` or `when`, not both.
    pub when: Option<Spanned<String>>,
    /// Which words the primary label points at: a bound fact or a field of it (`d.stated_weekday`).
    pub primary: Option<Spanned<String>>,
    /// Templates of the secondary labels, by the name of the fact they point at.
    pub labels: BTreeMap<String, Spanned<String>>,
    /// `all` (default), `first-per-article`, `first-per-message` or `once-per-message`.
    pub report: Option<Spanned<String>>,
    /// `differences`: in a rule comparing two quotations, labels cover the words that differ.
    pub focus: Option<Spanned<String>>,
    /// The diagnostic's message template; required unless the rule has `emit`.
    pub message: Option<Spanned<String>>,
    /// For an extraction rule: the fact each match of `patterns` creates,
    /// `event(event: "death", subject: ?p, date: ?d)`.
    pub emit: Option<Spanned<String>>,
    /// The primary label's template.
    pub label: Option<Spanned<String>>,
    /// Advice template.
    pub help: Option<Spanned<String>>,
    /// Extra notes, printed as they are.
    pub notes: Vec<Spanned<String>>,
    /// Suggested repairs: one `[fix]` table, or `[[fix]]` tables for the matches of
    /// different patterns.
    pub fix: Vec<RawFix>,
    /// The rule's own tests.
    pub examples: Vec<RawExample>,
    /// Keys written with a value that could not be read: present, but unusable.
    pub broken: Vec<&'static str>,
}

/// The `[fix]` table.
#[derive(Debug)]
pub struct RawFix {
    /// The variable whose words are replaced (`"?a"`); the whole match when absent.
    pub at: Option<Spanned<String>>,
    /// Replacement template.
    pub replacement: Spanned<String>,
    /// `safe` or `unsafe` (default).
    pub safety: Option<Spanned<String>>,
}

/// One `[[example]]` table: an article (or a story of several) and what the rule must flag.
#[derive(Debug)]
pub struct RawExample {
    /// The article text, for an example of one article.
    pub text: Option<Spanned<String>>,
    /// Publication date of that article, `YYYY-MM-DD`.
    pub date: Option<Spanned<String>>,
    /// The articles of a story, for an example of several (`[[example.article]]`).
    pub articles: Vec<RawArticle>,
    /// The exact words of each primary label, in order; empty when nothing may be flagged.
    pub flagged: Spanned<Vec<String>>,
    /// For rules with a fix: the text after applying every fix.
    pub fixed: Option<Spanned<String>>,
    /// Whether a key of the example could not be read: its other checks would only repeat
    /// that mistake.
    pub broken: bool,
}

/// One `[[example.article]]` table.
#[derive(Debug)]
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

/// A mistake in the shape of the file: where, what, and the label under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawError {
    /// Where the mistake is in the file.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// The label under the span.
    pub label: String,
    /// A suggestion, when there is one.
    pub note: Option<String>,
}

/// The keys of a rule file.
pub const RULE_KEYS: &[&str] = &[
    "id", "severity", "summary", "doc", "tags", "patterns", "when", "primary", "labels", "report", "focus", "message",
    "emit", "label", "help", "notes", "fix", "example",
];
const FIX_KEYS: &[&str] = &["at", "replacement", "safety"];
const EXAMPLE_KEYS: &[&str] = &["text", "date", "article", "flagged", "fixed"];
const ARTICLE_KEYS: &[&str] = &["text", "source", "date", "role"];

/// Reads a rule file: the rule as far as it could be read, and every mistake of its shape.
pub fn parse(text: &str) -> (RawRule, Vec<RawError>) {
    let (table, syntax) = DeTable::parse_recoverable(text);
    let mut reader = Reader::default();
    let syntax: Vec<RawError> = syntax
        .iter()
        .map(|e| {
            let span = e
                .span()
                .map(|r| Span::new(r.start, r.end.max(r.start)))
                .unwrap_or_default();
            RawError {
                span,
                message: format!("invalid rule file: {}", e.message().trim().trim_end_matches('.')),
                label: "here".into(),
                note: None,
            }
        })
        .collect();
    let raw = reader.rule(table.get_ref(), span_of(&table));
    // After a syntax error the parser recovers as best it can; a value it made up must not
    // be reported a second time.
    let mut errors = reader.errors;
    errors.retain(|e| {
        !syntax
            .iter()
            .any(|s| e.span.start <= s.span.end && s.span.start <= e.span.end)
    });
    errors.extend(syntax);
    (raw, errors)
}

fn span_of<T>(value: &Spanned<T>) -> Span {
    Span::new(value.span().start, value.span().end)
}

/// The type of a TOML value, in words.
fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

type TomlValue<'i> = Spanned<DeValue<'i>>;

/// Walks the TOML tree, collecting the rule and every mistake.
#[derive(Default)]
struct Reader {
    errors: Vec<RawError>,
}

impl Reader {
    fn error(&mut self, span: Span, message: String, label: impl Into<String>) {
        self.errors.push(RawError {
            span,
            message,
            label: label.into(),
            note: None,
        });
    }

    /// Reports an unknown key, and gives the known key it most likely stands for.
    fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        known: &[&'static str],
    ) -> Option<&'static str> {
        let name = key.get_ref();
        let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        let hint = crate::query::closest(name, known).or_else(|| {
            known
                .iter()
                .copied()
                .find(|k| k.starts_with(name.as_ref()) && name.len() >= 3)
        });
        self.errors.push(RawError {
            span: span_of(key),
            message: format!(
                "invalid rule file: unknown field `{name}`, expected one of {}",
                list.join(", ")
            ),
            label: "here".into(),
            note: hint.map(|h| format!("did you mean `{h}`?")),
        });
        hint
    }

    fn missing(&mut self, span: Span, key: &str) {
        self.error(span, format!("invalid rule file: missing field `{key}`"), "here");
    }

    /// A string value, or `None` with the mistake recorded.
    fn string(&mut self, key: &str, value: &TomlValue<'_>) -> Option<Spanned<String>> {
        match value.get_ref() {
            DeValue::String(s) => Some(Spanned::new(value.span(), s.to_string())),
            other => {
                self.error(
                    span_of(value),
                    format!("invalid rule file: `{key}` must be a string, not {}", type_name(other)),
                    "expected a string",
                );
                None
            }
        }
    }

    /// An array of strings (a lone string is not one), or `None` with the mistakes recorded.
    fn strings(&mut self, key: &str, value: &TomlValue<'_>) -> Option<Vec<Spanned<String>>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                span_of(value),
                format!(
                    "invalid rule file: `{key}` must be an array of strings, not {}",
                    type_name(value.get_ref())
                ),
                "write `[…]` around it",
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(Spanned::new(item.span(), s.to_string())),
                other => {
                    ok = false;
                    self.error(
                        span_of(item),
                        format!("invalid rule file: `{key}` holds strings, not {}", type_name(other)),
                        "expected a string",
                    );
                }
            }
        }
        ok.then_some(out)
    }

    /// The tables of a key written `[[key]]` (or as an array of inline tables).
    fn tables<'v, 'i>(&mut self, key: &str, value: &'v TomlValue<'i>) -> Vec<(&'v DeTable<'i>, Span)> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                span_of(value),
                format!("invalid rule file: `{key}` must be an array of tables (`[[{key}]]`)"),
                format!("write `[[{key}]]` tables"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, span_of(item))),
                other => self.error(
                    span_of(item),
                    format!("invalid rule file: `{key}` holds tables, not {}", type_name(other)),
                    "expected a table",
                ),
            }
        }
        out
    }

    fn rule(&mut self, table: &DeTable<'_>, whole: Span) -> RawRule {
        let mut raw = RawRule::default();
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            // The key as `&'static str`, for `broken`.
            let Some(&known) = RULE_KEYS.iter().find(|k| **k == name) else {
                // A misspelt key is the key meant, written wrong: not also a missing one.
                if let Some(meant) = self.unknown_key(key, RULE_KEYS) {
                    raw.broken.push(meant);
                }
                continue;
            };
            let read = match known {
                "id" => self.string(known, value).map(|s| raw.id = Some(s)),
                "severity" => self.string(known, value).map(|s| raw.severity = Some(s)),
                "summary" => self.string(known, value).map(|s| raw.summary = Some(s)),
                "doc" => self.string(known, value).map(|s| raw.doc = Some(s)),
                "when" => self.string(known, value).map(|s| raw.when = Some(s)),
                "primary" => self.string(known, value).map(|s| raw.primary = Some(s)),
                "report" => self.string(known, value).map(|s| raw.report = Some(s)),
                "focus" => self.string(known, value).map(|s| raw.focus = Some(s)),
                "message" => self.string(known, value).map(|s| raw.message = Some(s)),
                "emit" => self.string(known, value).map(|s| raw.emit = Some(s)),
                "label" => self.string(known, value).map(|s| raw.label = Some(s)),
                "help" => self.string(known, value).map(|s| raw.help = Some(s)),
                "tags" => self.strings(known, value).map(|s| raw.tags = s),
                "patterns" => self.strings(known, value).map(|s| raw.patterns = s),
                "notes" => self.strings(known, value).map(|s| raw.notes = s),
                "labels" => self.labels(value).map(|l| raw.labels = l),
                "fix" => self.fixes(value).map(|f| raw.fix = f),
                _ => {
                    raw.examples = self
                        .tables("example", value)
                        .into_iter()
                        .map(|(t, span)| self.example(t, span))
                        .collect();
                    Some(())
                }
            };
            if read.is_none() {
                raw.broken.push(known);
            }
        }
        if raw.id.is_none() && !raw.broken.contains(&"id") {
            self.missing(Span::new(whole.start, whole.start), "id");
        }
        if raw.summary.is_none() && !raw.broken.contains(&"summary") {
            self.missing(Span::new(whole.start, whole.start), "summary");
        }
        raw
    }

    fn labels(&mut self, value: &TomlValue<'_>) -> Option<BTreeMap<String, Spanned<String>>> {
        let DeValue::Table(table) = value.get_ref() else {
            self.error(
                span_of(value),
                format!(
                    "invalid rule file: `labels` must be a table, not {}",
                    type_name(value.get_ref())
                ),
                "write `labels.b = \"…\"`",
            );
            return None;
        };
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (key, value) in table.iter() {
            match self.string(&format!("labels.{}", key.get_ref()), value) {
                Some(s) => {
                    out.insert(key.get_ref().to_string(), s);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A `[fix]` table or `[[fix]]` tables; `None` when one cannot be read.
    fn fixes(&mut self, value: &TomlValue<'_>) -> Option<Vec<RawFix>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(vec![self.fix(table, span_of(value))?]),
            DeValue::Array(_) => {
                let tables = self.tables("fix", value);
                let fixes: Vec<RawFix> = tables.iter().filter_map(|(t, span)| self.fix(t, *span)).collect();
                (fixes.len() == tables.len()).then_some(fixes)
            }
            other => {
                self.error(
                    span_of(value),
                    format!("invalid rule file: `fix` must be a table, not {}", type_name(other)),
                    "write a `[fix]` table",
                );
                None
            }
        }
    }

    fn fix(&mut self, table: &DeTable<'_>, whole: Span) -> Option<RawFix> {
        let (mut at, mut replacement, mut safety) = (None, None, None);
        let mut ok = true;
        for (key, value) in table.iter() {
            let slot = match key.get_ref().as_ref() {
                "at" => &mut at,
                "replacement" => &mut replacement,
                "safety" => &mut safety,
                _ => {
                    ok &= self.unknown_key(key, FIX_KEYS) != Some("replacement");
                    continue;
                }
            };
            *slot = self.string(&format!("fix.{}", key.get_ref()), value);
            ok &= slot.is_some();
        }
        if replacement.is_none() && ok {
            self.missing(whole, "replacement");
        }
        Some(RawFix {
            at,
            replacement: replacement?,
            safety,
        })
    }

    fn example(&mut self, table: &DeTable<'_>, span: Span) -> RawExample {
        let mut e = RawExample {
            text: None,
            date: None,
            articles: Vec::new(),
            flagged: Spanned::new(span.start..span.end, Vec::new()),
            fixed: None,
            broken: false,
        };
        let mut flagged = false;
        for (key, value) in table.iter() {
            let ok = match key.get_ref().as_ref() {
                "text" => self.string("text", value).map(|s| e.text = Some(s)).is_some(),
                "date" => self.string("date", value).map(|s| e.date = Some(s)).is_some(),
                "fixed" => self.string("fixed", value).map(|s| e.fixed = Some(s)).is_some(),
                "flagged" => {
                    flagged = true;
                    self.strings("flagged", value)
                        .map(|items| {
                            e.flagged = Spanned::new(value.span(), items.into_iter().map(Spanned::into_inner).collect())
                        })
                        .is_some()
                }
                "article" => {
                    let tables = self.tables("example.article", value);
                    let mut ok = true;
                    for (t, span) in tables {
                        match self.article(t, span) {
                            Some(a) => e.articles.push(a),
                            None => ok = false,
                        }
                    }
                    ok
                }
                _ => {
                    // A misspelt `flagged` is not also a missing one.
                    flagged |= self.unknown_key(key, EXAMPLE_KEYS) == Some("flagged");
                    false
                }
            };
            e.broken |= !ok;
        }
        if !flagged {
            self.missing(span, "flagged");
            e.broken = true;
        }
        e
    }

    fn article(&mut self, table: &DeTable<'_>, span: Span) -> Option<RawArticle> {
        let (mut text, mut source, mut date, mut role) = (None, None, None, None);
        let mut ok = true;
        for (key, value) in table.iter() {
            let slot = match key.get_ref().as_ref() {
                "text" => &mut text,
                "source" => &mut source,
                "date" => &mut date,
                "role" => &mut role,
                _ => {
                    ok &= self.unknown_key(key, ARTICLE_KEYS) != Some("text");
                    continue;
                }
            };
            *slot = self.string(&format!("example.article.{}", key.get_ref()), value);
            ok &= slot.is_some();
        }
        if text.is_none() && ok {
            self.missing(span, "text");
        }
        Some(RawArticle {
            text: text?,
            source,
            date,
            role,
        })
        .filter(|_| ok)
    }
}

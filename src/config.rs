//! The project configuration file, `factlint.toml`.
//!
//! The pipeline (`pipeline::configs`) finds the file upward from each checked article (or
//! takes `--config FILE`), reads it and hands its text to [`parse`]; nothing here touches
//! the file system.
//! Every mistake in the file is reported at once, each as a [`Problem`] whose label points
//! at the exact characters: the unknown key, the bad value, the wrong character inside a
//! rule id.
//!
//! ```toml
//! select = ["hygiene", "dates/weekday-mismatch"]  # packs or rule ids; default: every rule
//! ignore = ["dates/relative-day-word"]            # wins over `select`
//! fail-on = "warning"                             # error | warning | info | never
//! rules = ["house-rules/"]                        # extra rule folders or files
//! aliases = ["aliases.toml"]                      # entity alias tables
//! references = ["wires/"]                         # references of the drafts, as `--against`
//!
//! [severity]                                      # severity overrides, by rule id or pack
//! "hygiene/glued-words" = "error"
//! dates = "warning"
//!
//! [[per-path]]                                    # rules ignored in some files
//! paths = ["wires/**", "archive/*.md"]
//! ignore = ["hygiene"]
//! ```
//!
//! | key | type | meaning |
//! |---|---|---|
//! | `select` | array of selectors | the rules to run; every rule when absent |
//! | `ignore` | array of selectors | rules not to run, whatever `select` says |
//! | `fail-on` | string | the lowest severity that makes the exit status 1: `error`, `warning`, `info` or `never` |
//! | `rules` | array of paths | extra rule files or folders of packs, relative to this file |
//! | `aliases` | array of paths | entity alias tables, relative to this file |
//! | `references` | array of paths | files or folders the drafts are checked against and that are never reported on, relative to this file |
//! | `[severity]` | table | selector = `error`, `warning` or `info`; a rule id wins over its pack |
//! | `[[per-path]]` | array of tables | `paths` (globs, relative to this file) and `ignore` (selectors) |
//!
//! A selector is a pack (`hygiene`) or a rule id (`hygiene/glued-words`). Globs use `/`
//! between folders: `*` stays inside one folder, `**` crosses folders, a glob without `/`
//! matches a file or folder name at any depth, and a glob that matches a folder covers
//! every file below it. `docs/config.md` is the user's documentation of the same schema.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Problem, Severity};
use crate::source::{FileId, SourceDb};
use crate::span::Span;
use crate::words;

/// The name of the configuration file, looked for in each folder upward from a checked path.
pub const FILE_NAME: &str = "factlint.toml";

/// The values `fail-on` accepts, from the most to the least demanding.
pub const FAIL_ON_VALUES: &[&str] = &["info", "warning", "error", "never"];

/// The keys of the top level of the file.
const TOP_KEYS: &[&str] = &[
    "select",
    "ignore",
    "fail-on",
    "rules",
    "aliases",
    "references",
    "severity",
    "per-path",
];

/// The keys of one `[[per-path]]` table.
const PER_PATH_KEYS: &[&str] = &["paths", "ignore"];

/// The severities a `[severity]` override may name.
const SEVERITIES: &[&str] = &["error", "warning", "info"];

/// The commented starter file that `factlint init` writes.
///
/// It sets nothing but `fail-on` to its default, so a fresh project behaves as one with no
/// file; every other key is shown commented out with an example value.
pub const STARTER: &str = r#"# factlint configuration. factlint reads the nearest factlint.toml found upward from
# each checked file; `factlint check --config FILE` names one instead.
# Rule ids are `pack/rule-name` (see `factlint rules`); a selector is a rule id or a
# whole pack.

# The rules to run: packs or rule ids. Every rule runs when `select` is absent.
# select = ["hygiene", "dates"]

# Rules never to run; `ignore` wins over `select`.
# ignore = ["dates/relative-day-word"]

# The lowest severity that makes `factlint check` exit with status 1:
# "error", "warning", "info" or "never". `--fail-on` on the command line wins.
fail-on = "error"

# More rules: rule files, or folders of packs (`house-rules/<pack>/<rule>.toml`),
# relative to this file.
# rules = ["house-rules/"]

# Entity alias tables, relative to this file.
# aliases = ["aliases.toml"]

# References: files or folders, relative to this file, that the articles following this
# file are checked against and that are never reported on (as `--against`).
# references = ["wires/"]

# Severity overrides, by rule id or pack; a rule id wins over its pack.
# [severity]
# "hygiene/glued-words" = "error"
# dates = "warning"

# Rules to ignore in some files only. Globs are relative to this file; `*` stays in one
# folder, `**` crosses folders, and a glob that matches a folder covers the files in it.
# [[per-path]]
# paths = ["wires/**", "archive/*.md"]
# ignore = ["hygiene"]
"#;

/// A rule selector as written in the file: a pack (`hygiene`) or a rule id
/// (`hygiene/glued-words`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    /// The selector's text.
    pub text: String,
    /// Where it is written in the configuration file (the string or key, quotes included).
    pub span: Span,
}

impl Selector {
    /// True when the selector names a whole pack rather than one rule.
    pub fn is_pack(&self) -> bool {
        !self.text.contains('/')
    }

    /// True when the rule `rule_id` (`pack/name`) is the rule or in the pack this names.
    pub fn matches(&self, rule_id: &str) -> bool {
        if self.is_pack() {
            rule_id.split_once('/').is_some_and(|(pack, _)| pack == self.text)
        } else {
            rule_id == self.text
        }
    }
}

/// A path written in the file (`rules` or `aliases`), resolved against the file's folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathEntry {
    /// The path as written.
    pub text: String,
    /// Where it is written in the configuration file.
    pub span: Span,
    /// The path joined to the configuration file's folder.
    pub path: PathBuf,
}

/// One `[[per-path]]` table: rules ignored in the files its globs match.
#[derive(Clone, Debug)]
pub struct PerPath {
    /// The globs as written, with their spans.
    pub paths: Vec<(String, Span)>,
    /// The rules ignored in matching files.
    pub ignore: Vec<Selector>,
    globs: GlobSet,
}

impl PerPath {
    /// True when a glob matches `rel` (a `/`-separated path relative to the configuration
    /// folder) or one of the folders it is in.
    fn matches(&self, rel: &str) -> bool {
        let mut candidate = rel;
        loop {
            if !candidate.is_empty() && self.globs.is_match(candidate) {
                return true;
            }
            match candidate.rfind('/') {
                Some(slash) => candidate = &candidate[..slash],
                None => return false,
            }
        }
    }
}

/// A parsed `factlint.toml`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    path: String,
    file: Option<FileId>,
    dir: PathBuf,
    select: Option<Vec<Selector>>,
    ignore: Vec<Selector>,
    severity: Vec<(Selector, Severity)>,
    fail_on: Option<(String, Span)>,
    rules: Vec<PathEntry>,
    aliases: Vec<PathEntry>,
    references: Vec<PathEntry>,
    per_path: Vec<PerPath>,
}

/// Parses the configuration file `path` holding `text`, and adds it to `db`.
///
/// Returns every problem of the file at once, in file order: TOML syntax, unknown keys,
/// values of the wrong type, selectors that are not `pack` or `pack/rule-id`, unknown
/// severities and `fail-on` values, globs that do not compile. Whether the rules that
/// selectors name exist is checked later by [`Config::unknown_rules`], once the rules are
/// loaded.
pub fn parse(db: &mut SourceDb, path: &str, text: &str) -> Result<Config, Vec<Problem>> {
    let file = db.add(path, text);
    let dir = Path::new(path).parent().map(Path::to_path_buf).unwrap_or_default();
    let mut parser = Parser {
        path,
        file,
        text,
        problems: Vec::new(),
    };
    let (table, syntax) = DeTable::parse_recoverable(text);
    let syntax: Vec<Problem> = syntax
        .iter()
        .map(|e| {
            let span = e.span().map(|r| Span::new(r.start, r.end)).unwrap_or_default();
            let message = e.message().trim().trim_end_matches('.');
            parser.problem(span, format!("invalid TOML: {message}"), "here")
        })
        .collect();
    let mut config = Config {
        path: path.to_string(),
        file: Some(file),
        dir,
        ..Config::default()
    };
    parser.top(table.get_ref(), &mut config);

    // After a syntax error the parser recovers as best it can; a value it made up must not
    // be reported a second time as a bad value.
    let mut problems = parser.problems;
    problems.retain(|p| {
        let span = p.label.as_ref().map(|l| l.span).unwrap_or_default();
        !syntax.iter().any(|s| {
            let other = s.label.as_ref().map(|l| l.span).unwrap_or_default();
            span.start <= other.end && other.start <= span.end
        })
    });
    problems.extend(syntax);
    if problems.is_empty() {
        Ok(config)
    } else {
        problems.sort_by_key(|p| p.label.as_ref().map(|l| (l.span.start, l.span.end)));
        Err(problems)
    }
}

/// The files a configuration may be in for a checked path `start`, nearest first: `start`
/// itself when it names a `factlint.toml`, then that name in `start`'s folder (or `start`
/// when it is a folder) and in each folder above it. The pipeline reads the first that
/// exists; `start` is taken as given, so pass an absolute path to search up to the root.
pub fn candidates(start: &Path, start_is_dir: bool) -> Vec<PathBuf> {
    let first = if start_is_dir { Some(start) } else { start.parent() };
    first
        .into_iter()
        .flat_map(Path::ancestors)
        .map(|dir| dir.join(FILE_NAME))
        .collect()
}

impl Config {
    /// The configuration file's path, as given to [`parse`]; empty for the default.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The configuration file in the source database; `None` for the default.
    pub fn file(&self) -> Option<FileId> {
        self.file
    }

    /// The folder of the configuration file, against which its paths are resolved.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the rule `rule_id` runs on the article at `path`.
    ///
    /// `path` is either in the same form as the configuration path given to [`parse`]
    /// (both relative to one working folder, or both absolute) or already relative to the
    /// configuration folder. A rule runs when `select` is absent or names it or its pack,
    /// and neither `ignore` nor a `[[per-path]]` table whose globs match `path` names it.
    pub fn enabled(&self, rule_id: &str, path: &Path) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|select| select.iter().any(|s| s.matches(rule_id)));
        selected && !self.ignore.iter().any(|s| s.matches(rule_id)) && !self.ignored_at(rule_id, path)
    }

    /// Whether a `[[per-path]]` table whose globs match `path` (as for [`Config::enabled`])
    /// ignores the rule `rule_id`.
    pub fn ignored_at(&self, rule_id: &str, path: &Path) -> bool {
        let relevant: Vec<&PerPath> = self
            .per_path
            .iter()
            .filter(|p| p.ignore.iter().any(|s| s.matches(rule_id)))
            .collect();
        if relevant.is_empty() {
            return false;
        }
        let rel = self.relative(path);
        relevant.iter().any(|p| p.matches(&rel))
    }

    /// The severity of rule `rule_id`: an override naming the rule, else one naming its pack,
    /// else `default`.
    pub fn severity(&self, rule_id: &str, default: Severity) -> Severity {
        let by_id = self.severity.iter().find(|(s, _)| !s.is_pack() && s.matches(rule_id));
        let by_pack = || self.severity.iter().find(|(s, _)| s.is_pack() && s.matches(rule_id));
        by_id.or_else(by_pack).map_or(default, |(_, severity)| *severity)
    }

    /// The `fail-on` value (`error`, `warning`, `info` or `never`) when the file sets one.
    pub fn fail_on(&self) -> Option<&str> {
        self.fail_on.as_ref().map(|(value, _)| value.as_str())
    }

    /// The extra rule files and folders, resolved against the configuration folder.
    pub fn rule_paths(&self) -> Vec<PathBuf> {
        self.rules.iter().map(|e| e.path.clone()).collect()
    }

    /// The alias tables, resolved against the configuration folder.
    pub fn alias_paths(&self) -> Vec<PathBuf> {
        self.aliases.iter().map(|e| e.path.clone()).collect()
    }

    /// The references (files or folders), resolved against the configuration folder.
    pub fn reference_paths(&self) -> Vec<PathBuf> {
        self.references.iter().map(|e| e.path.clone()).collect()
    }

    /// The `rules` entries with their spans, so that a missing folder can be reported where
    /// it is written.
    pub fn rule_entries(&self) -> &[PathEntry] {
        &self.rules
    }

    /// The `aliases` entries with their spans.
    pub fn alias_entries(&self) -> &[PathEntry] {
        &self.aliases
    }

    /// Every selector of the file — in `select`, `ignore`, `[severity]` and `[[per-path]]` —
    /// in file order.
    pub fn selectors(&self) -> Vec<&Selector> {
        let mut all: Vec<&Selector> = self.select.iter().flatten().collect();
        all.extend(&self.ignore);
        all.extend(self.severity.iter().map(|(s, _)| s));
        all.extend(self.per_path.iter().flat_map(|p| &p.ignore));
        all.sort_by_key(|s| (s.span.start, s.span.end));
        all
    }

    /// The `[[per-path]]` tables, in file order.
    pub fn per_path(&self) -> &[PerPath] {
        &self.per_path
    }

    /// A problem for every selector that names no loaded rule or pack, at the selector,
    /// with a suggestion when a rule or pack has a close name. `known_ids` are the ids
    /// (`pack/name`) of every loaded rule.
    pub fn unknown_rules(&self, known_ids: &[&str]) -> Vec<Problem> {
        let Some(file) = self.file else {
            return Vec::new();
        };
        let packs = packs(known_ids);
        let mut problems = Vec::new();
        for selector in self.selectors() {
            let exists = if selector.is_pack() {
                packs.contains(&selector.text.as_str())
            } else {
                known_ids.contains(&selector.text.as_str())
            };
            if exists {
                continue;
            }
            let (message, label) = if selector.is_pack() {
                (format!("no rule pack is named `{}`", selector.text), "unknown pack")
            } else {
                (format!("no rule has the id `{}`", selector.text), "unknown rule")
            };
            let mut problem = Problem::at(&self.path, file, selector.span, message, label);
            if let Some(hint) = suggest_rule(&selector.text, known_ids, &packs) {
                problem = problem.with_note(format!("did you mean `{hint}`?"));
            }
            problems.push(problem.with_note("`factlint rules` lists the loaded rules and their packs"));
        }
        problems
    }

    /// `path` relative to the configuration folder, with `/` between its parts.
    fn relative(&self, path: &Path) -> String {
        let rel = if self.dir.as_os_str().is_empty() {
            path
        } else {
            path.strip_prefix(&self.dir).unwrap_or(path)
        };
        let mut out = String::new();
        for part in rel.components() {
            let piece = match part {
                Component::CurDir | Component::RootDir | Component::Prefix(_) => continue,
                Component::ParentDir => "..".into(),
                Component::Normal(name) => name.to_string_lossy(),
            };
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(&piece);
        }
        out
    }
}

/// A close known name for the selector `text`: the full id of a bare rule name, or the
/// nearest id or pack by edit distance.
pub(crate) fn suggest_rule(text: &str, known_ids: &[&str], packs: &[&str]) -> Option<String> {
    if !text.contains('/') {
        let mut by_name = known_ids
            .iter()
            .filter(|id| id.split_once('/').is_some_and(|(_, n)| n == text));
        if let Some(id) = by_name.next() {
            return Some((*id).to_string());
        }
    }
    let candidates: Vec<&str> = if text.contains('/') {
        known_ids.to_vec()
    } else {
        packs.to_vec()
    };
    closest(text, &candidates).map(str::to_string)
}

/// The candidate nearest to `word` by edit distance, when near enough to be a typo.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Long words are no typo of a short key, and the distance is quadratic in length.
    if word.chars().count() > 64 {
        return None;
    }
    // "warn" for "warning": a clear start of a name is a better hint than a distant typo.
    if word.len() >= 3
        && let Some(c) = candidates.iter().find(|c| c.starts_with(word))
    {
        return Some(c);
    }
    candidates
        .iter()
        .map(|c| (words::edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A mistake inside a string: the byte range in the decoded string, the message, the label.
type InnerError = (std::ops::Range<usize>, String, String);

/// Checks that `text` is shaped like a pack (`hygiene`) or a rule id (`hygiene/glued-words`).
fn check_selector(text: &str) -> Result<(), InnerError> {
    if text.is_empty() {
        return Err((
            0..0,
            "empty rule selector".into(),
            "name a pack (`hygiene`) or a rule id (`hygiene/glued-words`)".into(),
        ));
    }
    let mut slashes = text.match_indices('/');
    let first_slash = slashes.next().map(|(i, _)| i);
    if let Some((second, _)) = slashes.next() {
        return Err((
            second..second + 1,
            format!("`{text}` has more than one `/`"),
            "a rule id is `pack/rule-name`".into(),
        ));
    }
    let (pack, name) = match first_slash {
        Some(i) => (&text[..i], Some((i + 1, &text[i + 1..]))),
        None => (text, None),
    };
    if pack.is_empty() {
        return Err((
            0..1,
            format!("`{text}` names no pack"),
            "a pack name goes before `/`".into(),
        ));
    }
    check_part(
        pack,
        0,
        |c| c.is_ascii_alphanumeric() || c == '-' || c == '_',
        "a pack name",
    )?;
    if let Some((offset, name)) = name {
        if name.is_empty() {
            return Err((
                offset - 1..offset,
                format!("`{text}` names no rule"),
                "a rule name goes after `/`; write the pack alone to select all its rules".into(),
            ));
        }
        check_part(
            name,
            offset,
            |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-',
            "a rule name (lowercase kebab-case)",
        )?;
    }
    Ok(())
}

/// Finds the first character of `part` (at `offset` in the selector) that `allowed` refuses.
fn check_part(part: &str, offset: usize, allowed: impl Fn(char) -> bool, what: &str) -> Result<(), InnerError> {
    let Some((i, c)) = part.char_indices().find(|(_, c)| !allowed(*c)) else {
        return Ok(());
    };
    let at = offset + i..offset + i + c.len_utf8();
    let (message, label) = match c {
        '*' | '?' | '[' | '{' => (
            "rule selectors are not globs".to_string(),
            "name the pack to select all its rules".to_string(),
        ),
        c if c.is_whitespace() => (
            format!("a space cannot appear in {what}"),
            "one selector per string".to_string(),
        ),
        c if c.is_ascii_uppercase() => (
            format!("`{c}` cannot appear in {what}"),
            "rule names are lowercase".to_string(),
        ),
        c => (format!("`{c}` cannot appear in {what}"), "not allowed here".to_string()),
    };
    Err((at, message, label))
}

/// Walks the TOML tree of the file, filling a [`Config`] and collecting problems.
struct Parser<'a> {
    path: &'a str,
    file: FileId,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Parser<'_> {
    fn problem(&self, span: Span, message: impl Into<String>, label: impl Into<String>) -> Problem {
        Problem::at(self.path, self.file, self.clamp(span), message, label)
    }

    fn report(&mut self, span: Span, message: impl Into<String>, label: impl Into<String>) {
        let problem = self.problem(span, message, label);
        self.problems.push(problem);
    }

    /// A span from the TOML parser, kept inside the text and on char boundaries.
    fn clamp(&self, span: Span) -> Span {
        span.clamp_to(self.text)
    }

    fn span_of<T>(value: &Spanned<T>) -> Span {
        Span::new(value.span().start, value.span().end)
    }

    /// The file span of `inner`, a byte range of the decoded string `value` written at
    /// `span`. Exact when the string is written without escapes (bare key, `"…"` or `'…'`);
    /// the whole string otherwise.
    fn inner_span(&self, span: Span, value: &str, inner: &std::ops::Range<usize>) -> Span {
        let span = self.clamp(span);
        let written = span.text(self.text);
        let body = if written == value {
            Some(span.start)
        } else {
            let quoted = |q: char| written.len() == value.len() + 2 && written.starts_with(q) && written.ends_with(q);
            (written.get(1..written.len().saturating_sub(1)) == Some(value) && (quoted('"') || quoted('\'')))
                .then_some(span.start + 1)
        };
        match body {
            Some(start) if inner.end <= value.len() => Span::new(start + inner.start, start + inner.end),
            _ => span,
        }
    }

    fn top(&mut self, table: &DeTable<'_>, config: &mut Config) {
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "select" => config.select = Some(self.selectors("select", value)),
                "ignore" => config.ignore = self.selectors("ignore", value),
                "fail-on" => config.fail_on = self.fail_on(value),
                "rules" => config.rules = self.paths("rules", value, &config.dir),
                "aliases" => config.aliases = self.paths("aliases", value, &config.dir),
                "references" => config.references = self.paths("references", value, &config.dir),
                "severity" => config.severity = self.severity(value),
                "per-path" => config.per_path = self.per_path(value),
                _ => self.unknown_key(key, TOP_KEYS, "factlint.toml"),
            }
        }
    }

    fn unknown_key(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>, known: &[&str], place: &str) {
        let name = key.get_ref();
        let mut problem = self.problem(
            Self::span_of(key),
            format!("unknown key `{name}` in {place}"),
            "unknown key",
        );
        if let Some(hint) = closest(name, known) {
            problem = problem.with_note(format!("did you mean `{hint}`?"));
        }
        let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        self.problems.push(problem.with_note(format!("the keys are {list}")));
    }

    /// The strings of an array, reporting a value that is not an array of strings.
    fn strings<'v>(&mut self, key: &str, value: &'v Spanned<DeValue<'_>>, example: &str) -> Vec<(&'v str, Span)> {
        let DeValue::Array(items) = value.get_ref() else {
            // A lone string is the common slip: show it inside brackets.
            let label = match value.get_ref() {
                DeValue::String(s) if s.len() <= 60 && !s.contains(['"', '\\']) => {
                    format!("write `[\"{s}\"]`")
                }
                _ => format!("write `{key} = {example}`"),
            };
            self.report(
                Self::span_of(value),
                format!("`{key}` must be an array of strings, not {}", article(value.get_ref())),
                label,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.as_ref(), Self::span_of(item))),
                other => self.report(
                    Self::span_of(item),
                    format!("`{key}` holds strings, not {}", article(other)),
                    "expected a string",
                ),
            }
        }
        out
    }

    fn selectors(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Vec<Selector> {
        let mut out = Vec::new();
        for (text, span) in self.strings(key, value, r#"["hygiene", "dates/weekday-mismatch"]"#) {
            if let Some(selector) = self.selector(text, span) {
                out.push(selector);
            }
        }
        out
    }

    fn selector(&mut self, text: &str, span: Span) -> Option<Selector> {
        match check_selector(text) {
            Ok(()) => Some(Selector {
                text: text.to_string(),
                span: self.clamp(span),
            }),
            Err((inner, message, label)) => {
                let at = self.inner_span(span, text, &inner);
                self.report(at, message, label);
                None
            }
        }
    }

    fn fail_on(&mut self, value: &Spanned<DeValue<'_>>) -> Option<(String, Span)> {
        let span = Self::span_of(value);
        let DeValue::String(s) = value.get_ref() else {
            self.report(
                span,
                format!("`fail-on` must be a string, not {}", article(value.get_ref())),
                r#"write `fail-on = "warning"`"#,
            );
            return None;
        };
        if FAIL_ON_VALUES.contains(&s.as_ref()) {
            return Some((s.to_string(), self.clamp(span)));
        }
        let mut problem = self.problem(
            span,
            format!("unknown `fail-on` value `{s}`"),
            "expected `error`, `warning`, `info` or `never`",
        );
        if let Some(hint) = closest(s, FAIL_ON_VALUES) {
            problem = problem.with_note(format!("did you mean `{hint}`?"));
        }
        self.problems.push(problem);
        None
    }

    fn paths(&mut self, key: &str, value: &Spanned<DeValue<'_>>, dir: &Path) -> Vec<PathEntry> {
        let example = match key {
            "rules" => r#"["house-rules/"]"#,
            "references" => r#"["wires/"]"#,
            _ => r#"["aliases.toml"]"#,
        };
        let mut out = Vec::new();
        for (text, span) in self.strings(key, value, example) {
            if text.trim().is_empty() {
                self.report(span, format!("an empty path in `{key}`"), "name a file or folder");
                continue;
            }
            out.push(PathEntry {
                text: text.to_string(),
                span: self.clamp(span),
                path: dir.join(text),
            });
        }
        out
    }

    fn severity(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<(Selector, Severity)> {
        let DeValue::Table(table) = value.get_ref() else {
            self.report(
                Self::span_of(value),
                format!("`severity` must be a table, not {}", article(value.get_ref())),
                r#"write `[severity]` then lines like `"hygiene/glued-words" = "error"`"#,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, level) in table.iter() {
            let selector = self.selector(key.get_ref(), Self::span_of(key));
            let severity = match level.get_ref() {
                DeValue::String(s) => match s.as_ref() {
                    "error" => Some(Severity::Error),
                    "warning" => Some(Severity::Warning),
                    "info" => Some(Severity::Info),
                    other => {
                        let mut problem = self.problem(
                            Self::span_of(level),
                            format!("unknown severity `{other}`"),
                            "expected `error`, `warning` or `info`",
                        );
                        if let Some(hint) = closest(other, SEVERITIES) {
                            problem = problem.with_note(format!("did you mean `{hint}`?"));
                        }
                        if other == "off" || other == "never" || other == "none" {
                            problem = problem.with_note("to turn a rule off, add it to `ignore`");
                        }
                        self.problems.push(problem);
                        None
                    }
                },
                other => {
                    self.report(
                        Self::span_of(level),
                        format!("a severity is a string, not {}", article(other)),
                        r#"expected `"error"`, `"warning"` or `"info"`"#,
                    );
                    None
                }
            };
            if let (Some(selector), Some(severity)) = (selector, severity) {
                out.push((selector, severity));
            }
        }
        out
    }

    fn per_path(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<PerPath> {
        let DeValue::Array(tables) = value.get_ref() else {
            self.report(
                Self::span_of(value),
                format!(
                    "`per-path` must be an array of tables, not {}",
                    article(value.get_ref())
                ),
                "write `[[per-path]]` then `paths = [...]` and `ignore = [...]`",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in tables.iter() {
            let DeValue::Table(table) = item.get_ref() else {
                self.report(
                    Self::span_of(item),
                    format!("`per-path` holds tables, not {}", article(item.get_ref())),
                    "expected a table with `paths` and `ignore`",
                );
                continue;
            };
            let header = Self::span_of(item);
            let mut paths = None;
            let mut ignore = None;
            for (key, v) in table.iter() {
                match key.get_ref().as_ref() {
                    "paths" => paths = Some(self.globs(v)),
                    "ignore" => ignore = Some(self.selectors("ignore", v)),
                    _ => self.unknown_key(key, PER_PATH_KEYS, "a `[[per-path]]` table"),
                }
            }
            match (&paths, &ignore) {
                (None, _) => self.report(
                    header,
                    "this `[[per-path]]` table has no `paths`",
                    r#"add `paths = ["wires/**"]`"#,
                ),
                (_, None) => self.report(
                    header,
                    "this `[[per-path]]` table has no `ignore`",
                    r#"add `ignore = ["hygiene"]`"#,
                ),
                _ => {}
            }
            if let (Some((globs, paths)), Some(ignore)) = (paths, ignore) {
                out.push(PerPath { paths, ignore, globs });
            }
        }
        out
    }

    /// Compiles the globs of `paths`, reporting each that does not compile.
    fn globs(&mut self, value: &Spanned<DeValue<'_>>) -> (GlobSet, Vec<(String, Span)>) {
        let mut builder = GlobSetBuilder::new();
        let mut written = Vec::new();
        let strings = self.strings("paths", value, r#"["wires/**", "archive/*.md"]"#);
        if strings.is_empty() && matches!(value.get_ref(), DeValue::Array(_)) {
            self.report(
                Self::span_of(value),
                "`paths` is empty, so this table applies to no file",
                "add globs",
            );
        }
        for (text, span) in strings {
            let Some(pattern) = glob_pattern(text) else {
                self.report(span, "an empty glob", "it would match no file");
                continue;
            };
            match GlobBuilder::new(&pattern)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
            {
                Ok(glob) => {
                    builder.add(glob);
                    written.push((text.to_string(), self.clamp(span)));
                }
                Err(e) => self.report(span, format!("invalid glob: {}", e.kind()), "here"),
            }
        }
        // Every glob was compiled on its own above, so the set builds; an empty set is the
        // fallback that matches nothing.
        let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
        (set, written)
    }
}

/// The glob to compile for `text`: anchored at the configuration folder when it holds a
/// `/`, matching a name at any depth otherwise, as in `.gitignore`. `None` when empty.
fn glob_pattern(text: &str) -> Option<String> {
    let trimmed = text.strip_prefix("./").unwrap_or(text).trim_end_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    Some(match trimmed.strip_prefix('/') {
        Some(anchored) => anchored.to_string(),
        None if trimmed.contains('/') => trimmed.to_string(),
        None => format!("**/{trimmed}"),
    })
}

/// The packs of rule ids (`hygiene` of `hygiene/doubled-word`), sorted, each once.
pub(crate) fn packs<'a>(ids: &[&'a str]) -> Vec<&'a str> {
    let mut packs: Vec<&str> = ids.iter().filter_map(|id| id.split_once('/')).map(|(p, _)| p).collect();
    packs.sort_unstable();
    packs.dedup();
    packs
}

/// "a string", "an integer": the TOML type of a value, for messages.
fn article(value: &DeValue<'_>) -> &'static str {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        let mut db = SourceDb::new();
        match parse(&mut db, "news/factlint.toml", text) {
            Ok(c) => c,
            Err(problems) => panic!("unexpected problems: {problems:#?}"),
        }
    }

    fn problems(text: &str) -> Vec<(String, String)> {
        let mut db = SourceDb::new();
        match parse(&mut db, "factlint.toml", text) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .into_iter()
                .map(|p| {
                    let span = p.label.map(|l| l.span).unwrap_or_default();
                    (span.text(text).to_string(), p.message)
                })
                .collect(),
        }
    }

    #[test]
    fn the_starter_file_parses_and_changes_nothing() {
        let c = config(STARTER);
        assert_eq!(c.fail_on(), Some("error"));
        assert!(c.enabled("hygiene/glued-words", Path::new("news/a.md")));
        assert_eq!(c.severity("dates/weekday-mismatch", Severity::Error), Severity::Error);
    }

    #[test]
    fn the_starter_file_parses_with_every_example_uncommented() {
        let uncommented: String = STARTER
            .lines()
            .map(|line| {
                let rest = line.strip_prefix("# ").unwrap_or(line);
                // An example is a table header or `key = value` whose key has no space.
                let is_example = rest.starts_with('[')
                    || rest
                        .split_once(" = ")
                        .is_some_and(|(key, _)| !key.is_empty() && !key.contains(' '));
                if is_example { rest } else { line }.to_string() + "\n"
            })
            .collect();
        let c = config(&uncommented);
        assert!(!c.enabled("dates/relative-day-word", Path::new("news/story.md")));
        assert!(!c.enabled("hygiene/glued-words", Path::new("news/wires/ap.txt")));
        assert_eq!(c.severity("hygiene/glued-words", Severity::Warning), Severity::Error);
        assert_eq!(c.rule_paths(), vec![PathBuf::from("news/house-rules/")]);
        assert_eq!(c.reference_paths(), vec![PathBuf::from("news/wires/")]);
    }

    #[test]
    fn selectors_match_packs_and_ids() {
        let pack = Selector {
            text: "hygiene".into(),
            span: Span::default(),
        };
        assert!(pack.matches("hygiene/glued-words"));
        assert!(!pack.matches("hygiene-extra/glued-words"));
        assert!(!pack.matches("hygiene"));
        let id = Selector {
            text: "dates/impossible-date".into(),
            span: Span::default(),
        };
        assert!(id.matches("dates/impossible-date"));
        assert!(!id.matches("dates/impossible-dates"));
    }

    #[test]
    fn selector_shapes() {
        for good in ["hygiene", "house_rules", "dates/weekday-mismatch", "Desk-2/rule-9"] {
            assert_eq!(check_selector(good).map_err(|e| e.1), Ok(()), "{good}");
        }
        for (bad, at) in [
            ("", ""),
            ("a/b/c", "/"),
            ("/glued-words", "/"),
            ("hygiene/", "/"),
            ("hygiene/*", "*"),
            ("hygiene/Glued", "G"),
            ("hygiene glued", " "),
            ("hygiene/glued_words", "_"),
            ("dätes", "ä"),
        ] {
            match check_selector(bad) {
                Ok(()) => panic!("{bad:?} accepted"),
                Err((range, _, _)) => assert_eq!(&bad[range], at, "{bad:?}"),
            }
        }
    }

    #[test]
    fn problems_point_inside_strings_when_written_without_escapes() {
        assert_eq!(
            problems("select = [\"hygiene/Glued\"]\nignore = ['dates/*']\n"),
            vec![
                (
                    "G".to_string(),
                    "`G` cannot appear in a rule name (lowercase kebab-case)".to_string()
                ),
                ("*".to_string(), "rule selectors are not globs".to_string()),
            ]
        );
        // With an escape the offsets no longer line up, so the whole string is shown.
        assert_eq!(
            problems("select = [\"hygiene/\\u0047lued\"]\n"),
            vec![(
                "\"hygiene/\\u0047lued\"".to_string(),
                "`G` cannot appear in a rule name (lowercase kebab-case)".to_string()
            )]
        );
    }

    #[test]
    fn syntax_errors_are_not_reported_twice() {
        let found = problems("fail-on = \nselect = [hygiene]\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|(_, m)| m.starts_with("invalid TOML")), "{found:?}");
    }

    #[test]
    fn severity_by_id_wins_over_pack() {
        let c = config("[severity]\nhygiene = \"info\"\n\"hygiene/glued-words\" = \"error\"\n");
        assert_eq!(c.severity("hygiene/glued-words", Severity::Warning), Severity::Error);
        assert_eq!(c.severity("hygiene/doubled-word", Severity::Warning), Severity::Info);
        assert_eq!(
            c.severity("dates/impossible-date", Severity::Warning),
            Severity::Warning
        );
    }

    #[test]
    fn paths_resolve_against_the_config_folder() {
        let c = config("rules = [\"house/\", \"/etc/factlint/rules\"]\naliases = [\"people.toml\"]\n");
        assert_eq!(
            c.rule_paths(),
            vec![PathBuf::from("news/house/"), PathBuf::from("/etc/factlint/rules")]
        );
        assert_eq!(c.alias_paths(), vec![PathBuf::from("news/people.toml")]);
    }

    #[test]
    fn globs_follow_gitignore_habits() {
        let c = config("[[per-path]]\npaths = [\"wires\", \"archive/*.md\", \"/drafts/\"]\nignore = [\"hygiene\"]\n");
        let off = |p: &str| !c.enabled("hygiene/glued-words", Path::new(p));
        assert!(off("news/wires/ap.txt"));
        assert!(off("wires/2020/12/reuters.txt"));
        assert!(off("desk/wires/afp.md"));
        assert!(off("news/archive/old.md"));
        assert!(!off("news/archive/2019/old.md"));
        assert!(off("drafts/lede.md"));
        assert!(!off("desk/drafts/lede.md"));
        assert!(!off("news/story.md"));
        assert!(c.enabled("dates/weekday-mismatch", Path::new("wires/ap.txt")));
    }

    #[test]
    fn candidates_go_upward() {
        assert_eq!(
            candidates(Path::new("/desk/news/story.md"), false),
            vec![
                PathBuf::from("/desk/news/factlint.toml"),
                PathBuf::from("/desk/factlint.toml"),
                PathBuf::from("/factlint.toml"),
            ]
        );
        assert_eq!(candidates(Path::new("/desk"), true).len(), 2);
    }

    #[test]
    fn unknown_rules_come_with_a_suggestion() {
        let mut db = SourceDb::new();
        let text = "select = [\"glued-words\", \"dates/weekday-mismatc\", \"datez\", \"hygiene\"]\n";
        let c = parse(&mut db, "factlint.toml", text).expect("well-formed");
        let ids = ["hygiene/glued-words", "dates/weekday-mismatch"];
        let notes: Vec<String> = c
            .unknown_rules(&ids)
            .into_iter()
            .map(|p| p.notes.first().cloned().unwrap_or_default())
            .collect();
        assert_eq!(
            notes,
            vec![
                "did you mean `hygiene/glued-words`?",
                "did you mean `dates/weekday-mismatch`?",
                "did you mean `dates`?",
            ]
        );
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(words::edit_distance("selct", "select"), 1);
        assert_eq!(words::edit_distance("fail_on", "fail-on"), 1);
        assert_eq!(words::edit_distance("", "abc"), 3);
        assert_eq!(closest("warn", SEVERITIES), Some("warning"));
        assert_eq!(closest("fatal", SEVERITIES), None);
        assert_eq!(closest("warnin", SEVERITIES), Some("warning"));
    }
}

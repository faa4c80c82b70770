//! SARIF 2.1.0, the format of static analysis results that GitHub code scanning and editors
//! read: the rules, each finding with its places and fixes, and the problems of the run as
//! notifications. Columns count UTF-16 code units (`columnKind`).
//!
//! The structs mirror the parts of the OASIS schema factlint fills; `tests/outputs.rs`
//! validates the output against a copy of the schema.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Edit, Label, Notice, Problem, Safety, Severity};
use crate::rules::RuleSet;
use crate::source::{FileId, SourceDb};
use crate::span::Span;

/// The schema the document follows.
const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The base that relative artifact URIs are resolved against: the folder factlint ran in.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

/// A `reportingDescriptor`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Message>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// A `message`, or a `multiformatMessageString`: plain text and, for rule help, Markdown.
#[derive(Serialize)]
struct Message {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

impl Message {
    fn text(text: impl Into<String>) -> Self {
        Message {
            text: text.into(),
            markdown: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// Lines and columns are 1-based; columns count UTF-16 code units and `endColumn` is the
/// column after the last character.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Content>,
}

#[derive(Serialize)]
struct Content {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    description: Message,
    artifact_changes: Vec<ArtifactChange>,
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    safety: Safety,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Content,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    level: &'static str,
    message: Message,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    /// The rule a notice is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    associated_rule: Option<RuleReference>,
}

/// A `reportingDescriptorReference`: a rule of the driver, by id and index.
#[derive(Serialize)]
struct RuleReference {
    id: String,
    index: usize,
}

/// One SARIF log of one run, pretty-printed: the rules of `rules` that report findings,
/// every diagnostic as a result, every problem as an error notification of the invocation,
/// which then did not succeed, and every notice as a warning notification about its rule.
///
/// Paths relative to the working folder become URIs relative to `%SRCROOT%`; when `root`,
/// the working folder, is given, `%SRCROOT%` is declared as its `file:` URI and absolute
/// paths inside it are made relative.
pub fn sarif(
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    rules: &RuleSet,
    problems: &[Problem],
    notices: &[Notice],
    root: Option<&Path>,
) -> String {
    // Extraction rules report nothing: they are not rules of the results.
    let mut descriptors: Vec<Rule> = rules
        .rules
        .iter()
        .filter(|r| !r.is_extraction())
        .map(|r| Rule {
            id: r.id.clone(),
            name: Some(r.id.rsplit('/').next().unwrap_or(&r.id).to_string()),
            short_description: Some(Message::text(r.summary.clone())),
            full_description: first_paragraph(&r.doc).map(Message::text),
            help: (!r.doc.trim().is_empty()).then(|| Message {
                text: plain(&r.doc),
                markdown: Some(r.doc.trim().to_string()),
            }),
            default_configuration: Configuration {
                level: level(r.severity),
            },
        })
        .collect();
    let mut index: BTreeMap<String, usize> = descriptors.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
    let mut results = Vec::new();
    for d in diagnostics {
        // Findings of factlint itself (suppression comments) have no rule file: they get a
        // descriptor of their own so that `ruleIndex` always points at one.
        let rule_index = *index.entry(d.rule.clone()).or_insert_with(|| {
            descriptors.push(Rule {
                id: d.rule.clone(),
                name: None,
                short_description: None,
                full_description: None,
                help: None,
                default_configuration: Configuration {
                    level: level(d.severity),
                },
            });
            descriptors.len() - 1
        });
        results.push(SarifResult {
            rule_id: d.rule.clone(),
            rule_index,
            level: level(d.severity),
            message: Message::text(d.message.clone()),
            locations: vec![location(db, &d.primary, None, root)],
            related_locations: d
                .secondary
                .iter()
                .enumerate()
                .map(|(i, l)| location(db, l, Some(i + 1), root))
                .collect(),
            fixes: d
                .fix
                .iter()
                .map(|f| Fix {
                    description: Message::text(d.help.clone().unwrap_or_else(|| "apply the suggested edit".into())),
                    artifact_changes: changes(db, &f.edits, root),
                    properties: FixProperties { safety: f.safety },
                })
                .collect(),
        });
    }
    let notifications = problems
        .iter()
        .map(|p| {
            let mut text = p.message.clone();
            for note in &p.notes {
                text.push('\n');
                text.push_str(note);
            }
            let locations = match &p.label {
                Some(l) => vec![location(db, l, None, root)],
                None => vec![Location {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location: artifact(&p.path, root),
                        region: None,
                    },
                    message: None,
                }],
            };
            Notification {
                level: "error",
                message: Message::text(text),
                locations,
                associated_rule: None,
            }
        })
        .chain(notices.iter().map(|n| Notification {
            level: "warning",
            message: Message::text(n.text()),
            locations: Vec::new(),
            associated_rule: index.get(&n.rule).map(|&index| RuleReference {
                id: n.rule.clone(),
                index,
            }),
        }))
        .collect();
    let mut base_ids = BTreeMap::new();
    if let Some(root) = root.filter(|r| r.is_absolute()) {
        let mut uri = file_uri(&slashed(&root.to_string_lossy()));
        if !uri.ends_with('/') {
            uri.push('/');
        }
        base_ids.insert(SRCROOT, ArtifactLocation { uri, uri_base_id: None });
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "factlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules: descriptors,
                },
            },
            invocations: vec![Invocation {
                execution_successful: problems.is_empty(),
                tool_execution_notifications: notifications,
            }],
            original_uri_base_ids: base_ids,
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

/// The package's home page or repository, when `Cargo.toml` names one.
fn information_uri() -> Option<&'static str> {
    [option_env!("CARGO_PKG_HOMEPAGE"), option_env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .flatten()
        .find(|uri| !uri.is_empty())
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The place of `l`, with its message and, for related locations, its `id`.
fn location(db: &SourceDb, l: &Label, id: Option<usize>, root: Option<&Path>) -> Location {
    let file = db.get(l.file);
    let snippet = file
        .text()
        .get(l.span.start..l.span.end)
        .map(|text| Content { text: text.into() });
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact(file.name(), root),
            region: Some(Region {
                snippet,
                ..region(db, l.file, l.span)
            }),
        },
        message: (!l.message.is_empty()).then(|| Message::text(l.message.clone())),
    }
}

fn region(db: &SourceDb, file: FileId, span: Span) -> Region {
    let file = db.get(file);
    let (start_line, start_column) = file.line_column_utf16(span.start);
    let (end_line, end_column) = file.line_column_utf16(span.end);
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
        snippet: None,
    }
}

/// The edits of a fix, grouped by file in the order the files first appear.
fn changes(db: &SourceDb, edits: &[Edit], root: Option<&Path>) -> Vec<ArtifactChange> {
    let mut changes: Vec<(FileId, ArtifactChange)> = Vec::new();
    for e in edits {
        let replacement = Replacement {
            deleted_region: region(db, e.file, e.span),
            inserted_content: Content {
                text: e.replacement.clone(),
            },
        };
        match changes.iter_mut().find(|(f, _)| *f == e.file) {
            Some((_, change)) => change.replacements.push(replacement),
            None => changes.push((
                e.file,
                ArtifactChange {
                    artifact_location: artifact(db.get(e.file).name(), root),
                    replacements: vec![replacement],
                },
            )),
        }
    }
    changes.into_iter().map(|(_, c)| c).collect()
}

/// The artifact named `path` (as given on the command line): a URI relative to `%SRCROOT%`,
/// or an absolute `file:` URI for a path outside the working folder.
fn artifact(path: &str, root: Option<&Path>) -> ArtifactLocation {
    let p = Path::new(path);
    if p.is_absolute() {
        match root.and_then(|r| p.strip_prefix(r).ok()) {
            Some(inside) => return relative(inside),
            None => {
                return ArtifactLocation {
                    uri: file_uri(&slashed(path)),
                    uri_base_id: None,
                };
            }
        }
    }
    relative(p)
}

fn relative(path: &Path) -> ArtifactLocation {
    let segments: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| encode(&c.as_os_str().to_string_lossy(), false))
        .collect();
    ArtifactLocation {
        uri: segments.join("/"),
        uri_base_id: Some(SRCROOT),
    }
}

/// `path` with the platform's separators as `/`.
fn slashed(path: &str) -> String {
    if std::path::MAIN_SEPARATOR == '\\' {
        path.replace('\\', "/")
    } else {
        path.to_string()
    }
}

/// The `file:` URI of an absolute path written with `/` (`C:/x` on Windows).
fn file_uri(path: &str) -> String {
    let path = encode(path, true);
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        format!("file:///{path}")
    }
}

/// `s` percent-encoded for a URI path: `/` is kept when `path` is true (a whole path, where
/// `:` is also kept, as in `C:`); otherwise `s` is one segment of a relative reference,
/// where `:` and `/` must be encoded.
fn encode(s: &str, path: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) || (path && (b == b'/' || b == b':'));
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The first paragraph of a Markdown text that is not a heading, as plain text.
fn first_paragraph(markdown: &str) -> Option<String> {
    markdown
        .split("\n\n")
        .map(|p| {
            p.lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .map(|p| plain(&p))
        .find(|p| !p.is_empty())
}

/// Markdown as plain text: heading marks, the marks of quoted blocks and code ticks taken
/// out; a heading on its own line, the other lines of a paragraph joined.
fn plain(markdown: &str) -> String {
    let mut blocks = Vec::new();
    for block in markdown.trim().split("\n\n") {
        let mut lines: Vec<String> = Vec::new();
        let mut paragraph: Vec<String> = Vec::new();
        for line in block.lines().map(str::trim) {
            if line.starts_with('#') {
                if !paragraph.is_empty() {
                    lines.push(paragraph.join(" "));
                    paragraph.clear();
                }
                lines.push(line.trim_start_matches('#').trim().to_string());
            } else {
                let text = line.trim_start_matches('>').trim().replace('`', "");
                if !text.is_empty() {
                    paragraph.push(text);
                }
            }
        }
        if !paragraph.is_empty() {
            lines.push(paragraph.join(" "));
        }
        if !lines.is_empty() {
            blocks.push(lines.join("\n"));
        }
    }
    blocks.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uris_relative_to_the_working_folder() {
        let rel = artifact("./examples/baghdad/the hill.txt", None);
        assert_eq!(rel.uri, "examples/baghdad/the%20hill.txt");
        assert_eq!(rel.uri_base_id, Some(SRCROOT));
        assert_eq!(artifact("<stdin>", None).uri, "%3Cstdin%3E");
        // A colon in the first segment would read as a URI scheme.
        assert_eq!(artifact("wire:a.txt", None).uri, "wire%3Aa.txt");
        if cfg!(unix) {
            let inside = artifact("/work/news/draft.md", Some(Path::new("/work/news")));
            assert_eq!((inside.uri.as_str(), inside.uri_base_id), ("draft.md", Some(SRCROOT)));
            let outside = artifact("/srv/wires/wire a.txt", Some(Path::new("/work/news")));
            assert_eq!(
                (outside.uri.as_str(), outside.uri_base_id),
                ("file:///srv/wires/wire%20a.txt", None)
            );
        }
    }

    #[test]
    fn rule_docs_become_plain_text() {
        let doc =
            "## What it catches\nA word written twice:\n\"the the\".\n\n## Instead\n> Officials said `the` once.\n";
        assert_eq!(
            first_paragraph(doc).as_deref(),
            Some("A word written twice: \"the the\".")
        );
        assert_eq!(
            plain(doc),
            "What it catches\nA word written twice: \"the the\".\n\nInstead\nOfficials said the once."
        );
    }
}

//! The configuration files of a run: finding the nearest `factlint.toml` above each
//! article, and applying configurations and suppression comments to the findings.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::article::{Article, Role};
use crate::config::{self, Config};
use crate::diagnostic::{Diagnostic, Label, Problem, Severity};
use crate::extract::entity::AliasTable;
use crate::source::{FileId, SourceDb};
use crate::span::Span;
use crate::suppress;

use super::Selection;
use super::input::{self, Disk, STDIN_NAME};

/// The configuration files of a run, and which one each article follows.
#[derive(Debug, Default)]
pub struct Configs {
    configs: Vec<Config>,
    /// Configuration by article file; articles with none follow the defaults.
    by_file: HashMap<FileId, usize>,
    /// Configuration found for each folder already searched.
    by_dir: HashMap<PathBuf, Option<usize>>,
    /// `--config`: one configuration for every article.
    only: Option<usize>,
    /// The rules chosen over the configurations' choice.
    selection: Selection,
}

impl Configs {
    /// No configuration yet, and `selection` over those to come.
    pub fn with_selection(selection: Selection) -> Self {
        Configs {
            selection,
            ..Configs::default()
        }
    }

    /// Reads the configuration file given with `--config`, which every article follows.
    pub fn load_only(&mut self, db: &mut SourceDb, disk: Disk<'_>, path: &Path, problems: &mut Vec<Problem>) {
        self.only = self.read(db, disk, path, problems);
        if self.only.is_none() && problems.is_empty() {
            problems.push(Problem::at_path(
                path.display().to_string(),
                "cannot use this configuration file",
            ));
        }
    }

    /// Finds the nearest factlint.toml above the current folder, for commands that read no
    /// article (`rules`, `explain`).
    pub fn discover_here(&mut self, db: &mut SourceDb, disk: Disk<'_>, problems: &mut Vec<Problem>) {
        self.only = self.search(db, disk, &input::current_dir(), problems);
    }

    /// Finds the nearest factlint.toml above the article in `file` (above the current
    /// folder for standard input).
    pub fn discover(&mut self, db: &mut SourceDb, disk: Disk<'_>, file: FileId, problems: &mut Vec<Problem>) {
        if self.only.is_some() {
            return;
        }
        let name = db.get(file).name().to_string();
        let start = if name == STDIN_NAME {
            input::current_dir()
        } else {
            input::absolute(Path::new(&name))
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        if let Some(i) = self.search(db, disk, &start, problems) {
            self.by_file.insert(file, i);
        }
    }

    fn search(&mut self, db: &mut SourceDb, disk: Disk<'_>, dir: &Path, problems: &mut Vec<Problem>) -> Option<usize> {
        if let Some(found) = self.by_dir.get(dir) {
            return *found;
        }
        let candidate = dir.join(config::FILE_NAME);
        let found = if disk.is_file(&candidate) {
            self.read(db, disk, &candidate, problems)
        } else {
            dir.parent().and_then(|parent| self.search(db, disk, parent, problems))
        };
        self.by_dir.insert(dir.to_path_buf(), found);
        found
    }

    fn read(&mut self, db: &mut SourceDb, disk: Disk<'_>, path: &Path, problems: &mut Vec<Problem>) -> Option<usize> {
        let shown = path.display().to_string();
        let text = match disk.read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::at_path(
                    shown,
                    format!("cannot read configuration file: {}", input::io_message(&e)),
                ));
                return None;
            }
        };
        match config::parse(db, &shown, &text) {
            Ok(c) => {
                self.configs.push(c);
                Some(self.configs.len() - 1)
            }
            Err(mut p) => {
                problems.append(&mut p);
                None
            }
        }
    }

    fn of(&self, file: FileId) -> Option<&Config> {
        self.only
            .or_else(|| self.by_file.get(&file).copied())
            .map(|i| &self.configs[i])
    }

    /// The extra rule folders of every configuration.
    pub fn rule_paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = self.configs.iter().flat_map(Config::rule_paths).collect();
        paths.sort();
        paths.dedup();
        paths
    }

    /// The references named by the configuration of the article in `file`.
    pub fn reference_paths(&self, file: FileId) -> Vec<PathBuf> {
        self.of(file).map(Config::reference_paths).unwrap_or_default()
    }

    /// Reads the alias tables of every configuration; mistakes are located in their files.
    pub fn aliases(&self, db: &mut SourceDb, disk: Disk<'_>, problems: &mut Vec<Problem>) -> Vec<AliasTable> {
        let mut paths: Vec<PathBuf> = self.configs.iter().flat_map(Config::alias_paths).collect();
        paths.sort();
        paths.dedup();
        let mut tables = Vec::new();
        for path in paths {
            let shown = path.display().to_string();
            // A configuration is never an alias table, though its TOML would read as one.
            if path.file_name().is_some_and(|n| n == config::FILE_NAME) {
                problems.push(Problem::at_path(
                    shown,
                    format!("`{}` is a configuration file, not an alias table", config::FILE_NAME),
                ));
                continue;
            }
            let text = match disk.read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(Problem::at_path(
                        shown,
                        format!("cannot read alias table: {}", input::io_message(&e)),
                    ));
                    continue;
                }
            };
            let file = db.add(shown.clone(), text.clone());
            match AliasTable::parse_toml(&text) {
                Ok(t) => tables.push(t),
                Err(e) => problems.push(Problem::at(
                    shown,
                    file,
                    e.span,
                    format!("invalid alias table: {}", e.message),
                    "here",
                )),
            }
        }
        tables
    }

    /// Selectors of any configuration that name no loaded rule or pack.
    pub fn unknown_rules(&self, known: &[&str]) -> Vec<Problem> {
        self.configs.iter().flat_map(|c| c.unknown_rules(known)).collect()
    }

    /// The `fail-on` of the configuration: `--config`'s, or the first one found.
    pub fn fail_on(&self) -> Option<&str> {
        self.only
            .or(if self.configs.is_empty() { None } else { Some(0) })
            .and_then(|i| self.configs[i].fail_on())
    }

    /// Whether the rule runs on the article in `file`: the [`Selection`] decides over the
    /// configuration's `select` and `ignore` (see there).
    pub fn enabled(&self, db: &SourceDb, file: FileId, rule: &str) -> bool {
        if self.selection.ignores(rule) {
            return false;
        }
        let selected = self.selection.selects(rule);
        match self.of(file) {
            Some(c) => {
                let path = relative_to(c.dir(), db.get(file).name());
                match selected {
                    Some(selected) => selected && !c.ignored_at(rule, &path),
                    None => c.enabled(rule, &path),
                }
            }
            None => selected.unwrap_or(true),
        }
    }

    /// Applies each article's configuration (rules turned off, severities) and its
    /// suppression comments to the diagnostics.
    ///
    /// Findings inside suppression comments are dropped, and comments that name no rule of
    /// `known` (rule ids) are reported.
    pub fn apply(
        &self,
        db: &SourceDb,
        articles: &[&Article],
        known: &[&str],
        diagnostics: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let mut kept: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| self.enabled(db, d.primary.file, &d.rule))
            .map(|mut d| {
                if let Some(c) = self.of(d.primary.file) {
                    d.severity = c.severity(&d.rule, d.severity);
                }
                d
            })
            .collect();
        let mut seen = HashSet::new();
        for a in articles {
            if a.meta.role != Role::Draft || !seen.insert(a.file) {
                continue;
            }
            // A comment inside Markdown code is an example, not a directive.
            let source = db.get(a.file);
            let blanked;
            let text = if source.code().is_empty() {
                source.text()
            } else {
                let mut bytes = source.text().as_bytes().to_vec();
                for code in source.code() {
                    for b in bytes.get_mut(code.start..code.end).unwrap_or_default() {
                        if *b != b'\n' {
                            *b = b' ';
                        }
                    }
                }
                blanked = String::from_utf8(bytes).unwrap_or_else(|_| source.text().to_string());
                &blanked
            };
            let suppressions = suppress::parse(text, a.file);
            if suppressions.directives().is_empty() && suppressions.bad().is_empty() {
                continue;
            }
            let comments = suppressions.comment_spans();
            let (this, other): (Vec<Diagnostic>, Vec<Diagnostic>) = kept
                .into_iter()
                .filter(|d| d.primary.file != a.file || !comments.iter().any(|c| c.contains(d.primary.span)))
                .partition(|d| d.primary.file == a.file);
            kept = other;
            let unknown: Vec<Span> = suppressions
                .names()
                .into_iter()
                .filter(|n| !known.iter().any(|id| n.matches(id)))
                .map(|n| n.span)
                .collect();
            // A name that is no rule is reported as such, not also as a suppression unused.
            kept.extend(suppressions.apply(this).into_iter().filter(|d| {
                d.rule != suppress::UNUSED_SUPPRESSION || !unknown.iter().any(|u| d.primary.span.overlaps(*u))
            }));
            for name in suppressions.names() {
                if !known.iter().any(|id| name.matches(id)) {
                    kept.push(Diagnostic {
                        rule: suppress::BAD_SUPPRESSION.to_string(),
                        severity: Severity::Warning,
                        message: format!("no rule or pack is named `{}`", name.text),
                        primary: Label::new(a.file, name.span, "unknown rule"),
                        secondary: Vec::new(),
                        notes: Vec::new(),
                        help: Some("`factlint rules` lists the rules".into()),
                        fix: None,
                    });
                }
            }
        }
        kept.sort_by(|a, b| {
            (a.primary.file, a.primary.span.start, &a.rule).cmp(&(b.primary.file, b.primary.span.start, &b.rule))
        });
        kept
    }
}

/// The path of an article relative to a configuration's folder, for its globs.
fn relative_to(dir: &Path, name: &str) -> PathBuf {
    let path = input::absolute(Path::new(name));
    let dir = input::absolute(dir);
    path.strip_prefix(&dir).map(Path::to_path_buf).unwrap_or(path)
}

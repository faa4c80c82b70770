//! Gathering articles from the paths on the command line into stories.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use std::collections::HashMap;

use crate::article::{self, Article, Role};
use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Problem;
use crate::engine::Story;
use crate::extract::entity::AliasTable;
use crate::rules::{self, Rule};
use crate::source::FileId;
use crate::source::SourceDb;
use crate::span::Span;
use crate::suppress;

/// File extensions read when walking a folder. A file named on the command line is read
/// whatever its extension: the user asked for it.
const EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// The stories to check, and what could not be read.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Stories, in the order their first file was found.
    pub stories: Vec<Story>,
    /// Files that could not be used.
    pub problems: Vec<Problem>,
    /// How many draft articles were read.
    pub drafts: usize,
}

/// Reads `paths` (drafts) and `against` (references) into stories.
///
/// The files of a folder named on the command line, its subfolders' included
/// (`story/wires/…`), form one story; files named one by one form one story together; a
/// `story` key in front matter puts an article in that story. References join every story.
pub fn gather(db: &mut SourceDb, paths: &[PathBuf], against: &[PathBuf], date: Option<Date>) -> Inputs {
    let mut inputs = Inputs::default();
    let mut stories: BTreeMap<(usize, String), Vec<Article>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut references = Vec::new();
    let mut seen = std::collections::HashSet::new();

    for (path, role) in paths
        .iter()
        .map(|p| (p, Role::Draft))
        .chain(against.iter().map(|p| (p, Role::Reference)))
    {
        for (file, group) in expand(path, &mut inputs.problems) {
            // A file named twice, or both as a draft and as a reference, is read once, in its
            // first role: it must not be compared with itself.
            if file != Path::new("-") && !seen.insert(absolute(&file)) {
                continue;
            }
            let Some(article) = read_article(db, &file, role, date, &mut inputs.problems) else {
                continue;
            };
            if article.meta.role == Role::Reference {
                references.push(article);
                continue;
            }
            inputs.drafts += 1;
            let key = article.meta.story.clone().unwrap_or(group);
            let index = match order.iter().position(|k| *k == key) {
                Some(i) => i,
                None => {
                    order.push(key.clone());
                    order.len() - 1
                }
            };
            stories.entry((index, key)).or_default().push(article);
        }
    }
    if stories.is_empty() && !references.is_empty() {
        stories.insert((0, String::new()), Vec::new());
    }
    inputs.stories = stories
        .into_iter()
        .map(|((_, key), mut articles)| {
            articles.extend(references.iter().cloned());
            Story { key, articles }
        })
        .collect();
    inputs
}

/// The files a path stands for, each with the story it belongs to by position.
fn expand(path: &Path, problems: &mut Vec<Problem>) -> Vec<(PathBuf, String)> {
    if path == Path::new("-") {
        return vec![(path.to_path_buf(), String::new())];
    }
    match std::fs::metadata(path) {
        Err(e) => {
            problems.push(Problem::at_path(path.display().to_string(), io_message(&e)));
            Vec::new()
        }
        Ok(m) if m.is_dir() => {
            let mut files = Vec::new();
            let walker = ignore::WalkBuilder::new(path)
                .require_git(false)
                .hidden(true)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walker {
                match entry {
                    Ok(e) => {
                        let p = e.path();
                        let is_file = e.file_type().is_some_and(|t| t.is_file());
                        let wanted = p
                            .extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
                        if is_file && wanted {
                            // The folder named is the story: the wires and notes filed in
                            // its subfolders are sources of the same story.
                            files.push((p.to_path_buf(), path.display().to_string()));
                        }
                    }
                    Err(e) => problems.push(Problem::at_path(
                        path.display().to_string(),
                        format!("cannot read folder: {e}"),
                    )),
                }
            }
            files
        }
        Ok(_) => vec![(path.to_path_buf(), String::new())],
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

fn read_article(
    db: &mut SourceDb,
    path: &Path,
    role: Role,
    date: Option<Date>,
    problems: &mut Vec<Problem>,
) -> Option<Article> {
    let (name, source, bytes) = if path == Path::new("-") {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
            problems.push(Problem::at_path("<stdin>", format!("cannot read standard input: {e}")));
            return None;
        }
        ("<stdin>".to_string(), "stdin".to_string(), bytes)
    } else {
        let name = path.display().to_string();
        let source = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.clone());
        match std::fs::read(path) {
            Ok(bytes) => (name, source, bytes),
            Err(e) => {
                problems.push(Problem::at_path(name, io_message(&e)));
                return None;
            }
        }
    };
    let file = match article::add_text(db, &name, bytes) {
        Ok(file) => file,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    match article::parse(db, file, &source, role) {
        Ok(mut a) => {
            if a.meta.date.is_none() {
                a.meta.date = date;
            }
            // `--against` wins over a `role` in the file's front matter.
            if role == Role::Reference {
                a.meta.role = Role::Reference;
            }
            Some(a)
        }
        Err(mut p) => {
            problems.append(&mut p);
            None
        }
    }
}

/// Reads a rule file, or every `*.toml` file under a folder (the pack is the folder the
/// file is in), and compiles them.
pub fn read_rules(db: &mut SourceDb, path: &Path) -> (Vec<Rule>, Vec<Problem>) {
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    if path.is_dir() {
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(e)
                    if e.file_type().is_some_and(|t| t.is_file())
                        && e.path().extension().is_some_and(|x| x == "toml") =>
                {
                    files.push(e.into_path());
                }
                Ok(_) => {}
                Err(e) => problems.push(Problem::at_path(
                    path.display().to_string(),
                    format!("cannot read rule folder: {e}"),
                )),
            }
        }
    } else {
        files.push(path.to_path_buf());
    }
    for file in files {
        let shown = file.display().to_string();
        match std::fs::read_to_string(&file) {
            Ok(text) => match rules::load_text(db, &shown, &text) {
                Ok(rule) => rules.push(rule),
                Err(mut p) => problems.append(&mut p),
            },
            Err(e) => problems.push(Problem::at_path(shown, format!("cannot read rule file: {e}"))),
        }
    }
    (rules, problems)
}

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
}

impl Configs {
    /// Reads the configuration file given with `--config`.
    pub fn load_only(&mut self, db: &mut SourceDb, path: &Path, problems: &mut Vec<Problem>) {
        self.only = self.read(db, path, problems);
        if self.only.is_none() && problems.is_empty() {
            problems.push(Problem::at_path(
                path.display().to_string(),
                "cannot use this configuration file",
            ));
        }
    }

    /// Finds the nearest factlint.toml above the current folder, for commands that read no
    /// article (`rules`, `explain`).
    pub fn discover_here(&mut self, db: &mut SourceDb, problems: &mut Vec<Problem>) {
        let here = std::env::current_dir().unwrap_or_default();
        self.only = self.search(db, &here, problems);
    }

    /// Finds the nearest factlint.toml above the article in `file`.
    pub fn discover(&mut self, db: &mut SourceDb, file: FileId, problems: &mut Vec<Problem>) {
        if self.only.is_some() {
            return;
        }
        let name = db.get(file).name().to_string();
        let start = if name == "<stdin>" {
            std::env::current_dir().unwrap_or_default()
        } else {
            absolute(Path::new(&name))
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        if let Some(i) = self.search(db, &start, problems) {
            self.by_file.insert(file, i);
        }
    }

    fn search(&mut self, db: &mut SourceDb, dir: &Path, problems: &mut Vec<Problem>) -> Option<usize> {
        if let Some(found) = self.by_dir.get(dir) {
            return *found;
        }
        let candidate = dir.join(config::FILE_NAME);
        let found = if candidate.is_file() {
            self.read(db, &candidate, problems)
        } else {
            dir.parent().and_then(|parent| self.search(db, parent, problems))
        };
        self.by_dir.insert(dir.to_path_buf(), found);
        found
    }

    fn read(&mut self, db: &mut SourceDb, path: &Path, problems: &mut Vec<Problem>) -> Option<usize> {
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::at_path(
                    shown,
                    format!("cannot read configuration file: {}", io_message(&e)),
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

    /// Reads the alias tables of every configuration; mistakes are located in their files.
    pub fn aliases(&self, db: &mut SourceDb, problems: &mut Vec<Problem>) -> Vec<AliasTable> {
        let mut paths: Vec<PathBuf> = self.configs.iter().flat_map(Config::alias_paths).collect();
        paths.sort();
        paths.dedup();
        let mut tables = Vec::new();
        for path in paths {
            let shown = path.display().to_string();
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(Problem::at_path(
                        shown,
                        format!("cannot read alias table: {}", io_message(&e)),
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

    /// Whether the rule runs on the article in `file`.
    pub fn enabled(&self, db: &SourceDb, file: FileId, rule: &str) -> bool {
        match self.of(file) {
            Some(c) => c.enabled(rule, &relative_to(c.dir(), db.get(file).name())),
            None => true,
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
        let mut seen = std::collections::HashSet::new();
        for a in articles {
            if a.meta.role != Role::Draft || !seen.insert(a.file) {
                continue;
            }
            let text = db.get(a.file).text();
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
                        severity: crate::diagnostic::Severity::Warning,
                        message: format!("no rule or pack is named `{}`", name.text),
                        primary: crate::diagnostic::Label::new(a.file, name.span, "unknown rule"),
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
    let path = absolute(Path::new(name));
    let dir = absolute(dir);
    path.strip_prefix(&dir).map(Path::to_path_buf).unwrap_or(path)
}

/// `path` made absolute (and canonical when it exists), so that paths given in different
/// forms compare equal.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(path))
}

/// Writes `text` to `path`, which must not exist yet, atomically: the text goes to a
/// temporary file beside it, renamed into place only once complete, so that an interrupted
/// run never leaves half a file.
pub fn write_new(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    if path.exists() {
        return Err("already exists; factlint does not overwrite it".into());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(io_message(&e));
    }
    // A hard link fails if the target appeared meanwhile, where a rename would replace it.
    let linked = std::fs::hard_link(&temp, path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            "already exists; factlint does not overwrite it".to_string()
        } else {
            io_message(&e)
        }
    });
    let _ = std::fs::remove_file(&temp);
    linked
}

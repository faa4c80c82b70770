//! What to check for an open document: the story it belongs to, a configuration file, or
//! a rule file, as the command line would check it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::Url;

use crate::config;
use crate::pipeline::{Input, Options, Overlay};
use crate::source::SourceDb;

/// Article file extensions, as the pipeline reads them in folders.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// A story folder with more article files than this is not checked as one story when one
/// of its articles is opened: the article is checked alone (with its configured
/// references), so that opening a README at the root of a large tree stays quick.
pub const MAX_FOLDER_ARTICLES: usize = 200;

/// One check the server runs and keeps the results of.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// The story of a folder, as `factlint check FOLDER`: every article in it and its
    /// subfolders, with the references its configuration names.
    Folder(PathBuf),
    /// One article alone, as `factlint check FILE`.
    File(PathBuf),
    /// An editor buffer that is no file (an untitled document), by its URL.
    Buffer(Url),
    /// A `factlint.toml`, as `factlint check --config FILE` reads it: its own mistakes and
    /// those of the rules and alias tables it names.
    Config(PathBuf),
    /// A rule file, loaded with the built-in rules, as `factlint test FILE` loads it.
    Rules(PathBuf),
}

/// What the server knows when it decides what a document is.
pub struct Env<'a> {
    /// The texts of open documents that are files.
    pub overlay: &'a Overlay,
}

impl Unit {
    /// The unit that checks the document at `url` holding `text`; `None` for a TOML file that
    /// is neither a configuration nor a rule file.
    pub fn of(url: &Url, text: &str, env: &Env<'_>) -> Option<Unit> {
        let Some(path) = file_path(url) else {
            return Some(Unit::Buffer(url.clone()));
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let extension = path
            .extension()
            .and_then(|x| x.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if name == config::FILE_NAME {
            return Some(Unit::Config(path));
        }
        if extension == "toml" {
            return is_rule_file(&path, text, env).then_some(Unit::Rules(path));
        }
        let in_folder = ARTICLE_EXTENSIONS.contains(&extension.as_str()) && path.is_file() && !hidden(&path);
        match path.parent() {
            Some(dir) if in_folder && count_articles(dir, MAX_FOLDER_ARTICLES + 1) <= MAX_FOLDER_ARTICLES => {
                Some(Unit::Folder(dir.to_path_buf()))
            }
            _ => Some(Unit::File(path)),
        }
    }

    /// The inputs and options of the check. `buffers` are the open documents that are no
    /// files, by URL.
    pub fn plan(&self, overlay: &Overlay, buffers: &HashMap<Url, String>) -> (Vec<Input>, Options) {
        let options = Options {
            overlay: overlay.clone(),
            ..Options::default()
        };
        match self {
            Unit::Folder(dir) => (vec![Input::Path(dir.clone())], options),
            Unit::File(path) => (vec![Input::Path(path.clone())], options),
            Unit::Buffer(url) => (
                vec![Input::Buffer {
                    name: buffer_name(url),
                    text: buffers.get(url).cloned().unwrap_or_default(),
                }],
                options,
            ),
            Unit::Config(path) => (
                Vec::new(),
                Options {
                    config: Some(path.clone()),
                    ..options
                },
            ),
            Unit::Rules(path) => (
                Vec::new(),
                Options {
                    rule_paths: vec![path.clone()],
                    ..options
                },
            ),
        }
    }
}

/// The path of a `file:` URL.
pub fn file_path(url: &Url) -> Option<PathBuf> {
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

/// The name a buffer that is no file has in diagnostics: its URL's path, or the whole URL.
pub fn buffer_name(url: &Url) -> String {
    url.to_string()
}

/// Whether the file is hidden, which a folder's walk skips (the folders above it are not
/// walked, so their names do not matter).
fn hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// How many article files the pipeline would read in `dir`, counting no further than
/// `limit`.
fn count_articles(dir: &Path, limit: usize) -> usize {
    let walker = ignore::WalkBuilder::new(dir).require_git(false).hidden(true).build();
    let mut n = 0;
    for entry in walker.flatten() {
        let article = entry.file_type().is_some_and(|t| t.is_file())
            && entry
                .path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| ARTICLE_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
        if article {
            n += 1;
            if n >= limit {
                break;
            }
        }
    }
    n
}

/// Whether the TOML file at `path` is a rule file: it lies under a `rules` path of the
/// nearest factlint.toml, or it reads like one (top-level `id` and `patterns`, `when` or
/// `emit` keys).
fn is_rule_file(path: &Path, text: &str, env: &Env<'_>) -> bool {
    let key = |line: &str, name: &str| {
        line.strip_prefix(name)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let lines: Vec<&str> = text.lines().map(str::trim_start).collect();
    if lines.iter().any(|l| key(l, "id"))
        && lines
            .iter()
            .any(|l| key(l, "patterns") || key(l, "when") || key(l, "[emit]") || l.starts_with("[emit]"))
    {
        return true;
    }
    let disk = crate::pipeline::input::Disk::new(env.overlay);
    for candidate in config::candidates(path, false) {
        if !disk.is_file(&candidate) {
            continue;
        }
        let Ok(text) = disk.read_to_string(&candidate) else {
            return false;
        };
        let mut db = SourceDb::new();
        let Ok(config) = config::parse(&mut db, &candidate.display().to_string(), &text) else {
            return false;
        };
        return config.rule_paths().iter().any(|rules| path.starts_with(rules));
    }
    false
}

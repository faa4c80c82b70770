//! Reading: articles from paths and buffers grouped into stories, rule files, and the text
//! of any file through the [`Overlay`].
//!
//! This is the one place of the library that touches the file system: everything the
//! pipeline reads from disk goes through [`Disk`], which consults the overlay first.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::article::{self, Article, Role};
use crate::diagnostic::Problem;
use crate::engine::Story;
use crate::rules::{self, Rule};
use crate::source::SourceDb;

use super::Input;

/// File extensions read when walking a folder. A file named on the command line is read
/// whatever its extension: the user asked for it.
const EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// The name standard input has in the source database and in diagnostics.
pub const STDIN_NAME: &str = "<stdin>";

/// Texts that stand in for files on disk: an editor's unsaved buffers.
///
/// Whenever the pipeline would read a file — an article named or found in a folder, a
/// reference, a `factlint.toml`, a rule file, an alias table — it takes the overlay's text
/// for that path instead, and a path in the overlay counts as an existing file even when it
/// is not on disk. Paths are compared once absolute (and canonical when the file exists), so
/// `story/a.md` and `/home/desk/story/a.md` are one file. A folder's files are those on disk
/// and those of the overlay below it, so a buffer not yet saved (or whose file was deleted)
/// is still an article of its story.
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    /// Text by absolute path.
    files: HashMap<PathBuf, String>,
}

impl Overlay {
    /// An empty overlay: everything is read from disk.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes `text` the contents of the file at `path` (relative paths are taken from the
    /// current folder), replacing any text given before.
    pub fn insert(&mut self, path: impl AsRef<Path>, text: impl Into<String>) {
        self.files.insert(absolute(path.as_ref()), text.into());
    }

    /// Drops the text given for `path`: the file is read from disk again.
    pub fn remove(&mut self, path: impl AsRef<Path>) {
        self.files.remove(&absolute(path.as_ref()));
    }

    /// The text given for `path`, if any.
    pub fn get(&self, path: &Path) -> Option<&str> {
        if self.files.is_empty() {
            return None;
        }
        self.files.get(&absolute(path)).map(String::as_str)
    }

    /// Whether no text is given.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The paths given below the folder `dir`, written as below `dir` as given (so that a
    /// relative folder gives relative paths).
    fn paths_under(&self, dir: &Path) -> Vec<PathBuf> {
        if self.files.is_empty() {
            return Vec::new();
        }
        let root = absolute(dir);
        self.files
            .keys()
            .filter_map(|p| p.strip_prefix(&root).ok())
            .map(|rel| dir.join(rel))
            .collect()
    }
}

/// The file system as the pipeline sees it: disk, with the overlay's texts on top.
#[derive(Clone, Copy, Debug)]
pub struct Disk<'a> {
    overlay: &'a Overlay,
}

impl<'a> Disk<'a> {
    /// Reads through `overlay`.
    pub fn new(overlay: &'a Overlay) -> Self {
        Disk { overlay }
    }

    /// The bytes of the file at `path`.
    pub fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match self.overlay.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => std::fs::read(path),
        }
    }

    /// The text of the file at `path`; not UTF-8 is an error.
    pub fn read_to_string(&self, path: &Path) -> std::io::Result<String> {
        match self.overlay.get(path) {
            Some(text) => Ok(text.to_string()),
            None => std::fs::read_to_string(path),
        }
    }

    /// Whether `path` is a file, in the overlay or on disk.
    pub fn is_file(&self, path: &Path) -> bool {
        self.overlay.get(path).is_some() || path.is_file()
    }

    /// Whether `path` is a folder on disk (a path in the overlay is a file).
    fn is_dir(&self, path: &Path) -> std::io::Result<bool> {
        if self.overlay.get(path).is_some() {
            return Ok(false);
        }
        std::fs::metadata(path).map(|m| m.is_dir())
    }

    /// The files under the folder `path` that are `wanted`, sorted by name; hidden files
    /// and folders and whatever `.gitignore` excludes are skipped. A folder that cannot be
    /// listed is reported to `problems` as a `what` that cannot be read.
    fn walk(
        &self,
        path: &Path,
        wanted: impl Fn(&Path) -> bool,
        what: &str,
        problems: &mut Vec<Problem>,
    ) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .hidden(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file()) && wanted(e.path()) {
                        files.push(e.into_path());
                    }
                }
                Err(e) => problems.push(Problem::at_path(
                    path.display().to_string(),
                    format!("cannot read {what}: {e}"),
                )),
            }
        }
        // Texts of the overlay that are not on disk (yet, or any more) are files too.
        let hidden = |p: &Path| p.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let mut extra: Vec<PathBuf> = self
            .overlay
            .paths_under(path)
            .into_iter()
            .filter(|p| {
                let rel = p.strip_prefix(path).unwrap_or(p);
                wanted(p) && !hidden(rel) && !p.exists()
            })
            .collect();
        if !extra.is_empty() {
            files.append(&mut extra);
            files.sort();
        }
        files
    }
}

/// The stories read from the inputs, and what could not be read.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Stories, in the order their first article was found.
    pub stories: Vec<Story>,
    /// Inputs that could not be used.
    pub problems: Vec<Problem>,
    /// How many draft articles were read.
    pub drafts: usize,
}

/// One article to read: where its bytes come from, and the story it belongs to by position.
enum Source {
    File(PathBuf),
    Buffer(String, String),
    Stdin(Result<Vec<u8>, String>),
}

/// Reads `drafts` and `references` into stories.
///
/// The files of a folder, its subfolders' included (`story/wires/…`), form one story; files
/// and buffers named one by one form one story together; a `story` key in front matter puts
/// an article in that story. References join every story.
pub fn gather(db: &mut SourceDb, disk: Disk<'_>, drafts: &[Input], references: &[Input], date: Option<Date>) -> Inputs {
    let mut inputs = Inputs::default();
    let mut stories: BTreeMap<(usize, String), Vec<Article>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut refs = Vec::new();
    let mut seen = HashSet::new();

    for (input, role) in drafts
        .iter()
        .map(|i| (i, Role::Draft))
        .chain(references.iter().map(|i| (i, Role::Reference)))
    {
        for (source, group) in expand(disk, input, &mut inputs.problems) {
            // A file named twice, or both as a draft and as a reference, is read once, in its
            // first role: it must not be compared with itself.
            let key = match &source {
                Source::File(path) => Some(absolute(path)),
                Source::Buffer(name, _) => Some(absolute(Path::new(name))),
                Source::Stdin(_) => None,
            };
            if key.is_some_and(|k| !seen.insert(k)) {
                continue;
            }
            let Some(article) = read_article(db, disk, source, role, date, &mut inputs.problems) else {
                continue;
            };
            if article.meta.role == Role::Reference {
                refs.push(article);
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
    if stories.is_empty() && !refs.is_empty() {
        stories.insert((0, String::new()), Vec::new());
    }
    inputs.stories = stories
        .into_iter()
        .map(|((_, key), mut articles)| {
            articles.extend(refs.iter().cloned());
            Story { key, articles }
        })
        .collect();
    inputs
}

/// The articles an input stands for, each with the story it belongs to by position.
fn expand(disk: Disk<'_>, input: &Input, problems: &mut Vec<Problem>) -> Vec<(Source, String)> {
    let path = match input {
        Input::Path(path) => path,
        Input::Buffer { name, text } => return vec![(Source::Buffer(name.clone(), text.clone()), String::new())],
        Input::Stdin(bytes) => return vec![(Source::Stdin(bytes.clone()), String::new())],
    };
    match disk.is_dir(path) {
        Err(e) => {
            problems.push(Problem::at_path(path.display().to_string(), io_message(&e)));
            Vec::new()
        }
        // The folder named is the story: the wires and notes filed in its subfolders are
        // sources of the same story.
        Ok(true) => {
            let article_file = |p: &Path| {
                p.extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
            };
            disk.walk(path, article_file, "folder", problems)
                .into_iter()
                .map(|file| (Source::File(file), path.display().to_string()))
                .collect()
        }
        Ok(false) => vec![(Source::File(path.clone()), String::new())],
    }
}

fn read_article(
    db: &mut SourceDb,
    disk: Disk<'_>,
    source: Source,
    role: Role,
    date: Option<Date>,
    problems: &mut Vec<Problem>,
) -> Option<Article> {
    let (name, default_source, bytes) = match source {
        Source::Stdin(Ok(bytes)) => (STDIN_NAME.to_string(), "stdin".to_string(), bytes),
        Source::Stdin(Err(message)) => {
            problems.push(Problem::at_path(
                STDIN_NAME,
                format!("cannot read standard input: {message}"),
            ));
            return None;
        }
        Source::Buffer(name, text) => {
            let source = stem(&name);
            (name, source, text.into_bytes())
        }
        Source::File(path) => {
            let name = path.display().to_string();
            match disk.read(&path) {
                Ok(bytes) => (name.clone(), stem(&name), bytes),
                Err(e) => {
                    problems.push(Problem::at_path(name, io_message(&e)));
                    return None;
                }
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
    match article::parse(db, file, &default_source, role) {
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
pub fn read_rules(db: &mut SourceDb, disk: Disk<'_>, path: &Path) -> (Vec<Rule>, Vec<Problem>) {
    read_rules_with(db, disk, path, &mut |db, name, text| rules::load_text(db, name, text))
}

/// Compiles the text of a rule file with its name.
pub type Compile<'a> = dyn FnMut(&mut SourceDb, &str, &str) -> Result<Rule, Vec<Problem>> + 'a;

/// [`read_rules`], compiling each file's text with `compile` (which may take a rule already
/// compiled from the same text).
pub fn read_rules_with(
    db: &mut SourceDb,
    disk: Disk<'_>,
    path: &Path,
    compile: &mut Compile<'_>,
) -> (Vec<Rule>, Vec<Problem>) {
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    let files = if disk.is_dir(path).unwrap_or(false) {
        let rule_file = |p: &Path| p.extension().is_some_and(|x| x == "toml");
        disk.walk(path, rule_file, "rule folder", &mut problems)
    } else {
        vec![path.to_path_buf()]
    };
    for file in files {
        let shown = file.display().to_string();
        match disk.read_to_string(&file) {
            Ok(text) => match compile(db, &shown, &text) {
                Ok(rule) => rules.push(rule),
                Err(mut p) => problems.append(&mut p),
            },
            Err(e) => problems.push(Problem::at_path(shown, format!("cannot read rule file: {e}"))),
        }
    }
    (rules, problems)
}

/// The file stem of the path `name`, the source an article is from when it does not say;
/// `name` itself when it has none.
fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}

/// What an error reading a file means, in words.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    }
}

/// The current folder, where standard input and commands that read no article look for
/// their configuration.
pub fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_default()
}

/// `path` made absolute (and canonical when it exists), so that paths given in different
/// forms compare equal.
pub fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| current_dir().join(path))
}

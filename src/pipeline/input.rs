//! Reading: articles from paths and buffers grouped into stories, rule files, and the text
//! of any file through the [`Overlay`].
//!
//! This is the one place of the library that touches the file system: everything the
//! pipeline reads from disk goes through [`Disk`], which consults the overlay first.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::article::{self, Article, Meta, Role};
use crate::diagnostic::Problem;
use crate::engine::Story;
use crate::markdown;
use crate::ninjs;
use crate::rules::{self, Rule};
use crate::source::{FileId, SourceDb};
use crate::span::Span;

use super::Input;

/// File extensions read when walking a folder, besides `.json` files that are ninjs items.
/// A file named on the command line is read whatever its extension: the user asked for it.
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

/// The bytes of the file at `path`, up to [`article::MAX_ARTICLE_BYTES`]: a larger file is
/// refused unread when its size is known, and a device or a pipe (`/dev/zero`) once it has
/// given a byte more, with the message `too_large` makes of its size (when known).
fn read_bounded(path: &Path, too_large: impl Fn(Option<u64>) -> String) -> std::io::Result<Vec<u8>> {
    let refuse = |size| std::io::Error::new(std::io::ErrorKind::FileTooLarge, too_large(size));
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > article::MAX_ARTICLE_BYTES as u64 {
        return Err(refuse(Some(size)));
    }
    let bytes = article::read_capped(file)?;
    if bytes.len() > article::MAX_ARTICLE_BYTES {
        return Err(refuse(None));
    }
    Ok(bytes)
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

    /// The bytes of the article at `path`; a file larger than an article may be is refused
    /// (`read_bounded`).
    pub fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match self.overlay.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => read_bounded(path, article::too_large),
        }
    }

    /// The text of the file at `path` (a rule file, a configuration, an alias table, a JSON
    /// file that may be a ninjs item); not UTF-8 is an error, and so is a file larger than an
    /// article may be (`read_bounded`).
    pub fn read_to_string(&self, path: &Path) -> std::io::Result<String> {
        if let Some(text) = self.overlay.get(path) {
            return Ok(text.to_string());
        }
        String::from_utf8(read_bounded(path, |size| article::too_large_to("read", size))?)
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "stream did not contain valid UTF-8"))
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
    /// Bytes with a name of their own (standard input with `--stdin-filename`).
    Named(String, Result<Vec<u8>, String>),
    /// One line of JSON Lines input.
    Line(JsonArticle),
}

/// One article of JSON Lines input: `{"id", "story", "text", "published", "source", "role"}`.
#[derive(Debug, serde::Deserialize)]
struct JsonArticle {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    story: Option<String>,
    text: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    role: Option<Role>,
}

/// Reads `drafts` and `references` into stories.
///
/// The files of a folder, its subfolders' included (`story/wires/…`), form one story; files
/// and buffers named one by one form one story together; a `story` key in front matter puts
/// an article in that story. References join every story, or only the one their `story` names.
pub fn gather(
    db: &mut SourceDb,
    disk: Disk<'_>,
    drafts: &[Input],
    references: &[Input],
    date: Option<Date>,
    ninjs_only: bool,
) -> Inputs {
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
        let sources = match input {
            Input::JsonLines(bytes) => json_lines(db, bytes, &mut inputs.problems),
            _ => expand(disk, input, &mut inputs.problems),
        };
        for (source, group) in sources {
            // A file named twice, or both as a draft and as a reference, is read once, in its
            // first role: it must not be compared with itself.
            let key = match &source {
                Source::File(path) => Some(absolute(path)),
                Source::Buffer(name, _) => Some(absolute(Path::new(name))),
                Source::Named(name, _) => Some(absolute(Path::new(name))),
                Source::Line(line) => line.id.as_ref().map(|id| PathBuf::from(format!("\0jsonl:{id}"))),
                Source::Stdin(_) => None,
            };
            if key.is_some_and(|k| !seen.insert(k)) {
                continue;
            }
            let Some(article) = read_article(db, disk, source, role, date, ninjs_only, &mut inputs.problems) else {
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
    // A reference that names its story joins that story only; the others join every story.
    inputs.stories = stories
        .into_iter()
        .map(|((_, key), mut articles)| {
            articles.extend(
                refs.iter()
                    .filter(|r| r.meta.story.as_ref().is_none_or(|s| *s == key))
                    .cloned(),
            );
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
        Input::Named { name, bytes } => return vec![(Source::Named(name.clone(), bytes.clone()), String::new())],
        Input::JsonLines(_) => return Vec::new(),
    };
    match disk.is_dir(path) {
        Err(e) => {
            problems.push(Problem::at_path(path.display().to_string(), io_message(&e)));
            Vec::new()
        }
        // The folder named is the story: the wires and notes filed in its subfolders are
        // sources of the same story.
        Ok(true) => {
            // JSON files are articles when they are ninjs items; other JSON is left alone.
            let article_file = |p: &Path| match p.extension().and_then(|x| x.to_str()).map(str::to_ascii_lowercase) {
                Some(x) if x == "json" => disk.read_to_string(p).is_ok_and(|t| ninjs::looks_like_ninjs(&t)),
                Some(x) => EXTENSIONS.contains(&x.as_str()),
                None => false,
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
    ninjs_only: bool,
    problems: &mut Vec<Problem>,
) -> Option<Article> {
    let (name, default_source, bytes) = match source {
        Source::Line(line) => return line_article(db, line, role, date, problems),
        Source::Named(name, Ok(bytes)) => (name.clone(), stem(&name), bytes),
        Source::Named(name, Err(message)) => {
            problems.push(Problem::at_path(name, format!("cannot read standard input: {message}")));
            return None;
        }
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
    let text = db.get(file).text();
    let parsed = if ninjs_only || ninjs::looks_like_ninjs(text) {
        ninjs_article(db, file, &name, &default_source, role)
    } else {
        article::parse(db, file, &default_source, role)
    };
    match parsed {
        Ok(mut a) => {
            if markdown::is_markdown(&name) {
                let prose = markdown::prose(db.get(file).text(), a.body);
                db.set_prose(file, prose.text, prose.code);
            }
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

/// The article of a ninjs item: its headline and body decoded, dated by the item.
fn ninjs_article(
    db: &mut SourceDb,
    file: FileId,
    name: &str,
    default_source: &str,
    role: Role,
) -> Result<Article, Vec<Problem>> {
    match ninjs::read(db.get(file).text()) {
        Ok(item) => {
            let body = Span::new(0, item.text.len());
            db.set_decoded(file, item.text, item.map);
            Ok(Article {
                file,
                body,
                meta: Meta {
                    source: default_source.to_string(),
                    date: item.date,
                    role,
                    ..Meta::default()
                },
            })
        }
        Err((at, message)) => {
            let text = db.get(file).text();
            // The JSON parser stops inside a character when a bad escape is followed by one.
            let at = Span::new(at, at).clamp_to(text).start;
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            Err(vec![Problem::at(name, file, Span::new(at, end), message, "here")])
        }
    }
}

/// What keeps one line of JSON Lines from being read as text: a NUL byte, or a byte that is
/// not UTF-8, whichever comes first, with its column (in characters).
fn line_fault(line: &[u8]) -> Option<String> {
    let nul = memchr::memchr(0, line);
    let invalid = std::str::from_utf8(line).err().map(|e| e.valid_up_to());
    let at = match (nul, invalid) {
        (Some(n), Some(i)) => n.min(i),
        (Some(at), None) | (None, Some(at)) => at,
        (None, None) => return None,
    };
    // The bytes before the first fault are text.
    let column = std::str::from_utf8(&line[..at]).map_or(at, |s| s.chars().count()) + 1;
    Some(match line[at] {
        0 => format!("a NUL byte at column {column}"),
        b => format!("invalid UTF-8: byte 0x{b:02x} at column {column}"),
    })
}

/// `bytes` with each byte that is not UTF-8, and each NUL byte, made a `?`: text of the same
/// length, so that every offset is still one of the bytes as read.
fn readable_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.extend(chunk.valid().bytes().map(|b| if b == 0 { b'?' } else { b }));
        out.extend(std::iter::repeat_n(b'?', chunk.invalid().len()));
    }
    out
}

/// What a line of JSON Lines input holds, said beside a line that does not parse.
const LINE_NOTE: &str = "each line is a JSON object with `text` and, optionally, `id`, `story`, \
                         `published` (YYYY-MM-DD), `source` and `role`";

/// The articles of JSON Lines input, one per line; a line that is no article is reported
/// at its place and the others are read. Blank lines are skipped.
fn json_lines(
    db: &mut SourceDb,
    bytes: &Result<Vec<u8>, String>,
    problems: &mut Vec<Problem>,
) -> Vec<(Source, String)> {
    let bytes = match bytes {
        Ok(b) => b.clone(),
        Err(message) => {
            problems.push(Problem::at_path(
                STDIN_NAME,
                format!("cannot read standard input: {message}"),
            ));
            return Vec::new();
        }
    };
    // A line that is not UTF-8 or holds a NUL byte is reported and the others are read: its
    // bad bytes are made `?`s, so that it can be shown where it is. A stream that is no
    // text (UTF-16, by its byte-order mark; binary, with a NUL byte in its first line or
    // more faulty lines than good ones: a compressed file) is refused whole.
    // (A stream too large is refused before its lines are read: `add_text` says so.)
    let mut lines = 0;
    let faults: BTreeMap<usize, String> = if bytes.len() > article::MAX_ARTICLE_BYTES {
        BTreeMap::new()
    } else {
        bytes
            .split_inclusive(|&b| b == b'\n')
            .enumerate()
            .inspect(|_| lines += 1)
            .filter_map(|(n, line)| Some((n, line_fault(line)?)))
            .collect()
    };
    let utf16 = article::utf16_byte_order(&bytes).is_some();
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let binary = first_line.contains(&0) || faults.len() * 2 > lines;
    let bytes = if !faults.is_empty() && !utf16 && !binary {
        readable_bytes(&bytes)
    } else {
        bytes
    };
    let file = match article::add_text(db, STDIN_NAME, bytes) {
        Ok(file) => file,
        Err(p) => {
            problems.push(p);
            return Vec::new();
        }
    };
    let text = db.get(file).text();
    let mut out = Vec::new();
    let mut ids: HashMap<serde_json::Value, usize> = HashMap::new();
    let mut start = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let span = Span::new(start, start + line.trim_end().len());
        start += line.len();
        let at_line = |message: String| Problem::at(STDIN_NAME, file, span, message, "this line");
        if let Some(fault) = faults.get(&n) {
            problems.push(at_line(format!("line {} is not an article: {fault}", n + 1)));
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<JsonArticle>(line.trim_end()) {
            Ok(mut article) => {
                let id = article
                    .id
                    .get_or_insert_with(|| serde_json::Value::from(format!("{STDIN_NAME}:{}", n + 1)))
                    .clone();
                // Two articles under one name cannot both be reported: refuse the second.
                if let Some(first) = ids.insert(id.clone(), n + 1) {
                    ids.insert(id.clone(), first);
                    problems.push(at_line(format!("line {} repeats the id {id} of line {first}", n + 1)));
                    continue;
                }
                out.push((Source::Line(article), String::new()));
            }
            Err(e) => problems.push(at_line(format!("line {} is not an article: {e}", n + 1)).with_note(LINE_NOTE)),
        }
    }
    out
}

/// The article of one line of JSON Lines input, named by its `id`; positions count in its
/// `text`.
fn line_article(
    db: &mut SourceDb,
    line: JsonArticle,
    role: Role,
    date: Option<Date>,
    problems: &mut Vec<Problem>,
) -> Option<Article> {
    let name = match &line.id {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => STDIN_NAME.to_string(),
    };
    let published = match &line.published {
        None => None,
        // A date, or a timestamp that starts with one (`2020-12-03T18:02:00Z`).
        Some(p) => match p
            .get(..10)
            .filter(|_| p.len() == 10 || matches!(p.as_bytes()[10], b'T' | b' '))
            .and_then(article::parse_date)
        {
            Some(d) => Some(d),
            None => {
                problems.push(Problem::at_path(
                    &name,
                    format!("`published` is `{p}`, not a date (YYYY-MM-DD)"),
                ));
                return None;
            }
        },
    };
    let file = match article::add_text(db, &name, line.text.into_bytes()) {
        Ok(file) => file,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    // The text may carry front matter or a date line, as a file does; the line's own
    // fields win.
    let mut article = match article::parse(db, file, &stem(&name), role) {
        Ok(a) => a,
        Err(mut p) => {
            problems.append(&mut p);
            return None;
        }
    };
    let meta = &mut article.meta;
    if let Some(source) = line.source {
        meta.source = source;
    }
    meta.date = published.or(meta.date).or(date);
    if line.story.is_some() {
        meta.story = line.story;
    }
    // `--against` wins over the line's role.
    if role != Role::Reference
        && let Some(r) = line.role
    {
        meta.role = r;
    }
    Some(article)
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
    // A configuration is never a rule: a configuration whose `rules` name its own folder
    // (or a folder above it) loads the rule files beside it, not itself.
    let is_config = |p: &Path| p.file_name().is_some_and(|n| n == crate::config::FILE_NAME);
    let files = if disk.is_dir(path).unwrap_or(false) {
        let rule_file = |p: &Path| p.extension().is_some_and(|x| x == "toml") && !is_config(p);
        disk.walk(path, rule_file, "rule folder", &mut problems)
    } else {
        vec![path.to_path_buf()]
    };
    for file in files {
        let shown = file.display().to_string();
        if is_config(&file) {
            problems.push(Problem::at_path(
                shown,
                format!(
                    "`{}` is a configuration file, not a rule file",
                    crate::config::FILE_NAME
                ),
            ));
            continue;
        }
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
        // Made by `Disk::read`, which says how large.
        std::io::ErrorKind::FileTooLarge => e.to_string(),
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

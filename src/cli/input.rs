//! Gathering articles from the paths on the command line into stories.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::article::{self, Article, Role};
use crate::diagnostic::Problem;
use crate::engine::Story;
use crate::rules::{self, Rule};
use crate::source::SourceDb;

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
/// Files inside one folder form one story; files named one by one form one story together;
/// a `story` key in front matter puts an article in that story. References join every story.
pub fn gather(db: &mut SourceDb, paths: &[PathBuf], against: &[PathBuf], date: Option<Date>) -> Inputs {
    let mut inputs = Inputs::default();
    let mut stories: BTreeMap<(usize, String), Vec<Article>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut references = Vec::new();

    for (path, role) in paths
        .iter()
        .map(|p| (p, Role::Draft))
        .chain(against.iter().map(|p| (p, Role::Reference)))
    {
        for (file, group) in expand(path, &mut inputs.problems) {
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
                            let group = p.parent().map(|d| d.display().to_string()).unwrap_or_default();
                            files.push((p.to_path_buf(), group));
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

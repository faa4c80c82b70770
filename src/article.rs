//! One article: its metadata (front matter or a `date` line) and the span of its body.
//!
//! Front matter and the date line are not linted, but every offset still counts from the
//! first byte of the file.

use jiff::civil::Date;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::{Yaml, YamlLoader};

use crate::diagnostic::Problem;
use crate::source::{FileId, SourceDb};
use crate::span::Span;

/// Whether an article is linted or only compared against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Checked and reported on.
    #[default]
    Draft,
    /// Only compared against: a wire report or another source.
    Reference,
}

/// What is known about an article besides its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// The outlet or source name; the file stem when not given.
    pub source: String,
    /// Publication date.
    pub date: Option<Date>,
    /// Where it was published.
    pub url: Option<String>,
    /// The story it belongs to, when given in front matter.
    pub story: Option<String>,
    /// Draft or reference.
    pub role: Role,
}

/// An article ready for segmentation.
#[derive(Clone, Debug)]
pub struct Article {
    /// Its file in the source database.
    pub file: FileId,
    /// The part of the file to lint.
    pub body: Span,
    /// Metadata.
    pub meta: Meta,
}

/// The largest article factlint reads: far beyond any news article, small enough that a
/// mistaken path (a disk image, a database dump) is refused rather than read into memory.
pub const MAX_ARTICLE_BYTES: usize = 64 * 1024 * 1024;

/// The bytes `reader` gives, up to one more than [`MAX_ARTICLE_BYTES`]: enough for
/// [`add_text`] to refuse an article too large, without reading the rest of it (a device or a
/// pipe that never ends, such as `/dev/zero`, is refused as soon as it has given that much).
pub fn read_capped(reader: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader.take(MAX_ARTICLE_BYTES as u64 + 1), &mut bytes)?;
    Ok(bytes)
}

/// The message for an article of more than [`MAX_ARTICLE_BYTES`]: of `size` bytes when known.
pub fn too_large(size: Option<u64>) -> String {
    too_large_to("be an article", size)
}

/// The message for a file of more than [`MAX_ARTICLE_BYTES`], too large to `what`: of
/// `size` bytes when known.
pub fn too_large_to(what: &str, size: Option<u64>) -> String {
    let limit = MAX_ARTICLE_BYTES / (1024 * 1024);
    match size {
        Some(size) => format!(
            "file is too large to {what} ({} MiB; the limit is {limit} MiB)",
            size / (1024 * 1024)
        ),
        None => format!("file is too large to {what} (more than {limit} MiB)"),
    }
}

/// Adds the bytes of an article to the database, refusing what is not text.
///
/// Binary files (a NUL byte), UTF-16 text (a byte-order mark) and oversized files are
/// refused without a location. Invalid UTF-8 is refused with the position of the first bad
/// byte; the file is added with the bad bytes replaced so that the position can be shown.
pub fn add_text(db: &mut SourceDb, name: &str, bytes: Vec<u8>) -> Result<FileId, Problem> {
    // (Read through `read_capped`, the bytes of a larger article stop one past the limit.)
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(Problem::at_path(name, too_large(None)));
    }
    // UTF-16 text starts with its byte-order mark; called binary, it would puzzle the user.
    if let Some(order) = utf16_byte_order(&bytes) {
        return Err(
            Problem::at_path(name, format!("UTF-16 text ({order}, byte-order mark at offset 0)")).with_note(format!(
                "factlint reads UTF-8 text; convert the file first (for example with `iconv -f UTF-16{} -t UTF-8`)",
                if order == "little-endian" { "LE" } else { "BE" }
            )),
        );
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(Problem::at_path(name, format!("binary file: NUL byte at offset {at}"))
            .with_note("factlint reads UTF-8 text: plain text or Markdown"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(db.add(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bad = e.as_bytes()[at];
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = db.add(name, text);
            // The bytes before `at` are valid and unchanged, so `at` is also the offset of the
            // replacement character in the lossy copy.
            Err(Problem::at(
                name,
                file,
                Span::new(at, at + '\u{fffd}'.len_utf8()),
                format!("invalid UTF-8: byte 0x{bad:02x} at offset {at}"),
                "not UTF-8",
            )
            .with_note("factlint reads UTF-8 text; convert the file first (for example with iconv)"))
        }
    }
}

/// The byte order of text that starts with a UTF-16 byte-order mark.
pub(crate) fn utf16_byte_order(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xff, 0xfe, ..] => Some("little-endian"),
        [0xfe, 0xff, ..] => Some("big-endian"),
        _ => None,
    }
}

/// Parses `YYYY-MM-DD` into a date that exists.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: i16 = s.get(0..4)?.parse().ok()?;
    let month: i8 = s.get(5..7)?.parse().ok()?;
    let day: i8 = s.get(8..10)?.parse().ok()?;
    Date::new(year, month, day).ok()
}

/// Reads the metadata and body of the article in `file`.
///
/// `default_source` names the source when the file does not; `role` is the role given by
/// the command line, which front matter may override.
pub fn parse(db: &SourceDb, file: FileId, default_source: &str, role: Role) -> Result<Article, Vec<Problem>> {
    let src = db.get(file);
    let text = src.text();
    let path = src.name();
    let mut meta = Meta {
        source: default_source.to_string(),
        role,
        ..Meta::default()
    };
    // A byte-order mark is not text.
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];

    let body_start = if let Some(delim) = ["+++", "---"].into_iter().find(|d| first_line(rest) == *d) {
        let open_len = line_len_with_newline(rest);
        let inner_start = start + open_len;
        let Some((inner_end, close_end)) = find_closing(text, inner_start, delim) else {
            return Err(vec![
                Problem::at(
                    path,
                    file,
                    Span::new(start, start + 3),
                    format!("front matter opened with `{delim}` is never closed"),
                    "opened here",
                )
                .with_note(format!("end the front matter with a line holding only `{delim}`")),
            ]);
        };
        let inner = Span::new(inner_start, inner_end);
        let problems = if delim == "+++" {
            read_toml(db, file, inner, &mut meta)
        } else {
            read_yaml(db, file, inner, &mut meta)
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        close_end
    } else if let Some((date_span, end)) = date_line(text, start) {
        match parse_date(date_span.text(text)) {
            Some(d) => meta.date = Some(d),
            None => {
                return Err(vec![Problem::at(
                    path,
                    file,
                    date_span,
                    format!("`{}` is not a date that exists", date_span.text(text)),
                    "in the leading `date` line",
                )]);
            }
        }
        end
    } else {
        start
    };
    Ok(Article {
        file,
        body: Span::new(body_start, text.len()),
        meta,
    })
}

fn first_line(s: &str) -> &str {
    s.split('\n').next().unwrap_or("").trim_end_matches('\r').trim_end()
}

fn line_len_with_newline(s: &str) -> usize {
    s.find('\n').map_or(s.len(), |i| i + 1)
}

/// Finds the line holding only `delim` after `from`: returns where the front matter ends
/// and where the body starts.
fn find_closing(text: &str, from: usize, delim: &str) -> Option<(usize, usize)> {
    let mut pos = from;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..line_end].trim_end();
        if line == delim || (delim == "---" && line == "...") {
            return Some((pos, (line_end + 1).min(text.len())));
        }
        pos = line_end + 1;
    }
    None
}

/// A leading `date YYYY-MM-DD` (possibly after spaces) followed by a line break or a space:
/// returns the span of the date and where the body starts.
fn date_line(text: &str, start: usize) -> Option<(Span, usize)> {
    let lead = text[start..].len() - text[start..].trim_start_matches([' ', '\t']).len();
    let at = start + lead;
    let rest = text.get(at..)?;
    let after_kw = rest.strip_prefix("date ")?;
    let date_start = at + 5 + (after_kw.len() - after_kw.trim_start_matches(' ').len());
    let candidate = text.get(date_start..)?;
    let len = candidate.find(|c: char| c.is_whitespace()).unwrap_or(candidate.len());
    let date = Span::new(date_start, date_start + len);
    let word = date.text(text);
    // Only a date-shaped word makes the line a date line: four digits, a dash, digits, a
    // dash, digits. "date 2-3 apples" is prose; "date 2020-02-30" is a date that is wrong.
    let mut parts = word.split('-');
    let shaped = parts
        .next()
        .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        && parts
            .next()
            .is_some_and(|m| m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()))
        && parts
            .next()
            .is_some_and(|d| d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()))
        && parts.next().is_none();
    if !shaped {
        return None;
    }
    // The body starts after the whitespace that follows the date, up to and including one newline.
    let mut end = date.end;
    for c in text[end..].chars() {
        if c == '\n' {
            end += 1;
            break;
        }
        if !c.is_whitespace() {
            break;
        }
        end += c.len_utf8();
    }
    Some((date, end))
}

fn read_toml(db: &SourceDb, file: FileId, inner: Span, meta: &mut Meta) -> Vec<Problem> {
    let text = db.get(file).text();
    let path = db.get(file).name();
    let table: toml::Table = match inner.text(text).parse() {
        Ok(t) => t,
        Err(e) => {
            let span = e
                .span()
                .map(|r| Span::new(inner.start + r.start, inner.start + r.end.max(r.start)))
                .unwrap_or(inner);
            return vec![Problem::at(
                path,
                file,
                span,
                format!("invalid TOML front matter: {}", e.message().trim()),
                "here",
            )];
        }
    };
    let mut problems = Vec::new();
    for (key, value) in &table {
        let value_text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => other.to_string(),
        };
        let span = find_key(text, inner, key);
        if let Err(p) = set_meta(meta, key, &value_text, path, file, span) {
            problems.push(p);
        }
    }
    problems
}

/// Where the first anchor (`&name`) or alias (`*name`) of YAML `source` is, if it has one
/// before any mistake.
fn first_anchor(source: &str) -> Option<Marker> {
    let mut parser = Parser::new_from_str(source);
    loop {
        match parser.next_token() {
            Ok((Event::Alias(_), mark)) => return Some(mark),
            Ok((
                Event::Scalar(_, _, anchor, _) | Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _),
                mark,
            )) if anchor > 0 => return Some(mark),
            Ok((Event::StreamEnd, _)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

fn read_yaml(db: &SourceDb, file: FileId, inner: Span, meta: &mut Meta) -> Vec<Problem> {
    let text = db.get(file).text();
    let path = db.get(file).name();
    // An alias stands for a copy of what its anchor names, and aliases of aliases for copies
    // of copies: a few hundred bytes of them would be gigabytes once loaded (and the loader
    // keeps a copy of every anchored value, nested anchors copies of copies). No key factlint
    // reads needs one, so front matter is read without anchors and aliases.
    if let Some(mark) = first_anchor(inner.text(text)) {
        let offset = line_col_offset(text, inner.start, mark.line(), mark.col());
        let len = text[offset..]
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
            .unwrap_or(text.len() - offset);
        return vec![
            Problem::at(
                path,
                file,
                Span::new(offset, offset + len.max(1).min(text.len() - offset)),
                "YAML front matter with an anchor or an alias",
                "here",
            )
            .with_note("factlint reads front matter without anchors and aliases: write the value itself"),
        ];
    }
    let docs = match YamlLoader::load_from_str(inner.text(text)) {
        Ok(d) => d,
        Err(e) => {
            let marker = e.marker();
            let offset = line_col_offset(text, inner.start, marker.line(), marker.col());
            let end = text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
            return vec![Problem::at(
                path,
                file,
                Span::new(offset, end),
                format!("invalid YAML front matter: {}", e.info()),
                "here",
            )];
        }
    };
    let mut problems = Vec::new();
    match docs.first() {
        None | Some(Yaml::Null) => {}
        Some(Yaml::Hash(map)) => {
            for (k, v) in map {
                let Some(key) = k.as_str() else { continue };
                let value = match v {
                    Yaml::String(s) | Yaml::Real(s) => s.clone(),
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    // A key factlint reads takes one value; a list or a mapping there is a
                    // mistake, as it is in TOML front matter.
                    Yaml::Array(_) | Yaml::Hash(_) if META_KEYS.contains(&key) => {
                        problems.push(Problem::at(
                            path,
                            file,
                            find_key(text, inner, key),
                            format!("`{key}` takes one value, not a list or a mapping"),
                            "expected one value",
                        ));
                        continue;
                    }
                    _ => continue,
                };
                let span = find_key(text, inner, key);
                if let Err(p) = set_meta(meta, key, &value, path, file, span) {
                    problems.push(p);
                }
            }
        }
        Some(_) => problems.push(Problem::at(
            path,
            file,
            inner,
            "YAML front matter must be a mapping of keys to values",
            "expected `key: value` lines",
        )),
    }
    problems
}

/// The byte offset of 1-based `line`, 0-based char `col`, counted from `base`.
fn line_col_offset(text: &str, base: usize, line: usize, col: usize) -> usize {
    let mut offset = base;
    for _ in 1..line {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return text.len(),
        }
    }
    for c in text[offset..].chars().take(col) {
        if c == '\n' {
            break;
        }
        offset += c.len_utf8();
    }
    offset
}

/// The span of the value of `key` inside the front matter, to point errors at it.
fn find_key(text: &str, inner: Span, key: &str) -> Span {
    let body = inner.text(text);
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            let rest_trim = rest.trim_start();
            if rest_trim.starts_with('=') || rest_trim.starts_with(':') {
                let value = rest_trim[1..].trim();
                let value_start = line.find(value).filter(|_| !value.is_empty()).unwrap_or(0);
                let start = inner.start + pos + value_start;
                return Span::new(start, start + value.len());
            }
        }
        pos += line.len();
    }
    Span::new(inner.start, inner.start)
}

/// The front matter keys factlint reads; others belong to the publishing system.
const META_KEYS: &[&str] = &["source", "date", "url", "story", "role"];

fn set_meta(meta: &mut Meta, key: &str, value: &str, path: &str, file: FileId, span: Span) -> Result<(), Problem> {
    match key {
        "source" => meta.source = value.to_string(),
        "url" => meta.url = Some(value.to_string()),
        "story" => meta.story = Some(value.to_string()),
        "date" => {
            // A date-time keeps only its date; the time of day does not move a news date.
            let day = value.get(..10).unwrap_or(value);
            match parse_date(day) {
                Some(d) => meta.date = Some(d),
                None => {
                    return Err(Problem::at(
                        path,
                        file,
                        span,
                        format!("`{value}` is not a date that exists"),
                        "expected YYYY-MM-DD",
                    ));
                }
            }
        }
        "role" => {
            meta.role = match value {
                "draft" => Role::Draft,
                "reference" => Role::Reference,
                _ => {
                    return Err(Problem::at(
                        path,
                        file,
                        span,
                        format!("unknown role `{value}`"),
                        "expected `draft` or `reference`",
                    ));
                }
            }
        }
        // Other keys (title, author, tags…) belong to the publishing system; they are kept out
        // of the lint but are not errors.
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Article, Vec<Problem>> {
        let mut db = SourceDb::new();
        let file = db.add("a.txt", text);
        parse(&db, file, "a", Role::Draft)
    }

    #[test]
    fn date_line_on_its_own_line() {
        let a = parse_str("date 2020-12-03\nWASHINGTON — Text.").expect("valid");
        assert_eq!(a.meta.date, parse_date("2020-12-03"));
        assert_eq!(a.body.start, 16);
    }

    #[test]
    fn date_line_sharing_the_first_line_with_text() {
        // The NBC News seed starts " date 2020-12-03 WASHINGTON – …".
        let a = parse_str(" date 2020-12-03 WASHINGTON – The").expect("valid");
        assert_eq!(a.meta.date, parse_date("2020-12-03"));
        assert_eq!(&" date 2020-12-03 WASHINGTON – The"[a.body.start..], "WASHINGTON – The");
    }

    #[test]
    fn prose_starting_with_date_is_not_a_date_line() {
        let a = parse_str("date 2-3 apples were sold.").expect("prose");
        assert_eq!(a.body.start, 0);
        assert_eq!(a.meta.date, None);
    }

    #[test]
    fn impossible_date_is_located() {
        let errs = parse_str("date 2020-02-30\nText").expect_err("no such day");
        assert_eq!(errs[0].label.as_ref().map(|l| l.span), Some(Span::new(5, 15)));
    }

    #[test]
    fn toml_front_matter() {
        let a =
            parse_str("+++\nsource = \"NBC News\"\ndate = 2020-12-03\nrole = \"reference\"\ntitle = \"x\"\n+++\nBody.")
                .expect("valid");
        assert_eq!(a.meta.source, "NBC News");
        assert_eq!(a.meta.role, Role::Reference);
        assert_eq!(a.meta.date, parse_date("2020-12-03"));
    }

    #[test]
    fn yaml_front_matter_with_a_bad_role_points_at_the_value() {
        let text = "---\nsource: The Hill\nrole: editor\n---\nBody.";
        let errs = parse_str(text).expect_err("bad role");
        let span = errs[0].label.as_ref().map(|l| l.span).expect("located");
        assert_eq!(span.text(text), "editor");
    }

    #[test]
    fn malformed_yaml_is_located() {
        let errs = parse_str("---\nsource: [unclosed\n---\nBody.").expect_err("bad yaml");
        assert!(
            errs[0].message.starts_with("invalid YAML front matter"),
            "{}",
            errs[0].message
        );
        assert!(errs[0].label.is_some());
    }

    #[test]
    fn unclosed_front_matter() {
        let errs = parse_str("+++\nsource = \"x\"\nBody.").expect_err("unclosed");
        assert!(errs[0].message.contains("never closed"));
    }

    #[test]
    fn plain_text_has_no_metadata() {
        let a = parse_str("The U.S. plans to withdraw.").expect("valid");
        assert_eq!(a.body, Span::new(0, 27));
        assert_eq!(a.meta.date, None);
        assert_eq!(a.meta.source, "a");
    }
}

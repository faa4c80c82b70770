//! The files factlint has read, and the one place where byte offsets become lines and columns.

use std::ops::Range;
use std::sync::OnceLock;

use codespan_reporting::files::{Error as FilesError, Files};

use crate::span::Span;

/// Identifies one file in a [`SourceDb`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// One file's display name and text, with the byte offset of every line start.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    /// For Markdown, the text with everything but prose blanked (see `markdown`).
    prose: Option<String>,
    /// For Markdown, the code blocks and inline code.
    code: Vec<Span>,
    /// For a text decoded from the file (ninjs), the file offset of each byte of `prose`
    /// and one past its end.
    map: Option<Vec<usize>>,
    /// The characters and UTF-16 units before every [`CHECKPOINT`]th byte, made the first
    /// time a column far into a long line is asked for: a column is then counted from the
    /// checkpoint before it, not from its line's start, so that thousands of findings on a
    /// line of megabytes cost no more than on short lines.
    checkpoints: OnceLock<Vec<Checkpoint>>,
}

/// Bytes between two checkpoints of a long line (about, as they fall on char boundaries).
const CHECKPOINT: usize = 1024;

/// What comes before a byte of the text: how many characters and UTF-16 units.
#[derive(Clone, Copy, Debug)]
struct Checkpoint {
    byte: usize,
    chars: usize,
    utf16: usize,
}

impl SourceFile {
    /// A file named `name` (as shown to the user) holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            prose: None,
            code: Vec::new(),
            map: None,
            checkpoints: OnceLock::new(),
        }
    }

    /// The name shown to the user: the path as given on the command line.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text, as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text that is linted: for Markdown, [`SourceFile::text`] with code, markup, raw
    /// HTML and URLs blanked (same length, same lines); for plain text, the text itself.
    pub fn prose(&self) -> &str {
        self.prose.as_deref().unwrap_or(&self.text)
    }

    /// The code blocks and inline code of a Markdown file.
    pub fn code(&self) -> &[Span] {
        &self.code
    }

    /// Whether [`SourceFile::prose`] is decoded from the file (ninjs JSON), so that its
    /// spans must be mapped with [`SourceFile::to_file`].
    pub fn is_decoded(&self) -> bool {
        self.map.is_some()
    }

    /// The span of the file that `span` of [`SourceFile::prose`] was read from.
    pub fn to_file(&self, span: Span) -> Span {
        match &self.map {
            None => span,
            Some(map) => {
                let at = |i: usize| map.get(i).or(map.last()).copied().unwrap_or(0);
                let start = at(span.start);
                Span::new(start, at(span.end).max(start))
            }
        }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// 1-based line and 1-based column, counted in characters, of byte `offset`.
    ///
    /// An offset past the end or inside a character is clamped to the nearest boundary
    /// before it, so a bad offset gives a wrong position rather than a panic.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let (line, start, offset) = self.line_start_of(offset);
        let column = if offset - start <= CHECKPOINT {
            self.text[start..offset].chars().count()
        } else {
            self.before(offset).chars - self.before(start).chars
        };
        (line + 1, column + 1)
    }

    /// 1-based line and 1-based column, counted in UTF-16 code units, of byte `offset`: the
    /// columns of SARIF (`columnKind: utf16CodeUnits`) and of editors speaking LSP.
    ///
    /// Offsets are clamped as in [`SourceFile::line_column`].
    pub fn line_column_utf16(&self, offset: usize) -> (usize, usize) {
        let (line, start, offset) = self.line_start_of(offset);
        let column = if offset - start <= CHECKPOINT {
            utf16_len(&self.text[start..offset])
        } else {
            self.before(offset).utf16 - self.before(start).utf16
        };
        (line + 1, column + 1)
    }

    /// The 0-based line of byte `offset` (clamped onto a char boundary), its start, and the
    /// offset clamped.
    fn line_start_of(&self, offset: usize) -> (usize, usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_of(offset);
        (line, self.line_starts[line], offset)
    }

    /// The characters and UTF-16 units of the text before byte `offset`, a char boundary.
    fn before(&self, offset: usize) -> Checkpoint {
        let checkpoints = self.checkpoints.get_or_init(|| checkpoints(&self.text));
        let at = checkpoints.partition_point(|c| c.byte <= offset).saturating_sub(1);
        let from = checkpoints.get(at).copied().unwrap_or(Checkpoint {
            byte: 0,
            chars: 0,
            utf16: 0,
        });
        let rest = &self.text[from.byte..offset];
        Checkpoint {
            byte: offset,
            chars: from.chars + rest.chars().count(),
            utf16: from.utf16 + utf16_len(rest),
        }
    }

    fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self.line_starts.get(line + 1).copied().unwrap_or(self.text.len());
        Some(start..end)
    }
}

/// How many UTF-16 units `text` takes.
fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The checkpoints of `text`: one at its start and one at about every [`CHECKPOINT`] bytes.
fn checkpoints(text: &str) -> Vec<Checkpoint> {
    let mut out = vec![Checkpoint {
        byte: 0,
        chars: 0,
        utf16: 0,
    }];
    let mut last = out[0];
    while last.byte + CHECKPOINT < text.len() {
        let byte = floor_char_boundary(text, last.byte + CHECKPOINT).max(last.byte + 1);
        let byte = ceil_char_boundary(text, byte);
        let piece = &text[last.byte..byte];
        last = Checkpoint {
            byte,
            chars: last.chars + piece.chars().count(),
            utf16: last.utf16 + utf16_len(piece),
        };
        out.push(last);
    }
    out
}

/// The smallest char boundary at or after `offset` in `text`.
fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The largest char boundary at or before `offset` in `text`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every file of one run: articles, rule files and configuration files.
#[derive(Debug, Default)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    /// An empty database.
    pub fn new() -> Self {
        Self::default()
    }

    /// Gives `file` the text to lint instead of its own (same length and lines: spans in
    /// one are spans in the other) and its code spans. A text of another length is refused.
    pub fn set_prose(&mut self, file: FileId, prose: String, code: Vec<Span>) {
        if let Some(f) = self.files.get_mut(file.0 as usize)
            && prose.len() == f.text.len()
        {
            f.prose = Some(prose);
            f.code = code;
        }
    }

    /// Gives `file` a text decoded from it to lint (the text of a ninjs item), with `map`,
    /// the file offset of each byte of `prose` and one past its end. A map of another
    /// length, or one pointing past the file, is refused.
    pub fn set_decoded(&mut self, file: FileId, prose: String, map: Vec<usize>) {
        if let Some(f) = self.files.get_mut(file.0 as usize)
            && map.len() == prose.len() + 1
            && map.iter().all(|&o| o <= f.text.len())
        {
            f.prose = Some(prose);
            f.map = Some(map);
        }
    }

    /// Adds a file; returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name, text));
        FileId(self.files.len() as u32 - 1)
    }

    /// The file with id `id`.
    ///
    /// Ids are only made by [`SourceDb::add`], so every id names a file of this database.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// How many files the database holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl<'a> Files<'a> for SourceDb {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.files
            .get(id.0 as usize)
            .map(|f| f.name.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.files
            .get(id.0 as usize)
            .map(|f| f.text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.files.get(id.0 as usize).ok_or(FilesError::FileMissing)?;
        Ok(file.line_of(byte_index.min(file.text.len())))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.files.get(id.0 as usize).ok_or(FilesError::FileMissing)?;
        file.line_range(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: file.line_starts.len() - 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let file = SourceFile::new("a.txt", "ab\n“Yes,” he said.\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(3), (2, 1));
        // "“Yes,” " is 2 three-byte quotes + 5 ASCII bytes: "he" starts at character 8.
        let he = file.text().find("he").expect("fixture has 'he'");
        assert_eq!(file.line_column(he), (2, 8));
    }

    #[test]
    fn utf16_columns_count_code_units() {
        // “ is one UTF-16 unit (three UTF-8 bytes); 𝄞 is two (a surrogate pair, four bytes).
        let file = SourceFile::new("a.txt", "x\n“Yes” 𝄞 no");
        let no = file.text().find("no").expect("fixture has 'no'");
        assert_eq!(file.line_column(no), (2, 9));
        assert_eq!(file.line_column_utf16(no), (2, 10));
        assert_eq!(file.line_column_utf16(100), (2, 12));
    }

    #[test]
    fn columns_far_into_a_long_line_are_those_counted_from_its_start() {
        // Quotes, an accent and a character outside the BMP, so that bytes, characters and
        // UTF-16 units all differ, on lines of many checkpoints.
        let sentence = "“Yes,” said Ana Müller 𝄞, who declined to comment. ";
        let text = format!("{}\n{}\nend", sentence.repeat(200), sentence.repeat(90));
        let file = SourceFile::new("long.txt", text.as_str());
        for offset in (0..=text.len()).step_by(97).chain([text.len()]) {
            let offset = floor_char_boundary(&text, offset);
            let line = text[..offset].matches('\n').count();
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let chars = text[start..offset].chars().count();
            let units: usize = text[start..offset].chars().map(char::len_utf16).sum();
            assert_eq!(file.line_column(offset), (line + 1, chars + 1), "at {offset}");
            assert_eq!(file.line_column_utf16(offset), (line + 1, units + 1), "at {offset}");
        }
        assert!(file.checkpoints.get().is_some_and(|c| c.len() > 10));
    }

    #[test]
    fn short_lines_make_no_checkpoints() {
        let text = "ab\n“Yes,” he said.\n".repeat(1000);
        let file = SourceFile::new("a.txt", text.as_str());
        // "he" of the 101st "“Yes,” he said.": line 202, column 8.
        let he = text.match_indices("he").nth(100).map(|(i, _)| i).expect("101 of them");
        assert_eq!(file.line_column(he), (202, 8));
        assert_eq!(file.line_column_utf16(he), (202, 8));
        assert!(file.checkpoints.get().is_none());
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_do_not_panic() {
        let file = SourceFile::new("a.txt", "“x”");
        assert_eq!(file.line_column(1), (1, 1));
        assert_eq!(file.line_column(100), (1, 4));
    }
}

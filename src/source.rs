//! The files factlint has read, and the one place where byte offsets become lines and columns.

use std::ops::Range;

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
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count();
        (line + 1, column + 1)
    }

    /// 1-based line and 1-based column, counted in UTF-16 code units, of byte `offset`: the
    /// columns of SARIF (`columnKind: utf16CodeUnits`) and of editors speaking LSP.
    ///
    /// Offsets are clamped as in [`SourceFile::line_column`].
    pub fn line_column_utf16(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        (line + 1, column + 1)
    }

    fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self.line_starts.get(line + 1).copied().unwrap_or(self.text.len());
        Some(start..end)
    }
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
    fn offsets_inside_a_character_or_past_the_end_do_not_panic() {
        let file = SourceFile::new("a.txt", "“x”");
        assert_eq!(file.line_column(1), (1, 1));
        assert_eq!(file.line_column(100), (1, 4));
    }
}

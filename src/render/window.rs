//! Long lines cut to windows around the labelled words, so that a finding in a paragraph of
//! 900 characters stays readable. Line numbers and columns stay those of the file as read.
//!
//! [`Excerpts`] stands in for the [`SourceDb`] when codespan-reporting draws one diagnostic:
//! each long line that a label touches is replaced by the pieces around the labels' ends,
//! joined by "…", and every label offset is mapped into that text. The columns shown in
//! `file:line:column` are mapped back and computed by `source.rs` on the original line.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use codespan_reporting::files::{Error as FilesError, Files};

use crate::source::{FileId, SourceDb};
use crate::span::Span;

/// Lines of up to this many characters are shown whole.
pub const MAX_LINE: usize = 160;
/// Characters kept on each side of the start and the end of a label.
const CONTEXT: usize = 50;
/// Fewer characters than this, between a window and the end of its line or the next
/// window, are shown rather than replaced by "…".
const SLACK: usize = 20;
/// A single window narrower than this many characters is widened to it.
const WIDTH: usize = 120;
/// How far a cut may move to fall between two words.
const WORD_SNAP: usize = 16;
/// What stands for the words left out.
const ELLIPSIS: &str = "…";

/// The files of one diagnostic, with the long lines it labels cut to windows.
pub struct Excerpts<'a> {
    db: &'a SourceDb,
    cut: HashMap<FileId, CutFile>,
}

/// What is known of the long lines of the files, by file and line index: kept from one
/// diagnostic to the next by a renderer that shows many.
#[derive(Default)]
pub struct LongLines(HashMap<(FileId, usize), CharIndex>);

/// A file whose long lines were cut.
///
/// Only the lines from the first to the last that a label touches are kept (`text`), so that
/// showing one diagnostic costs the lines it shows, not the whole file.
struct CutFile {
    text: String,
    /// The index in the file of the first line of `text`.
    first_line: usize,
    line_starts: Vec<usize>,
    /// The pieces of the original text copied into `text`, in order:
    /// `(start in text, start in the original, length)`.
    copies: Vec<(usize, usize, usize)>,
}

impl<'a> Excerpts<'a> {
    /// The files of `db`, with every line longer than [`MAX_LINE`] characters that one of
    /// `labels` touches cut to windows around the labels' ends.
    #[cfg(test)]
    pub fn new(db: &'a SourceDb, labels: &[(FileId, Span)]) -> Self {
        Self::with_lines(db, labels, &mut LongLines::default())
    }

    /// [`Excerpts::new`], keeping in `lines` what it learns of each long line, for the next
    /// diagnostic on the same line.
    pub fn with_lines(db: &'a SourceDb, labels: &[(FileId, Span)], lines: &mut LongLines) -> Self {
        // The label ends on each line of each file; a line inside a label spanning several
        // lines has none.
        let mut points: HashMap<FileId, BTreeMap<usize, Vec<usize>>> = HashMap::new();
        for &(file, span) in labels {
            let source = db.get(file);
            let (first, last) = (source.line_of(span.start), source.line_of(span.end));
            let lines = points.entry(file).or_default();
            for line in first..=last {
                let at = lines.entry(line).or_default();
                if line == first {
                    at.push(span.start);
                }
                if line == last {
                    at.push(span.end);
                }
            }
        }
        let mut cut = HashMap::new();
        for (file, ends) in points {
            if let Some(c) = CutFile::new(db, file, &ends, lines) {
                cut.insert(file, c);
            }
        }
        Excerpts { db, cut }
    }

    /// Where byte `offset` of `file` is in the text shown.
    pub fn shown(&self, file: FileId, offset: usize) -> usize {
        match self.cut.get(&file) {
            Some(c) => c.shown(offset),
            None => offset,
        }
    }
}

impl CutFile {
    /// The file with `lines` (line index → label ends on it) cut; `None` when every one of
    /// them is short enough to show whole.
    fn new(db: &SourceDb, file: FileId, lines: &BTreeMap<usize, Vec<usize>>, long: &mut LongLines) -> Option<Self> {
        let source = db.get(file);
        let original = source.text();
        let first_line = *lines.keys().next()?;
        let region =
            db.line_range(file, first_line).ok()?.start..db.line_range(file, *lines.keys().next_back()?).ok()?.end;
        let mut text = String::new();
        let mut copies = Vec::new();
        let mut copy = |text: &mut String, range: Range<usize>| {
            copies.push((text.len(), range.start, range.len()));
            text.push_str(&original[range]);
        };
        let mut pos = region.start;
        let mut cut_any = false;
        for (&line, ends) in lines {
            let Ok(range) = db.line_range(file, line) else {
                continue;
            };
            let content = original[range.clone()].trim_end_matches(['\n', '\r']);
            let start = range.start;
            let relative: Vec<usize> = ends
                .iter()
                .map(|&e| e.clamp(start, start + content.len()) - start)
                .collect();
            if content.len() <= MAX_LINE {
                // Never more characters than bytes: short enough to show whole.
                continue;
            }
            let index = long.0.entry((file, line)).or_insert_with(|| CharIndex::new(content));
            let Some(windows) = windows_in(content, index, &relative) else {
                continue;
            };
            cut_any = true;
            copy(&mut text, pos..start);
            for (i, w) in windows.iter().enumerate() {
                if i == 0 && w.start > 0 {
                    text.push_str(ELLIPSIS);
                    text.push(' ');
                } else if i > 0 {
                    text.push(' ');
                    text.push_str(ELLIPSIS);
                    text.push(' ');
                }
                copy(&mut text, start + w.start..start + w.end);
            }
            if windows.last().is_some_and(|w| w.end < content.len()) {
                text.push(' ');
                text.push_str(ELLIPSIS);
            }
            pos = start + content.len();
        }
        if !cut_any {
            return None;
        }
        copy(&mut text, pos..region.end);
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Some(CutFile {
            text,
            first_line,
            line_starts,
            copies,
        })
    }

    /// Where original byte `offset` is in `text`. Every label end lies in a copied piece;
    /// any other offset goes to the end of the piece before it.
    fn shown(&self, offset: usize) -> usize {
        let i = self.copies.partition_point(|&(_, from, _)| from <= offset);
        match i.checked_sub(1).map(|i| self.copies[i]) {
            Some((at, from, len)) => at + (offset - from).min(len),
            None => 0,
        }
    }

    /// Which original byte is at byte `offset` of `text`.
    fn original(&self, offset: usize) -> usize {
        let i = self.copies.partition_point(|&(at, _, _)| at <= offset);
        match i.checked_sub(1).map(|i| self.copies[i]) {
            Some((at, from, len)) => from + (offset - at).min(len),
            None => 0,
        }
    }
}

/// Where some characters of a long line start (one in [`CharIndex::STEP`]): character
/// indices and byte offsets are converted in a few steps, so that cutting a line for each of
/// thousands of findings on it does not read the whole line each time.
pub struct CharIndex {
    /// How many characters the line has.
    len: usize,
    /// The byte offset of every `STEP`-th character.
    marks: Vec<usize>,
}

impl CharIndex {
    const STEP: usize = 64;

    fn new(line: &str) -> Self {
        let mut marks = Vec::with_capacity(line.len() / Self::STEP + 1);
        let mut len = 0;
        for (i, (b, _)) in line.char_indices().enumerate() {
            if i % Self::STEP == 0 {
                marks.push(b);
            }
            len = i + 1;
        }
        CharIndex { len, marks }
    }

    /// How many characters of `line` start before byte `offset`.
    fn chars_before(&self, line: &str, offset: usize) -> usize {
        let i = self.marks.partition_point(|&b| b < offset);
        let Some(mark) = i.checked_sub(1) else {
            return 0;
        };
        let from = self.marks[mark];
        mark * Self::STEP
            + line[from..]
                .char_indices()
                .take_while(|&(b, _)| from + b < offset)
                .count()
    }

    /// The byte offset of character `k` of `line` (the line's length for its end).
    fn byte(&self, line: &str, k: usize) -> usize {
        if k >= self.len {
            return line.len();
        }
        let from = self.marks[k / Self::STEP];
        line[from..]
            .char_indices()
            .nth(k % Self::STEP)
            .map_or(line.len(), |(b, _)| from + b)
    }

    /// Character `k` of `line`.
    fn char_at(&self, line: &str, k: usize) -> char {
        line[self.byte(line, k)..].chars().next().unwrap_or(' ')
    }
}

/// The byte ranges of `line` to show around the byte offsets `ends`, or `None` when the line
/// is short enough to show whole. Cuts fall between words where one is near.
#[cfg(test)]
fn windows(line: &str, ends: &[usize]) -> Option<Vec<Range<usize>>> {
    windows_in(line, &CharIndex::new(line), ends)
}

/// [`windows`], with the line's [`CharIndex`].
fn windows_in(line: &str, index: &CharIndex, ends: &[usize]) -> Option<Vec<Range<usize>>> {
    let n = index.len;
    if n <= MAX_LINE {
        return None;
    }
    let mut at: Vec<usize> = ends.iter().map(|&e| index.chars_before(line, e)).collect();
    if at.is_empty() {
        // A line inside a label that spans several lines: its beginning.
        at.push(0);
    }
    at.sort_unstable();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for c in at {
        let (s, e) = (c.saturating_sub(CONTEXT), (c + CONTEXT).min(n));
        match spans.last_mut() {
            Some(last) if s <= last.1 + SLACK => last.1 = last.1.max(e),
            _ => spans.push((s, e)),
        }
    }
    if let [(s, e)] = spans.as_mut_slice() {
        // One window shows as much of the line as a wide terminal holds: what one side
        // cannot take goes to the other.
        let missing = WIDTH.saturating_sub(*e - *s);
        let after = (missing - missing / 2).min(n - *e);
        let before = (missing - after).min(*s);
        let after = (missing - before).min(n - *e);
        *s -= before;
        *e += after;
    }
    let chars = |k: usize| index.char_at(line, k);
    let word_start = |k: usize| chars(k - 1).is_whitespace() && !chars(k).is_whitespace();
    let word_end = |k: usize| chars(k).is_whitespace() && !chars(k - 1).is_whitespace();
    for (s, e) in &mut spans {
        // A cut moves to a word boundary in the context (WORD_SNAP < CONTEXT, so the label
        // ends stay inside), or outward when the word cut is too long for that.
        if *s <= SLACK {
            *s = 0;
        } else if let Some(k) = (*s..*s + WORD_SNAP)
            .find(|&k| word_start(k))
            .or_else(|| (s.saturating_sub(WORD_SNAP).max(1)..*s).rev().find(|&k| word_start(k)))
        {
            *s = k;
        }
        if n - *e <= SLACK {
            *e = n;
        } else if let Some(k) = (*e - WORD_SNAP..=*e)
            .rev()
            .find(|&k| word_end(k))
            .or_else(|| (*e + 1..(*e + WORD_SNAP).min(n)).find(|&k| word_end(k)))
        {
            *e = k;
        }
    }
    // Moving the cuts may have brought two windows together.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 + SLACK => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    Some(
        merged
            .into_iter()
            .map(|(s, e)| index.byte(line, s)..index.byte(line, e))
            .collect(),
    )
}

impl<'a> Files<'a> for Excerpts<'_> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.db.name(id)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        match self.cut.get(&id) {
            Some(c) => Ok(&c.text),
            None => self.db.source(id),
        }
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        match self.cut.get(&id) {
            Some(c) => Ok(c.first_line + c.line_starts.partition_point(|&s| s <= byte_index).saturating_sub(1)),
            None => self.db.line_index(id, byte_index),
        }
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        match self.cut.get(&id) {
            Some(c) => {
                // Only the lines of the diagnostic are asked for; any other is out of range.
                let too_large = || FilesError::LineTooLarge {
                    given: line_index,
                    max: c.first_line + c.line_starts.len() - 1,
                };
                let local = line_index.checked_sub(c.first_line).ok_or_else(too_large)?;
                let start = *c.line_starts.get(local).ok_or_else(too_large)?;
                let end = c.line_starts.get(local + 1).copied().unwrap_or(c.text.len());
                Ok(start..end)
            }
            None => self.db.line_range(id, line_index),
        }
    }

    /// The column in the original line, in characters, as `source.rs` counts it.
    fn column_number(&'a self, id: FileId, line_index: usize, byte_index: usize) -> Result<usize, FilesError> {
        match self.cut.get(&id) {
            Some(c) => Ok(self.db.get(id).line_column(c.original(byte_index)).1),
            None => self.db.column_number(id, line_index, byte_index),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph() -> String {
        // About 300 characters of news copy, the flagged words in the middle.
        "The ministry said on Tuesday that the ferry, which had been inspected in January, was \
         carrying more than 200 passengers when it capsized near the island of Idjwi. Rescuers \
         recovered the the bodies of 23 people by nightfall, and regional officials said the \
         search would resume at first light on Wednesday with divers from the navy."
            .to_string()
    }

    #[test]
    fn short_lines_are_shown_whole() {
        assert_eq!(windows("Rescuers recovered the the bodies.", &[19, 26]), None);
    }

    #[test]
    fn a_long_line_is_cut_between_words_around_the_label() {
        let text = paragraph();
        let start = text.find("the the").expect("fixture");
        let w = windows(&text, &[start, start + 7]).expect("the line is long");
        assert_eq!(w.len(), 1);
        let shown = &text[w[0].clone()];
        assert!(shown.contains("the the bodies"), "{shown}");
        // About as wide as a wide terminal, give or take the moves to word boundaries.
        let width = shown.chars().count();
        assert!(
            (WIDTH - 2 * WORD_SNAP..=WIDTH + 2 * WORD_SNAP).contains(&width),
            "{width}: {shown}"
        );
        // Cut between words: the window starts and ends with a whole word.
        assert!(text[..w[0].start].ends_with(' '), "{shown}");
        assert!(text[w[0].end..].starts_with(' '), "{shown}");
    }

    #[test]
    fn far_apart_labels_get_two_windows() {
        let text = paragraph();
        let (a, b) = (
            text.find("ministry").expect("fixture"),
            text.find("navy").expect("fixture"),
        );
        let w = windows(&text, &[a, a + 8, b, b + 4]).expect("the line is long");
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].start, 0, "the first label is near the start of the line");
        assert_eq!(w[1].end, text.len(), "the second is near its end");
    }

    #[test]
    fn a_label_over_two_long_lines_keeps_both_ends() {
        let mut db = SourceDb::new();
        let para = paragraph();
        let text = format!("{para}\r\n{para}\r\n");
        let file = db.add("story.txt", text.clone());
        // From "the the" in the first line to "nightfall" in the second.
        let start = text.find("the the").expect("fixture");
        let end = text.rfind("nightfall").expect("fixture") + "nightfall".len();
        let excerpts = Excerpts::new(&db, &[(file, Span::new(start, end))]);
        let shown = excerpts.source(file).expect("file");
        let (a, b) = (excerpts.shown(file, start), excerpts.shown(file, end));
        assert!(shown[a..].starts_with("the the"), "{shown}");
        assert!(shown[..b].ends_with("nightfall"), "{shown}");
        assert_eq!(shown.lines().count(), 2);
        assert!(
            shown
                .split_inclusive('\n')
                .all(|l| l.ends_with(" …\r\n") && l.starts_with("… ")),
            "{shown:?}"
        );
        assert_eq!(excerpts.line_index(file, b).expect("line"), 1);
    }

    #[test]
    fn offsets_and_columns_map_through_the_cut_text() {
        let mut db = SourceDb::new();
        let text = format!(
            "Headline\n{}\nLast line.\n",
            paragraph().replace("The ministry", "“The ministry”")
        );
        let file = db.add("story.txt", text.clone());
        let start = text.find("the the").expect("fixture");
        let span = Span::new(start, start + 7);
        let excerpts = Excerpts::new(&db, &[(file, span)]);
        let shown = excerpts.source(file).expect("file");
        let (a, b) = (excerpts.shown(file, span.start), excerpts.shown(file, span.end));
        assert_eq!(&shown[a..b], "the the");
        // Only the line the label touches is kept, cut, with its number in the file.
        assert!(shown.starts_with("… ") && shown.ends_with(" …\n"), "{shown}");
        let line = excerpts.line_index(file, a).expect("line");
        assert_eq!(line, 1);
        let range = excerpts.line_range(file, line).expect("its range");
        assert_eq!(&shown[range], shown);
        let column = excerpts.column_number(file, line, a).expect("column");
        assert_eq!((line + 1, column), db.get(file).line_column(start));
        assert!(excerpts.line_range(file, 0).is_err(), "the headline is not shown");
        // After the kept line's end of line only an empty line is left, whatever followed.
        assert!(
            excerpts.line_range(file, 2).is_ok_and(|r| r.is_empty()),
            "nor the last line"
        );
        assert!(excerpts.line_range(file, 3).is_err());
    }

    #[test]
    fn thousands_of_findings_on_one_long_line_each_cost_their_windows() {
        // One line of 300,000 characters, a finding every 300: each is cut as the line's
        // index says, and the index is made once.
        let line = paragraph().repeat(1_000);
        let mut db = SourceDb::new();
        let file = db.add("wire.txt", line.clone());
        let mut lines = LongLines::default();
        let mut found = 0;
        for (start, _) in line.match_indices("the the") {
            let span = Span::new(start, start + 7);
            let excerpts = Excerpts::with_lines(&db, &[(file, span)], &mut lines);
            let shown = excerpts.source(file).expect("file");
            let (a, b) = (excerpts.shown(file, span.start), excerpts.shown(file, span.end));
            assert_eq!(&shown[a..b], "the the");
            assert!(shown.chars().count() < 2 * WIDTH, "{}", shown.len());
            if found % 100 == 0 {
                // The kept index cuts as a fresh one does.
                let ends = [span.start, span.end];
                assert_eq!(windows(&line, &ends), windows_in(&line, &lines.0[&(file, 0)], &ends));
            }
            found += 1;
        }
        assert_eq!(found, 1_000);
        assert_eq!(lines.0.len(), 1);
    }
}

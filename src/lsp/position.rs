//! Positions as the editor counts them: a 0-based line and a column in UTF-16 code units
//! (the encoding every LSP client supports), to and from the byte offsets used inside.
//!
//! An article's curly quotes and dashes take three bytes and one UTF-16 unit; an emoji takes
//! four bytes and two units. Every conversion here clamps out-of-range input to the nearest
//! valid place rather than failing: a client that sends a line past the end gets the end.

use lsp_types::{Position, Range};

use crate::span::Span;

/// The line starts of one text, for converting between byte offsets and LSP positions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The LSP position of byte `offset` in `text` (the text this index was made from). An
    /// offset past the end or inside a character is moved back to a character boundary.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = crate::source::floor_char_boundary(text, offset);
        let line = match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    /// The LSP range of the byte span `span` of `text`.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(self.position(text, span.start), self.position(text, span.end))
    }

    /// The byte offset of the LSP position `pos` in `text`. A line past the end gives the end
    /// of the text; a column past the end of its line gives the end of the line (before its
    /// line break); a column inside a surrogate pair gives the start of the character.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let end = self.starts.get(pos.line as usize + 1).map_or(text.len(), |&next| {
            let mut end = next - 1;
            if end > start && text.as_bytes()[end - 1] == b'\r' {
                end -= 1;
            }
            end
        });
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            let next = units + c.len_utf16();
            if next > pos.character as usize {
                return start + i;
            }
            units = next;
        }
        end
    }

    /// The byte span of the LSP range `range` of `text`, start and end in order.
    pub fn span(&self, text: &str, range: Range) -> Span {
        let (a, b) = (self.offset(text, range.start), self.offset(text, range.end));
        Span::new(a.min(b), a.max(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_quotes_count_one_unit_and_emoji_two() {
        let text = "date 2020-12-03\n“Yes,” he said 👍 today.\n";
        let index = LineIndex::new(text);
        let he = text.find("he").expect("fixture has 'he'");
        // “ Y e s , ” and a space: seven units, though the quotes are three bytes each.
        assert_eq!(index.position(text, he), Position::new(1, 7));
        let today = text.find("today").expect("fixture has 'today'");
        // "he said " is 8 units, the emoji 2, the space 1: 7 + 8 + 2 + 1.
        assert_eq!(index.position(text, today), Position::new(1, 18));
        assert_eq!(index.offset(text, Position::new(1, 7)), he);
        assert_eq!(index.offset(text, Position::new(1, 18)), today);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "one\r\ntwo “x”\n";
        let index = LineIndex::new(text);
        // Past the end of a line: its end, before the line break.
        assert_eq!(index.offset(text, Position::new(0, 99)), 3);
        assert_eq!(index.offset(text, Position::new(1, 99)), text.len() - 1);
        // Past the last line: the end of the text.
        assert_eq!(index.offset(text, Position::new(7, 0)), text.len());
        // Inside a character or past the end, the other way round.
        assert_eq!(index.position(text, 10), Position::new(1, 4));
        assert_eq!(index.position(text, 1000), Position::new(2, 0));
        let emoji = "👍";
        let index = LineIndex::new(emoji);
        // Column 1 is inside the surrogate pair: the start of the character.
        assert_eq!(index.offset(emoji, Position::new(0, 1)), 0);
    }
}

//! Byte spans into one file's text.

/// A byte range `[start, end)` into one file's text, always on char boundaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// The text this span covers in `src`.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
    /// True when `other` lies inside this span.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the two spans share at least one byte.
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// This span shrunk to lie inside `text` on char boundaries: each end moves back to the
    /// nearest char boundary at or before it (the end of `text` when past it), and the end
    /// never comes before the start. Every place that takes a span from outside (a body, a
    /// parser's error, a caller) clamps it here, so a bad offset gives a short span, never a
    /// panic.
    ///
    /// ```
    /// use factlint::span::Span;
    /// // "ü" takes bytes 22..24.
    /// let text = "Police in Zurich and Zürich said three people died.";
    /// assert_eq!(Span::new(23, 200).clamp_to(text), Span::new(22, text.len()));
    /// assert_eq!(Span::new(30, 10).clamp_to(text), Span::new(30, 30));
    /// ```
    #[must_use]
    pub fn clamp_to(self, text: &str) -> Span {
        let start = floor_char_boundary(text, self.start);
        let end = floor_char_boundary(text, self.end).max(start);
        Span::new(start, end)
    }
}

/// The largest char boundary at or before `offset` in `text`.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

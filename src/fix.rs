//! Applying fixes to a text: the edits of each fix together, in text order, skipping a fix
//! that would overlap one applied before it.
//!
//! Everything here is pure: a text and fixes in, the new text and what was left out. The
//! command line reads and writes the files; a language server can apply the same fixes to a
//! buffer.

use crate::diagnostic::{Edit, Fix};
use crate::span::Span;

/// Why a fix was not applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// An edit overlaps (or inserts at the edge of) an edit of the fix at this index, which
    /// was applied before it.
    Overlaps(usize),
    /// An edit covers Markdown markup or code, which the linted prose does not show: an edit
    /// made from the prose could break it.
    Markup,
    /// An edit falls outside the text or inside a character, or two edits of the fix overlap.
    Invalid,
    /// The fix changes nothing.
    Unchanged,
}

impl Skip {
    /// The reason, in a few words: "overlaps another", "covers Markdown markup"…
    pub fn reason(self) -> &'static str {
        match self {
            Skip::Overlaps(_) => "overlaps another",
            Skip::Markup => "covers Markdown markup",
            Skip::Invalid => "does not fit the text",
            Skip::Unchanged => "changes nothing",
        }
    }
}

/// The result of [`apply`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The text with the applied fixes.
    pub text: String,
    /// The indices of the fixes applied, in the order given.
    pub applied: Vec<usize>,
    /// The indices of the fixes not applied, with the reason, in the order given.
    pub skipped: Vec<(usize, Skip)>,
}

/// Applies `fixes` to `text`. `prose` is the text that was linted, of the same length
/// ([`crate::source::SourceFile::prose`]: for Markdown, the text with code and markup
/// blanked; for plain text, the text itself); a fix with an edit where the two differ is
/// skipped.
///
/// Fixes are taken in the order of their first edit (then in the order given), and each is
/// applied whole or not at all: a fix with an edit that shares a byte with an edit applied
/// before, or that inserts text where another edit starts or ends, is skipped, since the
/// order of the two would be a guess. Edits that only touch (`[0, 3)` and `[3, 5)`) are
/// both applied. Every edit of every fix is taken to be an edit of `text`: the caller picks
/// the fixes of one file.
pub fn apply(text: &str, prose: &str, fixes: &[&Fix]) -> Applied {
    let prose = if prose.len() == text.len() { prose } else { text };
    let mut order: Vec<(usize, Vec<&Edit>)> = fixes
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut edits: Vec<&Edit> = f.edits.iter().collect();
            edits.sort_by_key(|e| (e.span.start, e.span.end));
            (i, edits)
        })
        .collect();
    order.sort_by_key(|(i, edits)| (edits.first().map(|e| (e.span.start, e.span.end)), *i));
    // The edits applied so far with the index of their fix, kept sorted by position.
    let mut taken: Vec<(Span, usize)> = Vec::new();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for (index, edits) in order {
        match check(text, prose, &edits, &taken) {
            Ok(()) => {
                for e in &edits {
                    let at = taken.partition_point(|(s, _)| (s.start, s.end) <= (e.span.start, e.span.end));
                    taken.insert(at, (e.span, index));
                }
                applied.push(index);
            }
            Err(skip) => skipped.push((index, skip)),
        }
    }
    applied.sort_unstable();
    skipped.sort_unstable_by_key(|(i, _)| *i);
    let mut edits: Vec<&Edit> = applied.iter().flat_map(|&i| &fixes[i].edits).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.replacement);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    Applied {
        text: out,
        applied,
        skipped,
    }
}

/// Whether the edits of one fix (sorted) can be applied after those `taken`.
fn check(text: &str, prose: &str, edits: &[&Edit], taken: &[(Span, usize)]) -> Result<(), Skip> {
    let mut changes = false;
    for (k, e) in edits.iter().enumerate() {
        let Span { start, end } = e.span;
        if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(Skip::Invalid);
        }
        if k > 0 && conflict(edits[k - 1].span, e.span) {
            return Err(Skip::Invalid);
        }
        if text.get(start..end) != prose.get(start..end) {
            return Err(Skip::Markup);
        }
        changes |= text[start..end] != *e.replacement;
    }
    if !changes {
        return Err(Skip::Unchanged);
    }
    for e in edits {
        if let Some(&(_, other)) = taken.iter().find(|(s, _)| conflict(*s, e.span)) {
            return Err(Skip::Overlaps(other));
        }
    }
    Ok(())
}

/// Whether two edits cannot both be applied: they share a byte, or one inserts text at an
/// edge of the other (where the order of the two would be a guess).
fn conflict(a: Span, b: Span) -> bool {
    let shares = a.start < b.end && b.start < a.end;
    let insertion_at_edge = (a.start == a.end && (a.start == b.start || a.start == b.end))
        || (b.start == b.end && (b.start == a.start || b.start == a.end));
    shares || insertion_at_edge
}

/// The bytes that deleting `span` of `text` removes: `span` itself, or, when `span` holds
/// everything on its lines but spaces, those whole lines with their line break, so that no
/// empty line is left behind. When the lines stand alone as a paragraph (a blank line or the
/// edge of the text on both sides), one of the blank lines around goes too, so that the
/// paragraphs on either side stay one blank line apart.
pub fn deletion_span(text: &str, span: Span) -> Span {
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return span;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let blank = |s: &str| s.chars().all(char::is_whitespace);
    if !blank(&text[line_start..start]) || !blank(&text[end..line_end]) {
        return span;
    }
    let before_blank = line_start == 0 || blank(line_before(text, line_start));
    if line_end == text.len() {
        // The last line, with no line break after it: the one before it goes instead, and
        // the blank line before that when the line is a paragraph of its own.
        if line_start == 0 {
            return Span::new(0, line_end);
        }
        let mut from = line_start - 1;
        if before_blank && from > 0 {
            from = text[..from].rfind('\n').unwrap_or(from);
        }
        return Span::new(from, line_end);
    }
    let after = line_end + 1;
    if !before_blank {
        return Span::new(line_start, after);
    }
    let next_end = text[after..].find('\n').map_or(text.len(), |i| after + i);
    if after < text.len() && blank(&text[after..next_end]) {
        // A paragraph of its own with a blank line after it: that blank line goes too.
        let past = if next_end < text.len() { next_end + 1 } else { next_end };
        return Span::new(line_start, past);
    }
    if after == text.len() && line_start > 0 {
        // The last paragraph: the blank line before it goes too.
        let from = text[..line_start - 1].rfind('\n').map_or(line_start - 1, |i| i + 1);
        return Span::new(from, after);
    }
    Span::new(line_start, after)
}

/// The line that ends with the line break just before `line_start` (without it).
fn line_before(text: &str, line_start: usize) -> &str {
    let end = line_start - 1;
    let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Safety;
    use crate::source::FileId;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            safety: Safety::Safe,
            edits: edits
                .iter()
                .map(|&(start, end, r)| Edit {
                    file: FileId(0),
                    span: Span::new(start, end),
                    replacement: r.to_string(),
                })
                .collect(),
        }
    }

    fn at(text: &str, words: &str) -> (usize, usize) {
        let start = text.find(words).expect("words in the text");
        (start, start + words.len())
    }

    #[test]
    fn fixes_apply_in_text_order_whatever_the_order_given() {
        let text = "Officials said the the embassy would stay open, a American diplomat said.";
        let (d0, d1) = at(text, "the the");
        let (a0, _) = at(text, "a American");
        let fixes = [fix(&[(a0, a0 + 1, "an")]), fix(&[(d0, d1, "the")])];
        let done = apply(text, text, &fixes.iter().collect::<Vec<_>>());
        assert_eq!(
            done.text,
            "Officials said the embassy would stay open, an American diplomat said."
        );
        assert_eq!(done.applied, vec![0, 1]);
        assert!(done.skipped.is_empty());
    }

    #[test]
    fn an_overlapping_fix_is_skipped_and_names_the_one_applied() {
        let text = "The the the embassy";
        // "The the" → "The" and "the the" → "the": they share the second word.
        let fixes = [fix(&[(0, 7, "The")]), fix(&[(4, 11, "the")])];
        let done = apply(text, text, &fixes.iter().collect::<Vec<_>>());
        assert_eq!(done.text, "The the embassy");
        assert_eq!(done.applied, vec![0]);
        assert_eq!(done.skipped, vec![(1, Skip::Overlaps(0))]);
    }

    #[test]
    fn adjacent_edits_both_apply_but_an_insertion_at_an_edge_does_not() {
        let text = "PompeoMichael said";
        let adjacent = [fix(&[(0, 6, "Mike Pompeo")]), fix(&[(6, 13, " Michael")])];
        let done = apply(text, text, &adjacent.iter().collect::<Vec<_>>());
        assert_eq!(done.text, "Mike Pompeo Michael said");
        assert_eq!(done.applied, vec![0, 1]);
        // An insertion where a deletion starts: which comes first is a guess. The insertion
        // starts first, so it is the one applied.
        let edge = [fix(&[(6, 13, "")]), fix(&[(6, 6, " ")])];
        let done = apply(text, text, &edge.iter().collect::<Vec<_>>());
        assert_eq!(done.text, "Pompeo Michael said");
        assert_eq!(done.skipped, vec![(0, Skip::Overlaps(1))]);
        // Two insertions at one place conflict too; in two places they do not.
        let two = [fix(&[(6, 6, " ")]), fix(&[(6, 6, "-")]), fix(&[(18, 18, ".")])];
        let done = apply(text, text, &two.iter().collect::<Vec<_>>());
        assert_eq!(done.text, "Pompeo Michael said.");
        assert_eq!(done.skipped, vec![(1, Skip::Overlaps(0))]);
    }

    #[test]
    fn the_edits_of_one_fix_apply_together_or_not_at_all() {
        let text = "said the the official of the the ministry";
        let (a0, a1) = at(text, "the the");
        let second = text.rfind("the the").expect("second");
        let both = fix(&[(second, second + 7, "the"), (a0, a1, "the")]);
        // The second edit of this fix overlaps one applied before, so none of it applies.
        let blocked = fix(&[(a1 + 1, a1 + 9, "OFFICIAL"), (second + 4, second + 7, "THE")]);
        let fixes = [both, blocked];
        let done = apply(text, text, &fixes.iter().collect::<Vec<_>>());
        assert_eq!(done.text, "said the official of the ministry");
        assert_eq!(done.skipped, vec![(1, Skip::Overlaps(0))]);
    }

    #[test]
    fn multibyte_text_keeps_its_characters() {
        let text = "Soleimani’s death — “a American drone” — on Jan. 3 in Bagdad’s airport";
        let (a0, _) = at(text, "a American");
        let (b0, b1) = at(text, "Bagdad");
        let fixes = [fix(&[(a0, a0 + 1, "an")]), fix(&[(b0, b1, "Baghdad")])];
        let done = apply(text, text, &fixes.iter().collect::<Vec<_>>());
        assert_eq!(
            done.text,
            "Soleimani’s death — “an American drone” — on Jan. 3 in Baghdad’s airport"
        );
        // An edit inside a character is refused, not a panic.
        let quote = text.find('“').expect("quote");
        let inside = [fix(&[(quote + 1, quote + 2, "x")]), fix(&[(0, text.len() + 5, "")])];
        let done = apply(text, text, &inside.iter().collect::<Vec<_>>());
        assert_eq!(done.text, text);
        assert_eq!(done.skipped, vec![(0, Skip::Invalid), (1, Skip::Invalid)]);
    }

    #[test]
    fn edits_over_markup_and_fixes_that_change_nothing_are_skipped() {
        let text = "Officials said the **the** embassy; the the consulate.";
        // The prose view blanks the emphasis marks.
        let prose = "Officials said the   the   embassy; the the consulate.";
        let (m0, _) = at(text, "the **the");
        let (d0, d1) = at(text, "the the consulate");
        let fixes = [
            fix(&[(m0, m0 + 9, "the")]),
            fix(&[(d0, d1 - 10, "the")]),
            fix(&[(0, 9, "Officials")]),
        ];
        let done = apply(text, prose, &fixes.iter().collect::<Vec<_>>());
        assert_eq!(done.text, "Officials said the **the** embassy; the consulate.");
        assert_eq!(done.skipped, vec![(0, Skip::Markup), (2, Skip::Unchanged)]);
    }

    #[test]
    fn deleting_every_word_of_a_line_deletes_the_line() {
        let text = "Three sources said it.\nADVERTISEMENT\nA defense official told the network.\n";
        let (s, e) = at(text, "ADVERTISEMENT");
        let span = deletion_span(text, Span::new(s, e));
        let mut out = text.to_string();
        out.replace_range(span.start..span.end, "");
        assert_eq!(out, "Three sources said it.\nA defense official told the network.\n");
        // Words that share their line with others: only they go.
        let (s, e) = at(text, "defense ");
        assert_eq!(deletion_span(text, Span::new(s, e)), Span::new(s, e));
    }

    #[test]
    fn deleting_a_paragraph_keeps_one_blank_line_between_the_others() {
        let cases = [
            (
                "Militia attacks.\n\nThe story continues\n\nMany militias.\n",
                "Militia attacks.\n\nMany militias.\n",
            ),
            (
                "Militia attacks.\r\n\r\nThe story continues\r\n\r\nMany militias.",
                "Militia attacks.\r\n\r\nMany militias.",
            ),
            ("The story continues\n\nMany militias.\n", "Many militias.\n"),
            ("Militia attacks.\n\nThe story continues\n", "Militia attacks.\n"),
            ("Militia attacks.\n\nThe story continues", "Militia attacks."),
            ("The story continues", ""),
        ];
        for (text, expected) in cases {
            let (s, e) = at(text, "The story continues");
            let span = deletion_span(text, Span::new(s, e));
            let mut out = text.to_string();
            out.replace_range(span.start..span.end, "");
            assert_eq!(out, expected, "{text:?}");
        }
    }
}

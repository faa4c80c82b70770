//! Maps byte offsets inside a decoded TOML string back to the rule file.
//!
//! `toml::Spanned` gives the span of a string literal with its delimiters. An error found
//! inside the decoded value (a pattern, a template) must point at the exact character in
//! the file, so the literal is decoded again here, recording where each byte came from.

use crate::span::Span;

/// For every byte offset `0..=value.len()` of the decoded string, its offset in the file.
///
/// `literal` is the span of the string literal (delimiters included) in `file`, and
/// `value` the string toml decoded from it. Returns `None` when the literal cannot be
/// decoded to exactly `value`; callers then point at the whole literal.
pub fn offset_map(file: &str, literal: Span, value: &str) -> Option<Vec<usize>> {
    let src = file.get(literal.start..literal.end)?;
    let (delim, multiline, escapes) = if src.starts_with("'''") {
        ("'''", true, false)
    } else if src.starts_with("\"\"\"") {
        ("\"\"\"", true, true)
    } else if src.starts_with('\'') {
        ("'", false, false)
    } else if src.starts_with('"') {
        ("\"", false, true)
    } else {
        return None;
    };
    let body_start = delim.len();
    let body_end = src.len().checked_sub(delim.len())?;
    // A literal the TOML parser recovered after a syntax error may lack its closing
    // delimiter: its last character is text, not a delimiter to cut off.
    if body_end < body_start || !src.ends_with(delim) {
        return None;
    }
    let mut i = body_start;
    // A newline right after the opening delimiter of a multi-line string is not part of it.
    if multiline {
        if src[i..].starts_with("\r\n") {
            i += 2;
        } else if src[i..].starts_with('\n') {
            i += 1;
        }
    }
    let bytes = src.as_bytes();
    let mut decoded = String::with_capacity(value.len());
    let mut map = Vec::with_capacity(value.len() + 1);
    while i < body_end {
        if escapes && bytes[i] == b'\\' {
            let esc_start = i;
            let next = *bytes.get(i + 1)?;
            let simple = match next {
                b'b' => Some('\u{8}'),
                b't' => Some('\t'),
                b'n' => Some('\n'),
                b'f' => Some('\u{c}'),
                b'r' => Some('\r'),
                b'e' => Some('\u{1b}'),
                b'"' => Some('"'),
                b'\\' => Some('\\'),
                _ => None,
            };
            let (ch, len) = if let Some(c) = simple {
                (Some(c), 2)
            } else if let Some(width) = match next {
                b'x' => Some(2),
                b'u' => Some(4),
                b'U' => Some(8),
                _ => None,
            } {
                let hex = src.get(i + 2..i + 2 + width)?;
                (char::from_u32(u32::from_str_radix(hex, 16).ok()?), 2 + width)
            } else if multiline && (next == b' ' || next == b'\t' || next == b'\r' || next == b'\n') {
                // A line-ending backslash eats the newline and all whitespace after it.
                let mut j = i + 1;
                while j < body_end && matches!(bytes[j], b' ' | b'\t' | b'\r' | b'\n') {
                    j += 1;
                }
                (None, j - i)
            } else {
                return None;
            };
            if let Some(c) = ch {
                for _ in 0..c.len_utf8() {
                    map.push(literal.start + esc_start);
                }
                decoded.push(c);
            }
            i += len;
        } else {
            let c = src[i..].chars().next()?;
            for k in 0..c.len_utf8() {
                map.push(literal.start + i + k);
            }
            decoded.push(c);
            i += c.len_utf8();
        }
    }
    map.push(literal.start + body_end);
    (decoded == value).then_some(map)
}

/// The file span of the decoded-string span `inner`, or the whole literal when unknown.
pub fn file_span(map: Option<&[usize]>, literal: Span, inner: Span) -> Span {
    match map {
        Some(map) => {
            let start = map.get(inner.start).copied().unwrap_or(literal.start);
            let end = if inner.is_empty() {
                start
            } else {
                // The end of the last byte: its own start plus its length in the file, which
                // for an escape is the whole escape sequence.
                map.get(inner.end).copied().unwrap_or(literal.end).max(start)
            };
            Span::new(start, end)
        }
        None => literal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(file: &str, value: &str, needle: &str, expect: &str) {
        let start = file.find(['"', '\'']).expect("a literal");
        let literal = Span::new(start, file.trim_end().len());
        let map = offset_map(file, literal, value).expect("decodes");
        let at = value.find(needle).expect("needle in value");
        let span = file_span(Some(&map), literal, Span::new(at, at + needle.len()));
        assert_eq!(&file[span.start..span.end], expect);
    }

    #[test]
    fn basic_string_with_escapes() {
        check(r#"x = "a\tb \u00e9 (oops""#, "a\tb é (oops", "(", "(");
        check(r#"x = "a\tb \u00e9 (oops""#, "a\tb é (oops", "é", r"\u00e9");
    }

    #[test]
    fn literal_strings_need_no_unescaping() {
        check(r"x = 'a\t(b'", r"a\t(b", "(", "(");
    }

    #[test]
    fn multiline_strings_skip_the_first_newline_and_line_ending_backslashes() {
        let file = "x = \"\"\"\nfirst \\\n    second (\"\"\"\n";
        check(file, "first second (", "(", "(");
        let file = "x = '''\nline one\nline (two'''\n";
        check(file, "line one\nline (two", "(", "(");
    }

    #[test]
    fn an_unclosed_literal_gives_none_rather_than_a_cut_character() {
        // TOML recovers `'said …` as a literal string ending in "…", with no quote to cut off.
        let file = "x = 'said \u{2026}";
        assert!(offset_map(file, Span::new(4, file.len()), "said \u{2026}").is_none());
    }

    #[test]
    fn mismatch_gives_none() {
        assert!(offset_map("x = \"abc\"", Span::new(4, 9), "abd").is_none());
    }
}

//! Markdown articles: which bytes are prose.
//!
//! An article written in Markdown is linted as the text a reader sees: code blocks, inline
//! code, raw HTML (comments included), link destinations, autolinks, image descriptions and
//! bare URLs are not prose. [`prose`] gives a copy of the file in which those bytes are
//! blanked — replaced by spaces, with every line break kept — so that the copy has the same
//! length and the same lines as the file, and every span found in it is a span of the file.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::span::Span;

/// What a Markdown article's text is made of.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prose {
    /// The file's text with everything outside the prose of `body` blanked.
    pub text: String,
    /// Code blocks and inline code: a suppression comment there is an example, not a
    /// directive.
    pub code: Vec<Span>,
}

/// Whether a file is read as Markdown, by its name.
pub fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// The prose of the Markdown in `body` of `text` (front matter is outside `body` and kept
/// as it is: it is never linted).
pub fn prose(text: &str, body: Span) -> Prose {
    let body = Span::new(body.start.min(text.len()), body.end.min(text.len()));
    let Some(src) = text.get(body.start..body.end) else {
        return Prose {
            text: text.to_string(),
            code: Vec::new(),
        };
    };
    let mut keep: Vec<Range<usize>> = Vec::new();
    let mut code = Vec::new();
    // Inside a code block, an autolink or an image, text is not prose. Links and images
    // nest, so each opening says whether it hides its text.
    let mut in_code_block = 0usize;
    let mut hiding: Vec<bool> = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block += 1;
                code.push(Span::new(body.start + range.start, body.start + range.end));
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = in_code_block.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                hiding.push(matches!(link_type, LinkType::Autolink | LinkType::Email));
            }
            Event::Start(Tag::Image { .. }) => hiding.push(true),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                hiding.pop();
            }
            Event::Code(_) => code.push(Span::new(body.start + range.start, body.start + range.end)),
            Event::Text(_) if in_code_block == 0 && !hiding.contains(&true) => keep.push(range),
            _ => {}
        }
    }

    let mut out = text.as_bytes().to_vec();
    let mut kept = keep.into_iter().peekable();
    let mut i = 0;
    while i < src.len() {
        match kept.peek() {
            Some(r) if r.start <= i => {
                i = i.max(r.end);
                kept.next();
            }
            next => {
                let end = next.map_or(src.len(), |r| r.start);
                blank(&mut out[body.start + i..body.start + end]);
                i = end;
            }
        }
    }
    blank_urls(&mut out, body);
    // Only ASCII bytes were written, over whole characters: the copy is still UTF-8.
    let text = String::from_utf8(out).unwrap_or_else(|_| text.to_string());
    Prose { text, code }
}

/// Replaces every byte but line breaks with a space.
fn blank(bytes: &mut [u8]) {
    for b in bytes {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Blanks URLs written in the prose (`https://…`, `www.…`), up to the first space; the
/// punctuation that ends a sentence after a URL stays.
fn blank_urls(out: &mut [u8], body: Span) {
    let mut i = body.start;
    while i < body.end {
        let rest = &out[i..body.end];
        let starts = rest.starts_with(b"https://") || rest.starts_with(b"http://") || rest.starts_with(b"www.");
        let at_word_start = i == body.start || !out[i - 1].is_ascii_alphanumeric();
        if !(starts && at_word_start) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < body.end && !out[end].is_ascii_whitespace() {
            end += 1;
        }
        // Trailing punctuation belongs to the sentence; bytes of a multi-byte character
        // (a closing curly quote) are not cut in half because only ASCII is trimmed.
        while end > i
            && matches!(
                out[end - 1],
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'"' | b'\''
            )
        {
            end -= 1;
        }
        // A curly quotation mark or any other non-ASCII character ends the URL too.
        let cut = out[i..end].iter().position(|b| !b.is_ascii()).map_or(end, |p| i + p);
        blank(&mut out[i..cut]);
        i = end.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(md: &str) -> String {
        prose(md, Span::new(0, md.len())).text
    }

    #[test]
    fn keeps_offsets_and_lines() {
        let md = "# Embassy staff withdrawn\n\nThe *State Department* said on `Wednesday`.\n\n```\nthe the\n```\n";
        let v = view(md);
        assert_eq!(v.len(), md.len());
        assert_eq!(v.matches('\n').count(), md.matches('\n').count());
        assert!(v.contains("Embassy staff withdrawn"));
        assert!(v.contains(" State Department  said on "));
        assert!(!v.contains("Wednesday"));
        assert!(!v.contains("the the"));
    }

    #[test]
    fn link_text_stays_and_its_destination_goes() {
        let md = "Read [the statement](https://example.org/PompeoMichael) and <https://example.org/a>.\n";
        let v = view(md);
        assert!(v.contains("the statement"));
        assert!(!v.contains("PompeoMichael"));
        assert!(!v.contains("example.org"));
        assert!(v.trim_end().ends_with('.'));
    }

    #[test]
    fn bare_urls_and_html_are_not_prose() {
        let md = "See https://example.org/PompeoMichael. <!-- factlint-disable -->Then <b>bold</b> words.\n";
        let v = view(md);
        assert!(!v.contains("PompeoMichael"));
        assert!(!v.contains("factlint-disable"));
        assert!(v.contains("See "));
        assert!(v.contains(". "), "the sentence's full stop stays: {v:?}");
        assert!(v.contains("bold"));
        assert!(v.contains("words."));
    }

    #[test]
    fn code_spans_are_listed_for_suppressions() {
        let md = "Text.\n\n```\n<!-- factlint-disable -->\n```\n\nMore `<!-- x -->` text.\n";
        let p = prose(md, Span::new(0, md.len()));
        assert_eq!(p.code.len(), 2);
        assert!(p.code[0].text(md).starts_with("```"));
        assert_eq!(p.code[1].text(md), "`<!-- x -->`");
    }

    #[test]
    fn front_matter_outside_the_body_is_untouched() {
        let md = "---\ndate: 2020-12-03\n---\nSome `code` here.\n";
        let body = Span::new(24, md.len());
        let p = prose(md, body);
        assert!(p.text.starts_with("---\ndate: 2020-12-03\n---\n"));
        assert!(!p.text.contains("code"));
    }

    #[test]
    fn multibyte_text_survives() {
        let md = "“Ensuring the safety,” she said — `naïve` café.\n";
        let v = view(md);
        assert_eq!(v.len(), md.len());
        assert!(v.contains("“Ensuring the safety,” she said —"));
        assert!(v.contains("café"));
        assert!(!v.contains("naïve"));
    }
}

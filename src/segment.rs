//! TEMPORARY development segmenter (to be replaced).
#![allow(missing_docs)]
use crate::span::Span;

#[derive(Clone, Debug, Default)]
pub struct Segmentation {
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    pub lines: Vec<Span>,
}
#[derive(Clone, Debug)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
    pub tokens: std::ops::Range<usize>,
}
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}
#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    pub sentence: usize,
    pub space_before: bool,
    pub line_start: bool,
    pub line_end: bool,
    pub para_start: bool,
    pub para_end: bool,
}

pub fn segment(text: &str, body: Span) -> Segmentation {
    let mut seg = Segmentation::default();
    let mut line_start = body.start;
    for (i, c) in text[body.start..body.end]
        .char_indices()
        .chain(std::iter::once((body.len(), '\n')))
    {
        if c == '\n' {
            let l = Span::new(line_start, body.start + i);
            if !text[l.start..l.end].trim().is_empty() {
                let t0 = seg.tokens.len();
                let mut pos = l.start;
                let s = &text[l.start..l.end];
                let mut it = s.char_indices().peekable();
                let mut space = true;
                while let Some((j, c)) = it.next() {
                    if c.is_whitespace() {
                        space = true;
                        continue;
                    }
                    let st = l.start + j;
                    let mut en = st + c.len_utf8();
                    let kind = if c.is_alphanumeric() {
                        while let Some(&(k, d)) = it.peek() {
                            if d.is_alphanumeric()
                                || ((d == '\'' || d == '’' || d == '-' || d == '.' || d == ',')
                                    && s[k + d.len_utf8()..]
                                        .chars()
                                        .next()
                                        .is_some_and(|e| e.is_alphanumeric()))
                            {
                                it.next();
                                en = l.start + k + d.len_utf8();
                            } else {
                                break;
                            }
                        }
                        if c.is_ascii_digit() {
                            TokenKind::Number
                        } else {
                            TokenKind::Word
                        }
                    } else {
                        TokenKind::Punct
                    };
                    seg.tokens.push(Token {
                        span: Span::new(st, en),
                        kind,
                        sentence: seg.sentences.len(),
                        space_before: space,
                        line_start: false,
                        line_end: false,
                        para_start: false,
                        para_end: false,
                    });
                    space = false;
                    pos = en;
                }
                let _ = pos;
                if seg.tokens.len() > t0 {
                    seg.tokens[t0].line_start = true;
                    seg.tokens[t0].para_start = true;
                    let n = seg.tokens.len() - 1;
                    seg.tokens[n].line_end = true;
                    seg.tokens[n].para_end = true;
                    seg.sentences.push(Sentence {
                        span: l,
                        paragraph: seg.paragraphs.len(),
                        tokens: t0..seg.tokens.len(),
                    });
                    seg.paragraphs.push(l);
                }
                seg.lines.push(l);
            }
            line_start = body.start + i + 1;
        }
    }
    seg
}

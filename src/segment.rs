//! Splitting an article body into lines, paragraphs, sentences and tokens.
//!
//! Everything downstream (fact extraction, the token pattern matcher, the
//! hygiene rules) works on the [`Segmentation`] built here, so every span is a
//! byte range into the original text, on char boundaries, and no token owns a
//! `String`: a token is a span plus a few flags.
//!
//! # Lines
//!
//! A physical line ends at `\n`; a `\r` just before it belongs to the line
//! break, so CRLF files give the same lines as LF files. A lone `\r`, U+2028
//! and U+2029 are treated as ordinary white space, not as line breaks.
//! [`Segmentation::lines`] holds every line of the body, blank ones included,
//! without its terminator; a trailing newline does not start an empty line.
//!
//! # Paragraphs
//!
//! A blank line (nothing but white space) always separates paragraphs. What a
//! single line break means is decided by a vote of *inner* lines, that is
//! non-blank lines followed by another non-blank line. An inner line "looks
//! wrapped" when it is at most [`WRAP_WIDTH`] characters long and does not
//! end like a sentence (its last character is not one of
//! `. ! ? … : " ” ’ ' ) ] »`). When at least half of the inner lines look
//! wrapped, the text is hard-wrapped and the lines of a block (consecutive
//! non-blank lines) are joined into one paragraph ([`ParagraphMode::Blocks`],
//! also the reading of a document without inner lines). Otherwise every
//! non-blank line is a paragraph of its own ([`ParagraphMode::Lines`]), as in
//! wire copy exported one paragraph per line — except that a quotation that opens
//! on a line and closes on one of the next [`QUOTE_RUN_MAX`] lines, which do not
//! open it again, holds those lines in one paragraph: that is copy written one
//! sentence per line, and a quotation of several sentences keeps its speaker.
//!
//! The vote is taken over the whole document, so that a two-line paragraph of
//! hard-wrapped text is read like its neighbours. A block with at least
//! [`BLOCK_VOTE_MIN`] inner lines has enough evidence of its own and follows
//! its own vote instead: a page whose article is one paragraph per line but
//! which ends in a long run of short lines of leftover CSS or link lists keeps
//! its article paragraphs apart. A paragraph span is trimmed of surrounding
//! white space.
//!
//! # Tokens
//!
//! - A [`TokenKind::Word`] starts with a letter or digit and runs over letters,
//!   digits and combining marks. It continues over an apostrophe (`'` or `’`)
//!   or a hyphen (`-`, U+2010, U+2011) that has a letter or digit on both
//!   sides ("Soleimani’s", "aren’t", "al-Kadhimi", "COVID-19"), and over a
//!   period between one- or two-letter segments ("U.S", "a.m", "Ph.D"). A
//!   leading or trailing apostrophe ("’90s", "Jones’") is a separate token.
//! - A word keeps its final period when it is an abbreviation: a dotted
//!   acronym ("U.S.", "a.m.", "J.K."), a single capital letter (an initial, as
//!   in "John F. Kennedy"), or a listed abbreviation ("Gen.", "Jan.", "Inc.",
//!   "Calif."; for a hyphenated word the part after the last hyphen is looked
//!   up, so "D-Calif." and "ex-Sen." work). "No.", "Art.", "Vol." and a few
//!   more are abbreviations only when a number follows. Abbreviations are
//!   matched case-sensitively, so all-capital copy ("MR. SMITH") is not
//!   recognised. A dotted acronym continues over a following hyphen
//!   ("U.S.-backed").
//! - A [`TokenKind::Number`] is a word made only of digits, with `,` `.` `:`
//!   `/` or `-` allowed between two digits: "1,000", "1.2", "12:30", "9/11",
//!   and also "2020-12-03" and ranges such as "10-12" are one Number each. A
//!   leading decimal point directly before a digit belongs to the number
//!   (".45"). Digits glued to letters make a Word ("19th", "1990s", "5G").
//! - Every other character that is not white space is a one-character
//!   [`TokenKind::Punct`], with two exceptions: a run of two or more periods
//!   ("...", "....") is one Punct token, like "…", and an emoji keeps its
//!   variation selectors, skin-tone modifiers and zero-width-joiner sequence
//!   in its token. Zero-width spaces and byte-order marks count as white
//!   space.
//!
//! # Sentences
//!
//! Sentences never cross a paragraph, and every token belongs to exactly one
//! sentence. A sentence may end after `.`, `!`, `?`, an ellipsis or an
//! abbreviation that kept its period; closing quotes and brackets written
//! right after the stop (`.”`, `?)`) and further stops (`?!`, `. . .`) stay
//! in the ending sentence. Whether it does end depends on the next token:
//!
//! - after `.`, `!` or `?`: yes, unless the next token starts with a lower-case
//!   letter or is `,` `;` `:` or a closing bracket (`“Why?” she asked.` is one
//!   sentence, and so is the broken `warned. from the State Department`);
//! - after an ellipsis: only before a capitalised word, or an opening `“`
//!   and a capitalised word (an ellipsis inside a quotation usually marks an
//!   omission);
//! - after a title or a numbered abbreviation ("Mr.", "Gen.", "No. 5"): never;
//! - after a month before a number ("Jan. 3"): never;
//! - after any other abbreviation, an initial or a dotted acronym ("U.S.",
//!   "a.m.", "Inc.", "F."): only when the next word is a common sentence
//!   starter (a function word or pronoun such as "The", "He", "But", "In";
//!   see `is_sentence_starter`) or an opening `“` before a capitalised
//!   word. So "in the U.S. The" splits but "the U.S. Army", "10 a.m.
//!   Wednesday" and "John F. Kennedy" do not.
//!   A sentence that really ends in "U.S." and is followed by a name ("in the
//!   U.S. Pompeo said") is not split: this is the known, accepted error of the
//!   heuristic.
//!
//! If a closing quote or a further stop follows one of these abbreviations
//! or an ellipsis, the rule for `.` applies instead (`in the U.S.” He left.`
//! and `(D-Calif.). It passed.` split; `Summit (N.J.) High School` does not). A closing `”`, `’` or `»` counts even after a stray space
//! (`done. ” He`), a straight quote only when attached. An opening quote
//! counts as a sentence start only when a capitalised word follows it: `“`,
//! or `"` after a space.

use crate::span::Span;
use std::ops::Range;

/// The longest line, in characters, that still counts as hard-wrapped.
pub const WRAP_WIDTH: usize = 100;

/// The number of inner lines from which a block of lines decides by its own
/// vote whether it is hard-wrapped, instead of following the document.
pub const BLOCK_VOTE_MIN: usize = 3;

/// The most lines after its own over which a quotation may run in a document of one
/// paragraph per line (see the module documentation).
pub const QUOTE_RUN_MAX: usize = 20;

/// The lines, paragraphs, sentences and tokens of one article body.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Segmentation {
    /// Paragraphs in text order, each trimmed of surrounding white space.
    pub paragraphs: Vec<Span>,
    /// Sentences in text order; together they hold every token exactly once.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Every physical line of the body, blank ones included, without its
    /// line terminator (`\n` or `\r\n`).
    pub lines: Vec<Span>,
    /// How single line breaks were read in this document as a whole; a block
    /// of more than [`BLOCK_VOTE_MIN`] lines follows its own vote.
    pub mode: ParagraphMode,
}

impl Segmentation {
    /// The tokens of sentence `index`, or no token when there is no such sentence.
    pub fn sentence_tokens(&self, index: usize) -> &[Token] {
        self.sentences
            .get(index)
            .and_then(|s| self.tokens.get(s.tokens.clone()))
            .unwrap_or(&[])
    }
}

/// How a document's single line breaks are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub enum ParagraphMode {
    /// Only blank lines separate paragraphs; the lines between them are joined
    /// (hard-wrapped text, or text without inner lines).
    #[default]
    Blocks,
    /// Every non-blank line is a paragraph of its own.
    Lines,
}

/// One sentence: a run of tokens inside one paragraph.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Sentence {
    /// From the start of its first token to the end of its last token.
    pub span: Span,
    /// Index into [`Segmentation::paragraphs`].
    pub paragraph: usize,
    /// Indices into [`Segmentation::tokens`].
    pub tokens: Range<usize>,
}

/// One token: a word, a number or a punctuation character. (Its offsets are held in 32
/// bits, as an article is far smaller than 4 GiB ([`MAX_OFFSET`]): a long article has millions
/// of tokens, and each is 16 bytes.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
    sentence: u32,
    /// What kind of token this is.
    pub kind: TokenKind,
    /// [`SPACE_BEFORE`], [`LINE_START`], [`LINE_END`], [`PARA_START`], [`PARA_END`].
    marks: u8,
}

// A long article has millions of tokens: their size is checked when the program is built.
const _: () = assert!(size_of::<Token>() == 16);

const SPACE_BEFORE: u8 = 1;
const LINE_START: u8 = 1 << 1;
const LINE_END: u8 = 1 << 2;
const PARA_START: u8 = 1 << 3;
const PARA_END: u8 = 1 << 4;

/// The end of the text segmented: tokens end at or before it, so that their offsets fit in 32
/// bits (the input refuses a file of more than 64 MiB as an article; a library caller's
/// longer text is read up to here).
pub const MAX_OFFSET: usize = u32::MAX as usize;

/// The part of `span` that a tokenizer reads in `text`: inside the text, at character
/// boundaries, and ending at or before [`MAX_OFFSET`].
pub(crate) fn readable(text: &str, span: Span) -> Span {
    Span::new(span.start.min(MAX_OFFSET), span.end.min(MAX_OFFSET)).clamp_to(text)
}

impl Token {
    /// The text of the token in `src`, or "" when `src` is not the segmented text.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        slice(src, self.span())
    }

    /// The bytes of the token.
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// Index into [`Segmentation::sentences`].
    pub fn sentence(&self) -> usize {
        self.sentence as usize
    }

    /// White space (a line break included) comes right before the token; also true for the
    /// first token of a paragraph.
    pub fn space_before(&self) -> bool {
        self.marks & SPACE_BEFORE != 0
    }

    /// The first token of its physical line.
    pub fn line_start(&self) -> bool {
        self.marks & LINE_START != 0
    }

    /// The last token of its physical line.
    pub fn line_end(&self) -> bool {
        self.marks & LINE_END != 0
    }

    /// The first token of its paragraph.
    pub fn para_start(&self) -> bool {
        self.marks & PARA_START != 0
    }

    /// The last token of its paragraph.
    pub fn para_end(&self) -> bool {
        self.marks & PARA_END != 0
    }
}

impl serde::Serialize for Token {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("Token", 8)?;
        s.serialize_field("span", &self.span())?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("sentence", &self.sentence())?;
        s.serialize_field("space_before", &self.space_before())?;
        s.serialize_field("line_start", &self.line_start())?;
        s.serialize_field("line_end", &self.line_end())?;
        s.serialize_field("para_start", &self.para_start())?;
        s.serialize_field("para_end", &self.para_end())?;
        s.end()
    }
}

/// The kind of a [`Token`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum TokenKind {
    /// Letters and digits, with internal apostrophes, hyphens and
    /// abbreviation periods.
    Word,
    /// Digits with internal separators.
    Number,
    /// Any other single character, or an ellipsis.
    Punct,
}

/// Splits the `body` part of `text` into lines, paragraphs, sentences and tokens.
///
/// All spans are offsets into `text`. A `body` that reaches past the text or
/// cuts a character is first shrunk to the text and to char boundaries, and one
/// that reaches past [`MAX_OFFSET`] (4 GiB) to the boundary at or before it.
pub fn segment(text: &str, body: Span) -> Segmentation {
    let body = readable(text, body);
    let (lines, blank) = split_lines(text, body);
    let (paragraphs, mode) = group_paragraphs(text, &lines, &blank);

    // News copy averages five to six bytes per token and about a hundred and
    // fifty per sentence; reserving a little more than that up front avoids
    // copying the token vector as it grows.
    let mut tokens = Vec::with_capacity(body.len() / 4 + 1);
    let mut sentences = Vec::with_capacity(body.len() / 150 + 1);
    for (index, &paragraph) in paragraphs.iter().enumerate() {
        let first = tokens.len();
        tokenize(text, paragraph, &mut tokens);
        let last = tokens.len();
        split_sentences(text, index, first..last, &mut tokens, &mut sentences);
    }
    Segmentation {
        paragraphs,
        sentences,
        tokens,
        lines,
        mode,
    }
}

/// The text of `span`, or "" when it does not lie on char boundaries of `text`.
fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// The character at byte `i`, if `i` is a char boundary inside `text`. Most text is ASCII:
/// a byte below 0x80 is a whole character, read without decoding.
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(char::from(b))
    } else {
        text.get(i..)?.chars().next()
    }
}

/// The character at byte `i` if `i` is before `end`.
#[inline]
fn char_before_end(text: &str, i: usize, end: usize) -> Option<char> {
    if i < end { char_at(text, i) } else { None }
}

/// White space for segmentation: Unicode white space plus the invisible
/// separators that copy pasted from web pages carries.
#[inline]
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

/// Combining marks and joiners that continue a word. This is an
/// approximation of the Unicode mark categories that covers Latin, Greek,
/// Cyrillic, Hebrew, Arabic, the Indic scripts, Thai and Japanese kana.
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0900}'..='\u{0963}'
        | '\u{0966}'..='\u{0DFF}'
        | '\u{0E31}'
        | '\u{0E34}'..='\u{0E3A}'
        | '\u{0E47}'..='\u{0E4E}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{3099}'..='\u{309A}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// A character that continues a word.
#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// A character that stays in the token of the symbol before it: variation
/// selectors, skin tones, keycaps, tag characters and the zero-width joiner.
#[inline]
fn is_extender(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}')
}

/// A regional indicator letter; two of them make a flag.
#[inline]
fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Splits the body into physical lines and tells which are blank.
fn split_lines(text: &str, body: Span) -> (Vec<Span>, Vec<bool>) {
    let bytes = text.as_bytes().get(body.start..body.end).unwrap_or(&[]);
    let mut lines = Vec::with_capacity(bytes.len() / 60 + 1);
    let mut start = 0;
    let push = |lines: &mut Vec<Span>, start: usize, end: usize| {
        lines.push(Span::new(body.start + start, body.start + end));
    };
    for nl in memchr::memchr_iter(b'\n', bytes) {
        let end = if nl > start && bytes[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        push(&mut lines, start, end);
        start = nl + 1;
    }
    if start < bytes.len() {
        push(&mut lines, start, bytes.len());
    }
    let blank = lines
        .iter()
        .map(|&line| slice(text, line).chars().all(is_space))
        .collect();
    (lines, blank)
}

/// True when an inner line looks like hard-wrapped prose: short and ending
/// mid-sentence.
fn looks_wrapped(line: &str) -> bool {
    let line = line.trim_end_matches(is_space);
    let short = line.chars().nth(WRAP_WIDTH).is_none();
    let ends_sentence = line.chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '…' | ':' | '"' | '”' | '’' | '\'' | ')' | ']' | '»'
        )
    });
    short && !ends_sentence
}

/// A vote of inner lines: how many there are and how many look wrapped.
#[derive(Clone, Copy, Debug, Default)]
struct Vote {
    inner: usize,
    wrapped: usize,
}

impl Vote {
    /// The reading of line breaks this vote stands for.
    fn mode(self) -> ParagraphMode {
        if self.inner == 0 || self.wrapped * 2 >= self.inner {
            ParagraphMode::Blocks
        } else {
            ParagraphMode::Lines
        }
    }
}

/// Groups lines into paragraphs and returns them with the document's mode
/// (see the module documentation).
fn group_paragraphs(text: &str, lines: &[Span], blank: &[bool]) -> (Vec<Span>, ParagraphMode) {
    // Blocks of consecutive non-blank lines, with each block's vote.
    let mut blocks: Vec<(Range<usize>, Vote)> = Vec::new();
    let mut document = Vote::default();
    let mut i = 0;
    while i < lines.len() {
        if blank.get(i).copied().unwrap_or(true) {
            i += 1;
            continue;
        }
        let start = i;
        let mut vote = Vote::default();
        while i + 1 < lines.len() && !blank.get(i + 1).copied().unwrap_or(true) {
            vote.inner += 1;
            vote.wrapped += usize::from(looks_wrapped(slice(text, lines[i])));
            i += 1;
        }
        i += 1;
        document.inner += vote.inner;
        document.wrapped += vote.wrapped;
        blocks.push((start..i, vote));
    }
    let mode = document.mode();
    let mut paragraphs = Vec::with_capacity(blocks.len());
    for (range, vote) in blocks {
        let block_mode = if vote.inner >= BLOCK_VOTE_MIN {
            vote.mode()
        } else {
            mode
        };
        let Some(block) = lines.get(range) else {
            continue;
        };
        match (block_mode, block.first(), block.last()) {
            (ParagraphMode::Blocks, Some(&first), Some(&last)) => {
                let start = trim(text, first).start;
                let end = trim(text, last).end;
                paragraphs.push(Span::new(start, end.max(start)));
            }
            _ => {
                let mut k = 0;
                while k < block.len() {
                    let end = quotation_run(text, &block[k..]);
                    let start = trim(text, block[k]).start;
                    let last = trim(text, block[k + end]).end;
                    paragraphs.push(Span::new(start, last.max(start)));
                    k += end + 1;
                }
            }
        }
    }
    (paragraphs, mode)
}

/// How many lines a quotation left open drags along a paragraph of one line: a
/// quotation that opens on a line and closes on a later one that does not open
/// again ("“It was hard. / We lost everything,” she said.") is one paragraph's
/// quotation written one sentence per line, so those lines are one paragraph.
/// News style opens every paragraph of a multi-paragraph quotation again: a line
/// that starts with an opening mark while the quotation is open starts the next
/// paragraph, and the lines before it are one. When the quotation neither closes nor
/// opens again within [`QUOTE_RUN_MAX`] lines, the mark is taken to be stray and the
/// line stands alone (0).
fn quotation_run(text: &str, lines: &[Span]) -> usize {
    let mut open = false;
    // Curly single marks too, for copy that quotes in single marks: "‘" opens, and "’"
    // closes where it ends a word (not inside "don’t"), as long as a single quotation is
    // open. Straight "'" is left out: as often an apostrophe ("the players' union").
    let mut single = false;
    for (n, &line) in lines.iter().enumerate().take(QUOTE_RUN_MAX + 1) {
        let l = slice(text, line).trim();
        if n > 0 && !(open || single) {
            return 0;
        }
        // A line that opens the quotation again ends the paragraph: the quotation runs on
        // into the next one in news style, and the lines before stay together.
        if n > 0 && l.starts_with(['“', '"', '‘']) {
            return n - 1;
        }
        let mut prev = ' ';
        let mut chars = l.chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied().unwrap_or(' ');
            match c {
                '“' => open = true,
                '”' => open = false,
                '"' => open = !open,
                '‘' => single = true,
                '’' if single && !next.is_alphanumeric() && !prev.is_whitespace() => single = false,
                _ => {}
            }
            prev = c;
        }
        if n > 0 && !open && !single {
            return n;
        }
    }
    0
}

/// `span` without the white space at either end.
fn trim(text: &str, span: Span) -> Span {
    let s = slice(text, span);
    let head = s.trim_start_matches(is_space);
    let start = span.start + (s.len() - head.len());
    let body = head.trim_end_matches(is_space);
    Span::new(start, start + body.len())
}

/// Appends the tokens of one paragraph to `tokens`.
fn tokenize(text: &str, paragraph: Span, tokens: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let end = paragraph.end.min(text.len());
    let first = tokens.len();
    let mut i = paragraph.start;
    let mut space_before = true;
    let mut line_start = true;
    while i < end {
        let b = bytes[i];
        let c = if b < 0x80 {
            char::from(b)
        } else {
            match char_at(text, i) {
                Some(c) => c,
                None => break,
            }
        };
        if is_space(c) {
            space_before = true;
            if c == '\n' {
                line_start = true;
            }
            i += c.len_utf8();
            continue;
        }
        let (token_end, kind) = scan_token(text, i, end, c);
        if line_start
            && tokens.len() > first
            && let Some(previous) = tokens.last_mut()
        {
            previous.marks |= LINE_END;
        }
        debug_assert!(token_end <= MAX_OFFSET);
        let marks = (if space_before { SPACE_BEFORE } else { 0 })
            | (if line_start { LINE_START } else { 0 })
            | (if tokens.len() == first { PARA_START } else { 0 });
        tokens.push(Token {
            start: i as u32,
            end: token_end as u32,
            sentence: 0,
            kind,
            marks,
        });
        space_before = false;
        line_start = false;
        // A token always covers at least one character, so the scan advances.
        i = token_end.max(i + c.len_utf8());
    }
    if tokens.len() > first
        && let Some(last) = tokens.last_mut()
    {
        last.marks |= LINE_END | PARA_END;
    }
}

/// Scans the token that starts with `c` at byte `start`; returns its end and kind.
fn scan_token(text: &str, start: usize, end: usize, c: char) -> (usize, TokenKind) {
    if c.is_alphanumeric() {
        return scan_word(text, start, start, end);
    }
    let bytes = text.as_bytes();
    let next = char_before_end(text, start + c.len_utf8(), end);
    if c == '.' {
        if next == Some('.') {
            let run = bytes
                .get(start..end)
                .unwrap_or(&[])
                .iter()
                .take_while(|&&b| b == b'.')
                .count();
            return (start + run, TokenKind::Punct);
        }
        let after_word = start > 0 && bytes.get(start - 1).is_some_and(u8::is_ascii_alphanumeric);
        if !after_word && next.is_some_and(|d| d.is_ascii_digit()) {
            return scan_word(text, start, start + 1, end);
        }
    }
    let mut i = start + c.len_utf8();
    if is_regional_indicator(c) && next.is_some_and(is_regional_indicator) {
        i += 4;
    }
    while let Some(d) = char_before_end(text, i, end) {
        if !is_extender(d) {
            break;
        }
        i += d.len_utf8();
        if d == '\u{200D}' {
            match char_before_end(text, i, end) {
                Some(joined) if !is_space(joined) && !joined.is_ascii() => {
                    i += joined.len_utf8();
                }
                _ => break,
            }
        }
    }
    (i, TokenKind::Punct)
}

/// Counts the letters of the run at `i`, giving up after three; returns
/// `Some(n)` when the run holds one or two letters and is not followed by a
/// letter or digit.
fn short_letter_run(text: &str, mut i: usize, end: usize) -> Option<usize> {
    let mut n = 0;
    while let Some(c) = char_before_end(text, i, end) {
        if c.is_alphabetic() {
            n += 1;
            if n > 2 {
                return None;
            }
            i += c.len_utf8();
        } else if c.is_alphanumeric() {
            return None;
        } else {
            break;
        }
    }
    (n > 0).then_some(n)
}

/// Scans a word or number whose first word character is at `from`; the token
/// itself starts at `start` (before a leading decimal point, if any).
fn scan_word(text: &str, start: usize, from: usize, end: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut numeric = true;
    let mut dotted = false;
    let mut segment_start = from;
    let mut last = '\0';
    loop {
        // The run of word characters, with an ASCII fast path.
        while i < end {
            // A run of ASCII letters and digits is read in one pass; whether it is all digits
            // is then asked only while the word may still be a number.
            let run = bytes[i..end]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(end - i);
            if run > 0 {
                numeric = numeric && bytes[i..i + run].iter().all(u8::is_ascii_digit);
                last = char::from(bytes[i + run - 1]);
                i += run;
                continue;
            }
            if bytes[i] < 0x80 {
                break;
            }
            match char_at(text, i) {
                Some(c) if is_word_char(c) => {
                    numeric &= c.is_numeric();
                    last = c;
                    i += c.len_utf8();
                }
                _ => break,
            }
        }
        let Some(c) = char_before_end(text, i, end) else {
            break;
        };
        let after = i + c.len_utf8();
        let next = char_before_end(text, after, end);
        let next_alnum = next.is_some_and(char::is_alphanumeric);
        match c {
            '\'' | '’' | '-' | '\u{2010}' | '\u{2011}' if next_alnum => {
                i = after;
                segment_start = i;
            }
            ',' | '.' | ':' | '/' if last.is_ascii_digit() && next.is_some_and(|d| d.is_ascii_digit()) => {
                i = after;
            }
            '.' if !numeric && is_short_segment(text, segment_start, i) => {
                if next.is_some_and(char::is_alphabetic) && short_letter_run(text, after, end).is_some() {
                    // An inner period of a dotted acronym: "U.S", "a.m", "Ph.D".
                    dotted = true;
                    i = after;
                    segment_start = i;
                } else if dotted && next != Some('.') {
                    // The final period of a dotted acronym belongs to it, and
                    // "U.S.-backed" goes on as one word.
                    i = after;
                    let hyphen = char_before_end(text, i, end) == Some('-');
                    let then = char_before_end(text, i + 1, end);
                    if hyphen && then.is_some_and(char::is_alphanumeric) {
                        i += 1;
                        segment_start = i;
                        continue;
                    }
                    return (i, TokenKind::Word);
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    if numeric {
        return (i, TokenKind::Number);
    }
    if char_before_end(text, i, end) == Some('.')
        && char_before_end(text, i + 1, end) != Some('.')
        && keeps_period(text, start, i, end)
    {
        return (i + 1, TokenKind::Word);
    }
    (i, TokenKind::Word)
}

/// True when `start..end` holds one or two letters and nothing else.
fn is_short_segment(text: &str, start: usize, end: usize) -> bool {
    let s = slice(text, Span::new(start, end));
    let mut n = 0;
    for c in s.chars() {
        n += 1;
        // Stopping at the third character keeps a long word followed by a
        // period from being walked twice.
        if n > 2 || !c.is_alphabetic() {
            return false;
        }
    }
    n > 0
}

/// True when the word `start..end`, followed by a period at `end`, is an
/// abbreviation that keeps that period.
fn keeps_period(text: &str, start: usize, end: usize, limit: usize) -> bool {
    let word = slice(text, Span::new(start, end));
    if is_initial(word) {
        return true;
    }
    match abbreviation(last_hyphen_part(word)) {
        Some(Abbreviation::Numbered) => {
            // "No. 5", "No. #3": only a number after the period makes "No" short.
            let rest = text.get(end + 1..limit).unwrap_or("");
            rest.trim_start_matches(is_space)
                .starts_with(|c: char| c.is_ascii_digit() || c == '#')
        }
        Some(_) => true,
        None => false,
    }
}

/// A single capital letter, as in "John F. Kennedy".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// The part of a hyphenated word after its last hyphen ("Calif" in "D-Calif").
fn last_hyphen_part(word: &str) -> &str {
    word.rsplit(['-', '\u{2010}', '\u{2011}']).next().unwrap_or(word)
}

/// How an abbreviation behaves at a possible sentence end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abbreviation {
    /// A title or other prefix that is followed by a name: never ends a sentence.
    Title,
    /// "No.", "Art.": an abbreviation only before a number, then never final.
    Numbered,
    /// A month: never final before a number, otherwise like [`Self::Other`].
    Month,
    /// Anything else (and initials, and dotted acronyms): final only before a
    /// sentence starter.
    Other,
}

/// The class of a listed abbreviation, written without its period.
fn abbreviation(word: &str) -> Option<Abbreviation> {
    use Abbreviation::*;
    Some(match word {
        "Mr" | "Mrs" | "Ms" | "Messrs" | "Mmes" | "Dr" | "Drs" | "Prof" | "Profs" | "Gen" | "Gens" | "Sen" | "Sens"
        | "Rep" | "Reps" | "Gov" | "Govs" | "Lt" | "Col" | "Capt" | "Cmdr" | "Cdr" | "Sgt" | "Cpl" | "Pvt" | "Pfc"
        | "Spc" | "Adm" | "Maj" | "Brig" | "Ens" | "Rev" | "Revs" | "Msgr" | "Fr" | "Hon" | "Pres" | "Supt" | "Det"
        | "Insp" | "Amb" | "Atty" | "Snr" | "Comr" | "Gov't" | "Rt" | "Mt" | "Ft" | "vs" | "v" | "cf" | "ca"
        | "Mme" | "Mlle" | "Sheikh" => Title,
        "No" | "Nos" | "no" | "Art" | "Arts" | "Fig" | "Figs" | "Vol" | "Vols" | "Ch" | "Sec" | "Secs" | "p" | "pp"
        | "Op" | "Pt" => Numbered,
        "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov" | "Dec" => Month,
        "Inc" | "Corp" | "Co" | "Cos" | "Ltd" | "Bros" | "Jr" | "Sr" | "Esq" | "Assn" | "Dept" | "Univ" | "Ave"
        | "Blvd" | "Rd" | "Hwy" | "Pkwy" | "Sq" | "St" | "Ste" | "etc" | "al" | "approx" | "est" | "Ala" | "Ariz"
        | "Ark" | "Calif" | "Colo" | "Conn" | "Del" | "Fla" | "Ga" | "Ill" | "Ind" | "Kan" | "Kans" | "Ky" | "La"
        | "Md" | "Mass" | "Mich" | "Minn" | "Miss" | "Mo" | "Mont" | "Neb" | "Nev" | "Okla" | "Ore" | "Pa" | "Tenn"
        | "Tex" | "Vt" | "Va" | "Wash" | "Wis" | "Wyo" => Other,
        _ => return None,
    })
}

/// True when `word` is a capitalised word that commonly begins a sentence
/// and rarely follows an abbreviation inside one: after "U.S." or "a.m.", one
/// of these signals that the period ended the sentence. Names, weekdays and
/// nouns are deliberately absent ("the U.S. Army", "10 a.m. Wednesday").
fn is_sentence_starter(word: &str) -> bool {
    matches!(
        word,
        "A" | "About"
            | "According"
            | "After"
            | "Again"
            | "Against"
            | "All"
            | "Also"
            | "Although"
            | "Among"
            | "An"
            | "And"
            | "Another"
            | "Any"
            | "Are"
            | "As"
            | "At"
            | "Because"
            | "Before"
            | "Both"
            | "But"
            | "By"
            | "Can"
            | "Could"
            | "Despite"
            | "Did"
            | "Do"
            | "Does"
            | "During"
            | "Each"
            | "Earlier"
            | "Either"
            | "Even"
            | "Every"
            | "Few"
            | "For"
            | "From"
            | "Had"
            | "Has"
            | "Have"
            | "He"
            | "Her"
            | "Here"
            | "His"
            | "How"
            | "However"
            | "I"
            | "If"
            | "In"
            | "Instead"
            | "Is"
            | "It"
            | "Its"
            | "Last"
            | "Later"
            | "Many"
            | "Meanwhile"
            | "More"
            | "Moreover"
            | "Most"
            | "Much"
            | "My"
            | "Neither"
            | "No"
            | "Nor"
            | "Not"
            | "Now"
            | "Of"
            | "On"
            | "One"
            | "Only"
            | "Or"
            | "Other"
            | "Others"
            | "Our"
            | "Over"
            | "Several"
            | "She"
            | "Should"
            | "Since"
            | "So"
            | "Some"
            | "Still"
            | "Such"
            | "That"
            | "The"
            | "Their"
            | "Then"
            | "There"
            | "These"
            | "They"
            | "This"
            | "Those"
            | "Though"
            | "Three"
            | "Thus"
            | "To"
            | "Two"
            | "Under"
            | "Unless"
            | "Until"
            | "We"
            | "Were"
            | "What"
            | "When"
            | "Where"
            | "Whether"
            | "Which"
            | "While"
            | "Who"
            | "Why"
            | "With"
            | "Without"
            | "Would"
            | "Yet"
            | "You"
            | "Your"
    )
}

/// What kind of possible sentence end a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// `.`, `!`, `?` and their full-width forms.
    Full,
    /// `…` or a run of periods.
    Ellipsis,
    /// A word that kept its abbreviation period.
    Abbreviated(Abbreviation),
}

/// The kind of sentence end `token` can be, if any.
fn stop_kind(text: &str, token: &Token) -> Option<Stop> {
    // Most tokens are plain words: reject them on their last byte before
    // looking at their text.
    let last = *text.as_bytes().get(token.span().end.checked_sub(1)?)?;
    if token.kind == TokenKind::Word && last != b'.' {
        return None;
    }
    let s = token.text(text);
    match token.kind {
        TokenKind::Punct => match s {
            "." | "!" | "?" | "\u{3002}" | "\u{FF01}" | "\u{FF1F}" | "\u{203C}" | "\u{2047}" | "\u{2048}"
            | "\u{2049}" => Some(Stop::Full),
            "…" => Some(Stop::Ellipsis),
            _ if s.len() > 1 && s.bytes().all(|b| b == b'.') => Some(Stop::Ellipsis),
            _ => None,
        },
        TokenKind::Word => {
            let word = s.strip_suffix('.')?;
            if word.contains('.') || is_initial(word) {
                return Some(Stop::Abbreviated(Abbreviation::Other));
            }
            abbreviation(last_hyphen_part(word)).map(Stop::Abbreviated)
        }
        TokenKind::Number => None,
    }
}

/// A closing quote after a stop. "”", "’" and "»" never open a quotation in
/// English copy, so they close one even after a stray space; straight quotes
/// close only when written right after the stop.
fn is_closing_quote(s: &str, space_before: bool) -> bool {
    match s {
        "”" | "’" | "»" => true,
        "\"" | "'" | "›" => !space_before,
        _ => false,
    }
}

/// A closing bracket.
fn is_closing_bracket(s: &str) -> bool {
    matches!(s, ")" | "]" | "}")
}

/// True when `next` carries on the sentence after a full stop: a lower-case
/// word or a mid-sentence punctuation mark.
fn continues_sentence(text: &str, next: &Token) -> bool {
    let s = next.text(text);
    match next.kind {
        TokenKind::Punct => matches!(s, "," | ";" | ":" | ")" | "]" | "}"),
        _ => s.chars().next().is_some_and(char::is_lowercase),
    }
}

/// True when `next` is a capitalised word.
fn is_capitalised(text: &str, next: &Token) -> bool {
    next.kind == TokenKind::Word && next.text(text).chars().next().is_some_and(char::is_uppercase)
}

/// True when `rest` starts with an opening quote (`“`, or `"` after a space)
/// and a capitalised word right after it: a quotation that opens a sentence
/// rather than one inside it ("said the U.S. “will regret it”" stays one
/// sentence).
fn opens_quoted_sentence(text: &str, rest: &[Token]) -> bool {
    match rest {
        [quote, word, ..] => {
            let opening = match quote.text(text) {
                "“" => true,
                "\"" => quote.space_before(),
                _ => false,
            };
            quote.kind == TokenKind::Punct && opening && !word.space_before() && is_capitalised(text, word)
        }
        _ => false,
    }
}

/// Decides whether the sentence ends after a stop of kind `stop`, given the
/// tokens `rest` that follow it in the paragraph. `strong` tells that a
/// closing quote or a further stop came right after the stop, which makes
/// any stop as final as a plain period.
fn ends_sentence(text: &str, stop: Stop, strong: bool, rest: &[Token]) -> bool {
    let Some(next) = rest.first() else {
        return true;
    };
    if strong {
        return !continues_sentence(text, next);
    }
    let starter =
        || opens_quoted_sentence(text, rest) || (next.kind == TokenKind::Word && is_sentence_starter(next.text(text)));
    match stop {
        Stop::Full => !continues_sentence(text, next),
        Stop::Ellipsis => is_capitalised(text, next) || opens_quoted_sentence(text, rest),
        Stop::Abbreviated(Abbreviation::Title | Abbreviation::Numbered) => false,
        Stop::Abbreviated(Abbreviation::Month) => next.kind != TokenKind::Number && starter(),
        Stop::Abbreviated(Abbreviation::Other) => starter(),
    }
}

/// Splits the tokens `range` of paragraph `paragraph` into sentences and
/// records each token's sentence.
fn split_sentences(
    text: &str,
    paragraph: usize,
    range: Range<usize>,
    tokens: &mut [Token],
    sentences: &mut Vec<Sentence>,
) {
    let end = range.end.min(tokens.len());
    let mut start = range.start;
    let mut i = range.start;
    while i < end {
        let Some(stop) = stop_kind(text, &tokens[i]) else {
            i += 1;
            continue;
        };
        // Further stops, closing quotes and attached closing brackets stay in
        // this sentence. A bracket alone does not make the stop strong: in
        // "Summit (N.J.) High School" the abbreviation rule still holds.
        let mut j = i + 1;
        let mut strong = false;
        while j < end {
            let token = &tokens[j];
            if token.kind != TokenKind::Punct {
                break;
            }
            let s = token.text(text);
            if matches!(stop_kind(text, token), Some(Stop::Full | Stop::Ellipsis))
                || is_closing_quote(s, token.space_before())
            {
                strong = true;
                j += 1;
            } else if !token.space_before() && is_closing_bracket(s) {
                j += 1;
            } else {
                break;
            }
        }
        let rest = tokens.get(j..end).unwrap_or(&[]);
        if ends_sentence(text, stop, strong, rest) {
            push_sentence(paragraph, start..j, tokens, sentences);
            start = j;
        }
        i = j;
    }
    if start < end {
        push_sentence(paragraph, start..end, tokens, sentences);
    }
}

/// Records the sentence made of `range` (never empty) and labels its tokens.
fn push_sentence(paragraph: usize, range: Range<usize>, tokens: &mut [Token], sentences: &mut Vec<Sentence>) {
    let index = sentences.len();
    let Some(run) = tokens.get_mut(range.clone()) else {
        return;
    };
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        return;
    };
    let span = Span::new(first.span().start, last.span().end);
    for token in run.iter_mut() {
        token.sentence = index as u32;
    }
    sentences.push(Sentence {
        span,
        paragraph,
        tokens: range,
    });
}

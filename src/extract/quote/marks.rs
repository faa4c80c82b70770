//! Pairs quotation marks into quotations, across paragraphs when a quotation runs on.
//!
//! One pass with a stack: every mark is pushed or popped at most once, so 10,000
//! nested or unbalanced marks cost 10,000 steps.

use super::tokens::{Tok, TokKind};

/// Double or single quotation marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Double,
    Single,
}

/// What a mark does in context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Open(Kind),
    Close(Kind),
    /// A mark that can close a single quotation and is an apostrophe otherwise.
    MaybeCloseSingle,
    /// A mark standing alone between spaces, which toggles a straight-quote pair.
    Toggle,
    Ignore,
}

/// Quotations deeper than this are not reported: real copy nests two or three levels,
/// and reporting each level of a pathological nest would make the output quadratic.
pub(crate) const MAX_DEPTH: usize = 3;

/// A paired quotation: token indices of its opening and closing marks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pair {
    /// Index of the opening mark.
    pub open: usize,
    /// Index of the closing mark.
    pub close: usize,
    /// Nesting depth, 0 for a top-level quotation.
    pub depth: usize,
    /// True when the quotation runs over more than one paragraph.
    pub multi: bool,
}

/// The result of pairing.
#[derive(Debug, Default)]
pub(crate) struct Pairing {
    /// Paired quotations, ordered by opening mark.
    pub pairs: Vec<Pair>,
    /// Token indices of marks that open or close nothing.
    pub unbalanced: Vec<usize>,
}

/// Character before token `i` in the file, if it is in the same paragraph.
fn prev_char(src: &str, toks: &[Tok], i: usize) -> Option<char> {
    if toks[i].space_before {
        return Some(' ');
    }
    src.get(..toks[i].span().start)?.chars().next_back()
}

/// Character after token `i` in the file.
fn next_char(src: &str, toks: &[Tok], i: usize) -> Option<char> {
    src.get(toks[i].span().end..)?.chars().next()
}

/// True when the mark at token `i` stands for the century of a decade or year: two digits
/// follow it, then an optional "s", then no more letters or digits ("’90s", "class of '04").
fn elides_century(src: &str, toks: &[Tok], i: usize) -> bool {
    let rest = src.get(toks[i].span().end..).unwrap_or("").as_bytes();
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let after = rest.get(digits..).unwrap_or(&[]);
    let after = after.strip_prefix(b"s").unwrap_or(after);
    digits == 2 && after.first().is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// Decides what the mark at token `i` does.
fn role(src: &str, toks: &[Tok], i: usize, para_start: bool) -> Role {
    let TokKind::Mark(c) = toks[i].kind else {
        return Role::Ignore;
    };
    let before = if para_start { None } else { prev_char(src, toks, i) };
    let after = next_char(src, toks, i);
    let opens_after = |p: Option<char>| {
        p.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘'))
    };
    let blank = |n: Option<char>| n.is_none_or(char::is_whitespace);
    match c {
        '“' | '«' | '„' => Role::Open(Kind::Double),
        '”' | '»' => Role::Close(Kind::Double),
        '’' => {
            if blank(before) {
                Role::Ignore
            } else {
                Role::MaybeCloseSingle
            }
        }
        '"' => match (opens_after(before), blank(after)) {
            (true, false) => Role::Open(Kind::Double),
            (false, _) => Role::Close(Kind::Double),
            (true, true) => Role::Toggle,
        },
        // "’90s", "‘90s" (a wrong autocorrected mark) and "'90s" are apostrophes before a
        // decade, not quotation marks.
        '‘' | '\'' if elides_century(src, toks, i) => Role::Ignore,
        '‘' => Role::Open(Kind::Single),
        '\'' => {
            if opens_after(before) && after.is_some_and(char::is_alphanumeric) {
                Role::Open(Kind::Single)
            } else if !blank(before) {
                Role::MaybeCloseSingle
            } else {
                Role::Ignore
            }
        }
        _ => Role::Ignore,
    }
}

/// Pairs the marks of all paragraphs; `paras` holds each paragraph's token range.
pub(crate) fn pair(src: &str, toks: &[Tok], paras: &[(usize, usize)]) -> Pairing {
    let mut out = Pairing::default();
    // The stack holds (token index, kind, multi-paragraph flag).
    let mut stack: Vec<(usize, Kind, bool)> = Vec::new();
    let mut doubles = 0usize;
    let mut singles = 0usize;
    for (pi, &(lo, hi)) in paras.iter().enumerate() {
        let mut first = lo;
        if !stack.is_empty() {
            // A quotation left open at the end of the previous paragraph runs on when this
            // paragraph opens again with a double mark; otherwise every open mark was lone.
            // The reopening mark must be of the same style as the open one: a stray
            // straight mark is not continued by a curly quotation.
            let straight = |t: usize| toks[t].kind == TokKind::Mark('"');
            let reopens = lo < hi && role(src, toks, lo, true) == Role::Open(Kind::Double);
            match stack.first().copied() {
                Some((o, Kind::Double, _)) if reopens && straight(o) == straight(lo) => {
                    for &(t, _, _) in &stack[1..] {
                        out.unbalanced.push(t);
                    }
                    stack.clear();
                    stack.push((o, Kind::Double, true));
                    doubles = 1;
                    singles = 0;
                    first = lo + 1;
                }
                _ => {
                    out.unbalanced.extend(stack.iter().map(|&(t, _, _)| t));
                    stack.clear();
                    doubles = 0;
                    singles = 0;
                }
            }
        }
        for i in first..hi {
            let r = match role(src, toks, i, i == lo) {
                Role::Toggle if doubles > 0 => Role::Close(Kind::Double),
                Role::Toggle => Role::Open(Kind::Double),
                // Copy converted with spaces around its marks ("the plan, "said", "the
                // "new timetable "took") puts a space before a closing straight mark.
                // Double quotations do not nest, so a straight mark met while a double
                // quotation is innermost closes it (also in copy that mixes “ and ").
                Role::Open(Kind::Double)
                    if toks[i].kind == TokKind::Mark('"')
                        && stack.last().is_some_and(|&(_, k, _)| k == Kind::Double) =>
                {
                    Role::Close(Kind::Double)
                }
                // The same copy spaces a closing single mark ("her 'comeback tour '
                // plans", "‘ Stop here! ’"): a mark with a space on its left that closes
                // nothing else ends the open single quotation when a space or punctuation
                // follows it.
                Role::Ignore
                    if matches!(toks[i].kind, TokKind::Mark('’' | '\''))
                        && stack.last().is_some_and(|&(_, k, _)| k == Kind::Single)
                        && next_char(src, toks, i).is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation()) =>
                {
                    Role::Close(Kind::Single)
                }
                r => r,
            };
            match r {
                Role::Open(kind) => {
                    // A double mark opening while a double quotation is innermost means the
                    // earlier one never closed: nested double quotations do not occur.
                    if kind == Kind::Double
                        && let Some(&(t, Kind::Double, _)) = stack.last()
                    {
                        out.unbalanced.push(t);
                        stack.pop();
                        doubles -= 1;
                    }
                    stack.push((i, kind, false));
                    match kind {
                        Kind::Double => doubles += 1,
                        Kind::Single => singles += 1,
                    }
                }
                Role::Close(_) | Role::MaybeCloseSingle => {
                    let k = match r {
                        Role::Close(k) => k,
                        _ => Kind::Single,
                    };
                    let open = match k {
                        Kind::Double => doubles,
                        Kind::Single => singles,
                    };
                    // A straight mark glued to words on both sides ("estimates"at least")
                    // opens a quotation when none is open: a space is missing before it.
                    if open == 0
                        && r == Role::Close(Kind::Double)
                        && toks[i].kind == TokKind::Mark('"')
                        && next_char(src, toks, i).is_some_and(char::is_alphanumeric)
                    {
                        stack.push((i, Kind::Double, false));
                        doubles += 1;
                        continue;
                    }
                    if open == 0 {
                        if r == Role::Close(Kind::Double) {
                            out.unbalanced.push(i);
                        }
                        continue;
                    }
                    // "’" glued to a following letter is an apostrophe inside a word, and
                    // one met while a double quotation is innermost is a possessive
                    // ("the players’ union") rather than the end of an outer single quote.
                    if r == Role::MaybeCloseSingle
                        && (next_char(src, toks, i).is_some_and(char::is_alphanumeric)
                            || stack.last().is_some_and(|&(_, tk, _)| tk == Kind::Double))
                    {
                        continue;
                    }
                    while let Some((t, tk, multi)) = stack.pop() {
                        match tk {
                            Kind::Double => doubles -= 1,
                            Kind::Single => singles -= 1,
                        }
                        if tk == k {
                            out.pairs.push(Pair {
                                open: t,
                                close: i,
                                depth: stack.len(),
                                multi,
                            });
                            break;
                        }
                        out.unbalanced.push(t);
                    }
                }
                _ => {}
            }
        }
        let last = pi + 1 == paras.len();
        if last {
            out.unbalanced.extend(stack.iter().map(|&(t, _, _)| t));
            stack.clear();
        }
    }
    out.pairs.sort_by_key(|p| p.open);
    out.unbalanced.sort_unstable();
    out
}

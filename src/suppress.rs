//! In-place suppressions: `<!-- factlint-disable … -->` comments in an article.
//!
//! The same HTML comment syntax works in Markdown, HTML and plain text, anywhere in the file:
//!
//! ```text
//! <!-- factlint-disable hygiene/glued-words, dates -->   off from here …
//! <!-- factlint-enable -->                              … to here (or to the end of the file)
//! <!-- factlint-disable-next-line glued-words -->       off on the next line with text
//! A line with a finding. <!-- factlint-disable-line dates/relative-day-word -->
//! <!-- factlint-disable glued-words -- the brand is written this way -->
//! ```
//!
//! A rule is named by its id (`hygiene/glued-words`), its bare name (`glued-words`) or its
//! pack (`hygiene`); commas or spaces separate names, and text after ` -- ` is a reason
//! that factlint ignores. With no name, a directive covers every rule. `factlint-enable`
//! with names re-enables only those; without, it ends every disable before it. For a rule
//! at a position, the last `disable` or `enable` before it that names the rule decides.
//! "The next line" is the next line with text: blank lines and lines holding only factlint
//! comments are skipped, so a comment above a paragraph works with or without a blank line
//! between them.
//!
//! [`Suppressions::apply`] drops the suppressed diagnostics, reports every suppression (or
//! rule name in one) that suppressed nothing as `factlint/unused-suppression` (info), and
//! every malformed factlint comment as `factlint/bad-suppression` (warning). Whether a
//! named rule exists is the caller's question: [`Suppressions::names`] lists the names
//! with their spans.

use std::collections::HashMap;

use memchr::memmem;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::FileId;
use crate::span::Span;
use crate::words;

/// The rule id of the report on a suppression that suppressed nothing.
pub const UNUSED_SUPPRESSION: &str = "factlint/unused-suppression";

/// The rule id of the report on a malformed factlint comment.
pub const BAD_SUPPRESSION: &str = "factlint/bad-suppression";

/// The directives, as written after `<!--`.
const DIRECTIVES: &[(&str, Kind)] = &[
    ("factlint-disable", Kind::Disable),
    ("factlint-enable", Kind::Enable),
    ("factlint-disable-next-line", Kind::DisableNextLine),
    ("factlint-disable-line", Kind::DisableLine),
];

/// What a factlint comment does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Turns rules off from the end of the comment on.
    Disable,
    /// Turns rules back on from the start of the comment on.
    Enable,
    /// Turns rules off on the next line with text.
    DisableNextLine,
    /// Turns rules off on the line the comment starts on.
    DisableLine,
}

impl Kind {
    /// The directive as written, `factlint-disable` and so on.
    pub fn as_str(self) -> &'static str {
        DIRECTIVES
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("factlint-disable", |(name, _)| name)
    }
}

/// A rule named in a factlint comment: an id, a bare rule name or a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleName {
    /// The name as written.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

impl RuleName {
    /// True when the rule `rule_id` (`pack/name`) is this rule, has this bare name, or is in
    /// this pack.
    pub fn matches(&self, rule_id: &str) -> bool {
        if self.text.contains('/') {
            return rule_id == self.text;
        }
        match rule_id.split_once('/') {
            Some((pack, name)) => pack == self.text || name == self.text,
            None => rule_id == self.text,
        }
    }
}

/// One well-formed factlint comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// What it does.
    pub kind: Kind,
    /// The whole comment, `<!--` to `-->`.
    pub comment: Span,
    /// The rules it names; empty when it covers every rule.
    pub rules: Vec<RuleName>,
    /// For the line directives, the line it covers (without its line break); `None` when no
    /// line with text follows.
    pub line: Option<Span>,
}

impl Directive {
    /// True when this directive covers the rule `rule_id`.
    fn covers(&self, rule_id: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r.matches(rule_id))
    }
}

/// The factlint comments of one file.
#[derive(Clone, Debug)]
pub struct Suppressions {
    file: FileId,
    directives: Vec<Directive>,
    comments: Vec<Span>,
    bad: Vec<Diagnostic>,
    line_starts: Vec<usize>,
}

/// Finds the factlint comments of `text`, the text of `file`.
///
/// HTML comments that do not start with `factlint` are left alone. A comment that starts
/// with `factlint` but is not a directive, names a rule in a shape no rule has, or is not
/// closed becomes a `factlint/bad-suppression` warning and suppresses nothing.
pub fn parse(text: &str, file: FileId) -> Suppressions {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect();
    let mut directives = Vec::new();
    let mut comments = Vec::new();
    let mut bad = Vec::new();
    let bad_at = |span: Span, message: String, label: &str, help: Option<String>| Diagnostic {
        rule: BAD_SUPPRESSION.to_string(),
        severity: Severity::Warning,
        message,
        primary: Label::new(file, span, label),
        secondary: Vec::new(),
        notes: Vec::new(),
        help,
        fix: None,
    };

    let bytes = text.as_bytes();
    let mut pos = 0;
    // Once no `-->` is left, no later comment can close either: remembering that keeps the
    // scan linear on a file full of `<!--`.
    let mut no_close_from: Option<usize> = None;
    while let Some(found) = memmem::find(&bytes[pos..], b"<!--") {
        let open = pos + found;
        let inner_start = open + 4;
        let close = match no_close_from {
            Some(_) => None,
            None => memmem::find(&bytes[inner_start..], b"-->").map(|i| inner_start + i),
        };
        if close.is_none() {
            no_close_from = Some(open);
        }
        let inner_end = close.unwrap_or_else(|| line_end(text, inner_start));
        let comment_end = close.map_or(inner_end, |c| c + 3);
        pos = comment_end.max(inner_start);

        let inner = &text[inner_start..inner_end];
        let lead = inner.len() - inner.trim_start().len();
        let body_start = inner_start + lead;
        let body = &text[body_start..inner_end];
        if !body.get(..8).is_some_and(|w| w.eq_ignore_ascii_case("factlint")) {
            continue;
        }
        let comment = Span::new(open, comment_end);
        comments.push(comment);
        if close.is_none() {
            bad.push(bad_at(
                comment,
                "this factlint comment is not closed".to_string(),
                "no `-->` follows",
                Some("end the comment with `-->`".to_string()),
            ));
            continue;
        }

        let word_len = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let word = &body[..word_len];
        let word_span = Span::new(body_start, body_start + word_len);
        let Some(kind) = DIRECTIVES.iter().find(|(name, _)| *name == word).map(|(_, k)| *k) else {
            let names: Vec<&str> = DIRECTIVES.iter().map(|(n, _)| *n).collect();
            let mut d = bad_at(
                word_span,
                format!("unknown factlint directive `{word}`"),
                "not a directive",
                Some(format!(
                    "the directives are {}",
                    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                )),
            );
            if let Some(hint) = closest(&word.to_ascii_lowercase(), &names) {
                d.notes.push(format!("did you mean `{hint}`?"));
            }
            bad.push(d);
            continue;
        };

        // Names run to the end of the comment or to ` -- `, after which comes a reason.
        let rest_start = body_start + word_len;
        let rest = &text[rest_start..inner_end];
        let names_end = rest_start + reason_start(rest).unwrap_or(rest.len());
        let mut rules = Vec::new();
        let mut any_bad = false;
        for (start, name) in words(&text[rest_start..names_end]) {
            let span = Span::new(rest_start + start, rest_start + start + name.len());
            if let Some(at) = bad_name_char(name) {
                any_bad = true;
                bad.push(bad_at(
                    span,
                    format!("`{name}` is not a rule name"),
                    "expected a rule id, a rule name or a pack",
                    Some(format!(
                        "write names like `hygiene/glued-words`, `glued-words` or `hygiene`{}",
                        if at == '/' { "" } else { ", separated by commas" }
                    )),
                ));
            } else {
                rules.push(RuleName {
                    text: name.to_string(),
                    span,
                });
            }
        }
        // A comment whose every name is malformed must not turn into one that covers
        // every rule.
        if any_bad && rules.is_empty() {
            continue;
        }
        directives.push(Directive {
            kind,
            comment,
            rules,
            line: None,
        });
    }

    let mut suppressions = Suppressions {
        file,
        directives,
        comments,
        bad,
        line_starts,
    };
    suppressions.resolve_lines(text);
    suppressions
}

/// The byte offset of the end of the line holding `at` (its `\n`, or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i)
}

/// Where a ` -- reason` starts in the text after the directive.
fn reason_start(rest: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = rest[from..].find("--") {
        let at = from + i;
        let before = rest[..at].chars().next_back();
        if before.is_none_or(char::is_whitespace) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The names of a list separated by commas and white space, with their offsets.
fn words(list: &str) -> impl Iterator<Item = (usize, &str)> {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .scan(0, |offset, piece| {
            let start = *offset;
            // Every separator is one character; its width is what `split` dropped.
            let sep = list[start + piece.len()..].chars().next().map_or(0, char::len_utf8);
            *offset = start + piece.len() + sep;
            Some((start, piece))
        })
        .filter(|(_, piece)| !piece.is_empty())
}

/// The first character that keeps `name` from being a rule id, bare name or pack.
fn bad_name_char(name: &str) -> Option<char> {
    let mut parts = name.split('/');
    let pack = parts.next().unwrap_or("");
    let rule = parts.next();
    if parts.next().is_some() || pack.is_empty() || rule.is_some_and(str::is_empty) {
        return Some('/');
    }
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    pack.chars().chain(rule.unwrap_or("").chars()).find(|c| !ok(*c))
}

/// The candidate nearest to `word` by edit distance, when near enough to be a typo.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if word.len() > 64 {
        return None;
    }
    candidates
        .iter()
        .map(|c| (words::edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

impl Suppressions {
    /// The file these comments are in.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// The well-formed directives, in file order.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// Every rule name written in a well-formed directive, in file order, so that the caller
    /// can report names that match no loaded rule.
    pub fn names(&self) -> Vec<&RuleName> {
        self.directives.iter().flat_map(|d| &d.rules).collect()
    }

    /// The `factlint/bad-suppression` warnings for malformed factlint comments.
    pub fn bad(&self) -> &[Diagnostic] {
        &self.bad
    }

    /// The span of every factlint comment, well-formed or not, so that the linter can leave
    /// the comments out of the text it lints. An unclosed one runs to the end of its line.
    pub fn comment_spans(&self) -> Vec<Span> {
        self.comments.clone()
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Gives each line directive the line it covers.
    fn resolve_lines(&mut self, text: &str) {
        let lines = self.line_starts.len();
        let line_span = |i: usize| {
            let start = self.line_starts[i];
            let end = self.line_starts.get(i + 1).map_or(text.len(), |next| next - 1);
            Span::new(start, end.max(start))
        };
        // A line has text when something other than white space lies outside the factlint
        // comments on it. One pass over the lines and the sorted comments.
        let mut has_text = vec![false; lines];
        let mut c = 0;
        let mut covered_to = 0;
        for (i, flag) in has_text.iter_mut().enumerate() {
            let line = line_span(i);
            let mut at = line.start.max(covered_to);
            while at < line.end {
                while c < self.comments.len() && self.comments[c].end <= at {
                    c += 1;
                }
                let next = self.comments.get(c).map_or(line.end, |s| s.start.clamp(at, line.end));
                if !text[at..next].trim().is_empty() {
                    *flag = true;
                    break;
                }
                match self.comments.get(c) {
                    Some(s) if s.start < line.end => {
                        at = s.end;
                        covered_to = s.end;
                    }
                    _ => break,
                }
            }
        }
        let mut next_text = vec![None; lines + 1];
        for i in (0..lines).rev() {
            next_text[i] = if has_text[i] { Some(i) } else { next_text[i + 1] };
        }
        let targets: Vec<Option<usize>> = self
            .directives
            .iter()
            .map(|d| match d.kind {
                Kind::DisableNextLine => {
                    let last = self.line_of(d.comment.end.saturating_sub(1));
                    next_text.get(last + 1).copied().flatten()
                }
                Kind::DisableLine => Some(self.line_of(d.comment.start)),
                Kind::Disable | Kind::Enable => None,
            })
            .collect();
        for (d, target) in self.directives.iter_mut().zip(targets) {
            d.line = target.map(line_span);
        }
    }

    /// Drops the diagnostics of this file that a directive suppresses, keeping the others
    /// in their order, then appends the `factlint/bad-suppression` warnings and one
    /// `factlint/unused-suppression` note per directive (or rule name in one) that
    /// suppressed nothing, in file order. Diagnostics of other files pass through.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        // `used[d][k]`: name `k` of directive `d` (slot 0 for a directive naming no rule)
        // suppressed something.
        let mut used: Vec<Vec<bool>> = self
            .directives
            .iter()
            .map(|d| vec![false; d.rules.len().max(1)])
            .collect();
        let mut suppressed = vec![false; diagnostics.len()];

        let mut by_rule: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, d) in diagnostics.iter().enumerate() {
            if d.primary.file == self.file {
                by_rule.entry(d.rule.as_str()).or_default().push(i);
            }
        }
        let ranges: Vec<(usize, usize)> = self
            .directives
            .iter()
            .enumerate()
            .filter_map(|(i, d)| match d.kind {
                Kind::Disable => Some((d.comment.end, i)),
                Kind::Enable => Some((d.comment.start, i)),
                Kind::DisableNextLine | Kind::DisableLine => None,
            })
            .collect();
        let mut by_line: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, d) in self.directives.iter().enumerate() {
            if let Some(line) = d.line {
                by_line.entry(self.line_of(line.start)).or_default().push(i);
            }
        }

        for (rule, mut indices) in by_rule {
            indices.sort_by_key(|&i| diagnostics[i].primary.span.start);
            // The ranges that name this rule, in file order; the last one before a finding
            // decides whether it is suppressed.
            let relevant: Vec<(usize, usize)> = ranges
                .iter()
                .copied()
                .filter(|&(_, d)| self.directives[d].covers(rule))
                .collect();
            let mut next = 0;
            let mut state: Option<usize> = None;
            for i in indices {
                let at = diagnostics[i].primary.span.start;
                while let Some(&(pos, d)) = relevant.get(next) {
                    if pos > at {
                        break;
                    }
                    state = (self.directives[d].kind == Kind::Disable).then_some(d);
                    next += 1;
                }
                if let Some(d) = state {
                    suppressed[i] = true;
                    self.mark(&mut used[d], d, rule);
                }
                if let Some(on_line) = by_line.get(&self.line_of(at)) {
                    for &d in on_line {
                        let covered = self.directives[d].line.is_some_and(|l| l.start <= at && at <= l.end);
                        if covered && self.directives[d].covers(rule) {
                            suppressed[i] = true;
                            self.mark(&mut used[d], d, rule);
                        }
                    }
                }
            }
        }

        let mut added: Vec<Diagnostic> = self.bad.clone();
        for (d, flags) in self.directives.iter().zip(&used) {
            if d.kind != Kind::Enable {
                added.extend(self.unused(d, flags));
            }
        }
        added.sort_by_key(|d| (d.primary.span.start, d.primary.span.end));

        let mut out: Vec<Diagnostic> = diagnostics
            .into_iter()
            .zip(suppressed)
            .filter_map(|(d, gone)| (!gone).then_some(d))
            .collect();
        out.extend(added);
        out
    }

    /// Marks the names of directive `d` that cover `rule` as used.
    fn mark(&self, used: &mut [bool], d: usize, rule: &str) {
        let directive = &self.directives[d];
        if directive.rules.is_empty() {
            used[0] = true;
        }
        for (k, name) in directive.rules.iter().enumerate() {
            if name.matches(rule) {
                used[k] = true;
            }
        }
    }

    /// The `unused-suppression` notes of one directive: one on the comment when nothing in
    /// it was used, else one per unused name.
    fn unused(&self, d: &Directive, used: &[bool]) -> Vec<Diagnostic> {
        let note = |span: Span, message: String, label: &str, help: String| Diagnostic {
            rule: UNUSED_SUPPRESSION.to_string(),
            severity: Severity::Info,
            message,
            primary: Label::new(self.file, span, label),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: Some(help),
            fix: None,
        };
        let place = match d.kind {
            Kind::DisableNextLine => " on the next line",
            Kind::DisableLine => " on its line",
            Kind::Disable | Kind::Enable => "",
        };
        if used.iter().all(|u| !u) {
            let what = if d.rules.is_empty() {
                "any rule".to_string()
            } else {
                d.rules
                    .iter()
                    .map(|r| format!("`{}`", r.text))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return vec![note(
                d.comment,
                format!("this `{}` comment suppresses nothing{place}", d.kind.as_str()),
                &format!("no finding of {what} to suppress"),
                "delete the comment".to_string(),
            )];
        }
        d.rules
            .iter()
            .zip(used)
            .filter(|(_, u)| !**u)
            .map(|(r, _)| {
                note(
                    r.span,
                    format!("`{}` is suppressed here but reports nothing{place}", r.text),
                    "suppresses nothing",
                    format!("remove `{}` from the comment", r.text),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: FileId = FileId(3);

    fn finding(text: &str, rule: &str, words: &str) -> Diagnostic {
        let start = text.find(words).unwrap_or_else(|| panic!("`{words}` in the text"));
        Diagnostic {
            rule: rule.to_string(),
            severity: Severity::Warning,
            message: String::new(),
            primary: Label::new(FILE, Span::new(start, start + words.len()), ""),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        }
    }

    fn summary(text: &str, out: &[Diagnostic]) -> Vec<String> {
        out.iter()
            .map(|d| format!("{} {}", d.rule, d.primary.span.text(text)))
            .collect()
    }

    #[test]
    fn names_match_ids_bare_names_and_packs() {
        let name = |t: &str| RuleName {
            text: t.into(),
            span: Span::default(),
        };
        assert!(name("hygiene/glued-words").matches("hygiene/glued-words"));
        assert!(name("glued-words").matches("hygiene/glued-words"));
        assert!(name("hygiene").matches("hygiene/glued-words"));
        assert!(!name("dates").matches("hygiene/glued-words"));
        assert!(!name("hygiene/glued").matches("hygiene/glued-words"));
    }

    #[test]
    fn ordinary_html_comments_are_left_alone() {
        let s = parse("<!-- TODO: check the casualty figure -->\nText.", FILE);
        assert!(s.directives().is_empty() && s.bad().is_empty() && s.comment_spans().is_empty());
    }

    #[test]
    fn words_keep_their_offsets() {
        let found: Vec<(usize, &str)> = words(" a, b ,c\u{a0}dé  ").collect();
        assert_eq!(found, vec![(1, "a"), (4, "b"), (7, "c"), (10, "dé")]);
    }

    #[test]
    fn reasons_follow_a_spaced_double_dash() {
        let text = "<!-- factlint-disable glued-words -- the brand is spelled PayPal -->\nPayPal's PompeoUS.";
        let s = parse(text, FILE);
        assert_eq!(s.names().len(), 1);
        let out = s.apply(vec![finding(text, "hygiene/glued-words", "PompeoUS")]);
        assert!(out.is_empty(), "{:?}", summary(text, &out));
    }

    #[test]
    fn enable_of_one_rule_inside_a_disable_of_all() {
        let text =
            "<!-- factlint-disable -->\nA yesterday.\n<!-- factlint-enable dates -->\nB yesterday. C PompeoUS.\n";
        let out = parse(text, FILE).apply(vec![
            finding(text, "dates/relative-day-word", "yesterday"),
            finding(text, "dates/relative-day-word", "yesterday. C"),
            finding(text, "hygiene/glued-words", "PompeoUS"),
        ]);
        assert_eq!(summary(text, &out), vec!["dates/relative-day-word yesterday. C"]);
    }

    #[test]
    fn next_line_skips_blank_and_comment_only_lines() {
        let text = "<!-- factlint-disable-next-line glued-words -->\n\n<!-- note -->\nPompeoUS said.\nPompeoUS again.";
        let s = parse(text, FILE);
        // The plain comment counts as text: only factlint comments are skipped.
        assert_eq!(s.directives()[0].line.map(|l| l.text(text)), Some("<!-- note -->"));
        let text =
            "<!-- factlint-disable-next-line glued-words -->\n\n<!-- factlint-disable-line dates -->\nPompeoUS said.";
        let s = parse(text, FILE);
        assert_eq!(s.directives()[0].line.map(|l| l.text(text)), Some("PompeoUS said."));
    }

    #[test]
    fn unclosed_comments_are_reported_and_scanning_stays_linear() {
        let text = "<!-- factlint-disable glued-words\nPompeoUS.\n".repeat(3);
        let s = parse(&text, FILE);
        assert_eq!(s.bad().len(), 3);
        assert!(s.directives().is_empty());
        let spans = s.comment_spans();
        assert_eq!(spans[0].text(&text), "<!-- factlint-disable glued-words");
    }

    #[test]
    fn a_comment_with_only_bad_names_suppresses_nothing() {
        let text = "<!-- factlint-disable hygiene/glued/words -->\nPompeoUS.";
        let s = parse(text, FILE);
        let out = s.apply(vec![finding(text, "hygiene/glued-words", "PompeoUS")]);
        assert_eq!(
            summary(text, &out),
            vec![
                "hygiene/glued-words PompeoUS",
                "factlint/bad-suppression hygiene/glued/words"
            ]
        );
    }
}

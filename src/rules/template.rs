//! Message templates: `"`{?w}` is written twice"`, filled from a match.

use smallvec::SmallVec;

use crate::span::Span;

/// A parsed template: text with holes.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Template {
    pieces: Vec<Piece>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// `{match}`, `{?name}` or `{name.field}`: filled from a match.
    Hole(String),
}

/// A hole that names nothing the rule binds, at a byte span of the template string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Where the mistake is, in bytes of the template string.
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

impl Template {
    /// Parses `src`; `check` says whether a hole (`match`, `?var`, `name.field`), written at
    /// a span of `src`, names something the rule binds, and if not, why.
    pub fn parse(src: &str, check: &dyn Fn(&str, Span) -> Result<(), String>) -> Result<Self, Vec<TemplateError>> {
        let mut pieces = Vec::new();
        let mut errors = Vec::new();
        let mut text = String::new();
        let mut rest = src.char_indices().peekable();
        while let Some((i, c)) = rest.next() {
            match c {
                '{' if rest.peek().is_some_and(|&(_, n)| n == '{') => {
                    rest.next();
                    text.push('{');
                }
                '}' if rest.peek().is_some_and(|&(_, n)| n == '}') => {
                    rest.next();
                    text.push('}');
                }
                '{' => {
                    let Some(close) = hole_end(src, i) else {
                        errors.push(TemplateError {
                            span: Span::new(i, i + 1),
                            message: "this `{` is never closed; write `{{` for a literal brace".into(),
                        });
                        break;
                    };
                    let name = src[i + 1..close].trim();
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    match check(name, Span::new(i, close + 1)) {
                        Ok(()) => pieces.push(Piece::Hole(name.to_string())),
                        Err(message) => errors.push(TemplateError {
                            span: Span::new(i, close + 1),
                            message,
                        }),
                    }
                    while rest.peek().is_some_and(|&(j, _)| j <= close) {
                        rest.next();
                    }
                }
                _ => text.push(c),
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        if errors.is_empty() {
            Ok(Template { pieces })
        } else {
            Err(errors)
        }
    }

    /// The names in the template's holes.
    pub fn holes(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Hole(h) => Some(h.as_str()),
            Piece::Text(_) => None,
        })
    }

    /// True when the template renders to nothing.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Fills the holes with what `fill` gives for each name; an unknown name renders empty.
    /// The holes are filled first, so that the text is written once, into a string of its
    /// length (a rule's rows in a long story are thousands of messages and labels).
    pub fn render(&self, fill: &dyn Fn(&str) -> Option<String>) -> String {
        if let [Piece::Hole(name)] = self.pieces.as_slice() {
            return fill(name).unwrap_or_default();
        }
        // What each hole holds, in order.
        let filled: SmallVec<[Option<String>; 4]> = self
            .pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Text(_) => None,
                Piece::Hole(name) => Some(fill(name)),
            })
            .collect();
        let text: usize = self
            .pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(t) => t.len(),
                Piece::Hole(_) => 0,
            })
            .sum();
        let mut out = String::with_capacity(text + filled.iter().flatten().map(String::len).sum::<usize>());
        let mut holes = filled.iter();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Hole(_) => out.push_str(holes.next().and_then(Option::as_deref).unwrap_or_default()),
            }
        }
        out
    }
}

/// Where the hole opened at byte `open` of `src` closes: its first `}` outside a string of
/// its expression (`{lower("}")}` is one hole), if any.
fn hole_end(src: &str, open: usize) -> Option<usize> {
    let mut quoted = false;
    let mut chars = src[open + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quoted => _ = chars.next(),
            '"' => quoted = !quoted,
            '}' if !quoted => return Some(open + 1 + i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str, _: Span) -> Result<(), String> {
        match name {
            "match" | "?w" => Ok(()),
            other => Err(format!("unknown `{other}`")),
        }
    }

    #[test]
    fn fills_holes_by_name() {
        let t = Template::parse("`{?w}` twice in {{{match}}}", &known).expect("valid");
        let fill = |h: &str| Some(if h == "?w" { "the" } else { "the the" }.to_string());
        assert_eq!(t.render(&fill), "`the` twice in {the the}");
        // A hole alone, text alone, nothing, and holes that nothing fills.
        let alone = Template::parse("{?w}", &known).expect("valid");
        assert_eq!(alone.render(&fill), "the");
        let text = Template::parse("a {{plain}} message", &known).expect("valid");
        assert_eq!(text.render(&fill), "a {plain} message");
        assert_eq!(Template::default().render(&fill), "");
        assert_eq!(t.render(&|_| None), "`` twice in {}");
        assert_eq!(alone.render(&|_| None), "");
    }

    #[test]
    fn a_brace_inside_a_string_of_a_hole_does_not_close_it() {
        let holes = |src: &str| {
            let t = Template::parse(src, &|_: &str, _: Span| Ok(())).expect("valid");
            t.pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Hole(h) => Some(h.clone()),
                    Piece::Text(_) => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(holes(r#"a {lower("}")} b {match}"#), [r#"lower("}")"#, "match"]);
        assert_eq!(holes(r#"{x != "\"}"}"#), [r#"x != "\"}""#]);
    }

    #[test]
    fn reports_every_unknown_hole_at_its_place() {
        let errors = Template::parse("{?x} and {name} and {", &known).expect_err("three mistakes");
        let spans: Vec<Span> = errors.iter().map(|e| e.span).collect();
        assert_eq!(spans, [Span::new(0, 4), Span::new(9, 15), Span::new(20, 21)]);
        assert_eq!(errors[0].message, "unknown `?x`");
    }
}

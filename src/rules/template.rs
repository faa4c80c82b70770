//! Message templates: `"`{?w}` is written twice"`, filled from a match.

use crate::span::Span;

/// A parsed template: text with holes.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Template {
    pieces: Vec<Piece>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// `{?name}`: the words bound to a variable.
    Var(String),
    /// `{match}`: the words of the whole match.
    Match,
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
    /// Parses `src`, checking that every `{?var}` is one of `vars`.
    pub fn parse(src: &str, vars: &[&str]) -> Result<Self, Vec<TemplateError>> {
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
                    let Some(close) = src[i..].find('}').map(|c| i + c) else {
                        errors.push(TemplateError {
                            span: Span::new(i, i + 1),
                            message: "this `{` is never closed; write `{{` for a literal brace".into(),
                        });
                        break;
                    };
                    let name = &src[i + 1..close];
                    let span = Span::new(i, close + 1);
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    if name == "match" {
                        pieces.push(Piece::Match);
                    } else if let Some(var) = name.strip_prefix('?') {
                        if vars.contains(&var) {
                            pieces.push(Piece::Var(var.to_string()));
                        } else {
                            let known = if vars.is_empty() {
                                "the patterns bind no variable".to_string()
                            } else {
                                format!(
                                    "the patterns bind {}",
                                    vars.iter().map(|v| format!("`?{v}`")).collect::<Vec<_>>().join(", ")
                                )
                            };
                            errors.push(TemplateError {
                                span,
                                message: format!("`?{var}` is not bound by every pattern of this rule; {known}"),
                            });
                        }
                    } else {
                        errors.push(TemplateError {
                            span,
                            message: format!(
                                "unknown placeholder `{{{name}}}`; use `{{match}}` or `{{?variable}}`, and `{{{{` for a literal brace"
                            ),
                        });
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

    /// A template with no holes.
    pub fn literal(text: impl Into<String>) -> Self {
        Template {
            pieces: vec![Piece::Text(text.into())],
        }
    }

    /// True when the template renders to nothing.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Fills the holes: `var` gives a variable's words, `whole` the whole match.
    pub fn render<'a>(&self, whole: &str, var: impl Fn(&str) -> Option<&'a str>) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Match => out.push_str(whole),
                Piece::Var(v) => out.push_str(var(v).unwrap_or("")),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_variables_and_the_match() {
        let t = Template::parse("`{?w}` twice in {{{match}}}", &["w"]).expect("valid");
        assert_eq!(
            t.render("the the", |v| (v == "w").then_some("the")),
            "`the` twice in {the the}"
        );
    }

    #[test]
    fn reports_every_unknown_hole_at_its_place() {
        let errors = Template::parse("{?x} and {name} and {", &["w"]).expect_err("three mistakes");
        let spans: Vec<Span> = errors.iter().map(|e| e.span).collect();
        assert_eq!(spans, [Span::new(0, 4), Span::new(9, 15), Span::new(20, 21)]);
        assert!(errors[0].message.contains("`?w`"));
    }
}

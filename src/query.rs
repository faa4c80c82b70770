//! Fact queries (a rule's `when`) compiled and evaluated over the facts of an article.
//!
//! Facts are the JSON objects of `docs/facts.md`, so a rule can test any field an
//! extractor gives, and a new extractor's facts need no glue to be queried.

use serde_json::Value;

use crate::lang::LangError;
use crate::lang::ast::{Query, ValuePattern};
use crate::span::Span;

/// Every fact kind and its fields (besides `kind`, `span` and `text`, which all have).
pub const FACT_KINDS: &[(&str, &[&str])] = &[
    ("date", TIME_FIELDS),
    ("duration", TIME_FIELDS),
    ("set", TIME_FIELDS),
    ("invalid-date", &["year", "month", "day", "reason"]),
    (
        "number",
        &["value", "unit", "approximate", "bound", "ordinal", "vague", "fraction"],
    ),
    (
        "quote",
        &[
            "text_span",
            "parts",
            "speaker",
            "cue",
            "continued",
            "partial",
            "nested",
            "multi_paragraph",
        ],
    ),
    ("quote-unbalanced", &[]),
    ("scare-quote", &[]),
    ("attribution", &["source", "cue", "content_span"]),
    ("refusal", &["subject", "refusal_kind"]),
    ("anonymous-source", &["count", "description", "reason"]),
];

const TIME_FIELDS: &[&str] = &[
    "value",
    "precision",
    "timex",
    "reason",
    "partial",
    "stated_weekday",
    "relative_day_word",
    "relative",
    "signal",
];

/// The fields a fact of `kind` has, or `None` for an unknown kind.
pub fn fields_of(kind: &str) -> Option<impl Iterator<Item = &'static str>> {
    FACT_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, fields)| ["kind", "span", "text"].into_iter().chain(fields.iter().copied()))
}

/// A compiled query: one fact pattern.
#[derive(Debug)]
pub struct FactQuery {
    kind: String,
    constraints: Vec<(Vec<String>, ValuePattern)>,
    /// The name the matched fact is bound to (`as d`); `fact` when the rule gives none.
    pub binding: String,
    vars: Vec<String>,
}

/// One fact that matched, with the values of its variables.
#[derive(Debug)]
pub struct FactMatch<'f> {
    /// The fact.
    pub fact: &'f Value,
    /// The value of each variable, by the variable's number.
    pub vars: Vec<&'f Value>,
}

impl FactQuery {
    /// Checks a parsed query against the fact kinds and their fields, reporting every mistake.
    pub fn compile(query: &Query) -> Result<Self, Vec<LangError>> {
        let mut errors = Vec::new();
        let Some(pattern) = query.patterns.first() else {
            return Err(vec![LangError {
                span: Span::new(0, 0),
                message: "a query needs a fact pattern".into(),
            }]);
        };
        for extra in &query.patterns[1..] {
            errors.push(LangError {
                span: extra.span,
                message: "only one fact pattern per rule is supported so far; joins of several come later".into(),
            });
        }
        match fields_of(&pattern.kind) {
            None => errors.push(LangError {
                span: pattern.kind_span,
                message: format!(
                    "unknown fact kind `{}`; the kinds are {}",
                    pattern.kind,
                    FACT_KINDS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
                ),
            }),
            Some(fields) => {
                let fields: Vec<&str> = fields.collect();
                for c in &pattern.constraints {
                    if !fields.contains(&c.path[0].as_str()) {
                        errors.push(LangError {
                            span: Span::new(c.path_span.start, c.path_span.start + c.path[0].len()),
                            message: format!(
                                "`{}` facts have no field `{}`; their fields are {}",
                                pattern.kind,
                                c.path[0],
                                fields.join(", ")
                            ),
                        });
                    }
                }
            }
        }
        let mut vars: Vec<String> = Vec::new();
        for c in &pattern.constraints {
            if let ValuePattern::Var { name, span } = &c.value {
                if vars.contains(name) {
                    errors.push(LangError {
                        span: *span,
                        message: format!("`?{name}` is bound twice in one fact pattern"),
                    });
                }
                vars.push(name.clone());
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(FactQuery {
            kind: pattern.kind.clone(),
            constraints: pattern
                .constraints
                .iter()
                .map(|c| (c.path.clone(), c.value.clone()))
                .collect(),
            binding: pattern
                .binding
                .as_ref()
                .map_or_else(|| "fact".to_string(), |b| b.0.clone()),
            vars,
        })
    }

    /// The fact kind the query matches.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The names of the query's variables.
    pub fn variables(&self) -> &[String] {
        &self.vars
    }

    /// The facts that match, in order.
    pub fn find_all<'f>(&self, facts: &'f [Value]) -> Vec<FactMatch<'f>> {
        facts
            .iter()
            .filter(|f| f["kind"].as_str() == Some(self.kind.as_str()))
            .filter_map(|fact| {
                let mut vars = Vec::new();
                for (path, want) in &self.constraints {
                    let got = lookup(fact, path);
                    let ok = match want {
                        ValuePattern::Var { .. } => {
                            vars.push(got.unwrap_or(&Value::Null));
                            true
                        }
                        ValuePattern::None => got.is_none_or(Value::is_null),
                        ValuePattern::Any => got.is_some_and(|v| !v.is_null()),
                        ValuePattern::Str(s) => got.and_then(Value::as_str) == Some(s.as_str()),
                        ValuePattern::Num(n) => got.and_then(Value::as_f64) == Some(*n),
                        ValuePattern::Bool(b) => got.and_then(Value::as_bool) == Some(*b),
                    };
                    if !ok {
                        return None;
                    }
                }
                Some(FactMatch { fact, vars })
            })
            .collect()
    }
}

/// The value at `path` inside `v`.
pub fn lookup<'v>(v: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, key| v.get(key))
}

/// The span of a fact or of an object inside one (`{"span": {"start", "end"}}`).
pub fn span_of(v: &Value) -> Option<Span> {
    let span = v.get("span")?;
    Some(Span::new(
        span.get("start")?.as_u64()? as usize,
        span.get("end")?.as_u64()? as usize,
    ))
}

/// A value as words for a message: a string as it is, a whole number without decimals, an
/// object by its `text` (or the words of its `span`), a date interval as its days.
pub fn display(v: &Value, source: &str) -> String {
    match v {
        Value::Null => "none".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            _ => n.to_string(),
        },
        Value::Array(items) => items.iter().map(|i| display(i, source)).collect::<Vec<_>>().join(", "),
        Value::Object(map) => {
            if let Some(text) = map.get("text").and_then(Value::as_str) {
                return text.to_string();
            }
            if let Some(span) = span_of(v) {
                return source.get(span.start..span.end).unwrap_or("").to_string();
            }
            match (
                map.get("start").and_then(Value::as_str),
                map.get("end").and_then(Value::as_str),
            ) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a} to {b}"),
                _ => v.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parse_query;
    use serde_json::json;

    fn compile(src: &str) -> Result<FactQuery, Vec<LangError>> {
        FactQuery::compile(&parse_query(src).expect("parses"))
    }

    #[test]
    fn matches_kind_and_constraints_and_binds_variables() {
        let facts = vec![
            json!({"kind": "date", "text": "Wednesday", "value": null, "relative": true}),
            json!({"kind": "date", "text": "Jan. 3, 2020", "value": {"start": "2020-01-03", "end": "2020-01-03"}}),
            json!({"kind": "number", "text": "two sources", "unit": "sources"}),
        ];
        let q = compile("date(relative: true, value: none, text: ?t) as d").expect("valid");
        let found = q.find_all(&facts);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].vars[0], &json!("Wednesday"));
        assert_eq!(q.binding, "d");
        assert_eq!(compile("date(value: any)").expect("valid").find_all(&facts).len(), 1);
        assert_eq!(
            compile(r#"number(unit: "sources")"#)
                .expect("valid")
                .find_all(&facts)
                .len(),
            1
        );
    }

    #[test]
    fn unknown_kind_and_field_are_located() {
        let errors = compile("dates(x: 1)").expect_err("unknown kind");
        assert_eq!(errors[0].span, Span::new(0, 5));
        let errors = compile("date(weekday: 1, stated_weekday.mismatch: true)").expect_err("unknown field");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].span, Span::new(5, 12));
        assert!(errors[0].message.contains("no field `weekday`"));
    }

    #[test]
    fn display_values_for_messages() {
        assert_eq!(display(&json!(2.0), ""), "2");
        assert_eq!(
            display(&json!({"start": "2020-01-03", "end": "2020-01-03"}), ""),
            "2020-01-03"
        );
        assert_eq!(
            display(&json!({"span": {"start": 4, "end": 8}}), "The U.S. said"),
            "U.S."
        );
    }
}

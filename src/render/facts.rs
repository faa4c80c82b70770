//! The `factlint facts` document (`docs/facts.md`): JSON for tools, a table for people.

use crate::value::{Value, write_json_string, write_pretty_items};

use crate::article::Article;
use crate::schema;
use crate::source::SourceDb;

/// The facts of one article, ready to print.
#[derive(Debug)]
pub struct FactsDocument<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its facts as JSON objects, in text order.
    pub facts: Vec<Value>,
}

/// `{"version": 1, "documents": [{"path", "published", "facts"}], "entities": [...]}`,
/// pretty-printed.
pub fn facts_json(db: &SourceDb, docs: &[FactsDocument<'_>], entities: &[Value]) -> String {
    let mut writer = FactsJson::default();
    let mut out: String = docs.iter().map(|d| writer.document(db, d)).collect();
    out.push_str(&writer.finish(entities));
    out
}

/// The JSON document of [`facts_json`], written one article at a time, so that a run over
/// many stories can print each story's facts and drop them: the same text, in pieces.
#[derive(Debug, Default)]
pub struct FactsJson {
    documents: usize,
}

impl FactsJson {
    /// The text of one article's facts, with what comes before it.
    pub fn document(&mut self, db: &SourceDb, d: &FactsDocument<'_>) -> String {
        let mut text = String::new();
        self.write_document(db, d, &mut |piece| text.push_str(piece));
        text
    }

    /// [`FactsJson::document`], handed to `write` in pieces of about a megabyte: the facts
    /// of a long article are never held as one text.
    pub fn write_document(&mut self, db: &SourceDb, d: &FactsDocument<'_>, write: &mut dyn FnMut(&str)) {
        const PIECE: usize = 1 << 20;
        let mut out = String::from(if self.documents == 0 {
            "{\n  \"documents\": [\n"
        } else {
            ",\n"
        });
        self.documents += 1;
        // `{"facts", "path", "published"}`, pretty-printed in its place in the list, two
        // levels in.
        out.push_str("    {\n      \"facts\": ");
        write_pretty_items(&mut out, 3, '[', ']', d.facts.iter(), |out, fact, level| {
            fact.write_pretty(out, level);
            if out.len() >= PIECE {
                write(out);
                out.clear();
            }
        });
        out.push_str(",\n      \"path\": ");
        write_json_string(&mut out, db.get(d.article.file).name());
        out.push_str(",\n      \"published\": ");
        match d.article.meta.date {
            Some(date) => write_json_string(&mut out, &date.to_string()),
            None => out.push_str("null"),
        }
        out.push_str("\n    }");
        write(&out);
    }

    /// The end of the document: the entities of every story, and the version.
    pub fn finish(self, entities: &[Value]) -> String {
        let mut out = String::from(if self.documents == 0 {
            "{\n  \"documents\": [],\n"
        } else {
            "\n  ],\n"
        });
        out.push_str("  \"entities\": ");
        write_pretty_items(&mut out, 1, '[', ']', entities.iter(), |out, entity, level| {
            entity.write_pretty(out, level);
        });
        out.push_str(",\n  \"version\": 1\n}\n");
        out
    }
}

/// One block per article: position, kind, the words, and what was read from them; then the
/// entities.
pub fn facts_table(db: &SourceDb, docs: &[FactsDocument<'_>], entities: &[Value]) -> String {
    let mut out: String = docs.iter().map(|d| facts_table_document(db, d)).collect();
    out.push_str(&facts_table_entities(entities));
    out
}

/// The block of one article in [`facts_table`].
pub fn facts_table_document(db: &SourceDb, d: &FactsDocument<'_>) -> String {
    let mut out = String::new();
    let file = db.get(d.article.file);
    let published = d
        .article
        .meta
        .date
        .map_or("no publication date".to_string(), |date| format!("published {date}"));
    out.push_str(&format!("{} ({published})\n", file.name()));
    let rows: Vec<[String; 4]> = d
        .facts
        .iter()
        .map(|f| {
            let start = f["span"]["start"].as_u64().unwrap_or(0) as usize;
            let (line, column) = file.line_column(start);
            [
                format!("{line}:{column}"),
                f["kind"].as_str().unwrap_or("?").to_string(),
                shorten(f["text"].as_str().unwrap_or(""), 60),
                detail(f),
            ]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1, w2) = (width(0), width(1), width(2));
    for r in &rows {
        let line = format!("  {:<w0$}  {:<w1$}  {:<w2$}  {}", r[0], r[1], r[2], r[3]);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if rows.is_empty() {
        out.push_str("  (no facts)\n");
    }
    out.push('\n');
    out
}

/// The entities at the end of [`facts_table`].
pub fn facts_table_entities(entities: &[Value]) -> String {
    let mut out = String::new();
    if !entities.is_empty() {
        out.push_str("entities\n");
        for e in entities {
            let list = |key: &str| {
                e[key]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" / "))
                    .unwrap_or_default()
            };
            let mut line = format!(
                "  #{:<4} {:<13} {}",
                e["id"].as_u64().unwrap_or(0),
                e["type"].as_str().unwrap_or(""),
                e["name"].as_str().unwrap_or("")
            );
            let spellings = list("spellings");
            if spellings.contains(" / ") {
                line.push_str(&format!("  (spellings: {spellings})"));
            }
            let roles = list("roles");
            if !roles.is_empty() {
                line.push_str(&format!("  (roles: {roles})"));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

fn shorten(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max - 1).collect();
    format!("{cut}…")
}

/// What was read from the words, in a few words.
fn detail(f: &Value) -> String {
    let text_of = |v: &Value| v["text"].as_str().map(str::to_string);
    let mut parts = Vec::new();
    match f["kind"].as_str().unwrap_or("") {
        "number" => {
            let n = |v: &Value| v.as_f64().map(|x| format!("{x}"));
            let (min, max) = (n(&f["value"]["min"]), n(&f["value"]["max"]));
            parts.push(match (min, max) {
                (Some(a), Some(b)) if a == b => a,
                (a, b) => format!("{}..{}", a.unwrap_or_default(), b.unwrap_or_default()),
            });
            if let Some(u) = f["unit"].as_str() {
                parts.push(u.to_string());
            }
            if f["approximate"].as_bool() == Some(true) {
                parts.push("(approximate)".into());
            }
        }
        "mention" => {
            parts.push(format!(
                "#{} {}",
                f["entity"].as_u64().unwrap_or(0),
                f["type"].as_str().unwrap_or("")
            ));
        }
        "event" => {
            parts.push(f["event"].as_str().unwrap_or("").to_string());
            // The fields its rule emits: those every event has are not what was read.
            let every = schema::kind("event");
            for (key, value) in f.as_object().into_iter().flatten() {
                if every.is_some_and(|k| k.field(key).is_none()) {
                    parts.push(format!(
                        "{key}: {}",
                        text_of(value).unwrap_or_else(|| value.to_string())
                    ));
                }
            }
        }
        "quote" => {
            parts.push(format!(
                "speaker: {}",
                text_of(&f["speaker"]).unwrap_or_else(|| "none".into())
            ));
            if f["continued"].as_bool() == Some(true) {
                parts.push("(continued)".into());
            }
            if f["partial"].as_bool() == Some(true) {
                parts.push("(partial)".into());
            }
        }
        "attribution" => parts.push(format!("source: {}", text_of(&f["source"]).unwrap_or_default())),
        "refusal" => {
            parts.push(f["refusal_kind"].as_str().unwrap_or("").to_string());
            parts.push(format!(
                "subject: {}",
                text_of(&f["subject"]).unwrap_or_else(|| "none".into())
            ));
        }
        "anonymous-source" => {
            if let Some(c) = f["count"].as_u64() {
                parts.push(format!("count {c}"));
            }
            parts.push(format!(
                "reason: {}",
                text_of(&f["reason"]).unwrap_or_else(|| "none".into())
            ));
        }
        _ => {
            if let Some(v) = f["timex"]["value"].as_str() {
                parts.push(format!("{} {v}", f["timex"]["type"].as_str().unwrap_or("")));
            }
            if let Some(r) = f["reason"].as_str() {
                parts.push(format!("unresolved: {r}"));
            }
        }
    }
    parts.join(", ")
}

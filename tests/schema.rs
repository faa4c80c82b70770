//! The fact schema against what uses it: `docs/facts.md` documents exactly its kinds and
//! fields, and the facts `factlint facts` prints for the examples — the seed story, the draft
//! with its wire references, and every example of the built-in rules — have only the fields
//! it lists, with its types.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use factlint::article::{self, Role};
use factlint::engine::{self, Story};
use factlint::extract::entity::AliasTable;
use factlint::rules;
use factlint::schema::{self, Field, Type};
use factlint::source::SourceDb;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What a section of `docs/facts.md` documents.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    /// The fields of these kinds.
    Kinds(Vec<String>),
    /// Fields every fact has.
    Base,
    /// Fields every fact has in a story.
    Story,
    /// The fields the built-in extraction rules emit.
    BuiltinEvents,
    /// The fields of an entity.
    Entity,
    /// Prose only.
    Other(String),
}

/// The words written between backticks in `text`.
fn backticked(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// Each table row of `docs/facts.md` that names fields: its section, the field names of its
/// first cell, and the whole row.
fn documented() -> Vec<(Section, String, String)> {
    let text = std::fs::read_to_string(root().join("docs/facts.md")).expect("docs/facts.md");
    let mut section = Section::Other("the title".into());
    let mut rows = Vec::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ").or_else(|| line.strip_prefix("### ")) {
            let kinds = backticked(heading);
            section = match heading {
                "Every fact" => Section::Base,
                "Every fact in a story" => Section::Story,
                "Fields of the built-in events" => Section::BuiltinEvents,
                "Entities" => Section::Entity,
                _ if !kinds.is_empty() => Section::Kinds(kinds),
                other => Section::Other(other.to_string()),
            };
            continue;
        }
        let Some(row) = line.strip_prefix("| ") else { continue };
        let first = row.split(" | ").next().unwrap_or("");
        for name in backticked(first) {
            rows.push((section.clone(), name, line.to_string()));
        }
    }
    rows
}

fn names(fields: &[Field]) -> BTreeSet<String> {
    fields.iter().map(|f| f.name.to_string()).collect()
}

/// The fields of an object a field holds, which its row must name: `{"start", "end"}`.
fn subfields(ty: &Type) -> Vec<&'static str> {
    match ty {
        Type::Object(fields) => fields.iter().map(|f| f.name).collect(),
        Type::List(item) => subfields(item),
        _ => Vec::new(),
    }
}

#[test]
fn the_facts_document_lists_exactly_the_kinds_and_fields_of_the_schema() {
    let rows = documented();
    let mut by_section: BTreeMap<Section, BTreeSet<String>> = BTreeMap::new();
    for (section, name, _) in &rows {
        by_section.entry(section.clone()).or_default().insert(name.clone());
    }
    let mut problems = Vec::new();
    for (section, fields) in &by_section {
        if let Section::Other(heading) = section {
            problems.push(format!(
                "the section `{heading}` documents fields {fields:?} of no kind"
            ));
        }
    }
    let mut kinds_documented = BTreeSet::new();
    let expect = |section: Section, schema: BTreeSet<String>, problems: &mut Vec<String>| {
        let documented = by_section.get(&section).cloned().unwrap_or_default();
        for missing in schema.difference(&documented) {
            problems.push(format!(
                "{section:?}: `{missing}` is in the schema, not in docs/facts.md"
            ));
        }
        for extra in documented.difference(&schema) {
            problems.push(format!("{section:?}: `{extra}` is in docs/facts.md, not in the schema"));
        }
    };
    for section in by_section.keys().cloned().collect::<Vec<_>>() {
        if let Section::Kinds(kinds) = &section {
            let mut fields = BTreeSet::new();
            for k in kinds {
                match schema::kind(k) {
                    Some(kind) => {
                        kinds_documented.insert(k.clone());
                        fields.extend(names(kind.fields));
                        fields.extend(names(kind.story_fields));
                    }
                    None => problems.push(format!("docs/facts.md documents `{k}`, which is no kind of fact")),
                }
            }
            expect(section.clone(), fields, &mut problems);
        }
    }
    expect(Section::Base, names(schema::BASE_FIELDS), &mut problems);
    let story: Vec<Field> = schema::POSITION_FIELDS
        .iter()
        .chain(schema::ARTICLE_FIELDS)
        .copied()
        .collect();
    expect(Section::Story, names(&story), &mut problems);
    expect(Section::Entity, names(schema::ENTITY_FIELDS), &mut problems);
    let builtin = rules::builtin_events().field_names(None);
    expect(
        Section::BuiltinEvents,
        builtin.iter().map(|s| s.to_string()).collect(),
        &mut problems,
    );
    // A kind with no field of its own still has its section.
    let text = std::fs::read_to_string(root().join("docs/facts.md")).expect("docs/facts.md");
    for line in text.lines().filter(|l| l.starts_with("## ") || l.starts_with("### ")) {
        for k in backticked(line) {
            if schema::kind(&k).is_some() {
                kinds_documented.insert(k);
            } else {
                problems.push(format!("the heading `{line}` names `{k}`, which is no kind of fact"));
            }
        }
    }
    for kind in schema::KINDS {
        if !kinds_documented.contains(kind.name) {
            problems.push(format!("the kind `{}` has no section in docs/facts.md", kind.name));
        }
    }
    // The row of a field holding an object names the fields of the object.
    for (section, name, row) in &rows {
        let field = match section {
            Section::Kinds(kinds) => kinds.iter().filter_map(|k| schema::kind(k)).find_map(|k| k.field(name)),
            Section::Entity => schema::ENTITY_FIELDS.iter().find(|f| f.name == name),
            _ => None,
        };
        for sub in field.map(|f| subfields(&f.ty)).unwrap_or_default() {
            if !row.contains(&format!("\"{sub}\"")) && !row.contains(&format!("`{sub}`")) {
                problems.push(format!("the row of `{name}` does not name its field `{sub}`"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Checks every fact and entity of a `factlint facts` document against the schema; gives
/// the number of facts checked.
fn check_document(doc: &Value, events: &schema::Events) -> usize {
    let mut problems = Vec::new();
    let mut count = 0;
    for d in doc["documents"].as_array().expect("documents") {
        for fact in d["facts"].as_array().expect("facts") {
            count += 1;
            if let Err(e) = schema::check_fact(&factlint::value::Value::from(fact), events) {
                problems.push(format!("{}: {e}\n  {fact}", d["path"]));
            }
            // What every fact in a story has.
            for f in schema::BASE_FIELDS.iter().chain(schema::ARTICLE_FIELDS) {
                if fact.get(f.name).is_none() {
                    problems.push(format!("{}: a fact without `{}`: {fact}", d["path"], f.name));
                }
            }
        }
    }
    for entity in doc["entities"].as_array().expect("entities") {
        if let Err(e) = schema::check_entity(&factlint::value::Value::from(entity)) {
            problems.push(format!("{e}: {entity}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    count
}

fn facts_json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_factlint"))
        .current_dir(root())
        .arg("facts")
        .args(args)
        .args(["--format", "json"])
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("factlint runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn the_facts_printed_for_the_seed_story_follow_the_schema() {
    let doc = facts_json(&["examples/baghdad"]);
    let checked = check_document(&doc, rules::builtin_events());
    assert!(checked > 100, "{checked} facts");
    let kinds: BTreeSet<&str> = doc["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .flat_map(|d| d["facts"].as_array().expect("facts"))
        .filter_map(|f| f["kind"].as_str())
        .collect();
    for kind in ["date", "number", "quote", "attribution", "refusal", "mention", "event"] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
}

#[test]
fn the_facts_printed_for_the_draft_and_its_wires_follow_the_schema() {
    let doc = facts_json(&["examples/draft"]);
    assert_eq!(doc["documents"].as_array().expect("documents").len(), 3);
    check_document(&doc, rules::builtin_events());
}

/// The draft with its wires as references, as `check --against` reads them: the same facts,
/// now with `role` "reference" and `references` 2.
#[test]
fn the_draft_checked_against_its_wires_has_facts_that_follow_the_schema() {
    let mut db = SourceDb::new();
    let mut story = Story::default();
    for (path, role) in [
        ("examples/draft/draft.md", Role::Draft),
        ("examples/draft/wires/wire-a.txt", Role::Reference),
        ("examples/draft/wires/wire-b.txt", Role::Reference),
    ] {
        let bytes = std::fs::read(root().join(path)).expect("example file");
        let file = article::add_text(&mut db, path, bytes).expect("text");
        story
            .articles
            .push(article::parse(&db, file, "article", role).expect("an article"));
    }
    let (loaded, problems) = rules::load_builtin(&mut db);
    assert!(problems.is_empty(), "{problems:?}");
    let rules: Vec<&rules::Rule> = loaded.iter().collect();
    let (docs, entities) = engine::story_facts(&db, &story, &rules, &[AliasTable::builtin()]);
    let doc = serde_json::json!({
        "documents": docs.iter().map(|facts| serde_json::json!({"path": "", "facts": facts})).collect::<Vec<_>>(),
        "entities": entities.iter().map(|e| e.to_json()).collect::<Vec<_>>(),
    });
    check_document(&doc, rules::builtin_events());
    let roles: BTreeSet<(&str, u64)> = docs
        .iter()
        .flatten()
        .map(|f| {
            (
                f["role"].as_str().expect("role"),
                f["references"].as_u64().expect("references"),
            )
        })
        .collect();
    assert_eq!(roles, BTreeSet::from([("draft", 2), ("reference", 2)]));
    assert!(
        docs.iter()
            .flatten()
            .any(|f| f["kind"] == "event" && f["event"] == "capsized"),
        "the ferry's capsizing is an event of `events/once`"
    );
}

/// Every article of every example of the built-in rules: many short news texts, each with
/// its own odd case.
#[test]
fn the_facts_of_every_rule_example_follow_the_schema() {
    let mut db = SourceDb::new();
    let (loaded, problems) = rules::load_builtin(&mut db);
    assert!(problems.is_empty(), "{problems:?}");
    let rules: Vec<&rules::Rule> = loaded.iter().collect();
    let mut checked = 0;
    for rule in &loaded {
        for example in &rule.examples {
            let mut story = Story::default();
            for a in &example.articles {
                let file = db.add(format!("{} example", rule.id), a.text.clone());
                let mut article = article::parse(&db, file, &a.source, a.role).expect("an example is an article");
                article.meta.date = article.meta.date.or(a.date);
                story.articles.push(article);
            }
            let (docs, entities) = engine::story_facts(&db, &story, &rules, &[AliasTable::builtin()]);
            let doc = serde_json::json!({
                "documents": docs.iter().map(|facts| serde_json::json!({"path": rule.id, "facts": facts})).collect::<Vec<_>>(),
                "entities": entities.iter().map(|e| e.to_json()).collect::<Vec<_>>(),
            });
            checked += check_document(&doc, rules::builtin_events());
        }
    }
    assert!(checked > 500, "{checked} facts");
}

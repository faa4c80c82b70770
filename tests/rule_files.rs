//! Mistakes in rule files: every mistake of a file is reported at once, each at its place,
//! and a mistake that makes another impossible to check is reported alone. Kinds of events
//! and their fields are checked against the loaded extraction rules, whatever the order in
//! which the rules were loaded.

use factlint::diagnostic::Problem;
use factlint::rules::{self, Rule, RuleSet};
use factlint::source::SourceDb;

/// The problems of one rule file `desk/<name>.toml`, each as (line, column, message, notes).
fn problems_of(name: &str, text: &str) -> Vec<(usize, usize, String, Vec<String>)> {
    let mut db = SourceDb::new();
    match rules::load_text(&mut db, &format!("desk/{name}.toml"), text) {
        Ok(rule) => panic!("`{}` compiled, but it has mistakes", rule.id),
        Err(problems) => located(&db, &problems),
    }
}

fn located(db: &SourceDb, problems: &[Problem]) -> Vec<(usize, usize, String, Vec<String>)> {
    problems
        .iter()
        .map(|p| {
            let label = p.label.as_ref().expect("a located problem");
            let (line, column) = db.get(label.file).line_column(label.span.start);
            (line, column, p.message.clone(), p.notes.clone())
        })
        .collect()
}

#[test]
fn three_independent_mistakes_are_three_located_errors() {
    let found = problems_of(
        "undated-casualty",
        r#"id = "undated-casualty"
severity = "warn"
sumary = "A casualty figure in a story with no date"
when = 'number(state: "dead") as n, not date(doc: ?d'
message = "`{n.text}`: when?"

[[example]]
text = "Twelve people were killed in the strike, the ministry said."
flagged = ["Twelve people"]
"#,
    );
    let brief: Vec<(usize, usize)> = found.iter().map(|(l, c, _, _)| (*l, *c)).collect();
    assert_eq!(brief, [(2, 12), (3, 1), (4, 53)], "{found:#?}");
    assert!(found[0].2.contains("unknown severity `warn`"), "{found:#?}");
    assert!(found[1].2.contains("unknown field `sumary`"), "{found:#?}");
    assert_eq!(found[1].3, ["did you mean `summary`?"], "no `summary` missing as well");
    assert!(found[2].2.starts_with("invalid query: unexpected"), "{found:#?}");
}

#[test]
fn an_unknown_fact_field_is_located_with_the_field_meant() {
    let found = problems_of(
        "relative-date",
        r#"id = "relative-date"
severity = "banana"
summary = "A relative date in a dated story"
when = 'date(relatve: true, published: any) as d'
message = "`{d.text}` is relative"

[[example]]
text = "The minister resigned on Tuesday."
date = "2024-03-13"
flaged = ["Tuesday"]
"#,
    );
    let brief: Vec<(usize, usize)> = found.iter().map(|(l, c, _, _)| (*l, *c)).collect();
    assert_eq!(brief, [(2, 12), (4, 14), (10, 1)], "{found:#?}");
    assert!(
        found[1]
            .2
            .starts_with("invalid query: `date` facts have no field `relatve` (did you mean `relative`?)"),
        "{found:#?}"
    );
    assert_eq!(found[2].3, ["did you mean `flagged`?"], "and no `flagged` missing");
}

#[test]
fn a_mistake_that_hides_others_is_reported_alone() {
    // The query does not parse: its bindings are unknown, so the templates, `primary` and
    // `labels` that name them cannot be checked, and are not reported.
    let found = problems_of(
        "weekday",
        r#"id = "weekday"
severity = "error"
summary = "A weekday that is not the date's"
when = 'date(stated_weekday.mismatch: true as d'
primary = "d.stated_weekdy"
message = "{d.text} fell on a {d.stated_weekday.actul}"
labels.e = "{e.text}"
[fix]
at = "?w"
replacement = "{d.stated_weekday.actual}"

[[example]]
text = "The embassy closed on Wednesday, Dec. 3, 2020."
flagged = ["Wednesday, Dec. 3, 2020"]
"#,
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].2.starts_with("invalid query: unexpected `a`"), "{found:#?}");
    // `at` is for token rules whatever the query says: that mistake stands on its own.
    assert!(found[1].2.contains("`at` is for token rules"), "{found:#?}");

    // A key of the wrong type is present, not missing: no "neither `patterns` nor `when`".
    let found = problems_of(
        "typed",
        r#"id = "typed"
severity = "info"
summary = "x"
when = 3
message = "{d.text}"

[[example]]
text = "Officials said 3 people were hurt."
flagged = []
"#,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0, found[0].1), (4, 8));
    assert!(
        found[0].2.contains("`when` must be a string, not an integer"),
        "{found:#?}"
    );
}

#[test]
fn a_field_of_a_fact_rule_is_checked_inside_templates_and_labels() {
    let found = problems_of(
        "outlet-credit",
        r#"id = "outlet-credit"
severity = "info"
summary = "Attributions, by outlet"
when = 'attribution(source.entity: any) as a'
primary = "a.source_of"
message = "{a.source.txt} in {a.outlet}"

[[example]]
text = "The strike was first reported by the Washington Post."
flagged = ["the Washington Post"]
"#,
    );
    let messages: Vec<&str> = found.iter().map(|(_, _, m, _)| m.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].contains(
            "`attribution` facts have no field `source_of` (an attribution's source is `source`; the article's outlet is `outlet`)"
        ),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("`source` in `attribution` facts has no field `txt` (did you mean `text`?)"),
        "{messages:#?}"
    );
    assert_eq!((found[1].0, found[1].1), (6, 12), "at the hole");
}

const EVACUATION: &str = r#"id = "evacuation"
summary = "Finds evacuations"
emit = 'event(event: "evacuation", place: ?p, date: ?d)'
patterns = ['evacuated ~6 from ?p:place ~4 ?d:date']

[[example]]
text = "Embassy staff were evacuated from Kabul on Aug. 15, officials said."
date = "2021-08-20"
flagged = ["evacuated from Kabul on Aug. 15"]
"#;

/// A fact rule over evacuations; `kind` and `field` are what it names.
fn evacuation_dates(kind: &str, field: &str) -> String {
    format!(
        r#"id = "evacuation-dates"
severity = "warning"
summary = "Sources date one evacuation differently"
when = '''
  event(event: "{kind}", {field}: ?p, date: ?d1) as a,
  event(event: "{kind}", {field}: ?p, date: ?d2) as b,
  a.doc != b.doc and conflicts(?d1, ?d2)
'''
message = "{{a.outlet}} and {{b.outlet}} date the evacuation from {{?p}} differently"

[[example]]
flagged = []
[[example.article]]
text = "Embassy staff were evacuated from Kabul on Aug. 15, officials said."
"#
    )
}

/// The problems of a pack of rule files loaded one by one into a set, in this order.
fn load_pack(files: &[(&str, &str)]) -> Vec<(usize, usize, String, Vec<String>)> {
    let mut db = SourceDb::new();
    let mut set = RuleSet::default();
    let mut problems = Vec::new();
    for (name, text) in files {
        let rule: Rule = rules::load_text(&mut db, &format!("desk/{name}.toml"), text).expect("compiles alone");
        set.extend(vec![rule], &db, &mut problems);
    }
    problems.extend(set.check_events(&db));
    located(&db, &problems)
}

#[test]
fn events_are_checked_against_every_loaded_extraction_rule_in_any_order() {
    let query = evacuation_dates("evacuation", "place");
    // The query may come before the extraction rule that makes its events, or after it.
    assert_eq!(
        load_pack(&[("evacuation-dates", &query), ("evacuation", EVACUATION)]),
        []
    );
    assert_eq!(
        load_pack(&[("evacuation", EVACUATION), ("evacuation-dates", &query)]),
        []
    );
    // Built-in events are known without loading their pack.
    assert_eq!(
        load_pack(&[("evacuation-dates", &evacuation_dates("death", "subject"))]),
        []
    );

    let typo = evacuation_dates("evacuaton", "place");
    let found = load_pack(&[("evacuation-dates", &typo), ("evacuation", EVACUATION)]);
    // Twice, once per pattern; its fields are not checked against a kind nobody makes.
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!((found[0].0, found[0].1), (5, 16));
    assert!(
        found[0].2.contains("no extraction rule makes `evacuaton` events"),
        "{found:#?}"
    );
    assert_eq!(found[0].3[0], "did you mean `evacuation`?");

    let field = evacuation_dates("evacuation", "subject");
    let found = load_pack(&[("evacuation", EVACUATION), ("evacuation-dates", &field)]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!((found[0].0, found[0].1), (5, 30));
    assert!(
        found[0].2.contains("`evacuation` events have no field `subject`"),
        "{found:#?}"
    );
}

#[test]
fn a_misspelt_field_of_a_captured_fact_is_located() {
    let rule = r#"id = "death-dates"
severity = "warning"
summary = "Sources date one death differently"
when = '''
  event(event: "death", subject.entiy: ?p, date: ?d1) as a,
  event(event: "death", subject.entiy: ?p, date: ?d2) as b,
  a.doc != b.doc and conflicts(?d1, ?d2)
'''
message = "{a.outlet} and {b.outlet} date this death differently"

[[example]]
flagged = []
[[example.article]]
text = "Qassem Soleimani was killed by an American drone strike January 3."
"#;
    let found = load_pack(&[("death-dates", rule)]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!((found[0].0, found[0].1), (5, 33));
    assert!(
        found[0]
            .2
            .contains("`subject` in `death` events has no field `entiy` (did you mean `entity`?)"),
        "{found:#?}"
    );
}

#[test]
fn an_event_pattern_that_names_its_kind_as_kind_is_an_error() {
    let found = problems_of(
        "old-style",
        r#"id = "old-style"
severity = "info"
summary = "Deaths"
when = 'event(kind: "death") as e'
message = "{e.text}"

[[example]]
text = "Qassem Soleimani was killed by an American drone strike January 3."
flagged = []
"#,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].0, found[0].1), (4, 21));
    assert!(found[0].2.contains("`event(event: \"death\")`"), "{found:#?}");
}

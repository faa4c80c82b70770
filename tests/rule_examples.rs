//! Every built-in rule's own examples hold, and every built-in rule has examples.

use factlint::rules;
use factlint::source::SourceDb;
use factlint::testing;

#[test]
fn builtin_rules_load_without_problems() {
    let mut db = SourceDb::new();
    let (loaded, problems) = rules::load_builtin(&mut db);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(loaded.len() >= 4, "the hygiene pack alone has four rules");
}

#[test]
fn builtin_rules_examples_hold() {
    let mut db = SourceDb::new();
    let (loaded, _) = rules::load_builtin(&mut db);
    assert!(
        testing::rules_without_examples(&loaded, &db).is_empty(),
        "every rule needs examples"
    );
    let failures: Vec<String> = loaded
        .iter()
        .flat_map(testing::run_examples)
        .map(|f| format!("{} example {}:\n{}", f.rule, f.number, f.message))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

//! Every built-in rule's own examples, each rule as a named test (`cargo test --test
//! rule_examples -- dates/weekday-mismatch`), plus a test that every rule has examples.

use factlint::rules;
use factlint::source::SourceDb;
use factlint::testing;
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let mut db = SourceDb::new();
    let (loaded, mut problems) = rules::load_builtin(&mut db);
    // The kinds of events and the fields the fact rules name, against the extraction rules.
    let mut set = rules::RuleSet::default();
    set.extend(loaded, &db, &mut problems);
    problems.extend(set.check_events(&db));
    let loaded = set.rules;
    let mut trials = vec![Trial::test("builtin rules load without problems", move || {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Failed::from(format!("{problems:#?}")))
        }
    })];
    let missing: Vec<String> = testing::rules_without_examples(&loaded, &db)
        .into_iter()
        .map(|p| p.message)
        .collect();
    trials.push(Trial::test("every builtin rule has examples", move || {
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Failed::from(missing.join("\n")))
        }
    }));
    let loaded = std::sync::Arc::new(loaded);
    for i in 0..loaded.len() {
        let all = std::sync::Arc::clone(&loaded);
        let name = all[i].id.clone();
        trials.push(Trial::test(name, move || {
            let extraction: Vec<&rules::Rule> = all.iter().filter(|r| r.is_extraction()).collect();
            let failures = testing::run_examples(&all[i], &extraction);
            if failures.is_empty() {
                Ok(())
            } else {
                let text: Vec<String> = failures
                    .iter()
                    .map(|f| format!("example {}:\n{}", f.number, f.message))
                    .collect();
                Err(Failed::from(text.join("\n\n")))
            }
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}

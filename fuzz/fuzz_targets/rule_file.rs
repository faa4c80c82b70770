//! Rule files: TOML read as written, then every expression parsed by the pest grammar and
//! compiled to token matchers or fact queries. A rule that compiles runs its own examples,
//! so the fuzzer writes both the rule and the articles it is matched over. Every problem
//! must point inside the file.

#![no_main]

use factlint::pipeline::{self, Overlay};
use factlint::source::SourceDb;
use factlint::{render, rules, testing};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut db = SourceDb::new();
    match rules::load_text(&mut db, "house/fuzzed-rule.toml", text) {
        Ok(rule) => {
            let mut problems = Vec::new();
            let mut set = pipeline::load_rules(&mut db, &Overlay::new(), false, &[], &mut problems);
            set.extend(vec![rule], &db, &mut problems);
            problems.extend(set.check_events(&db));
            common::check_diagnostics(&db, &[], &problems);
            if problems.is_empty() {
                let extraction: Vec<&rules::Rule> = set.rules.iter().filter(|r| r.is_extraction()).collect();
                for rule in &set.rules {
                    let _ = testing::run_examples(rule, &extraction);
                }
            }
        }
        Err(problems) => {
            common::check_diagnostics(&db, &[], &problems);
            let _ = render::human_problems(&db, &problems, false);
        }
    }
});

//! The whole check with the built-in rules: a draft and, after a line `===`, a reference,
//! every rule run over them, configurations and suppression comments applied, and the
//! findings rendered in every format. Every label must be the file's bytes.

#![no_main]

use factlint::pipeline::{self, Input, Options};
use factlint::render;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (draft, reference) = match data.windows(5).position(|w| w == b"\n===\n") {
        Some(at) => (&data[..at + 1], Some(&data[at + 5..])),
        None => (data, None),
    };
    let options = Options {
        date: Some(common::date()),
        against: reference
            .map(|r| Input::Named { name: "desk/wires/wire.md".into(), bytes: Ok(r.to_vec()) })
            .into_iter()
            .collect(),
        ..Options::default()
    };
    let input = Input::Named {
        name: "desk/draft.md".into(),
        bytes: Ok(draft.to_vec()),
    };
    let outcome = pipeline::check(&[input], &options);
    assert!(outcome.problems.is_empty(), "the built-in rules load: {:?}", outcome.problems);
    let db = &outcome.db;
    common::check_diagnostics(db, &outcome.diagnostics, &outcome.unreadable);
    let d = &outcome.diagnostics;
    let p = &outcome.unreadable;
    let n = &outcome.notices;
    let _ = render::human(db, d, &outcome.summary, false);
    let _ = render::concise(db, d, &outcome.summary);
    let _ = render::json(db, d, &outcome.summary, p, n);
    let _ = render::jsonl(db, d, p, n);
    let _ = render::sarif(db, d, &outcome.rules, p, n, None);
    let _ = render::github(db, d, p, n);
    let _ = render::human_problems(db, p, false);
    let _ = render::human_notices(db, n, false);
});

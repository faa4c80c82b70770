//! `factlint.toml`: TOML syntax, keys, values, selectors, severities and globs, every
//! mistake located inside the file.

#![no_main]

use factlint::config;
use factlint::source::SourceDb;
use factlint::render;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut db = SourceDb::new();
    match config::parse(&mut db, "desk/factlint.toml", text) {
        Ok(config) => {
            let _ = config.unknown_rules(&["hygiene/glued-words", "dates/weekday-mismatch"]);
            let _ = config.enabled("hygiene/glued-words", std::path::Path::new("desk/story/a.md"));
        }
        Err(problems) => {
            common::check_diagnostics(&db, &[], &problems);
            let _ = render::human_problems(&db, &problems, false);
        }
    }
});

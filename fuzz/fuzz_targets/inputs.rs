//! The readers of other input formats, through the pipeline with buffers: Markdown (prose
//! found by pulldown-cmark, code and markup blanked), IPTC ninjs items (JSON decoded with
//! the file offset of every byte) and JSON Lines on standard input. The first byte chooses
//! the reader; fact spans must be the bytes of their file, mapped back from decoded text.

#![no_main]

use factlint::pipeline::{self, Input, Options};
use factlint::render;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let bytes = Ok(rest.to_vec());
    let mut options = Options {
        builtin_rules: false,
        date: Some(common::date()),
        ..Options::default()
    };
    let input = match choice % 4 {
        0 => Input::Named { name: "desk/story.md".into(), bytes },
        1 => {
            options.ninjs = true;
            Input::Named { name: "desk/item.json".into(), bytes }
        }
        2 => Input::JsonLines(bytes),
        // A JSON file in a folder: read as ninjs only when it looks like an item.
        _ => Input::Named { name: "desk/item.json".into(), bytes },
    };
    let found = pipeline::facts(&[input], &options);
    assert!(found.problems.is_empty(), "no rule or configuration is loaded");
    let articles = found.stories.iter().flat_map(|s| &s.articles);
    for (article, facts) in articles.zip(&found.facts) {
        let text = found.db.get(article.file).text();
        facts.iter().for_each(|f| common::check_fact_spans(text, f));
    }
    common::check_diagnostics(&found.db, &[], &found.unreadable);
    let _ = render::human_problems(&found.db, &found.unreadable, false);
});

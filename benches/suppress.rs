//! Throughput of finding suppression comments and applying them, on news copy.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use factlint::diagnostic::{Diagnostic, Label, Severity};
use factlint::source::{FileId, SourceDb};
use factlint::span::Span;
use factlint::{config, suppress};

const PARAGRAPHS: &[&str] = &[
    "MARLOW — The Tamsin River crested at 6.1 metres late on Wednesday, the highest level since 1998, forcing about 2,300 residents from homes along the eastern bank, county officials said.\n\n",
    "<!-- factlint-disable-next-line hygiene/glued-words -- the group styles its name this way -->\nVolunteers from RiverWatch and the county fire service went door to door through the night.\n\n",
    "“We have never seen the water come up this fast,” said Deputy Fire Chief Alana Ruiz. <!-- editor: confirm title -->\n\n",
    "<!-- factlint-disable dates/relative-day-word -->\nForecasters expect the river to fall below flood stage by tomorrow.\n<!-- factlint-enable -->\n\n",
];

fn article(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 512);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(PARAGRAPHS[i % PARAGRAPHS.len()]);
        i += 1;
    }
    text
}

fn findings(text: &str) -> Vec<Diagnostic> {
    ["RiverWatch", "tomorrow", "Wednesday"]
        .iter()
        .zip([
            "hygiene/glued-words",
            "dates/relative-day-word",
            "dates/weekday-mismatch",
        ])
        .flat_map(|(words, rule)| {
            text.match_indices(words).map(move |(i, w)| Diagnostic {
                rule: rule.to_string(),
                severity: Severity::Warning,
                message: String::new(),
                primary: Label::new(FileId(0), Span::new(i, i + w.len()), ""),
                secondary: Vec::new(),
                notes: Vec::new(),
                help: None,
                fix: None,
            })
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let text = article(1 << 20);
    let mut group = c.benchmark_group("suppress");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse 1 MB", |b| {
        b.iter(|| suppress::parse(black_box(&text), FileId(0)))
    });
    let s = suppress::parse(&text, FileId(0));
    let diagnostics = findings(&text);
    group.bench_function("apply to 1 MB", |b| b.iter(|| s.apply(black_box(diagnostics.clone()))));
    group.finish();
    c.bench_function("config starter", |b| {
        b.iter(|| config::parse(&mut SourceDb::new(), "factlint.toml", black_box(config::STARTER)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

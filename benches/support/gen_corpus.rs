//! Writes a generated news corpus to a folder: one subfolder per story, one file per outlet.
//!
//! ```sh
//! cargo run --release --example corpus -- OUT [--stories N] [--sources M] [--seed S] [--markdown PERCENT]
//! ```
//!
//! `scripts/bench.sh` runs factlint over such a corpus and prints MB/s and peak memory.

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a command-line tool")]

#[path = "corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut opts = corpus::Options::default();
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let v = args.next().ok_or(format!("{name} needs a value"))?;
            v.parse().map_err(|_| format!("{name}: `{v}` is not a whole number"))
        };
        let parsed = match arg.as_str() {
            "--stories" => number("--stories").map(|n| opts.stories = n as usize),
            "--sources" => number("--sources").map(|n| opts.sources = n as usize),
            "--seed" => number("--seed").map(|n| opts.seed = n),
            "--markdown" => number("--markdown").map(|n| opts.markdown_percent = n.min(100)),
            "--slips" => number("--slips").map(|n| opts.slip_percent = n.min(100)),
            s if !s.starts_with('-') && out.is_none() => {
                out = Some(PathBuf::from(s));
                Ok(())
            }
            s => Err(format!("unexpected argument `{s}`")),
        };
        if let Err(e) = parsed {
            eprintln!("corpus: {e}");
            return ExitCode::from(2);
        }
    }
    let Some(out) = out else {
        eprintln!("usage: corpus OUT [--stories N] [--sources M] [--seed S] [--markdown PERCENT] [--slips PERCENT]");
        return ExitCode::from(2);
    };
    let mut bytes = 0;
    let articles = corpus::generate(&opts);
    for a in &articles {
        let path = out.join(&a.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &a.text));
        if let Err(e) = written {
            eprintln!("corpus: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        bytes += a.text.len();
    }
    println!(
        "{} articles in {} stories, {:.2} MB, in {}",
        articles.len(),
        opts.stories,
        bytes as f64 / 1e6,
        out.display()
    );
    ExitCode::SUCCESS
}

//! The language server, `factlint lsp`: findings while typing, over the whole story.
//!
//! A front end like `cli`: it speaks JSON-RPC over standard input and output, keeps the
//! editor's open documents, and checks them with the library pipeline
//! ([`crate::pipeline::check`]) with the open documents in the overlay, so that the editor
//! and `factlint check` never disagree. An article is checked with its story, as
//! `factlint check FOLDER` checks the folder it is in, with the references its
//! `factlint.toml` names; a `factlint.toml` or a rule file being edited is checked as the
//! command would load it. Checks run on a worker thread, debounced after each change, and a
//! check made stale by a later change is dropped; hover and code actions are answered at
//! once from the last check.
//!
//! - `transport`: the JSON-RPC stream, robust to malformed messages;
//! - `position`: byte offsets to and from the editor's UTF-16 positions;
//! - `unit`: what to check for an open document;
//! - `check`: running a check, with the cache kept between checks;
//! - `report`: a check's outcome as LSP diagnostics, hover texts and fixes;
//! - `server`: the main loop, documents, scheduling, requests.

#![allow(
    clippy::print_stderr,
    reason = "the server logs to standard error, never to standard output"
)]

mod check;
mod position;
mod report;
mod server;
mod transport;
mod unit;

pub use check::{Checked, Checker};
pub use position::LineIndex;
pub use report::{EXPLAIN_PREFIX, FileReport, Finding, FixReport, SOURCE};
pub use unit::Unit;

/// Runs the language server over standard input and output until the client says `exit`
/// or closes the stream; returns the exit status (0 after `shutdown`, 1 otherwise).
pub fn main() -> u8 {
    serve(std::io::BufReader::new(std::io::stdin()), std::io::stdout())
}

/// Runs the language server, reading the client's JSON-RPC messages from `input` and
/// writing its own to `output`, until the client says `exit` or `input` ends; returns the
/// exit status as [`main`] does. A malformed message is logged to standard error and
/// skipped.
pub fn serve<R, W>(input: R, output: W) -> u8
where
    R: std::io::BufRead + Send + 'static,
    W: std::io::Write + Send + 'static,
{
    let (connection, threads) = transport::streams(input, output);
    let status = server::serve(&connection);
    drop(connection);
    threads.join();
    status
}

/// Writes one line to standard error, where editors keep a server's log.
fn log(message: &str) {
    eprintln!("factlint lsp: {message}");
}

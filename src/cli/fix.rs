//! `check --fix` and `check --diff`: the fixes of a check applied round after round to the
//! texts of the drafts, then written to their files or shown as a diff.
//!
//! A round checks the texts, applies the fixes it may ([`crate::fix::apply`]) and puts the
//! new texts in the overlay, so that the next round checks them without anything being
//! written. A fix skipped because it overlaps another is found again by the next round if
//! its finding is still there, and applied then. The run stops at the first round that
//! applies nothing, or after [`MAX_ROUNDS`]: its check is the one reported.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use crate::diagnostic::{Fix, Problem, Safety};
use crate::fix::{self, Skip};
use crate::pipeline::input::STDIN_NAME;
use crate::pipeline::{self, Input, Options, Outcome};
use crate::source::{FileId, SourceDb};
use crate::span::Span;

/// How many rounds of fixes a run makes at most: fixes that keep making new findings for
/// one another are stopped there.
pub const MAX_ROUNDS: usize = 10;

/// How long the fixes may make a text: twice its length as read, and a few lines more. A
/// fix whose replacement holds the words it replaces would otherwise find them again in
/// every round, and multiply them round after round.
fn may_grow_to(read: usize) -> usize {
    read.saturating_mul(2).saturating_add(4096)
}

/// What a run of fixes did.
#[derive(Debug)]
pub struct Fixed {
    /// The check of the fixed texts: what remains.
    pub outcome: Outcome,
    /// The drafts whose text changed, by name, in name order.
    pub changed: Vec<Change>,
    /// Fixes of the remaining findings that could not be applied, with the reason.
    pub left: Vec<Left>,
    /// Unsafe fixes of the remaining findings, not applied without `--unsafe-fixes`.
    pub unsafe_left: usize,
    /// Drafts whose fixes are not applied because the file cannot be written.
    pub unwritable: Vec<Problem>,
}

/// A draft whose text the fixes changed.
#[derive(Debug)]
pub struct Change {
    /// The name of the draft: its path as given, or `<stdin>`.
    pub name: String,
    /// Its text as read.
    pub before: String,
    /// Its text once fixed.
    pub after: String,
    /// How many fixes were applied to it.
    pub fixes: usize,
}

/// A fix of a remaining finding that was not applied.
#[derive(Debug)]
pub struct Left {
    /// The file of the finding, in the final outcome's database.
    pub file: FileId,
    /// Where the finding is.
    pub span: Span,
    /// The rule that found it.
    pub rule: String,
    /// Why its fix was not applied.
    pub reason: String,
}

/// What may be fixed.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    /// Unsafe fixes too.
    pub unsafe_fixes: bool,
    /// The files will be written: read-only files and standard input are left alone.
    pub writing: bool,
    /// The articles come from JSON Lines: their texts are fields of JSON, never edited.
    pub json_lines: bool,
}

/// Checks `drafts` with `options` and applies the fixes round after round; nothing is
/// written.
pub fn run(drafts: &[Input], options: &Options, mode: Mode) -> Fixed {
    let mut inputs = drafts.to_vec();
    let mut options = options.clone();
    // Texts as read, and how many fixes each draft took, by name.
    let mut before: BTreeMap<String, String> = BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut current: BTreeMap<String, String> = BTreeMap::new();
    let mut unwritable: Option<Vec<Problem>> = None;
    // The drafts whose fixes would make them longer than they may grow.
    let mut grew: BTreeSet<String> = BTreeSet::new();
    let mut round = 0;
    let mut settled = true;
    let outcome = loop {
        let outcome = pipeline::check(&inputs, &options);
        if !outcome.problems.is_empty() {
            break outcome;
        }
        let refused = unwritable.get_or_insert_with(|| refused_files(&outcome, mode));
        if round == MAX_ROUNDS {
            settled = nothing_applies(&outcome, mode, refused);
            break outcome;
        }
        round += 1;
        let mut any = false;
        for (file, fixes) in fixable(&outcome, mode, refused) {
            let source = outcome.db.get(file);
            let fixes: Vec<&Fix> = fixes.into_iter().map(|(_, f)| f).collect();
            let done = fix::apply(source.text(), source.prose(), &fixes);
            if done.applied.is_empty() {
                continue;
            }
            let name = source.name().to_string();
            let read = before.get(&name).map_or(source.text().len(), String::len);
            if done.text.len() > may_grow_to(read) {
                grew.insert(name);
                continue;
            }
            any = true;
            before.entry(name.clone()).or_insert_with(|| source.text().to_string());
            *counts.entry(name.clone()).or_default() += done.applied.len();
            // Standard input is read again from the fixed text; files through the overlay.
            let mut read = false;
            for input in &mut inputs {
                match input {
                    Input::Stdin(Ok(bytes)) if name == STDIN_NAME => {
                        *bytes = done.text.clone().into_bytes();
                        read = true;
                    }
                    Input::Named {
                        name: n,
                        bytes: Ok(bytes),
                    } if *n == name => {
                        *bytes = done.text.clone().into_bytes();
                        read = true;
                    }
                    _ => {}
                }
            }
            if !read {
                options.overlay.insert(&name, done.text.clone());
            }
            current.insert(name, done.text);
        }
        if !any {
            break outcome;
        }
    };
    let refused = unwritable.as_deref().unwrap_or_default();
    let (left, unsafe_left) = left_over(&outcome, mode, refused, settled, &grew);
    let changed = current
        .into_iter()
        .filter_map(|(name, after)| {
            let before = before.remove(&name)?;
            let fixes = counts.get(&name).copied().unwrap_or(0);
            (before != after).then_some(Change {
                name,
                before,
                after,
                fixes,
            })
        })
        .collect();
    Fixed {
        outcome,
        changed,
        left,
        unsafe_left,
        unwritable: unwritable.unwrap_or_default(),
    }
}

/// Whether no fix of `outcome` would change anything.
fn nothing_applies(outcome: &Outcome, mode: Mode, refused: &[Problem]) -> bool {
    fixable(outcome, mode, refused).into_iter().all(|(file, fixes)| {
        let source = outcome.db.get(file);
        let fixes: Vec<&Fix> = fixes.into_iter().map(|(_, f)| f).collect();
        fix::apply(source.text(), source.prose(), &fixes).applied.is_empty()
    })
}

/// The fixes that may be applied, by file, with the index of their diagnostic: fixes of the
/// safety asked for, whose edits all lie in one draft that may be changed.
fn fixable<'o>(outcome: &'o Outcome, mode: Mode, refused: &[Problem]) -> BTreeMap<FileId, Vec<(usize, &'o Fix)>> {
    let drafts = draft_files(outcome);
    let mut by_file: BTreeMap<FileId, Vec<(usize, &Fix)>> = BTreeMap::new();
    for (i, d) in outcome.diagnostics.iter().enumerate() {
        let Some(fix) = &d.fix else { continue };
        if fix.safety == Safety::Unsafe && !mode.unsafe_fixes {
            continue;
        }
        let Some(file) = one_file(fix) else { continue };
        let source = outcome.db.get(file);
        let name = source.name();
        let editable = editable(name, mode) && !source.is_decoded();
        if !drafts.contains(&file) || refused.iter().any(|p| p.path == name) || !editable {
            continue;
        }
        by_file.entry(file).or_default().push((i, fix));
    }
    by_file
}

/// The file every edit of `fix` is in, when they are all in one.
fn one_file(fix: &Fix) -> Option<FileId> {
    let file = fix.edits.first()?.file;
    fix.edits.iter().all(|e| e.file == file).then_some(file)
}

/// The files of the drafts: references are never changed.
fn draft_files(outcome: &Outcome) -> Vec<FileId> {
    outcome
        .stories
        .iter()
        .flat_map(|s| &s.articles)
        .filter(|a| a.meta.role == crate::article::Role::Draft)
        .map(|a| a.file)
        .collect()
}

/// Whether the draft named `name` may be changed: no JSON (an edit of an article's text is
/// no edit of the JSON holding it).
fn editable(name: &str, mode: Mode) -> bool {
    if mode.json_lines {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    !(lower.ends_with(".json") || lower.ends_with(".jsonl"))
}

/// The drafts with a fix that cannot be written: read-only files, and files whose metadata
/// cannot be read. Empty when nothing is to be written.
fn refused_files(outcome: &Outcome, mode: Mode) -> Vec<Problem> {
    if !mode.writing {
        return Vec::new();
    }
    let drafts = draft_files(outcome);
    let mut names: Vec<&str> = outcome
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().and_then(one_file))
        .filter(|f| drafts.contains(f))
        .map(|f| outcome.db.get(f).name())
        .filter(|name| *name != STDIN_NAME)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| match std::fs::metadata(name) {
            Ok(m) if m.permissions().readonly() => Some(Problem::at_path(
                name,
                "the file is read-only: its fixes were not applied",
            )),
            Ok(_) => None,
            Err(e) => Some(Problem::at_path(
                name,
                format!("cannot write the fixes: {}", pipeline::input::io_message(&e)),
            )),
        })
        .collect()
}

/// The fixes of the remaining findings that were not applied, and how many unsafe ones were
/// left out.
fn left_over(
    outcome: &Outcome,
    mode: Mode,
    refused: &[Problem],
    settled: bool,
    grew: &BTreeSet<String>,
) -> (Vec<Left>, usize) {
    let unsafe_left = if mode.unsafe_fixes {
        0
    } else {
        let every = Mode {
            unsafe_fixes: true,
            ..mode
        };
        fixable(outcome, every, refused)
            .values()
            .flatten()
            .filter(|(_, f)| f.safety == Safety::Unsafe)
            .count()
    };
    let mut left = Vec::new();
    for (file, fixes) in fixable(outcome, mode, refused) {
        let source = outcome.db.get(file);
        let only: Vec<&Fix> = fixes.iter().map(|(_, f)| *f).collect();
        let done = fix::apply(source.text(), source.prose(), &only);
        let mut why: Vec<(usize, String)> = done
            .skipped
            .iter()
            .filter(|(_, skip)| *skip != Skip::Unchanged)
            .map(|&(k, skip)| (k, skip.reason().to_string()))
            .collect();
        if grew.contains(source.name()) {
            why.extend(done.applied.iter().map(|&k| {
                (
                    k,
                    "the fixes would make the text longer than twice its length and 4 KiB".to_string(),
                )
            }));
        } else if !settled {
            why.extend(
                done.applied
                    .iter()
                    .map(|&k| (k, format!("the fixes did not settle in {MAX_ROUNDS} rounds"))),
            );
        }
        for (k, reason) in why {
            let d = &outcome.diagnostics[fixes[k].0];
            left.push(Left {
                file,
                span: d.primary.span,
                rule: d.rule.clone(),
                reason,
            });
        }
    }
    left.sort_by_key(|l| (l.file, l.span.start, l.span.end));
    (left, unsafe_left)
}

/// A unified diff of every changed draft, as `diff -u` prints it.
pub fn unified_diff(changed: &[Change]) -> String {
    let mut out = String::new();
    for c in changed {
        let diff = similar::TextDiff::from_lines(&c.before, &c.after);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&c.name, &c.name)
                .to_string(),
        );
    }
    out
}

/// `path:line:column` of a place in the database.
pub fn place(db: &SourceDb, file: FileId, span: Span) -> String {
    let source = db.get(file);
    let (line, column) = source.line_column(span.start);
    format!("{}:{line}:{column}", source.name())
}

/// Writes each changed draft to its file; returns what could not be written.
pub fn write_all(changed: &[Change]) -> Vec<Problem> {
    changed
        .iter()
        .filter(|c| c.name != STDIN_NAME)
        .filter_map(|c| {
            super::write::replace(Path::new(&c.name), c.before.as_bytes(), &c.after)
                .err()
                .map(|message| Problem::at_path(&c.name, format!("the fixes were not written: {message}")))
        })
        .collect()
}

/// `check` with `--fix` or `--diff`: applies the fixes, writes the files or prints the diff,
/// and reports what remains.
pub(super) fn check(
    args: &super::CheckArgs,
    drafts: Vec<Input>,
    options: &Options,
    out: &mut dyn Write,
    err: &mut dyn Write,
    tty: super::Terminals,
) -> u8 {
    let color_err = super::use_color(args.color, tty.color_err);
    let writing = !args.diff;
    let from_stdin = |i: &Input| matches!(i, Input::Stdin(_) | Input::Named { .. } | Input::JsonLines(_));
    if writing && drafts.iter().any(from_stdin) {
        let _ = writeln!(
            err,
            "error: --fix writes files, and standard input is none; use --diff to see its fixes"
        );
        return super::TROUBLE;
    }
    let mode = Mode {
        unsafe_fixes: args.unsafe_fixes,
        writing,
        json_lines: drafts.iter().any(|i| matches!(i, Input::JsonLines(_))),
    };
    let fixed = run(&drafts, options, mode);
    let failing = fixed.outcome.fails(args.fail_on.map(Into::into));
    let Fixed {
        outcome,
        changed,
        left,
        unsafe_left,
        unwritable,
        ..
    } = fixed;
    let Outcome {
        db,
        rules,
        diagnostics,
        summary,
        notices,
        problems,
        unreadable,
        ..
    } = outcome;
    let shown = super::Shown {
        db: &db,
        diagnostics: &diagnostics,
        summary: &summary,
        rules: &rules,
        notices: &notices,
    };
    // Without sound rules and configuration nothing was checked, nor fixed.
    if !problems.is_empty() {
        let all: Vec<Problem> = problems.into_iter().chain(unreadable).collect();
        if !args.diff && !matches!(args.format, super::Format::Human | super::Format::Concise) {
            let text = super::render_check(args, &shown, &all, tty);
            let _ = out.write_all(text.as_bytes());
        }
        super::report_problems(&db, &all, err, color_err);
        return super::TROUBLE;
    }
    for l in &left {
        let _ = writeln!(
            err,
            "note: {}: the fix of {} was not applied: {}",
            place(&db, l.file, l.span),
            l.rule,
            l.reason
        );
    }
    let mut trouble: Vec<Problem> = unreadable;
    trouble.extend(unwritable);
    if args.diff {
        let _ = out.write_all(unified_diff(&changed).as_bytes());
        let _ = out.flush();
        let n: usize = changed.iter().map(|c| c.fixes).sum();
        let line = tally("would apply", n, changed.len(), &left, unsafe_left);
        let _ = writeln!(err, "factlint: {line}");
        super::report_notices(&db, &notices, err, color_err);
        if !trouble.is_empty() {
            super::report_problems(&db, &trouble, err, color_err);
            return super::TROUBLE;
        }
        return if changed.is_empty() {
            super::SUCCESS
        } else {
            super::FINDINGS
        };
    }
    let not_written = write_all(&changed);
    let written: Vec<&Change> = changed
        .iter()
        .filter(|c| !not_written.iter().any(|p| p.path == c.name))
        .collect();
    trouble.extend(not_written);
    let text = super::render_check(args, &shown, &trouble, tty);
    let _ = out.write_all(text.as_bytes());
    super::report_notices(&db, &notices, err, color_err);
    let n: usize = written.iter().map(|c| c.fixes).sum();
    let line = tally("applied", n, written.len(), &left, unsafe_left);
    // People read the tally under the summary; tools reading the output find it on stderr.
    if matches!(args.format, super::Format::Human | super::Format::Concise) && !args.statistics {
        if !args.quiet {
            let _ = writeln!(out, "{line}");
        }
    } else {
        let _ = writeln!(err, "factlint: {line}");
    }
    let _ = out.flush();
    if !trouble.is_empty() {
        super::report_problems(&db, &trouble, err, color_err);
        return super::TROUBLE;
    }
    if failing { super::FINDINGS } else { super::SUCCESS }
}

/// "6 fixes applied in 2 files; 1 skipped: overlaps another; 1 unsafe fix not applied: add
/// --unsafe-fixes".
fn tally(verb: &str, fixes: usize, files: usize, left: &[Left], unsafe_left: usize) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = if fixes == 0 && verb == "applied" {
        "no fix applied".to_string()
    } else if fixes == 0 {
        "no fix to apply".to_string()
    } else if verb == "applied" {
        format!(
            "{} applied in {}",
            plural(fixes, "fix", "fixes"),
            plural(files, "file", "files")
        )
    } else {
        format!(
            "{verb} {} to {}",
            plural(fixes, "fix", "fixes"),
            plural(files, "file", "files")
        )
    };
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for l in left {
        *reasons.entry(l.reason.as_str()).or_default() += 1;
    }
    for (reason, n) in reasons {
        line.push_str(&format!("; {n} skipped: {reason}"));
    }
    if unsafe_left > 0 {
        line.push_str(&format!(
            "; {} not applied: add --unsafe-fixes",
            plural(unsafe_left, "unsafe fix", "unsafe fixes")
        ));
    }
    line
}

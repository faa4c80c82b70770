//! The command line: arguments, the library pipeline, choosing the renderer, the exit
//! status.
//!
//! This is the only module that touches standard streams and the terminal; besides the
//! pipeline's reading, the only one that touches files (`factlint init` writes one, `check --fix`
//! rewrites articles).

mod fix;
mod write;

use std::ffi::OsString;
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use clap::{CommandFactory as _, Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Notice, Problem, Severity};
use crate::pipeline::{self, Input, Options, Overlay};
use crate::render;
use crate::rules;
use crate::source::SourceDb;

const EXAMPLES: &str = "\
Examples:
  factlint check examples/baghdad              every article in the folder is one story
  factlint check draft.md --against wires/     lint the draft; wires/ are references only
  factlint check a.txt b.txt --format json     human | concise | json | jsonl | sarif | github
  factlint check - --date 2020-12-03 < a.txt   read one article from standard input
  factlint facts article.txt --format json      what was extracted, as a table or JSON
  factlint rules                               list the rules;  factlint explain RULE
  factlint test house-rules/                   run the examples written in rule files
  factlint check story/ --fix                  apply the safe fixes; --diff shows them instead
  factlint check story/ --select hygiene       only these rules or packs; --ignore RULE,PACK
  factlint init                                write a commented starter factlint.toml
  factlint completions bash                    a completion script; factlint man: the manual
  factlint lsp                                 the language server, for editors";

/// A fact-consistency linter for news copy.
#[derive(Debug, Parser)]
#[command(name = "factlint", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check articles and print diagnostics.
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
    /// List the loaded rules.
    Rules(RulesArgs),
    /// Print the documentation of a rule.
    Explain(ExplainArgs),
    /// Print the facts extracted from articles.
    Facts(FactsArgs),
    /// Run the examples written in rule files (the built-in rules when no path is given).
    Test(TestArgs),
    /// Write a commented starter factlint.toml.
    Init(InitArgs),
    /// Print a shell completion script: `factlint completions bash > /etc/bash_completion.d/factlint`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `factlint man > factlint.1; man ./factlint.1`.
    Man,
    /// Run the language server over standard input and output (docs/editors.md).
    Lsp(LspArgs),
}

#[derive(Debug, clap::Args)]
struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
struct LspArgs {
    /// Accepted for editors that pass it; standard input and output are the only transport.
    #[arg(long)]
    stdio: bool,
}

#[derive(Debug, clap::Args)]
struct InitArgs {
    /// The folder to write factlint.toml in.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
}

#[derive(Debug, clap::Args)]
struct TestArgs {
    /// Rule files or folders of packs; the built-in rules when none is given.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Colour of error messages.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
}

#[derive(Debug, clap::Args)]
struct FactsArgs {
    /// Files and folders to read; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Publication date for articles that give none (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    date: Option<jiff::civil::Date>,
    /// Output format: a table for people (the default on a terminal) or JSON (otherwise).
    #[arg(long, value_enum)]
    format: Option<FactsFormat>,
    /// Extra rule files or folders: their extraction rules add events.
    #[arg(long = "rules", value_name = "PATH")]
    rule_paths: Vec<PathBuf>,
    /// Colour of error messages.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FactsFormat {
    /// Aligned columns.
    Table,
    /// The document of docs/facts.md.
    Json,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files and folders to check (`.txt`, `.md`, `.markdown` in folders); `-` reads standard input.
    ///
    /// The articles of a folder, its subfolders included, are one story; files named one by
    /// one are one story together; a `story` key in front matter puts an article in that
    /// story, which splits a folder holding several stories.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Reference articles: compared against, never reported on.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    against: Vec<PathBuf>,
    /// Publication date for articles that give none (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    date: Option<jiff::civil::Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lowest severity that makes the run fail with exit status 1 [default: error, or
    /// `fail-on` in factlint.toml].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,
    /// Configuration file to use instead of the nearest factlint.toml above each article.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    color: Color,
    /// Print only the diagnostics, without the summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Print how many findings each rule made instead of the findings (human or json format).
    #[arg(long)]
    statistics: bool,
    /// Extra rule files or folders, loaded after the built-in rules.
    #[arg(long = "rules", value_name = "PATH")]
    rule_paths: Vec<PathBuf>,
    /// How to read the articles: `auto` (text, Markdown by extension, ninjs items by their
    /// content), `ninjs` (every article is a ninjs item), `jsonl` (standard input holds one
    /// article per line as JSON).
    #[arg(long, value_enum, default_value_t = InputFormat::Auto, value_name = "FORMAT")]
    input: InputFormat,
    /// The path standard input stands for: names the article, chooses Markdown by its
    /// extension, and finds its factlint.toml.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Run only these rules or packs, comma-separated or repeated; factlint.toml's `select`
    /// and `ignore` are set aside.
    ///
    /// A rule the configuration ignores runs when --select names it; the configuration's
    /// `[[per-path]]` ignores, severities and `fail-on` still apply.
    #[arg(long, value_delimiter = ',', value_name = "RULE", help_heading = "Rule selection")]
    select: Option<Vec<String>>,
    /// Do not run these rules or packs, comma-separated or repeated, whatever selects them.
    #[arg(long, value_delimiter = ',', value_name = "RULE", help_heading = "Rule selection")]
    ignore: Vec<String>,
    /// Apply the safe fixes of the findings to the files, then report the findings that
    /// remain and how many fixes were applied.
    ///
    /// Fixes are applied round after round, the texts checked again after each, until none
    /// is left (10 rounds at most, none making a text longer than twice its length and 4 KiB);
    /// each file is written once, atomically, and only when it changes. References and
    /// standard input are never written. A fix that cannot be applied is noted on standard
    /// error.
    #[arg(long, help_heading = "Fixes")]
    fix: bool,
    /// Apply unsafe fixes too (with --fix or --diff): fixes that may change what the copy says.
    #[arg(long, help_heading = "Fixes")]
    unsafe_fixes: bool,
    /// Print the changes --fix would make as a unified diff, and change no file.
    ///
    /// Exit status 1 when there is a change to make, 0 when there is none.
    #[arg(long, help_heading = "Fixes")]
    diff: bool,
}

/// How articles are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum InputFormat {
    Auto,
    Ninjs,
    Jsonl,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
    /// Extra rule files or folders, loaded after the built-in rules.
    #[arg(long = "rules", value_name = "PATH")]
    rule_paths: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ExplainArgs {
    /// Rule id: `pack/name`, or `name` alone when unique.
    rule: String,
    /// Extra rule files or folders, loaded after the built-in rules.
    #[arg(long = "rules", value_name = "PATH")]
    rule_paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Compiler-style text.
    Human,
    /// One JSON document (docs/json-output.md).
    Json,
    /// One JSON object per diagnostic per line.
    Jsonl,
    /// One line per diagnostic: `path:line:column: severity[rule] message`.
    Concise,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    /// A table.
    Human,
    /// A JSON array.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl From<FailOn> for pipeline::FailOn {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Error => pipeline::FailOn::Error,
            FailOn::Warning => pipeline::FailOn::Warning,
            FailOn::Info => pipeline::FailOn::Info,
            FailOn::Never => pipeline::FailOn::Never,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_date_arg(s: &str) -> Result<jiff::civil::Date, String> {
    crate::article::parse_date(s).ok_or_else(|| format!("`{s}` is not a date that exists; expected YYYY-MM-DD"))
}

/// Exit status: nothing at or above `--fail-on`.
const SUCCESS: u8 = 0;
/// Exit status: findings at or above `--fail-on`.
const FINDINGS: u8 = 1;
/// Exit status: factlint could not do its job.
const TROUBLE: u8 = 2;

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    ENDS_THE_PROCESS.store(true, Ordering::Relaxed);
    // Not locked for the whole run: the language server writes from its own threads.
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    let color_out = std::io::stdout().is_terminal();
    let color_err = std::io::stderr().is_terminal();
    ExitCode::from(run(
        std::env::args_os(),
        &mut out,
        &mut err,
        Terminals { color_out, color_err },
    ))
}

/// Whether the run is the whole program ([`main`]), which ends when it returns: then what
/// it made is left to the end of the process rather than freed. [`run`], called by another
/// program, frees it.
static ENDS_THE_PROCESS: AtomicBool = AtomicBool::new(false);

/// Whether standard output and standard error are terminals (for `--color auto`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Terminals {
    /// Standard output is a terminal.
    pub color_out: bool,
    /// Standard error is a terminal.
    pub color_err: bool,
}

/// Runs factlint with `args` (the first is the program name), writing to `out` and `err`;
/// returns the exit status.
pub fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    tty: Terminals,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = if tty.color_err {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let _ = if e.use_stderr() {
                write!(err, "{text}")
            } else {
                write!(out, "{text}")
            };
            // clap exits 2 on usage errors and 0 for --help and --version.
            return e.exit_code().clamp(0, 2) as u8;
        }
    };
    match cli.command {
        Command::Check(args) => check(args, out, err, tty),
        Command::Rules(args) => list_rules(args, out, err, tty),
        Command::Explain(args) => explain(args, out, err, tty),
        Command::Facts(args) => facts(args, out, err, tty),
        Command::Test(args) => test(args, out, err, tty),
        Command::Init(args) => init(args, out, err),
        Command::Completions(args) => completions(&args, out),
        Command::Man => man(out, err),
        // The server speaks over the process's own standard streams, not `out` and `err`.
        Command::Lsp(_) => crate::lsp::main(),
    }
}

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

fn use_color(choice: Color, is_terminal: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => is_terminal && !no_color(),
    }
}

/// The inputs the paths of the command line stand for: `-` is standard input, read here.
fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    stdin_inputs(paths, InputFormat::Auto, None)
}

/// Like [`inputs`], with standard input read as JSON Lines or named by `--stdin-filename`.
fn stdin_inputs(paths: &[PathBuf], format: InputFormat, name: Option<&str>) -> Vec<Input> {
    paths
        .iter()
        .map(|p| {
            if p == Path::new("-") {
                // Read up to the largest article and a byte more: a pipe that never ends
                // is refused, not read until the memory runs out.
                let bytes = crate::article::read_capped(std::io::stdin().lock()).map_err(|e| e.to_string());
                match (format, name) {
                    (InputFormat::Jsonl, _) => Input::JsonLines(bytes),
                    (_, Some(name)) => Input::Named {
                        name: name.to_string(),
                        bytes,
                    },
                    _ => Input::Stdin(bytes),
                }
            } else {
                Input::Path(p.clone())
            }
        })
        .collect()
}

/// The rules of a command that reads no article, or `None` once their problems are
/// reported.
fn load_rules_here(db: &mut SourceDb, extra: &[PathBuf], err: &mut dyn Write, color: bool) -> Option<rules::RuleSet> {
    match pipeline::load_rules_here(db, &Overlay::default(), extra) {
        Ok(set) => Some(set),
        Err(problems) => {
            report_problems(db, &problems, err, color);
            None
        }
    }
}

/// How long a run goes before it shows a progress bar.
const PROGRESS_AFTER: Duration = Duration::from_secs(2);

/// A progress bar on standard error, in articles, for a run that lasts: it appears once the
/// run has taken [`PROGRESS_AFTER`] and is cleared before the output is written.
struct ProgressBar {
    show: bool,
    bar: Arc<OnceLock<indicatif::ProgressBar>>,
}

impl ProgressBar {
    /// A bar that is drawn only when `show` (standard error is a terminal, and a person reads
    /// the output).
    fn new(show: bool) -> Self {
        ProgressBar {
            show,
            bar: Arc::new(OnceLock::new()),
        }
    }

    /// The pipeline's callback that moves the bar.
    fn progress(&self) -> pipeline::Progress {
        if !self.show {
            return pipeline::Progress::default();
        }
        let started = Instant::now();
        let cell = Arc::clone(&self.bar);
        pipeline::Progress::new(move |done, total| {
            if cell.get().is_none() && started.elapsed() < PROGRESS_AFTER {
                return;
            }
            let bar = cell.get_or_init(|| {
                let bar = indicatif::ProgressBar::with_draw_target(
                    Some(total as u64),
                    indicatif::ProgressDrawTarget::stderr(),
                )
                .with_elapsed(started.elapsed());
                let style = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} articles {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
                bar.set_style(style);
                bar
            });
            // Stories finish in any order: the count only goes up.
            if done as u64 > bar.position() {
                bar.set_position(done as u64);
            }
        })
    }

    /// Runs `write` with the bar off the screen, so that what it writes to the terminal is
    /// not drawn over.
    fn suspend<T>(&self, write: impl FnOnce() -> T) -> T {
        match self.bar.get() {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    /// Takes the bar off the screen, if it was drawn.
    fn clear(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

fn report_problems(db: &SourceDb, problems: &[Problem], err: &mut dyn Write, color: bool) {
    let _ = write!(err, "{}", render::human_problems(db, problems, color));
    let n = problems.len();
    let _ = writeln!(
        err,
        "factlint: {n} problem{} kept factlint from checking everything",
        if n == 1 { "" } else { "s" }
    );
}

/// Tells the person running factlint, on standard error and whatever the format, what the
/// findings do not show: the rules that stopped looking.
fn report_notices(db: &SourceDb, notices: &[Notice], err: &mut dyn Write, color: bool) {
    let _ = write!(err, "{}", render::human_notices(db, notices, color));
}

fn check(args: CheckArgs, out: &mut dyn Write, err: &mut dyn Write, tty: Terminals) -> u8 {
    let color_err = use_color(args.color, tty.color_err);
    if args.statistics && !matches!(args.format, Format::Human | Format::Json) {
        let _ = writeln!(
            err,
            "error: --statistics prints a table (--format human) or JSON (--format json), not --format {}",
            args.format
                .to_possible_value()
                .map_or(String::new(), |v| v.get_name().to_string())
        );
        return TROUBLE;
    }
    if args.input == InputFormat::Jsonl && args.paths.iter().any(|p| p != Path::new("-")) {
        let _ = writeln!(
            err,
            "error: `--input jsonl` reads standard input: give `-` as the path (references may be files)"
        );
        return TROUBLE;
    }
    // Drafts first: a `-` among them takes standard input before one among the references.
    let drafts = stdin_inputs(&args.paths, args.input, args.stdin_filename.as_deref());
    // A long run shows its progress to a person reading diagnostics, never to a program; a
    // run that fixes files checks in rounds and writes its own output.
    let bar = ProgressBar::new(tty.color_err && args.format == Format::Human && !args.quiet && !args.fix && !args.diff);
    let options = Options {
        rule_paths: args.rule_paths.clone(),
        config: args.config.clone(),
        against: inputs(&args.against),
        date: args.date,
        ninjs: args.input == InputFormat::Ninjs,
        selection: selection(&args),
        progress: bar.progress(),
        ..Options::default()
    };
    if args.unsafe_fixes && !args.fix && !args.diff {
        let _ = writeln!(err, "error: --unsafe-fixes goes with --fix or --diff");
        return TROUBLE;
    }
    if args.fix || args.diff {
        return fix::check(&args, drafts, &options, out, err, tty);
    }
    let outcome = pipeline::check(&drafts, &options);
    bar.clear();
    let failing = outcome.fails(args.fail_on.map(Into::into));
    let pipeline::Outcome {
        db,
        rules,
        diagnostics,
        summary,
        notices,
        problems,
        unreadable,
        ..
    } = outcome;
    let shown = Shown {
        db: &db,
        diagnostics: &diagnostics,
        summary: &summary,
        rules: &rules,
        notices: &notices,
    };
    // Without sound rules and configuration nothing was checked; every problem found,
    // unreadable articles included, is reported at once.
    if !problems.is_empty() {
        let all: Vec<Problem> = problems.into_iter().chain(unreadable).collect();
        // Tools reading the output see the problems too.
        if !matches!(args.format, Format::Human | Format::Concise) {
            let text = render_check(&args, &shown, &all, tty);
            let _ = out.write_all(text.as_bytes());
        }
        report_problems(&db, &all, err, color_err);
        return TROUBLE;
    }
    let text = render_check(&args, &shown, &unreadable, tty);
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    report_notices(&db, &notices, err, color_err);
    let code = if !unreadable.is_empty() {
        report_problems(&db, &unreadable, err, color_err);
        TROUBLE
    } else if failing {
        FINDINGS
    } else {
        SUCCESS
    };
    let leftovers = (db, rules, diagnostics);
    if ENDS_THE_PROCESS.load(Ordering::Relaxed) {
        // Freeing the compiled rules, the sources and the findings piece by piece, a fifth
        // of this thread's work in a one-page check, would only delay the exit.
        std::mem::forget(leftovers);
    }
    code
}

/// The rules chosen with `--select` and `--ignore`.
fn selection(args: &CheckArgs) -> pipeline::Selection {
    let trim = |list: &[String]| list.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>();
    pipeline::Selection {
        select: args.select.as_deref().map(trim),
        ignore: trim(&args.ignore),
    }
}

/// What a check found, as its output shows it.
struct Shown<'a> {
    db: &'a SourceDb,
    diagnostics: &'a [crate::diagnostic::Diagnostic],
    summary: &'a render::Summary,
    rules: &'a rules::RuleSet,
    /// The check's notices; none when nothing was checked.
    notices: &'a [Notice],
}

/// The output of `check` in the format asked for; `problems` are those of the inputs.
fn render_check(args: &CheckArgs, shown: &Shown<'_>, problems: &[Problem], tty: Terminals) -> String {
    let Shown {
        db,
        diagnostics,
        summary,
        rules,
        notices,
    } = *shown;
    let mut text = match (args.format, args.statistics) {
        (Format::Human, true) => render::statistics_human(&render::statistics(diagnostics, rules), summary),
        (Format::Json, true) => {
            render::statistics_json(db, &render::statistics(diagnostics, rules), summary, problems, notices)
        }
        (Format::Human, false) => render::human(db, diagnostics, summary, use_color(args.color, tty.color_out)),
        (Format::Concise, _) => render::concise(db, diagnostics, summary),
        (Format::Json, false) => render::json(db, diagnostics, summary, problems, notices),
        (Format::Jsonl, _) => render::jsonl(db, diagnostics, problems, notices),
        (Format::Sarif, _) => render::sarif(
            db,
            diagnostics,
            rules,
            problems,
            notices,
            std::env::current_dir().ok().as_deref(),
        ),
        (Format::Github, _) => render::github(db, diagnostics, problems, notices),
    };
    if args.quiet && matches!(args.format, Format::Human | Format::Concise) {
        // The summary is the last line; quiet output keeps only the diagnostics.
        let cut = text.trim_end_matches('\n').rfind('\n').map_or(0, |i| i + 1);
        text.truncate(cut);
    }
    text
}

#[derive(serde::Serialize)]
struct RuleEntry<'a> {
    id: &'a str,
    /// `null` for an extraction rule, which reports nothing.
    severity: Option<Severity>,
    summary: &'a str,
    tags: &'a [String],
    examples: usize,
}

fn list_rules(args: RulesArgs, out: &mut dyn Write, err: &mut dyn Write, tty: Terminals) -> u8 {
    let mut db = SourceDb::new();
    let color = use_color(Color::Auto, tty.color_err);
    let Some(rules) = load_rules_here(&mut db, &args.rule_paths, err, color) else {
        return TROUBLE;
    };
    let entries: Vec<RuleEntry<'_>> = rules
        .rules
        .iter()
        .map(|r| RuleEntry {
            id: &r.id,
            severity: (!r.is_extraction()).then_some(r.severity),
            summary: &r.summary,
            tags: &r.tags,
            examples: r.examples.len(),
        })
        .collect();
    let text = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&entries).unwrap_or_default() + "\n",
        ListFormat::Human => {
            let width = entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
            entries
                .iter()
                .map(|e| {
                    let severity = e.severity.map_or("event", Severity::as_str);
                    format!("{:<width$}  {:<7}  {}\n", e.id, severity, e.summary)
                })
                .collect()
        }
    };
    let _ = out.write_all(text.as_bytes());
    SUCCESS
}

fn explain(args: ExplainArgs, out: &mut dyn Write, err: &mut dyn Write, tty: Terminals) -> u8 {
    let mut db = SourceDb::new();
    let color = use_color(Color::Auto, tty.color_err);
    let Some(rules) = load_rules_here(&mut db, &args.rule_paths, err, color) else {
        return TROUBLE;
    };
    let Some(rule) = rules.find(&args.rule) else {
        let _ = writeln!(err, "error: no rule `{}`; `factlint rules` lists them", args.rule);
        return TROUBLE;
    };
    let _ = writeln!(out, "# {} ({})\n\n{}\n", rule.id, rule.severity, rule.summary);
    if !rule.doc.is_empty() {
        let _ = writeln!(out, "{}", rule.doc.trim_end());
    }
    SUCCESS
}

fn facts(args: FactsArgs, out: &mut dyn Write, err: &mut dyn Write, tty: Terminals) -> u8 {
    let color_err = use_color(args.color, tty.color_err);
    // Extraction rules add events to the facts.
    let format = args.format.unwrap_or(if tty.color_out {
        FactsFormat::Table
    } else {
        FactsFormat::Json
    });
    let bar = ProgressBar::new(tty.color_err && format == FactsFormat::Table);
    let options = Options {
        rule_paths: args.rule_paths,
        date: args.date,
        progress: bar.progress(),
        ..Options::default()
    };
    // Each article's facts are written as soon as its story's are made, then dropped: a
    // story of a thousand articles is never held as text.
    let mut json = render::FactsJson::default();
    let mut entities = Vec::new();
    let run = pipeline::facts_each(&inputs(&args.paths), &options, &mut |story| {
        for (article, facts) in story.story.articles.iter().zip(story.facts) {
            let doc = render::FactsDocument { article, facts };
            let mut write = |text: &str| {
                let _ = bar.suspend(|| out.write_all(text.as_bytes()));
            };
            match format {
                FactsFormat::Json => json.write_document(story.db, &doc, &mut write),
                FactsFormat::Table => write(&render::facts_table_document(story.db, &doc)),
            }
        }
        entities.extend(story.entities);
    });
    bar.clear();
    let problems: Vec<Problem> = run.unreadable.iter().chain(&run.problems).cloned().collect();
    if !run.problems.is_empty() {
        report_problems(&run.db, &problems, err, color_err);
        return TROUBLE;
    }
    let text = match format {
        FactsFormat::Json => json.finish(&entities),
        FactsFormat::Table => render::facts_table_entities(&entities),
    };
    let _ = out.write_all(text.as_bytes());
    if problems.is_empty() {
        SUCCESS
    } else {
        report_problems(&run.db, &problems, err, color_err);
        TROUBLE
    }
}

fn test(args: TestArgs, out: &mut dyn Write, err: &mut dyn Write, tty: Terminals) -> u8 {
    let color = use_color(args.color, tty.color_err);
    let mut db = SourceDb::new();
    let mut problems = Vec::new();
    let set = pipeline::load_rules(
        &mut db,
        &Overlay::default(),
        args.paths.is_empty(),
        &args.paths,
        &mut problems,
    );
    if !problems.is_empty() {
        report_problems(&db, &problems, err, color);
        return TROUBLE;
    }
    // A pack of one's own may rely on the events of the built-in extraction rules, as it does
    // when it is used with `check`.
    let builtin_events: Vec<rules::Rule> = if args.paths.is_empty() {
        Vec::new()
    } else {
        rules::load_builtin(&mut db)
            .0
            .into_iter()
            .filter(|r| r.is_extraction())
            .collect()
    };
    let mut failures: Vec<String> = Vec::new();
    let mut passed = 0;
    let width = set.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in &set.rules {
        let mut failed: Vec<String> = Vec::new();
        if rule.examples.is_empty() {
            failed.push(
                "this rule has no `[[example]]`: every rule carries examples of what it flags and what it leaves alone"
                    .into(),
            );
        }
        let file = db.get(rule.file);
        let extraction: Vec<&rules::Rule> = set
            .rules
            .iter()
            .filter(|r| r.is_extraction())
            .chain(
                builtin_events
                    .iter()
                    .filter(|b| !set.rules.iter().any(|r| r.id == b.id && r.pack == b.pack)),
            )
            .collect();
        for f in crate::testing::run_examples(rule, &extraction) {
            let at = rule.examples.get(f.number - 1).map(|e| file.line_column(e.span.start));
            let place = at.map_or(String::new(), |(l, c)| format!(" ({}:{l}:{c})", file.name()));
            failed.push(format!("example {}{place}:\n{}", f.number, f.message));
        }
        let verdict = if failed.is_empty() { "ok" } else { "FAILED" };
        let _ = writeln!(out, "test {:<width$} ... {verdict}", rule.id);
        if failed.is_empty() {
            passed += 1;
        } else {
            failures.push(format!("---- {} ----\n{}", rule.id, failed.join("\n\n")));
        }
    }
    if !failures.is_empty() {
        let _ = writeln!(out, "\nfailures:\n\n{}", failures.join("\n\n"));
    }
    let verdict = if failures.is_empty() { "ok" } else { "FAILED" };
    let _ = writeln!(
        out,
        "\ntest result: {verdict}. {passed} passed; {} failed",
        failures.len()
    );
    if failures.is_empty() { SUCCESS } else { FINDINGS }
}

fn init(args: InitArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let target = args.dir.join(crate::config::FILE_NAME);
    match write::write_new(&target, crate::config::STARTER) {
        Ok(()) => {
            let _ = writeln!(out, "wrote {}", target.display());
            SUCCESS
        }
        Err(message) => {
            let _ = writeln!(err, "error: {}: {message}", target.display());
            TROUBLE
        }
    }
}

fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> u8 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "factlint", &mut script);
    let _ = out.write_all(&script);
    SUCCESS
}

fn man(out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match man_page() {
        Ok(page) => {
            let _ = out.write_all(page.as_bytes());
            SUCCESS
        }
        Err(e) => {
            let _ = writeln!(err, "error: cannot write the manual page: {e}");
            TROUBLE
        }
    }
}

/// One manual page for the whole command: the commands are sections of it, each with its
/// synopsis, description and options, rather than pages of their own.
fn man_page() -> std::io::Result<String> {
    // Each rendering starts with the same string definitions; the page gives them once.
    const PRELUDE: [&str; 2] = [".ie \\n(.g .ds Aq \\(aq", ".el .ds Aq '"];
    /// The roff of `part`, without the prelude; with `.SH` made `.SS` when `demote`.
    fn lines(part: &[u8], demote: bool, page: &mut String) {
        for line in String::from_utf8_lossy(part).lines() {
            if PRELUDE.contains(&line) {
                continue;
            }
            match line.strip_prefix(".SH ") {
                Some(heading) if demote => page.push_str(&format!(".SS {heading}")),
                Some("EXTRA") => page.push_str(".SH EXAMPLES"),
                _ => page.push_str(line),
            }
            page.push('\n');
        }
    }
    let mut command = Cli::command();
    command.build();
    let top = clap_mangen::Man::new(command.clone());
    let mut page = format!("{}\n{}\n", PRELUDE[0], PRELUDE[1]);
    let mut part = Vec::new();
    top.render_title(&mut part)?;
    top.render_name_section(&mut part)?;
    top.render_synopsis_section(&mut part)?;
    top.render_description_section(&mut part)?;
    lines(&part, false, &mut page);
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let man = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut part)?;
        }
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_uppercase();
        page.push_str(&format!(".SH \"{name}\"\n"));
        lines(&part, true, &mut page);
    }
    let mut part = Vec::new();
    top.render_extra_section(&mut part)?;
    top.render_version_section(&mut part)?;
    lines(&part, false, &mut page);
    Ok(page)
}

//! `factlint completions SHELL` and `factlint man`: they run and describe every command.

use assert_cmd::Command;

fn factlint() -> Command {
    let mut cmd = Command::cargo_bin("factlint").expect("the binary is built");
    cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
    cmd
}

const COMMANDS: &[&str] = &[
    "check",
    "rules",
    "explain",
    "facts",
    "test",
    "init",
    "completions",
    "man",
];

#[test]
fn completions_for_every_shell_know_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let a = factlint().args(["completions", shell]).assert().code(0);
        let script = String::from_utf8(a.get_output().stdout.clone()).expect("UTF-8");
        assert!(script.len() > 1000, "{shell}: {script}");
        // Fish names long options without their dashes.
        for word in COMMANDS
            .iter()
            .chain(&["fix", "unsafe-fixes", "diff", "select", "ignore"])
        {
            assert!(script.contains(word), "{shell}: no `{word}`");
        }
    }
    let a = factlint().args(["completions", "tcsh"]).assert().code(2);
    let err = String::from_utf8(a.get_output().stderr.clone()).expect("UTF-8");
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
}

#[test]
fn the_manual_page_describes_every_command() {
    let a = factlint().arg("man").assert().code(0);
    let page = String::from_utf8(a.get_output().stdout.clone()).expect("UTF-8");
    assert!(page.contains(".TH factlint 1"), "{page}");
    assert!(
        page.contains(".SH NAME\nfactlint \\- A fact\\-consistency linter"),
        "{page}"
    );
    for command in COMMANDS {
        let section = format!(".SH \"FACTLINT {}\"", command.to_uppercase());
        assert!(page.contains(&section), "no `{section}`");
    }
    // The options of `check`, under their headings, and the examples.
    for text in [
        ".SS FIXES",
        "\\-\\-unsafe\\-fixes",
        ".SS \"RULE SELECTION\"",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(text), "no `{text}`");
    }
    // Each rendering's string definitions are given once, at the top.
    assert_eq!(page.matches(".ds Aq").count(), 2);
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq\n"));
}

//! Regexes written in rule files, compiled when a text is first matched against them.

use std::sync::OnceLock;

use regex::RegexBuilder;
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;

/// A regex of a rule file (`/…/` in a token pattern, `matches(x, "…")` in a query),
/// compiled at once or when first used.
///
/// Compiling the built-in rules' regexes took a third of a one-page check; compiled when
/// first used, a run compiles only those its articles reach. The built-in rules are loaded
/// so (the test suite compiles every one of their regexes); a user's rule file is compiled
/// at once, so that a regex that does not compile is reported where it is written.
#[derive(Clone, Debug)]
pub struct LazyRegex {
    pattern: String,
    case_insensitive: bool,
    size_limit: Option<usize>,
    /// The compiled regex; `None` when it did not compile (then it matches nothing).
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// A regex of `pattern`, not yet compiled; `size_limit` bounds its compiled size (the
    /// `regex` crate's default without one).
    pub fn new(pattern: String, case_insensitive: bool, size_limit: Option<usize>) -> Self {
        LazyRegex {
            pattern,
            case_insensitive,
            size_limit,
            compiled: OnceLock::new(),
        }
    }

    /// The regex, built only to say whether it matches: without capture groups and without a
    /// prefilter. A rule's regex is tried on one token or one fact's words at a time, where
    /// a prefilter saves nothing, and finding the literals for one costs most of the build
    /// (`(?i)\b(significant|major|…)\b` builds six times faster without).
    fn build(&self) -> Result<Regex, regex::Error> {
        let mut config = meta::Config::new()
            .which_captures(WhichCaptures::None)
            .auto_prefilter(false);
        if let Some(limit) = self.size_limit {
            config = config.nfa_size_limit(Some(limit));
        }
        meta::Builder::new()
            .configure(config)
            .syntax(syntax::Config::new().case_insensitive(self.case_insensitive))
            .build(&self.pattern)
            .map_err(|e| self.error(e))
    }

    /// Why the pattern does not compile, in the words of the `regex` crate, which are those
    /// users read. Its regex holds capture groups, so it is never smaller than ours: what
    /// fails here fails there.
    fn error(&self, e: meta::BuildError) -> regex::Error {
        let mut builder = RegexBuilder::new(&self.pattern);
        builder.case_insensitive(self.case_insensitive);
        if let Some(limit) = self.size_limit {
            builder.size_limit(limit);
        }
        builder
            .build()
            .err()
            .unwrap_or_else(|| regex::Error::Syntax(e.to_string()))
    }

    /// Compiles the regex now, and says why when it does not compile.
    pub fn compile(&self) -> Result<(), regex::Error> {
        if self.compiled.get().is_some_and(Option::is_some) {
            return Ok(());
        }
        let re = self.build()?;
        // Another thread may have compiled it meanwhile: either is the same regex.
        let _ = self.compiled.set(Some(re));
        Ok(())
    }

    /// Compiles the regex if no one has (another thread that needs it meanwhile waits for
    /// it rather than compiling it too): for a core with nothing else to do.
    pub fn warm_up(&self) {
        self.regex();
    }

    /// The compiled regex, compiled now if no one has; `None` when it does not compile.
    fn regex(&self) -> Option<&Regex> {
        self.compiled.get_or_init(|| self.build().ok()).as_ref()
    }

    /// Whether the regex matches somewhere in `text`; compiles it first if needed. A regex
    /// that does not compile matches nothing (only a built-in rule's regex is compiled this
    /// late, and the test suite compiles each of them).
    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_some_and(|re| re.is_match(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regex_is_compiled_when_first_matched() {
        let re = LazyRegex::new(r"(?i)\bsaid\b".into(), false, None);
        assert!(re.compiled.get().is_none(), "not compiled before it is used");
        assert!(re.is_match("Officials SAID on Friday"));
        assert!(!re.is_match("the saidian way"));
        assert!(re.compiled.get().is_some_and(Option::is_some));
    }

    #[test]
    fn compiling_at_once_reports_what_does_not_compile() {
        let bad = LazyRegex::new("(unclosed".into(), false, None);
        let e = bad.compile().expect_err("an unclosed group");
        assert!(e.to_string().contains("unclosed group"), "{e}");
        assert!(
            !bad.is_match("(unclosed"),
            "a regex that does not compile matches nothing"
        );
        let big = LazyRegex::new(r"\w{200}".into(), false, Some(1 << 10));
        let e = big.compile().expect_err("larger than its size limit");
        assert!(
            matches!(e, regex::Error::CompiledTooBig(1024)),
            "said as the regex crate says it: {e}"
        );
        let ok = LazyRegex::new("^(?:a|an)$".into(), true, Some(1 << 20));
        assert!(ok.compile().is_ok());
        assert!(ok.is_match("An"));
    }

    #[test]
    fn warming_up_compiles_once_and_a_bad_regex_stays_one_that_matches_nothing() {
        let re = LazyRegex::new(r"^(?:\p{Lu}?\p{Ll}{2,}\p{Lu}\p{L}*)$".into(), false, Some(1 << 20));
        re.warm_up();
        assert!(re.compiled.get().is_some_and(Option::is_some));
        assert!(re.is_match("ChatGPT"));
        assert!(!re.is_match("Santis"));
        let bad = LazyRegex::new("(unclosed".into(), false, None);
        bad.warm_up();
        assert!(bad.compiled.get().is_some_and(Option::is_none));
        assert!(!bad.is_match("(unclosed"));
    }
}

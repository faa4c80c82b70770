//! Regexes written in rule files, compiled when a text is first matched against them.

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use compact_str::CompactString;
use regex::RegexBuilder;
use regex_automata::Input;
use regex_automata::hybrid;
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
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
    compiled: OnceLock<Option<Arc<Matcher>>>,
}

/// The compiled size the `regex` crate allows a regex by default.
const DEFAULT_SIZE_LIMIT: usize = 10 << 20;

/// How large the compiled regexes of users' rule files may be together: each is bounded
/// alone, and a thousand regexes each near its bound would otherwise take gigabytes. Those
/// of the rules loaded count; a regex dropped with its rules (the language server loads them
/// again after an edit) no longer does.
const RULES_BUDGET: usize = 256 << 20;

/// The bytes of the compiled regexes of users' rule files alive now.
static RULES_BYTES: AtomicUsize = AtomicUsize::new(0);

/// Whether a regex of a user's rule file was refused for [`RULES_BUDGET`] since the last
/// one was dropped: the regexes after it are refused without being built, so that a rule
/// file of thousands of them takes no longer than its first few hundred.
static RULES_SPENT: AtomicBool = AtomicBool::new(false);

/// One compiled regex's part of a count of bytes ([`RULES_BYTES`]), given back when it is
/// dropped.
struct Charge {
    count: &'static AtomicUsize,
    bytes: usize,
}

impl Charge {
    /// Counts `bytes` more in `count`, unless that would pass `budget`.
    fn take(count: &'static AtomicUsize, bytes: usize, budget: usize) -> Option<Charge> {
        let before = count.fetch_add(bytes, Ordering::Relaxed);
        let charge = Charge { count, bytes };
        (before.saturating_add(bytes) <= budget).then_some(charge)
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.count.fetch_sub(self.bytes, Ordering::Relaxed);
        RULES_SPENT.store(false, Ordering::Relaxed);
    }
}

/// A regex built only to say whether it matches: one NFA, without capture groups, searched
/// forwards by a lazy DFA, and by a PikeVM where the lazy DFA gives up (a Unicode word
/// boundary beside a non-ASCII byte) or cannot be built (an NFA too large for its cache).
/// Every use of a rule's regex asks only that, of one token or one fact's words, so the
/// parts of a full regex that find where a match starts (a reverse NFA, built from the
/// pattern a second time), its capture groups and its prefilter (the literals found in the
/// pattern: most of the build of `(?i)\b(significant|major|…)\b`) are not built: a rule's
/// regex builds in about half the time, before the first article can be checked.
struct Matcher {
    /// What it counts against [`RULES_BUDGET`], for a regex of a user's rule file.
    _charge: Option<Charge>,
    dfa: Option<hybrid::dfa::DFA>,
    pikevm: PikeVM,
    caches: Pool<Caches, NewCaches>,
    /// The fewest bytes a match takes: a shorter text is not searched (most tokens a rule's
    /// regex is tried on are short words).
    min_len: usize,
}

/// The scratch space of one search, one per thread searching.
struct Caches {
    dfa: Option<hybrid::dfa::Cache>,
    pikevm: pikevm::Cache,
    /// What the last short texts searched gave, each in the slot of its hash ([`Memo`]).
    memo: Memo,
}

/// Whether the regex matched each of the short texts searched last, one per slot of their
/// hashes: a rule's regex tried on every token meets the same words again and again ("the",
/// "said", a name), and one found here costs a hash and a comparison rather than a search (a
/// third of the time of the rules' regexes in a check of 100 stories). A slot holds the text
/// it answers for, so a text is only ever answered for itself.
struct Memo(Vec<Option<(CompactString, bool)>>);

/// The slots of a [`Memo`]: 32 KB for each regex and each of its caches in use at once
/// (about one for each thread searching; four times as many slots made a check of 100
/// stories 2 MB larger for a few more texts found).
const MEMO_SLOTS: usize = 1024;

/// The longest text a [`Memo`] keeps: one a `CompactString` holds without an allocation.
const MEMO_TEXT: usize = 24;

impl Memo {
    /// The slot of `text`, for a text short enough to be kept.
    fn slot(text: &str) -> Option<usize> {
        (text.len() <= MEMO_TEXT).then(|| {
            let hash = foldhash::fast::FixedState::default().hash_one(text);
            (hash as usize) % MEMO_SLOTS
        })
    }

    /// What the regex gave for `text` in `slot`, if it is kept.
    fn get(&self, slot: usize, text: &str) -> Option<bool> {
        match self.0.get(slot)? {
            Some((kept, found)) if kept.as_str() == text => Some(*found),
            _ => None,
        }
    }

    /// Keeps what the regex gave for `text` in `slot`, in place of what was there.
    fn keep(&mut self, slot: usize, text: &str, found: bool) {
        if self.0.is_empty() {
            self.0.resize(MEMO_SLOTS, None);
        }
        self.0[slot] = Some((CompactString::new(text), found));
    }
}

type NewCaches = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;

impl Matcher {
    fn new(dfa: Option<hybrid::dfa::DFA>, pikevm: PikeVM, min_len: usize) -> Self {
        let (d, p) = (dfa.clone(), pikevm.clone());
        let caches: NewCaches = Box::new(move || Caches {
            dfa: d.as_ref().map(hybrid::dfa::DFA::create_cache),
            pikevm: p.create_cache(),
            memo: Memo(Vec::new()),
        });
        Matcher {
            _charge: None,
            dfa,
            pikevm,
            caches: Pool::new(caches),
            min_len,
        }
    }

    fn is_match(&self, text: &str) -> bool {
        if text.len() < self.min_len {
            return false;
        }
        let mut caches = self.caches.get();
        let caches = &mut *caches;
        let slot = Memo::slot(text);
        if let Some(found) = slot.and_then(|slot| caches.memo.get(slot, text)) {
            return found;
        }
        let input = Input::new(text).earliest(true);
        let fast = match (&self.dfa, &mut caches.dfa) {
            (Some(dfa), Some(cache)) => dfa.try_search_fwd(cache, &input).ok(),
            _ => None,
        };
        let found = match fast {
            Some(found) => found.is_some(),
            None => self.pikevm.is_match(&mut caches.pikevm, input),
        };
        if let Some(slot) = slot {
            caches.memo.keep(slot, text, found);
        }
        found
    }
}

impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matcher").finish_non_exhaustive()
    }
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

    /// The regex of `pattern` that every rule loaded lazily (a built-in rule) shares with
    /// the others that write it, so that it is compiled once: two built-in rules try the
    /// same regex for glued words. Kept for the rest of the run, as the built-in rules are
    /// (a fixed set); a user's rule makes its own ([`LazyRegex::new`]).
    pub fn shared(pattern: String, case_insensitive: bool, size_limit: Option<usize>) -> Arc<LazyRegex> {
        type Shared = HashMap<(String, bool, Option<usize>), Arc<LazyRegex>>;
        static SHARED: Mutex<Option<Shared>> = Mutex::new(None);
        let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        let regex = shared
            .get_or_insert_with(HashMap::new)
            .entry((pattern, case_insensitive, size_limit))
            .or_insert_with_key(|(pattern, case_insensitive, size_limit)| {
                Arc::new(LazyRegex::new(pattern.clone(), *case_insensitive, *size_limit))
            });
        Arc::clone(regex)
    }

    /// The regex of `pattern` for a rule: when the rule is loaded lazily (a built-in rule),
    /// the one it shares with the others that write it ([`LazyRegex::shared`]), compiled when
    /// first used; else one of its own, compiled now, or why it does not compile.
    pub fn for_rule(
        pattern: String,
        case_insensitive: bool,
        size_limit: Option<usize>,
        lazy: bool,
    ) -> Result<Arc<LazyRegex>, regex::Error> {
        if lazy {
            return Ok(LazyRegex::shared(pattern, case_insensitive, size_limit));
        }
        let spent = || {
            regex::Error::Syntax(format!(
                "the regexes of the rule files loaded would take more than {} MiB together",
                RULES_BUDGET >> 20
            ))
        };
        if RULES_SPENT.load(Ordering::Relaxed) {
            return Err(spent());
        }
        let re = LazyRegex::new(pattern, case_insensitive, size_limit);
        let mut matcher = re.build_matcher()?;
        let bytes = matcher.pikevm.get_nfa().memory_usage();
        let Some(charge) = Charge::take(&RULES_BYTES, bytes, RULES_BUDGET) else {
            RULES_SPENT.store(true, Ordering::Relaxed);
            return Err(spent());
        };
        matcher._charge = Some(charge);
        let _ = re.compiled.set(Some(Arc::new(matcher)));
        Ok(Arc::new(re))
    }

    /// The regex, built only to say whether it matches ([`Matcher`]).
    fn build(&self) -> Result<Arc<Matcher>, regex::Error> {
        self.build_matcher().map(Arc::new)
    }

    /// [`LazyRegex::build`], before it is shared.
    fn build_matcher(&self) -> Result<Matcher, regex::Error> {
        let config = thompson::Config::new()
            .which_captures(WhichCaptures::None)
            .nfa_size_limit(Some(self.size_limit.unwrap_or(DEFAULT_SIZE_LIMIT)));
        // Parsed here rather than by the compiler, to learn the shortest match too.
        let syntax = syntax::Config::new().case_insensitive(self.case_insensitive);
        let hir = syntax::parse_with(&self.pattern, &syntax).map_err(|e| self.error(&e))?;
        // No minimum is known of a regex that matches nothing: it is searched, and fails.
        let min_len = hir.properties().minimum_len().unwrap_or(0);
        let nfa = thompson::Compiler::new()
            .configure(config)
            .build_from_hir(&hir)
            .map_err(|e| self.error(&e))?;
        // As the regex crate does, a regex whose lazy DFA cannot be built is searched by
        // the PikeVM alone.
        let dfa = hybrid::dfa::Builder::new()
            .configure(hybrid::dfa::Config::new().unicode_word_boundary(true))
            .build_from_nfa(nfa.clone())
            .ok();
        let pikevm = PikeVM::new_from_nfa(nfa).map_err(|e| self.error(&e))?;
        Ok(Matcher::new(dfa, pikevm, min_len))
    }

    /// Why the pattern does not compile, in the words of the `regex` crate, which are those
    /// users read. Its regex holds capture groups, so it is never smaller than ours: what
    /// fails here fails there.
    fn error(&self, e: &dyn fmt::Display) -> regex::Error {
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
    fn regex(&self) -> Option<&Matcher> {
        self.compiled.get_or_init(|| self.build().ok()).as_deref()
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
    fn a_text_shorter_than_any_match_is_not_searched_and_others_are() {
        let glued = LazyRegex::new(r"\p{Lu}?\p{Ll}{2,}\p{Lu}".into(), false, None);
        assert!(glued.is_match("PompeoUS") && glued.is_match("abC"));
        assert!(!glued.is_match("aB") && !glued.is_match(""));
        assert_eq!(glued.regex().map(|m| m.min_len), Some(3));
        // Letters beyond ASCII are longer than one byte: the minimum counts bytes.
        let cyrillic = LazyRegex::new(r"\p{Cyrillic}{2}".into(), false, None);
        assert_eq!(cyrillic.regex().map(|m| m.min_len), Some(4));
        assert!(cyrillic.is_match("да") && !cyrillic.is_match("дa"));
        // A regex that may match nothing matches the empty text; one that matches no text
        // has no minimum, and matches nothing.
        let empty = LazyRegex::new(r"^a*$".into(), false, None);
        assert!(empty.is_match("") && empty.regex().is_some_and(|m| m.min_len == 0));
        let none = LazyRegex::new(r"[a&&b]".into(), false, None);
        assert!(!none.is_match("a") && !none.is_match(""));
    }

    #[test]
    fn texts_met_again_are_answered_from_the_memo_each_for_itself() {
        let pattern = r"^(?:\p{Lu}?\p{Ll}{2,}\p{Lu}\p{L}*)$";
        let glued = LazyRegex::new(pattern.into(), false, None);
        let reference = regex::Regex::new(pattern).expect("the pattern compiles");
        // Many more short texts than the memo has slots, most of them met several times,
        // so that texts share slots and take each other's: each answer is still its own.
        let mut seed = 7u64;
        let texts: Vec<String> = (0..4 * MEMO_SLOTS)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let len = 1 + (seed >> 59) as usize;
                (0..len)
                    .map(|k| ['a', 'b', 'C', 'D', 'é', 'É'][(seed >> (k % 9 * 6)) as usize % 6])
                    .collect()
            })
            .collect();
        for round in 0..3 {
            for text in texts.iter().skip(round).step_by(1 + round) {
                assert_eq!(glued.is_match(text), reference.is_match(text), "{text:?}");
            }
        }
        assert!(texts.iter().any(|t| reference.is_match(t)) && texts.iter().any(|t| !reference.is_match(t)));
        // What is kept is what was met, each in the slot of its own hash.
        let re = glued.regex().expect("compiled");
        let caches = re.caches.get();
        let kept: Vec<&(CompactString, bool)> = caches.memo.0.iter().flatten().collect();
        assert!(kept.len() > MEMO_SLOTS / 2);
        for (text, found) in kept {
            assert_eq!(
                Memo::slot(text).and_then(|slot| caches.memo.get(slot, text)),
                Some(*found)
            );
            assert_eq!(*found, reference.is_match(text));
        }
    }

    #[test]
    fn rules_loaded_lazily_share_one_regex_for_the_same_words() {
        let a = LazyRegex::shared(r"^(?:\p{Lu}?\p{Ll}{3,}\p{Lu}\p{L}*)$".into(), false, Some(1 << 20));
        let b = LazyRegex::shared(r"^(?:\p{Lu}?\p{Ll}{3,}\p{Lu}\p{L}*)$".into(), false, Some(1 << 20));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(b.is_match("PompeoUS") && a.compiled.get().is_some());
        // Another case, size limit or text is another regex.
        let other = [
            LazyRegex::shared(r"^(?:\p{Lu}?\p{Ll}{3,}\p{Lu}\p{L}*)$".into(), true, Some(1 << 20)),
            LazyRegex::shared(r"^(?:\p{Lu}?\p{Ll}{3,}\p{Lu}\p{L}*)$".into(), false, None),
            LazyRegex::shared(r"^(?:\p{Lu}?\p{Ll}{4,}\p{Lu}\p{L}*)$".into(), false, Some(1 << 20)),
        ];
        assert!(other.iter().all(|o| !Arc::ptr_eq(o, &a)));
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
    fn a_word_boundary_beside_a_letter_outside_ascii_is_told_as_the_regex_crate_tells_it() {
        // The lazy DFA gives up at a Unicode word boundary beside a non-ASCII byte; the
        // answer must not change.
        let cases = [
            (r"(?i)\bcafé\b", "un Café noir", true),
            (r"(?i)\bcafé\b", "trois cafés", false),
            (r"\bsaid\b", "the naïve said", true),
            (r"\bsaid\b", "unsaidé", false),
            (r"^\w+$", "Ñandú", true),
        ];
        for (pattern, text, matches) in cases {
            let ours = LazyRegex::new(pattern.into(), false, None);
            let theirs = regex::Regex::new(pattern).expect("compiles");
            assert_eq!(theirs.is_match(text), matches, "{pattern} on {text}");
            assert_eq!(ours.is_match(text), matches, "{pattern} on {text}");
        }
    }

    #[test]
    fn a_regex_too_large_for_the_lazy_dfa_s_cache_still_answers() {
        // Hundreds of Unicode word classes: an NFA whose lazy DFA needs more than its cache.
        let re = LazyRegex::new(r"^\w{300}$".into(), false, None);
        assert!(re.compile().is_ok());
        assert!(re.is_match(&"é".repeat(300)));
        assert!(!re.is_match(&"é".repeat(299)));
    }

    #[test]
    fn regexes_of_rule_files_are_counted_together_until_they_are_dropped() {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let first = Charge::take(&COUNT, 600, 1_000).expect("within the budget");
        assert!(Charge::take(&COUNT, 500, 1_000).is_none(), "past the budget");
        // A refused charge is given back at once.
        assert_eq!(COUNT.load(Ordering::Relaxed), 600);
        let second = Charge::take(&COUNT, 400, 1_000).expect("up to the budget");
        drop(first);
        let third = Charge::take(&COUNT, 500, 1_000).expect("a regex dropped counts no more");
        drop((second, third));
        assert_eq!(COUNT.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_regex_of_a_rule_file_counts_its_compiled_size_while_it_lives() {
        // Other tests compile regexes of rule files beside this one: the count while this
        // one lives is at least its size.
        let re = LazyRegex::for_rule(r"(?i)\w{1,20}".into(), false, None, false).expect("compiles");
        let size = re.regex().map(|m| m.pikevm.get_nfa().memory_usage()).expect("compiled");
        assert!(size > 10_000, "{size}");
        assert!(RULES_BYTES.load(Ordering::Relaxed) >= size);
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

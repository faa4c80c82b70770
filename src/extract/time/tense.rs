//! The tense of the clause around a temporal expression.
//!
//! A deliberately simple heuristic: look left (up to [`LEFT`] words) and right (up
//! to [`RIGHT`] words) within the sentence for a tense cue, and take the nearest,
//! a cue on the right counting double its distance, because the verb that governs
//! a time adverbial usually comes before it in news English ("said Wednesday",
//! "will meet Friday"). Future cues are modals, scheduling words and a few present
//! forms news uses for scheduled events ("opens", "meets"); past cues are common
//! past forms, and lower-case words ending in "-ed" other than a few adjectives and
//! nouns, which count as weak. A participle after "be"/"been" ("will be paid") and
//! a cue word after a determiner ("the plan") are skipped.

use super::lex::{Lex, Lower, Tok, TokKind};

/// Words looked at to the left of an expression.
const LEFT: usize = 12;
/// Words looked at to the right of an expression.
const RIGHT: usize = 8;
/// Tokens looked at on either side, whatever they are.
const SCAN_LIMIT: usize = 40;

/// A tense cue and how much it can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cue {
    /// The tense it signals.
    pub tense: Tense,
    /// False for the "-ed" suffix guess, which participles and adjectives also match.
    pub strong: bool,
}

/// The tense of a clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// Past.
    Past,
    /// Future.
    Future,
}

/// Words ending in "-ed" that are not past forms.
const NOT_PAST: &[&str] = &[
    "need",
    "needed",
    "red",
    "bed",
    "speed",
    "proceed",
    "exceed",
    "succeed",
    "indeed",
    "feed",
    "seed",
    "weed",
    "breed",
    "hundred",
    "embed",
    "shed",
    "creed",
    "greed",
    "deed",
    "reed",
    "scheduled",
    "expected",
    "planned",
    "united",
    "based",
    "related",
    "limited",
    "aged",
    "sacred",
    "wicked",
    "naked",
    "kindred",
    "interested",
    "concerned",
    "supposed",
    "used",
    "unnamed",
    "armed",
    "alleged",
    "detailed",
    "advanced",
    "experienced",
    "married",
];

fn cue(toks: &[Tok], text: &str, i: usize) -> Option<Cue> {
    let strong = |tense| Cue { tense, strong: true };
    let t = toks.get(i)?;
    // "as soon as Tuesday", "as early as next week": a future bound.
    if matches!(t.lex, Some(Lex::RefAdverb(_) | Lex::Early))
        && toks.get(i + 1).is_some_and(|n| text.get(n.start..n.end) == Some("as"))
    {
        return Some(strong(Tense::Future));
    }
    cue_word(toks, text, i).map(|(tense, s)| Cue { tense, strong: s })
}

fn cue_word(toks: &[Tok], text: &str, i: usize) -> Option<(Tense, bool)> {
    let t = toks.get(i)?;
    let prev = Lower::of(if i > 0 {
        toks.get(i - 1).and_then(|p| text.get(p.start..p.end)).unwrap_or("")
    } else {
        ""
    });
    // "the plan", "a deadline": nouns, not verbs.
    if matches!(t.lex, Some(Lex::FutureCue))
        && matches!(
            prev.as_str(),
            "the" | "a" | "an" | "its" | "his" | "her" | "their" | "our" | "s"
        )
    {
        return None;
    }
    // Lower-case "may" is the modal, not the month.
    if t.lex == Some(Lex::Month(5, false)) && text.get(t.start..t.end) == Some("may") {
        return Some((Tense::Future, true));
    }
    // "will be paid", "has been set": a passive participle takes its tense from the auxiliary.
    if matches!(prev.as_str(), "be" | "been" | "being") {
        return None;
    }
    match t.lex {
        Some(Lex::FutureCue) => {
            // "I'd" and "he'll" come as an apostrophe and a word; "going to" needs "to".
            let w = text.get(t.start..t.end).unwrap_or("");
            if w.eq_ignore_ascii_case("going") {
                return toks
                    .get(i + 1)
                    .filter(|n| n.lex == Some(Lex::To))
                    .map(|_| (Tense::Future, true));
            }
            if w.eq_ignore_ascii_case("ll") {
                return (i > 0 && toks[i - 1].kind == TokKind::Punct).then_some((Tense::Future, true));
            }
            Some((Tense::Future, true))
        }
        Some(Lex::PastCue) | Some(Lex::Ago) => Some((Tense::Past, true)),
        Some(Lex::DayWord(d)) if d < 0 => Some((Tense::Past, true)),
        Some(Lex::DayWord(d)) if d > 0 => Some((Tense::Future, true)),
        Some(Lex::Next) => Some((Tense::Future, true)),
        Some(_) => None,
        None => {
            if t.kind != TokKind::Word || t.cap {
                return None;
            }
            let w = text.get(t.start..t.end)?;
            // "set to resume", "is to meet": scheduled.
            if (w == "set" || w == "is" || w == "are")
                && toks
                    .get(i + 1)
                    .is_some_and(|n| n.lex == Some(Lex::To) || (w == "set" && text.get(n.start..n.end) == Some("for")))
            {
                return Some((Tense::Future, true));
            }
            if w.len() >= 5 && w.ends_with("ed") && !NOT_PAST.contains(&w) {
                return Some((Tense::Past, false));
            }
            None
        }
    }
}

/// Capitalised abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "st", "jr", "sr", "inc", "co", "corp",
    "ltd", "no", "vs", "mt", "ft", "capt", "maj", "cmdr", "adm", "prof", "rev", "hon", "ave", "blvd", "gens", "sens",
    "reps", "atty", "supt", "cpl", "pvt", "messrs",
];

/// True when token `i` ends a sentence (or a clause strong enough to stop the search).
fn boundary(toks: &[Tok], text: &str, i: usize) -> bool {
    let Some(t) = toks.get(i) else {
        return true;
    };
    if t.kind != TokKind::Punct {
        return false;
    }
    match t.ch {
        '!' | '?' | ';' | '\u{201c}' | '\u{201d}' | '"' => true,
        '.' => {
            // "Jan. 3", "Gen. Qassem", "U.S." do not end a sentence.
            if i == 0 {
                return true;
            }
            let p = &toks[i - 1];
            let word = text.get(p.start..p.end).unwrap_or("");
            let short_cap = p.kind == TokKind::Word
                && p.cap
                && (word.len() == 1 || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)));
            let next_lower = toks
                .get(i + 1)
                .is_some_and(|n| n.kind == TokKind::Num || (n.kind == TokKind::Word && !n.cap));
            !(short_cap || next_lower || matches!(p.lex, Some(Lex::Month(_, true))))
        }
        _ => false,
    }
}

/// The tense of the clause around tokens `first..=last`, if any cue decides it.
pub fn tense_at(toks: &[Tok], text: &str, first: usize, last: usize) -> Option<Cue> {
    // Distances count words, so that "Newark, N.J.," costs what "Newark" does; the
    // number of tokens looked at stays bounded all the same.
    let is_word = |k: usize| toks.get(k).is_some_and(|t| t.kind != TokKind::Punct);
    let mut left = None;
    let mut i = first;
    let mut steps = 0;
    let mut scanned = 0;
    while i > 0 && steps < LEFT && scanned < SCAN_LIMIT {
        i -= 1;
        scanned += 1;
        steps += usize::from(is_word(i));
        if boundary(toks, text, i) || toks[i + 1].newline_before {
            break;
        }
        if let Some(c) = cue(toks, text, i) {
            left = Some((c, steps));
            break;
        }
    }
    let mut right = None;
    let mut j = last + 1;
    let mut steps = 0;
    let mut scanned = 0;
    while j < toks.len() && steps < RIGHT && scanned < SCAN_LIMIT {
        scanned += 1;
        steps += usize::from(is_word(j));
        if boundary(toks, text, j) || toks[j].newline_before {
            break;
        }
        if let Some(c) = cue(toks, text, j) {
            right = Some((c, steps));
            break;
        }
        j += 1;
    }
    match (left, right) {
        // A cue to the right counts double its distance: the governing verb usually precedes.
        (Some((l, ld)), Some((r, rd))) => Some(if 2 * rd < ld { r } else { l }),
        (Some((l, _)), None) => Some(l),
        (None, Some((r, _))) => Some(r),
        (None, None) => None,
    }
}

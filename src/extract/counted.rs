//! What a quantity counts, in a form that compares across articles: the counted noun as a
//! singular lemma ("children" → "child", "people" → "person") and the state the clause puts
//! it in ("32 people were killed", "killing 32", "a death toll of 32" → `dead`).
//!
//! Two sources that give "23 dead" and "32 people were killed" count the same thing; two
//! that give "32 people were killed" and "23 people were injured" do not, although both
//! count people. Comparing quantities across sources needs both halves.
//!
//! The state is read from a few words on either side of the quantity, inside its clause:
//! after it ("were killed", "died", "dead", "have been arrested") or before it ("killed at
//! least 32", "a death toll of 32", "the toll rose to 32"). The words are a closed list of
//! the states news counts; anything else leaves the state unknown, and rules that need the
//! same state then compare nothing.

use std::borrow::Cow;
use std::sync::LazyLock;

use foldhash::HashMap;

/// Nouns that only say "people": "32 people were killed" and "32 dead" count the same.
const GENERIC: &[&str] = &["people", "persons", "person", "individuals", "individual", "others"];

/// Irregular plurals of counted nouns, and nouns whose singular ends in "s".
const IRREGULAR: &[(&str, &str)] = &[
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("policemen", "policeman"),
    ("policewomen", "policewoman"),
    ("firemen", "fireman"),
    ("gunmen", "gunman"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("mice", "mouse"),
    ("geese", "goose"),
    ("lives", "life"),
    ("wives", "wife"),
    ("knives", "knife"),
    ("thieves", "thief"),
    ("news", "news"),
    ("series", "series"),
    ("species", "species"),
    ("police", "police"),
    ("staff", "staff"),
    ("personnel", "personnel"),
    ("crisis", "crisis"),
    ("analysis", "analysis"),
    ("bus", "bus"),
    ("buses", "bus"),
    ("census", "census"),
];

/// Words that name the state of what is counted, with the state they name.
const STATES: &[(&str, &str)] = &[
    ("killed", "dead"),
    ("dead", "dead"),
    ("died", "dead"),
    ("die", "dead"),
    ("deaths", "dead"),
    ("death", "dead"),
    ("fatalities", "dead"),
    ("slain", "dead"),
    ("perished", "dead"),
    ("killing", "dead"),
    ("kills", "dead"),
    ("kill", "dead"),
    ("toll", "dead"),
    ("injured", "injured"),
    ("wounded", "injured"),
    ("hurt", "injured"),
    ("injuries", "injured"),
    ("injuring", "injured"),
    ("wounding", "injured"),
    ("arrested", "arrested"),
    ("arrests", "arrested"),
    ("arresting", "arrested"),
    ("detained", "arrested"),
    ("missing", "missing"),
    ("unaccounted", "missing"),
    ("evacuated", "evacuated"),
    ("evacuating", "evacuated"),
    ("displaced", "displaced"),
    ("rescued", "rescued"),
    ("hospitalized", "hospitalized"),
    ("hospitalised", "hospitalized"),
    ("hospitalizations", "hospitalized"),
    ("infected", "infected"),
    ("charged", "charged"),
    ("indicted", "charged"),
    ("convicted", "convicted"),
    ("sentenced", "sentenced"),
    ("evicted", "evicted"),
];

/// Words that may stand between a quantity and its state: "32 people have been killed".
const BETWEEN: &[&str] = &[
    "were",
    "was",
    "are",
    "is",
    "have",
    "has",
    "had",
    "been",
    "being",
    "be",
    "reportedly",
    "also",
    "all",
    "later",
    "now",
    "since",
    "already",
    "confirmed",
    "believed",
    "feared",
    "reported",
    "left",
    "people",
    "off",
    "as",
];

/// Words that may stand between a state and the quantity after it: "killed at least 32",
/// "a death toll of 32", "the toll rose to 32".
const BEFORE: &[&str] = &[
    "of", "to", "at", "rose", "risen", "climbed", "reached", "stood", "stands", "is", "was", "has", "had", "now",
    "the", "some", "another", "a", "an", "total", "in", "all", "leaving", "left", "with",
];

/// The counted noun of a quantity as a singular, lower-case lemma; `person` for the nouns
/// that only say "people" and for a quantity whose state says they are people ("32 dead").
pub fn noun_lemma(unit: Option<&str>, state: Option<&str>) -> Option<String> {
    let Some(unit) = unit else {
        // "32 dead", "killing 32": the state says what is counted.
        return state.map(|_| "person".to_string());
    };
    let u = unit.trim().to_lowercase();
    if u.is_empty() {
        return None;
    }
    // Currencies and percentages are their own measures.
    if unit.chars().all(|c| c.is_ascii_uppercase()) || u == "%" || u == "percentage points" {
        return Some(unit.to_string());
    }
    if GENERIC.contains(&u.as_str()) || STATES.iter().any(|(w, _)| *w == u) {
        return Some("person".to_string());
    }
    Some(singular(&u))
}

/// The singular of an English noun, by its ending; irregular plurals from a table.
pub fn singular(word: &str) -> String {
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == word) {
        return (*s).to_string();
    }
    let strip = |n: usize| word[..word.len() - n].to_string();
    if word.len() > 4 && word.ends_with("ies") {
        return format!("{}y", strip(3));
    }
    if word.len() > 4
        && (word.ends_with("sses")
            || word.ends_with("shes")
            || word.ends_with("ches")
            || word.ends_with("xes")
            || word.ends_with("zes"))
    {
        return strip(2);
    }
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is")
    {
        return strip(1);
    }
    word.to_string()
}

/// The state of what a quantity at `start..end` of `text` counts, from the words of its
/// clause on either side.
pub fn state(text: &str, start: usize, end: usize) -> Option<&'static str> {
    // Up to a dozen words are looked up for every quantity.
    static STATE_OF: LazyLock<HashMap<&str, &str>> = LazyLock::new(|| STATES.iter().copied().collect());
    let lookup = |w: &str| STATE_OF.get(w).copied();
    // The quantity's own words: "32 dead", "12 deaths".
    if let Some(st) = words_back(text.get(start..end)?).next().and_then(|w| lookup(&w)) {
        return Some(st);
    }
    // After it: skip auxiliaries, stop at the first other word or at punctuation.
    for w in clause_after(text, end).take(5) {
        if let Some(st) = lookup(&w) {
            return Some(st);
        }
        if !BETWEEN.contains(&w.as_ref()) {
            break;
        }
    }
    // "The death toll from Monday’s ferry disaster on Lake Kivu stood at 23".
    const TOLL_LINK: &[&str] = &[
        "to", "at", "of", "reached", "hit", "stood", "was", "is", "passed", "topped",
    ];
    let mut before = clause_before(text, start).peekable();
    if before.peek().is_some_and(|w| TOLL_LINK.contains(&w.as_ref()))
        && clause_before(text, start).take(12).any(|w| w == "toll")
    {
        return Some("dead");
    }
    // Before it: "killed at least 32", "a death toll of 32".
    for w in before.take(5) {
        if let Some(st) = lookup(&w) {
            return Some(st);
        }
        if !BEFORE.contains(&w.as_ref()) {
            break;
        }
    }
    None
}

/// Whether the quantity at `start` of `text` is the new value of a running count: "the toll
/// rose to 32", "bringing the death toll to 11", "climbed to 40". Such a figure reports a
/// change, and says nothing against another source's earlier figure.
pub fn is_update(text: &str, start: usize) -> bool {
    const CHANGE: &[&str] = &[
        "rose",
        "risen",
        "rising",
        "climbed",
        "climbing",
        "bringing",
        "brought",
        "brings",
        "increased",
        "jumped",
        "soared",
        "grew",
        "raised",
        "raising",
        "revised",
        "updated",
    ];
    let mut before = clause_before(text, start);
    before.next().is_some_and(|w| w == "to")
        && clause_before(text, start)
            .take(10)
            .any(|w| CHANGE.contains(&w.as_ref()))
}

/// Whether `c` is part of a word: a letter, digit, apostrophe or hyphen.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// A word as compared: in lower case. (Read for every quantity: a word already in lower
/// case is not copied.)
fn lower(w: &str) -> Cow<'_, str> {
    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// The lower-case words of `s`, split at anything that is not part of a word, first to
/// last; read one at a time, as far as the caller looks.
fn words(s: &str) -> impl Iterator<Item = Cow<'_, str>> {
    s.split(|c: char| !in_word(c)).filter(|w| !w.is_empty()).map(lower)
}

/// The words of `s` as [`words`] reads them, last to first.
fn words_back(s: &str) -> impl Iterator<Item = Cow<'_, str>> {
    s.rsplit(|c: char| !in_word(c)).filter(|w| !w.is_empty()).map(lower)
}

/// How far to look on either side of a quantity, in bytes.
const WINDOW: usize = 80;

/// The words after `end` up to the end of the clause (a comma, a colon, the end of a
/// sentence or line), nearest first.
fn clause_after(text: &str, end: usize) -> impl Iterator<Item = Cow<'_, str>> {
    let mut stop = (end + WINDOW).min(text.len());
    while !text.is_char_boundary(stop) {
        stop -= 1;
    }
    let rest = text.get(end..stop).unwrap_or("");
    words(rest.split(is_clause_end).next().unwrap_or(""))
}

/// The words before `start` back to the start of the clause, nearest first.
fn clause_before(text: &str, start: usize) -> impl Iterator<Item = Cow<'_, str>> {
    let mut from = start.saturating_sub(WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text.get(from..start).unwrap_or("");
    words_back(before.rsplit(is_clause_end).next().unwrap_or(""))
}

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '.' | '!' | '?' | '\n' | '(' | ')' | '“' | '”' | '"'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_of(sentence: &str, quantity: &str) -> Option<&'static str> {
        let start = sentence.find(quantity).expect("the quantity is in the sentence");
        state(sentence, start, start + quantity.len())
    }

    #[test]
    fn words_in_capitals_or_beyond_ascii_read_as_in_lower_case() {
        assert_eq!(
            state_of("32 PEOPLE WERE KILLED in the blast.", "32 PEOPLE"),
            Some("dead")
        );
        assert_eq!(state_of("The Death Toll Rose To 32 on Friday.", "32"), Some("dead"));
        let rose = "The Death Toll ROSE To 32 on Friday.";
        assert!(is_update(rose, rose.find("32").expect("a figure")));
        // "Évacués" is no English state word, in any case.
        assert_eq!(state_of("Hier, 300 Évacués.", "300"), None);
    }

    #[test]
    fn states_are_read_on_either_side_inside_the_clause() {
        assert_eq!(
            state_of("At least 32 people were killed in the blast.", "At least 32 people"),
            Some("dead")
        );
        assert_eq!(state_of("The bomb killed 23 and wounded dozens.", "23"), Some("dead"));
        assert_eq!(state_of("The death toll rose to 32 on Friday.", "32"), Some("dead"));
        assert_eq!(
            state_of(
                "The death toll from Monday’s ferry disaster on Lake Kivu stood at 23.",
                "23"
            ),
            Some("dead")
        );
        assert_eq!(
            state_of("Thirty-two dead, officials said.", "Thirty-two dead"),
            Some("dead")
        );
        assert_eq!(
            state_of("Police said 105 children had been injured.", "105 children"),
            Some("injured")
        );
        assert_eq!(
            state_of("Four dozen protesters have been arrested.", "Four dozen protesters"),
            Some("arrested")
        );
        // Another clause, or a word that is not a state, stops the search.
        assert_eq!(
            state_of("Some 300 people marched, and two were killed.", "300 people"),
            None
        );
        assert_eq!(
            state_of("The 40 villagers who fled were not hurt.", "40 villagers"),
            None
        );
        assert_eq!(state_of("He won 52,000 votes.", "52,000 votes"), None);
    }

    #[test]
    fn a_new_value_of_a_running_count_is_an_update() {
        let at = |s: &str, q: &str| is_update(s, s.find(q).expect("in the sentence"));
        assert!(at(
            "The quake killed six children, bringing the confirmed death toll to 11.",
            "11"
        ));
        assert!(at("The death toll rose to 32 on Friday.", "32"));
        assert!(!at("The death toll stood at 23 on Friday.", "23"));
        assert!(!at("Police said 12 people were killed.", "12"));
    }

    #[test]
    fn nouns_are_singular_lemmas_and_people_are_persons() {
        assert_eq!(noun_lemma(Some("children"), None).as_deref(), Some("child"));
        assert_eq!(noun_lemma(Some("casualties"), None).as_deref(), Some("casualty"));
        assert_eq!(noun_lemma(Some("people"), Some("dead")).as_deref(), Some("person"));
        assert_eq!(noun_lemma(None, Some("dead")).as_deref(), Some("person"));
        assert_eq!(noun_lemma(Some("dead"), Some("dead")).as_deref(), Some("person"));
        assert_eq!(noun_lemma(Some("USD"), None).as_deref(), Some("USD"));
        assert_eq!(noun_lemma(Some("%"), None).as_deref(), Some("%"));
        assert_eq!(noun_lemma(Some("buses"), None).as_deref(), Some("bus"));
        assert_eq!(noun_lemma(Some("police"), None).as_deref(), Some("police"));
        assert_eq!(noun_lemma(None, None), None);
    }
}

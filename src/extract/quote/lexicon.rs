//! Word lists for reporting cues, noun-phrase boundaries and anonymous sources.
//!
//! Every token is classified once into a bit set, so later passes test bits instead
//! of comparing strings.

use std::sync::LazyLock;

use crate::extract::lexicon::{MONTHS, ONES, WEEKDAYS, WordMap};

/// A finite reporting verb ("said", "told", "warned", "tweeted").
pub(crate) const CUE: u32 = 1;
/// A reporting verb in -ing form ("saying", "adding"), which takes its subject from the
/// clause it hangs on.
pub(crate) const CUE_ING: u32 = 1 << 1;
/// A word that ends a noun phrase: conjunctions, relatives, auxiliaries, verbs.
pub(crate) const STOP: u32 = 1 << 2;
/// A subject pronoun.
pub(crate) const PRON: u32 = 1 << 3;
/// An adverb or auxiliary that may sit between a subject and its reporting verb.
pub(crate) const SKIP: u32 = 1 << 4;
/// A weekday, month or other time word ("Friday", "yesterday").
pub(crate) const TIME: u32 = 1 << 5;
/// A preposition.
pub(crate) const PREP: u32 = 1 << 6;
/// A determiner or count word that may open a noun phrase.
pub(crate) const DET: u32 = 1 << 7;
/// The head noun of a possible anonymous source ("official", "sources").
pub(crate) const ANON_HEAD: u32 = 1 << 8;
/// A plural anonymous-source head ("officials", "sources").
pub(crate) const PLURAL: u32 = 1 << 9;
/// A modifier that may precede an anonymous-source head ("senior", "former").
pub(crate) const ANON_MOD: u32 = 1 << 10;
/// A verb that can only be a speaker's cue when followed by "to" ("according").
pub(crate) const ACCORDING: u32 = 1 << 11;
/// A masculine marker for pronoun resolution ("Mr.").
pub(crate) const MASC: u32 = 1 << 12;
/// A feminine marker for pronoun resolution ("Mrs.", "Ms.").
pub(crate) const FEM: u32 = 1 << 13;
/// A reporting verb that introduces indirect speech ("said that", "told", "reported").
pub(crate) const ATTR: u32 = 1 << 15;
/// A role noun that may end a subject phrase ("spokesman", "minister").
pub(crate) const ROLE: u32 = 1 << 16;
/// A modal or particle after which a reporting verb is not a report ("to say", "would say").
pub(crate) const MODAL: u32 = 1 << 14;

/// The words of the lexicon, by what they are; a word may be in several lists.
#[rustfmt::skip]
const LISTS: &[(u32, &[&str])] = &[
    (CUE, &[
        "said", "says", "say", "told", "tells", "tell", "added", "adds", "warned", "warns", "wrote",
        "writes", "tweeted", "tweets", "asked", "asks", "explained", "explains", "noted", "notes",
        "stated", "states", "continued", "continues", "declared", "declares", "argued", "argues",
        "insisted", "insists", "claimed", "claims", "replied", "replies", "responded", "responds",
        "recalled", "recalls", "acknowledged", "acknowledges", "admitted", "admits", "conceded",
        "concedes", "countered", "counters", "observed", "remarked", "suggested", "suggests",
        "announced", "announces", "stressed", "stresses", "emphasized", "emphasised", "complained",
        "complains", "joked", "jokes", "quipped", "demanded", "demands", "boasted", "boasts",
        "urged", "urges", "predicted", "predicts", "cautioned", "posted", "texted", "emailed",
        "testified", "shouted", "yelled", "chanted", "sings", "sang", "reported", "reports",
        "mused", "pleaded", "vowed", "promised", "lamented", "repeated", "reiterated", "exclaimed",
        "retorted", "snapped", "contended", "maintained", "wondered", "concluded", "confirmed",
        "confirms", "tweet", "write", "ask", "add", "warn", "explain", "note", "insist", "claim",
        "argue", "interjected", "thundered", "scoffed", "sighed", "bragged", "proclaimed",
        "assured", "informed", "cautions", "recounted", "recounts", "reflected", "answered",
        "answers", "challenged", "begged", "announce", "commented", "comments", "yells", "screamed",
        "screams", "shouts", "cried", "whispered", "called", "accused", "dubbed", "branded",
        "described", "read", "reads", "fumed", "crowed", "questioned", "raged", "gushed", "yell",
        "scream", "shout", "notified",
    ]),
    (CUE_ING, &[
        "saying", "adding", "telling", "writing", "noting", "asking", "warning", "explaining",
        "arguing", "insisting", "claiming", "declaring", "stating", "calling", "stressing",
        "replying", "responding", "chanting", "joking", "urging", "predicting", "acknowledging",
        "admitting", "conceding", "recalling", "suggesting", "complaining", "emphasizing",
        "reporting", "posting", "screaming", "shouting", "yelling",
    ]),
    (ACCORDING, &[
        "according",
    ]),
    (ATTR, &[
        "said", "says", "say", "told", "tells", "reported", "reports", "wrote", "writes", "tweeted",
        "added", "adds", "warned", "warns", "noted", "notes", "stated", "announced", "claimed",
        "claims", "argued", "argues", "explained", "confirmed", "acknowledged", "insisted",
        "insists", "suggested", "predicted", "testified", "cautioned", "conceded", "admitted",
    ]),
    (PRON, &[
        "he", "she", "they", "i", "we", "you", "it",
    ]),
    (SKIP, &[
        "also", "later", "then", "again", "previously", "once", "recently", "earlier", "further",
        "simply", "just", "quickly", "publicly", "privately", "repeatedly", "reportedly", "has",
        "had", "have", "flatly", "bluntly", "angrily", "tartly", "sharply", "softly", "quietly",
        "firmly", "often", "frequently", "last", "subsequently", "allegedly", "initially", "first",
        "finally", "separately", "since", "already", "even", "still", "recent", "ultimately",
        "openly", "emphatically", "confidently", "candidly", "succinctly", "however",
    ]),
    (STOP, &[
        "and", "but", "or", "nor", "that", "which", "who", "whom", "whose", "because", "when",
        "while", "as", "if", "is", "was", "were", "are", "be", "been", "will", "would", "could",
        "should", "can", "may", "might", "must", "not", "do", "does", "did", "so", "than", "where",
        "whether", "though", "although", "what", "how", "why", "this", "these", "those", "there",
        "here", "after", "before", "until", "unless", "yet", "him", "her", "them", "me", "us",
        "himself", "herself", "themselves", "like", "by", "has", "according", "have", "had", "said",
        "says", "told", "added", "n't", "however", "meanwhile", "instead", "also", "then", "now",
        "later", "once", "again", "still", "it's", "there's", "didn't", "doesn't", "don't",
        "wasn't", "isn't", "won't", "wouldn't", "can't", "couldn't", "hasn't", "haven't", "having",
        "being", "get", "got", "make", "made", "think", "thinks", "thought", "believe", "believes",
        "want", "wants", "wanted", "need", "needs", "know", "knows", "knew", "go", "goes", "went",
        "come", "came", "see", "saw", "seen", "take", "took", "give", "gave", "let", "keep", "kept",
        "even", "only", "very", "too", "more", "most", "less", "no", "yes", "ok", "please",
        "where's", "what's", "that's", "we're", "they're", "you're", "i'm", "he's", "she's",
        "we've", "i've", "they've", "you've", "i'll", "we'll", "i'd",
    ]),
    (TIME, &[
        "today", "yesterday", "tonight", "tomorrow", "morning", "afternoon", "evening", "night",
        "week", "month", "year", "weekend", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.",
        "earlier", "later", "recently",
    ]),
    (PREP, &[
        "in", "on", "at", "during", "for", "with", "from", "of", "to", "about", "by", "after",
        "before", "since", "via", "through", "amid", "despite", "over", "under", "into", "onto",
        "upon", "within", "without", "outside", "inside", "toward", "towards", "across", "behind",
        "near",
    ]),
    (DET, &[
        "a", "an", "the", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "several", "some", "multiple", "many", "other", "another", "both", "numerous", "few",
        "dozen", "dozens", "more", "most", "various", "his", "her", "its", "their", "our", "my",
        "your", "every", "each", "all", "any",
    ]),
    (ANON_HEAD, &[
        "source", "official", "diplomat", "aide", "insider", "adviser", "advisor", "staffer",
        "person", "officer", "operative", "strategist", "lawmaker", "executive", "negotiator",
        "confidant", "employee", "investigator", "member", "analyst", "lawyer", "expert", "manager",
        "forecaster", "economist",
    ]),
    (ANON_HEAD | PLURAL, &[
        "sources", "officials", "diplomats", "aides", "insiders", "advisers", "advisors",
        "staffers", "people", "officers", "operatives", "strategists", "lawmakers", "executives",
        "negotiators", "confidants", "employees", "investigators", "members", "analysts", "lawyers",
        "experts", "managers", "forecasters", "economists",
    ]),
    (ANON_MOD, &[
        "senior", "former", "current", "top", "high-ranking", "administration", "defense",
        "diplomatic", "u.s.", "us", "american", "white", "house", "state", "department",
        "intelligence", "military", "government", "campaign", "third", "second", "fourth", "other",
        "another", "knowledgeable", "western", "european", "israeli", "iraqi", "iranian", "russian",
        "chinese", "british", "french", "german", "federal", "local", "police", "security",
        "republican", "democratic", "gop", "congressional", "party", "trump", "clinton", "obama",
        "biden", "pentagon", "justice", "law", "enforcement", "regional", "arab", "foreign",
        "mid-level", "high-level", "veteran", "longtime", "retired", "close", "well-placed",
        "informed", "reliable", "anonymous", "unnamed", "independent", "separate", "additional",
        "fbi", "cia", "nsc", "un", "u.n.", "eu", "nato", "ukrainian", "turkish", "saudi", "syrian",
        "afghan", "pakistani", "indian", "japanese", "korean", "north", "south", "treasury",
        "commerce", "energy", "homeland", "health", "transition", "committee", "republicans",
        "democrats", "senate", "legislative", "industry", "company", "bank", "european-union",
        "turkish-backed", "iranian-backed",
    ]),
    (ROLE, &[
        "spokesman", "spokeswoman", "spokesperson", "leader", "minister", "secretary", "president",
        "director", "chairman", "chairwoman", "chair", "senator", "governor", "mayor", "ambassador",
        "envoy", "general", "commander", "chief", "lawyer", "attorney", "professor", "economist",
        "researcher", "head", "manager", "founder", "ceo", "counsel", "nurse", "retiree",
        "resident", "narrator", "candidate", "nominee", "campaign", "office", "department",
        "ministry", "government", "company", "agency", "committee", "union", "board", "council",
        "group", "team", "network", "newspaper",
    ]),
    (MASC, &[
        "mr.", "mr", "sir", "lord", "king", "prince",
    ]),
    (FEM, &[
        "mrs.", "mrs", "ms.", "ms", "miss", "lady", "queen", "princess", "dame",
    ]),
    (MODAL, &[
        "to", "would", "will", "could", "should", "can", "may", "might", "must", "not", "n't",
        "didn't", "don't", "doesn't", "wouldn't", "won't", "never", "cannot", "can't", "couldn't",
        "shall", "did", "do", "does", "the", "a", "an", "whom",
    ]),
];

/// Every word of the lexicon with its flags, made once: a token is classified with one
/// lookup instead of comparing it with the words of every list.
static FLAGS: LazyLock<WordMap<u32>> = LazyLock::new(|| {
    let mut flags = WordMap::default();
    for (flag, words) in LISTS {
        for &w in *words {
            *flags.entry(w).or_insert(0) |= flag;
        }
    }
    // "may" is read as a modal (`MODAL`), not as the month.
    for &w in WEEKDAYS.iter().chain(MONTHS.iter().filter(|&&m| m != "may")) {
        *flags.entry(w).or_insert(0) |= TIME;
    }
    flags
});

/// Classifies a lowercased word.
pub(crate) fn classify(w: &str) -> u32 {
    FLAGS.get(w).copied().unwrap_or(0)
}

/// The count a determiner or number word states, when it states one.
pub(crate) fn count_of(w: &str) -> Option<u32> {
    Some(match w {
        "a" | "an" | "another" => 1,
        "both" => 2,
        "dozen" => 12,
        _ => {
            let word = (1..).zip(&ONES[1..=10]).find_map(|(n, o)| (*o == w).then_some(n));
            return word.or_else(|| w.parse::<u32>().ok());
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_has_the_flags_of_every_list_it_is_in() {
        assert_eq!(classify("said"), CUE | ATTR | STOP);
        assert_eq!(classify("officials"), ANON_HEAD | PLURAL);
        assert_eq!(classify("lawyer"), ANON_HEAD | ROLE);
        assert_eq!(classify("the"), DET | MODAL);
        assert_eq!(classify("monday"), TIME);
        assert_eq!(classify("march"), TIME);
        // The modal, not the month.
        assert_eq!(classify("may"), STOP | MODAL);
        assert_eq!(classify("soleimani"), 0);
        assert_eq!(classify(""), 0);
    }
}

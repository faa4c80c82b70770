//! People, organisations and places.
//!
//! Two stages. [`find_mentions`] reads one document and returns the names it
//! mentions, from capitalisation, titles ("Secretary of State"), cue words
//! ("… Committee", "… Province") and the built-in [`Gazetteer`]. Then
//! [`resolve`] joins the mentions of every document of one story into
//! entities, by hashing keys — the folded name, the alias-table canonical
//! name, the surname, the initials of an organisation — so a story of 1,000
//! articles costs about ten times one of 100.
//!
//! Conventions:
//! - A mention's span covers its titles and the name ("Secretary of State
//!   Mike Pompeo", "Ambassador \[Matthew\] Tueller") but never a possessive
//!   "’s" nor a leading lower-case "the"; `name` is the name alone, with
//!   brackets, nicknames and titles removed ("Matthew Tueller").
//! - An entity keeps every distinct name it was seen with in `spellings`;
//!   `variants` groups the spellings that differ only in case, punctuation
//!   or a letter of a given name and are not all declared in the gazetteer
//!   or an alias table ("Washington Post" / "Washington post"): those are
//!   the ones a consistency rule should report.

mod alias;
mod gazetteer;
mod mention;
mod resolve;
mod token;

pub use alias::{AliasEntry, AliasError, AliasTable};
pub use gazetteer::Gazetteer;
pub use mention::find_mentions;
pub use resolve::resolve;

use crate::value::Value;

use crate::span::Span;

/// The type of an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, government body, news outlet, party, armed group…
    Organization,
    /// A country, city, region or facility.
    Place,
    /// A name whose type the text does not tell.
    Other,
}

impl EntityKind {
    /// The name used in JSON: person, organization, place or other.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Other => "other",
        }
    }
}

/// How sure the extractor is of a mention's type; resolution lets the
/// strongest evidence decide an entity's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Evidence {
    /// A lone capitalised word; its type is a guess.
    Weak,
    /// The shape of the name (two or three capitalised words: a person).
    Shape,
    /// A title or a cue word ("Gen.", "… Ministry").
    Cue,
    /// The gazetteer or an alias table.
    Listed,
}

/// One mention of a name in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Titles and name as written, possessive excluded.
    pub span: Span,
    /// The normalised name: titles, brackets, nicknames and possessive removed.
    pub name: String,
    /// The type this mention alone suggests.
    pub kind: EntityKind,
    /// Canonical titles and roles written with the name ("Secretary of State").
    pub roles: Vec<String>,
    /// Whether "former", "ex-" or "then" marks its title as no longer held.
    pub former: bool,
    /// Where the last title written before the name ends; the titles start where the span does.
    pub title_end: Option<usize>,
    /// How the type was found.
    pub evidence: Evidence,
    /// The gazetteer's spelling when the name is listed ("Washington Post").
    pub listed: Option<String>,
    /// A nickname written in parentheses inside the name ("Mike" in
    /// "Michael (Mike) Richard Pompeo").
    pub nickname: Option<String>,
    /// For an acronym defined in parentheses ("National Security Council’s
    /// (NSC)"), the index of the mention it abbreviates in the same document.
    pub acronym_of: Option<usize>,
}

impl Mention {
    /// Number of words in the name.
    pub fn words(&self) -> usize {
        self.name.split_whitespace().count()
    }
}

/// One entity of a story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Index in [`Resolution::entities`], shared by every document of the story.
    pub id: usize,
    /// Canonical name: from an alias table or the gazetteer, else the fullest name seen.
    pub name: String,
    /// The type given by the strongest evidence.
    pub kind: EntityKind,
    /// Every distinct name the entity was seen with, in order of appearance.
    pub spellings: Vec<String>,
    /// Groups of spellings of the same name that differ in case, punctuation
    /// or a letter, and are not all declared in the gazetteer or an alias table.
    pub variants: Vec<Vec<String>>,
    /// Titles and roles seen with the entity, in order of appearance.
    pub roles: Vec<String>,
}

impl Entity {
    /// The entity fact: `{"kind": "entity", "id", "name", "type", "spellings", "variants", "roles"}`.
    pub fn to_json(&self) -> Value {
        fact!({
            "kind": "entity",
            "id": self.id,
            "name": &self.name,
            "type": self.kind.as_str(),
            "spellings": &self.spellings,
            "variants": &self.variants,
            "roles": &self.roles,
        })
    }
}

/// The entities of one story and which entity each mention refers to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    /// Entities; `entities[i].id == i`.
    pub entities: Vec<Entity>,
    /// Per document, per mention: the entity id.
    pub mention_entity: Vec<Vec<usize>>,
}

/// The mention fact: `{"kind": "mention", "span", "text", "entity", "name", "title",
/// "title_words", "former", "title_family", "title_post"}`. `text` is exactly the bytes of the span (empty
/// if the span does not fit `text`). `title` is the title written with this mention (the
/// one nearest the name when there are several); `title_family` and `title_post` are the
/// gazetteer's exclusive family and post of that title, given only when the mention has
/// exactly one title: a person named with two ("Deputy Prime Minister and Foreign
/// Minister") holds both at once. `title_words` is `{"span", "text"}` of the titles as
/// written, or null.
pub fn mention_fact_json(m: &Mention, entity: usize, text: &str) -> Value {
    let title = m.roles.last();
    // The words of the titles, for labels: from the mention's start to the last title's end.
    let words = m
        .title_end
        .filter(|&end| title.is_some() && end <= m.span.end)
        .and_then(|end| Some((end, text.get(m.span.start..end)?)))
        .map(|(end, t)| fact!({"span": {"start": m.span.start, "end": end}, "text": t}));
    let family = match m.roles.as_slice() {
        [only] => Gazetteer::builtin().title_family(only),
        _ => None,
    };
    fact!({
        "kind": "mention",
        "span": { "start": m.span.start, "end": m.span.end },
        "text": text.get(m.span.start..m.span.end).unwrap_or(""),
        "entity": entity,
        "name": &m.name,
        "title": title,
        "title_words": words,
        "former": m.former,
        "title_family": family.map(|(f, _)| f),
        "title_post": family.map(|(_, p)| p),
    })
}

/// The key names are joined by: lower case, straight apostrophes, no periods,
/// hyphens as spaces, single spaces, no leading "the". "U.S." and "US",
/// "Al-Sahaf" and "al Sahaf", "Washington Post" and "the Washington post" share a key.
/// A short name in capitals keeps a mark of it, so that the acronym "WHO" and
/// the word "Who" stay apart.
pub(crate) fn fold_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 1);
    // (Counted up to six: only whether there are one to five matters.)
    let letters = name.chars().filter(|c| c.is_alphabetic()).take(6).count();
    if (1..=5).contains(&letters) && !name.chars().any(char::is_lowercase) {
        out.push('^');
    }
    let mut space = false;
    for c in name.chars() {
        if c == '.' {
            continue;
        }
        if c.is_whitespace() || c == '-' || c == '‐' {
            space = !out.is_empty() && out != "^";
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        // Most names are ASCII: no accent to fold, and a letter lowered by itself.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match fold_accent(c) {
            Some(plain) => out.push(plain),
            None => gazetteer::push_lower(&mut out, c.encode_utf8(&mut [0; 4])),
        }
    }
    match out.strip_prefix("the ").or_else(|| out.strip_prefix("^the ")) {
        Some(rest) => rest.to_string(),
        None => out,
    }
}

/// The plain lower-case letter for an accented Latin letter ("í" → "i"), so
/// that "Echeverría" and "Echeverria" share a key.
fn fold_accent(c: char) -> Option<char> {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => 'i',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'š' | 'ś' | 'ş' | 'Š' | 'Ś' | 'Ş' => 's',
        'ž' | 'ź' | 'ż' | 'Ž' | 'Ź' | 'Ż' => 'z',
        'ł' | 'Ł' => 'l',
        'ř' | 'Ř' => 'r',
        'ğ' | 'Ğ' => 'g',
        _ => return None,
    };
    Some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_key_joins_spellings() {
        assert_eq!(fold_key("U.S."), fold_key("US"));
        assert_eq!(fold_key("Al-Sahaf"), fold_key("al Sahaf"));
        assert_eq!(fold_key("the Washington post"), fold_key("Washington Post"));
        assert_eq!(fold_key("Echeverría"), fold_key("ECHEVERRIA"));
        assert_ne!(fold_key("WHO"), fold_key("Who"));
        assert_eq!(fold_key("  "), "");
    }

    /// `(text, title, former, family, post)` of every mention with a title in `text`.
    fn titles(text: &str) -> Vec<(String, Value, Value, Value, Value)> {
        find_mentions(text, Span::new(0, text.len()), &[])
            .iter()
            .map(|m| mention_fact_json(m, 0, text))
            .filter(|v| !v["title"].is_null())
            .map(|v| {
                (
                    v["text"].as_str().unwrap_or("").to_string(),
                    v["title"].clone(),
                    v["former"].clone(),
                    v["title_family"].clone(),
                    v["title_post"].clone(),
                )
            })
            .collect()
    }

    #[test]
    fn mentions_carry_their_own_title() {
        let text = "Officials said Defense Secretary Mike Pompeo met Lt. Gen. Ahmed Karimi on Monday.";
        let words: Vec<Value> = find_mentions(text, Span::new(0, text.len()), &[])
            .iter()
            .map(|m| mention_fact_json(m, 0, text)["title_words"]["text"].clone())
            .collect();
        assert_eq!(words, [fact!("Defense Secretary"), fact!("Lt. Gen.")]);
        let got = titles(text);
        assert_eq!(
            got,
            [
                (
                    "Defense Secretary Mike Pompeo".to_string(),
                    fact!("Secretary of Defense"),
                    fact!(false),
                    fact!("cabinet"),
                    fact!("defense")
                ),
                (
                    "Lt. Gen. Ahmed Karimi".to_string(),
                    fact!("Lieutenant General"),
                    fact!(false),
                    fact!("rank"),
                    fact!("lieutenant general")
                ),
            ]
        );
    }

    #[test]
    fn former_titles_are_marked() {
        for text in [
            "Officials said former Defense Secretary Mike Pompeo spoke.",
            "Former Defense Secretary Mike Pompeo spoke on Monday.",
            "Officials said former US Defense Secretary Mike Pompeo spoke.",
            "The plan was drawn up by then-Defense Secretary Mike Pompeo in May.",
            "The plan was drawn up by ex-Defense Secretary Mike Pompeo in May.",
        ] {
            let got = titles(text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(got[0].1, fact!("Secretary of Defense"), "{text}");
            assert_eq!(got[0].2, fact!(true), "{text}");
        }
        assert_eq!(
            titles("Officials said Defense Secretary Mike Pompeo spoke.")[0].2,
            fact!(false)
        );
    }

    #[test]
    fn qualified_and_joint_titles_have_no_family() {
        let got = titles("Officials said deputy defense secretary Mike Pompeo spoke.");
        assert_eq!(got[0].1, fact!("deputy Secretary of Defense"));
        assert_eq!(got[0].3, Value::Null);
        // "under" before a title that is no secretary is a preposition.
        let got = titles("He served under President Bill Clinton for years.");
        assert_eq!(got[0].1, fact!("President"));
        let got = titles("Officials said Deputy Prime Minister and Foreign Minister Dmytro Kuleba spoke.");
        assert_eq!(got[0].0, "Deputy Prime Minister and Foreign Minister Dmytro Kuleba");
        assert_eq!(got[0].1, fact!("Foreign Minister"));
        assert_eq!(got[0].3, Value::Null);
        // Honorifics are no title, and a listed name is no title either.
        assert!(titles("Officials said Mr. Pompeo spoke.").is_empty());
        assert!(titles("Officials said General Motors and General Electric agreed.").is_empty());
        let got = titles("Officials said President and CEO Tim Cook spoke.");
        assert_eq!(got[0].0, "President and CEO Tim Cook");
        assert_eq!(got[0].1, fact!("Chief Executive"));
        assert_eq!(got[0].3, Value::Null);
    }

    #[test]
    fn builtin_data_loads() {
        assert!(Gazetteer::builtin().len() > 500);
        assert!(AliasTable::builtin().entries().len() > 20);
        assert_eq!(
            Gazetteer::builtin().title_family("Foreign Secretary"),
            Some(("cabinet", "foreign"))
        );
        assert_eq!(Gazetteer::builtin().title_family("Senator"), None);
        assert!(AliasTable::parse_toml(include_str!("../../../data/gazetteer/aliases.toml")).is_ok());
    }
}

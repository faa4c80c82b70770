//! The fact schema: every kind of fact, its fields, their types and one line of meaning each.
//!
//! One description serves everyone who handles facts: the extractors' output conforms to it
//! (checked by `tests/schema.rs` over the examples), the rule compiler checks fact patterns,
//! conditions and templates against it, `factlint facts` prints facts with exactly these
//! fields, and `docs/facts.md` documents exactly these kinds and fields (checked by the same
//! test). A rule sees a fact with the fields `factlint facts` prints, under the same names.
//!
//! A fact is a JSON object. Besides the fields of its kind ([`Kind::fields`]) every fact has
//! [`BASE_FIELDS`] (`kind`, `span`, `text`); in a story, where rules see it, it also has its
//! place in its article ([`POSITION_FIELDS`]), the fields of its article
//! ([`ARTICLE_FIELDS`]) and the join keys of its kind ([`Kind::story_fields`]). Events are
//! made by extraction rules: the fields an `emit` gives are described by an
//! [`EventShape`], known once every rule is loaded.

use crate::value::Value;

/// The type of a field's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Type {
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Int,
    /// Any number.
    Number,
    /// A string.
    Text,
    /// `{"start", "end"}`: byte offsets into the file as read, `end` exclusive.
    Span,
    /// A list of values of one type.
    List(&'static Type),
    /// An object with these fields.
    Object(&'static [Field]),
    /// What an extraction rule captured: the fact its words cover (of the kind given when
    /// the capture names a fact class, `?p:mention`), or `{"span", "text"}` of the words.
    Captured(Option<&'static str>),
}

/// One field of a fact or of an object inside one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    /// The name, as JSON writes it and a rule names it.
    pub name: &'static str,
    /// The type of its value.
    pub ty: Type,
    /// Whether the value may be `null`.
    pub nullable: bool,
    /// What it holds, in one line.
    pub doc: &'static str,
}

/// A kind of fact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kind {
    /// The value of the fact's `kind` field, and the name of its patterns in rules.
    pub name: &'static str,
    /// What a fact of this kind is, in one line.
    pub doc: &'static str,
    /// Its own fields, as the extractor gives them.
    pub fields: &'static [Field],
    /// Fields added in a story for rules to join on (a quotation's `shingles` and `terms`).
    pub story_fields: &'static [Field],
}

/// A class of facts a token pattern can match (`@date`, `?p:person`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Class {
    /// The class name written after `@` or `:`.
    pub name: &'static str,
    /// Other names accepted for it.
    pub aliases: &'static [&'static str],
    /// The kind of the facts it matches.
    pub kind: &'static str,
    /// For mentions, the entity type it requires.
    pub entity_type: Option<&'static str>,
}

const fn field(name: &'static str, ty: Type, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        nullable: false,
        doc,
    }
}

const fn nullable(name: &'static str, ty: Type, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        nullable: true,
        doc,
    }
}

/// Words of the text: `{"span", "text"}`.
pub const WORDS: Type = Type::Object(&[
    field("span", Type::Span, "where the words are"),
    field("text", Type::Text, "the words, exactly the bytes of the span"),
]);

/// Who says a quotation: `{"span", "text", "entity", "antecedent"}`.
pub const SPEAKER: Type = Type::Object(&[
    field("span", Type::Span, "where the words are"),
    field("text", Type::Text, "the words, exactly the bytes of the span"),
    nullable(
        "entity",
        Type::Int,
        "the id of the entity whose mention ends where the words end",
    ),
    nullable("antecedent", WORDS, "the name a pronoun was resolved to"),
]);

/// Who an attribution credits or who refuses: a speaker that may be anonymous,
/// `{"span", "text", "entity", "anonymous", "antecedent"}`.
pub const SOURCE: Type = Type::Object(&[
    field("span", Type::Span, "where the words are"),
    field("text", Type::Text, "the words, exactly the bytes of the span"),
    nullable(
        "entity",
        Type::Int,
        "the id of the entity whose mention ends where the words end",
    ),
    field("anonymous", Type::Bool, "an unnamed source"),
    nullable("antecedent", WORDS, "the name a pronoun was resolved to"),
]);

/// The days a time expression covers: `{"start", "end"}`, `YYYY-MM-DD`, inclusive.
const DAYS: Type = Type::Object(&[
    field("start", Type::Text, "the first day, YYYY-MM-DD"),
    field("end", Type::Text, "the last day, YYYY-MM-DD"),
]);

const TIME_FIELDS: &[Field] = &[
    nullable(
        "value",
        DAYS,
        "the days covered, `{\"start\", \"end\"}`; null when unresolved",
    ),
    nullable(
        "precision",
        Type::Text,
        "day, week, month, quarter, season, year, decade or century",
    ),
    field(
        "timex",
        Type::Object(&[
            field("type", Type::Text, "DATE, TIME, DURATION or SET"),
            field("value", Type::Text, "the TIMEX3 value"),
            field("mod", Type::Text, "START, MID, END, APPROX…"),
        ]),
        "the expression in TIMEX3 style: `{\"type\", \"value\", \"mod\"}`",
    ),
    field("reason", Type::Text, "why the value is null or partial"),
    field(
        "partial",
        Type::Object(&[
            field("month", Type::Int, "the month, 1–12"),
            nullable("day", Type::Int, "the day of the month; null for a month alone"),
        ]),
        "a month and day whose year nothing decides: `{\"month\", \"day\"}`",
    ),
    field(
        "stated_weekday",
        Type::Object(&[
            field("weekday", Type::Text, "the weekday written"),
            field("span", Type::Span, "where it is written"),
            nullable("actual", Type::Text, "the weekday of the date"),
            field("mismatch", Type::Bool, "whether they differ"),
        ]),
        "a weekday written beside an explicit date: `{\"weekday\", \"span\", \"actual\", \"mismatch\"}`",
    ),
    field(
        "relative_day_word",
        Type::Bool,
        "\"yesterday\", \"today\", \"tomorrow\"",
    ),
    field("relative", Type::Bool, "relative to the publication date"),
    field("signal", Type::Text, "the preposition before the expression"),
];

/// Every kind of fact, in the order `docs/facts.md` describes them.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "date",
        doc: "a date or a time of day",
        fields: TIME_FIELDS,
        story_fields: &[],
    },
    Kind {
        name: "duration",
        doc: "a length of time",
        fields: TIME_FIELDS,
        story_fields: &[],
    },
    Kind {
        name: "set",
        doc: "a recurrence",
        fields: TIME_FIELDS,
        story_fields: &[],
    },
    Kind {
        name: "invalid-date",
        doc: "a date that does not exist",
        fields: &[
            nullable("year", Type::Int, "the year, when written"),
            field("month", Type::Int, "the month as written"),
            field("day", Type::Int, "the day as written"),
            field("reason", Type::Text, "why the date cannot exist"),
        ],
        story_fields: &[],
    },
    Kind {
        name: "number",
        doc: "a quantity: a number with what it counts",
        fields: &[
            field(
                "value",
                Type::Object(&[
                    nullable("min", Type::Number, "the lower end; null when open"),
                    nullable("max", Type::Number, "the upper end; null when open"),
                ]),
                "`{\"min\", \"max\"}`",
            ),
            nullable("unit", Type::Text, "the counted noun as written, a currency code, `%`"),
            nullable("noun", Type::Text, "what is counted, comparable across articles"),
            nullable("state", Type::Text, "what happened to what is counted: dead, injured…"),
            field("update", Type::Bool, "the new value of a running count"),
            field("approximate", Type::Bool, "a hedged or vague amount"),
            nullable(
                "bound",
                Type::Text,
                "about, nearly, more-than, at-least, less-than, at-most, up-to",
            ),
            field("ordinal", Type::Bool, "\"third\", \"21st\""),
            field("vague", Type::Bool, "\"a few\", \"dozens of\""),
            field("fraction", Type::Bool, "a fraction given as a percentage"),
        ],
        story_fields: &[],
    },
    Kind {
        name: "numeral",
        doc: "a number written in digits, whatever it stands for",
        fields: &[field(
            "value",
            Type::Number,
            "the value, a scale word that follows included",
        )],
        story_fields: &[],
    },
    Kind {
        name: "quote",
        doc: "a quotation",
        fields: &[
            field("text_span", Type::Span, "the span of the quoted words"),
            field("parts", Type::List(&WORDS), "each piece of the quotation"),
            nullable("speaker", SPEAKER, "who says it"),
            nullable("cue", WORDS, "the reporting verb"),
            field("continued", Type::Bool, "a paragraph continuing the previous speaker"),
            field("partial", Type::Bool, "a few quoted words inside a sentence"),
            field("nested", Type::Bool, "a quotation inside a quotation"),
            field("multi_paragraph", Type::Bool, "a quotation that runs over paragraphs"),
        ],
        story_fields: &[
            field(
                "shingles",
                Type::List(&Type::Text),
                "the word trigrams of the quoted words",
            ),
            field(
                "terms",
                Type::List(&Type::Text),
                "the distinct content words of the quoted words",
            ),
        ],
    },
    Kind {
        name: "quote-unbalanced",
        doc: "a lone quotation mark",
        fields: &[],
        story_fields: &[],
    },
    Kind {
        name: "scare-quote",
        doc: "one or two quoted words with no speaker",
        fields: &[],
        story_fields: &[],
    },
    Kind {
        name: "attribution",
        doc: "reported speech or a report credited to someone",
        fields: &[
            field("source", SOURCE, "who said or reported it"),
            field("cue", WORDS, "the reporting verb"),
            nullable("content_span", Type::Span, "what was said"),
        ],
        story_fields: &[],
    },
    Kind {
        name: "refusal",
        doc: "a refusal to comment",
        fields: &[
            nullable("subject", SOURCE, "who refused"),
            field(
                "refusal_kind",
                Type::Text,
                "declined, no-response, unreachable, did-not-confirm or denied",
            ),
        ],
        story_fields: &[],
    },
    Kind {
        name: "anonymous-source",
        doc: "an unnamed source",
        fields: &[
            nullable("count", Type::Int, "how many, when said"),
            field("description", Type::Text, "how the source is described"),
            nullable("reason", WORDS, "the stated reason for anonymity"),
        ],
        story_fields: &[],
    },
    Kind {
        name: "event",
        doc: "an event found by an extraction rule; its other fields are those its `emit` gives",
        fields: &[
            field("event", Type::Text, "the kind of event: death, attack…"),
            field("rule", Type::Text, "the extraction rule that made it"),
        ],
        story_fields: &[],
    },
    Kind {
        name: "mention",
        doc: "a mention of a person, an organisation or a place",
        fields: &[
            field("entity", Type::Int, "the id of its entity"),
            field("name", Type::Text, "the bare name"),
            field("canonical", Type::Text, "the entity's canonical name"),
            field("type", Type::Text, "person, organization, place or other"),
            field("variants", Type::List(&Type::Text), "the spellings this one misspells"),
            nullable("title", Type::Text, "the canonical title written with this mention"),
            nullable("title_words", WORDS, "the titles as written"),
            field("former", Type::Bool, "a post no longer held"),
            nullable("title_family", Type::Text, "cabinet, executive or rank"),
            nullable("title_post", Type::Text, "the post the title names"),
            field("quoted", Type::Bool, "inside the quoted words of a quotation"),
        ],
        story_fields: &[],
    },
];

/// Fields every fact has.
pub const BASE_FIELDS: &[Field] = &[
    field("kind", Type::Text, "the kind of fact"),
    field("span", Type::Span, "where the fact is written"),
    field("text", Type::Text, "the words of the span (a quotation's quoted words)"),
];

/// Where a fact stands in its article: every fact of a story has them.
pub const POSITION_FIELDS: &[Field] = &[
    field("sentence", Type::Int, "the index of the sentence it starts in"),
    field("paragraph", Type::Int, "the index of the paragraph it starts in"),
];

/// What a fact knows of its article: every fact of a story has them.
pub const ARTICLE_FIELDS: &[Field] = &[
    field("doc", Type::Int, "the article's number in its story"),
    field("outlet", Type::Text, "the article's outlet"),
    nullable("published", Type::Text, "the article's publication date, YYYY-MM-DD"),
    field("role", Type::Text, "draft or reference"),
    field("references", Type::Int, "how many reference articles the story has"),
];

/// An entity of the top-level `entities` of `factlint facts` (not a fact: rules see it
/// through mentions).
pub const ENTITY_FIELDS: &[Field] = &[
    field("kind", Type::Text, "always entity"),
    field("id", Type::Int, "shared by every article of a story"),
    field("name", Type::Text, "the canonical name"),
    field("type", Type::Text, "person, organization, place or other"),
    field("spellings", Type::List(&Type::Text), "every distinct name seen"),
    field(
        "variants",
        Type::List(&Type::List(&Type::Text)),
        "groups of spellings that differ in a letter, case or punctuation",
    ),
    field("roles", Type::List(&Type::Text), "titles and roles seen with it"),
];

/// The fact classes of token patterns, in the order error messages list them.
pub const CLASSES: &[Class] = &[
    Class {
        name: "date",
        aliases: &[],
        kind: "date",
        entity_type: None,
    },
    Class {
        name: "number",
        aliases: &["quantity"],
        kind: "number",
        entity_type: None,
    },
    Class {
        name: "quote",
        aliases: &[],
        kind: "quote",
        entity_type: None,
    },
    Class {
        name: "person",
        aliases: &[],
        kind: "mention",
        entity_type: Some("person"),
    },
    Class {
        name: "org",
        aliases: &["organization"],
        kind: "mention",
        entity_type: Some("organization"),
    },
    Class {
        name: "place",
        aliases: &[],
        kind: "mention",
        entity_type: Some("place"),
    },
    Class {
        name: "mention",
        aliases: &["entity"],
        kind: "mention",
        entity_type: None,
    },
];

/// Names a rule may have used for a field that is now named otherwise, with a hint.
pub const RENAMED: &[(&str, &str)] = &[
    (
        "source_of",
        "an attribution's source is `source`; the article's outlet is `outlet`",
    ),
    ("source", "the article's outlet is `outlet`"),
];

/// The kind named `name`.
pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The class named `name` (or one of its aliases).
pub fn class(name: &str) -> Option<&'static Class> {
    CLASSES.iter().find(|c| c.name == name || c.aliases.contains(&name))
}

impl Kind {
    /// Every field a fact of this kind has in a story, where rules see it: the base fields,
    /// its own, its position, its article's and its join keys. An event also has the fields
    /// its rule emits, which [`EventShape`]s describe.
    pub fn all_fields(&self) -> impl Iterator<Item = &'static Field> + use<> {
        let (fields, story) = (self.fields, self.story_fields);
        BASE_FIELDS
            .iter()
            .chain(fields)
            .chain(POSITION_FIELDS)
            .chain(ARTICLE_FIELDS)
            .chain(story)
    }

    /// The field `name` of a fact of this kind in a story.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.all_fields().find(|f| f.name == name)
    }

    /// The fields of a fact of this kind as an extractor gives it, before it is placed in a
    /// story: what an event holds of the fact it captured.
    fn extracted_fields(&self) -> impl Iterator<Item = &'static Field> + use<> {
        BASE_FIELDS.iter().chain(self.fields)
    }
}

/// What one extraction rule says of the events it makes.
#[derive(Clone, Debug, PartialEq)]
pub struct EventShape {
    /// The kinds of event it makes; `None` when a captured word names the kind and the words
    /// it may capture are not a closed list.
    pub kinds: Option<Vec<String>>,
    /// The fields its `emit` gives, with their types.
    pub fields: Vec<(String, Type)>,
}

/// The events the loaded extraction rules make: their kinds and fields.
#[derive(Clone, Debug, Default)]
pub struct Events {
    /// One shape per extraction rule.
    pub shapes: Vec<EventShape>,
}

impl Events {
    /// Whether some rule makes events of `kind`.
    pub fn has_kind(&self, kind: &str) -> bool {
        self.shapes
            .iter()
            .any(|s| s.kinds.as_ref().is_none_or(|k| k.iter().any(|x| x == kind)))
    }

    /// Every kind of event named in a rule, sorted, for suggestions.
    pub fn kinds(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .shapes
            .iter()
            .flat_map(|s| s.kinds.iter().flatten())
            .map(String::as_str)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The shapes that make events of `kind`, or every shape when the kind is not known.
    fn of(&self, kind: Option<&str>) -> impl Iterator<Item = &EventShape> {
        self.shapes.iter().filter(move |s| match (kind, &s.kinds) {
            (Some(k), Some(kinds)) => kinds.iter().any(|x| x == k),
            _ => true,
        })
    }

    /// The types the emitted field `name` has in events of `kind` (any kind when `None`).
    pub fn field_types(&self, kind: Option<&str>, name: &str) -> Vec<Type> {
        self.of(kind)
            .flat_map(|s| &s.fields)
            .filter(|(n, _)| n == name)
            .map(|(_, t)| *t)
            .collect()
    }

    /// The names of the emitted fields of events of `kind` (any kind when `None`), sorted.
    pub fn field_names(&self, kind: Option<&str>) -> Vec<&str> {
        let mut out: Vec<&str> = self.of(kind).flat_map(|s| &s.fields).map(|(n, _)| n.as_str()).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A field path that leads nowhere: the index of the first name that is not a field, and
/// the names that would have been.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// The index in the path of the name that is wrong.
    pub at: usize,
    /// What the value before it is, for the message: "`speaker`", "a number".
    pub what: String,
    /// The fields that may follow, empty when the value has none.
    pub fields: Vec<&'static str>,
}

impl Type {
    /// The fields that may follow a value of this type in a path; `None` when any may (a
    /// capture of words, which may be any fact).
    fn fields(&self) -> Option<Vec<&'static Field>> {
        match self {
            Type::Object(fields) => Some(fields.iter().collect()),
            Type::Span => Some(SPAN_FIELDS.iter().collect()),
            Type::Captured(Some(kind)) => {
                Some(self::kind(kind).map_or_else(Vec::new, |k| k.extracted_fields().collect()))
            }
            Type::Captured(None) => None,
            Type::Bool | Type::Int | Type::Number | Type::Text | Type::List(_) => Some(Vec::new()),
        }
    }

    /// The type at `path` inside a value of this type; an empty path is the value itself.
    pub fn at<S: std::borrow::Borrow<str>>(&self, path: &[S]) -> Result<Option<Type>, PathError> {
        let mut ty = *self;
        for (i, name) in path.iter().enumerate() {
            let Some(fields) = ty.fields() else {
                return Ok(None);
            };
            match fields.iter().find(|f| f.name == name.borrow()) {
                Some(f) => ty = f.ty,
                None => {
                    return Err(PathError {
                        at: i,
                        what: match i {
                            0 => String::new(),
                            _ => format!("`{}`", path[..i].join(".")),
                        },
                        fields: fields.iter().map(|f| f.name).collect(),
                    });
                }
            }
        }
        Ok(Some(ty))
    }

    /// Checks that `v` is a value of this type; `nullable` allows `null`. The error says
    /// what is wrong and where, as a path inside `v`.
    pub fn check(&self, v: &Value, nullable: bool) -> Result<(), String> {
        if v.is_null() {
            return if nullable { Ok(()) } else { Err("is null".into()) };
        }
        let fits = match self {
            Type::Bool => v.is_boolean(),
            Type::Int => v.as_i64().is_some() || v.as_u64().is_some(),
            Type::Number => v.is_number(),
            Type::Text => v.is_string(),
            Type::Span => return check_object(SPAN_FIELDS, v),
            Type::List(item) => {
                let Some(items) = v.as_array() else {
                    return Err(format!("is not a list: {v}"));
                };
                for (i, x) in items.iter().enumerate() {
                    item.check(x, false).map_err(|e| format!("[{i}] {e}"))?;
                }
                true
            }
            Type::Object(fields) => return check_object(fields, v),
            Type::Captured(_) => return check_captured(v),
        };
        if fits {
            Ok(())
        } else {
            Err(format!("is not {}: {v}", self.name()))
        }
    }

    /// The type in words, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Type::Bool => "a boolean",
            Type::Int => "a whole number",
            Type::Number => "a number",
            Type::Text => "a string",
            Type::Span => "a span",
            Type::List(_) => "a list",
            Type::Object(_) | Type::Captured(_) => "an object",
        }
    }
}

const SPAN_FIELDS: &[Field] = &[
    field("start", Type::Int, "the first byte"),
    field("end", Type::Int, "the byte after the last"),
];

/// Checks an object with exactly these fields (each may be absent).
fn check_object(fields: &[Field], v: &Value) -> Result<(), String> {
    let Some(map) = v.as_object() else {
        return Err(format!("is not an object: {v}"));
    };
    for (name, value) in map {
        let Some(f) = fields.iter().find(|f| f.name == name) else {
            return Err(format!("has no field `{name}` in the schema"));
        };
        f.ty.check(value, f.nullable).map_err(|e| format!(".{name} {e}"))?;
    }
    Ok(())
}

/// Checks what an extraction rule captured: a fact as its extractor gives it, or words.
fn check_captured(v: &Value) -> Result<(), String> {
    match v.get("kind").and_then(Value::as_str) {
        Some(name) => {
            let Some(k) = kind(name) else {
                return Err(format!("is a fact of unknown kind `{name}`"));
            };
            let fields: Vec<Field> = k.extracted_fields().copied().collect();
            check_object(&fields, v)
        }
        None => WORDS.check(v, false),
    }
}

/// Checks a fact as a story holds it (and `factlint facts` prints it): a known kind, and
/// only fields of its kind with values of their types. `events` gives the fields of events.
pub fn check_fact(fact: &Value, events: &Events) -> Result<(), String> {
    let Some(map) = fact.as_object() else {
        return Err("a fact is not an object".into());
    };
    let name = map.get("kind").and_then(Value::as_str).unwrap_or("");
    let Some(k) = kind(name) else {
        return Err(format!("unknown kind `{name}`"));
    };
    let event = map.get("event").and_then(Value::as_str);
    if k.name == "event" && !event.is_some_and(|e| events.has_kind(e)) {
        return Err(format!("an event of a kind no rule makes: {event:?}"));
    }
    for (field, value) in map {
        if let Some(f) = k.field(field) {
            f.ty.check(value, f.nullable)
                .map_err(|e| format!("{name}.{field} {e}"))?;
            continue;
        }
        let emitted = if k.name == "event" {
            events.field_types(event, field)
        } else {
            Vec::new()
        };
        if emitted.is_empty() {
            return Err(format!("`{name}` facts have no field `{field}` in the schema"));
        }
        // A capture a match did not make is null.
        if !emitted.iter().any(|t| t.check(value, true).is_ok()) {
            return Err(format!("{name}.{field} is not of its emitted type: {value}"));
        }
    }
    Ok(())
}

/// Checks an entity of `factlint facts`.
pub fn check_entity(entity: &Value) -> Result<(), String> {
    check_object(ENTITY_FIELDS, entity).map_err(|e| format!("entity{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_names_a_kind_and_kinds_are_unique() {
        for c in CLASSES {
            assert!(kind(c.kind).is_some(), "{}", c.name);
        }
        let mut names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KINDS.len());
        for k in KINDS {
            let mut fields: Vec<&str> = k.all_fields().map(|f| f.name).collect();
            let n = fields.len();
            fields.sort_unstable();
            fields.dedup();
            assert_eq!(fields.len(), n, "a field of `{}` is named twice", k.name);
        }
    }

    #[test]
    fn paths_lead_into_objects_and_captured_facts() {
        let quote = kind("quote").expect("quote");
        let speaker = quote.field("speaker").expect("speaker").ty;
        assert_eq!(speaker.at(&["entity"]), Ok(Some(Type::Int)));
        let err = speaker.at(&["entiy"]).expect_err("a typo");
        assert_eq!(err.at, 0);
        assert!(err.fields.contains(&"entity"));
        let mention = Type::Captured(Some("mention"));
        assert_eq!(mention.at(&["entity"]), Ok(Some(Type::Int)));
        assert!(
            mention.at(&["sentence"]).is_err(),
            "a captured fact is not placed in a story"
        );
        assert_eq!(Type::Captured(None).at(&["anything"]), Ok(None));
        assert!(Type::Bool.at(&["x"]).is_err());
    }

    #[test]
    fn values_are_checked_against_their_types() {
        let number = fact!({"kind": "number", "span": {"start": 0, "end": 3}, "text": "two", "value": {"min": 2.0, "max": null}, "unit": null, "sentence": 0, "doc": 1});
        assert_eq!(check_fact(&number, &Events::default()), Ok(()));
        let bad = fact!({"kind": "number", "value": {"min": "two"}});
        assert!(check_fact(&bad, &Events::default()).is_err());
        let unknown = fact!({"kind": "number", "weekday": "Monday"});
        assert!(check_fact(&unknown, &Events::default()).is_err());
        let event = fact!({"kind": "event", "event": "death", "rule": "events/death", "subject": {"span": {"start": 0, "end": 3}, "text": "Ana"}});
        assert!(check_fact(&event, &Events::default()).is_err(), "no rule makes deaths");
        let events = Events {
            shapes: vec![EventShape {
                kinds: Some(vec!["death".into()]),
                fields: vec![("subject".into(), Type::Captured(Some("mention")))],
            }],
        };
        assert_eq!(check_fact(&event, &events), Ok(()));
    }
}

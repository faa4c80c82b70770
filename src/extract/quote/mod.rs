//! Quotations and their speakers, attributions, refusals to comment and anonymous
//! sources.
//!
//! The extractor works on tokens: each paragraph is tokenized once, quotation marks
//! are paired with a stack (across paragraphs when a quotation runs on), and every
//! later pass looks at a bounded window of tokens around a mark or a cue word. Nothing
//! scans back further than a fixed number of tokens, so the whole extraction is linear
//! in the length of the body whatever the text looks like.

mod doc;
mod lexicon;
mod marks;
mod report;
mod tokens;

pub(crate) use report::warm_up;

use crate::span::Span;
use crate::value::Value;

/// Who said a quotation: the words naming the speaker in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The speaker's words ("Trump", "a State Department spokesperson", "he").
    pub span: Span,
    /// For a pronoun speaker, the name it was resolved to, when one was found.
    pub antecedent: Option<Span>,
}

/// A direct quotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// From the opening mark to the closing mark, both included. A quotation interrupted
    /// by its attribution ("“…,” she said. “…”") is one quotation from its first
    /// opening mark to its last closing mark.
    pub span: Span,
    /// From the first quoted word to the last; for an interrupted quotation this covers
    /// the interruption too, and `parts` holds the quoted words alone.
    pub text_span: Span,
    /// The quoted words of each part, without marks, surrounding spaces or a trailing
    /// comma; one part unless the quotation is interrupted.
    pub parts: Vec<Span>,
    /// The speaker, when the text gives one.
    pub speaker: Option<Speaker>,
    /// The reporting verb ("said", "according to"), when there is one.
    pub cue: Option<Span>,
    /// True when the speaker was carried over from an earlier quotation or paragraph.
    pub continued: bool,
    /// True for a quotation embedded in a sentence ("will be “slight”") or nested in
    /// another quotation.
    pub partial: bool,
    /// True for a quotation inside another quotation.
    pub nested: bool,
    /// True when the quotation runs over several paragraphs.
    pub multi_paragraph: bool,
}

/// The source of an attribution or the subject of a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    /// The source's words ("CNN", "two US officials").
    pub span: Span,
    /// True when the source is an anonymous source.
    pub anonymous: bool,
    /// For a pronoun source, the name it was resolved to, when one was found.
    pub antecedent: Option<Span>,
}

/// Indirect speech or a report credited to a source ("CNN reported Wednesday").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribution {
    /// The clause: source, cue and content.
    pub span: Span,
    /// Who says or reported it.
    pub source: Source,
    /// The reporting verb or phrase.
    pub cue: Span,
    /// What is attributed, when the sentence holds it.
    pub content_span: Option<Span>,
}

/// How a source did not answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefusalKind {
    /// "declined to comment", "would not say", "did not comment".
    Declined,
    /// "did not (immediately) return a request for comment", "did not respond".
    NoResponse,
    /// "could not be reached for comment", "was not available for comment".
    Unreachable,
    /// "did not confirm".
    DidNotConfirm,
    /// "denied".
    Denied,
}

impl RefusalKind {
    /// The kind's name in the JSON contract.
    pub const fn as_str(self) -> &'static str {
        match self {
            RefusalKind::Declined => "declined",
            RefusalKind::NoResponse => "no-response",
            RefusalKind::Unreachable => "unreachable",
            RefusalKind::DidNotConfirm => "did-not-confirm",
            RefusalKind::Denied => "denied",
        }
    }
}

/// A refusal to comment or another non-answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// From the subject (or the refusal phrase) to the end of the clause.
    pub span: Span,
    /// Who refused, or `None` when the sentence does not say.
    pub subject: Option<Source>,
    /// How they did not answer.
    pub kind: RefusalKind,
}

/// An unnamed source ("two sources familiar with the decision").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnonymousSource {
    /// The description, from its determiner to its last modifier.
    pub span: Span,
    /// How many sources the description counts, when it says.
    pub count: Option<u32>,
    /// The stated reason for anonymity ("because they were not authorized to …").
    pub reason: Option<Span>,
}

/// Everything the quotation extractor found in one body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuoteExtraction {
    /// Direct quotations, in text order.
    pub quotes: Vec<Quote>,
    /// Quotation marks that open or close nothing.
    pub unbalanced: Vec<Span>,
    /// Indirect speech and reports credited to a source.
    pub attributions: Vec<Attribution>,
    /// Refusals to comment and non-answers.
    pub refusals: Vec<Refusal>,
    /// Anonymous sources.
    pub anonymous: Vec<AnonymousSource>,
    /// Scare quotes: one or two quoted words with no speaker, marks included.
    pub scare: Vec<Span>,
}

/// Extracts quotations, attributions, refusals and anonymous sources from `body`.
///
/// `paragraphs` come from the caller's segmenter, in order, inside `body`; spans that
/// fall outside `body` or off char boundaries are skipped.
pub fn extract_quotes(text: &str, body: Span, paragraphs: &[Span]) -> QuoteExtraction {
    let paras: Vec<Span> = paragraphs
        .iter()
        .copied()
        .filter(|p| {
            body.contains(*p) && p.start <= p.end && text.is_char_boundary(p.start) && text.is_char_boundary(p.end)
        })
        .collect();
    let mut d = doc::Doc::new(text, &paras);
    let mut out = QuoteExtraction::default();
    d.quotes(&mut out);
    report::attributions(&d, &mut out);
    report::refusals(&d, &mut out);
    report::anonymous(&d, &mut out);
    report::later_reasons(&d, &mut out);
    d.continue_speakers(&mut out);
    d.resolve_pronouns(&mut out);
    report::mark_anonymous(&mut out);
    out
}

/// `{"start": …, "end": …}`.
fn span_json(s: Span) -> Value {
    fact!({"start": s.start, "end": s.end})
}

/// `{"span": …, "text": …}`.
fn spanned(s: Span, text: &str) -> Value {
    fact!({"span": span_json(s), "text": s.text(text)})
}

/// A source or speaker object of the JSON contract.
fn source_json(span: Span, antecedent: Option<Span>, anonymous: Option<bool>, text: &str) -> Value {
    let mut v = fact!({
        "span": span_json(span),
        "text": span.text(text),
        "entity": null,
        "antecedent": antecedent.map(|a| spanned(a, text)),
    });
    if let (Some(a), Some(obj)) = (anonymous, v.as_object_mut()) {
        obj.reserve_exact(1);
        obj.insert(key!("anonymous"), Value::Bool(a));
    }
    v
}

impl QuoteExtraction {
    /// The facts as JSON objects of the `factlint facts` document, in text order.
    pub fn to_fact_json(&self, text: &str) -> Vec<Value> {
        let mut facts: Vec<(usize, Value)> = Vec::new();
        for q in &self.quotes {
            let words = if q.parts.len() > 1 {
                q.parts.iter().map(|p| p.text(text)).collect::<Vec<_>>().join(" ")
            } else {
                q.text_span.text(text).to_string()
            };
            facts.push((
                q.span.start,
                fact!({
                    "kind": "quote",
                    "span": span_json(q.span),
                    "text": words,
                    "text_span": span_json(q.text_span),
                    "parts": q.parts.iter().map(|&p| spanned(p, text)).collect::<Vec<_>>(),
                    "speaker": q.speaker.map(|s| source_json(s.span, s.antecedent, None, text)),
                    "cue": q.cue.map(|c| spanned(c, text)),
                    "continued": q.continued,
                    "partial": q.partial,
                    "nested": q.nested,
                    "multi_paragraph": q.multi_paragraph,
                }),
            ));
        }
        for &u in &self.unbalanced {
            facts.push((
                u.start,
                fact!({"kind": "quote-unbalanced", "span": span_json(u), "text": u.text(text)}),
            ));
        }
        for &s in &self.scare {
            facts.push((
                s.start,
                fact!({"kind": "scare-quote", "span": span_json(s), "text": s.text(text)}),
            ));
        }
        for a in &self.attributions {
            facts.push((
                a.span.start,
                fact!({
                    "kind": "attribution",
                    "span": span_json(a.span),
                    "text": a.span.text(text),
                    "source": source_json(a.source.span, a.source.antecedent, Some(a.source.anonymous), text),
                    "cue": spanned(a.cue, text),
                    "content_span": a.content_span.map(span_json),
                }),
            ));
        }
        for r in &self.refusals {
            facts.push((
                r.span.start,
                fact!({
                    "kind": "refusal",
                    "span": span_json(r.span),
                    "text": r.span.text(text),
                    "subject": r.subject.map(|s| source_json(s.span, s.antecedent, Some(s.anonymous), text)),
                    "refusal_kind": r.kind.as_str(),
                }),
            ));
        }
        for a in &self.anonymous {
            facts.push((
                a.span.start,
                fact!({
                    "kind": "anonymous-source",
                    "span": span_json(a.span),
                    "text": a.span.text(text),
                    "count": a.count,
                    "description": a.span.text(text),
                    "reason": a.reason.map(|r| spanned(r, text)),
                }),
            ));
        }
        facts.sort_by_key(|f| f.0);
        facts.into_iter().map(|f| f.1).collect()
    }
}

//! Attributions, refusals to comment and anonymous sources.

use std::cell::OnceCell;
use std::sync::{LazyLock, OnceLock};

use regex_automata::meta::{self, Regex};

use super::doc::{Doc, Range};
use super::lexicon::{
    ACCORDING, ANON_HEAD, ANON_MOD, ATTR, CUE, CUE_ING, DET, MODAL, PLURAL, PREP, PRON, SKIP, STOP, TIME, count_of,
};
use super::tokens::{TokKind, lower};
use super::{AnonymousSource, Attribution, QuoteExtraction, Refusal, RefusalKind, Source};
use crate::span::Span;

/// The longest attributed content, in tokens; real sentences are far shorter.
const MAX_CONTENT: usize = 120;

/// The longest refusal clause after its phrase, in tokens.
const MAX_CLAUSE: usize = 30;

/// The furthest a stated reason is looked for after an anonymous source, in tokens.
const MAX_REASON: usize = 80;

/// The end of the content of sentence `s`: before its final punctuation.
fn content_end(d: &Doc<'_>, s: Range) -> usize {
    let mut e = s.1;
    while e > s.0 && !d.inside[e - 1] && matches!(d.toks[e - 1].kind, TokKind::Punct('.' | '!' | '?' | ';' | ',' | '…'))
    {
        e -= 1;
    }
    e
}

/// Skips what may follow a reporting verb before its content: the object of "told",
/// time words ("on Wednesday", "last week") and "that".
fn skip_to_content(d: &Doc<'_>, k: usize, hi: usize) -> usize {
    let mut a = k;
    if (d.is(k - 1, "told") || d.is(k - 1, "tells"))
        && let Some((_, e)) = d.forward_np(a, hi)
    {
        a = e;
    }
    for _ in 0..4 {
        if a < hi && d.has(a, TIME) {
            a += 1;
        } else if a + 1 < hi
            && (d.is(a, "on") || d.is(a, "last") || d.is(a, "this") || d.is(a, "late"))
            && d.has(a + 1, TIME)
        {
            a += 2;
        } else if a < hi && d.toks[a].is_punct(',') {
            a += 1;
        } else {
            break;
        }
    }
    if a < hi && d.is(a, "that") {
        a += 1;
    }
    a
}

/// Finds indirect speech and reports: "X said that …", "according to X", "CNN reported
/// Wednesday", "first reported by the Washington Post".
pub(crate) fn attributions(d: &Doc<'_>, out: &mut QuoteExtraction) {
    for &s in &d.sents {
        let (lo, hi) = s;
        let end = content_end(d, s);
        for k in lo..hi {
            if d.inside[k] || d.cue_used[k] || !d.toks[k].is_word() {
                continue;
            }
            let found = if d.has(k, ACCORDING) && d.is(k + 1, "to") {
                d.forward_np(k + 2, hi).map(|src| {
                    let content = if k == lo || (k > lo && d.toks[k - 1].is_punct(',') && k - 1 == lo) {
                        let mut a = src.1;
                        if a < hi && d.toks[a].is_punct(',') {
                            a += 1;
                        }
                        (a, end)
                    } else {
                        let mut e = k;
                        if e > lo && d.toks[e - 1].is_punct(',') {
                            e -= 1;
                        }
                        (lo, e)
                    };
                    (src, (k, k + 2), content)
                })
            } else if d.is(k, "reported") && d.is(k + 1, "by") {
                d.forward_np(k + 2, hi).map(|src| {
                    let mut e = k;
                    while e > lo && (d.has(e - 1, SKIP) || d.is(e - 1, "was") || d.is(e - 1, "were")) {
                        e -= 1;
                    }
                    (src, (k, k + 2), (lo, e))
                })
            } else if d.has(k, ATTR) {
                if k > lo && d.has(k - 1, MODAL) {
                    continue;
                }
                let subject = d.subject_np(k, lo).or_else(|| {
                    // "Castillo called the ad a lie and said …" shares the subject.
                    (k > lo && d.is(k - 1, "and")).then(|| d.sentence_subject(k)).flatten()
                });
                match subject {
                    Some(src) => {
                        let a = skip_to_content(d, k + 1, hi);
                        let content = if a < end {
                            (a, end)
                        } else {
                            let mut e = src.0;
                            while e > lo && d.toks[e - 1].is_punct(',') {
                                e -= 1;
                            }
                            (lo, e)
                        };
                        Some((src, (k, k + 1), content))
                    }
                    None if k > lo + 1 && d.toks[k - 1].is_punct(',') => d
                        .forward_np(k + 1, hi)
                        .filter(|np| !d.has(np.0, TIME | PREP))
                        .map(|src| (src, (k, k + 1), (lo, k - 1))),
                    None => None,
                }
            } else {
                None
            };
            let Some((src, cue, mut content)) = found else {
                continue;
            };
            // A run-on "sentence" must not make every attribution in it as long as the
            // whole paragraph: that would make the output quadratic.
            if content.0 >= cue.1 {
                content.1 = content.1.min(content.0 + MAX_CONTENT);
            } else {
                content.0 = content.0.max(content.1.saturating_sub(MAX_CONTENT));
            }
            let source = d.span(src);
            let cue = d.span(cue);
            let content_span = (content.0 < content.1).then(|| d.span(content));
            let mut span = Span::new(source.start.min(cue.start), source.end.max(cue.end));
            if let Some(c) = content_span {
                span = Span::new(span.start.min(c.start), span.end.max(c.end));
            }
            out.attributions.push(Attribution {
                span,
                source: Source {
                    span: source,
                    anonymous: false,
                    antecedent: None,
                },
                cue,
                content_span,
            });
        }
    }
}

/// Negations that open a refusal: "did not", "wouldn't", "declined to".
const NEG: &str = r"(?:did\s+not|didn[’']t|would\s+not|wouldn[’']t|could\s+not|couldn[’']t|has\s+not|hasn[’']t|have\s+not|haven[’']t|had\s+not|hadn[’']t|will\s+not|won[’']t|cannot|can[’']t|declined\s+to|refused\s+to|declines\s+to|refuses\s+to)";

/// The end of an unanswered request: "… were not returned", "… went unanswered".
const UNANSWERED: &str =
    r"(?:was|were|went|have\s+gone|has\s+gone)\s+(?:not\s+(?:immediately\s+)?returned|unanswered|unreturned)";

/// Refusal phrases; the named group says which kind matched. `requests` is spliced into the
/// `noresp` group: either the alternative for unanswered requests or nothing.
fn refusal_pattern(requests: &str) -> String {
    format!(
        r"(?i)(?-u:\b)(?:(?P<confirm>{neg}\s+(?:immediately\s+|independently\s+|publicly\s+)?confirm)(?-u:\b)|(?P<declined>(?:declined|refused|declines|refuses|declining|refusing)\s+(?:to\s+(?:comment|say|discuss|elaborate|answer|respond|speculate|provide|specify|disclose|identify|name|detail|be\s+interviewed|address|reveal|release|offer|give|talk|make)|(?:further\s+)?comment)|(?:would\s+not|wouldn[’']t|will\s+not|won[’']t)\s+(?:immediately\s+)?(?:comment|say|elaborate|discuss|speculate)|(?:did\s+not|didn[’']t|has\s+not|hasn[’']t|had\s+not|have\s+not|haven[’']t)\s+(?:immediately\s+)?(?:comment|commented|say)|(?:had|has|have|offered)\s+no\s+(?:immediate\s+|further\s+)?comment)(?-u:\b)|(?P<noresp>(?:did\s+not|didn[’']t|has\s+not|hasn[’']t|had\s+not|have\s+not|haven[’']t)\s+(?:yet\s+)?(?:immediately\s+)?(?:return(?:ed)?|respond(?:ed)?|reply|replied|answer(?:ed)?)(?-u:\b){requests}|no\s+(?:immediate\s+)?response)|(?P<unreach>could\s+not\s+(?:immediately\s+)?be\s+(?:immediately\s+)?reached|couldn[’']t\s+be\s+reached|(?:was|were|is|are)\s+(?:not\s+(?:immediately\s+)?available|unavailable)\s+(?:for|to)\s+comment)|(?P<denied>denied|denies|deny|denying)(?-u:\b))",
        neg = NEG
    )
}

/// A pattern with a costly alternative that only some texts can match. The pattern without
/// it (`lite`) serves a text without `gate`, a part of every match of that alternative:
/// there it finds exactly what the whole pattern would. The whole pattern is compiled the
/// first time a text has the gate, and then serves every text, since testing a text for the
/// gate costs more than the difference.
struct Gated {
    lite: LazyLock<Regex>,
    gate: LazyLock<Regex>,
    whole: OnceLock<Regex>,
    build_whole: fn() -> Regex,
}

impl Gated {
    /// The whole pattern, compiled now if it was not.
    fn whole(&self) -> &Regex {
        self.whole.get_or_init(self.build_whole)
    }

    /// The pattern the gate chooses for `text`.
    fn chosen(&self, text: &str) -> &Regex {
        if self.gate.is_match(text) {
            self.whole()
        } else {
            &self.lite
        }
    }

    /// A pattern that finds in `text` what the whole pattern would.
    fn for_text(&self, text: &str) -> &Regex {
        match self.whole.get() {
            Some(whole) => whole,
            None => self.chosen(text),
        }
    }

    fn warm_up(&self) {
        LazyLock::force(&self.lite);
        LazyLock::force(&self.gate);
    }
}

/// A pattern of the program's: it compiles, or the test suite fails. Built without a
/// prefilter: the literals of these long case-blind alternations took half the time of
/// building them, for little to gain on paragraphs of a few hundred bytes (these patterns
/// are built before the first article can be read).
fn constant(pattern: &str) -> Regex {
    meta::Builder::new()
        .configure(meta::Config::new().auto_prefilter(false))
        .build(pattern)
        .expect("a constant pattern compiles")
}

/// Refusals. Their alternative for unanswered requests ("requests for comment sent to the
/// ministry on Monday were not returned") allows up to eight words of any script between the
/// request and its verb; compiling those eight Unicode word classes, forwards and backwards,
/// costs three times the rest of the pattern. A paragraph without the words it ends with
/// (`UNANSWERED`) cannot match it.
static REFUSAL: Gated = Gated {
    lite: LazyLock::new(|| constant(&refusal_pattern(""))),
    gate: LazyLock::new(|| constant(&format!("(?i){UNANSWERED}"))),
    whole: OnceLock::new(),
    build_whole: || {
        let requests = format!(
            r"|(?:requests?|calls?|messages?|e-?mails?|inquiries|questions)(?:\s+[\w’'.-]+){{0,8}}?\s+{UNANSWERED}"
        );
        constant(&refusal_pattern(&requests))
    },
};

/// Compiles the patterns that nearly every article needs, so that a caller with a core to
/// spare can have it done while it does something else (loads rules).
pub(crate) fn warm_up() {
    REFUSAL.warm_up();
    REASON.warm_up();
}

/// Finds refusals to comment and other non-answers with their subject.
pub(crate) fn refusals(d: &Doc<'_>, out: &mut QuoteExtraction) {
    // Chosen once for the whole file: a file without the gate has no paragraph with it.
    let refusal = REFUSAL.for_text(d.src);
    for &(lo, hi) in &d.paras {
        if lo >= hi {
            continue;
        }
        let pspan = d.span((lo, hi));
        let Some(text) = d.src.get(pspan.start..pspan.end) else {
            continue;
        };
        // The DFA finds each match; the slower capture engine then runs on the match
        // alone to tell which kind it is.
        let mut m = refusal.create_captures();
        for whole in refusal.find_iter(text) {
            refusal.captures(&text[whole.range()], &mut m);
            if !m.is_match() {
                continue;
            }
            let start = pspan.start + whole.start();
            let Some(k) = d.tok_at(start) else { continue };
            if k >= hi || d.inside[k] {
                continue;
            }
            let kind = if m.get_group_by_name("confirm").is_some() {
                RefusalKind::DidNotConfirm
            } else if m.get_group_by_name("declined").is_some() {
                RefusalKind::Declined
            } else if m.get_group_by_name("noresp").is_some() {
                RefusalKind::NoResponse
            } else if m.get_group_by_name("unreach").is_some() {
                RefusalKind::Unreachable
            } else {
                RefusalKind::Denied
            };
            if kind == RefusalKind::Denied {
                // "was denied entry" is passive and "did not deny" is no denial.
                let passive = k > lo
                    && ["was", "were", "been", "be", "is", "are", "being", "get", "got", "not"]
                        .iter()
                        .any(|w| d.is(k - 1, w));
                if passive || (k > lo && d.has(k - 1, MODAL)) {
                    continue;
                }
            }
            // "Requests for comment were not returned" names nobody.
            let subject = if d.is(k, "requests")
                || d.is(k, "request")
                || d.is(k, "calls")
                || d.is(k, "messages")
                || d.is(k, "emails")
                || d.is(k, "inquiries")
                || d.is(k, "no")
            {
                None
            } else {
                let slo = d.sent_range(k).0.max(lo);
                // "has repeatedly and vehemently denied", "has long denied": the words
                // between a subject and its verb are skipped, so the subject is the one
                // who denies.
                let mut v = k;
                while v > slo && k - v < 6 {
                    let t = v - 1;
                    let w = d.toks[t].text(d.src);
                    let between = d.toks[t].is_word()
                        && !d.toks[t].cap
                        && (d.has(t, SKIP) || w.ends_with("ly") || ["and", "long", "never", "not"].contains(&w));
                    if !between {
                        break;
                    }
                    v = t;
                }
                // "a shop owner who declined to be named": the relative
                // pronoun stands for the noun before it.
                let relative = v > slo + 1 && (d.is(v - 1, "who") || d.is(v - 1, "which"));
                let subject = if relative {
                    d.backward_np(v - 1, slo)
                } else {
                    d.subject_np(v, slo)
                };
                subject
                    .or_else(|| {
                        // "… said Doha was hopeful, but would not say when" shares the subject.
                        (k > slo && (d.is(k - 1, "but") || d.is(k - 1, "and")))
                            .then(|| d.sentence_subject(k))
                            .flatten()
                    })
                    .or_else(|| {
                        // "The appeals panel denied the request": the words that open the
                        // sentence up to its verb are its subject.
                        let opening = v > slo
                            && v - slo <= 8
                            && (slo..v).all(|t| d.toks[t].is_word() && !d.inside[t])
                            && !d.has(slo, STOP | PREP);
                        opening.then_some((slo, v))
                    })
            };
            let (_, shi) = d.sent_range(k);
            let mut e = d.tok_at(pspan.start + whole.end()).unwrap_or(hi).min(shi);
            let stop = shi.min(e + MAX_CLAUSE);
            while e < stop
                && !d.inside[e]
                && !matches!(d.toks[e].kind, TokKind::Punct('.' | ',' | ';' | '!' | '?' | '—'))
                && !d.is(e, "but")
                && !d.is(e, "and")
            {
                e += 1;
            }
            let first = subject.map_or(k, |s| s.0);
            let span = d.span((first, e.max(k + 1)));
            out.refusals.push(Refusal {
                span,
                subject: subject.map(|s| Source {
                    span: d.span(s),
                    anonymous: false,
                    antecedent: None,
                }),
                kind,
            });
        }
    }
}

/// "not authorized to speak": what an official who may not be named is not allowed to do.
const NOT_AUTHORIZED: &str = r"(?:not|n[’']t)\s+(?:authorized|permitted|allowed|cleared)\s+to\s+";

/// Stated reasons for anonymity; `because` is spliced in as the first alternative: either
/// the one for "because they were not authorized to …" or nothing.
fn reason_pattern(because: &str) -> String {
    format!(
        r"(?i)(?:{because}(?-u:\b){NOT_AUTHORIZED}[^,.;]*|(?-u:\b)anonymity\s+(?P<a>(?:to|because|since|as|so)\s+[^,.;]*)|(?-u:\b)not\s+to\s+be\s+(?:named|identified)\s+(?P<b>(?:because|to|since|as|so|for)\s+[^,.;]*)|(?-u:\b)because\s+(?:the|they|he|she|it)\s+[^,.;]*(?:not\s+(?:been\s+)?(?:made\s+)?public|sensitive|private|confidential|internal|ongoing|not\s+(?:yet\s+)?been\s+announced|not\s+been\s+finalized)[^,.;]*)"
    )
}

/// Reasons. Their alternative for "because they were not authorized to …" allows four words
/// of any script before "not" and costs more to compile than all the rest. A text without
/// `NOT_AUTHORIZED` cannot match it.
static REASON: Gated = Gated {
    lite: LazyLock::new(|| constant(&reason_pattern(""))),
    gate: LazyLock::new(|| constant(&format!("(?i){NOT_AUTHORIZED}"))),
    whole: OnceLock::new(),
    build_whole: || {
        let because = format!(r"(?-u:\b)because\s+(?:[\w’'.-]+\s+){{1,4}}?{NOT_AUTHORIZED}[^,.;]*|");
        constant(&reason_pattern(&because))
    },
};

/// The first stated reason for anonymity inside token range `r`. `pattern` holds the pattern
/// of reasons chosen for the whole file, chosen at the first call: the ranges of one file
/// overlap, and testing each for the gate would cost more than the search.
fn reason_in(d: &Doc<'_>, r: Range, pattern: &OnceCell<&'static Regex>) -> Option<Span> {
    if r.0 >= r.1 {
        return None;
    }
    let s = d.span(r);
    let text = d.src.get(s.start..s.end)?;
    let found = first_reason(pattern.get_or_init(|| REASON.for_text(d.src)), text)?;
    Some(Span::new(s.start + found.start, s.start + found.end))
}

/// Where in `text` the first reason `re` finds is: the named group of the alternative that
/// matched, or the whole match, without its trailing spaces.
fn first_reason(re: &Regex, text: &str) -> Option<std::ops::Range<usize>> {
    let found = re.find(text)?;
    let piece = &text[found.range()];
    let mut m = re.create_captures();
    re.captures(piece, &mut m);
    let g = m
        .get_group_by_name("a")
        .or_else(|| m.get_group_by_name("b"))
        .or_else(|| m.get_group(0))?;
    let start = found.start() + g.start;
    Some(start..start + piece[g.range()].trim_end().len())
}

/// True when the description ending at token `e` (starting at `b`) is a source of
/// information: the subject of a reporting verb, or the object of "according to".
fn reports(d: &Doc<'_>, b: usize, e: usize, sent: Range) -> bool {
    let (lo, hi) = sent;
    if b > lo {
        let p = b - 1;
        if d.is(p, "to") && p > lo && d.has(p - 1, ACCORDING) {
            return true;
        }
        // A source is a subject: what comes before it ends a clause or opens one. The
        // object of a verb or a preposition is no source ("pointing a gun at two officers
        // who approached him, police said"; "hiring 15 experts to review the plan").
        let opens = [
            "and", "but", "or", "nor", "that", "while", "as", "because", "although", "though", "when", "if", "so",
            "whereas", "since", "after", "before", "until", "yet", "also", "then",
        ];
        let word = d.toks[p].is_word() && !d.toks[p].cap;
        if word
            && !opens.iter().any(|w| d.is(p, w))
            && !d.has(p, CUE)
            && !d.is(p, "citing")
            && !d.is(p, "quoting")
            && !d.is(p, "cited")
        {
            return false;
        }
        // "…, said one official." — inverted, the description closes the clause.
        let closes = e >= hi || matches!(d.toks[e].kind, TokKind::Punct('.' | ','));
        if (d.has(p, CUE) && closes) || d.is(p, "citing") || d.is(p, "quoting") || d.is(p, "cited") {
            return true;
        }
    }
    let mut j = e;
    let mut steps = 0;
    while j < hi && steps < 14 {
        if d.inside[j] {
            return false;
        }
        if d.has(j, CUE | CUE_ING) || d.is(j, "spoke") || d.is(j, "speaking") || d.is(j, "confirmed") || d.is(j, "say")
        {
            // "pleaded guilty" is a plea, not a statement; testimony in court is on the
            // record, whoever gives it.
            let plea = d.is(j, "pleaded") && (d.is(j + 1, "guilty") || d.is(j + 1, "not") || d.is(j + 1, "no"));
            return !plea && !d.is(j, "testified");
        }
        if d.has(j, STOP) && !d.has(j, SKIP) && !d.is(j, "who") && !in_relative(d, e, j) {
            // "have said", "had told": an auxiliary right before the cue is fine.
            if !(d.is(j, "have") || d.is(j, "has") || d.is(j, "had")) {
                return false;
            }
        }
        if matches!(d.toks[j].kind, TokKind::Punct('.' | ';' | '!' | '?')) {
            return false;
        }
        // A source is the subject of its reporting verb: only adverbs, auxiliaries, a
        // relative clause or an aside between commas come between them. Any other verb
        // makes the description the subject of something else ("at least 14 people
        // died, police said"; "four people in his orbit have pleaded guilty").
        let word = d.toks[j].is_word();
        let lower_word = word && !d.toks[j].cap;
        if lower_word && !d.has(j, SKIP | STOP) && !d.toks[j].text(d.src).ends_with("ly") && !in_relative(d, e, j) {
            return false;
        }
        // Jump over a clause between commas (", who requested anonymity because …,").
        if d.toks[j].is_punct(',') {
            let to = (j + 30).min(hi);
            if let Some(c) = (j + 1..to).find(|&m| d.toks[m].is_punct(',') || d.inside[m])
                && d.toks[c].is_punct(',')
            {
                j = c + 1;
                steps += 1;
                continue;
            }
        }
        j += 1;
        steps += 1;
    }
    false
}

/// True for a modifier that counts a crowd, not a few sources: a number above twenty
/// ("1,000 people") or "hundreds", "thousands", "millions".
fn is_crowd(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    if [
        "hundreds",
        "thousands",
        "millions",
        "hundred",
        "thousand",
        "million",
        "billion",
        "dozens",
    ]
    .contains(&w.as_str())
    {
        return true;
    }
    let digits: String = w.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    !digits.is_empty() && w.starts_with(|c: char| c.is_ascii_digit()) && digits.parse::<f64>().is_ok_and(|n| n > 20.0)
}

/// True when token `j` is inside a relative clause that opens right after the
/// description ending at `e` ("two officials who spoke on condition of anonymity").
fn in_relative(d: &Doc<'_>, e: usize, j: usize) -> bool {
    let start = if e < j && d.toks[e].is_punct(',') { e + 1 } else { e };
    if !(start < j && (d.is(start, "who") || d.is(start, "whom"))) {
        return false;
    }
    // Only a clause about the source's knowledge or anonymity ("who were briefed on the
    // talks", "who spoke on condition of anonymity"); "officers who approached him" did
    // something else.
    let mut v = start + 1;
    while v < j
        && ["was", "were", "is", "are", "had", "has", "have", "been", "not"]
            .iter()
            .any(|w| d.is(v, w))
    {
        v += 1;
    }
    v == j
        || [
            "briefed",
            "familiar",
            "spoke",
            "requested",
            "asked",
            "declined",
            "insisted",
            "close",
            "involved",
            "knowledgeable",
            "know",
            "knows",
            "knew",
            "participated",
            "attended",
            "authorized",
            "permitted",
        ]
        .iter()
        .any(|w| d.is(v, w))
}

/// Words that extend a description after its head ("familiar with the decision").
const POST: &[&str] = &[
    "familiar",
    "close",
    "with",
    "briefed",
    "knowledgeable",
    "involved",
    "in",
    "at",
    "from",
];

/// Finds anonymous sources: "two sources familiar with the decision", "one U.S.
/// official", "officials said", with their count and stated reason.
pub(crate) fn anonymous(d: &Doc<'_>, out: &mut QuoteExtraction) {
    let pattern = OnceCell::new();
    let mut lw = String::new();
    for &sent in &d.sents {
        let (lo, hi) = sent;
        let mut h = lo;
        while h < hi {
            if d.inside[h] || !d.has(h, ANON_HEAD) {
                h += 1;
                continue;
            }
            let w = lower(d.toks[h].text(d.src), &mut lw).to_string();
            let plural = d.has(h, PLURAL);
            // A role followed by a name is a named source ("official John Smith").
            if h + 1 < hi && d.toks[h + 1].cap && d.toks[h + 1].is_word() {
                h += 1;
                continue;
            }
            // Walk back over modifiers to the determiner.
            let mut b = h;
            let mut det = None;
            let mut lower_nouns = 0usize;
            while b > lo && h - b < 8 {
                let t = b - 1;
                if d.inside[t] || !d.toks[t].is_word() {
                    break;
                }
                if d.has(t, DET) {
                    det = Some(t);
                    b = t;
                    break;
                }
                let tw = d.toks[t].text(d.src);
                if d.has(t, ANON_MOD) || d.toks[t].cap || tw.contains('-') || count_of(tw).is_some() {
                    if d.toks[t].cap && d.has(t, STOP | PREP) {
                        break;
                    }
                    b = t;
                    continue;
                }
                // "current and former", and plain nouns used as modifiers ("aid officials").
                let joined = (d.is(t, "and") || d.is(t, "or")) && t > lo && d.has(t - 1, ANON_MOD);
                let noun = !d.has(t, STOP | PREP | CUE | CUE_ING | PRON | SKIP | TIME)
                    && !tw.ends_with("ing")
                    && lower_nouns < 2;
                if joined || noun {
                    lower_nouns += usize::from(noun && !joined);
                    b = t;
                    continue;
                }
                break;
            }
            // "The two officials" is definite: it points back at sources already counted.
            if let Some(t) = det
                && t > lo
                && (d.is(t - 1, "the") || d.toks[t - 1].text(d.src).ends_with("’s"))
            {
                h += 1;
                continue;
            }
            let count = match det {
                Some(t) => {
                    let dw = lower(d.toks[t].text(d.src), &mut lw);
                    match dw {
                        "the" | "his" | "her" | "its" | "their" | "our" | "my" | "your" | "every" | "each" | "all"
                        | "any" => {
                            h += 1;
                            continue;
                        }
                        _ => count_of(dw),
                    }
                }
                None if plural => {
                    let first = d.toks[b].text(d.src);
                    count_of(lower(first, &mut lw))
                }
                None => {
                    h += 1;
                    continue;
                }
            };
            let mut e = h + 1;
            let mut steps = 0;
            while e < hi && steps < 10 && !d.inside[e] {
                let ew = lower(d.toks[e].text(d.src), &mut lw);
                let starts_post = steps == 0 && POST.contains(&ew);
                if !(starts_post || steps > 0) {
                    break;
                }
                if !d.toks[e].is_word() || (steps > 0 && (d.has(e, STOP) || d.is_cue(e))) {
                    break;
                }
                e += 1;
                steps += 1;
            }
            while e > h + 1 && (d.has(e - 1, PREP | DET) && !d.toks[e - 1].cap) {
                e -= 1;
            }
            // "people" and "members" are sources only with a modifier ("people familiar
            // with", "a former board member").
            let modified = det.map_or(b, |t| t + 1) < h;
            // "People" and "person" need a description after them ("people close to the
            // talks"): "at least 14 people" and "1.8 million people" are counts of people,
            // and crowds are not sources.
            let people = w == "people" || w == "person";
            let members = w == "member" || w == "members";
            if (people || members) && e == h + 1 && (people || !modified) {
                h += 1;
                continue;
            }
            if (b..h).any(|t| is_crowd(d.toks[t].text(d.src))) {
                h += 1;
                continue;
            }
            // "Chris Edwards, an analyst at the Cato Institute, said" describes a named
            // source.
            if b > lo + 1 && d.toks[b - 1].is_punct(',') && d.toks[b - 2].cap && d.toks[b - 2].is_word() {
                h = e.max(h + 1);
                continue;
            }
            // "A lawyer for the crew, Siobhan Kerr, said" names the source.
            let comma = (e..(e + 8).min(hi))
                .take_while(|&m| !d.has(m, STOP | CUE) && !d.inside[m])
                .find(|&m| d.toks[m].is_punct(','));
            if let Some(c) = comma
                && c + 1 < hi
                && d.toks[c + 1].cap
            {
                let to = (c + 8).min(hi);
                let close = (c + 1..to).find(|&m| !d.toks[m].cap || !d.toks[m].is_word());
                if close.is_some_and(|m| d.toks[m].is_punct(',')) {
                    h = e;
                    continue;
                }
            }
            if !reports(d, b, e, sent) {
                h = e;
                continue;
            }
            let reason = reason_in(d, (b, hi.min(b + MAX_REASON)), &pattern);
            out.anonymous.push(AnonymousSource {
                span: d.span((b, e)),
                count,
                reason,
            });
            h = e;
        }
    }
}

/// Gives a reason stated in a sentence of its own ("They spoke on condition of anonymity
/// because …") to the nearest anonymous source of the two sentences before it that has
/// none.
pub(crate) fn later_reasons(d: &Doc<'_>, out: &mut QuoteExtraction) {
    let pattern = OnceCell::new();
    let mut next = 0;
    for (si, &sent) in d.sents.iter().enumerate() {
        let s = d.span(sent);
        // Anonymous sources are in text order; skip those that end before this sentence.
        while next < out.anonymous.len() && out.anonymous[next].span.start < s.start {
            next += 1;
        }
        if out.anonymous.get(next).is_some_and(|a| s.contains(a.span)) {
            continue;
        }
        let Some(reason) = reason_in(d, (sent.0, sent.1.min(sent.0 + MAX_REASON)), &pattern) else {
            continue;
        };
        let earliest = d.span(d.sents[si.saturating_sub(2)]).start;
        if let Some(a) = out.anonymous[..next].last_mut()
            && a.span.start >= earliest
            && a.reason.is_none()
        {
            a.reason = Some(reason);
        }
    }
}

/// Flags attribution sources and refusal subjects that are anonymous sources.
pub(crate) fn mark_anonymous(out: &mut QuoteExtraction) {
    let anon: Vec<Span> = out.anonymous.iter().map(|a| a.span).collect();
    let is_anon = |s: Span| {
        let i = anon.partition_point(|a| a.end <= s.start);
        anon.get(i).is_some_and(|a| a.overlaps(s))
    };
    for a in &mut out.attributions {
        a.source.anonymous = is_anon(a.source.span);
    }
    for r in &mut out.refusals {
        if let Some(s) = &mut r.subject {
            s.anonymous = is_anon(s.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Each match of `re` in `text`: its span and the named groups that took part.
    fn refusals_found(re: &Regex, text: &str) -> Vec<(usize, usize, Vec<String>)> {
        let mut caps = re.create_captures();
        re.find_iter(text)
            .map(|m| {
                re.captures(&text[m.range()], &mut caps);
                assert!(caps.is_match(), "a match matches itself");
                let names = re.group_info().pattern_names(regex_automata::PatternID::ZERO);
                let groups = names.flatten().filter(|n| caps.get_group_by_name(n).is_some());
                (m.start(), m.end(), groups.map(str::to_owned).collect())
            })
            .collect()
    }

    /// Checks that the pattern chosen for `text` finds what the whole pattern finds, and
    /// says whether the text needed the whole pattern.
    fn same_as_whole(text: &str) -> (bool, bool) {
        assert_eq!(
            refusals_found(REFUSAL.chosen(text), text),
            refusals_found(REFUSAL.whole(), text),
            "refusals in {text:?}"
        );
        assert_eq!(
            first_reason(REASON.chosen(text), text),
            first_reason(REASON.whole(), text),
            "reason in {text:?}"
        );
        (REFUSAL.gate.is_match(text), REASON.gate.is_match(text))
    }

    #[test]
    fn the_cheaper_patterns_find_in_real_articles_what_the_whole_ones_find() {
        let articles = [
            include_str!("../../../examples/baghdad/nbc-news.txt"),
            include_str!("../../../examples/baghdad/the-hill.txt"),
            include_str!("../../../examples/draft/draft.md"),
            include_str!("../../../tests/fixtures/quote/antitrust_probe.txt"),
            include_str!("../../../tests/fixtures/quote/ceasefire_talks.txt"),
            include_str!("../../../tests/fixtures/quote/wire_roundup.txt"),
            include_str!("../../../tests/fixtures/quote/ferry_inquiry.txt"),
            include_str!("../../../tests/fixtures/quote/blind_hospital.txt"),
        ];
        let mut needed = (0, 0);
        let mut paragraphs = 0;
        for para in articles
            .iter()
            .flat_map(|a| a.split('\n'))
            .filter(|p| !p.trim().is_empty())
        {
            let (requests, because) = same_as_whole(para);
            needed.0 += usize::from(requests);
            needed.1 += usize::from(because);
            paragraphs += 1;
        }
        // Both branches were taken: these articles have unanswered requests and officials
        // not authorized to speak, and most paragraphs have neither.
        assert!(needed.0 >= 2 && needed.1 >= 2, "{needed:?}");
        assert!(
            paragraphs > 10 * (needed.0 + needed.1),
            "{paragraphs} paragraphs, {needed:?}"
        );
    }

    #[test]
    fn an_unanswered_request_and_an_unauthorized_official_are_still_found() {
        let text = "Requests for comment sent to Müller-Ståhl’s office on Monday were not returned. \
                    Two officials spoke because they were not authorized to discuss the talks.";
        let refusals = refusals_found(REFUSAL.chosen(text), text);
        assert_eq!(refusals.len(), 1, "{refusals:?}");
        assert!(text[refusals[0].0..].starts_with("Requests for comment"));
        assert_eq!(refusals[0].2, ["noresp"]);
        let found = first_reason(REASON.chosen(text), text).expect("a reason");
        assert_eq!(&text[found], "because they were not authorized to discuss the talks");
    }

    proptest! {
        #[test]
        fn the_cheaper_patterns_find_what_the_whole_ones_find(
            words in prop::collection::vec(prop::sample::select(vec![
                // Words, and the pieces of the phrases the patterns look for, so that whole
                // phrases and near misses are both common.
                "Requests for comment", "calls", "e-mails", "to", "Ståhl’s", "office", "were", "was",
                "went", "has gone", "not", "NOT", "immediately", "returned", "unanswered", "unreturned",
                "because", "they were", "he was", "wasn’t", "authorized to", "permitted to", "cleared",
                "speak", "declined to comment", "did not", "didn’t", "no response", "anonymity to",
                "not to be named", "because the talks are sensitive", ",", ".", "\n", "denied", "K.",
                "could not be reached",
            ]), 0..40),
        ) {
            same_as_whole(&words.join(" "));
        }
    }
}

//! The tokenized body and the quotation passes: pairing, speakers, continuation and
//! pronoun resolution.

use super::lexicon::{
    ACCORDING, ANON_HEAD, ANON_MOD, CUE, CUE_ING, DET, FEM, MASC, PREP, PRON, ROLE, SKIP, STOP, TIME, classify,
};
use super::marks::{self, MAX_DEPTH, Pairing};
use super::tokens::{Tok, TokKind, lower, tokenize};
use super::{Quote, QuoteExtraction, Speaker};
use crate::span::Span;

/// How many lines back a quotation-only line looks for the speaker it continues, in copy
/// written one sentence per line.
const SENTENCE_LINES_BACK: usize = 4;

/// A token range `[start, end)`.
pub(crate) type Range = (usize, usize);

/// A speaker found next to a quotation: the noun phrase and the cue, as token ranges.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found {
    pub np: Range,
    pub cue: Option<Range>,
}

/// A paired quotation before interrupted quotations are joined.
#[derive(Clone, Copy, Debug)]
struct Cand {
    open: usize,
    close: usize,
    multi: bool,
    text_span: Span,
    found: Option<Found>,
    /// Token just past the speaker clause when the speaker follows the quotation.
    after_end: Option<usize>,
    partial: bool,
    /// A reporting verb in the quotation's sentence whose speaker was not found.
    cue_only: Option<Range>,
}

/// Where a quotation sits, kept beside `QuoteExtraction::quotes`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QuoteInfo {
    /// Paragraph of the opening mark.
    pub para: usize,
    /// True when the quotation opens its paragraph.
    pub starts_para: bool,
}

/// The body as tokens with everything the passes share.
pub(crate) struct Doc<'a> {
    /// The whole file.
    pub src: &'a str,
    /// Tokens of all paragraphs, in order.
    pub toks: Vec<Tok>,
    /// Lexicon bits of each token.
    pub flags: Vec<u32>,
    /// Token range of each paragraph.
    pub paras: Vec<Range>,
    /// Paragraph of each token.
    pub para_of: Vec<u32>,
    /// True for tokens inside a top-level quotation, marks included.
    pub inside: Vec<bool>,
    /// Token ranges of sentences, split only outside quotations.
    pub sents: Vec<Range>,
    /// Sentence of each token.
    pub sent_of: Vec<u32>,
    /// True when a paragraph has words outside quotations.
    pub para_prose: Vec<bool>,
    /// Paired and lone marks.
    pub pairing: Pairing,
    /// True for cue tokens already used by a direct quotation.
    pub cue_used: Vec<bool>,
    /// Placement of each reported quotation.
    pub qinfo: Vec<QuoteInfo>,
    /// True for copy written one sentence per line (see [`Doc::new`]).
    pub sentence_lines: bool,
}

impl<'a> Doc<'a> {
    /// Tokenizes the paragraphs and pairs their marks.
    pub fn new(src: &'a str, paragraphs: &[Span]) -> Self {
        // Room for a token every four bytes, more than news has: a long article's tokens
        // are not copied as they grow, with the old copy held while the new is written.
        let room = paragraphs.iter().map(|p| p.len()).sum::<usize>() / 4 + 1;
        let mut toks = Vec::with_capacity(room);
        let mut buf = Vec::new();
        let mut paras = Vec::with_capacity(paragraphs.len());
        let mut para_of = Vec::with_capacity(room);
        for (pi, &p) in paragraphs.iter().enumerate() {
            tokenize(src, p, &mut buf);
            let lo = toks.len();
            toks.extend_from_slice(&buf);
            paras.push((lo, toks.len()));
            para_of.resize(toks.len(), pi as u32);
        }
        let mut lw = String::new();
        let flags: Vec<u32> = toks
            .iter()
            .map(|t| {
                if !t.is_word() {
                    return 0;
                }
                let text = t.text(src);
                // No lexicon word is longer than 14 bytes or starts with a digit.
                if text.len() > 14 || text.starts_with(|c: char| c.is_ascii_digit()) {
                    return 0;
                }
                let mut f = classify(lower(text, &mut lw));
                if t.cap {
                    // Capitalized words are not reporting verbs ("United States"), and
                    // all-caps words are acronyms, not function words ("US", "IT").
                    f &= !(CUE | CUE_ING | super::lexicon::ATTR);
                    if text.len() > 1 && !text.chars().any(char::is_lowercase) {
                        f &= !(STOP | PRON | DET | PREP | SKIP);
                    }
                }
                f
            })
            .collect();
        let pairing = marks::pair(src, &toks, &paras);
        let mut inside = vec![false; toks.len()];
        let mut closes = vec![false; toks.len()];
        for p in pairing.pairs.iter().filter(|p| p.depth == 0) {
            for v in &mut inside[p.open..=p.close] {
                *v = true;
            }
            closes[p.close] = true;
        }
        let mut sents = Vec::new();
        let mut sent_of = vec![0u32; toks.len()];
        let mut para_prose = vec![false; paras.len()];
        for (pi, &(lo, hi)) in paras.iter().enumerate() {
            let mut s = lo;
            for i in lo..hi {
                if toks[i].is_word() && !inside[i] {
                    para_prose[pi] = true;
                }
                let next_starts = i + 1 >= hi
                    || toks[i + 1].cap
                    || matches!(toks[i + 1].kind, TokKind::Mark(_))
                    || toks[i + 1].text(src).starts_with(|c: char| c.is_ascii_digit());
                let end_punct = |t: &Tok| matches!(t.kind, TokKind::Punct('.' | '!' | '?' | '…'));
                let ends = next_starts
                    && ((!inside[i] && end_punct(&toks[i])) || (closes[i] && i > lo && end_punct(&toks[i - 1])));
                if ends {
                    sent_of[s..=i].fill(sents.len() as u32);
                    sents.push((s, i + 1));
                    s = i + 1;
                }
            }
            if s < hi {
                sent_of[s..hi].fill(sents.len() as u32);
                sents.push((s, hi));
            }
        }
        let n = toks.len();
        // Copy written one sentence per line: paragraphs on single lines, and nearly all of
        // them one sentence long outside quotations.
        let single_breaks = paras.windows(2).all(|w| {
            let gap = match (toks.get(w[0].1.wrapping_sub(1)), toks.get(w[1].0)) {
                (Some(a), Some(b)) if w[0].1 > w[0].0 => src.get(a.span().end..b.span().start).unwrap_or(""),
                _ => "",
            };
            gap.matches('\n').count() <= 1
        });
        let mut per_para = vec![0usize; paras.len()];
        // A lone mark after the period ("the title.'") is no sentence of its own.
        for &(lo, hi) in sents.iter().filter(|&&(lo, hi)| toks[lo..hi].iter().any(Tok::is_word)) {
            if let Some(&p) = para_of.get(lo).filter(|_| lo < hi) {
                per_para[p as usize] += 1;
            }
        }
        let several = per_para.iter().filter(|&&k| k > 1).count();
        let sentence_lines = paras.len() >= 4 && single_breaks && several * 10 <= paras.len();
        Doc {
            src,
            toks,
            flags,
            paras,
            para_of,
            inside,
            sents,
            sent_of,
            para_prose,
            pairing,
            cue_used: vec![false; n],
            qinfo: Vec::new(),
            sentence_lines,
        }
    }

    /// The byte span of a token range.
    pub fn span(&self, r: Range) -> Span {
        match (self.toks.get(r.0), r.1.checked_sub(1).and_then(|e| self.toks.get(e))) {
            (Some(a), Some(b)) if r.0 < r.1 => Span::new(a.span().start, b.span().end),
            _ => Span::default(),
        }
    }

    /// Token range of the paragraph holding token `i`.
    pub fn para_range(&self, i: usize) -> Range {
        self.para_of
            .get(i)
            .and_then(|&p| self.paras.get(p as usize))
            .copied()
            .unwrap_or((0, 0))
    }

    /// Token range of the sentence holding token `i`.
    pub fn sent_range(&self, i: usize) -> Range {
        self.sent_of
            .get(i)
            .and_then(|&s| self.sents.get(s as usize))
            .copied()
            .unwrap_or((0, 0))
    }

    /// True when token `i` is the word `w` in any case.
    pub fn is(&self, i: usize, w: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.is_word() && t.text(self.src).eq_ignore_ascii_case(w))
    }

    /// True when token `i` is a lowercase word with one of the lexicon bits `bits`.
    pub fn has(&self, i: usize, bits: u32) -> bool {
        self.flags.get(i).is_some_and(|f| f & bits != 0)
    }

    /// True when token `i` is a reporting verb.
    pub fn is_cue(&self, i: usize) -> bool {
        // After an article or a possessive, "tweet", "read" and "report" are nouns ("in a
        // tweet").
        // "Her" is also an object: "next to her screamed" keeps its verb.
        let past = self.toks.get(i).is_some_and(|t| t.text(self.src).ends_with("ed"));
        let noun = i > 0
            && ["a", "an", "the", "his", "her", "its", "their", "our", "my", "your"]
                .iter()
                .any(|w| self.is(i - 1, w) && !(*w == "her" && past));
        self.has(i, CUE | CUE_ING) && !noun
    }

    /// True when token `i` is a possessive determiner ("her rep", "his lawyer").
    fn is_possessive(&self, i: usize) -> bool {
        ["her", "his", "their", "its", "our", "my"]
            .iter()
            .any(|w| self.is(i, w))
    }

    /// True for sentence-ending punctuation.
    fn is_end_punct(&self, i: usize) -> bool {
        matches!(self.toks[i].kind, TokKind::Punct('.' | '!' | '?' | ';' | '…'))
    }

    /// The noun phrase that ends right before token `e`, not crossing `lo`.
    pub fn backward_np(&self, e: usize, lo: usize) -> Option<Range> {
        let mut b = e;
        let mut n = 0;
        while b > lo && n < 12 {
            let t = b - 1;
            if self.inside[t] {
                break;
            }
            match self.toks[t].kind {
                // "The teachers' union": a possessive apostrophe glued to a plural.
                TokKind::Mark('\'' | '’')
                    if !self.toks[t].space_before && t > lo && self.toks[t - 1].text(self.src).ends_with('s') =>
                {
                    b = t;
                }
                TokKind::Mark(_) => break,
                TokKind::Punct(')') => {
                    let from = t.saturating_sub(8).max(lo);
                    match (from..t).rev().find(|&m| self.toks[m].is_punct('(')) {
                        Some(m) => {
                            b = m;
                            n += 1;
                        }
                        None => break,
                    }
                }
                TokKind::Punct(_) => break,
                TokKind::Word => {
                    // "The Maritime and Coastguard Agency": a conjunction inside a name.
                    // So is one between modifiers ("current and former employees").
                    let in_name = (self.is(t, "and") || self.is(t, "&") || self.is(t, "or"))
                        && t > lo
                        && ((self.toks[t - 1].cap && self.toks.get(t + 1).is_some_and(|n| n.cap))
                            || (self.has(t - 1, ANON_MOD) && self.has(t + 1, ANON_MOD)));
                    if (self.has(t, STOP) && !in_name) || self.is_cue(t) {
                        break;
                    }
                    if self.has(t, PRON) {
                        if b == e {
                            b = t;
                        }
                        break;
                    }
                    b = t;
                    n += 1;
                }
            }
        }
        if b == e {
            return None;
        }
        // "A former officer who has advised the government said": what was collected is
        // the relative clause; the subject is the phrase before "who".
        if !self.toks[b].cap && !self.has(b, DET | PRON) && b > lo {
            let mut r = b - 1;
            let mut aux = 0;
            while r > lo
                && aux < 2
                && ["has", "have", "had", "is", "are", "was", "were"]
                    .iter()
                    .any(|w| self.is(r, w))
            {
                r -= 1;
                aux += 1;
            }
            if self.is(r, "who") || self.is(r, "which") {
                return self.backward_np(r, lo).map(|np| (np.0, e));
            }
        }
        // A phrase that opens with a preposition ("In a Bloomberg interview Trump") holds
        // an adverbial; the subject is the capitalized run at its end.
        if self.has(b, PREP) {
            let mut s = e;
            while s > b && (self.toks[s - 1].cap || self.toks[s - 1].is_punct(')')) {
                s -= 1;
            }
            if s < e {
                b = s;
            } else if b + 1 < e && self.has(b + 1, DET) {
                // "according to the official, who added": the phrase after the preposition.
                b += 1;
            } else {
                return None;
            }
        }
        while b < e && self.has(b, TIME) {
            b += 1;
        }
        (b < e).then_some((b, e))
    }

    /// The noun phrase that starts at token `j`, not crossing `hi`.
    pub fn forward_np(&self, j: usize, hi: usize) -> Option<Range> {
        let mut e = j;
        let mut n = 0;
        while e < hi && n < 12 {
            if self.inside[e] {
                break;
            }
            match self.toks[e].kind {
                TokKind::Mark(_) => break,
                TokKind::Punct('(') if e > j => {
                    let to = (e + 8).min(hi);
                    match (e..to).find(|&m| self.toks[m].is_punct(')')) {
                        Some(m) => {
                            e = m + 1;
                            n += 1;
                        }
                        None => break,
                    }
                }
                TokKind::Punct(_) => break,
                TokKind::Word => {
                    if e == j && self.has(e, PRON) {
                        return Some((j, j + 1));
                    }
                    // "her nephew", "his lawyer": a possessive opens the phrase.
                    if e == j && self.is_possessive(e) && e + 1 < hi && self.toks[e + 1].is_word() {
                        e += 1;
                        n += 1;
                        continue;
                    }
                    // "a lawyer representing them": an object pronoun after an -ing word
                    // closes the phrase.
                    if e > j
                        && ["them", "him", "her", "us"].iter().any(|w| self.is(e, w))
                        && self.toks[e - 1].text(self.src).ends_with("ing")
                    {
                        e += 1;
                        break;
                    }
                    if self.has(e, STOP) || self.is_cue(e) || self.has(e, TIME) {
                        break;
                    }
                    if self.has(e, PREP) {
                        // "a spokesman for the ministry", "people familiar with the matter",
                        // "two people briefed on the proposal".
                        let named = (self.is(e, "of") || self.is(e, "for") || self.is(e, "at"))
                            && e + 1 < hi
                            && (self.toks[e + 1].cap || self.has(e + 1, DET));
                        let after_modifier = [
                            "familiar",
                            "close",
                            "briefed",
                            "involved",
                            "knowledgeable",
                            "knowledge",
                            "experience",
                        ]
                        .iter()
                        .any(|w| e > 0 && self.is(e - 1, w))
                            || (self.is(e, "with") && (self.is(e + 1, "knowledge") || self.is(e + 1, "direct")));
                        let joins = e > j && (named || after_modifier);
                        if !joins {
                            break;
                        }
                    }
                    e += 1;
                    n += 1;
                }
            }
        }
        while e > j && !self.toks[e - 1].cap && self.has(e - 1, PREP | DET) {
            e -= 1;
        }
        (e > j).then_some((j, e))
    }

    /// The subject of the reporting verb at token `k`: skips adverbs ("also said"),
    /// appositives ("Trump, the nominee, said") and relatives ("Smith, who declined").
    pub fn subject_np(&self, k: usize, lo: usize) -> Option<Range> {
        let mut e = k;
        let mut skipped = 0;
        // Adverbs ("has steadfastly refused") sit between a subject and its verb.
        let adverb =
            |t: usize| !self.toks[t].cap && self.toks[t].is_word() && self.toks[t].text(self.src).ends_with("ly");
        while e > lo && skipped < 3 && ((self.toks[e - 1].is_word() && self.has(e - 1, SKIP)) || adverb(e - 1)) {
            e -= 1;
            skipped += 1;
        }
        if e > lo && self.toks[e - 1].is_punct(',') {
            let from = e.saturating_sub(20).max(lo);
            let comma = (from..e - 1)
                .rev()
                .find(|&m| self.toks[m].is_punct(',') || self.inside[m] || self.is_end_punct(m));
            return match comma {
                Some(m) if self.toks[m].is_punct(',') => {
                    // "Harmon’s campaign manager, Devon Price, said": a name in the
                    // appositive is the better speaker; "Trump, the nominee, said" keeps
                    // the phrase before it.
                    let (a, z) = (m + 1, e - 1);
                    let name = a < z
                        && (self.toks[a].cap || self.toks[a].text(self.src).starts_with(|c: char| c.is_ascii_digit()))
                        && self.toks[z - 1].cap
                        && (a..z).all(|t| self.toks[t].is_word() || self.toks[t].is_punct('('));
                    if name {
                        let start = (a..z).find(|&t| self.toks[t].cap).unwrap_or(a);
                        Some((start, z))
                    } else {
                        self.backward_np(m, lo)
                    }
                }
                _ => None,
            };
        }
        if e > lo + 1 && (self.is(e - 1, "who") || self.is(e - 1, "which")) && self.toks[e - 2].is_punct(',') {
            return self.backward_np(e - 2, lo);
        }
        self.backward_np(e, lo)
    }

    /// The inner words of the quotation between marks `o` and `c`.
    fn inner(&self, o: usize, c: usize) -> Span {
        let start = self.toks[o].span().end;
        let end = self.toks[c].span().start.max(start);
        let s = self.src.get(start..end).unwrap_or("");
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        let t = t.strip_suffix(',').unwrap_or(t).trim_end();
        Span::new(start + lead, start + lead + t.len())
    }

    /// "“…,” Trump said", "“…,” said Trump", "“…,” according to X".
    fn speaker_after(&self, c: usize) -> Option<Found> {
        let (_, hi) = self.para_range(c);
        let mut i = c + 1;
        let comma = (i < hi && self.toks[i].is_punct(',')) || (c > 0 && self.toks[c - 1].is_punct(','));
        if i < hi && self.toks[i].is_punct(',') {
            i += 1;
        }
        self.speaker_from(i, hi).or_else(|| {
            // "“…,” the band teased on Instagram": words that end on a comma inside the
            // quotation are followed by their attribution, whatever its verb. The phrase
            // before the first lower-case word is the speaker.
            if !comma || i >= hi || !(self.toks[i].cap || self.has(i, PRON)) {
                return None;
            }
            let np = self.forward_np(i, hi)?;
            let verb = self.toks.get(np.1).is_some_and(|t| t.is_word() && !t.cap);
            verb.then_some(Found { np, cue: None })
        })
    }

    /// The speaker clause that starts at token `i`, before `hi`: "Trump said", "said
    /// Trump", "according to X".
    fn speaker_from(&self, i: usize, hi: usize) -> Option<Found> {
        if i + 1 < hi && matches!(self.toks[i].kind, TokKind::Punct('―' | '—' | '–' | '-')) && self.toks[i + 1].cap
        {
            // A byline-style credit: "“…” ― Jane Doe".
            return self.forward_np(i + 1, hi).map(|np| Found { np, cue: None });
        }
        if i >= hi || !self.toks[i].is_word() || self.inside[i] {
            return None;
        }
        if self.has(i, CUE) {
            return self.forward_np(i + 1, hi).map(|np| Found {
                np,
                cue: Some((i, i + 1)),
            });
        }
        if self.has(i, ACCORDING) && self.is(i + 1, "to") {
            return self.forward_np(i + 2, hi).map(|np| Found {
                np,
                cue: Some((i, i + 2)),
            });
        }
        if self.has(i, STOP | PREP | CUE_ING) && !self.has(i, PRON) && !self.is_possessive(i) {
            return None;
        }
        let mut seen_comma = false;
        let mut comma_at = None;
        let mut depth = 0i32;
        for j in i..hi.min(i + 22) {
            if self.inside[j] {
                break;
            }
            match self.toks[j].kind {
                TokKind::Mark(_) => break,
                TokKind::Punct('(') => depth += 1,
                TokKind::Punct(')') => depth -= 1,
                TokKind::Punct(',') => {
                    seen_comma = true;
                    comma_at.get_or_insert(j);
                }
                // Dots inside "(R-Fla.)" or in "R-Ky., said" do not end the phrase.
                TokKind::Punct(_)
                    if depth > 0
                        || (self.toks[j].is_punct('.') && self.toks.get(j + 1).is_some_and(|t| t.is_punct(','))) => {}
                TokKind::Punct(_) => break,
                TokKind::Word => {
                    if self.has(j, CUE) && j > i {
                        let mut e = comma_at.unwrap_or(j);
                        while e > i && self.has(e - 1, SKIP) {
                            e -= 1;
                        }
                        if e == i {
                            return None;
                        }
                        // A pronoun subject comes alone ("he said"); anything longer
                        // that holds one is not a speaker phrase.
                        if e - i > 1 && (i..e).any(|m| self.has(m, PRON)) {
                            return None;
                        }
                        return Some(Found {
                            np: (i, e),
                            cue: Some((j, j + 1)),
                        });
                    }
                    // "and" joins the words of one speaker phrase ("team president and
                    // general manager Lena Ortiz said", "Smith and Jones said").
                    if depth == 0
                        && !seen_comma
                        && j > i
                        && (self.has(j, STOP) || self.is_cue(j))
                        && !self.is(j - 1, "of")
                        && !self.is(j, "and")
                        && !self.has(j, SKIP)
                    {
                        break;
                    }
                }
            }
        }
        None
    }

    /// "“… for years!” / Trump said in a tweet.": a quotation that ends its paragraph,
    /// followed by a short paragraph that is only an attribution clause — a speaker and
    /// a reporting verb, then nothing but where, when or how it was said. A paragraph
    /// that goes on to say something of its own ("Trump said the talks would resume")
    /// is not the quotation's attribution.
    fn speaker_next_para(&self, c: usize) -> Option<Found> {
        let para = *self.para_of.get(c)? as usize;
        let (_, hi) = self.paras[para];
        if (c + 1..hi).any(|t| !matches!(self.toks[t].kind, TokKind::Punct(_))) {
            return None;
        }
        let &(lo2, hi2) = self.paras.get(para + 1)?;
        if hi2 <= lo2 || hi2 - lo2 > 16 || (lo2..hi2).any(|t| matches!(self.toks[t].kind, TokKind::Mark(_))) {
            return None;
        }
        let found = self.speaker_from(lo2, hi2)?;
        let end = found.np.1.max(found.cue.map_or(0, |r| r.1));
        let rest_ok = end >= hi2
            || self.is_end_punct(end)
            || self.has(end, PREP | TIME)
            || self.toks[end].is_punct(',')
            || (self.toks[end].cap && self.toks[end].is_word());
        rest_ok.then_some(found)
    }

    /// The subject that opens the sentence holding token `k`, before `k`: a pronoun, or a
    /// run of capitalized words and determiners, after a leading adverbial clause.
    pub fn sentence_subject(&self, k: usize) -> Option<Range> {
        let (mut b, _) = self.sent_range(k);
        // "After the vote, …" and "Speaking to reporters, …" open with an adverbial clause.
        let participle = self
            .toks
            .get(b)
            .is_some_and(|t| t.is_word() && t.text(self.src).ends_with("ing"));
        if self.has(b, PREP) || participle {
            let to = (b + 10).min(k);
            b = (b..to).find(|&m| self.toks[m].is_punct(','))? + 1;
        }
        if b < k && self.has(b, PRON) {
            return Some((b, b + 1));
        }
        let mut e = b;
        while e < k && !self.inside[e] {
            let t = &self.toks[e];
            if t.is_punct('(') && e > b {
                // "Sen. Marcus Oyelaran (D-Md.)": keep the party and state.
                match (e..(e + 8).min(k)).find(|&m| self.toks[m].is_punct(')')) {
                    Some(c) => e = c + 1,
                    None => break,
                }
                continue;
            }
            let fits = t.is_word()
                && (t.cap || self.has(e, DET | ANON_MOD | ANON_HEAD | ROLE) || t.text(self.src).ends_with("’s"))
                && !self.has(e, STOP | PREP);
            if !fits {
                break;
            }
            e += 1;
        }
        (e > b).then_some((b, e))
    }

    /// "Trump said, “…”", "He says: “…”", "according to X, “…”". With `wide`, searches the
    /// whole sentence back, over earlier quotations, for a partial quotation's source.
    fn speaker_before(&self, o: usize, wide: bool) -> Option<Found> {
        let (lo, _) = self.para_range(o);
        let limit = if wide { 60 } else { 12 };
        let mut k = o;
        let mut steps = 0;
        while k > lo && steps < limit {
            k -= 1;
            steps += 1;
            if self.inside[k] {
                if wide {
                    continue;
                }
                break;
            }
            match self.toks[k].kind {
                TokKind::Mark(_) => break,
                TokKind::Punct(_) if self.is_end_punct(k) => break,
                TokKind::Word if self.is_cue(k) => {
                    let np = self.subject_np(k, lo).or_else(|| {
                        // "Trump attacked Clinton, saying, “…”": an -ing cue after a comma
                        // takes the subject of its sentence.
                        // So does a cue after "and" ("I laughed and said, “…”").
                        let shared = k > lo
                            && ((self.has(k, CUE_ING) && self.toks[k - 1].is_punct(',')) || self.is(k - 1, "and"));
                        shared.then(|| self.sentence_subject(k)).flatten()
                    });
                    if let Some(np) = np {
                        return Some(Found {
                            np,
                            cue: Some((k, k + 1)),
                        });
                    }
                }
                TokKind::Word if self.has(k, ACCORDING) && self.is(k + 1, "to") => {
                    if let Some(np) = self.forward_np(k + 2, o) {
                        return Some(Found {
                            np,
                            cue: Some((k, k + 2)),
                        });
                    }
                }
                _ => {}
            }
        }
        // "Nair was direct: “…”": a quotation introduced by a colon is said by the
        // subject of the sentence that introduces it.
        if !wide && o > lo && self.toks[o - 1].is_punct(':') {
            return self.sentence_subject(o - 1).map(|np| Found { np, cue: None });
        }
        None
    }

    /// True when the mark at token `t` opens its line or ends it (only punctuation after it).
    fn at_line_edge(&self, t: usize) -> bool {
        let (_, hi) = self.para_range(t);
        let ends = (t + 1..hi)
            .take_while(|&u| !self.toks[u].line_start)
            .all(|u| matches!(self.toks[u].kind, TokKind::Punct(_)));
        self.toks[t].line_start || ends
    }

    /// The span of the lone mark at token `t` with the word it is glued to, so that a
    /// reader sees where it stands: the word after an opening mark ("‘agency"), the word
    /// before a closing one ("agency’"); the mark alone when it stands apart.
    fn lone_mark(&self, t: usize) -> Span {
        let mark = self.toks[t].span();
        let (lo, hi) = self.para_range(t);
        let glued_after = t + 1 < hi && self.toks[t + 1].is_word() && !self.toks[t + 1].space_before;
        let glued_before = t > lo && self.toks[t - 1].is_word() && !self.toks[t].space_before;
        let opening =
            matches!(self.toks[t].kind, TokKind::Mark('“' | '‘' | '«' | '„')) || (glued_after && !glued_before);
        if opening && glued_after {
            Span::new(mark.start, self.toks[t + 1].span().end)
        } else if !opening && glued_before {
            Span::new(self.toks[t - 1].span().start, mark.end)
        } else {
            mark
        }
    }

    /// A reporting verb outside quotations in the sentence of the quotation between marks
    /// `o` and `c` ("the letter reads, “…”", "a guard at the gate shouted, “…”"):
    /// the quotation is attributed even when the speaker phrase was not made out.
    fn sentence_cue(&self, o: usize, c: usize) -> Option<Range> {
        let (lo, hi) = self.sent_range(o);
        let (_, shi) = self.sent_range(c);
        (lo..hi.max(shi))
            .filter(|&t| !self.inside[t] && !self.cue_used[t])
            .find_map(|t| {
                if self.is_cue(t) {
                    Some((t, t + 1))
                } else if self.has(t, ACCORDING) && self.is(t + 1, "to") {
                    Some((t, t + 2))
                } else {
                    None
                }
            })
    }

    /// True when the quoted words between marks `o` and `c` are a title ("The End of
    /// Home", "Harbour Lights"): one to six words, each capitalised but for the small words
    /// of titles, not asked or exclaimed.
    fn is_title(&self, o: usize, c: usize) -> bool {
        let mut words = 0;
        for t in o + 1..c {
            let tok = &self.toks[t];
            match tok.kind {
                TokKind::Word => {
                    let small = [
                        "of", "the", "a", "an", "and", "in", "on", "at", "to", "for", "or", "with",
                    ]
                    .iter()
                    .any(|w| tok.text(self.src) == *w);
                    let article = words == 0 && (tok.text(self.src) == "the" || tok.text(self.src) == "a");
                    let figure = tok.text(self.src).starts_with(|c: char| c.is_ascii_digit());
                    if !(tok.cap || (small && words > 0) || article || figure) {
                        return false;
                    }
                    words += 1;
                }
                TokKind::Punct('.' | ',' | ':' | '-' | '’' | '\'') => {}
                _ => return false,
            }
        }
        (1..=6).contains(&words) && self.toks[o + 1..c].iter().any(|t| t.cap)
    }

    /// True for a quotation in single marks on a line that does not end like a sentence:
    /// a headline or a crosshead ("'We have lost everything': Floods hit the valley"), which
    /// quotes without attributing by the conventions of headlines.
    fn is_headline_quote(&self, o: usize) -> bool {
        let single = matches!(self.toks[o].kind, TokKind::Mark('‘' | '\''));
        let (_, hi) = self.para_range(o);
        single
            && hi > 0
            && !matches!(
                self.toks[hi - 1].kind,
                TokKind::Punct('.' | '!' | '?' | '…') | TokKind::Mark('”' | '"')
            )
    }

    /// Finds the quotations and their speakers in the paragraph they stand in, and joins
    /// a quotation interrupted by its attribution ("“…,” she said. “…”") into one.
    pub fn quotes(&mut self, out: &mut QuoteExtraction) {
        // In copy written one sentence per line, a quotation of several sentences runs over
        // lines, and its far end may lie beyond the lines it could be paired over: a lone
        // mark that opens a line or ends one is the edge of such a quotation, not a stray;
        // so may be a lone straight single mark, which quotes over lines in copy that quotes
        // in single marks as often as it stands for an apostrophe.
        out.unbalanced = self
            .pairing
            .unbalanced
            .iter()
            .filter(|&&t| !(self.sentence_lines && (self.at_line_edge(t) || self.toks[t].kind == TokKind::Mark('\''))))
            .map(|&t| self.lone_mark(t))
            .collect();
        let mut found_quotes: Vec<(Quote, QuoteInfo)> = Vec::new();
        let mut cands: Vec<Cand> = Vec::new();
        for p in self.pairing.pairs.clone() {
            if p.depth > MAX_DEPTH {
                continue;
            }
            let (o, c) = (p.open, p.close);
            let text_span = self.inner(o, c);
            let (lo, _) = self.para_range(o);
            if p.depth > 0 {
                let span = Span::new(self.toks[o].span().start, self.toks[c].span().end);
                found_quotes.push((
                    Quote {
                        span,
                        text_span,
                        parts: vec![text_span],
                        speaker: None,
                        cue: None,
                        continued: false,
                        partial: true,
                        nested: true,
                        multi_paragraph: p.multi,
                    },
                    QuoteInfo {
                        para: self.para_of[o] as usize,
                        starts_para: o == lo,
                    },
                ));
                continue;
            }
            let words = (o..c).filter(|&t| self.toks[t].is_word()).take(3).count();
            let start_ctx = o == lo || self.toks[o].line_start || {
                let t = o - 1;
                match self.toks[t].kind {
                    TokKind::Punct(ch) => {
                        matches!(
                            ch,
                            '.' | '!' | '?' | ',' | ':' | ';' | '—' | '–' | '-' | '(' | '…' | '―'
                        )
                    }
                    TokKind::Mark(_) => true,
                    TokKind::Word => self.is_cue(t),
                }
            };
            let ends_period = text_span.text(self.src).ends_with('.');
            let (found, after_end) = if start_ctx {
                match (self.speaker_after(c), self.speaker_before(o, false)) {
                    (Some(_), Some(b)) if ends_period => (Some(b), None),
                    (Some(a), _) => (Some(a), Some(a.np.1.max(a.cue.map_or(0, |r| r.1)))),
                    (None, b) => (b, None),
                }
            } else {
                (self.speaker_before(o, true), None)
            };
            let found = if found.is_none() && start_ctx {
                self.speaker_next_para(c)
            } else {
                found
            };
            // A title set in quotation marks is embedded in its sentence, like a partial
            // quotation: nobody is quoted.
            let title = found.is_none() && (self.is_title(o, c) || self.is_headline_quote(o));
            if words <= 2 && found.is_none() && (!start_ctx || !self.ends_sentence(text_span)) {
                out.scare
                    .push(Span::new(self.toks[o].span().start, self.toks[c].span().end));
                continue;
            }
            cands.push(Cand {
                open: o,
                close: c,
                multi: p.multi,
                text_span,
                found,
                after_end,
                partial: !start_ctx || title,
                cue_only: if found.is_none() && !title {
                    self.sentence_cue(o, c)
                } else {
                    None
                },
            });
        }
        let mut i = 0;
        while i < cands.len() {
            let first = cands[i];
            let mut last = first;
            let mut parts = vec![first.text_span];
            let mut multi = first.multi;
            let mut j = i + 1;
            while !first.partial && j < cands.len() && self.joins(&first, &last, &cands[j]) {
                last = cands[j];
                parts.push(last.text_span);
                multi |= last.multi;
                j += 1;
            }
            // A partial quotation sits inside indirect speech, which stays an attribution.
            if let Some(cue) = first.found.and_then(|f| f.cue).filter(|_| !first.partial) {
                for t in cue.0..cue.1 {
                    self.cue_used[t] = true;
                }
            }
            let span = Span::new(self.toks[first.open].span().start, self.toks[last.close].span().end);
            let (lo, _) = self.para_range(first.open);
            found_quotes.push((
                Quote {
                    span,
                    text_span: Span::new(first.text_span.start, last.text_span.end),
                    parts,
                    speaker: first.found.map(|f| Speaker {
                        span: self.span(f.np),
                        antecedent: None,
                    }),
                    cue: first.found.and_then(|f| f.cue).or(first.cue_only).map(|c| self.span(c)),
                    continued: false,
                    partial: first.partial,
                    nested: false,
                    multi_paragraph: multi,
                },
                QuoteInfo {
                    para: self.para_of[first.open] as usize,
                    starts_para: first.open == lo,
                },
            ));
            i = j;
        }
        found_quotes.sort_by_key(|q| q.0.span.start);
        for (q, info) in found_quotes {
            out.quotes.push(q);
            self.qinfo.push(info);
        }
    }

    /// True when quotation `next` continues the utterance that `first` opened and `last`
    /// most recently extended: adjacent marks, or a gap that holds only the speaker clause
    /// and a few words of description.
    fn joins(&self, first: &Cand, last: &Cand, next: &Cand) -> bool {
        if next.partial || self.para_of[last.close] != self.para_of[next.open] {
            return false;
        }
        let same = match (first.found, next.found) {
            (_, None) => true,
            (Some(a), Some(b)) => a.np == b.np,
            (None, Some(_)) => false,
        };
        if !same {
            return false;
        }
        if next.open == last.close + 1 {
            return true;
        }
        let Some(end) = last
            .after_end
            .filter(|_| last.close == first.close || last.found.is_none())
        else {
            return false;
        };
        let cue = first.found.and_then(|f| f.cue).map_or(0, |c| c.0);
        end <= next.open
            && next.open - end <= 30
            && (end..next.open).all(|t| !self.has(t, CUE) || t == cue)
            && (end..next.open).filter(|&t| self.is_end_punct(t)).count() <= 1
    }

    /// True when quoted words end like a sentence or an utterance ("Sad!", "No.").
    fn ends_sentence(&self, s: Span) -> bool {
        s.text(self.src).ends_with(['.', '!', '?'])
    }

    /// The speaker announced at the end of a paragraph ("He said:"), if any.
    fn trailing_cue(&self, para: usize) -> Option<Found> {
        let &(lo, hi) = self.paras.get(para)?;
        if hi <= lo || !matches!(self.toks[hi - 1].kind, TokKind::Punct(':' | ',')) {
            return None;
        }
        let from = hi.saturating_sub(9).max(lo);
        for k in (from..hi - 1).rev() {
            if self.inside[k] || self.is_end_punct(k) {
                break;
            }
            if self.is_cue(k) {
                // "The crowd marched to the square, chanting:" — an -ing cue
                // takes the subject of its sentence.
                return self
                    .subject_np(k, lo)
                    .or_else(|| self.sentence_subject(k))
                    .map(|np| Found {
                        np,
                        cue: Some((k, k + 1)),
                    });
            }
            if self.has(k, ACCORDING) && self.is(k + 1, "to") {
                return self.forward_np(k + 2, hi).map(|np| Found {
                    np,
                    cue: Some((k, k + 2)),
                });
            }
        }
        // "Nair was direct:" announces the next paragraph's quotation without a
        // reporting verb: its sentence's subject says it.
        if self.toks[hi - 1].is_punct(':') && !self.inside[hi - 1] {
            return self.sentence_subject(hi - 1).map(|np| Found { np, cue: None });
        }
        None
    }

    /// Gives quotations with no speaker in their sentence the speaker they continue:
    /// the previous quotation of the paragraph, a "He said:" closing the previous
    /// paragraph, or — for a quotation-only paragraph — the last speaker or source of
    /// the previous paragraph.
    pub fn continue_speakers(&self, out: &mut QuoteExtraction) {
        let np = self.paras.len();
        // The last speaker or source of each paragraph, by position.
        let mut last: Vec<Option<(usize, Speaker, Option<Span>)>> = vec![None; np];
        let note = |last: &mut Vec<Option<(usize, Speaker, Option<Span>)>>,
                    para: usize,
                    pos: usize,
                    s: Speaker,
                    cue: Option<Span>| {
            if let Some(slot) = last.get_mut(para)
                && slot.is_none_or(|(p, _, _)| p <= pos)
            {
                *slot = Some((pos, s, cue));
            }
        };
        for (q, info) in out.quotes.iter().zip(&self.qinfo) {
            if let (Some(s), false) = (q.speaker, q.nested) {
                note(&mut last, info.para, q.span.start, s, q.cue);
            }
        }
        for a in &out.attributions {
            if let Some(t) = self.tok_at(a.cue.start) {
                let para = self.para_of[t] as usize;
                let s = Speaker {
                    span: a.source.span,
                    antecedent: None,
                };
                note(&mut last, para, a.cue.start, s, Some(a.cue));
            }
        }
        let mut prev_in_para: Option<(usize, Speaker, Option<Span>)> = None;
        for (qi, info) in self.qinfo.iter().enumerate() {
            let Some(q) = out.quotes.get(qi).map(|q| (q.nested, q.speaker, q.partial, q.span)) else {
                break;
            };
            let (nested, speaker, partial, qspan) = q;
            if nested {
                continue;
            }
            if prev_in_para.is_some_and(|(p, _, _)| p != info.para) {
                prev_in_para = None;
            }
            if speaker.is_none() && !partial {
                let mut got: Option<(Speaker, Option<Span>, bool)> = None;
                if let Some((_, s, cue)) = prev_in_para {
                    got = Some((s, cue, true));
                } else if info.starts_para && info.para > 0 {
                    if let Some(f) = self.trailing_cue(info.para - 1) {
                        let s = Speaker {
                            span: self.span(f.np),
                            antecedent: None,
                        };
                        got = Some((s, f.cue.map(|c| self.span(c)), false));
                    } else if !self.para_prose[info.para]
                        && let Some((_, s, cue)) = self.last_speaker_before(info.para, &last)
                    {
                        // In copy written one sentence per line, lines are not paragraphs:
                        // the quotation carries the speaker on as a sentence of the same
                        // paragraph would, and is not a paragraph that borrows one.
                        got = Some((s, cue, !self.sentence_lines));
                    }
                }
                if let Some((s, cue, continued)) = got
                    && let Some(qm) = out.quotes.get_mut(qi)
                {
                    qm.speaker = Some(s);
                    qm.cue = cue;
                    qm.continued = continued;
                    note(&mut last, info.para, qspan.start, s, cue);
                }
            }
            if let Some(s) = out.quotes.get(qi).and_then(|q| q.speaker)
                && !partial
            {
                prev_in_para = Some((info.para, s, out.quotes[qi].cue));
            }
        }
    }

    /// The speaker a quotation-only paragraph `para` continues: the last speaker or source
    /// of the previous paragraph. In copy written one sentence per line, a "paragraph" is a
    /// sentence of a longer paragraph, so the speaker is looked for a few lines further
    /// back ([`SENTENCE_LINES_BACK`]).
    fn last_speaker_before<T: Copy>(&self, para: usize, last: &[Option<T>]) -> Option<T> {
        let back = if self.sentence_lines { SENTENCE_LINES_BACK } else { 1 };
        (para.saturating_sub(back)..para)
            .rev()
            .find_map(|p| last.get(p).copied().flatten())
    }

    /// Index of the token starting at byte `pos`, or the first token after it.
    pub fn tok_at(&self, pos: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.span().start < pos);
        (i < self.toks.len()).then_some(i)
    }

    /// Gender bits of the mention starting at byte `pos` (from "Mr.", "Mrs.", "Ms.").
    fn gender(&self, pos: usize) -> u32 {
        self.tok_at(pos).map_or(0, |t| self.flags[t] & (MASC | FEM))
    }

    /// Resolves "he" and "she" speakers and sources to the nearest earlier name of a
    /// person: a capitalized name that is not the object of a preposition and is either
    /// two words long or the surname of an earlier speaker; failing that, the nearest
    /// earlier named speaker or source. "Mr." and "Mrs." rule out the other pronoun.
    pub fn resolve_pronouns(&self, out: &mut QuoteExtraction) {
        let src = self.src;
        let named = |s: Span| {
            let t = s.text(src);
            t.chars().next().is_some_and(char::is_uppercase)
                && !matches!(t, "He" | "She" | "They" | "It" | "We" | "I" | "You")
                && !t.starts_with("The ")
        };
        let mut mentions: Vec<Span> = out
            .quotes
            .iter()
            .filter(|q| !q.continued)
            .filter_map(|q| q.speaker.map(|s| s.span))
            .chain(out.attributions.iter().map(|a| a.source.span))
            .chain(out.refusals.iter().filter_map(|r| r.subject.map(|s| s.span)))
            .filter(|&s| named(s))
            .collect();
        mentions.sort_unstable();
        mentions.dedup();
        let mut heads: Vec<&str> = mentions
            .iter()
            .filter_map(|m| {
                m.text(src)
                    .split_whitespace()
                    .rfind(|w| w.starts_with(char::is_uppercase))
            })
            .collect();
        heads.sort_unstable();
        heads.dedup();
        let resolve = |p: Span| -> Option<Span> {
            let t = p.text(src);
            let reject = if t.eq_ignore_ascii_case("he") {
                FEM
            } else if t.eq_ignore_ascii_case("she") {
                MASC
            } else {
                return None;
            };
            self.name_before(p.start, &heads, reject).or_else(|| {
                let i = mentions.partition_point(|m| m.start < p.start);
                mentions[..i]
                    .iter()
                    .rev()
                    .take(20)
                    .find(|m| self.gender(m.start) & reject == 0)
                    .copied()
            })
        };
        for q in &mut out.quotes {
            if let Some(s) = &mut q.speaker
                && s.antecedent.is_none()
            {
                s.antecedent = resolve(s.span);
            }
        }
        for a in &mut out.attributions {
            a.source.antecedent = resolve(a.source.span);
        }
        for r in &mut out.refusals {
            if let Some(s) = &mut r.subject {
                s.antecedent = resolve(s.span);
            }
        }
    }

    /// The nearest person-like name before byte `pos`, looking back a bounded number of
    /// tokens and skipping quoted words.
    fn name_before(&self, pos: usize, heads: &[&str], reject: u32) -> Option<Span> {
        let end = self.toks.partition_point(|t| t.span().start < pos);
        let from = end.saturating_sub(400);
        let name_word = |t: usize| {
            self.toks[t].cap
                && self.toks[t].is_word()
                && !self.inside[t]
                && !self.has(t, STOP | DET | PREP | PRON | TIME)
        };
        let mut k = end;
        while k > from {
            k -= 1;
            if !name_word(k) {
                continue;
            }
            let mut b = k;
            while b > from && self.toks[b - 1].cap && self.toks[b - 1].is_word() && !self.inside[b - 1] {
                b -= 1;
            }
            while b < k && self.has(b, STOP | DET | PREP | PRON) {
                b += 1;
            }
            let last = self.toks[k].text(self.src);
            let object = b > 0
                && !self.toks[b - 1].cap
                && self.has(b - 1, PREP)
                && !(b > 1 && self.is(b - 1, "to") && self.is(b - 2, "according"));
            let possessive = last.ends_with("’s") || last.ends_with("'s");
            let known = k > b || heads.binary_search(&last).is_ok();
            if known && !object && !possessive && self.flags[b] & reject == 0 {
                return Some(self.span((b, k + 1)));
            }
            k = b;
        }
        None
    }
}

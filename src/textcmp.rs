//! Comparing two quotations word by word: which pieces of them to compare, how alike they
//! are, which words differ, and where those words are — for the query functions
//! `similarity` and `diff` and for labels that point at the differing words.
//!
//! Words are compared by a key that forgives what is spelling or format rather than wording:
//! British and American spellings ("realised" / "realized"), accents ("Vendôme" /
//! "Vendome"), minutes of a full hour ("6 p.m." / "6:00 p.m."), and words written closed,
//! open or hyphenated ("endgame" / "end game", "e-mail" / "email"), or with a spaced
//! apostrophe ("year ’ s" / "year's").
//!
//! Each quotation is cut into words once per thread (a quotation is compared with every
//! other quotation of its statement), and each pair is aligned once: the last comparison is
//! kept, since a rule asks `similarity` and then `diff` of the same pair. Two quotations are
//! aligned in the order of their words, whichever is asked about first, so that (a, b) and
//! (b, a) find the same differences, each side's the other's.

use std::cell::RefCell;
use std::rc::Rc;

use foldhash::HashMap;
use smallvec::{SmallVec, smallvec};

use crate::value::{Key, Value};

use crate::span::Span;
use crate::words::{is_stopword, normalized};

/// Longer texts are compared on their first words only, to keep the cost bounded.
const MAX_COMPARED_WORDS: usize = 400;

/// Runs of this many words or more that only one quotation has are cuts, not changes.
const LEFT_OUT_WORDS: usize = 6;

/// One word of a quotation.
#[derive(Clone, Debug)]
struct Word {
    /// As normalised for display: lowercase, abbreviation periods dropped.
    shown: String,
    /// What is compared: `shown` with spelling variants folded.
    key: String,
    /// A hash of `key`: two words whose hashes differ differ.
    hash: u64,
    /// The number of `key` on this thread ([`word_id`]): two words are the same when their
    /// numbers are.
    id: u32,
    /// Where it is in the file, when the quotation's span is known.
    span: Option<Span>,
}

thread_local! {
    /// A number for each word key met on this thread, so that two words are told the same or
    /// not by one comparison of numbers rather than of their texts (most words compared are
    /// the same). Started again with the cache of cut quotations ([`compared`]), so that
    /// the words of the two quotations compared are always numbered alike.
    static WORD_IDS: RefCell<HashMap<String, u32>> = RefCell::new(HashMap::default());
}

/// The number of `key` on this thread ([`WORD_IDS`]).
fn word_id(key: &str) -> u32 {
    WORD_IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        if let Some(&id) = ids.get(key) {
            return id;
        }
        let id = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        ids.insert(key.to_string(), id);
        id
    })
}

/// The words of a piece of quotation text starting at byte `base` of its file (if known),
/// leaving out words an editor added in brackets or parentheses ("his (Marco Bellini's)
/// privacy"): they are not the speaker's, and sources add different ones.
fn words_of(text: &str, base: Option<usize>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    let flush = |start: &mut Option<usize>, end: usize, out: &mut Vec<Word>| {
        if let Some(s) = start.take() {
            let raw = &text[s..end];
            if let Some(shown) = normalized(raw).into_iter().next() {
                // "6:00" is "6": the minutes of a full hour are format, not wording.
                if shown == "00" && out.last().is_some_and(|w| w.shown.chars().all(|c| c.is_ascii_digit())) {
                    return;
                }
                let key = fold(&shown);
                out.push(Word {
                    hash: hash_of(&key),
                    id: word_id(&key),
                    key,
                    shown,
                    span: base.map(|b| Span::new(b + s, b + end)),
                });
            }
        }
    };
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => {
                flush(&mut start, i, &mut out);
                depth += 1;
            }
            ')' | ']' => {
                flush(&mut start, i, &mut out);
                depth = depth.saturating_sub(1);
            }
            _ if depth > 0 => {}
            c if c.is_alphanumeric() || c == '\'' || c == '’' || c == '.' => {
                start.get_or_insert(i);
            }
            _ => flush(&mut start, i, &mut out),
        }
    }
    if depth == 0 {
        flush(&mut start, text.len(), &mut out);
    }
    out
}

/// FNV-1a over the bytes of `key`.
fn hash_of(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Word {
    /// Whether two words compare equal: their keys, by the numbers they were given.
    fn same(&self, other: &Word) -> bool {
        self.id == other.id
    }
}

/// The comparison key of a word: accents dropped and British spellings made American, so
/// that spelling variants of one word compare equal. Both texts are folded the same way,
/// so a fold can only make two words equal that differ in one of these spots.
fn fold(word: &str) -> String {
    let mut w: String = if word.is_ascii() {
        word.to_owned()
    } else {
        word.chars().map(fold_accent).collect()
    };
    if w.chars().count() < 5 {
        return w;
    }
    // -ise/-yse → -ize/-yze: realised, organisation, analyse.
    for (from, to) in [
        ("isation", "ization"),
        ("ised", "ized"),
        ("ising", "izing"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("yse", "yze"),
        ("ysed", "yzed"),
    ] {
        if let Some(stem) = w.strip_suffix(from)
            && stem.chars().count() >= 3
        {
            w = format!("{stem}{to}");
            break;
        }
    }
    // -our → -or inside longer words: neighbourhood, honoured, behaviour, favourite.
    if w.chars().count() >= 6
        && let Some(i) = w.find("our")
        && i >= 3
    {
        w.replace_range(i..i + 3, "or");
    }
    // -tre → -ter, -ence → -ense, -ogue → -og: centre, defence, catalogue.
    for (from, to) in [
        ("tre", "ter"),
        ("tres", "ters"),
        ("fence", "fense"),
        ("cence", "cense"),
        ("ogue", "og"),
    ] {
        if let Some(stem) = w.strip_suffix(from) {
            w = format!("{stem}{to}");
            break;
        }
    }
    w
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        other => other,
    }
}

/// The longest common subsequence of two word lists (by key), as pairs of indices.
///
/// Where several exist, the one that takes a shared word as early as it can. Words that
/// both lists begin with are therefore always paired, and the lengths of common
/// subsequences are only worked out for what follows them (none for two equal lists).
///
/// Those lengths are those of a table of every suffix of one list against every suffix of
/// the other, held as one row of bits per word of `a` and worked out 64 words of `b` at a
/// time ([`SuffixCommon`], from `places`, those of `b`'s compared words): comparing two
/// quotations is mostly this. Without `places` (two words of `b` share a hash) the table
/// is written out.
fn lcs(a: &[Word], b: &[Word], places: Option<&Places>) -> Vec<(usize, usize)> {
    let (a, b) = (
        &a[..a.len().min(MAX_COMPARED_WORDS)],
        &b[..b.len().min(MAX_COMPARED_WORDS)],
    );
    let prefix = a.iter().zip(b).take_while(|(x, y)| x.same(y)).count();
    let mut out: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    let (rest_a, rest_b) = (&a[prefix..], &b[prefix..]);
    if rest_a.is_empty() || rest_b.is_empty() {
        return out;
    }
    match places {
        Some(places) => {
            let table = SuffixCommon::new(rest_a, b, places, prefix);
            walk(rest_a, rest_b, prefix, &mut out, |i, j| table.get(i, j));
        }
        None => {
            let (table, w) = (common_lengths(rest_a, rest_b), rest_b.len() + 1);
            walk(rest_a, rest_b, prefix, &mut out, |i, j| usize::from(table[i * w + j]));
        }
    }
    out
}

/// Walks `a` and `b` from their starts, pairing shared words and otherwise leaving the word
/// whose list keeps the longer common subsequence without it (`common(i, j)`, the length
/// for `a[i..]` and `b[j..]`); pairs are numbered from `prefix`.
fn walk(a: &[Word], b: &[Word], prefix: usize, out: &mut Vec<(usize, usize)>, common: impl Fn(usize, usize) -> usize) {
    let (n, m) = (a.len(), b.len());
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i].same(&b[j]) {
            out.push((prefix + i, prefix + j));
            i += 1;
            j += 1;
        } else if common(i + 1, j) >= common(i, j + 1) {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// The table of [`SuffixCommon`] written out, a length for each pair of suffixes: for two
/// lists of which [`SuffixCommon`] cannot tell the words apart by their hashes.
fn common_lengths(a: &[Word], b: &[Word]) -> Vec<u16> {
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let mut table = vec![0u16; (n + 1) * w];
    for i in (0..n).rev() {
        let (row, below) = table[i * w..].split_at_mut(w);
        for j in (0..m).rev() {
            row[j] = if a[i].same(&b[j]) {
                below[j + 1] + 1
            } else {
                below[j].max(row[j + 1])
            };
        }
    }
    table
}

/// The length of the longest common subsequence of `a[i..]` and `b[j..]`, for every `i`
/// and `j`, in `(a.len() + 1) * ceil(b.len() / 64)` words of memory.
///
/// Row `i` holds one bit for each word of `b`, the last word first: bit `k` stands for
/// `b[m - 1 - k]`. The common length of `a[i..]` and `b[j..]` is the number of zero bits
/// among the first `m - j` of row `i`, and row `i` is made from row `i + 1` by one addition
/// (Hyyrö's bit-parallel recurrence, run over both lists from their ends): the table is
/// made in about `n * m / 64` steps, each word of `a` looked up once among those of `b`.
struct SuffixCommon {
    rows: Vec<u64>,
    blocks: usize,
    m: usize,
}

/// Where each distinct word of a list stands, as the bits of a row of [`SuffixCommon`] (bit
/// `k` for word `m - 1 - k`), found by its hash in a table open-addressed by it: a word of
/// the other list is looked up once, not compared with each word of this one.
#[derive(Debug)]
struct Places {
    /// Each slot: a word standing for its hash (`usize::MAX` when empty), and the number of
    /// its bits in `masks`.
    table: SmallVec<[(usize, usize); 64]>,
    masks: SmallVec<[u64; 32]>,
    blocks: usize,
}

impl Places {
    /// The places of the words of `b`; `None` in the rare case that two different words
    /// of `b` share a hash.
    fn new(b: &[Word]) -> Option<Self> {
        let m = b.len();
        let mut places = Places {
            table: smallvec![(usize::MAX, 0); (2 * m).next_power_of_two()],
            masks: SmallVec::new(),
            blocks: m.div_ceil(64),
        };
        let blocks = places.blocks;
        for (j, word) in b.iter().enumerate() {
            let mut at = places.slot(word.hash);
            let group = loop {
                match places.table[at] {
                    (usize::MAX, _) => {
                        let group = places.masks.len() / blocks;
                        places.table[at] = (j, group);
                        places.masks.resize(places.masks.len() + blocks, 0);
                        break group;
                    }
                    (other, group) if b[other].hash == word.hash => {
                        if b[other].id != word.id {
                            return None;
                        }
                        break group;
                    }
                    _ => at = (at + 1) & (places.table.len() - 1),
                }
            };
            let k = m - 1 - j;
            places.masks[group * blocks + k / 64] |= 1 << (k % 64);
        }
        Some(places)
    }

    fn slot(&self, hash: u64) -> usize {
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (self.table.len() - 1)
    }

    /// The bits at which `word` stands in `b`, the list these are the places of; `None`
    /// when it is not there.
    fn of(&self, b: &[Word], word: &Word) -> Option<&[u64]> {
        let mut at = self.slot(word.hash);
        loop {
            match self.table[at] {
                (usize::MAX, _) => return None,
                (other, group) if b[other].hash == word.hash => {
                    return (b[other].id == word.id)
                        .then(|| &self.masks[group * self.blocks..(group + 1) * self.blocks]);
                }
                _ => at = (at + 1) & (self.table.len() - 1),
            }
        }
    }

    /// The row for a word standing at `hits` (none when `None`) followed by the row `next`.
    fn step(next: &[u64], hits: Option<&[u64]>, row: &mut [u64]) {
        let Some(hits) = hits else {
            // A word the list does not have: the row below, as it is.
            row.copy_from_slice(next);
            return;
        };
        let mut carry = false;
        for ((v, hit), out) in next.iter().zip(hits).zip(row) {
            let (sum, c1) = v.overflowing_add(v & hit);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            carry = c1 || c2;
            *out = sum | (v & !hit);
        }
    }
}

/// The length of the longest common subsequence of two word lists, as [`lcs`] finds it,
/// without finding it: one row of [`SuffixCommon`] at a time. `places` are those of `b` (of
/// as many of its words as are compared), made once for all the lists it is compared with;
/// `None` when they cannot be made. (A quotation cut into pieces is compared piece by
/// piece, and only the most alike pair is aligned.)
fn common_length(a: &[Word], b: &[Word], places: Option<&Places>) -> usize {
    let (a, b) = (
        &a[..a.len().min(MAX_COMPARED_WORDS)],
        &b[..b.len().min(MAX_COMPARED_WORDS)],
    );
    let prefix = a.iter().zip(b).take_while(|(x, y)| x.same(y)).count();
    if prefix == a.len() || prefix == b.len() {
        return prefix;
    }
    let Some(places) = places else {
        return prefix + usize::from(common_lengths(&a[prefix..], &b[prefix..])[0]);
    };
    // The rows are those of `a[prefix..]` against the whole of `b`: the common length with
    // `b[prefix..]` is read from their first `b.len() - prefix` bits.
    let mut row: SmallVec<[u64; 4]> = smallvec![u64::MAX; places.blocks];
    let mut next = row.clone();
    for word in a[prefix..].iter().rev() {
        std::mem::swap(&mut row, &mut next);
        Places::step(&next, places.of(b, word), &mut row);
    }
    prefix + zeros_below(&row, b.len() - prefix)
}

/// The number of zero bits among the first `k` of `row`.
fn zeros_below(row: &[u64], k: usize) -> usize {
    let (full, rest) = (k / 64, k % 64);
    let mut ones: usize = row[..full].iter().map(|x| x.count_ones() as usize).sum();
    if rest != 0 {
        ones += (row[full] & ((1u64 << rest) - 1)).count_ones() as usize;
    }
    k - ones
}

impl SuffixCommon {
    /// The table for `a` against `b[skip..]`, from the places of `b`: its rows are worked
    /// out against the whole of `b`, and read for the words past the first `skip`.
    fn new(a: &[Word], b: &[Word], places: &Places, skip: usize) -> Self {
        let blocks = places.blocks;
        let mut rows = vec![u64::MAX; (a.len() + 1) * blocks];
        for (i, word) in a.iter().enumerate().rev() {
            let (above, below) = rows.split_at_mut((i + 1) * blocks);
            Places::step(&below[..blocks], places.of(b, word), &mut above[i * blocks..]);
        }
        SuffixCommon {
            rows,
            blocks,
            m: b.len() - skip,
        }
    }

    /// The length of the longest common subsequence of `a[i..]` and `b[j..]`.
    fn get(&self, i: usize, j: usize) -> usize {
        zeros_below(&self.rows[i * self.blocks..(i + 1) * self.blocks], self.m - j)
    }
}

/// Twice the common words over all words, in [0, 1].
fn dice(a: &[Word], b: &[Word], common: usize) -> f64 {
    let (n, m) = (a.len().min(MAX_COMPARED_WORDS), b.len().min(MAX_COMPARED_WORDS));
    if n + m == 0 {
        return 1.0;
    }
    2.0 * common as f64 / (n + m) as f64
}

/// A run of words that differs: word indices in each text (one side may be empty).
#[derive(Clone, Debug)]
struct Change {
    a: std::ops::Range<usize>,
    b: std::ops::Range<usize>,
}

/// A quotation cut into pieces (see `pieces`), each cut into words, shared.
type Pieces = Rc<Cut>;

/// A quotation cut into pieces ([`pieces`]), with the places of the words of each piece
/// ([`Places`], of as many words as are compared), made once for every comparison of it.
#[derive(Debug)]
struct Cut {
    words: Vec<Vec<Word>>,
    places: Vec<Option<Places>>,
}

impl Cut {
    fn new(words: Vec<Vec<Word>>) -> Self {
        let places = words
            .iter()
            .map(|w| Places::new(&w[..w.len().min(MAX_COMPARED_WORDS)]))
            .collect();
        Cut { words, places }
    }
}

/// Two texts compared: their words, how alike they are and the runs of words that differ.
#[derive(Debug)]
struct Comparison {
    /// Each quotation's pieces.
    pieces: (Pieces, Pieces),
    /// Which were compared, and what was found.
    shape: Shape,
}

/// The runs of words that differ between two aligned texts. Words that one text has before
/// the first shared word or after the last are not differences (quoting less of a statement
/// is not misquoting it), nor runs of [`LEFT_OUT_WORDS`] or more that one text leaves out
/// (a cut), nor runs whose letters agree once spaces, hyphens and apostrophes are ignored
/// ("end game" / "endgame", "year s" / "year's").
fn changes(a: &[Word], b: &[Word], mut pairs: Vec<(usize, usize)>) -> Vec<Change> {
    trim_weak_ends(a, &mut pairs);
    let Some(&(first_a, first_b)) = pairs.first() else {
        return Vec::new();
    };
    let last = pairs.last().copied().unwrap_or((first_a, first_b));
    pairs.push((last.0 + 1, last.1 + 1));
    let (mut i, mut j) = (first_a + 1, first_b + 1);
    let mut out = Vec::new();
    // The letters of a run of words, read without copying them.
    fn letters(ws: &[Word]) -> impl Iterator<Item = char> + '_ {
        ws.iter().flat_map(|w| w.key.chars()).filter(|c| *c != '\'')
    }
    let shared = pairs.len() - 1;
    for (k, (pi, pj)) in pairs.into_iter().enumerate().skip(1) {
        let (short, long) = ((pi - i).min(pj - j), (pi - i).max(pj - j));
        // A run of several words one text has and the other has not, or replaces with a
        // word or two, is a sentence or clause left out, as quotations are cut. So is a run
        // one text has next to fewer shared words than it holds at either end: "I felt …"
        // matched at the "We" of "We sold the club because we thought …" is a shorter quotation.
        // And a run of several words replaced by several others is another sentence, as when
        // a quotation runs into the next one: not a changed word.
        let left_out = short <= 2 && long >= LEFT_OUT_WORDS
            || short == 0 && (k < long || shared - k < long)
            || short >= LEFT_OUT_WORDS - 1;
        let (pi_c, pj_c) = (pi.min(a.len()), pj.min(b.len()));
        let (ra, rb) = (&a[i.min(pi_c)..pi_c], &b[j.min(pj_c)..pj_c]);
        // Tested only for a run that differs and is no cut: most runs are empty.
        if (pi > i || pj > j) && !left_out && !letters(ra).eq(letters(rb)) && !contracted(ra, rb) && !contracted(rb, ra)
        {
            out.push(Change { a: i..pi_c, b: j..pj_c });
        }
        i = pi + 1;
        j = pj + 1;
    }
    out
}

/// Whether the one word of `short` is the two words of `long` contracted: "daughter's" /
/// "daughter has", "he's" / "he is", "I'm" / "I am", "wouldn't" / "would not". The same
/// words, written as the speaker said them or as the style guide prefers.
fn contracted(short: &[Word], long: &[Word]) -> bool {
    const FORMS: &[(&str, &[&str])] = &[
        ("'s", &["is", "has"]),
        ("'re", &["are"]),
        ("'ve", &["have"]),
        ("'ll", &["will"]),
        ("'d", &["would", "had"]),
        ("'m", &["am"]),
        ("n't", &["not"]),
    ];
    let ([one], [stem, full]) = (short, long) else {
        return false;
    };
    let irregular = [
        ("won't", "will", "not"),
        ("can't", "can", "not"),
        ("cannot", "can", "not"),
    ];
    if irregular
        .iter()
        .any(|(c, s, f)| one.key == *c && stem.key == *s && full.key == *f)
    {
        return true;
    }
    FORMS.iter().any(|(suffix, fulls)| {
        one.key.strip_suffix(suffix) == Some(stem.key.as_str()) && fulls.contains(&full.key.as_str())
    })
}

/// Drops from the end of an alignment a short run of shared words that are all stop words
/// and stand apart from the rest: "I expect to sign the papers" and "It was a relief not to
/// argue" share "to" after their common opening, which makes them two ways of going on, not
/// one sentence with changed words. (At the start, shared stop words such as
/// "We will" are how most statements open, and stay.)
fn trim_weak_ends(a: &[Word], pairs: &mut Vec<(usize, usize)>) {
    let weak = |run: &[(usize, usize)]| run.iter().all(|&(i, _)| a.get(i).is_some_and(|w| is_stopword(&w.key)));
    let apart = |x: (usize, usize), y: (usize, usize)| y.0 != x.0 + 1 || y.1 != x.1 + 1;
    // The run at the end: consecutive pairs back from the last.
    let mut start = pairs.len();
    while start > 1 && !apart(pairs[start - 2], pairs[start - 1]) {
        start -= 1;
    }
    if start > 1 && pairs.len() - (start - 1) <= 2 && weak(&pairs[start - 1..]) {
        pairs.truncate(start - 1);
    }
}

/// The pieces of a quotation worth comparing: the whole of it, then each of its parts when
/// its attribution interrupts it, since each part may be quoted alone elsewhere. A plain
/// string is one piece with no position.
fn pieces(v: &Value) -> Vec<Vec<Word>> {
    let span_start = |v: &Value| v.get("span").and_then(|s| s.get("start")).and_then(Value::as_u64);
    let text = |v: &Value| v.get("text").and_then(Value::as_str).unwrap_or("").to_string();
    match v {
        Value::String(s) => vec![words_of(s, None)],
        Value::Object(map) => {
            let parts: Vec<Vec<Word>> = map
                .get("parts")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .map(|p| words_of(&text(p), span_start(p).map(|s| s as usize)))
                        .collect()
                })
                .unwrap_or_default();
            if parts.is_empty() {
                let base = map
                    .get("text_span")
                    .and_then(|s| s.get("start"))
                    .and_then(Value::as_u64);
                return vec![words_of(&text(v), base.map(|s| s as usize))];
            }
            let whole: Vec<Word> = parts.iter().flatten().cloned().collect();
            let mut out = vec![whole];
            if parts.len() > 1 {
                out.extend(parts);
            }
            out
        }
        _ => vec![Vec::new()],
    }
}

/// The cuts of a quotation [`pieces`] reads: the tag, start and text of each part, or of the
/// whole.
type Cuts<'v> = SmallVec<[(u8, Option<u64>, &'v str); 4]>;

/// What [`pieces`] reads of `v` ([`pieces_key`] writes it as bytes).
fn cuts(v: &Value) -> Cuts<'_> {
    fn start(v: &Value, field: Key) -> Option<u64> {
        v.get_key(field)
            .and_then(|s| s.get_key(key!("start")))
            .and_then(Value::as_u64)
    }
    fn text(v: &Value) -> &str {
        v.get_key(key!("text")).and_then(Value::as_str).unwrap_or("")
    }
    match v {
        Value::String(s) => smallvec![(b's', None, s.as_str())],
        Value::Object(map) => match map
            .get_key(key!("parts"))
            .and_then(Value::as_array)
            .filter(|ps| !ps.is_empty())
        {
            Some(parts) => parts.iter().map(|p| (b'p', start(p, key!("span")), text(p))).collect(),
            None => smallvec![(b'w', start(v, key!("text_span")), text(v))],
        },
        _ => smallvec![(b'x', None, "")],
    }
}

/// The cuts of a quotation as bytes: two values with one key have the same pieces. Each
/// part is a tag, its start and its length, each of a fixed width, then its text: no text
/// can pass for another cut of the same words. (Made for every quotation compared: written
/// without formatting numbers.)
fn pieces_key(cuts: &Cuts<'_>) -> Vec<u8> {
    cuts_key(cuts, true)
}

/// The cuts as bytes: each part's tag, its start (with `starts`), its length, then its text.
fn cuts_key(cuts: &Cuts<'_>, starts: bool) -> Vec<u8> {
    let mut key = Vec::with_capacity(cuts.iter().map(|(_, _, text)| 17 + text.len()).sum());
    for &(tag, start, text) in cuts {
        key.push(tag);
        if starts {
            key.extend_from_slice(&start.unwrap_or(u64::MAX).to_le_bytes());
        }
        key.extend_from_slice(&(text.len() as u64).to_le_bytes());
        key.extend_from_slice(text.as_bytes());
    }
    key
}

/// The texts of the cuts of a quotation as bytes, wherever they are: two values with one key
/// are cut into the same words, at other places.
fn words_key(cuts: &Cuts<'_>) -> Vec<u8> {
    cuts_key(cuts, false)
}

/// Whether `key` is the [`pieces_key`] of `cuts`, read without writing that key.
fn is_key_of(key: &[u8], cuts: &Cuts<'_>) -> bool {
    let mut rest = key;
    for &(tag, start, text) in cuts {
        let Some((head, tail)) = rest.split_first_chunk::<17>() else {
            return false;
        };
        let (start_bytes, len_bytes) = head[1..].split_at(8);
        if head[0] != tag
            || start_bytes != start.unwrap_or(u64::MAX).to_le_bytes()
            || len_bytes != (text.len() as u64).to_le_bytes()
            || !tail.starts_with(text.as_bytes())
        {
            return false;
        }
        rest = &tail[text.len()..];
    }
    rest.is_empty()
}

/// Quotations cut into pieces on this thread, by [`pieces_key`]: a quotation compared with
/// many others is cut into words once.
type PiecesCache = HashMap<Vec<u8>, Pieces>;

/// The most quotations kept cut on one thread; past it the cache starts again.
const MAX_CACHED_PIECES: usize = 4096;

thread_local! {
    static PIECES: RefCell<PiecesCache> = RefCell::new(PiecesCache::default());
}

/// The key and the pieces of `v`, whose cuts are `cuts`, cut once per thread.
fn cached_pieces(v: &Value, cuts: &Cuts<'_>) -> (Vec<u8>, Pieces) {
    let key = pieces_key(cuts);
    PIECES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(p) = cache.get(&key) {
            return (key, Rc::clone(p));
        }
        let p = Rc::new(Cut::new(pieces(v)));
        cache.insert(key.clone(), Rc::clone(&p));
        (key, p)
    })
}

/// The most alike pair of pieces of two quotations, compared; the wholes win a tie.
fn compare_values(pa: &Cut, pb: &Cut) -> Shape {
    // (similarity, piece of a, piece of b) of the best pair so far; only that pair is
    // aligned.
    let mut best: Option<(f64, usize, usize)> = None;
    for (i, x) in pa.words.iter().enumerate() {
        for (j, (y, places)) in pb.words.iter().zip(&pb.places).enumerate() {
            let s = dice(x, y, common_length(x, y, places.as_ref()));
            if best.is_none_or(|(bs, ..)| s > bs) {
                best = Some((s, i, j));
            }
        }
    }
    let (similarity, i, j, pairs) = match best {
        Some((s, i, j)) => (s, i, j, lcs(&pa.words[i], &pb.words[j], pb.places[j].as_ref())),
        None => (1.0, 0, 0, Vec::new()),
    };
    Shape {
        piece: (i, j),
        similarity,
        changes: changes(pa.piece(i), pb.piece(j), pairs),
    }
}

impl Cut {
    /// The words of piece `k` (none for a quotation without words).
    fn piece(&self, k: usize) -> &[Word] {
        self.words.get(k).map_or(&[], Vec::as_slice)
    }
}

impl Comparison {
    /// The words of the first quotation's piece compared.
    fn a(&self) -> &[Word] {
        self.pieces.0.piece(self.shape.piece.0)
    }

    /// The words of the second quotation's piece compared.
    fn b(&self) -> &[Word] {
        self.pieces.1.piece(self.shape.piece.1)
    }
}

/// What comparing two quotations finds that does not depend on where they are: the pieces
/// compared, how alike they are and the runs of words that differ.
#[derive(Clone, Debug)]
struct Shape {
    piece: (usize, usize),
    similarity: f64,
    changes: Vec<Change>,
}

impl Shape {
    /// What comparing the two quotations the other way round finds: each side the other's.
    fn mirrored(&self) -> Shape {
        Shape {
            piece: (self.piece.1, self.piece.0),
            similarity: self.similarity,
            changes: self
                .changes
                .iter()
                .map(|c| Change {
                    a: c.b.clone(),
                    b: c.a.clone(),
                })
                .collect(),
        }
    }
}

/// Pairs of quotations compared on this thread, by the [`words_key`]s of the two: the
/// versions of a statement that many articles quote are compared once, whichever articles
/// quote them.
type ShapeCache = HashMap<(Vec<u8>, Vec<u8>), Shape>;

thread_local! {
    static SHAPES: RefCell<ShapeCache> = RefCell::new(ShapeCache::default());
}

/// A pair of quotations compared: their [`pieces_key`]s and what was found.
type LastComparison = Option<(Vec<u8>, Vec<u8>, Rc<Comparison>)>;

thread_local! {
    /// The last pair compared on this thread, by the values' [`pieces_key`]: a rule asks
    /// `similarity`, then `diff`, then fills its message and labels, all about the same pair.
    static LAST: RefCell<LastComparison> = const { RefCell::new(None) };
}

thread_local! {
    /// What comparing two quotations of the same words, cut alike, finds ([`compared`]).
    static ALIKE: Rc<Comparison> = Rc::new(Comparison {
        pieces: (Rc::new(Cut::new(Vec::new())), Rc::new(Cut::new(Vec::new()))),
        shape: Shape {
            piece: (0, 0),
            similarity: 1.0,
            changes: Vec::new(),
        },
    });
}

fn compared(a: &Value, b: &Value) -> Rc<Comparison> {
    let (ca, cb) = (cuts(a), cuts(b));
    // Two quotations of the same words cut alike, as sources that quote one statement
    // verbatim give it, are known without cutting them into words: their wholes are the most
    // alike pieces, alike in every word, and no run of words differs.
    let alike = ca.len() == cb.len()
        && ca
            .iter()
            .zip(&cb)
            .all(|((tag_a, _, text_a), (tag_b, _, text_b))| tag_a == tag_b && text_a == text_b);
    if alike {
        return ALIKE.with(Rc::clone);
    }
    // The pair compared last is recognised by its keys, read beside the cuts: no key is
    // written for it.
    let last_pair = LAST.with(|last| {
        last.borrow()
            .as_ref()
            .filter(|(x, y, _)| is_key_of(x, &ca) && is_key_of(y, &cb))
            .map(|(_, _, c)| Rc::clone(c))
    });
    if let Some(c) = last_pair {
        return c;
    }
    // A full cache starts again here, with the numbers of words, so that the two quotations
    // are cut in the same numbering.
    PIECES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= MAX_CACHED_PIECES {
            cache.clear();
            WORD_IDS.with(|ids| ids.borrow_mut().clear());
        }
    });
    let (ka, pa) = cached_pieces(a, &ca);
    let (kb, pb) = cached_pieces(b, &cb);
    // Two quotations are compared in one order, that of their words, whichever is asked
    // about first: where two alignments of their words are as long, the one taken depends on
    // that order, and (a, b) and (b, a) would differ by more than their sides. What is found
    // the other way round is mirrored.
    let (wa, wb) = (words_key(&ca), words_key(&cb));
    let swapped = wb < wa;
    let (words, pieces) = if swapped {
        ((wb, wa), (pb, pa))
    } else {
        ((wa, wb), (pa, pb))
    };
    // The same words compared before, at other places: what was found, with these pieces
    // (whose words say where they are).
    let known = SHAPES.with(|shapes| shapes.borrow().get(&words).cloned());
    let shape = match known {
        Some(shape) => shape,
        None => {
            let shape = compare_values(&pieces.0, &pieces.1);
            SHAPES.with(|shapes| {
                let mut shapes = shapes.borrow_mut();
                if shapes.len() >= MAX_CACHED_PIECES {
                    shapes.clear();
                }
                shapes.insert(words, shape.clone());
            });
            shape
        }
    };
    let c = if swapped {
        Comparison {
            pieces: (pieces.1, pieces.0),
            shape: shape.mirrored(),
        }
    } else {
        Comparison { pieces, shape }
    };
    LAST.with(|last| {
        let c = Rc::new(c);
        *last.borrow_mut() = Some((ka, kb, Rc::clone(&c)));
        c
    })
}

/// `similarity(x, y)`: how alike two quotations (or texts) are, in [0, 1]: twice the words
/// they share in order over all their words; for quotations interrupted by their
/// attribution, of the most alike pair of pieces.
pub fn similarity(a: &Value, b: &Value) -> f64 {
    compared(a, b).shape.similarity
}

/// `diff(x, y)`: the runs of words that differ, as "“highest” → “top”", joined by "; ";
/// empty when the texts agree. See `changes` for what is not a difference.
pub fn diff(a: &Value, b: &Value) -> String {
    describe_changes(a, b, |old, new| match (old.is_empty(), new.is_empty()) {
        (false, false) => format!("“{old}” → “{new}”"),
        (false, true) => format!("“{old}” dropped"),
        _ => format!("“{new}” added"),
    })
}

/// `versions(x, y)`: the runs of words that differ, the same whichever text comes first:
/// "“highest” / “top”", "“the” in one version only". Findings about one difference seen
/// from either side then share their message, and are reported once.
pub fn versions(a: &Value, b: &Value) -> String {
    describe_changes(a, b, |x, y| match (x.is_empty(), y.is_empty()) {
        (false, false) if x <= y => format!("“{x}” / “{y}”"),
        (false, false) => format!("“{y}” / “{x}”"),
        (false, true) => format!("“{x}” in one version only"),
        _ => format!("“{y}” in one version only"),
    })
}

/// Each run of differing words of two texts, as `describe` writes the words of each side,
/// joined by "; ".
fn describe_changes(a: &Value, b: &Value, describe: impl Fn(&str, &str) -> String) -> String {
    let c = compared(a, b);
    let shown = |ws: &[Word]| ws.iter().map(|w| w.shown.as_str()).collect::<Vec<_>>().join(" ");
    c.shape
        .changes
        .iter()
        .map(|ch| describe(&shown(&c.a()[ch.a.clone()]), &shown(&c.b()[ch.b.clone()])))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where two quotations differ: in each, the span from the first to the last differing word
/// (for words only the other has, the words around the place they would go). `None` when
/// they agree or the text's position is unknown.
pub fn differing_spans(a: &Value, b: &Value) -> (Option<Span>, Option<Span>) {
    let c = compared(a, b);
    let side = |words: &[Word], ranges: &mut dyn Iterator<Item = std::ops::Range<usize>>| -> Option<Span> {
        let mut out: Option<Span> = None;
        for r in ranges {
            // Words only the other text has: point at the neighbours of the gap.
            let r = if r.is_empty() {
                r.start.saturating_sub(1)..(r.start + 1).min(words.len())
            } else {
                r
            };
            for w in &words[r] {
                let s = w.span?;
                out = Some(match out {
                    Some(o) => Span::new(o.start.min(s.start), o.end.max(s.end)),
                    None => s,
                });
            }
        }
        out
    };
    let sa = side(c.a(), &mut c.shape.changes.iter().map(|ch| ch.a.clone()));
    let sb = side(c.b(), &mut c.shape.changes.iter().map(|ch| ch.b.clone()));
    (sa, sb)
}

/// For randomised tests: numbers drawn one after another from `seed` (xorshift), each below
/// the bound asked, the same on every run.
#[cfg(test)]
pub(crate) fn numbers_below(mut seed: u64) -> impl FnMut(u64) -> u64 {
    move |below| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bit_parallel_alignment_is_the_table_s() {
        // Word lists of up to three blocks of 64 words, drawn again and again from small
        // vocabularies, so that words repeat and alignments tie.
        let mut next = numbers_below(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let vocabulary = 1 + next(6);
            let (la, lb) = (next(150), next(150));
            let a: Vec<String> = (0..la).map(|_| format!("w{}", next(vocabulary))).collect();
            let b: Vec<String> = (0..lb).map(|_| format!("w{}", next(vocabulary))).collect();
            let (a, b) = (words_of(&a.join(" "), None), words_of(&b.join(" "), None));
            let places = Places::new(&b);
            let pairs = lcs(&a, &b, places.as_ref());
            assert_eq!(pairs, lcs(&a, &b, None), "{la} words against {lb}");
            assert_eq!(
                common_length(&a, &b, places.as_ref()),
                pairs.len(),
                "{la} words against {lb}"
            );
            assert_eq!(common_length(&a, &b, None), pairs.len(), "{la} words against {lb}");
        }
    }

    #[test]
    fn a_full_cache_starts_again_before_either_quotation_is_cut() {
        // Other words are numbered first, so that the quotation's words do not take the
        // first numbers, which a cache started again would give them again.
        similarity(
            &s("An opening remark about something else"),
            &s("Another remark entirely"),
        );
        let f = s("We will rebuild the town");
        // Two quotations cut, then `f` and one more, then one more each time: the cache is
        // full after the last.
        for k in 0..MAX_CACHED_PIECES - 3 {
            similarity(&f, &s(&format!("Statement number {k}")));
        }
        // The same words cut another way: were the cache started again between the two
        // quotations, their words would be numbered apart.
        let whole = fact!({"text": "We will rebuild the town"});
        assert_eq!(similarity(&f, &whole), 1.0);
    }

    #[test]
    fn words_whose_hashes_agree_are_told_apart_by_their_keys() {
        // "xenon" made to share the hash of "xray": still another word, so that only
        // "yankee" is shared (taken as one, the two would pull the alignment away from it).
        let (a, mut b) = (words_of("yankee xray", None), words_of("xenon yankee", None));
        b[0].hash = a[1].hash;
        assert_eq!(lcs(&a, &b, Places::new(&b).as_ref()), [(0, 1)]);
        assert_eq!(common_length(&a, &b, Places::new(&b).as_ref()), 1);
        // Two words of one list that share a hash: the lengths are written out instead.
        let (a, mut b) = (words_of("alpha beta gamma", None), words_of("beta delta gamma", None));
        b[1].hash = b[0].hash;
        assert!(Places::new(&b).is_none());
        assert_eq!(lcs(&a, &b, None), [(1, 0), (2, 2)]);
        assert!(Places::new(&b).is_none());
        assert_eq!(common_length(&a, &b, None), 2);
    }

    fn s(text: &str) -> Value {
        Value::from(text)
    }

    /// A quotation of `text` whole, at `start`.
    fn whole(text: &str, start: u64) -> Value {
        fact!({"text": text, "text_span": {"start": start, "end": start + text.len() as u64}})
    }

    /// A quotation interrupted by its attribution, its parts from `start`, 30 bytes apart.
    fn parts(texts: &[&str], start: u64) -> Value {
        let parts: Vec<Value> = texts
            .iter()
            .scan(start, |at, text| {
                let part = fact!({"text": *text, "span": {"start": *at, "end": *at + text.len() as u64}});
                *at += text.len() as u64 + 30;
                Some(part)
            })
            .collect();
        fact!({"text": texts.join(" "), "parts": parts})
    }

    #[test]
    fn quotations_of_the_same_words_cut_alike_compare_as_the_full_comparison_finds() {
        // Quotations of the seed story, quoted alike by two sources at other places: whole,
        // interrupted by their attribution, as plain text, and empty.
        let posture = "The State Department is constantly adjusting its posture in embassies and consulates \
                       around the world depending on its mission, the local security environment, the \
                       health situation and even the holidays";
        let warning = [
            "The United States will not tolerate threats against our men and women serving overseas",
            "and we will not hesitate to take any action we deem necessary to ensure the safety of our personnel",
        ];
        let pairs = [
            (whole(posture, 120), whole(posture, 4_310)),
            (parts(&warning, 900), parts(&warning, 77)),
            (parts(&warning[..1], 15), parts(&warning[..1], 2_000)),
            (
                s("Ensuring the safety of US government personnel"),
                s("Ensuring the safety of US government personnel"),
            ),
            (whole("", 10), whole("", 500)),
        ];
        for (a, b) in &pairs {
            let known = compared(a, b);
            assert!(
                ALIKE.with(|alike| Rc::ptr_eq(alike, &known)),
                "known without cutting: {a:?}"
            );
            let (ca, cb) = (cuts(a), cuts(b));
            let full = compare_values(&cached_pieces(a, &ca).1, &cached_pieces(b, &cb).1);
            assert_eq!(
                (known.shape.similarity, known.shape.piece, known.shape.changes.len()),
                (full.similarity, full.piece, full.changes.len()),
                "{a:?}"
            );
            assert_eq!((diff(a, b), differing_spans(a, b)), (String::new(), (None, None)));
        }
        // The same words cut another way are compared word by word.
        let (a, b) = (parts(&warning, 900), whole(&warning.join(" "), 900));
        assert!(!ALIKE.with(|alike| Rc::ptr_eq(alike, &compared(&a, &b))));
        assert_eq!(similarity(&a, &b), 1.0);
    }

    /// Two versions of a statement quoted by many articles are compared once: the pair of the
    /// same words at other places is what comparing it afresh finds, its differing words
    /// located at its own places.
    #[test]
    fn the_same_words_at_other_places_compare_as_compared_afresh() {
        // The seed story's statement as The Hill and NBC News quote it.
        let hill = [
            "Ambassador [Matthew] Tueller remains in Iraq and the Embassy in Baghdad continues to operate",
            "Ensuring the safety of U.S. government personnel, U.S. citizens, and the security of our \
             facilities, remains our highest priority.",
        ];
        let nbc = "Ensuring the safety of US government personnel, US citizens, and the security of our \
                   facilities, remains our top priority.";
        let found = |a: &Value, b: &Value| (similarity(a, b), diff(a, b), versions(a, b), differing_spans(a, b));
        let afresh = |a: &Value, b: &Value| {
            SHAPES.with(|shapes| shapes.borrow_mut().clear());
            LAST.with(|last| *last.borrow_mut() = None);
            found(a, b)
        };
        let first = afresh(&parts(&hill, 100), &whole(nbc, 2_000));
        assert_eq!(first.1, "“highest” → “top”");
        for (a, b) in [
            (parts(&hill, 5_100), whole(nbc, 9_000)),
            (parts(&hill, 100), whole(nbc, 40)),
            (parts(&hill, 7), whole(nbc, 2_000)),
        ] {
            LAST.with(|last| *last.borrow_mut() = None);
            let known = found(&a, &b);
            assert!(SHAPES.with(|shapes| shapes.borrow().len()) > 0);
            assert_eq!(known, afresh(&a, &b));
            assert_eq!((&known.1, &known.2), (&first.1, &first.2));
            let (Some(at_a), Some(at_b)) = known.3 else {
                panic!("the differing words are located: {known:?}")
            };
            let (start_a, start_b) = (
                a["parts"][1]["span"]["start"].as_u64(),
                b["text_span"]["start"].as_u64(),
            );
            assert!(start_a.is_some_and(|s| at_a.start as u64 > s), "{at_a:?} in {a:?}");
            assert!(start_b.is_some_and(|s| at_b.start as u64 > s), "{at_b:?} in {b:?}");
        }
        // Other words, with one quotation the same, are compared for themselves.
        let other = nbc.replace("remains our top priority", "remains, as ever, our top priority");
        let known = found(&parts(&hill, 100), &whole(&other, 2_000));
        assert!(!known.1.is_empty() && known.1 != first.1, "{known:?}");
        assert_eq!(known, afresh(&parts(&hill, 100), &whole(&other, 2_000)));
    }

    /// Two quotations compared one way and the other find the same: the same similarity, and
    /// the same runs of words that differ, each side's words and places the other's. Where
    /// two alignments are as long ("…comes to valley the," against "…comes to the valley,"),
    /// the one taken does not depend on which quotation is asked about first.
    #[test]
    fn two_quotations_compare_alike_whichever_comes_first() {
        let base = [
            "we", "will", "do", "what", "it", "takes", "when", "the", "storm", "comes", "to", "the", "valley",
        ];
        let extra = ["the", "valley", "storm", "our", "not", "top", "highest", "to"];
        let mut next = numbers_below(0x51_7cc1_b727_220a);
        let mut differ = 0;
        for round in 0..4000 {
            // An edit or two of the base: a word dropped, changed, added or moved.
            let mut edited: Vec<&str> = base.to_vec();
            for _ in 0..1 + next(2) {
                let at = next(edited.len() as u64) as usize;
                match next(4) {
                    0 => {
                        edited.remove(at);
                    }
                    1 => edited[at] = extra[next(extra.len() as u64) as usize],
                    2 => edited.insert(at, extra[next(extra.len() as u64) as usize]),
                    _ => {
                        let w = edited.remove(at);
                        let to = next(edited.len() as u64 + 1) as usize;
                        edited.insert(to, w);
                    }
                }
            }
            let (x, y) = (base.join(" "), edited.join(" "));
            // Interrupted by its attribution every other round: pieces are chosen too.
            let a = if round % 2 == 0 {
                whole(&x, 100)
            } else {
                let (head, tail) = base.split_at(5);
                parts(&[&head.join(" "), &tail.join(" ")], 100)
            };
            let b = whole(&y, 900);
            let (ab, ba) = (
                (similarity(&a, &b), versions(&a, &b), differing_spans(&a, &b)),
                (similarity(&b, &a), versions(&b, &a), differing_spans(&b, &a)),
            );
            assert_eq!(ab.0, ba.0, "{x:?} / {y:?}");
            assert_eq!(ab.1, ba.1, "{x:?} / {y:?}");
            assert_eq!(ab.2, (ba.2.1, ba.2.0), "{x:?} / {y:?}");
            differ += usize::from(!ab.1.is_empty());
        }
        assert!(differ > 1000, "most edits are differences: {differ}");
        // One quotation interrupted by its attribution, the other quoting its second part
        // with a word changed: the pieces compared are not the first of each.
        let a = parts(
            &[
                "we will do what it takes",
                "when the storm comes to the valley and the river rises over the bridge",
            ],
            100,
        );
        let b = whole(
            "when the storm comes to our valley and the river rises over the bridge",
            900,
        );
        assert_eq!(compared(&a, &b).shape.piece, (2, 0));
        assert_eq!(compared(&b, &a).shape.piece, (0, 2));
        assert_eq!(versions(&a, &b), "“our” / “the”");
        assert_eq!(
            (diff(&a, &b), diff(&b, &a)),
            ("“the” → “our”".into(), "“our” → “the”".into())
        );
        let (at_a, at_b) = differing_spans(&a, &b);
        assert_eq!((at_b, at_a), differing_spans(&b, &a));
        assert!(at_a.is_some_and(|s| s.start > 130) && at_b.is_some_and(|s| s.start > 900));
        let (a, b) = (
            s("we will do what it takes when the storm comes to valley the,"),
            s("we will do what it takes when the storm comes to the valley,"),
        );
        assert_eq!(versions(&a, &b), versions(&b, &a));
        assert_eq!(diff(&a, &b).is_empty(), diff(&b, &a).is_empty());
    }

    #[test]
    fn similarity_and_diff_of_quotations() {
        let a = s("Ensuring the safety of U.S. government personnel remains our highest priority");
        let b = s("Ensuring the safety of US government personnel remains our top priority");
        assert!(similarity(&a, &b) > 0.7);
        assert_eq!(diff(&a, &b), "“highest” → “top”");
    }

    #[test]
    fn long_quotations_are_compared_on_their_first_words() {
        // A statement of 450 words, of many blocks of 64: a word changed among the first 400
        // is a change, one past them is not read.
        let statement = |changed: Option<(usize, &str)>| {
            let words: Vec<String> = (0..450)
                .map(|i| match changed {
                    Some((at, word)) if at == i => word.to_string(),
                    _ => format!("w{}", i % 37),
                })
                .collect();
            s(&words.join(" "))
        };
        let original = statement(None);
        let early = statement(Some((200, "highest")));
        assert_eq!(diff(&early, &original), "“highest” → “w15”");
        assert!(similarity(&early, &original) > 0.99 && similarity(&early, &original) < 1.0);
        let late = statement(Some((420, "highest")));
        assert_eq!(diff(&late, &original), "");
        assert_eq!(similarity(&late, &original), 1.0);
    }

    #[test]
    fn a_contraction_and_its_full_form_are_the_same_words() {
        assert_eq!(
            diff(
                &s("since his daughter's been gone, the house is quiet"),
                &s("since his daughter has been gone, the house is quiet")
            ),
            ""
        );
        assert_eq!(
            diff(&s("we won't leave the city now"), &s("we will not leave the city now")),
            ""
        );
        assert_eq!(
            diff(
                &s("I'm sure that he is right about it"),
                &s("I am sure that he's right about it")
            ),
            ""
        );
        // Dropping the negation is still a change.
        assert_ne!(
            diff(&s("we won't leave the city now"), &s("we will leave the city now")),
            ""
        );
    }

    #[test]
    fn versions_read_the_same_from_either_side() {
        let (a, b) = (s("remains our highest priority"), s("remains our top priority"));
        assert_eq!(versions(&a, &b), "“highest” / “top”");
        assert_eq!(versions(&b, &a), versions(&a, &b));
        let (c, d) = (
            s("checked herself into Promises Treatment Center"),
            s("checked herself into the Promises Treatment Center"),
        );
        assert_eq!(versions(&c, &d), "“the” in one version only");
        assert_eq!(versions(&d, &c), versions(&c, &d));
    }

    #[test]
    fn a_stop_word_alone_does_not_tie_two_continuations() {
        let a = s("The board backed the plan on Monday. I expect to sign the papers with the bank.");
        let b = s("The board backed the plan on Monday. It was a relief not to argue about it for once.");
        assert_eq!(diff(&a, &b), "");
        // A changed word between content words is still a change, and so is one after
        // an opening of stop words.
        assert_ne!(
            diff(&s("remains our highest priority"), &s("remains our top priority")),
            ""
        );
        assert_ne!(diff(&s("We will leave the city"), &s("We will not leave the city")), "");
    }

    #[test]
    fn spelling_and_format_variants_are_no_difference() {
        let pairs = [
            (
                "We realised the neighbourhood was at risk",
                "We realized the neighborhood was at risk",
            ),
            (
                "Send us an e-mail from the data center",
                "Send us an email from the datacenter",
            ),
            (
                "The vote closes at 6 p.m. on Friday",
                "The vote closes at 6:00 p.m. on Friday",
            ),
            (
                "It was the worst day of the year ’ s campaign",
                "It was the worst day of the year's campaign",
            ),
            (
                "We met at the Place Vendôme that night",
                "We met at the Place Vendome that night",
            ),
            (
                "The cartel's endgame is to control the goldfields",
                "The cartel's end game is to control the gold fields",
            ),
            (
                "Our defence of the centre will not change",
                "Our defense of the center will not change",
            ),
        ];
        for (a, b) in pairs {
            assert_eq!(diff(&s(a), &s(b)), "", "{a} / {b}");
        }
        assert_eq!(
            diff(
                &s("The vote closes at 6 p.m. on Friday"),
                &s("The vote closes at 7 p.m. on Friday")
            ),
            "“6” → “7”"
        );
    }

    #[test]
    fn an_interrupted_quotation_is_compared_whole_or_by_part() {
        let interrupted = fact!({
            "text": "However the flood started, the council has faith in the volunteers",
            "parts": [
                {"span": {"start": 1, "end": 27}, "text": "However the flood started,"},
                {"span": {"start": 55, "end": 95}, "text": "the council has faith in the volunteers"},
            ],
        });
        let whole = s("However the flood started, the council has faith in the volunteers.");
        assert_eq!(diff(&interrupted, &whole), "");
        let part = s("The council has great faith in the volunteers");
        assert_eq!(diff(&interrupted, &part), "“great” added");
        let (sa, sb) = differing_spans(&interrupted, &part);
        assert_eq!(
            sa,
            Some(Span::new(67, 76)),
            "around the gap in the second part: `has faith`"
        );
        assert_eq!(sb, None, "a plain string has no position");
    }

    #[test]
    fn the_key_of_a_quotation_tells_apart_every_other_cut_of_its_words() {
        let cut = |first: &str, second: &str, at: u64| {
            fact!({
                "text": "ignored: the parts are read",
                "parts": [
                    {"span": {"start": 0, "end": 5}, "text": first},
                    {"span": {"start": at, "end": 40}, "text": second},
                ],
            })
        };
        let key = |v: &Value| pieces_key(&cuts(v));
        let a = cut("We will", "rebuild the town", 20);
        assert_eq!(key(&a), key(&a.clone()), "one value, one key");
        assert!(is_key_of(&key(&a), &cuts(&a)), "a key is read as its value's");
        for other in [
            cut("We will rebuild", "the town", 20),
            cut("We will", "rebuild the town", 21),
            cut("We willrebuild the town", "", 20),
            cut("We will", "rebuild the town and", 20),
            cut("We will", "rebuild the", 20),
        ] {
            assert_ne!(key(&a), key(&other), "{other}");
            assert!(!is_key_of(&key(&a), &cuts(&other)), "{other}");
            assert!(!is_key_of(&key(&other), &cuts(&a)), "{other}");
        }
        // A plain string, and the same words as a whole quotation, are not one key either.
        let whole = fact!({"text": "We will rebuild the town"});
        let string = s("We will rebuild the town");
        assert_ne!(key(&string), key(&whole));
        assert!(!is_key_of(&key(&string), &cuts(&whole)));
        // A key with bytes left over is another value's.
        let mut longer = key(&whole);
        longer.push(b'!');
        assert!(!is_key_of(&longer, &cuts(&whole)));
    }

    #[test]
    fn a_shorter_quotation_matched_at_a_stray_word_is_a_cut() {
        let long = s("We sold the club because we thought the team was not growing the way we hoped it would");
        let short = s("We thought the team was not growing the way we had hoped it would");
        assert_eq!(diff(&long, &short), "“had” added");
        let glued = s("said the chairman, quoted by a local radio station. The union's goal is to reopen the mills");
        assert_eq!(
            diff(&glued, &s("The union's goal is to reopen the steel mills")),
            "“steel” added"
        );
        let runs_on = s("Agencies must consult biologists, the two ministers said in a statement on the rules");
        let other = s("Agencies must consult biologists because science must guide decisions on the rules");
        assert_eq!(diff(&runs_on, &other), "", "another sentence, not a changed word");
    }

    #[test]
    fn editors_insertions_and_cuts_are_no_difference() {
        let a = s("We ask that you respect his (Marco Bellini's) privacy and his family's");
        let b = s("We ask that you respect his privacy and his family's during his recovery");
        assert_eq!(diff(&a, &b), "");
    }
}

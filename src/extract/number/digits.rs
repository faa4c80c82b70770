//! Number chunks: digits with thousands separators, a decimal part, a currency sign and what
//! is glued after them ("45%", "$5bn", "10-15", "21st", "10km", "12-year-old"); and the
//! numerals, every number written in digits.

use super::Numeral;
use super::lexicon::{Info, lookup};
use crate::span::Span;

/// How a number chunk ends after its digits.
#[derive(Clone, Copy, Debug)]
pub(super) enum Suffix {
    None,
    Percent,
    /// A scale glued to the digits ("5bn", "€5m"), already applied to the value.
    Scale,
    /// "m" without a currency: million before a noun, metres otherwise.
    AmbiguousM,
    /// A measurement unit glued to the digits ("10km").
    Measure(Span),
    Ordinal,
    /// "40+": at least.
    Plus,
    /// A hyphenated word after the digits ("400-page", "12-year-old", "$5-million").
    Compound(Span, Option<&'static Info>),
    /// A time, a date, a decade, a name, or too long: never a quantity.
    Skip,
}

/// What a number chunk says: its value (or range), its currency and how it ends.
#[derive(Clone, Copy, Debug)]
pub(super) struct NumAtom {
    pub(super) value: f64,
    /// Second value of a range written inside the chunk ("10-15").
    pub(super) high: Option<f64>,
    pub(super) currency: Option<&'static str>,
    pub(super) suffix: Suffix,
    /// Digits only: no separator, decimal point, currency or suffix.
    pub(super) plain: bool,
    pub(super) digits: u8,
    /// The glued scale suffix applied ("5bn": 1e9), 1 when none.
    pub(super) scale: f64,
}

impl NumAtom {
    pub(super) fn suffix_is_none(&self) -> bool {
        matches!(self.suffix, Suffix::None)
    }
}

/// Currency signs written before the digits, with their ISO 4217 code. The first that matches
/// wins, so "US$" comes before "$".
const CURRENCY_PREFIXES: [(&str, &str); 12] = [
    ("US$", "USD"),
    ("HK$", "HKD"),
    ("NZ$", "NZD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("S$", "SGD"),
    ("R$", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
];

/// Whether `word` may start with one of [`CURRENCY_PREFIXES`]: each is a sign beyond ASCII
/// or has a `$` in its first three bytes. Most words are not looked for them at all.
fn may_start_with_currency(word: &str) -> bool {
    let head = word.as_bytes();
    head.first().is_some_and(|b| !b.is_ascii()) || head.iter().take(3).any(|&b| b == b'$')
}

/// The currency code of the sign `word` starts with, if any, and the rest of `word`.
pub(super) fn strip_currency(word: &str) -> (Option<&'static str>, &str) {
    if may_start_with_currency(word) {
        for &(sign, code) in &CURRENCY_PREFIXES {
            if let Some(rest) = word.strip_prefix(sign) {
                return (Some(code), rest);
            }
        }
    }
    (None, word)
}

/// Longest run of digits and separators a number may have; longer runs are not amounts.
const MAX_NUMBER_LEN: usize = 40;

/// Reads digits with thousands separators and a decimal part from the start of `s`.
/// Returns the value, the bytes read, whether the number is plain digits, and the digit count.
fn lex_digits(s: &str) -> Option<(f64, usize, bool, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let lead = i;
    let mut plain = true;
    // Thousands groups: exactly three digits after each comma, and only after a lead of one to
    // three digits ("1,000,000"; "12,5" and "1234,567" are not grouped).
    if lead <= 3 {
        while i + 4 <= b.len()
            && b.get(i) == Some(&b',')
            && b.get(i + 1..i + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            i += 4;
            plain = false;
        }
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        plain = false;
    }
    if i > MAX_NUMBER_LEN {
        return None;
    }
    let mut buf = [0u8; MAX_NUMBER_LEN];
    let mut n = 0;
    let mut digits = 0;
    for &c in &b[..i] {
        if c != b',' {
            buf[n] = c;
            n += 1;
        }
        if c.is_ascii_digit() {
            digits += 1;
        }
    }
    let value: f64 = std::str::from_utf8(&buf[..n]).ok()?.parse().ok()?;
    if b[0] == b'0' && lead > 1 {
        // Leading zeros belong to codes and clock times ("007", "0800"), not amounts.
        return None;
    }
    Some((value, i, plain, digits))
}

const SCALE_SUFFIXES: [(&str, f64); 9] = [
    ("k", 1e3),
    ("K", 1e3),
    ("mn", 1e6),
    ("mln", 1e6),
    ("bn", 1e9),
    ("b", 1e9),
    ("tn", 1e12),
    ("trn", 1e12),
    ("m", 1e6),
];
const MEASURES: &[&str] = &[
    "km", "m", "cm", "mm", "kg", "g", "mg", "lb", "lbs", "oz", "ft", "mph", "kph", "kmh", "MW", "GW", "kW", "kWh",
    "MWh", "GWh", "GB", "MB", "TB", "ha", "ml", "bpd", "sq", "t",
];

fn skip_atom() -> NumAtom {
    NumAtom {
        value: 0.0,
        high: None,
        currency: None,
        suffix: Suffix::Skip,
        plain: false,
        digits: 0,
        scale: 1.0,
    }
}

pub(super) fn parse_num_chunk(s: &str, base: usize, currency: Option<&'static str>) -> NumAtom {
    let Some((value, len, plain, digits)) = lex_digits(s) else {
        return skip_atom();
    };
    let mut atom = NumAtom {
        value,
        high: None,
        currency,
        suffix: Suffix::None,
        plain: plain && currency.is_none(),
        digits: u8::try_from(digits).unwrap_or(u8::MAX),
        scale: 1.0,
    };
    let rest = &s[len..];
    if rest.is_empty() {
        return atom;
    }
    atom.plain = false;
    if rest == "%" {
        atom.suffix = Suffix::Percent;
        return atom;
    }
    if rest == "+" {
        atom.suffix = Suffix::Plus;
        return atom;
    }
    let dash = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('–'))
        .or_else(|| rest.strip_prefix('‐'));
    if let Some(after) = dash {
        let after_at = base + (s.len() - after.len());
        return range_or_compound(atom, plain, len, after, after_at, currency);
    }
    if let Some(&(_, mult)) = SCALE_SUFFIXES.iter().find(|(suf, _)| *suf == rest) {
        if rest == "m" && currency.is_none() {
            atom.suffix = Suffix::AmbiguousM;
            return atom;
        }
        if rest == "b" && currency.is_none() {
            return skip_atom();
        }
        atom.value *= mult;
        atom.suffix = Suffix::Scale;
        atom.scale = mult;
        return atom;
    }
    let lower_ord = ["st", "nd", "rd", "th"];
    if lower_ord.iter().any(|o| rest.eq_ignore_ascii_case(o)) && currency.is_none() {
        atom.suffix = Suffix::Ordinal;
        return atom;
    }
    if MEASURES.contains(&rest) && currency.is_none() {
        let at = base + len;
        atom.suffix = Suffix::Measure(Span::new(at, at + rest.len()));
        return atom;
    }
    // Times, dates, decades ("1990s", "'90s"), codes and names ("5G", "3D", "9/11", "12:30").
    skip_atom()
}

fn range_or_compound(
    mut atom: NumAtom,
    first_plain: bool,
    first_len: usize,
    after: &str,
    after_at: usize,
    currency: Option<&'static str>,
) -> NumAtom {
    let (cur2, second) = strip_currency(after);
    if second.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let Some((v2, len2, plain2, d2)) = lex_digits(second) else {
            return skip_atom();
        };
        if cur2.is_some() && currency.is_none() {
            return skip_atom();
        }
        // Years ("2003-2011", "2019-20"), phone numbers ("555-1234") and scores ("3-1").
        let first_year = first_plain && first_len == 4 && (1800.0..=2100.0).contains(&atom.value);
        let phone = first_plain && plain2 && first_len == 3 && d2 == 4;
        // "5-11,220" (height and weight) is no range either.
        if first_year || phone || v2 <= atom.value || v2 > atom.value * 1000.0 {
            return skip_atom();
        }
        let tail = &second[len2..];
        let mut high = v2;
        match tail {
            "" => {}
            "%" => atom.suffix = Suffix::Percent,
            t => {
                if let Some(&(_, mult)) = SCALE_SUFFIXES
                    .iter()
                    .find(|(suf, _)| *suf == t && (currency.is_some() || *suf != "m"))
                {
                    high *= mult;
                    atom.value *= mult;
                    atom.suffix = Suffix::Scale;
                    atom.scale = mult;
                } else {
                    return skip_atom();
                }
            }
        }
        atom.high = Some(high);
        return atom;
    }
    if after.chars().next().is_some_and(char::is_alphabetic) {
        let word = after.split('-').next().unwrap_or("");
        let info = lookup(word);
        if word.eq_ignore_ascii_case("plus") {
            atom.suffix = Suffix::Plus;
            return atom;
        }
        atom.suffix = Suffix::Compound(Span::new(after_at, after_at + after.len()), info);
        return atom;
    }
    skip_atom()
}

/// Every number written in digits in `text[body]`: runs of ASCII digits with thousands
/// separators ("2,100") and a decimal part ("1.5"), scaled by a word that follows ("1.2
/// million", "3bn"). Linear in the text.
pub fn find_numerals(text: &str, body: Span) -> Vec<Numeral> {
    let Span { start, end } = body.clamp_to(text);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        if !bytes[i].is_ascii_digit() || (i > start && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = String::new();
        loop {
            while j < end && bytes[j].is_ascii_digit() {
                digits.push(bytes[j] as char);
                j += 1;
            }
            // "2,100": a comma before exactly three digits groups thousands.
            let group = |k: usize| {
                k + 3 <= end
                    && bytes[k..k + 3].iter().all(u8::is_ascii_digit)
                    && (k + 3 == end || !bytes[k + 3].is_ascii_digit())
            };
            if j + 1 < end && bytes[j] == b',' && group(j + 1) {
                j += 1;
                continue;
            }
            if j + 1 < end && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() && !digits.contains('.') {
                digits.push('.');
                j += 1;
                continue;
            }
            break;
        }
        // Numbers longer than anyone writes as an amount are not figures.
        if digits.len() > 40 {
            i = j;
            continue;
        }
        let Ok(mut value) = digits.parse::<f64>() else {
            i = j;
            continue;
        };
        let mut stop = j;
        let rest = text.get(j..end).unwrap_or("");
        let gap = rest.len() - rest.trim_start_matches(' ').len();
        let word: String = rest[gap..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let scale = match word.to_ascii_lowercase().as_str() {
            "thousand" | "k" => Some(1e3),
            "million" | "m" | "mn" => Some(1e6),
            "billion" | "bn" | "b" => Some(1e9),
            "trillion" | "tn" => Some(1e12),
            _ => None,
        };
        // A one-letter scale must be glued to the digits ("3bn", "5m"), not a word after them.
        if let Some(scale) = scale
            && (gap == 0 || word.len() > 2)
        {
            value *= scale;
            stop = j + gap + word.len();
        }
        out.push(Numeral {
            span: Span::new(i, stop),
            value,
        });
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_currency_prefix_is_looked_for() {
        for (prefix, _) in CURRENCY_PREFIXES {
            assert!(may_start_with_currency(prefix), "{prefix}");
            assert!(may_start_with_currency(&format!("{prefix}45")), "{prefix}45");
            assert_eq!(strip_currency(&format!("{prefix}45")).1, "45", "{prefix}45");
        }
        assert!(!may_start_with_currency("45"));
        assert!(!may_start_with_currency("Rupees"));
    }
}

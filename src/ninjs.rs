//! IPTC ninjs news items (JSON, versions 1.x and 2.x): the text a reader sees and where
//! each of its bytes is in the file.
//!
//! The linted text is the headline, a blank line, then the body: `body_text`, or `body_html`
//! with its markup removed (ninjs 1.x), or the first text or HTML entry of `bodies` (2.x).
//! JSON escapes (`\n`, `\"`, `\u2019`) and HTML entities are decoded, so the rules read the
//! words as written; [`Item::map`] gives, for every byte of that text, the byte of the JSON
//! file it comes from, so that diagnostics point at the file's own bytes.

use jiff::civil::Date;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

/// A news item read from ninjs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Headline and body, decoded.
    pub text: String,
    /// For each byte of `text`, and one past its end, the offset in the file of what it was
    /// decoded from.
    pub map: Vec<usize>,
    /// `versioncreated`, or `firstcreated`, as a date.
    pub date: Option<Date>,
    /// The byline, when the item gives one.
    pub byline: Option<String>,
}

/// The fields factlint reads; every other field is ignored.
#[derive(Deserialize)]
struct Raw<'a> {
    #[serde(borrow, default)]
    headline: Option<&'a RawValue>,
    #[serde(borrow, default)]
    body_text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    body_html: Option<&'a RawValue>,
    #[serde(borrow, default)]
    headlines: Option<Vec<Entry<'a>>>,
    #[serde(borrow, default)]
    bodies: Option<Vec<Entry<'a>>>,
    #[serde(default)]
    versioncreated: Option<Value>,
    #[serde(default)]
    firstcreated: Option<Value>,
    #[serde(default)]
    byline: Option<Value>,
    #[serde(default)]
    bylines: Option<Vec<Value>>,
}

/// A ninjs 2.x headline or body: `{"value": …, "contenttype": …, "role": …}`.
#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    value: &'a RawValue,
    #[serde(default)]
    contenttype: Option<Value>,
}

/// Whether `text` looks like a ninjs item: a JSON object with a body.
pub fn looks_like_ninjs(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{')
        && ["\"body_text\"", "\"body_html\"", "\"bodies\""]
            .iter()
            .any(|k| t.contains(k))
}

/// Reads the ninjs item in `text`; the error says what is wrong and at which byte.
pub fn read(text: &str) -> Result<Item, (usize, String)> {
    let raw: Raw<'_> =
        serde_json::from_str(text).map_err(|e| (offset_of_error(text, &e), format!("not a ninjs item: {e}")))?;
    let mut out = Text::default();
    let headline = raw
        .headline
        .or_else(|| raw.headlines.as_ref().and_then(|h| h.first()).map(|e| e.value));
    if let Some(h) = headline {
        let (s, m) = string_at(text, h)?;
        out.push_mapped(&s, &m);
    }
    let body: Option<(&RawValue, bool)> = match (raw.body_text, raw.body_html, &raw.bodies) {
        (Some(t), _, _) => Some((t, false)),
        (None, Some(h), _) => Some((h, true)),
        (None, None, Some(bodies)) => {
            let html = |e: &Entry<'_>| {
                e.contenttype
                    .as_ref()
                    .and_then(Value::as_str)
                    .is_some_and(|c| c.contains("html"))
            };
            bodies
                .iter()
                .find(|e| !html(e))
                .or_else(|| bodies.first())
                .map(|e| (e.value, html(e)))
        }
        (None, None, None) => None,
    };
    let Some((body, is_html)) = body else {
        return Err((
            0,
            "not a ninjs item: it has no `body_text`, `body_html` or `bodies`".into(),
        ));
    };
    let (s, m) = string_at(text, body)?;
    if !out.text.is_empty() {
        let at = out.end;
        out.push_synthetic("\n\n", at);
    }
    if is_html {
        let (s, m) = strip_html(&s, &m);
        out.push_mapped(&s, &m);
    } else {
        out.push_mapped(&s, &m);
    }
    let date = [&raw.versioncreated, &raw.firstcreated]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find_map(|d| crate::article::parse_date(d.get(..10)?));
    let byline = raw
        .byline
        .as_ref()
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            let names: Vec<&str> = raw
                .bylines
                .iter()
                .flatten()
                .filter_map(|b| b.get("byline").or_else(|| b.get("name")).and_then(Value::as_str))
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        });
    out.map.push(out.end);
    Ok(Item {
        text: out.text,
        map: out.map,
        date,
        byline,
    })
}

/// Text being built, with the file offset of each byte.
#[derive(Default)]
struct Text {
    text: String,
    map: Vec<usize>,
    /// Where in the file the last piece ends.
    end: usize,
}

impl Text {
    /// Appends `s`, whose byte `i` comes from file offset `m[i]` (`m` has one more entry,
    /// for the end).
    fn push_mapped(&mut self, s: &str, m: &[usize]) {
        self.text.push_str(s);
        self.map.extend_from_slice(&m[..s.len()]);
        self.end = m.get(s.len()).copied().unwrap_or(self.end);
    }

    /// Appends text that is in no file (a separator), placed at file offset `at`.
    fn push_synthetic(&mut self, s: &str, at: usize) {
        self.text.push_str(s);
        self.map.extend(std::iter::repeat_n(at, s.len()));
    }
}

/// The string value `raw` (a JSON string literal inside `file`) decoded, with the file
/// offset of each byte of the result and one past its end.
fn string_at(file: &str, raw: &RawValue) -> Result<(String, Vec<usize>), (usize, String)> {
    let lit = raw.get();
    let base = (lit.as_ptr() as usize).wrapping_sub(file.as_ptr() as usize);
    if base > file.len() || !lit.starts_with('"') {
        return Err((
            base.min(file.len()),
            "not a ninjs item: a headline or body that is not a string".into(),
        ));
    }
    decode_json_string(lit, base).ok_or((base, "not a ninjs item: a string that cannot be decoded".into()))
}

/// Decodes the JSON string literal `lit` (quotes included) found at file offset `base`.
fn decode_json_string(lit: &str, base: usize) -> Option<(String, Vec<usize>)> {
    let bytes = lit.as_bytes();
    let mut out = String::with_capacity(lit.len());
    let mut map = Vec::with_capacity(lit.len());
    let mut i = 1;
    while i < bytes.len() {
        let at = base + i;
        match bytes[i] {
            b'"' => {
                map.push(at);
                return Some((out, map));
            }
            b'\\' => {
                let c = match *bytes.get(i + 1)? {
                    b'n' => '\n',
                    b't' => '\t',
                    b'r' => '\r',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'u' => {
                        let hi = u32::from_str_radix(lit.get(i + 2..i + 6)?, 16).ok()?;
                        if (0xD800..0xDC00).contains(&hi) && lit.get(i + 6..i + 8) == Some("\\u") {
                            let lo = u32::from_str_radix(lit.get(i + 8..i + 12)?, 16).ok()?;
                            let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF));
                            push(&mut out, &mut map, c.unwrap_or('\u{fffd}'), at);
                            i += 12;
                            continue;
                        }
                        let c = char::from_u32(hi).unwrap_or('\u{fffd}');
                        push(&mut out, &mut map, c, at);
                        i += 6;
                        continue;
                    }
                    other => other as char,
                };
                push(&mut out, &mut map, c, at);
                i += 2;
            }
            _ => {
                let c = lit[i..].chars().next()?;
                push(&mut out, &mut map, c, at);
                i += c.len_utf8();
            }
        }
    }
    None
}

fn push(out: &mut String, map: &mut Vec<usize>, c: char, at: usize) {
    out.push(c);
    map.extend(std::iter::repeat_n(at, c.len_utf8()));
}

/// The text of an HTML fragment: tags removed (a block tag ends a paragraph, `<br>` a line),
/// scripts, styles and comments dropped, entities decoded, line breaks inside a paragraph
/// made spaces. `map` gives the file offset of each byte of `html` and one past its end.
fn strip_html(html: &str, map: &[usize]) -> (String, Vec<usize>) {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "tr",
        "table",
        "section",
        "article",
        "figure",
        "figcaption",
        "header",
        "footer",
        "hr",
        "pre",
        "aside",
        "dl",
        "dt",
        "dd",
    ];
    let mut out = String::with_capacity(html.len());
    let mut m: Vec<usize> = Vec::with_capacity(html.len());
    let at = |i: usize| map.get(i).copied().unwrap_or_else(|| map.last().copied().unwrap_or(0));
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if let Some(tag) = rest.strip_prefix('<') {
            let Some(close) = tag.find('>') else {
                // A lone `<` is text.
                out.push('<');
                m.push(at(i));
                i += 1;
                continue;
            };
            let inner = &tag[..close];
            let name: String = inner
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            let mut next = i + 1 + close + 1;
            if (name == "script" || name == "style") && !inner.starts_with('/') {
                let end_tag = format!("</{name}");
                next = html[next..]
                    .to_ascii_lowercase()
                    .find(&end_tag)
                    .map_or(html.len(), |e| next + e);
            } else if name == "br" {
                out.push('\n');
                m.push(at(i));
            } else if BLOCKS.contains(&name.as_str()) && !out.is_empty() && !out.ends_with("\n\n") {
                let n = if out.ends_with('\n') { 1 } else { 2 };
                for _ in 0..n {
                    out.push('\n');
                    m.push(at(i));
                }
            }
            i = next;
            continue;
        }
        if let Some(ent) = rest.strip_prefix('&')
            && let Some(semi) = ent.find(';').filter(|s| *s <= 10)
            && let Some(c) = entity(&ent[..semi])
        {
            push(&mut out, &mut m, c, at(i));
            i += semi + 2;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        let c = if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c };
        push(&mut out, &mut m, c, at(i));
        i += c.len_utf8().max(rest.chars().next().map_or(1, char::len_utf8));
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    m.truncate(trimmed);
    m.push(at(html.len()));
    (out, m)
}

/// The character an HTML entity (without `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(n);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => return None,
    })
}

/// The byte offset of a JSON error, from its line and column.
fn offset_of_error(text: &str, e: &serde_json::Error) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + e.column().saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file bytes each decoded character comes from.
    fn source_of<'a>(file: &'a str, item: &Item, needle: &str) -> &'a str {
        let at = item.text.find(needle).expect("decoded text holds the needle");
        &file[item.map[at]..item.map[at + needle.len()]]
    }

    #[test]
    fn escapes_decode_and_map_back_to_their_bytes() {
        let file = r#"{"headline": "Embassy \"drawdown\"", "body_text": "It isn\u2019t final.\nOfficials \ud83d\ude42 said so.", "versioncreated": "2020-12-03T18:02:00+00:00"}"#;
        let item = read(file).expect("a ninjs item");
        assert_eq!(
            item.text,
            "Embassy \"drawdown\"\n\nIt isn’t final.\nOfficials 🙂 said so."
        );
        assert_eq!(item.date, crate::article::parse_date("2020-12-03"));
        assert_eq!(source_of(file, &item, "isn’t"), r"isn\u2019t");
        assert_eq!(source_of(file, &item, "\"drawdown\""), r#"\"drawdown\""#);
        assert_eq!(source_of(file, &item, "🙂"), r"\ud83d\ude42");
        assert_eq!(item.map.len(), item.text.len() + 1);
    }

    #[test]
    fn html_bodies_lose_their_markup_but_keep_paragraphs() {
        let file = r#"{"body_html": "<p>Staff will leave, officials said.</p><p>Pompeo&rsquo;s aides &amp; others<br>stay. <script>x()</script></p>"}"#;
        let item = read(file).expect("a ninjs item");
        assert_eq!(
            item.text,
            "Staff will leave, officials said.\n\nPompeo’s aides & others\nstay."
        );
        assert_eq!(source_of(file, &item, "’s aides &"), "&rsquo;s aides &amp;");
    }

    #[test]
    fn what_is_no_ninjs_item_says_where() {
        assert!(!looks_like_ninjs("The embassy said {braces} body_text"));
        assert!(looks_like_ninjs("{\n  \"body_text\": \"x\"}"));
        let (at, message) = read("{\"body_text\": 12}").expect_err("a number is no body");
        assert_eq!(at, 14);
        assert!(message.contains("not a string"), "{message}");
        let (at, _) = read("{\"headline\": \"x\",\n \"body_text\": \"unclosed}").expect_err("broken JSON");
        assert!(at > 17, "{at}");
    }
}

//! Tests of the segmenter: the two seed articles, a table of tricky news
//! sentences, tokenisation tables, paragraph modes, pathological input and a
//! property-style sweep over generated strings.

use factlint::segment::*;
use factlint::span::Span;

const SEED_HILL: &str = include_str!("../examples/baghdad/the-hill.txt");
const SEED_NBC: &str = include_str!("../examples/baghdad/nbc-news.txt");

/// Segments the whole of `text`.
fn seg(text: &str) -> Segmentation {
    segment(text, Span::new(0, text.len()))
}

/// The text of every sentence.
fn sentence_texts<'a>(text: &'a str, s: &Segmentation) -> Vec<&'a str> {
    s.sentences.iter().map(|x| x.span.text(text)).collect()
}

/// The tokens of `text`, written as one string: words as they are, numbers
/// after `#`, punctuation after `~`, separated by single spaces.
fn token_line(text: &str, s: &Segmentation) -> String {
    s.tokens
        .iter()
        .map(|t| {
            let prefix = match t.kind {
                TokenKind::Word => "",
                TokenKind::Number => "#",
                TokenKind::Punct => "~",
            };
            format!("{prefix}{}", t.text(text))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds the first token whose text is `word`, after byte `from`.
fn find_token<'s>(text: &str, s: &'s Segmentation, word: &str, from: usize) -> &'s Token {
    s.tokens
        .iter()
        .find(|t| t.span().start >= from && t.text(text) == word)
        .unwrap_or_else(|| panic!("no token {word:?} after byte {from}"))
}

/// Checks every invariant the rest of factlint relies on.
fn check_invariants(text: &str, body: Span, s: &Segmentation) {
    let on_boundary = |span: Span| {
        assert!(span.start <= span.end, "reversed span {span:?}");
        assert!(span.end <= text.len(), "span {span:?} past the text");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span {span:?} cuts a character in {text:?}"
        );
    };
    let body_start = body.start.min(text.len());
    let body_end = body.end.min(text.len());
    for list in [&s.lines, &s.paragraphs] {
        let mut previous_end = 0;
        for &span in list.iter() {
            on_boundary(span);
            assert!(span.start >= previous_end, "spans out of order in {text:?}");
            assert!(span.start >= body_start.saturating_sub(3) && span.end <= body_end);
            previous_end = span.end;
        }
    }
    for line in &s.lines {
        assert!(!line.text(text).contains('\n'));
    }
    for p in &s.paragraphs {
        assert!(!p.is_empty(), "empty paragraph in {text:?}");
    }
    // Tokens: ordered, non-empty, no white space inside, inside a paragraph.
    let mut previous_end = 0;
    let mut covered = String::new();
    for t in &s.tokens {
        on_boundary(t.span());
        assert!(!t.span().is_empty(), "empty token in {text:?}");
        assert!(t.span().start >= previous_end, "tokens overlap in {text:?}");
        previous_end = t.span().end;
        assert!(!t.text(text).chars().any(is_space), "space in token");
        assert!(s.paragraphs.iter().any(|p| p.contains(t.span())));
        covered.push_str(t.text(text));
    }
    // Every visible character of the paragraphs is in exactly one token.
    let visible: String = s
        .paragraphs
        .iter()
        .flat_map(|p| p.text(text).chars())
        .filter(|&c| !is_space(c))
        .collect();
    assert_eq!(covered, visible, "tokens lose characters of {text:?}");
    // Sentences partition the tokens, in order, inside their paragraph.
    let mut next_token = 0;
    for (i, sentence) in s.sentences.iter().enumerate() {
        on_boundary(sentence.span);
        assert_eq!(sentence.tokens.start, next_token);
        assert!(sentence.tokens.end > sentence.tokens.start);
        next_token = sentence.tokens.end;
        let paragraph = s.paragraphs[sentence.paragraph];
        assert!(paragraph.contains(sentence.span));
        for t in &s.tokens[sentence.tokens.clone()] {
            assert_eq!(t.sentence(), i);
        }
        assert_eq!(s.sentence_tokens(i).len(), sentence.tokens.len());
    }
    assert_eq!(next_token, s.tokens.len());
    let starts = s.tokens.iter().filter(|t| t.para_start()).count();
    let ends = s.tokens.iter().filter(|t| t.para_end()).count();
    assert_eq!(starts, s.paragraphs.len());
    assert_eq!(ends, s.paragraphs.len());
    let line_starts = s.tokens.iter().filter(|t| t.line_start()).count();
    let line_ends = s.tokens.iter().filter(|t| t.line_end()).count();
    let content_lines = s.lines.iter().filter(|l| !l.text(text).chars().all(is_space)).count();
    assert_eq!(line_starts, content_lines, "line starts in {text:?}");
    assert_eq!(line_ends, content_lines, "line ends in {text:?}");
}

/// White space as the segmenter defines it.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

// ---------------------------------------------------------------------------
// The seed articles.

#[test]
fn seed_hill_one_paragraph_per_line() {
    let s = seg(SEED_HILL);
    check_invariants(SEED_HILL, Span::new(0, SEED_HILL.len()), &s);
    assert_eq!(s.mode, ParagraphMode::Lines);
    assert_eq!(s.lines.len(), 12);
    assert_eq!(s.paragraphs.len(), 12);
    assert_eq!(s.sentences.len(), 16);
    let sentences = sentence_texts(SEED_HILL, &s);
    let expected = [
        (
            0,
            "The U.S. plans to temporarily withdraw some personnel from its embassy in Baghdad out of concern about retaliation around the one-year anniversary of the killing of Iranian Gen. Qassem Soleimani, CNN reported Wednesday.",
        ),
        (
            1,
            "Two sources familiar with the decision, including one U.S. official, said the partial withdrawal was scheduled to last until mid-January after the anniversary of Soleimani’s death on Jan. 3 passes.",
        ),
        (
            2,
            "One of the sources said the decision was made at a Tuesday meeting of the National Security Council’s (NSC) Policy Coordination Committee.",
        ),
        (5, "ADVERTISEMENT"),
        (7, "The NSC did not immediately return a request for comment."),
        (
            9,
            "“Ambassador [Matthew] Tueller remains in Iraq and the Embassy in Baghdad continues to operate,” the spokesperson said.",
        ),
        (
            10,
            "“The State Department continually adjusts its diplomatic presence at Embassies and Consulates throughout the world in line with its mission, the local security environment, the health situation, and even the holidays.”",
        ),
        (
            11,
            "“Ensuring the safety of U.S. government personnel, U.S. citizens, and the security of our facilities, remains our highest priority,” the spokesperson added.",
        ),
        (13, "The Washington Post first reported Pompeo’s plans."),
        (
            15,
            "In the days after Soleimani’s killing, Iran launched missile attacks at Iraqi bases holding U.S. troops in a retaliation move.",
        ),
    ];
    for (index, text) in expected {
        assert_eq!(sentences[index], text, "sentence {index}");
    }
    // The related-links card glued into the text stays inside one sentence.
    assert!(sentences[12].starts_with("The report comes a few months after"));
    assert!(sentences[12].ends_with("by Iranian-backed militia."));
    assert_eq!(s.sentences[12].paragraph, s.sentences[13].paragraph);
}

#[test]
fn seed_hill_tokens() {
    let text = SEED_HILL;
    let s = seg(text);
    let glued = find_token(text, &s, "PompeoMichael", 0);
    assert_eq!(glued.kind, TokenKind::Word);
    assert_eq!(find_token(text, &s, "PompeoUS", 0).kind, TokenKind::Word);
    let us = find_token(text, &s, "U.S.", 0);
    assert_eq!(us.kind, TokenKind::Word);
    assert_eq!(us.span(), Span::new(4, 8));
    for word in ["Gen.", "Jan.", "Soleimani’s", "aren’t", "al-Kadhimi", "Iranian-backed"] {
        assert_eq!(find_token(text, &s, word, 0).kind, TokenKind::Word, "{word}");
    }
    assert_eq!(find_token(text, &s, "12:30", 0).kind, TokenKind::Number);
    assert_eq!(find_token(text, &s, "COVID-19", 0).kind, TokenKind::Word);

    // "[Matthew]" is three tokens with no space between them.
    let open = text.find("[Matthew]").expect("fixture");
    let i = s.tokens.iter().position(|t| t.span().start == open).expect("token");
    let bracketed: Vec<_> = s.tokens[i..i + 3].iter().map(|t| t.text(text)).collect();
    assert_eq!(bracketed, ["[", "Matthew", "]"]);
    assert_eq!(s.tokens[i].kind, TokenKind::Punct);
    assert!(!s.tokens[i + 1].space_before() && !s.tokens[i + 2].space_before());

    // "ADVERTISEMENT" is a whole line, a whole paragraph and a whole sentence.
    let ad = find_token(text, &s, "ADVERTISEMENT", 0);
    assert!(ad.line_start() && ad.line_end() && ad.para_start() && ad.para_end());
    assert_eq!(s.sentence_tokens(ad.sentence()).len(), 1);

    // The quotation that ends a paragraph keeps its closing quote.
    let close = s
        .tokens
        .iter()
        .position(|t| t.text(text) == "”" && t.para_end())
        .expect("closing quote");
    assert!(!s.tokens[close].space_before());
    assert_eq!(s.tokens[close - 1].text(text), ".");
}

#[test]
fn seed_nbc_blank_line_paragraphs() {
    let s = seg(SEED_NBC);
    check_invariants(SEED_NBC, Span::new(0, SEED_NBC.len()), &s);
    assert_eq!(s.mode, ParagraphMode::Blocks);
    assert_eq!(s.lines.len(), 45);
    assert_eq!(s.paragraphs.len(), 23);
    assert_eq!(s.sentences.len(), 30);
    let sentences = sentence_texts(SEED_NBC, &s);
    let expected = [
        (
            0,
            "date 2020-12-03 WASHINGTON – The Trump administration to temporarily withdraw staff from the U.S. Embassy in Baghdad as the anniversary of the American strike on Iranian General Qassem Soleimani brings fears of retaliation, two US officials told NBC News on Wednesday.",
        ),
        (2, "The two officials spoke to NBC News on condition of anonymity."),
        (
            6,
            "“The State Department is constantly adjusting its posture in embassies and consulates around the world depending on its mission, the local security environment, the health situation and even the holidays,” an official said on behalf of the State Department.",
        ),
        (7, "‘agency."),
        (
            8,
            "“Ensuring the safety of US government personnel, US citizens, and the security of our facilities, remains our top priority.”",
        ),
        (
            10,
            "Soleimani was the leader of the Iranian elite, the secret Quds force and was killed by a American drone strike January 3.",
        ),
        (
            11,
            "His death sparked outrage and Iran retaliated with strikes against US troops in Iraq.",
        ),
        (16, "The story continues"),
        (20, "Download the NBC News app for the latest news and politics"),
        (
            22,
            "“The United States will not tolerate threats against our men and women serving overseas and we will not hesitate to take any action we deem necessary to ensure the safety of our personnel,” a spokesperson warned. from the State Department at the end of September.",
        ),
        (
            25,
            "Image: US soldiers stand guard at K1 Air Base near Kirkuk in northern Iraq during its handover ceremony (Ameer Al Mohammedaw / dpa / picture alliance via Getty File)",
        ),
        (
            28,
            "While the Minister of Foreign Affairs Mohammad Javad Zarif and other senior officials blamed Israel.",
        ),
        (29, "Israel did not comment on the charges."),
    ];
    for (index, text) in expected {
        assert_eq!(sentences[index], text, "sentence {index}");
    }
}

#[test]
fn seed_nbc_tokens() {
    let text = SEED_NBC;
    let s = seg(text);
    let date = find_token(text, &s, "2020-12-03", 0);
    assert_eq!(date.kind, TokenKind::Number);
    // "a American": two adjacent words of one sentence, for the a/an rule.
    let american = text.find("a American").expect("fixture");
    let i = s.tokens.iter().position(|t| t.span().start == american).expect("token");
    assert_eq!(s.tokens[i].text(text), "a");
    assert_eq!(s.tokens[i + 1].text(text), "American");
    assert_eq!(s.tokens[i].sentence(), s.tokens[i + 1].sentence());
    // The broken attribution keeps its stray period inside the sentence.
    let warned = find_token(text, &s, "warned", 0);
    let next = &s.tokens[s.tokens.iter().position(|t| t == warned).expect("token") + 1];
    assert_eq!(next.text(text), ".");
    assert_eq!(next.sentence(), warned.sentence());
    // Residue lines are whole paragraphs.
    let download = find_token(text, &s, "Download", 0);
    assert!(download.para_start() && download.line_start());
    assert_eq!(find_token(text, &s, "K1", 0).kind, TokenKind::Word);
}

#[test]
fn seed_nbc_body_after_date_line() {
    // The reader may leave the leading "date YYYY-MM-DD" out of the body.
    let start = SEED_NBC.find("WASHINGTON").expect("fixture");
    let body = Span::new(start, SEED_NBC.len());
    let s = segment(SEED_NBC, body);
    check_invariants(SEED_NBC, body, &s);
    assert_eq!(s.paragraphs.len(), 23);
    assert_eq!(s.sentences.len(), 30);
    assert_eq!(s.tokens[0].span().start, start);
    assert!(s.tokens[0].line_start() && s.tokens[0].para_start());
}

// ---------------------------------------------------------------------------
// Sentences: one table, one helper.

/// Each case is one paragraph and the sentences it must split into.
const SENTENCE_CASES: &[(&str, &[&str])] = &[
    (
        "Mr. Smith went to Washington. He met Dr. Jones there.",
        &["Mr. Smith went to Washington.", "He met Dr. Jones there."],
    ),
    (
        "He lives in the U.S. He moved there in 2010.",
        &["He lives in the U.S.", "He moved there in 2010."],
    ),
    (
        "U.S. officials said the U.S. Army would stay in the region.",
        &["U.S. officials said the U.S. Army would stay in the region."],
    ),
    (
        "The hearing starts at 10 a.m. Wednesday in the Capitol.",
        &["The hearing starts at 10 a.m. Wednesday in the Capitol."],
    ),
    (
        "The talks began at 10 a.m. The delegations left at 3 p.m. on Friday.",
        &[
            "The talks began at 10 a.m.",
            "The delegations left at 3 p.m. on Friday.",
        ],
    ),
    (
        "The vote is set for 9 p.m. But the outcome is unclear.",
        &["The vote is set for 9 p.m.", "But the outcome is unclear."],
    ),
    (
        "John F. Kennedy was killed in Dallas in 1963.",
        &["John F. Kennedy was killed in Dallas in 1963."],
    ),
    (
        "J.K. Rowling wrote the books. She lives in Edinburgh.",
        &["J.K. Rowling wrote the books.", "She lives in Edinburgh."],
    ),
    (
        "The company raised $1.2 billion. Shares rose 3.5% in early trading.",
        &["The company raised $1.2 billion.", "Shares rose 3.5% in early trading."],
    ),
    (
        "The rate is 4.5%. Analysts had expected more.",
        &["The rate is 4.5%.", "Analysts had expected more."],
    ),
    (
        "He said he would go… but he never did.",
        &["He said he would go… but he never did."],
    ),
    (
        "She paused... Then she spoke again.",
        &["She paused...", "Then she spoke again."],
    ),
    (
        "“We will … defend our people,” the minister said.",
        &["“We will … defend our people,” the minister said."],
    ),
    (
        "“We will stay,” the spokesperson added. “We are committed.”",
        &["“We will stay,” the spokesperson added.", "“We are committed.”"],
    ),
    (
        "“It was quiet over the holidays.” He left the next day.",
        &["“It was quiet over the holidays.”", "He left the next day."],
    ),
    (
        "“Are you leaving?” she asked. He shrugged.",
        &["“Are you leaving?” she asked.", "He shrugged."],
    ),
    (
        "He asked, “Is it over?” and walked out.",
        &["He asked, “Is it over?” and walked out."],
    ),
    (
        "The crowd chanted “No more war!” Police watched from a distance.",
        &["The crowd chanted “No more war!”", "Police watched from a distance."],
    ),
    (
        "They called the cut “slight.” Others disagreed.",
        &["They called the cut “slight.”", "Others disagreed."],
    ),
    (
        "He said \"we are done.\" Then he hung up.",
        &["He said \"we are done.\"", "Then he hung up."],
    ),
    (
        "Gen. Mark Milley spoke with Sen. Jim Risch and Rep. Adam Schiff on Tuesday.",
        &["Gen. Mark Milley spoke with Sen. Jim Risch and Rep. Adam Schiff on Tuesday."],
    ),
    (
        "Lt. Col. Jane Doe of Fayetteville, N.C., was promoted.",
        &["Lt. Col. Jane Doe of Fayetteville, N.C., was promoted."],
    ),
    (
        "The attack happened on Jan. 3 in Baghdad. It killed 10 people.",
        &["The attack happened on Jan. 3 in Baghdad.", "It killed 10 people."],
    ),
    (
        "Prices rose 2.5 percent in Nov. The increase was expected.",
        &["Prices rose 2.5 percent in Nov.", "The increase was expected."],
    ),
    (
        "He met the Rev. Al Sharpton on Sept. 11 in New York.",
        &["He met the Rev. Al Sharpton on Sept. 11 in New York."],
    ),
    (
        "Apple Inc. reported earnings on Tuesday. The stock fell.",
        &["Apple Inc. reported earnings on Tuesday.", "The stock fell."],
    ),
    (
        "He works for Apple Inc. The company declined to comment.",
        &["He works for Apple Inc.", "The company declined to comment."],
    ),
    (
        "The deal was signed by Pfizer Inc. and BioNTech on Monday.",
        &["The deal was signed by Pfizer Inc. and BioNTech on Monday."],
    ),
    (
        "The firm, Acme Corp., said it would appeal.",
        &["The firm, Acme Corp., said it would appeal."],
    ),
    (
        "No. 10 Downing Street issued a statement late Monday.",
        &["No. 10 Downing Street issued a statement late Monday."],
    ),
    (
        "The answer was No. The measure failed.",
        &["The answer was No.", "The measure failed."],
    ),
    (
        "Martin Luther King Jr. Day is a federal holiday.",
        &["Martin Luther King Jr. Day is a federal holiday."],
    ),
    (
        "The march honored Martin Luther King Jr. It drew thousands.",
        &["The march honored Martin Luther King Jr.", "It drew thousands."],
    ),
    (
        "Sen. Dianne Feinstein (D-Calif.) said the bill would pass.",
        &["Sen. Dianne Feinstein (D-Calif.) said the bill would pass."],
    ),
    (
        "The bill was sponsored by Sen. Dianne Feinstein (D-Calif.). It passed.",
        &[
            "The bill was sponsored by Sen. Dianne Feinstein (D-Calif.).",
            "It passed.",
        ],
    ),
    (
        "He was born in St. Louis and later moved away.",
        &["He was born in St. Louis and later moved away."],
    ),
    (
        "The office is on Main St. The building is old.",
        &["The office is on Main St.", "The building is old."],
    ),
    (
        "What happened next? Nobody knows.",
        &["What happened next?", "Nobody knows."],
    ),
    ("Really?! He said that?", &["Really?!", "He said that?"]),
    (
        "The plan was announced Monday. (The details are secret.) Officials declined to comment.",
        &[
            "The plan was announced Monday.",
            "(The details are secret.)",
            "Officials declined to comment.",
        ],
    ),
    (
        "Officials said the U.S.-backed forces advanced. They met little resistance.",
        &[
            "Officials said the U.S.-backed forces advanced.",
            "They met little resistance.",
        ],
    ),
    (
        "The report cited Ph.D. students at the university.",
        &["The report cited Ph.D. students at the university."],
    ),
    (
        "Gov. Andrew Cuomo, D-N.Y., said Tuesday that schools would reopen.",
        &["Gov. Andrew Cuomo, D-N.Y., said Tuesday that schools would reopen."],
    ),
    (
        "The company, based in Washington, D.C., has 1,000 employees. It was founded in 2001.",
        &[
            "The company, based in Washington, D.C., has 1,000 employees.",
            "It was founded in 2001.",
        ],
    ),
    (
        "The U.N. Security Council met on Friday.",
        &["The U.N. Security Council met on Friday."],
    ),
    (
        "Iran’s foreign minister said the U.S. “will regret it.”",
        &["Iran’s foreign minister said the U.S. “will regret it.”"],
    ),
    (
        "The strike was ordered by the U.S. “We had no choice,” an official said.",
        &[
            "The strike was ordered by the U.S.",
            "“We had no choice,” an official said.",
        ],
    ),
    (
        "Thousands attended Mass. The cathedral was full.",
        &["Thousands attended Mass.", "The cathedral was full."],
    ),
    (
        "Boston, Mass., is cold in January.",
        &["Boston, Mass., is cold in January."],
    ),
    (
        "He served in World War II. After the war he studied law.",
        &["He served in World War II.", "After the war he studied law."],
    ),
    (
        "The supplement contains vitamin D. It helps bones grow.",
        &["The supplement contains vitamin D.", "It helps bones grow."],
    ),
    (
        "The temperature was 98.6 degrees. Doctors were worried.",
        &["The temperature was 98.6 degrees.", "Doctors were worried."],
    ),
    (
        "The Senate vote was 52-48. Democrats objected.",
        &["The Senate vote was 52-48.", "Democrats objected."],
    ),
    (
        "At 12:30 p.m. ET, the president spoke.",
        &["At 12:30 p.m. ET, the president spoke."],
    ),
    (
        "The list included tents, blankets, etc. The aid arrived Monday.",
        &["The list included tents, blankets, etc.", "The aid arrived Monday."],
    ),
    (
        "“We’re not going anywhere,” said Mr. O’Brien. “Not now.”",
        &["“We’re not going anywhere,” said Mr. O’Brien.", "“Not now.”"],
    ),
    (
        "Rebels seized the town.The army withdrew.",
        &["Rebels seized the town.", "The army withdrew."],
    ),
    ("Visit Amazon.com for details.", &["Visit Amazon.com for details."]),
    (
        "The death toll rose to 1,200, officials said. More than 40,000 were injured.",
        &[
            "The death toll rose to 1,200, officials said.",
            "More than 40,000 were injured.",
        ],
    ),
    (
        "Smith et al. found no link. The study was small.",
        &["Smith et al. found no link.", "The study was small."],
    ),
    (
        "The fire began in the kitchen . . . and spread fast.",
        &["The fire began in the kitchen . . . and spread fast."],
    ),
    (
        "a spokesperson warned. from the State Department at the end of September.",
        &["a spokesperson warned. from the State Department at the end of September."],
    ),
    (
        "He coached at Summit (N.J.) High School for a decade.",
        &["He coached at Summit (N.J.) High School for a decade."],
    ),
    ("“We are done. ” He hung up.", &["“We are done. ”", "He hung up."]),
    (
        "She lives in Palo Alto, Calif. \"Nobody told us,\" a neighbor said.",
        &["She lives in Palo Alto, Calif.", "\"Nobody told us,\" a neighbor said."],
    ),
    (
        "The estate went to John Smith Sr. He died in 2001.",
        &["The estate went to John Smith Sr.", "He died in 2001."],
    ),
    ("", &[]),
];

#[test]
fn sentence_table() {
    let mut failures = Vec::new();
    for &(input, expected) in SENTENCE_CASES {
        let s = seg(input);
        check_invariants(input, Span::new(0, input.len()), &s);
        let got = sentence_texts(input, &s);
        if got != expected {
            failures.push(format!("{input:?}\n   expected {expected:?}\n   got      {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        SENTENCE_CASES.len(),
        failures.join("\n")
    );
    assert!(SENTENCE_CASES.len() >= 40);
}

// ---------------------------------------------------------------------------
// Tokens: one table, one helper.

/// Each case is a text and its tokens as written by [`token_line`].
const TOKEN_CASES: &[(&str, &str)] = &[
    ("Soleimani’s death", "Soleimani’s death"),
    ("they aren’t here", "they aren’t here"),
    ("don't", "don't"),
    ("Mustafa al-Kadhimi", "Mustafa al-Kadhimi"),
    ("Iranian-backed militia", "Iranian-backed militia"),
    ("twenty-five", "twenty-five"),
    ("PompeoMichael", "PompeoMichael"),
    ("the U.S. Embassy", "the U.S. Embassy"),
    ("at 9 a.m. sharp", "at #9 a.m. sharp"),
    ("Gen. Qassem", "Gen. Qassem"),
    ("on Jan. 3", "on Jan. #3"),
    ("No. 10", "No. #10"),
    ("said no.", "said no ~."),
    ("No. That", "No ~. That"),
    ("John F. Kennedy", "John F. Kennedy"),
    ("J.K. Rowling", "J.K. Rowling"),
    ("Ph.D. students", "Ph.D. students"),
    ("U.S.-backed", "U.S.-backed"),
    ("(D-Calif.)", "~( D-Calif. ~)"),
    ("1,000 troops", "#1,000 troops"),
    ("$1.2 billion", "~$ #1.2 billion"),
    ("€40", "~€ #40"),
    ("12:30 Report", "#12:30 Report"),
    ("date 2020-12-03", "date #2020-12-03"),
    ("9/11", "#9/11"),
    ("a .45 pistol", "a #.45 pistol"),
    ("3.5%", "#3.5 ~%"),
    ("19th century", "19th century"),
    ("the 1990s", "the 1990s"),
    ("COVID-19 vaccine", "COVID-19 vaccine"),
    ("in 2011.", "in #2011 ~."),
    ("[Matthew]", "~[ Matthew ~]"),
    ("“slight”", "~“ slight ~”"),
    ("wait...", "wait ~..."),
    ("wait…", "wait ~…"),
    ("etc...", "etc ~..."),
    ("Capital One — Pressure", "Capital One ~— Pressure"),
    ("WASHINGTON – The", "WASHINGTON ~– The"),
    ("Jones’ car", "Jones ~’ car"),
    ("’90s", "~’ 90s"),
    ("Amazon.com", "Amazon ~. com"),
    ("end.The", "end ~. The"),
    ("café résumé", "café résumé"),
    ("nai\u{308}ve", "nai\u{308}ve"),
    ("a 😀 b", "a ~😀 b"),
    ("👍🏽", "~👍🏽"),
    ("👨\u{200D}👩\u{200D}👧", "~👨\u{200D}👩\u{200D}👧"),
    ("🇺🇸🇮🇶", "~🇺🇸 ~🇮🇶"),
    ("zero\u{200B}width", "zero width"),
    ("one_two", "one ~_ two"),
];

#[test]
fn token_table() {
    let mut failures = Vec::new();
    for &(input, expected) in TOKEN_CASES {
        let s = seg(input);
        check_invariants(input, Span::new(0, input.len()), &s);
        let got = token_line(input, &s);
        if got != expected {
            failures.push(format!("{input:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn token_flags() {
    let text = "The the cat\nsat on\n\n  the mat.";
    let s = seg(text);
    let flags: Vec<_> = s
        .tokens
        .iter()
        .map(|t| {
            (
                t.text(text),
                t.space_before(),
                t.line_start(),
                t.line_end(),
                t.para_start(),
                t.para_end(),
            )
        })
        .collect();
    assert_eq!(
        flags,
        [
            ("The", true, true, false, true, false),
            ("the", true, false, false, false, false),
            ("cat", true, false, true, false, false),
            ("sat", true, true, false, false, false),
            ("on", true, false, true, false, true),
            ("the", true, true, false, true, false),
            ("mat", true, false, false, false, false),
            (".", false, false, true, false, true),
        ]
    );
}

// ---------------------------------------------------------------------------
// Paragraphs.

const WRAPPED: &str = "\
The U.S. plans to temporarily withdraw some personnel from its embassy
in Baghdad out of concern about retaliation around the one-year
anniversary of the killing of Iranian Gen. Qassem Soleimani, CNN
reported Wednesday. Two sources familiar with the decision said the
partial withdrawal was scheduled to last until mid-January.
";

#[test]
fn hard_wrapped_lines_are_joined() {
    let s = seg(WRAPPED);
    check_invariants(WRAPPED, Span::new(0, WRAPPED.len()), &s);
    assert_eq!(s.mode, ParagraphMode::Blocks);
    assert_eq!(s.lines.len(), 5);
    assert_eq!(s.paragraphs.len(), 1);
    let sentences = sentence_texts(WRAPPED, &s);
    assert_eq!(sentences.len(), 2);
    assert!(sentences[0].starts_with("The U.S. plans"));
    assert!(sentences[0].ends_with("CNN\nreported Wednesday."));
    // A word at the start of a wrapped line is marked as such.
    let anniversary = find_token(WRAPPED, &s, "anniversary", 0);
    assert!(anniversary.line_start() && !anniversary.para_start());
}

#[test]
fn hard_wrapped_with_blank_lines() {
    let text = format!("{WRAPPED}\n{WRAPPED}");
    let s = seg(&text);
    check_invariants(&text, Span::new(0, text.len()), &s);
    assert_eq!(s.mode, ParagraphMode::Blocks);
    assert_eq!(s.paragraphs.len(), 2);
    assert_eq!(s.sentences.len(), 4);
    assert_eq!(s.sentences[2].paragraph, 1);
}

#[test]
fn short_lines_ending_sentences_are_paragraphs() {
    let text = "Officials met on Tuesday.\nADVERTISEMENT\nThe NSC did not comment.\nThe talks go on.\n";
    let s = seg(text);
    check_invariants(text, Span::new(0, text.len()), &s);
    assert_eq!(s.mode, ParagraphMode::Lines);
    assert_eq!(s.paragraphs.len(), 4);
    assert_eq!(
        sentence_texts(text, &s),
        [
            "Officials met on Tuesday.",
            "ADVERTISEMENT",
            "The NSC did not comment.",
            "The talks go on."
        ]
    );
}

#[test]
fn short_blocks_follow_the_document() {
    // The middle paragraph's first line happens to end a sentence; the
    // document is hard-wrapped, so its two lines are still one paragraph.
    let text = "\
The embassy will reduce its staff over the holidays, officials said on
Wednesday, citing security concerns.

The decision was made at a meeting of the National Security Council.
It will be reviewed in January, one official said.

A third official said the reduction was slight and would not affect
consular services in the capital.
";
    let s = seg(text);
    check_invariants(text, Span::new(0, text.len()), &s);
    assert_eq!(s.mode, ParagraphMode::Blocks);
    assert_eq!(s.paragraphs.len(), 3);
    assert_eq!(s.sentences.len(), 4);
    assert_eq!(s.sentences[2].paragraph, 1);
}

#[test]
fn long_blocks_follow_their_own_vote() {
    // An article exported one paragraph per line, then a longer run of short
    // leftover lines that outvotes it across the document.
    let text = "\
The port authority reopened the northern terminal on Monday, a spokesman said.
“Ships are moving again,” the harbour master told reporters at the quay.
Inspections of the southern terminal will continue until Feb. 2, he said.
Trade groups welcomed the decision but warned of weeks of backlogs.

.share-box {
  margin:0 auto;
  border:2px dotted #999
  font-size:13px;
  color:#333
  line-height:1.4;
  display:block
  max-width:640px;
}
";
    let s = seg(text);
    check_invariants(text, Span::new(0, text.len()), &s);
    assert_eq!(s.mode, ParagraphMode::Blocks);
    assert_eq!(s.paragraphs.len(), 5);
    assert_eq!(
        s.paragraphs[1].text(text),
        "“Ships are moving again,” the harbour master told reporters at the quay."
    );
    assert!(s.paragraphs[4].text(text).starts_with(".share-box {\n  margin"));
}

#[test]
fn sentences_never_cross_paragraphs() {
    let text = "He arrived with Gen.\n\nSmith left on Jan.\n\n3 people stayed";
    let s = seg(text);
    check_invariants(text, Span::new(0, text.len()), &s);
    assert_eq!(s.paragraphs.len(), 3);
    assert_eq!(s.sentences.len(), 3);
}

#[test]
fn crlf_gives_the_same_segmentation() {
    let crlf = SEED_HILL.replace('\n', "\r\n");
    let lf = seg(SEED_HILL);
    let s = seg(&crlf);
    check_invariants(&crlf, Span::new(0, crlf.len()), &s);
    assert_eq!(s.mode, lf.mode);
    assert_eq!(s.paragraphs.len(), lf.paragraphs.len());
    assert_eq!(sentence_texts(&crlf, &s), sentence_texts(SEED_HILL, &lf));
    assert_eq!(token_line(&crlf, &s), token_line(SEED_HILL, &lf));
    assert!(s.lines.iter().all(|l| !l.text(&crlf).ends_with('\r')));

    let nbc = SEED_NBC.replace('\n', "\r\n");
    let s = seg(&nbc);
    check_invariants(&nbc, Span::new(0, nbc.len()), &s);
    assert_eq!(s.paragraphs.len(), 23);
    assert_eq!(s.sentences.len(), 30);
}

// ---------------------------------------------------------------------------
// Edge cases and pathological input.

#[test]
fn empty_and_blank_text() {
    for text in ["", " ", "\n", "\r\n", " \t\n\n \u{00A0}\u{200B}\r\n  "] {
        let s = seg(text);
        check_invariants(text, Span::new(0, text.len()), &s);
        assert!(s.tokens.is_empty() && s.sentences.is_empty() && s.paragraphs.is_empty());
    }
    assert_eq!(seg("").lines.len(), 0);
    assert_eq!(seg("\n\n").lines.len(), 2);
}

#[test]
fn body_out_of_range_or_off_boundary_is_clamped() {
    let text = "Café. Résumé.";
    for body in [
        Span::new(0, 1000),
        Span::new(4, 9),
        Span::new(9, 4),
        Span::new(500, 1000),
        Span::new(3, 4),
    ] {
        let s = segment(text, body);
        check_invariants(text, body, &s);
    }
    let s = segment(text, Span::new(6, text.len()));
    assert_eq!(sentence_texts(text, &s), ["Résumé."]);
}

#[test]
fn one_megabyte_word() {
    let text = "a".repeat(1 << 20);
    let s = seg(&text);
    assert_eq!(s.tokens.len(), 1);
    assert_eq!(s.tokens[0].span(), Span::new(0, text.len()));
    let text = format!("{}é.", "é".repeat(1 << 19));
    let s = seg(&text);
    assert_eq!(s.tokens.len(), 2);
    check_invariants(&text, Span::new(0, text.len()), &s);
}

#[test]
fn long_runs_stay_linear() {
    let digits = "7".repeat(100_000);
    let s = seg(&digits);
    assert_eq!(s.tokens.len(), 1);
    assert_eq!(s.tokens[0].kind, TokenKind::Number);

    let periods = ".".repeat(10_000);
    let s = seg(&periods);
    assert_eq!(s.tokens.len(), 1);
    assert_eq!(s.sentences.len(), 1);

    let spaced = ". ".repeat(10_000);
    let s = seg(&spaced);
    assert_eq!(s.tokens.len(), 10_000);
    assert_eq!(s.sentences.len(), 1);

    let quotes = "“".repeat(10_000);
    let s = seg(&quotes);
    assert_eq!(s.tokens.len(), 10_000);

    let sentences = "He left. ".repeat(10_000);
    let s = seg(&sentences);
    assert_eq!(s.sentences.len(), 10_000);

    let dotted = "U.".repeat(50_000);
    let s = seg(&dotted);
    check_invariants(&dotted, Span::new(0, dotted.len()), &s);

    let joined = "a-".repeat(50_000);
    let s = seg(&joined);
    check_invariants(&joined, Span::new(0, joined.len()), &s);

    let numbers = "1,".repeat(50_000);
    let s = seg(&numbers);
    check_invariants(&numbers, Span::new(0, numbers.len()), &s);

    let lines = "short line\n".repeat(10_000);
    let s = seg(&lines);
    assert_eq!(s.lines.len(), 10_000);
}

#[test]
fn non_ascii_text() {
    let text = "Le président Macron a parlé à l’Élysée… Il est parti. \
                Ça va 😀 ! 東京で会談した。 Москва заявила.";
    let s = seg(text);
    check_invariants(text, Span::new(0, text.len()), &s);
    assert_eq!(find_token(text, &s, "l’Élysée", 0).kind, TokenKind::Word);
    assert_eq!(
        sentence_texts(text, &s),
        [
            "Le président Macron a parlé à l’Élysée…",
            "Il est parti.",
            "Ça va 😀 !",
            "東京で会談した。",
            "Москва заявила."
        ]
    );
}

// ---------------------------------------------------------------------------
// Property-style sweep.

/// A small deterministic pseudo-random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Fragments the generator glues together: the characters and words the
/// segmenter treats specially.
const FRAGMENTS: &[&str] = &[
    "a", "Z", "The", "é", "e\u{301}", "’", "'", "-", ".", "...", "…", " ", "  ", "\n", "\r\n", "\n\n", "\r", "U.S.",
    "U", "Mr.", "Gen", "Jan.", "No.", "1", "42", ",", ":", "/", "“", "”", "\"", "😀", "\u{200D}", "\u{FE0F}", "🏽",
    "🇺", "\u{200B}", "\u{FEFF}", "(", ")", "?", "!", "\t", "#", "$", "東", "ß", "İ", "\u{0085}", "\u{2028}", "a.m.",
    "Inc.", "F.", "\u{0301}",
];

#[test]
fn generated_strings_keep_invariants() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let mut text = String::new();
        for _ in 0..rng.below(80) {
            text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
        }
        check_invariants(&text, Span::new(0, text.len()), &seg(&text));
        // A random body, possibly off char boundaries or past the end.
        let a = rng.below(text.len() + 4);
        let b = rng.below(text.len() + 4);
        let body = Span::new(a.min(b), a.max(b));
        let s = segment(&text, body);
        check_invariants(&text, body, &s);
    }
}

// ---------------------------------------------------------------------------
// Copy written one sentence per line.

#[test]
fn a_quotation_over_several_lines_is_one_paragraph() {
    let text = "The river broke its banks on Sunday night.\n\
                “It was a hard winter for the farm.\n\
                We lost half the herd,” said the owner, Dana Whitlow.\n\
                The council will meet on Monday.\n";
    let s = seg(text);
    check_invariants(text, Span::new(0, text.len()), &s);
    assert_eq!(s.mode, ParagraphMode::Lines);
    let paragraphs: Vec<&str> = s.paragraphs.iter().map(|p| p.text(text)).collect();
    assert_eq!(
        paragraphs,
        [
            "The river broke its banks on Sunday night.",
            "“It was a hard winter for the farm.\nWe lost half the herd,” said the owner, Dana Whitlow.",
            "The council will meet on Monday.",
        ]
    );
}

#[test]
fn a_line_that_opens_the_quotation_again_starts_a_paragraph() {
    // News style: every paragraph of a long quotation opens it again, only the last
    // closes it. The lines before the reopening are one paragraph.
    let text = "Marsh spoke after the vote.\n\
                “We tried everything.\n\
                Nothing worked.\n\
                “Now we start again,” she said.\n\
                A stray “mark opens here and never closes.\n\
                The meeting ended at noon.\n";
    let s = seg(text);
    check_invariants(text, Span::new(0, text.len()), &s);
    let paragraphs: Vec<&str> = s.paragraphs.iter().map(|p| p.text(text)).collect();
    assert_eq!(
        paragraphs,
        [
            "Marsh spoke after the vote.",
            "“We tried everything.\nNothing worked.",
            "“Now we start again,” she said.",
            "A stray “mark opens here and never closes.",
            "The meeting ended at noon.",
        ]
    );
}

/// A token is written as JSON with every field it reads as: its span, kind, sentence and the
/// five marks of where it stands (its offsets are held in 32 bits and its marks in a byte).
#[test]
fn a_token_is_written_with_its_span_kind_sentence_and_marks() {
    let text = "Troops left.\n\nOn Monday, 2,500 remained.";
    let s = seg(text);
    let at = |word: &str| s.tokens.iter().find(|t| t.text(text) == word).copied().expect(word);
    // Its fields in the order they are written.
    assert_eq!(
        serde_json::to_string(&at("On")).expect("writes"),
        concat!(
            r#"{"span":{"start":14,"end":16},"kind":"Word","sentence":1,"space_before":true,"#,
            r#""line_start":true,"line_end":false,"para_start":true,"para_end":false}"#
        )
    );
    let json = |t: Token| serde_json::to_value(t).expect("writes");
    // A number in the middle of its line and paragraph, after a space.
    let number = at("2,500");
    assert_eq!(json(number)["kind"], "Number");
    assert_eq!(
        (number.span(), number.sentence(), number.space_before()),
        (Span::new(25, 30), 1, true)
    );
    let marks = |t: Token| [t.line_start(), t.line_end(), t.para_start(), t.para_end()];
    assert_eq!(marks(number), [false; 4]);
    assert_eq!(at(",").span(), Span::new(23, 24));
    assert!(!at(",").space_before());
    let last = *s.tokens.last().expect("tokens");
    assert_eq!((last.text(text), marks(last)), (".", [false, true, false, true]));
    assert!(!last.space_before());
}

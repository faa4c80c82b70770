//! A generator of news stories, so that everyone measures factlint on the same copy.
//!
//! Each story is one event (a ferry disaster, a factory fire, a strike, a storm…) reported
//! by several outlets. The outlets share the facts — the toll, the place, the day, the
//! officials and what they said — and tell them in their own words: different leads,
//! speaker constructions, background paragraphs and formats (plain text with a date line,
//! front matter, Markdown). Some outlets slip, as real ones do: another toll, a name
//! misspelled, a word of a quotation changed, another weekday. Everything is drawn from a
//! seeded generator, so a corpus is the same on every machine.

#![allow(dead_code, reason = "each user of the generator takes the parts it needs")]

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Stories (events).
    pub stories: usize,
    /// Outlets reporting each story.
    pub sources: usize,
    /// The seed of the generator.
    pub seed: u64,
    /// The share of articles written as Markdown, in percent.
    pub markdown_percent: u64,
    /// The share of articles that slip on a fact, in percent.
    pub slip_percent: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            stories: 20,
            sources: 5,
            seed: 1,
            markdown_percent: 30,
            slip_percent: 25,
        }
    }
}

/// One generated article: its path relative to the corpus root (`story-0007/outlet.txt`)
/// and its text.
#[derive(Clone, Debug)]
pub struct Generated {
    pub path: String,
    pub text: String,
}

/// Every article of the corpus, story by story.
pub fn generate(opts: &Options) -> Vec<Generated> {
    let mut rng = Rng(opts.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03);
    let mut out = Vec::new();
    for s in 0..opts.stories {
        let story = Story::draw(&mut rng, s);
        let mut outlets: Vec<&str> = OUTLETS.to_vec();
        rng.shuffle(&mut outlets);
        for (k, outlet) in outlets.iter().cycle().take(opts.sources).enumerate() {
            let markdown = rng.below(100) < opts.markdown_percent;
            let slip = if k > 0 && rng.below(100) < opts.slip_percent {
                Some(rng.below(4))
            } else {
                None
            };
            let text = story.write(&mut rng, outlet, k, markdown, slip);
            let stem: String = outlet
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            let ext = if markdown { "md" } else { "txt" };
            let stem = if k >= OUTLETS.len() {
                format!("{stem}-{k}")
            } else {
                stem
            };
            out.push(Generated {
                path: format!("story-{s:04}/{stem}.{ext}"),
                text,
            });
        }
    }
    out
}

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len() as u64) as usize]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// A person in a story.
#[derive(Clone, Debug)]
struct Person {
    first: &'static str,
    last: &'static str,
    title: &'static str,
}

impl Person {
    fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

/// The facts of one event, shared by every outlet that reports it.
struct Story {
    kind: usize,
    city: &'static str,
    country: &'static str,
    /// Day of the year 2025 the event happened (1-based, kept inside one month).
    month: usize,
    day: u64,
    dead: u64,
    injured: u64,
    arrested: u64,
    amount: u64,
    org: String,
    officials: Vec<Person>,
    witness: Person,
    quotes: Vec<&'static str>,
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Story {
    fn draw(rng: &mut Rng, index: usize) -> Story {
        let kind = index % EVENTS.len();
        let (city, country) = *rng.pick(&CITIES.iter().collect::<Vec<_>>());
        let mut people = Vec::new();
        for title in [rng.pick(TITLES), rng.pick(TITLES), rng.pick(TITLES)] {
            people.push(Person {
                first: rng.pick(FIRST),
                last: rng.pick(LAST),
                title,
            });
        }
        let witness = Person {
            first: rng.pick(FIRST),
            last: rng.pick(LAST),
            title: "",
        };
        let ev = &EVENTS[kind];
        let mut quotes: Vec<&'static str> = ev.quotes.to_vec();
        rng.shuffle(&mut quotes);
        Story {
            kind,
            city,
            country,
            month: rng.below(12) as usize,
            day: rng.range(3, 26),
            dead: rng.range(3, 140),
            injured: rng.range(5, 400),
            arrested: rng.range(2, 30),
            amount: rng.range(2, 95) * 100_000,
            org: format!("{} {}", rng.pick(ORG_HEADS), ev.org_tail),
            officials: people,
            witness,
            quotes,
        }
    }

    /// The weekday of the event (2025-01-01 was a Wednesday).
    fn weekday(&self, day: u64) -> &'static str {
        let ordinal = MONTH_STARTS[self.month] + day - 1;
        WEEKDAYS[((ordinal + 2) % 7) as usize]
    }

    fn write(&self, rng: &mut Rng, outlet: &str, k: usize, markdown: bool, slip: Option<u64>) -> String {
        let ev = &EVENTS[self.kind];
        // Some outlets publish the next day, and then say "on Tuesday" of the same event.
        let pub_day = self.day + rng.below(2);
        let date = format!("2025-{:02}-{:02}", self.month + 1, pub_day);
        let mut dead = self.dead;
        let mut officials = self.officials.clone();
        let mut quote0 = self.quotes[0].to_string();
        let mut event_day = self.day;
        match slip {
            Some(0) => dead += rng.range(1, 9),
            Some(1) => {
                let last = officials[0].last;
                officials[0].last = Box::leak(misspell(rng, last).into_boxed_str());
            }
            Some(2) => quote0 = change_word(rng, &quote0),
            Some(3) => event_day = self.day.saturating_sub(1).max(1),
            _ => {}
        }
        let weekday = self.weekday(event_day);
        // The weekday alone when it is the day of publication, else half the time.
        let when = if pub_day == event_day || rng.below(2) == 0 {
            format!("on {weekday}")
        } else {
            format!("on {} {}", MONTHS[self.month], event_day)
        };
        let a = &officials[0];
        let b = &officials[1];
        let c = &officials[2];
        let place = format!("{}, {}", self.city, self.country);

        let mut paras: Vec<String> = Vec::new();
        let lead = match rng.below(3) {
            0 => format!(
                "At least {dead} people were killed and {} injured when {} in {place} {when}, officials said.",
                self.injured, ev.what
            ),
            1 => format!(
                "{} in {} {when}, killing {} people and injuring {} more, according to local authorities.",
                capitalise(ev.what),
                self.city,
                words_or_digits(rng, dead),
                self.injured
            ),
            _ => format!(
                "The death toll from {} in {place} rose to {dead} {when}, with {} people injured, the {} said.",
                ev.noun, self.injured, ev.authority
            ),
        };
        paras.push(lead);
        paras.push(format!(
            "“{quote0},” {} said in a statement. {}",
            title_name(rng, a),
            ev.context
        ));
        paras.push(format!(
            "Police arrested {} people in connection with the {} and said more arrests were possible. {}",
            self.arrested,
            ev.short,
            background(rng, self)
        ));
        paras.push(match rng.below(3) {
            0 => format!(
                "{}, the {}, said: “{}.”",
                b.full(),
                b.title.to_lowercase(),
                self.quotes[1]
            ),
            1 => format!("“{},” said {}.", self.quotes[1], title_name(rng, b)),
            _ => format!("“{}.” {} told reporters.", self.quotes[1], b.last),
        });
        paras.push(format!(
            "The government promised ${} for the families of the victims and for repairs, {} said {}.",
            money(self.amount),
            c.full(),
            if rng.below(2) == 0 {
                "late on Tuesday"
            } else {
                "in a televised address"
            }
        ));
        let sources = rng.range(2, 4);
        paras.push(format!(
            "{} declined to comment. {} people familiar with the investigation, who spoke on condition of anonymity because they were not authorized to discuss it, said inspectors had raised concerns {} years ago.",
            self.org,
            capitalise(&words_or_digits(rng, sources)),
            rng.range(2, 9)
        ));
        paras.push(format!(
            "“{},” said {}, who lives nearby. “{}.”",
            self.quotes[2],
            self.witness.full(),
            self.quotes[3]
        ));
        for _ in 0..rng.range(6, 10) {
            paras.push(background(rng, self));
        }
        paras.push(format!(
            "{} said the inquiry would report by {} {}. {}",
            a.last,
            MONTHS[(self.month + 1 + rng.below(2) as usize) % 12],
            rng.range(1, 28),
            closing(rng, self)
        ));
        if k % 3 == 2 {
            paras.swap(2, 3);
        }

        let headline = format!("{} in {}: {} dead", capitalise(ev.short), self.city, dead);
        let mut text = String::new();
        if markdown {
            text.push_str(&format!("---\nsource: {outlet}\ndate: {date}\n---\n# {headline}\n\n"));
            text.push_str(&format!("*By {} {}, {outlet}*\n\n", rng.pick(FIRST), rng.pick(LAST)));
            for (i, p) in paras.iter().enumerate() {
                if i == 4 {
                    text.push_str(&format!(
                        "{p} [Read the statement](https://example.org/{}/{}).\n\n",
                        self.city.to_lowercase().replace(' ', "-"),
                        self.day
                    ));
                } else if i == 5 {
                    text.push_str(&format!("## What we know\n\n{p}\n\n"));
                } else {
                    text.push_str(&format!("{p}\n\n"));
                }
            }
        } else {
            if rng.below(2) == 0 {
                text.push_str(&format!("+++\nsource = \"{outlet}\"\ndate = {date}\n+++\n"));
            } else {
                text.push_str(&format!("date {date}\n"));
            }
            text.push_str(&format!("{headline}\n\n"));
            text.push_str(&format!("{} ({outlet}) — ", self.city.to_uppercase()));
            for p in &paras {
                text.push_str(p);
                text.push_str("\n\n");
            }
        }
        text
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn title_name(rng: &mut Rng, p: &Person) -> String {
    match rng.below(3) {
        0 => format!("{} {}", p.title, p.full()),
        1 => format!("{}, the {}", p.full(), p.title.to_lowercase()),
        _ => p.full(),
    }
}

fn words_or_digits(rng: &mut Rng, n: u64) -> String {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    if n <= 10 && rng.below(2) == 0 {
        WORDS[n as usize].to_string()
    } else {
        n.to_string()
    }
}

fn money(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{:.1} million", n as f64 / 1e6)
    } else {
        let s = n.to_string();
        let (head, tail) = s.split_at(s.len() - 3);
        format!("{head},{tail}")
    }
}

fn misspell(rng: &mut Rng, name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 4 {
        return format!("{name}e");
    }
    let i = 1 + rng.below(chars.len() as u64 - 2) as usize;
    let mut out = chars.clone();
    if rng.below(2) == 0 {
        out.swap(i, i + 1);
    } else {
        out.remove(i);
    }
    out.into_iter().collect()
}

fn change_word(rng: &mut Rng, quote: &str) -> String {
    const SWAPS: &[(&str, &str)] = &[
        ("every", "each"),
        ("will", "would"),
        ("all", "every one of"),
        ("must", "should"),
        ("never", "not"),
        ("families", "relatives"),
        ("people", "residents"),
    ];
    let start = rng.below(SWAPS.len() as u64) as usize;
    for i in 0..SWAPS.len() {
        let (from, to) = SWAPS[(start + i) % SWAPS.len()];
        let needle = format!(" {from} ");
        if quote.contains(&needle) {
            return quote.replacen(&needle, &format!(" {to} "), 1);
        }
    }
    format!("{quote} now")
}

fn background(rng: &mut Rng, s: &Story) -> String {
    let ev = &EVENTS[s.kind];
    let p = &s.officials[rng.below(3) as usize];
    let templates: [&dyn Fn(&mut Rng) -> String; 12] = [
        &|r| {
            format!(
                "Television footage showed crowds gathered at the scene as emergency workers carried away the injured. {} ambulances were sent from neighbouring towns, {} said.",
                capitalise(&r.range(6, 40).to_string()),
                p.full()
            )
        },
        &|r| {
            format!(
                "Unions said the {} was the {} such incident this year and accused the authorities of ignoring repeated warnings about safety.",
                ev.short,
                ["second", "third", "fourth", "fifth"][r.below(4) as usize]
            )
        },
        &|r| {
            format!(
                "The {} has promised new rules for {} before parliament breaks for the summer, but similar promises were made after a disaster in {}.",
                ["government", "cabinet", "regional council"][r.below(3) as usize],
                ev.plural_site,
                r.range(1998, 2022)
            )
        },
        &|r| {
            format!(
                "In a post on social media, {} {} offered condolences to the families and said that {} investigators had been sent to {}.",
                p.title,
                p.last,
                r.range(5, 60),
                s.city
            )
        },
        &|r| {
            format!(
                "It was the worst {} in {} since {}, when {} people died.",
                ev.short,
                s.country,
                r.range(1975, 2019),
                r.range(10, 300)
            )
        },
        &|r| {
            format!(
                "Rescue teams worked through the night, and {} more survivors were pulled out by morning, the {} said.",
                r.range(2, 40),
                ev.authority
            )
        },
        &|r| {
            format!(
                "{} {} has faced criticism over the pace of the response, and opposition leaders called for an independent inquiry within {} days.",
                p.title,
                p.last,
                r.range(10, 90)
            )
        },
        &|r| {
            format!(
                "The {} had been inspected in {} {}, according to records seen by reporters, and no serious faults were found.",
                ev.site,
                MONTHS[r.below(12) as usize],
                r.range(2015, 2024)
            )
        },
        &|r| {
            format!(
                "Hospitals in {} said they had treated about {} people, many of them for burns and broken bones, and appealed for blood donors.",
                s.city,
                r.range(20, 300)
            )
        },
        &|r| {
            format!(
                "About {}% of the {} in the region do not meet safety standards, a report published last year by the {} found.",
                r.range(10, 70),
                ev.plural_site,
                rng_pick_body(r)
            )
        },
        &|r| {
            format!(
                "The {} said on {} that it was cooperating with investigators and had suspended {} managers pending the inquiry.",
                s.org,
                WEEKDAYS[r.below(7) as usize],
                r.range(2, 6)
            )
        },
        &|r| {
            format!(
                "Relatives gathered outside the city hall in {} on Wednesday evening, waiting for news; some had travelled more than {} kilometres.",
                s.city,
                r.range(50, 600)
            )
        },
    ];
    let i = rng.below(templates.len() as u64) as usize;
    templates[i](rng)
}

fn rng_pick_body(r: &mut Rng) -> &'static str {
    r.pick(&[
        "national audit office",
        "World Bank",
        "United Nations Development Programme",
        "Red Cross",
        "ministry of labour",
    ])
}

fn closing(rng: &mut Rng, s: &Story) -> String {
    match rng.below(3) {
        0 => format!("Flags in {} will fly at half-mast for three days.", s.country),
        1 => "The president is expected to visit the site later this week.".to_string(),
        _ => format!(
            "A national day of mourning was declared for {} {}.",
            WEEKDAYS[rng.below(7) as usize],
            if rng.below(2) == 0 { "next week" } else { "" }
        )
        .replace(" .", "."),
    }
}

/// Day of the year (0-based) each month of 2025 starts on.
const MONTH_STARTS: [u64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// A kind of event and the words outlets use for it.
struct Event {
    /// The clause of a lead: "a passenger ferry capsized on the lake".
    what: &'static str,
    /// A noun phrase: "the ferry disaster".
    noun: &'static str,
    /// Short, for headlines and back-references.
    short: &'static str,
    site: &'static str,
    plural_site: &'static str,
    authority: &'static str,
    org_tail: &'static str,
    context: &'static str,
    quotes: &'static [&'static str],
}

const EVENTS: &[Event] = &[
    Event {
        what: "a passenger ferry capsized near the harbour",
        noun: "the ferry disaster",
        short: "ferry disaster",
        site: "ferry",
        plural_site: "passenger boats",
        authority: "coast guard",
        org_tail: "Ferry Lines",
        context: "The ferry was licensed for far fewer passengers than it carried, port officials said.",
        quotes: &[
            "We will not stop searching until every passenger is accounted for",
            "The boat was carrying twice the number of people it was licensed for",
            "I saw people jumping into the water, and nobody had a life jacket",
            "My brother was on that boat and we still have no news",
            "Those responsible will be held to account, whoever they are",
        ],
    },
    Event {
        what: "a fire tore through a garment factory",
        noun: "the factory fire",
        short: "factory fire",
        site: "factory",
        plural_site: "garment factories",
        authority: "fire service",
        org_tail: "Textiles",
        context: "Workers said the emergency exits had been locked during the night shift.",
        quotes: &[
            "The exits were locked and the workers had no way out",
            "We will inspect every factory in the district before the end of the month",
            "The smoke was so thick that we could not see our own hands",
            "Nobody told us what to do when the alarm went off",
            "All families of the victims will receive compensation",
        ],
    },
    Event {
        what: "a residential building collapsed after days of heavy rain",
        noun: "the building collapse",
        short: "building collapse",
        site: "building",
        plural_site: "apartment blocks",
        authority: "civil defence agency",
        org_tail: "Construction",
        context: "Residents had complained about cracks in the walls for months, neighbours said.",
        quotes: &[
            "The building should never have been approved in the first place",
            "We will not rest until every family has a safe place to live",
            "I heard a noise like thunder and then the whole block came down",
            "We had told the landlord about the cracks many times",
            "The developer must answer for what happened here",
        ],
    },
    Event {
        what: "a bus plunged into a ravine on the mountain road",
        noun: "the bus crash",
        short: "bus crash",
        site: "road",
        plural_site: "mountain roads",
        authority: "traffic police",
        org_tail: "Coach Company",
        context: "The driver had been on duty for more than 14 hours, the transport ministry said.",
        quotes: &[
            "This road has claimed too many lives and it will be rebuilt",
            "The driver had been working all night without a break",
            "The bus was going far too fast on the bends",
            "We pulled people out of the windows with our bare hands",
            "Every bus company will be audited before the holiday season",
        ],
    },
    Event {
        what: "an explosion ripped through a chemical warehouse at the port",
        noun: "the warehouse explosion",
        short: "warehouse explosion",
        site: "warehouse",
        plural_site: "chemical stores",
        authority: "interior ministry",
        org_tail: "Logistics",
        context: "Tonnes of fertiliser had been stored at the site without safeguards, customs records show.",
        quotes: &[
            "The chemicals had been stored there illegally for years",
            "We will publish the full findings of the investigation",
            "Windows shattered two streets away and the sky turned orange",
            "My shop is gone, everything I built is gone",
            "The port authority must explain why nobody acted",
        ],
    },
];

const OUTLETS: &[&str] = &[
    "Northern Courier",
    "Daily Ledger",
    "Harbour Times",
    "City Bulletin",
    "Evening Chronicle",
    "Wire Service One",
    "Morning Dispatch",
    "Valley Herald",
    "Continental Press",
    "Sunday Observer",
    "Metro Daily",
    "Coastal Gazette",
];

const CITIES: &[(&str, &str)] = &[
    ("Mombasa", "Kenya"),
    ("Chittagong", "Bangladesh"),
    ("Lagos", "Nigeria"),
    ("Manila", "Philippines"),
    ("Karachi", "Pakistan"),
    ("Lima", "Peru"),
    ("Surabaya", "Indonesia"),
    ("Durban", "South Africa"),
    ("Izmir", "Turkey"),
    ("Valparaiso", "Chile"),
    ("Goma", "Congo"),
    ("Mwanza", "Tanzania"),
    ("Cebu", "Philippines"),
    ("Alexandria", "Egypt"),
    ("Kathmandu", "Nepal"),
    ("Recife", "Brazil"),
    ("Haiphong", "Vietnam"),
    ("Accra", "Ghana"),
    ("Casablanca", "Morocco"),
    ("Tbilisi", "Georgia"),
];

const TITLES: &[&str] = &[
    "Governor",
    "Interior Minister",
    "Transport Minister",
    "Mayor",
    "Police Chief",
    "Health Minister",
    "Prime Minister",
    "Labour Minister",
    "Fire Chief",
    "Regional Commissioner",
];

const FIRST: &[&str] = &[
    "Amina", "Joseph", "Maria", "Kwame", "Farida", "Tomas", "Nadia", "Samuel", "Leila", "Daniel", "Grace", "Ibrahim",
    "Elena", "Rafael", "Chen", "Priya", "Olusegun", "Ana", "Mehmet", "Sofia", "Peter", "Aisha", "Carlos", "Ruth",
];

const LAST: &[&str] = &[
    "Mwangi",
    "Rahman",
    "Okafor",
    "Santos",
    "Qureshi",
    "Quispe",
    "Wibowo",
    "Ndlovu",
    "Yilmaz",
    "Fuentes",
    "Kabila",
    "Mushi",
    "Reyes",
    "Haddad",
    "Shrestha",
    "Oliveira",
    "Nguyen",
    "Mensah",
    "Benali",
    "Beridze",
    "Kowalski",
    "Hernandez",
    "Abubakar",
    "Lindqvist",
];

const ORG_HEADS: &[&str] = &[
    "Atlas", "Meridian", "Sunrise", "Pioneer", "Crescent", "Summit", "Delta", "Harmony", "Orion", "Unity",
];

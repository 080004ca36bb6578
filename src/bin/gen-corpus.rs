//! `gen-corpus`: writes a realistic, news-like corpus with planted contradictions.
//!
//! The corpus is a set of fictional *stories* (a troop deployment, an earthquake, a
//! mayoral election, a protest, …), each told by a few articles over a few days, plus
//! unrelated articles whose numbers are not claims (business, sport, culture). The
//! stories use the phrasing the shipped schemas under `claims/` read: hedges ("more
//! than", "about", "nearly", "up to", "at least"), number words, ranges, vague amounts,
//! rising death tolls (revisions), police and organisers' estimates (disputes), and
//! traps (a past figure with its year, another subject in the same sentence, the same
//! value written two ways, compatible hedges).
//!
//! A known number of stories carry a *planted contradiction*: two documents about the
//! same subject give values that cannot both be true. Every other pair of figures about
//! one subject is compatible by construction: each figure is written as a phrase whose
//! interval contains the story's true value, and stories that share a subject (the same
//! actor and place, the same kind of event, the same candidate, turnout) are scheduled
//! far apart in time (each subject's schema window plus a margin). So, on this corpus,
//! every `contradiction` the checker reports should be a planted one, and every planted
//! one should be reported.
//!
//! Output: `OUT_DIR/NNNN/*.txt` in the seed format (` date YYYY-MM-DD ` then the text),
//! at most 1,000 files a folder, and `OUT_DIR/manifest.json` (the seed, counts, and the
//! planted contradictions with both paths, texts and byte spans). `--jsonl FILE` writes
//! the same documents as JSON Lines (`id`, `date`, `source`, `text`); given alone, it
//! writes the manifest beside the file (`FILE.manifest.json`).
//!
//! The random numbers come from a fixed SplitMix64 generator written here, so the same
//! `--seed` and size give byte-identical output on every platform and crate version.

use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use clap::Parser;
use serde_json::json;

/// Command line.
#[derive(Parser, Debug)]
#[command(name = "gen-corpus", about = "Writes a news-like corpus with planted contradictions")]
struct Args {
    /// Size in megabytes (10^6 bytes of document text).
    #[arg(long, conflicts_with = "docs")]
    mb: Option<f64>,
    /// Size in documents.
    #[arg(long)]
    docs: Option<usize>,
    /// Seed of the random generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write the corpus as one JSON Lines file (with no folder, its
    /// manifest goes beside it, as FILE.manifest.json).
    #[arg(long)]
    jsonl: Option<PathBuf>,
    /// Output folder (documents and manifest.json).
    out_dir: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if args.out_dir.is_none() && args.jsonl.is_none() {
        eprintln!("error: give an output folder, --jsonl FILE, or both");
        return ExitCode::from(2);
    }
    let size = match (args.mb, args.docs) {
        (Some(mb), _) if mb.is_finite() && mb > 0.0 => Size::Bytes((mb * 1e6) as u64),
        (Some(mb), _) => {
            eprintln!("error: --mb must be a positive number, not {mb}");
            return ExitCode::from(2);
        }
        (None, Some(0)) => {
            eprintln!("error: --docs must be at least 1");
            return ExitCode::from(2);
        }
        (None, Some(n)) => Size::Docs(n),
        (None, None) => Size::Docs(1000),
    };
    let corpus = generate(args.seed, size);
    if let Some(dir) = &args.out_dir {
        if let Err(e) = write_dir(dir, &corpus, args.seed) {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    if let Some(file) = &args.jsonl {
        if let Err(e) = write_jsonl(file, &corpus) {
            eprintln!("error: {}: {e}", file.display());
            return ExitCode::from(2);
        }
        if args.out_dir.is_none() {
            let mut manifest = file.clone().into_os_string();
            manifest.push(".manifest.json");
            if let Err(e) = write_manifest(Path::new(&manifest), &corpus, args.seed) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    eprintln!(
        "gen-corpus: {} documents, {} bytes, {} stories, {} planted contradictions",
        corpus.docs.len(),
        corpus.bytes,
        corpus.stories,
        corpus.planted.len()
    );
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------
// Random numbers

/// SplitMix64: tiny, fast, and fixed forever (no crate version can change it).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((self.next() as u128 * n as u128) >> 64) as u64
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------
// Numbers in words

fn commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

const SMALL: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// The number as a reporter would write it: words up to nine (sometimes), digits after.
fn plain(rng: &mut Rng, n: u64) -> String {
    if (2..=9).contains(&n) && rng.chance(0.6) {
        return SMALL[n as usize].to_string();
    }
    if n >= 1000 && n.is_multiple_of(1000) && n <= 20_000 && rng.chance(0.3) {
        return format!("{} thousand", SMALL[(n / 1000) as usize]);
    }
    if n >= 1_000_000 && n.is_multiple_of(100_000) && rng.chance(0.7) {
        let m = n as f64 / 1e6;
        return if n.is_multiple_of(1_000_000) {
            format!("{} million", n / 1_000_000)
        } else {
            format!("{m:.1} million")
        };
    }
    commas(n)
}

/// Rounds to two significant digits, down, to nearest, or up.
fn sig2(n: u64, mode: i32) -> u64 {
    if n < 100 {
        return n;
    }
    let mut unit = 1;
    while n / unit >= 100 {
        unit *= 10;
    }
    match mode {
        m if m < 0 => n / unit * unit,
        0 => (n + unit / 2) / unit * unit,
        _ => n.div_ceil(unit) * unit,
    }
}

/// A phrase for a figure whose interval (as the shipped lexicon reads it, with a 10 %
/// tolerance for "about") contains `v`. Two such phrases about the same `v` never
/// contradict each other.
fn count_phrase(rng: &mut Rng, v: u64) -> String {
    loop {
        match rng.below(12) {
            0..=2 => return plain(rng, v),
            3 if v >= 20 => {
                let x = sig2(v, 0);
                let hedge = *rng.pick(&["about", "approximately", "some", "roughly", "around", "an estimated"]);
                return format!("{hedge} {}", commas(x));
            }
            4 if v >= 12 => {
                let x = sig2(v * 9 / 10, -1);
                if x < v {
                    return format!("{} {}", rng.pick(&["more than", "over", "upwards of"]), commas(x));
                }
            }
            5 if v >= 10 => {
                let x = sig2(v, -1);
                return format!("at least {}", commas(x));
            }
            6 if v >= 100 => {
                let x = sig2(v, 1);
                if x > v && x * 9 <= v * 10 {
                    return format!("{} {}", rng.pick(&["nearly", "almost"]), commas(x));
                }
            }
            7 if v >= 20 => {
                let x = sig2(v, 1);
                if x >= v {
                    return format!("{} {}", rng.pick(&["up to", "as many as"]), commas(x));
                }
            }
            8 if v >= 30 => {
                let (a, b) = (sig2(v * 9 / 10, -1), sig2(v * 11 / 10, 1));
                if a <= v && v <= b && a < b {
                    return format!("between {} and {}", commas(a), commas(b));
                }
            }
            9 => {
                let vague = [
                    (24, 99, "dozens of"),
                    (200, 999, "hundreds of"),
                    (2000, 9999, "thousands of"),
                    (20_000, 99_999, "tens of thousands of"),
                    (200_000, 999_999, "hundreds of thousands of"),
                ];
                if let Some((_, _, w)) = vague.iter().find(|(lo, hi, _)| (*lo..=*hi).contains(&v)) {
                    return w.to_string();
                }
            }
            10 if v == 12 => return "a dozen".into(),
            _ => {}
        }
    }
}

/// A phrase for a death toll that reads well after "risen to" or "stood at".
fn toll_phrase(rng: &mut Rng, v: u64) -> String {
    loop {
        let p = count_phrase(rng, v);
        let awkward =
            ["up to", "as many as", "between", "a dozen"].iter().any(|w| p.starts_with(w)) || p.ends_with(" of");
        if !awkward {
            return p;
        }
    }
}

/// A weak lower bound, compatible with every value of at least `min`.
fn weak_phrase(min: u64) -> String {
    format!("more than {}", commas(sig2(min * 6 / 10, -1).max(1)))
}

/// "3rd", "11th", "22nd".
fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn cap(s: &str) -> String {
    if let Some(rest) = s.strip_prefix(MARK_OPEN) {
        return format!("{MARK_OPEN}{}", cap(rest));
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// FNV-1a: a stable hash for values fixed per subject.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// A year before the archive starts, and even: two past events of one kind are
/// either in the same year or at least a year apart (the checker compares event
/// dates a few days apart, and the end of one year is a day from the next).
fn past_year(h: u64) -> i32 {
    1900 + 2 * (h % 34) as i32
}

// ---------------------------------------------------------------------------
// Names

const SYL: [&str; 32] = [
    "kol", "tai", "var", "nes", "dre", "vno", "ost", "rav", "mir", "len", "bor", "zel", "tra", "kov", "ald", "ery",
    "usk", "pel", "dar", "vin", "sko", "hal", "den", "rik", "mor", "tev", "lan", "cio", "bel", "gro", "sta", "fen",
];

/// A name made of syllables that encodes `n` (distinct `n` give distinct names).
fn coded_name(mut n: u64, min_syl: usize) -> String {
    let mut parts = Vec::new();
    loop {
        parts.push(SYL[(n % 32) as usize]);
        n /= 32;
        if n == 0 && parts.len() >= min_syl {
            break;
        }
    }
    cap(&parts.concat())
}

fn random_name(rng: &mut Rng) -> String {
    let n = rng.range(2, 3) as usize;
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(SYL[rng.below(SYL.len() as u64) as usize]);
    }
    cap(&s)
}

const FIRST: [&str; 24] = [
    "Mira", "Tobias", "Teodor", "Darnell", "Anika", "Jonas", "Lucia", "Piotr", "Hannah", "Omar", "Elena", "Samuel",
    "Ines", "Viktor", "Grace", "Rafael", "Noor", "Stefan", "Clara", "Tomas", "Amara", "Felix", "Leila", "Marek",
];
const SURNAME_END: [&str; 8] = ["ane", "ova", "sen", "er", "ski", "ard", "ley", "ini"];

/// A surname unique to `n`.
fn surname(n: u64) -> String {
    let base = coded_name(n / 8, 2);
    format!("{base}{}", SURNAME_END[(n % 8) as usize])
}

const OUTLETS: [&str; 12] = [
    "Harbour Gazette",
    "Meridian Wire",
    "Northern Courier",
    "Evening Ledger",
    "Daily Sentinel",
    "Coastal Post",
    "Valley Herald",
    "Metro Observer",
    "Continental Press",
    "Morning Dispatch",
    "Riverside Times",
    "Capital Review",
];

// ---------------------------------------------------------------------------
// Documents

/// One document as generated.
struct Doc {
    date: NaiveDate,
    source: &'static str,
    text: String,
}

/// A planted claim: the document index, the claim text and its byte span in the file.
struct PlantedClaim {
    doc: usize,
    text: String,
    start: usize,
    end: usize,
}

/// A planted contradiction.
struct Planted {
    kind: &'static str,
    subject: String,
    a: PlantedClaim,
    b: PlantedClaim,
}

/// Marks the planted figure in a paragraph until the document is finished.
const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

fn mark(s: &str) -> String {
    format!("{MARK_OPEN}{s}{MARK_CLOSE}")
}

/// Header of a document file in the seed format.
fn header(date: NaiveDate) -> String {
    format!(" date {date} ")
}

/// Joins paragraphs, removes the marks and returns the text with the marked span (byte
/// offsets in the file, header included).
fn finish(date: NaiveDate, paragraphs: &[String]) -> (String, Option<(String, usize, usize)>) {
    let raw = paragraphs.join("\n\n") + "\n";
    let offset = header(date).len();
    let mut text = String::with_capacity(raw.len());
    let mut span = None;
    let mut open = None;
    for ch in raw.chars() {
        match ch {
            MARK_OPEN => open = Some(text.len()),
            MARK_CLOSE => {
                if let Some(s) = open.take() {
                    span = Some((text[s..].to_string(), offset + s, offset + text.len()));
                }
            }
            _ => text.push(ch),
        }
    }
    (text, span)
}

// ---------------------------------------------------------------------------
// Scheduling

/// When each subject was last written about, to keep stories that share a subject far
/// apart in time.
#[derive(Default)]
struct Lanes {
    busy_until: HashMap<String, i64>,
}

/// Days added to a schema's window between two stories about the same subject.
const MARGIN_DAYS: i64 = 12;

impl Lanes {
    fn free(&self, key: &str, window: i64, day: i64) -> bool {
        self.busy_until.get(key).is_none_or(|&end| day > end + window + MARGIN_DAYS)
    }
    fn take(&mut self, key: &str, until: i64) {
        let e = self.busy_until.entry(key.to_string()).or_insert(until);
        *e = (*e).max(until);
    }
}

enum Size {
    Bytes(u64),
    Docs(usize),
}

/// The generated corpus.
struct Corpus {
    docs: Vec<Doc>,
    planted: Vec<Planted>,
    bytes: u64,
    stories: usize,
    disputes: usize,
    revisions: usize,
}

/// Context shared by the story writers.
struct Gen {
    rng: Rng,
    lanes: Lanes,
    docs: Vec<Doc>,
    planted: Vec<Planted>,
    bytes: u64,
    story: u64,
    disputes: usize,
    revisions: usize,
}

const EPOCH: (i32, u32, u32) = (1970, 1, 5);
/// Documents per day of the archive, at least.
const DOCS_PER_DAY: f64 = 2.5;
/// Days the archive may span: from the epoch to before 2100, so that every
/// year in it reads as a year (the date grammar takes years up to 2099).
const ARCHIVE_DAYS: f64 = 45_000.0;
/// Average size of a document, for spreading a corpus of a given size over the archive.
const AVERAGE_DOC_BYTES: f64 = 530.0;
/// The most documents one story writes (a disaster: up to two a day for a week), so
/// that with `--docs N` the last stories are single filler articles and the count is exact.
const MAX_STORY_DOCS: usize = 16;
/// How often a story carries a planted contradiction.
const PLANT_RATE: f64 = 0.12;

fn day_date(day: i64) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(EPOCH.0, EPOCH.1, EPOCH.2).unwrap_or_default();
    epoch + Duration::days(day)
}

fn weekday_name(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn apostrophe(rng: &mut Rng) -> &'static str {
    if rng.chance(0.5) {
        "’s"
    } else {
        "'s"
    }
}

impl Gen {
    fn push(&mut self, date: NaiveDate, paragraphs: &[String]) -> (usize, Option<(String, usize, usize)>) {
        let (text, span) = finish(date, paragraphs);
        self.bytes += (header(date).len() + text.len()) as u64;
        let source = *self.rng.pick(&OUTLETS);
        self.docs.push(Doc { date, source, text });
        (self.docs.len() - 1, span)
    }

    fn plant(
        &mut self,
        kind: &'static str,
        subject: String,
        a: (usize, Option<(String, usize, usize)>),
        b: (usize, Option<(String, usize, usize)>),
    ) {
        if let ((da, Some((ta, sa, ea))), (db, Some((tb, sb, eb)))) = (a, b) {
            self.planted.push(Planted {
                kind,
                subject,
                a: PlantedClaim { doc: da, text: ta, start: sa, end: ea },
                b: PlantedClaim { doc: db, text: tb, start: sb, end: eb },
            });
        }
    }

    fn filler_sentence(&mut self) -> String {
        let rng = &mut self.rng;
        let name = format!("{} {}", rng.pick(&FIRST), random_name(rng));
        match rng.below(8) {
            0 => format!("{name}, {}, has lived in the area since {}.", rng.range(24, 81), rng.range(1950, 1969)),
            1 => format!(
                "The road, Route {}, reopened at {}:{:02} p.m.",
                rng.range(2, 99),
                rng.range(1, 11),
                rng.range(0, 5) * 10
            ),
            2 => format!(
                "Local authorities set aside ${} million for repairs, about {} percent of this year’s budget.",
                rng.range(2, 90),
                rng.range(2, 30)
            ),
            3 => format!("The {}-page report was published in {}.", rng.range(40, 400), rng.range(1950, 1969)),
            4 => format!(
                "The nearest hospital is {} kilometres away, along Highway {}.",
                rng.range(8, 120),
                rng.range(1, 40)
            ),
            5 => format!(
                "A hotline, 0800 {} {}, has been set up for relatives.",
                rng.range(100, 999),
                rng.range(1000, 9999)
            ),
            6 => format!(
                "{name}, a {}-year-old teacher, said the town had changed little since the {}s.",
                rng.range(25, 70),
                rng.range(195, 196) * 10
            ),
            _ => format!("Officials plan to publish a fuller account within {} weeks.", rng.range(2, 8)),
        }
    }

    /// Adds one or two background sentences (no figures) from `pool`.
    fn context(&mut self, p: &mut Vec<String>, pool: &[&str]) {
        let n = self.rng.range(1, 2) as usize;
        let first = self.rng.below(pool.len() as u64) as usize;
        let sentences: Vec<&str> = (0..n).map(|i| pool[(first + i * 3) % pool.len()]).collect();
        p.insert(p.len().saturating_sub(1).max(1), sentences.join(" "));
    }

    /// An article with no comparable claim: business, sport, culture, weather.
    fn filler_doc(&mut self, day: i64) {
        let date = day_date(day);
        let rng = &mut self.rng;
        let company = format!(
            "{} {}",
            random_name(rng),
            rng.pick(&["Holdings", "Industries", "Logistics", "Textiles", "Foods", "Systems"])
        );
        let club = format!("{} {}", random_name(rng), rng.pick(&["United", "Rovers", "Athletic", "City"]));
        let rival = format!("{} {}", random_name(rng), rng.pick(&["Wanderers", "Albion", "Town", "Celtic"]));
        let person = format!("{} {}", rng.pick(&FIRST), random_name(rng));
        let mut p = Vec::new();
        match rng.below(4) {
            0 => {
                p.push(format!("{company} reported revenue of ${}.{} million for the third quarter, up {} percent from a year earlier, and said it would open a second warehouse on Route {}.", rng.range(12, 900), rng.range(1, 9), rng.range(2, 19), rng.range(2, 80)));
                p.push(format!("The company, founded in {} by {person}, employs {} staff and exports to {} countries. Its shares rose {}.{} percent in early trading.", rng.range(1920, 1969), commas(rng.range(120, 9000)), rng.range(3, 60), rng.range(1, 9), rng.range(1, 9)));
                p.push(format!("Chief executive {person}, {}, said margins had improved after the company cut its energy bill by a fifth.", rng.range(38, 66)));
            }
            1 => {
                p.push(format!(
                    "{club} beat {rival} {}-{} on {} in front of {} spectators, their {} win of the season.",
                    rng.range(2, 5),
                    rng.range(0, 1),
                    weekday_name(date),
                    commas(rng.range(3000, 60000)),
                    ordinal(rng.range(4, 19))
                ));
                p.push(format!("{person}, {}, scored twice in the {} and {} minutes. The club, founded in {}, is {} points clear at the top of the table.", rng.range(19, 34), ordinal(rng.range(10, 40)), ordinal(rng.range(50, 89)), rng.range(1880, 1960), rng.range(2, 12)));
            }
            2 => {
                p.push(format!("The {}-year-old novelist {person} will publish her {} book in the autumn, a {}-page history of the {} harbour.", rng.range(40, 85), ordinal(rng.range(3, 14)), rng.range(180, 700), random_name(rng)));
                p.push(format!(
                    "Tickets for the launch at the city library, which opens at {} a.m., cost ${}.",
                    rng.range(9, 11),
                    rng.range(5, 40)
                ));
            }
            _ => {
                p.push(format!(
                    "Temperatures reached {} degrees on {}, the warmest day since {}, forecasters said.",
                    rng.range(28, 41),
                    weekday_name(date),
                    rng.range(1930, 1969)
                ));
                p.push(format!("Rainfall this season has been {} percent below the average, and reservoirs hold about {} million cubic metres.", rng.range(5, 40), rng.range(20, 400)));
            }
        }
        if self.rng.chance(0.5) {
            let s = self.filler_sentence();
            p.push(s);
        }
        self.push(date, &p);
    }
}

// Background sentences without figures, by kind of story. They avoid every event
// word of the gazetteer except the story's own (no "strike", "vote", "march"…).
const TROOP_CONTEXT: [&str; 6] = [
    "The mission was set up to train local units and to protect supply routes across the region.",
    "Its mandate comes up for renewal every year, and the next review is due in the autumn.",
    "Diplomats said the talks on a new framework had made little progress so far.",
    "Opposition lawmakers have called for a public inquiry into the cost of the deployment.",
    "Officials in the capital declined to say whether the mission would be extended beyond its current term.",
    "The defence ministry said the contingent would rotate as planned, with fresh units arriving over the summer.",
];
const DISASTER_CONTEXT: [&str; 6] = [
    "Roads into the area were blocked by debris, and power was cut to thousands of homes overnight.",
    "Aid agencies said they were sending tents, blankets and water purification tablets.",
    "The regional governor declared a state of emergency and asked the national government for help.",
    "Schools in the district will stay closed until the end of the week.",
    "Hospitals in neighbouring towns cancelled routine operations to make room for the injured.",
    "Survivors described scenes of panic as people tried to reach their relatives.",
];
const ELECTION_CONTEXT: [&str; 5] = [
    "Campaigning focused on housing, public transport and the cost of the new harbour bridge.",
    "Both candidates had promised to cut waiting times at the city’s two hospitals.",
    "The new mayor is expected to be sworn in next month.",
    "Analysts said the result reflected frustration over rising rents in the older districts.",
    "The council itself remains split, with no party holding a majority.",
];
const PROTEST_CONTEXT: [&str; 5] = [
    "Shops along the route closed early, and several tram lines were suspended for the afternoon.",
    "The city council says the plan is needed to balance its budget.",
    "Union leaders said they would meet ministers later in the month.",
    "Counter-protesters were kept apart from the main crowd by a line of officers.",
    "Opposition councillors have asked for the plan to be put on hold.",
];

// ---------------------------------------------------------------------------
// Troop deployments

/// An actor that sends troops: how text names it (demonym, metonym) and its canonical key.
struct Actor {
    key: &'static str,
    demonym: &'static str,
    capital: &'static str,
}

const ACTORS: [Actor; 16] = [
    Actor { key: "United States", demonym: "US", capital: "Washington" },
    Actor { key: "United Kingdom", demonym: "British", capital: "London" },
    Actor { key: "Germany", demonym: "German", capital: "Berlin" },
    Actor { key: "Italy", demonym: "Italian", capital: "Rome" },
    Actor { key: "Canada", demonym: "Canadian", capital: "Ottawa" },
    Actor { key: "Australia", demonym: "Australian", capital: "Canberra" },
    Actor { key: "Spain", demonym: "Spanish", capital: "Madrid" },
    Actor { key: "Poland", demonym: "Polish", capital: "Warsaw" },
    Actor { key: "Russia", demonym: "Russian", capital: "Moscow" },
    Actor { key: "Japan", demonym: "Japanese", capital: "Tokyo" },
    Actor { key: "Denmark", demonym: "Danish", capital: "Copenhagen" },
    Actor { key: "Sweden", demonym: "Swedish", capital: "Stockholm" },
    Actor { key: "Kenya", demonym: "Kenyan", capital: "Nairobi" },
    Actor { key: "Nigeria", demonym: "Nigerian", capital: "Abuja" },
    Actor { key: "Pakistan", demonym: "Pakistani", capital: "Islamabad" },
    Actor { key: "Egypt", demonym: "Egyptian", capital: "Cairo" },
];

const PLACES: [&str; 40] = [
    "Iraq",
    "Syria",
    "Kuwait",
    "Jordan",
    "Qatar",
    "Mali",
    "Niger",
    "Chad",
    "Somalia",
    "Djibouti",
    "Lebanon",
    "Estonia",
    "Latvia",
    "Lithuania",
    "Romania",
    "Kosovo",
    "Cyprus",
    "Libya",
    "Sudan",
    "Yemen",
    "Afghanistan",
    "Uganda",
    "Rwanda",
    "Senegal",
    "Ghana",
    "Ethiopia",
    "Bahrain",
    "Oman",
    "Norway",
    "Bulgaria",
    "Hungary",
    "Slovakia",
    "Moldova",
    "Georgia",
    "Armenia",
    "Mozambique",
    "Zambia",
    "Botswana",
    "Namibia",
    "Gabon",
];

/// Neighbouring place for the "also keeps troops in neighbouring X" trap.
fn neighbour(place: &str) -> &'static str {
    let i = PLACES.iter().position(|p| *p == place).unwrap_or(0);
    PLACES[(i + 1) % PLACES.len()]
}

impl Gen {
    /// A deployment story: 2–5 articles over up to 5 days. Returns false if no subject was free.
    fn troop_story(&mut self, day: i64) -> bool {
        // Find an actor and place whose lanes are free.
        let mut choice = None;
        for _ in 0..24 {
            let a = self.rng.below(ACTORS.len() as u64) as usize;
            let p = *self.rng.pick(&PLACES);
            if ACTORS[a].key == "United States" && p == "Oman" {
                continue;
            }
            let n = neighbour(p);
            let keys = [
                format!("troop:{}:{p}", ACTORS[a].key),
                format!("troop:{}:{n}", ACTORS[a].key),
                format!("troop:coalition:{p}"),
            ];
            if keys.iter().all(|k| self.lanes.free(k, 7, day)) {
                choice = Some((a, p, n, keys));
                break;
            }
        }
        let Some((a, place, next, keys)) = choice else { return false };
        let actor = &ACTORS[a];
        let ndocs = self.rng.range(2, 5);
        let span = self.rng.range(ndocs - 1, 5) as i64;
        for k in &keys {
            self.lanes.take(k, day + span + 1);
        }
        let v = sig2(self.rng.range(300, 30000), 0);
        let coalition = sig2(self.rng.range(100, v.max(200)), 0);
        let nv = sig2(self.rng.range(100, 2000), 0);
        // Every story about this actor and place gives the same peak: a fixed past
        // (before the archive starts), so peaks of different stories never disagree.
        let lane = fnv(&format!("{}:{place}", actor.key));
        let (peak_year, peak) = (past_year(lane), sig2(20_000 + lane % 180_000, 0));
        let plant = self.rng.chance(PLANT_RATE);
        // Planted: docs 0 and 1 (a day apart) give v and a value far from it.
        let wrong = if self.rng.chance(0.5) { sig2(v * 3, 0) } else { sig2(v / 3, 0).max(50) };
        let base = format!(
            "{} {}",
            actor.demonym,
            self.rng.pick(&["troops", "soldiers", "service members", "military personnel"])
        );
        let mut out = Vec::new();
        for i in 0..ndocs {
            let d = if i == 0 {
                0
            } else if i == 1 {
                1.min(span)
            } else {
                self.rng.range(1, span as u64) as i64
            };
            let date = day_date(day + d);
            let rng = &mut self.rng;
            let official = format!("{} {}", rng.pick(&FIRST), random_name(rng));
            let mut p = Vec::new();
            let figure = if plant && i == 0 {
                mark(&format!("approximately {}", commas(v)))
            } else if plant && i == 1 {
                mark(&commas(wrong))
            } else if plant {
                weak_phrase(v.min(wrong))
            } else {
                count_phrase(rng, v)
            };
            let lead = match rng.below(5) {
                0 => format!("{} has no plans to reduce the {figure} {base} stationed in {place}, a defence official said, despite growing pressure from lawmakers at home.", actor.capital),
                1 => format!("{} {base} remain in {place}, the defence ministry in {} said, as talks on the future of the mission continued.", cap(&figure), actor.capital),
                2 => format!("The government in {place} has asked for a timetable for the departure of the {figure} {base} deployed in {place}, officials said."),
                3 => format!("Officials said {figure} {base} are now based in {place}, most of them at two airfields in the north of the country."),
                _ => format!("{} {base} are serving in {place} under a bilateral agreement, according to a statement from the mission.", cap(&figure)),
            };
            p.push(lead);
            let mut second = Vec::new();
            if rng.chance(0.4) && !plant {
                second.push(format!("{} {base} and {} additional coalition troops are in {place}, according to figures released by the mission.", cap(&count_phrase(rng, v)), count_phrase(rng, coalition)));
            } else if rng.chance(0.4) {
                second.push(format!(
                    "About {} soldiers from other coalition nations are also in {place}, the official said.",
                    commas(sig2(coalition, 0))
                ));
            }
            if rng.chance(0.35) {
                second.push(format!(
                    "{} also keeps {} troops in neighbouring {next}.",
                    actor.capital,
                    count_phrase(rng, nv)
                ));
            }
            if rng.chance(0.4) {
                second.push(format!(
                    "At its peak in {peak_year}, the {} military presence in {place} included {} soldiers.",
                    actor.demonym,
                    commas(peak)
                ));
            }
            if !second.is_empty() {
                p.push(second.join(" "));
            }
            p.push(format!("{official}, a {}-year-old former officer, said the mission’s main base lies off Route {}, about {} kilometres from the border.", rng.range(35, 70), rng.range(2, 60), rng.range(10, 90)));
            if self.rng.chance(0.5) {
                let s = self.filler_sentence();
                p.push(s);
            }
            self.context(&mut p, &TROOP_CONTEXT);
            out.push(self.push(date, &p));
        }
        if plant {
            let subject = format!("troop count ({}, {place})", actor.key);
            let b = out.remove(1);
            let a = out.remove(0);
            self.plant("troop_count", subject, a, b);
        }
        true
    }
}

// ---------------------------------------------------------------------------
// Disasters and attacks

/// A kind of event with casualties, and how articles describe it.
struct Disaster {
    event: &'static str,
    noun: &'static str,
    opener: &'static str,
    victims: &'static str,
    role: &'static str,
    displaced: bool,
}

const DISASTERS: [Disaster; 9] = [
    Disaster {
        event: "earthquake",
        noun: "earthquake",
        opener: "A magnitude {mag} earthquake struck the {town} area",
        victims: "people",
        role: "rescue workers",
        displaced: true,
    },
    Disaster {
        event: "flood",
        noun: "flood",
        opener: "A flood swept through low-lying districts of {town}",
        victims: "residents",
        role: "rescuers",
        displaced: true,
    },
    Disaster {
        event: "storm",
        noun: "storm",
        opener: "A powerful storm hit the coast near {town}",
        victims: "people",
        role: "rescue workers",
        displaced: true,
    },
    Disaster {
        event: "wildfire",
        noun: "wildfire",
        opener: "A wildfire tore through the hills above {town}",
        victims: "people",
        role: "firefighters",
        displaced: true,
    },
    Disaster {
        event: "fire",
        noun: "fire",
        opener: "A fire tore through the {company} plant in {town}",
        victims: "workers",
        role: "firefighters",
        displaced: false,
    },
    Disaster {
        event: "crash",
        noun: "derailment",
        opener: "A passenger train derailment near {town}",
        victims: "passengers",
        role: "paramedics",
        displaced: false,
    },
    Disaster {
        event: "landslide",
        noun: "landslide",
        opener: "A landslide buried part of the village of {town}",
        victims: "villagers",
        role: "rescuers",
        displaced: true,
    },
    Disaster {
        event: "attack",
        noun: "bombing",
        opener: "A bombing at a crowded market in {town}",
        victims: "people",
        role: "paramedics",
        displaced: false,
    },
    Disaster {
        event: "crush",
        noun: "crush",
        opener: "A crush at the gates of the {town} stadium",
        victims: "people",
        role: "paramedics",
        displaced: false,
    },
];

/// What a planted disaster story gets wrong.
#[derive(Clone, Copy, PartialEq)]
enum DisasterPlant {
    None,
    /// Two articles on the same day give disjoint death tolls.
    SameDayToll,
    /// Two articles a day apart date the event a day apart.
    Date,
    /// Two articles a day apart give disjoint numbers of responders.
    Responders,
}

impl Gen {
    fn disaster_story(&mut self, day: i64) -> bool {
        let start = self.rng.below(DISASTERS.len() as u64) as usize;
        let mut found = None;
        for k in 0..DISASTERS.len() {
            let d = &DISASTERS[(start + k) % DISASTERS.len()];
            let keys = [
                format!("cas:{}", d.event),
                format!("date:{}", d.event),
                format!("resp:{}", d.event),
                format!("disp:{}", d.event),
            ];
            let windows = [30, 3, 3, 30];
            if keys.iter().zip(windows).all(|(k, w)| self.lanes.free(k, w, day)) {
                found = Some(((start + k) % DISASTERS.len(), keys));
                break;
            }
        }
        let Some((which, keys)) = found else { return false };
        let dis = &DISASTERS[which];
        let days = self.rng.range(2, 6) as i64;
        for k in &keys {
            self.lanes.take(k, day + days + 1);
        }
        let plant = if self.rng.chance(PLANT_RATE * 1.5) {
            *self.rng.pick(&[DisasterPlant::SameDayToll, DisasterPlant::Date, DisasterPlant::Responders])
        } else {
            DisasterPlant::None
        };
        let town =
            format!("{}{}", random_name(&mut self.rng), self.rng.pick(&["", "", " Valley", "ford", "grad", " Bay"]));
        let company = format!(
            "{} {}",
            random_name(&mut self.rng),
            self.rng.pick(&["Polymers", "Chemicals", "Textiles", "Plastics"])
        );
        let mag = format!("{}.{}", self.rng.range(5, 7), self.rng.range(0, 9));
        let opener = dis.opener.replace("{town}", &town).replace("{company}", &company).replace("{mag}", &mag);
        // Truth per day: killed rises, injured rises, displaced rises.
        let mut killed = vec![self.rng.range(2, 60)];
        let mut injured = vec![self.rng.range(10, 400)];
        if plant != DisasterPlant::SameDayToll
            && ["fire", "crash", "storm"].contains(&dis.event)
            && self.rng.chance(0.3)
        {
            killed[0] = 0;
        }
        let big = ["flood", "storm"].contains(&dis.event) && self.rng.chance(0.3);
        let mut homeless =
            vec![sig2(if big { self.rng.range(150_000, 1_900_000) } else { self.rng.range(500, 20000) }, 0)];
        for i in 1..=days as usize {
            let k = killed[i - 1];
            killed.push(if self.rng.chance(0.6) { k + self.rng.range(1, k.max(4)) } else { k });
            let j = injured[i - 1];
            injured.push(j + self.rng.range(0, j / 4 + 1));
            let h = homeless[i - 1];
            homeless.push(sig2(h + self.rng.range(0, h / 3 + 1), 0));
        }
        let missing: Vec<u64> = {
            let m0 = self.rng.range(3, 40);
            (0..=days as u64).map(|d| m0.saturating_sub(d * 2).max(1)).collect()
        };
        let responders = sig2(self.rng.range(30, 600), 0);
        let past_toll = self.rng.range(20, 900);
        let event_day = day;
        // Documents: (day offset, index); several on some days.
        let mut offsets = Vec::new();
        for d in 0..=days {
            let n = if d == 0 || self.rng.chance(0.5) { self.rng.range(1, 2) } else { 1 };
            for _ in 0..n {
                offsets.push(d);
            }
        }
        // Pick the planted pair.
        let mut pair: Option<(usize, usize)> = None;
        match plant {
            DisasterPlant::SameDayToll => {
                if let Some(i) =
                    (0..offsets.len().saturating_sub(1)).find(|&i| offsets[i] == offsets[i + 1] && offsets[i] > 0)
                {
                    pair = Some((i, i + 1));
                } else if let Some(i) = (0..offsets.len().saturating_sub(1)).find(|&i| offsets[i] == offsets[i + 1]) {
                    pair = Some((i, i + 1));
                }
            }
            DisasterPlant::Date | DisasterPlant::Responders => {
                if let Some(i) = (0..offsets.len().saturating_sub(1)).find(|&i| offsets[i] + 1 == offsets[i + 1]) {
                    pair = Some((i, i + 1));
                }
            }
            DisasterPlant::None => {}
        }
        let plant = if pair.is_some() { plant } else { DisasterPlant::None };
        let date_event = day_date(event_day);
        let mut out = Vec::new();
        for (i, &off) in offsets.iter().enumerate() {
            let date = day_date(day + off);
            let role = pair
                .map(|(a, b)| {
                    if i == a {
                        1
                    } else if i == b {
                        2
                    } else {
                        0
                    }
                })
                .unwrap_or(0);
            let k = killed[off as usize];
            let rng = &mut self.rng;
            let ap = apostrophe(rng);
            let wd = weekday_name(date_event);
            // How this article dates the event (or doesn't).
            let dates_event = match plant {
                DisasterPlant::Date => role != 0,
                _ => rng.chance(0.8),
            };
            let wrong_day = plant == DisasterPlant::Date && role == 2;
            let when = if wrong_day {
                // The event a day later than it was: the next weekday name.
                weekday_name(date_event + Duration::days(1))
            } else {
                wd
            };
            let mut p = Vec::new();
            // Toll phrase.
            let toll = match (plant, role) {
                (DisasterPlant::SameDayToll, 1) => mark(&commas(k)),
                (DisasterPlant::SameDayToll, 2) => mark(&commas(k * 2 + 7)),
                (DisasterPlant::SameDayToll, _) if offsets[i] == offsets[pair.map(|p| p.0).unwrap_or(0)] => {
                    weak_phrase(k)
                }
                // "has risen to 81", "to at least 81", "to nearly 320": not "to up to 360".
                _ => toll_phrase(rng, k),
            };
            if off == 0 {
                let timing = if dates_event {
                    let w = if wrong_day { when } else { wd };
                    format!(" {}on {w}", rng.pick(&["early ", "late ", ""]))
                } else {
                    String::new()
                };
                let lead = if dates_event && role != 0 && plant == DisasterPlant::Date {
                    mark(&format!("on {w}", w = when))
                } else {
                    String::new()
                };
                if k == 0 {
                    let timing = if lead.is_empty() { timing } else { format!(" {lead}") };
                    p.push(format!("{opener}{timing}, but no one was killed, officials said."));
                } else if lead.is_empty() {
                    p.push(format!("{opener}{timing}, killing {toll} {}, officials said.", dis.victims));
                } else {
                    p.push(format!("{opener} {lead}, killing {toll} {}, officials said.", dis.victims));
                }
            } else {
                let date_ref = if dates_event {
                    let r = format!("{when}{ap}");
                    if plant == DisasterPlant::Date && role != 0 {
                        format!("{} {}", mark(&r), dis.noun)
                    } else {
                        format!("{r} {}", dis.noun)
                    }
                } else {
                    format!("the {}", dis.noun)
                };
                let date_ref = if dates_event { date_ref } else { date_ref.clone() };
                p.push(match if k == 0 { 3 } else if role != 0 || killed[0] == 0 { 0 } else { rng.below(3) } {
                    3 => format!("Officials said no one had been killed in {date_ref} in {town}."),
                    0 => format!("The death toll from {date_ref} in {town} has risen to {toll}, officials said, as rescuers searched the last damaged buildings."),
                    1 => format!("At least {} {} were known to have died in {date_ref} near {town}, and officials said the toll stood at {toll} by the evening.", commas(k.min(killed[0])), dis.victims),
                    _ => format!("Officials said {toll} {} had been killed in {date_ref} in {town}.", dis.victims),
                });
            }
            // Injured, missing, displaced.
            let mut second = Vec::new();
            let inj = injured[off as usize];
            second.push(format!(
                "{} {} were injured, the regional health department said.",
                cap(&count_phrase(rng, inj)),
                dis.victims
            ));
            if rng.chance(0.4) {
                let m = missing[off as usize];
                second.push(format!("{} people were still missing.", cap(&plain(rng, m))));
            }
            if dis.displaced && rng.chance(0.7) {
                let h = homeless[off as usize];
                second.push(match rng.below(3) {
                    0 => format!("{} people have been left homeless.", cap(&count_phrase(rng, h))),
                    1 => format!(
                        "The agency said {} people were now living in tents or public buildings.",
                        count_phrase(rng, h)
                    ),
                    _ => format!("{} residents were evacuated.", cap(&count_phrase(rng, h))),
                });
            }
            // The second number in the same sentence is missing (a trap), so reset.
            p.push(second.join(" "));
            let resp = match (plant, role) {
                (DisasterPlant::Responders, 1) => Some(mark(&commas(responders))),
                (DisasterPlant::Responders, 2) => Some(mark(&format!("more than {}", commas(responders * 2 + 20)))),
                (DisasterPlant::Responders, _) => None,
                _ if rng.chance(0.5) => Some(count_phrase(rng, responders)),
                _ => None,
            };
            if let Some(r) = resp {
                let chief = format!("{} {}", rng.pick(&FIRST), random_name(rng));
                p.push(format!(
                    "Emergency chief {chief} said {r} {} from {} stations had been sent to the scene.",
                    dis.role,
                    SMALL[rng.range(3, 9) as usize]
                ));
            }
            if rng.chance(0.35) {
                let year = past_year(fnv(&town));
                // Only "In 1998, an earthquake…" scopes the toll to 1998: the checker reads
                // "A 1998 earthquake … killed 300 people" as a current toll (reported).
                let article = if dis.noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                p.push(format!(
                    "In {year}, {article} {} in the same area killed {} people.",
                    dis.noun,
                    commas(past_toll)
                ));
            }
            p.push(self.filler_sentence());
            self.context(&mut p, &DISASTER_CONTEXT);
            out.push(self.push(date, &p));
        }
        if let Some((a, b)) = pair {
            let (kind, subject) = match plant {
                DisasterPlant::SameDayToll => ("casualties", format!("casualties ({}, killed)", dis.event)),
                DisasterPlant::Date => ("event_date", format!("event date ({})", dis.event)),
                _ => ("responders", format!("responders ({}, {})", dis.event, dis.role)),
            };
            let (pa, pb) = (out.swap_remove(b), out.swap_remove(a));
            self.plant(kind, subject, pb, pa);
        }
        self.revisions += 1;
        true
    }
}

// ---------------------------------------------------------------------------
// Elections

impl Gen {
    fn election_story(&mut self, day: i64) -> bool {
        let id = self.story;
        let (a_name, b_name) = (surname(id * 2), surname(id * 2 + 1));
        let a_full = format!("{} {a_name}", self.rng.pick(&FIRST));
        let b_full = format!("{} {b_name}", self.rng.pick(&FIRST));
        let city = format!("{}{}", random_name(&mut self.rng), self.rng.pick(&["", " Harbour", "ton", "burg"]));
        let with_turnout = self.lanes.free("turnout", 30, day);
        let dated = self.lanes.free("date:election", 3, day);
        let span = 8;
        self.lanes.take(&format!("vote:{a_name}"), day + span);
        self.lanes.take(&format!("vote:{b_name}"), day + span);
        if with_turnout {
            self.lanes.take("turnout", day + span);
        }
        if dated {
            self.lanes.take("date:election", day + span);
        }
        let va = self.rng.range(8000, 90000);
        let vb = self.rng.range(5000, va);
        let turnout = self.rng.range(30, 70);
        let certified = (va + self.rng.range(300, 3000), vb + self.rng.range(300, 3000));
        let final_turnout = turnout + self.rng.range(2, 5);
        let earlier_bid = (self.rng.range(4, 8) as i32, self.rng.range(1000, 7000));
        let plant_vote = self.rng.chance(PLANT_RATE);
        let plant_turnout = !plant_vote && with_turnout && self.rng.chance(PLANT_RATE);
        // Swap two digits of the winner's count: a typical typo.
        let swapped = {
            let s = va.to_string().into_bytes();
            let mut t = s.clone();
            t.swap(0, 1);
            let n: u64 = String::from_utf8(t).ok().and_then(|x| x.parse().ok()).unwrap_or(va * 2);
            if n.abs_diff(va) * 5 < va || t_eq(&s) {
                va * 2 + 1111
            } else {
                n
            }
        };
        let wrong_turnout = if turnout > 50 { turnout - 13 } else { turnout + 13 };
        let election_date = day_date(day);
        let offsets: Vec<i64> = vec![1, 2, 2, 7];
        let n = self.rng.range(2, 4) as usize;
        let mut out = Vec::new();
        for (i, &off) in offsets.iter().take(n).enumerate() {
            let date = day_date(day + off);
            let last_certified = i == 3;
            let rng = &mut self.rng;
            let ap = apostrophe(rng);
            let when = if dated {
                format!("{}{ap} election", weekday_name(election_date))
            } else {
                "the mayoral election".to_string()
            };
            let mut p = Vec::new();
            if last_certified {
                // Not "certified the results of Sunday's election on Tuesday": the checker
                // reads "election on Tuesday" as the date of the election (reported).
                p.push(format!("The city election board has certified the results of {when}, giving {a_full} {} votes and {b_full} {}.", commas(certified.0), commas(certified.1)));
                if with_turnout {
                    p.push(format!("Final turnout was {final_turnout} percent, the board said."));
                }
                self.revisions += 1;
            } else {
                let votes = if plant_vote && i == 0 {
                    mark(&commas(va))
                } else if plant_vote && i == 1 {
                    mark(&commas(swapped))
                } else if plant_vote {
                    weak_phrase(va.min(swapped))
                } else {
                    match rng.below(3) {
                        0 => commas(va),
                        1 => format!("nearly {}", commas(sig2(va, 1).max(va))),
                        _ => count_phrase(rng, va),
                    }
                };
                p.push(format!("{a_full} won the race for mayor of {city} in {when}, according to the city clerk’s provisional count."));
                p.push(format!("{a_name} received {votes} votes, against {} for the incumbent, {b_full}.", commas(vb)));
                if with_turnout {
                    let t = if plant_turnout && i == 0 {
                        mark(&format!("{turnout} percent"))
                    } else if plant_turnout && i == 1 {
                        mark(&format!("{wrong_turnout}%"))
                    } else if plant_turnout {
                        String::new()
                    } else if rng.chance(0.5) {
                        format!("{turnout} percent")
                    } else {
                        format!("{turnout}%")
                    };
                    if !t.is_empty() {
                        p.push(format!("Turnout was {t}, the clerk’s office said, crediting new polling stations in the harbour districts."));
                    }
                }
            }
            let rng = &mut self.rng;
            p.push(format!(
                "{b_name}, who had led the city since {}, first stood for the council in {} and lost by {} votes.",
                date.year() - rng.range(4, 12) as i32,
                date.year() - rng.range(13, 20) as i32,
                rng.range(40, 900)
            ));
            if rng.chance(0.5) {
                p.push(format!(
                    "Voters also approved Measure {} with {} percent in favour.",
                    rng.range(2, 19),
                    rng.range(51, 75)
                ));
            }
            if rng.chance(0.4) {
                p.push(format!(
                    "In {}, {a_name} received {} votes in an earlier bid for the council.",
                    election_date.year() - earlier_bid.0,
                    commas(earlier_bid.1)
                ));
            }
            self.context(&mut p, &ELECTION_CONTEXT);
            out.push(self.push(date, &p));
        }
        if n >= 2 && (plant_vote || plant_turnout) {
            let b = out.remove(1);
            let a = out.remove(0);
            if plant_vote {
                self.plant("vote_count", format!("vote count ({a_name})"), a, b);
            } else {
                self.plant("turnout", "turnout".into(), a, b);
            }
        }
        true
    }
}

fn t_eq(s: &[u8]) -> bool {
    s.len() < 2 || s[0] == s[1] || s[1] == b'0'
}

// ---------------------------------------------------------------------------
// Protests

impl Gen {
    fn protest_story(&mut self, day: i64) -> bool {
        let keys = ["crowd:protest", "arrests:protest", "date:protest", "crowd:protest (counter)"];
        if !keys.iter().all(|k| self.lanes.free(k, 3, day)) {
            return false;
        }
        let span = 4;
        for k in keys {
            self.lanes.take(k, day + span);
        }
        let city = format!("{}{}", random_name(&mut self.rng), self.rng.pick(&["", " City", "ham"]));
        let group = format!("{} {}", random_name(&mut self.rng), self.rng.pick(&["Coalition", "Alliance", "Movement"]));
        let cause = *self.rng.pick(&[
            "a planned {} percent rise in bus and tram fares",
            "plans to close {} schools",
            "a {} percent cut in pensions",
        ]);
        let cause = cause.replace("{}", &self.rng.range(8, 40).to_string());
        let police = sig2(self.rng.range(2000, 20000), 0);
        let organisers = sig2(police * self.rng.range(3, 6), 0);
        let revised = sig2(police * 3 / 2, 0);
        let arrests_police = self.rng.range(5, 30);
        let arrests_org = arrests_police * 3;
        // A planted story gets either the crowd (two police figures a day apart) or the
        // arrests wrong (two police counts a day apart), never both.
        let planted = self.rng.chance(PLANT_RATE);
        let plant_arrests = planted && self.rng.chance(0.5);
        let plant = planted && !plant_arrests;
        let dispute_arrests = !planted && self.rng.chance(0.5);
        let event = day_date(day);
        let offsets = if planted { [1i64, 2, 2, 3] } else { [1i64, 1, 2, 3] };
        let n = self.rng.range(2, 4) as usize;
        let mut out = Vec::new();
        let mut revised_yet = false;
        for (i, &off) in offsets.iter().take(n).enumerate() {
            let date = day_date(day + off);
            let rng = &mut self.rng;
            let ap = apostrophe(rng);
            let wd = weekday_name(event);
            let mut p = Vec::new();
            p.push(format!("A large crowd marched through central {city} on {wd} against {cause}, in the biggest protest the city has seen in years."));
            let estimate = if revised_yet { revised } else { police };
            if i == 2 && !revised_yet && !planted {
                p.push(format!("Police revised their estimate of the crowd at {wd}{ap} march to {}, and the organisers, the {group}, said {} people took part.", commas(revised), commas(organisers)));
                revised_yet = true;
                self.revisions += 1;
            } else if plant {
                // Both estimates from police; they differ the next day without a word of revision.
                let figure = match i {
                    0 => mark(&commas(police)),
                    1 => mark(&commas(organisers)),
                    _ => String::new(),
                };
                if !figure.is_empty() {
                    p.push(format!("Police put the turnout at {figure}."));
                }
            } else {
                if revised_yet {
                    p.push(format!("Police, who revised their first estimate, now put the turnout at {}. The organisers, the {group}, said {} people took part.", commas(estimate), commas(organisers)));
                } else {
                    p.push(format!(
                        "Police put the turnout at {}. The organisers, the {group}, said {} people took part.",
                        commas(estimate),
                        commas(organisers)
                    ));
                }
                self.disputes += 1;
            }
            let police_arrests = match i {
                0 if plant_arrests => mark(&plain(rng, arrests_police)),
                1 if plant_arrests => mark(&commas(arrests_police * 3 + 5)),
                _ if planted => weak_phrase(arrests_police),
                _ => plain(rng, arrests_police),
            };
            let mut third = format!("The march passed off largely peacefully, but police said {police_arrests} people were arrested after scuffles near the transport ministry on {} Street.", random_name(rng));
            if dispute_arrests && rng.chance(0.6) {
                third.push_str(&format!(
                    " Organisers said more than {} of their supporters had been detained at the protest.",
                    arrests_org
                ));
            }
            p.push(third);
            if rng.chance(0.5) {
                p.push(format!(
                    "A counter-demonstration drew between {} and {} people, police said.",
                    rng.range(100, 150),
                    rng.range(200, 260)
                ));
            }
            if rng.chance(0.5) {
                let pop = rng.range(3, 25) * 100_000;
                let pop = plain(rng, pop);
                p.push(format!(
                    "{city}, a city of {pop} people, last saw a protest of similar size in {}.",
                    past_year(fnv(&city))
                ));
            }
            if rng.chance(0.4) {
                p.push(format!(
                    "The group had already booked {} coaches to bring protesters from other towns.",
                    rng.range(20, 200)
                ));
            }
            self.context(&mut p, &PROTEST_CONTEXT);
            out.push(self.push(date, &p));
        }
        if planted && n >= 2 {
            let b = out.remove(1);
            let a = out.remove(0);
            if plant {
                self.plant("crowd_size", "crowd size (protest)".into(), a, b);
            } else {
                self.plant("arrests", "arrests (protest)".into(), a, b);
            }
        }
        true
    }
}

// ---------------------------------------------------------------------------
// The whole corpus

fn generate(seed: u64, size: Size) -> Corpus {
    generate_within(seed, size, ARCHIVE_DAYS)
}

/// [`generate`], the archive spanning `archive_days` days from the epoch.
fn generate_within(seed: u64, size: Size, archive_days: f64) -> Corpus {
    let mut g = Gen {
        rng: Rng(seed ^ 0x5EED_C0DE_2026),
        lanes: Lanes::default(),
        docs: Vec::new(),
        planted: Vec::new(),
        bytes: 0,
        story: 0,
        disputes: 0,
        revisions: 0,
    };
    let mut clock = 0.0f64;
    // Larger corpora are denser, not longer: they stay within the archive's
    // years. The pace is set again before each story from what is left (the
    // average document so far tells how many documents the bytes left make),
    // so the archive ends before its last day whatever the mix of stories.
    let pace = |g: &Gen, clock: f64| {
        let average = if g.docs.is_empty() { AVERAGE_DOC_BYTES } else { g.bytes as f64 / g.docs.len() as f64 };
        let docs_left = match size {
            Size::Bytes(b) => b.saturating_sub(g.bytes) as f64 / average,
            Size::Docs(n) => n.saturating_sub(g.docs.len()) as f64,
        };
        (docs_left / (archive_days - clock).max(1.0)).max(DOCS_PER_DAY)
    };
    let done = |g: &Gen| match size {
        Size::Bytes(b) => g.bytes >= b,
        Size::Docs(n) => g.docs.len() >= n,
    };
    let room = |g: &Gen| match size {
        Size::Bytes(_) => usize::MAX,
        Size::Docs(n) => n.saturating_sub(g.docs.len()),
    };
    while !done(&g) {
        let day = clock as i64;
        let per_day = pace(&g, clock);
        let before = g.docs.len();
        g.story += 1;
        let pick = g.rng.below(100);
        if room(&g) < MAX_STORY_DOCS {
            g.filler_doc(day);
        } else {
            let ok = match pick {
                0..=39 => g.disaster_story(day),
                40..=47 => g.protest_story(day),
                48..=62 => g.election_story(day),
                63..=87 => g.troop_story(day),
                _ => false,
            };
            if !ok {
                if pick < 88 && g.rng.chance(0.5) {
                    if !g.troop_story(day) {
                        g.filler_doc(day);
                    }
                } else {
                    g.filler_doc(day);
                }
            }
        }
        clock += (g.docs.len() - before) as f64 / per_day;
    }
    Corpus {
        bytes: g.bytes,
        stories: g.story as usize,
        docs: g.docs,
        planted: g.planted,
        disputes: g.disputes,
        revisions: g.revisions,
    }
}

/// Relative path of document `i`.
fn doc_path(i: usize, doc: &Doc) -> String {
    format!("{:04}/{}-{:07}.txt", i / 1000, doc.date, i)
}

fn write_dir(dir: &Path, corpus: &Corpus, seed: u64) -> Result<(), String> {
    let mut made = usize::MAX;
    for (i, doc) in corpus.docs.iter().enumerate() {
        if i / 1000 != made {
            made = i / 1000;
            let sub = dir.join(format!("{made:04}"));
            fs::create_dir_all(&sub).map_err(|e| format!("{}: {e}", sub.display()))?;
        }
        let path = dir.join(doc_path(i, doc));
        let mut content = header(doc.date);
        content.push_str(&doc.text);
        fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    write_manifest(&dir.join("manifest.json"), corpus, seed)
}

/// The manifest: counts and the planted contradictions, each claim with its
/// document's path in the folder (in the JSON Lines file, its `id` is that
/// path without `.txt`).
fn write_manifest(path: &Path, corpus: &Corpus, seed: u64) -> Result<(), String> {
    let claim = |c: &PlantedClaim| {
        let doc = &corpus.docs[c.doc];
        json!({"path": doc_path(c.doc, doc), "date": doc.date.to_string(), "text": c.text, "span": {"start": c.start, "end": c.end}})
    };
    let planted: Vec<_> = corpus
        .planted
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let gap = (corpus.docs[p.b.doc].date - corpus.docs[p.a.doc].date).num_days();
            json!({"id": format!("c{:05}", i + 1), "kind": p.kind, "subject": p.subject, "gap_days": gap, "a": claim(&p.a), "b": claim(&p.b)})
        })
        .collect();
    let first = corpus.docs.first().map(|d| d.date.to_string());
    let last = corpus.docs.iter().map(|d| d.date).max().map(|d| d.to_string());
    let manifest = json!({
        "generator": "gen-corpus",
        "version": 1,
        "seed": seed,
        "documents": corpus.docs.len(),
        "bytes": corpus.bytes,
        "stories": corpus.stories,
        "first_date": first,
        "last_date": last,
        "planted": planted,
        "expected": {
            "contradiction": corpus.planted.len(),
            "other_errors": 0,
            // Not exact counts of findings (one sentence may give several), but each
            // is at least one warning or info finding.
            "dispute_articles": corpus.disputes,
            "revision_steps": corpus.revisions,
        },
    });
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

fn write_jsonl(file: &Path, corpus: &Corpus) -> std::io::Result<()> {
    let mut out = BufWriter::new(fs::File::create(file)?);
    for (i, doc) in corpus.docs.iter().enumerate() {
        let id = doc_path(i, doc);
        let line = json!({"id": id.trim_end_matches(".txt"), "date": doc.date.to_string(), "source": doc.source, "text": doc.text});
        writeln!(out, "{line}")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dense_corpus_stays_within_the_archive_years() {
        // 2 MB over 300 days: many documents a day, so the subjects' lanes run
        // out and short filler articles take their place. The documents are
        // then shorter than the size the pace was first set from, which made
        // an archive paced once run past its end (at 1 GB, past 2099).
        let days = 300.0;
        let corpus = generate_within(1, Size::Bytes(2_000_000), days);
        let average = corpus.bytes as f64 / corpus.docs.len() as f64;
        assert!(average < AVERAGE_DOC_BYTES, "documents average {average:.0} bytes: the case is not dense");
        // A story runs on for up to 8 days after the day it starts (an election's).
        let end = day_date(days as i64 + 8);
        let last = corpus.docs.iter().map(|d| d.date).max().unwrap_or_default();
        assert!(last <= end, "the last document is dated {last}, after {end}");
    }
}

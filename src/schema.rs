//! Claim schemas: the YAML files under `claims/` to compiled [`Schema`]s.
//! In: a [`SchemaFiles`] set (the shipped files embedded in the binary, or a
//! folder). Out: a [`SchemaSet`], or every problem found as a diagnostic with
//! the file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use miette::{Diagnostic, NamedSource, SourceSpan};
use rayon::prelude::*;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::check::{Code, Severity};
use crate::gazetteer::{word_alternation, Gazetteer, GazetteerFile};
use crate::lexicon::Lexicon;
use crate::normalize::{date, number};
use crate::patterns::PatternRegex;
use crate::prefilter::Prefilter;

/// The shipped files under `claims/`, embedded at build time: (path, text).
pub const SHIPPED: &[(&str, &str)] = &[
    ("lexicon.yaml", include_str!("../claims/lexicon.yaml")),
    ("troop_count.yaml", include_str!("../claims/troop_count.yaml")),
    ("casualties.yaml", include_str!("../claims/casualties.yaml")),
    ("event_date.yaml", include_str!("../claims/event_date.yaml")),
    ("vote_count.yaml", include_str!("../claims/vote_count.yaml")),
    ("turnout.yaml", include_str!("../claims/turnout.yaml")),
    ("crowd_size.yaml", include_str!("../claims/crowd_size.yaml")),
    ("arrests.yaml", include_str!("../claims/arrests.yaml")),
    ("responders.yaml", include_str!("../claims/responders.yaml")),
    ("displaced_people.yaml", include_str!("../claims/displaced_people.yaml")),
    ("quantity.yaml", include_str!("../claims/quantity.yaml")),
    ("dated_event.yaml", include_str!("../claims/dated_event.yaml")),
    ("gazetteers/countries-actors.yaml", include_str!("../claims/gazetteers/countries-actors.yaml")),
    ("gazetteers/countries-places.yaml", include_str!("../claims/gazetteers/countries-places.yaml")),
    ("gazetteers/capitals-places.yaml", include_str!("../claims/gazetteers/capitals-places.yaml")),
    ("gazetteers/capitals-countries.yaml", include_str!("../claims/gazetteers/capitals-countries.yaml")),
    ("gazetteers/actors-news.yaml", include_str!("../claims/gazetteers/actors-news.yaml")),
    ("gazetteers/places-news.yaml", include_str!("../claims/gazetteers/places-news.yaml")),
    ("gazetteers/events.yaml", include_str!("../claims/gazetteers/events.yaml")),
    ("gazetteers/sources.yaml", include_str!("../claims/gazetteers/sources.yaml")),
];

/// Name of the lexicon file within a schema folder.
pub const LEXICON_FILE: &str = "lexicon.yaml";
/// Name of the gazetteer of attribution sources within a schema folder.
pub const SOURCES_FILE: &str = "gazetteers/sources.yaml";
/// Name of the builtin gazetteer of proper names, usable in `from:`.
pub const PROPER_NAMES: &str = "builtin:names";

/// One schema file: where it came from, its text, and its layer (0 = shipped,
/// then one layer per `--claims` folder, in order).
#[derive(Debug, Clone)]
pub struct SchemaFile {
    /// The name shown in messages (a path).
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Layer the file belongs to; a later layer overrides an earlier one.
    pub layer: usize,
}

/// A set of schema files: path relative to the schema folder → the files
/// with that path, one per layer, in layer order.
#[derive(Debug, Clone, Default)]
pub struct SchemaFiles {
    files: BTreeMap<String, Vec<SchemaFile>>,
}

impl SchemaFiles {
    /// The files shipped with claimcheck.
    pub fn shipped() -> Self {
        let files = SHIPPED
            .iter()
            .map(|(path, text)| {
                (
                    path.to_string(),
                    vec![SchemaFile { name: format!("claims/{path}"), text: text.to_string(), layer: 0 }],
                )
            })
            .collect();
        SchemaFiles { files }
    }

    /// Every `.yaml` file under `dir` (recursively).
    pub fn from_dir(dir: &Path) -> Result<Self, miette::Report> {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| SchemaError::plain(dir, format!("cannot read schema folder: {e}")))?;
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "yaml" && e != "yml") {
                continue;
            }
            let text = std::fs::read_to_string(path)
                .map_err(|e| SchemaError::plain(path, format!("cannot read schema file: {e}")))?;
            let rel = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
            files.insert(rel, vec![SchemaFile { name: path.display().to_string(), text, layer: 0 }]);
        }
        Ok(SchemaFiles { files })
    }

    /// The shipped files, then each folder in order: a file of a later folder
    /// replaces the file with the same relative path, and its schemas may
    /// override a kind of an earlier layer.
    pub fn layered(dirs: &[PathBuf]) -> Result<Self, miette::Report> {
        let mut all = Self::shipped();
        for (i, dir) in dirs.iter().enumerate() {
            for (rel, files) in Self::from_dir(dir)?.files {
                for mut file in files {
                    file.layer = i + 1;
                    all.files.entry(rel.clone()).or_default().push(file);
                }
            }
        }
        Ok(all)
    }

    /// Adds a file held in memory as a new top layer (for tools and fuzzing).
    pub fn with_file(mut self, rel: &str, name: &str, text: &str) -> Self {
        let layer = self.files.values().flatten().map(|f| f.layer).max().map_or(0, |l| l + 1);
        self.files.entry(rel.to_string()).or_default().push(SchemaFile {
            name: name.to_string(),
            text: text.to_string(),
            layer,
        });
        self
    }

    /// The file at `rel` of the latest layer that has one.
    fn get(&self, rel: &str) -> Option<(&str, &str)> {
        self.files.get(rel).and_then(|v| v.last()).map(|f| (f.name.as_str(), f.text.as_str()))
    }

    /// The text of the file shown as `name` (for diagnostics about it).
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.files.values().flatten().find(|f| f.name == name).map(|f| f.text.as_str())
    }

    /// Every file as (relative path, file), in path then layer order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &SchemaFile)> {
        self.files.iter().flat_map(|(rel, files)| files.iter().map(move |f| (rel, f)))
    }

    /// The schema files of every layer: every top-level `.yaml` file but the lexicon.
    fn schema_files(&self) -> impl Iterator<Item = &SchemaFile> {
        self.iter().filter(|(p, _)| !p.contains('/') && p.as_str() != LEXICON_FILE).map(|(_, f)| f)
    }
}

/// What kind of value a claim holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// A count of people or things.
    Count,
    /// A percentage.
    Percent,
    /// An amount of money ("$40 million"); `unit` names the currency.
    Money,
    /// The date of an event.
    Date,
}

/// How the time a claim is true at is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeRule {
    /// A figure true at a moment: an explicit year or period in the clause,
    /// else the publication date ("5,000 troops are in Iraq").
    #[default]
    Stock,
    /// A figure about an event: the event's date ("40 firefighters fought the blaze").
    Event,
    /// A running total from the event to the report ("the death toll rose to 112");
    /// a later report that differs is a revision.
    Cumulative,
}

/// Where a missing slot may be filled from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FillLevel {
    /// The sentence of the mention.
    Sentence,
    /// The paragraph of the mention.
    Paragraph,
    /// The whole document.
    Document,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    kind: Spanned<String>,
    description: String,
    value: ValueType,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    tolerance: Option<Spanned<String>>,
    window: Spanned<String>,
    #[serde(default)]
    scope: ScopeRule,
    #[serde(default)]
    disputes: bool,
    #[serde(default)]
    revision_markers: Vec<String>,
    #[serde(default)]
    slots: BTreeMap<String, RawSlot>,
    #[serde(default)]
    terms: BTreeMap<String, Vec<String>>,
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    examples: Vec<RawExample>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<Severity>>,
    #[serde(default = "default_true")]
    compare: bool,
    #[serde(default)]
    reject: Vec<Spanned<String>>,
}

fn default_fill() -> Vec<FillLevel> {
    vec![FillLevel::Sentence, FillLevel::Paragraph, FillLevel::Document]
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlot {
    #[serde(default)]
    from: Vec<Spanned<String>>,
    #[serde(default)]
    words: BTreeMap<String, Vec<String>>,
    #[serde(default = "default_fill")]
    fill: Vec<FillLevel>,
    #[serde(default = "default_true")]
    required: bool,
    #[serde(default)]
    prefer_after: Vec<String>,
    #[serde(default)]
    avoid_after: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    text: Spanned<String>,
    #[serde(default)]
    date: Option<String>,
    expect: Spanned<serde_json::Value>,
}

/// A slot of a claim's subject (actor, place, event…).
#[derive(Debug, Clone)]
pub struct Slot {
    /// Slot name, as used in `{name}` placeholders.
    pub name: String,
    /// Name of the pattern group that captures it (`slot_` and the name).
    pub group: String,
    /// The words that fill it.
    pub gazetteer: Arc<Gazetteer>,
    /// Where to look when the pattern did not capture it.
    pub fill: Vec<FillLevel>,
    /// Claims without this slot are not compared.
    pub required: bool,
    /// When filling, prefer words right after one of these ("in Iraq" for a place).
    pub prefer_after: Vec<String>,
    /// When filling, skip words right after one of these ("in Iraq" is not an actor).
    pub avoid_after: Vec<String>,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written in the YAML.
    pub source: String,
    /// The regex as compiled (placeholders expanded, ASCII word boundaries).
    regex_source: String,
    /// The compiled regex, with named groups `value`, `zero`, `date` and one
    /// per slot; compiled at load, or on first use when loading was deferred.
    compiled: OnceLock<Option<PatternRegex>>,
    /// The pattern with each placeholder shown in short, for `schema show`.
    pub expanded: String,
    /// Words one of which every match contains (lower-cased), for the
    /// prefilter; `None` when the pattern must run on every sentence.
    pub literals: Option<Vec<String>>,
}

impl Pattern {
    /// The compiled regex (compiled now if loading was deferred). `None` only
    /// if a deferred pattern fails to compile, which cannot happen for
    /// schemas that compiled before (see [`load_deferred`]).
    pub fn regex(&self) -> Option<&PatternRegex> {
        self.compiled.get_or_init(|| PatternRegex::new(&self.regex_source).ok()).as_ref()
    }

    /// Compiles the regex now, or says in one line why it does not compile.
    fn compile(&self) -> Result<(), String> {
        if self.compiled.get().is_none() {
            let _ = self.compiled.set(Some(PatternRegex::new(&self.regex_source)?));
        }
        Ok(())
    }
}

/// One example of a schema: a text and what it must (or must not) yield.
#[derive(Debug, Clone)]
pub struct Example {
    /// The example text.
    pub text: String,
    /// Publication date to resolve relative dates against.
    pub date: Option<chrono::NaiveDate>,
    /// `None` when the text must yield no claim; else the expected fields
    /// (`value`, slot names, `time`).
    pub expect: Option<BTreeMap<String, String>>,
    /// 1-based line of the example in its file.
    pub line: usize,
    /// Byte span of the example's text in its file.
    pub span: SourceSpan,
}

/// A compiled claim schema.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Kind of claim, e.g. `troop_count`.
    pub kind: String,
    /// One-line description.
    pub description: String,
    /// What the value is.
    pub value: ValueType,
    /// Unit of the value ("people", "USD"), for reports.
    pub unit: Option<String>,
    /// Severity per finding code, where this kind differs from the default.
    pub severity: BTreeMap<Code, Severity>,
    /// False for extract-only kinds: their claims are listed but never compared.
    pub compare: bool,
    /// A match whose text matches one of these is not a claim ("five weeks").
    pub reject: Vec<Regex>,
    /// Relative tolerance for "about" (0.1 = 10 %).
    pub tolerance: f64,
    /// How far apart in days two claims' times may be and still be compared.
    pub window_days: i64,
    /// How the time of a claim is found.
    pub scope: ScopeRule,
    /// Attributed figures from different sources are a dispute.
    pub disputes: bool,
    /// Words in a later report that mark its figure as a revision ("certified"), lower-cased.
    pub revision_markers: Vec<String>,
    /// Subject slots.
    pub slots: Vec<Slot>,
    /// Patterns, in priority order.
    pub patterns: Vec<Pattern>,
    /// Examples, run by `schema test` and `cargo test`.
    pub examples: Vec<Example>,
    /// File the schema came from.
    pub file: String,
}

/// Every schema of a run, with the lexicon and the source gazetteer.
#[derive(Debug, Clone)]
pub struct SchemaSet {
    /// The schemas, in file order.
    pub schemas: Vec<Schema>,
    /// The language lexicon.
    pub lexicon: Lexicon,
    /// Who figures may be attributed to.
    pub sources: Arc<Gazetteer>,
    /// Any proper name (for event anchors).
    pub names: Arc<Gazetteer>,
    /// Kinds that a later schema folder redefined.
    pub overrides: Vec<Override>,
    /// The date scanner, compiled once per run (on first use when loading was deferred).
    dates: OnceLock<date::DateScanner>,
    /// Which patterns of which schemas may match a sentence.
    pub prefilter: Prefilter,
}

impl SchemaSet {
    /// The date scanner.
    pub fn dates(&self) -> &date::DateScanner {
        self.dates.get_or_init(date::DateScanner::new)
    }
}

/// A kind redefined by a later schema folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The kind.
    pub kind: String,
    /// The file whose definition was replaced.
    pub replaced: String,
    /// The file that replaced it.
    pub by: String,
}

/// A problem in a YAML file of ours (a schema, the config, a baseline),
/// pointing at the offending YAML. `code` names the kind of file.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SchemaError {
    code: &'static str,
    message: String,
    source_code: Option<NamedSource<String>>,
    span: Option<SourceSpan>,
    label: String,
    help: Option<String>,
}

impl Diagnostic for SchemaError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source_code.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(miette::LabeledSpan::new_with_span(Some(self.label.clone()), span))))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
}

/// The diagnostic code of problems in schema files.
pub const SCHEMA_CODE: &str = "claimcheck::schema";

impl SchemaError {
    fn plain(path: &Path, message: String) -> Self {
        SchemaError {
            code: SCHEMA_CODE,
            message: format!("{}: {message}", path.display()),
            source_code: None,
            span: None,
            label: String::new(),
            help: None,
        }
    }

    /// A problem at `span` of the schema file `name` whose text is `text`.
    pub fn at(name: &str, text: &str, span: SourceSpan, message: String, label: &str, help: Option<String>) -> Self {
        SchemaError {
            code: SCHEMA_CODE,
            message,
            source_code: Some(NamedSource::new(name, text.to_string())),
            span: Some(span),
            label: label.to_string(),
            help,
        }
    }

    /// The same problem, reported under another diagnostic code (for files that are not schemas).
    pub fn with_code(self, code: &'static str) -> Self {
        SchemaError { code, ..self }
    }
}

/// The byte span of a spanned YAML value within its file.
pub(crate) fn span_of<T>(value: &Spanned<T>, len_hint: usize) -> SourceSpan {
    let span = value.referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize;
    let len = span.byte_len().map(|l| l as usize).filter(|l| *l > 0).unwrap_or(len_hint);
    SourceSpan::new(start.into(), len)
}

/// Loads and compiles every schema in `files`. All problems are returned, not just the first.
pub fn load(files: &SchemaFiles) -> Result<SchemaSet, Vec<miette::Report>> {
    load_with(files, false)
}

/// Loads the schemas as [`load`] does, but compiles each regex only when it is
/// first used (a run whose documents all come from the claim cache compiles
/// none). Problems found by compiling are then not reported: use it only for
/// schemas known to compile, such as those a cache entry was made with (the
/// cache key covers every schema file and the tool's version).
pub fn load_deferred(files: &SchemaFiles) -> Result<SchemaSet, Vec<miette::Report>> {
    load_with(files, true)
}

fn load_with(files: &SchemaFiles, deferred: bool) -> Result<SchemaSet, Vec<miette::Report>> {
    let mut errors: Vec<miette::Report> = Vec::new();
    let lexicon = match files.get(LEXICON_FILE) {
        Some((name, text)) => match parse_yaml::<Lexicon>(name, text) {
            Ok(l) => l,
            Err(e) => {
                errors.push(e);
                Lexicon::default()
            }
        },
        None => Lexicon::shipped(),
    };
    let mut loader = Loader { files, lexicon: &lexicon, cache: BTreeMap::new(), deferred };
    let sources = match loader.gazetteer_file(SOURCES_FILE) {
        Ok(Some(g)) => g,
        Ok(None) => Arc::new(Gazetteer::from_files(&[]).map_err(|e| vec![miette::miette!("{e}")])?),
        Err(e) => {
            errors.push(e);
            Arc::new(Gazetteer::from_files(&[]).map_err(|e| vec![miette::miette!("{e}")])?)
        }
    };
    let names = match Gazetteer::proper_names(&lexicon.not_names) {
        Ok(g) => Arc::new(g),
        Err(e) => return Err(vec![miette::miette!("internal: proper-name pattern: {e}")]),
    };
    let mut schemas: Vec<Schema> = Vec::new();
    let mut overrides: Vec<Override> = Vec::new();
    // kind → (file, layer, index in `schemas`)
    let mut kinds: BTreeMap<String, (String, usize, usize)> = BTreeMap::new();
    let mut ordered: Vec<&SchemaFile> = files.schema_files().collect();
    ordered.sort_by_key(|f| f.layer);
    for file in ordered {
        let (name, text, layer) = (&file.name, &file.text, file.layer);
        match loader.schema(name, text) {
            Ok((schema, kind_span)) => {
                if let Some((previous, previous_layer, index)) = kinds.get(&schema.kind).cloned() {
                    if previous_layer < layer {
                        overrides.push(Override { kind: schema.kind.clone(), replaced: previous, by: name.clone() });
                        kinds.insert(schema.kind.clone(), (name.clone(), layer, index));
                        schemas[index] = schema;
                        continue;
                    }
                    errors.push(
                        SchemaError::at(
                            name,
                            text,
                            kind_span,
                            format!("kind `{}` is defined twice", schema.kind),
                            "defined again here",
                            Some(format!("it is already defined in {previous}; rename one of them")),
                        )
                        .into(),
                    );
                    continue;
                }
                kinds.insert(schema.kind.clone(), (name.clone(), layer, schemas.len()));
                schemas.push(schema);
            }
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    if errors.is_empty() {
        let literals: Vec<Vec<Option<Vec<String>>>> =
            schemas.iter().map(|s| s.patterns.iter().map(|p| p.literals.clone()).collect()).collect();
        let prefilter = Prefilter::new(&literals);
        let dates = OnceLock::new();
        if !deferred {
            let _ = dates.set(date::DateScanner::new());
        }
        Ok(SchemaSet { schemas, lexicon, sources, names, overrides, dates, prefilter })
    } else {
        Err(errors)
    }
}

fn parse_yaml<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<T, miette::Report> {
    parse_yaml_as(name, text, SCHEMA_CODE)
}

/// Parses a YAML file of ours into `T`. An unknown key is reported at the key,
/// with the keys allowed there and a did-you-mean; other problems with the
/// file, line and column that serde-saphyr gives.
pub(crate) fn parse_yaml_as<T: for<'de> Deserialize<'de>>(
    name: &str,
    text: &str,
    code: &'static str,
) -> Result<T, miette::Report> {
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|e| {
        let message = e.to_string();
        match (unknown_field(&message), e.location()) {
            (Some((field, expected)), Some(location)) => {
                let span = location.span();
                let start = span.byte_offset().unwrap_or(0) as usize;
                let help = match suggest(&field, &expected) {
                    Some(s) => format!("did you mean `{s}`? the keys here are: {}", expected.join(", ")),
                    None => format!("the keys here are: {}", expected.join(", ")),
                };
                SchemaError::at(
                    name,
                    text,
                    SourceSpan::new(start.into(), field.len()),
                    format!("unknown key `{field}`"),
                    "not a key here",
                    Some(help),
                )
                .with_code(code)
                .into()
            }
            _ => serde_saphyr::miette::to_miette_report(&e, text, name),
        }
    })
}

/// The field and the expected keys of serde's "unknown field `x`, expected one of `a`, `b`" message.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = &message[message.find("unknown field `")? + "unknown field `".len()..];
    let field = rest[..rest.find('`')?].to_string();
    let expected = rest
        .split_once("expected ")
        .map(|(_, list)| {
            let list = list.split(" at line ").next().unwrap_or(list);
            list.trim_start_matches("one of ")
                .split(',')
                .map(|k| k.trim().trim_matches(|c: char| c == '`' || c == '.' || c.is_whitespace()).to_string())
                .map(|k| k.split_whitespace().next().unwrap_or("").to_string())
                .filter(|k| !k.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Some((field, expected))
}

struct Loader<'a> {
    files: &'a SchemaFiles,
    lexicon: &'a Lexicon,
    cache: BTreeMap<Vec<String>, Arc<Gazetteer>>,
    /// Compile regexes on first use instead of now.
    deferred: bool,
}

impl Loader<'_> {
    fn gazetteer_file(&mut self, rel: &str) -> Result<Option<Arc<Gazetteer>>, miette::Report> {
        let Some((name, text)) = self.files.get(rel) else {
            return Ok(None);
        };
        let file: GazetteerFile = parse_yaml(name, text)?;
        let gaz = Gazetteer::from_files(&[file]).map_err(|e| miette::miette!("{name}: {e}"))?;
        Ok(Some(Arc::new(gaz)))
    }

    fn gazetteer(
        &mut self,
        schema_name: &str,
        schema_text: &str,
        from: &[Spanned<String>],
    ) -> Result<Arc<Gazetteer>, Vec<miette::Report>> {
        let key: Vec<String> = from.iter().map(|f| f.value.clone()).collect();
        if let Some(g) = self.cache.get(&key) {
            return Ok(g.clone());
        }
        if key.len() == 1 && key[0] == PROPER_NAMES {
            let g =
                Arc::new(Gazetteer::proper_names(&self.lexicon.not_names).map_err(|e| vec![miette::miette!("{e}")])?);
            self.cache.insert(key, g.clone());
            return Ok(g);
        }
        let mut parsed = Vec::new();
        let mut errors = Vec::new();
        for f in from {
            match self.files.get(&f.value) {
                Some((name, text)) => match parse_yaml::<GazetteerFile>(name, text) {
                    Ok(file) => parsed.push(file),
                    Err(e) => errors.push(e),
                },
                None => errors.push(
                    SchemaError::at(
                        schema_name,
                        schema_text,
                        span_of(f, f.value.len()),
                        format!("gazetteer file `{}` not found", f.value),
                        "no such file in the schema folder",
                        Some(format!(
                            "paths are relative to the schema folder; use `{PROPER_NAMES}` for any proper name"
                        )),
                    )
                    .into(),
                ),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let g = Arc::new(Gazetteer::from_files(&parsed).map_err(|e| vec![miette::miette!("{e}")])?);
        self.cache.insert(key, g.clone());
        Ok(g)
    }

    fn schema(&mut self, name: &str, text: &str) -> Result<(Schema, SourceSpan), Vec<miette::Report>> {
        let raw: RawSchema = parse_yaml(name, text).map_err(|e| vec![e])?;
        let mut errors: Vec<miette::Report> = Vec::new();
        let err = |span: SourceSpan, message: String, label: &str, help: Option<String>| -> miette::Report {
            SchemaError::at(name, text, span, message, label, help).into()
        };
        let tolerance = match &raw.tolerance {
            None => 0.1,
            Some(t) => parse_tolerance(&t.value).unwrap_or_else(|| {
                errors.push(err(
                    span_of(t, t.value.len()),
                    format!("bad tolerance `{}`", t.value),
                    "not a tolerance",
                    Some("write a percentage such as `10%`, or a fraction such as `0.1`".into()),
                ));
                0.1
            }),
        };
        let window_days = parse_window(&raw.window.value).unwrap_or_else(|| {
            errors.push(err(
                span_of(&raw.window, raw.window.value.len()),
                format!("bad window `{}`", raw.window.value),
                "not a duration",
                Some("write a number of days, weeks or years: `7d`, `2w`, `1y`".into()),
            ));
            0
        });
        let mut slots = Vec::new();
        for (slot_name, raw_slot) in &raw.slots {
            let gazetteer = if !raw_slot.words.is_empty() {
                let file = GazetteerFile { entries: raw_slot.words.clone(), distinct_qualifiers: vec![] };
                match Gazetteer::from_files(&[file]) {
                    Ok(g) => Arc::new(g),
                    Err(e) => {
                        errors.push(miette::miette!("{name}: slot `{slot_name}`: {e}"));
                        continue;
                    }
                }
            } else {
                match self.gazetteer(name, text, &raw_slot.from) {
                    Ok(g) => g,
                    Err(mut e) => {
                        errors.append(&mut e);
                        continue;
                    }
                }
            };
            slots.push(Slot {
                name: slot_name.clone(),
                group: format!("slot_{slot_name}"),
                gazetteer,
                fill: raw_slot.fill.clone(),
                required: raw_slot.required,
                prefer_after: raw_slot.prefer_after.clone(),
                avoid_after: raw_slot.avoid_after.clone(),
            });
        }
        let mut patterns = Vec::new();
        for p in &raw.patterns {
            match self.expand_pattern(&raw, &slots, &p.value) {
                Ok(pattern) => patterns.push((p, pattern)),
                Err(problem) => {
                    let pspan = span_of(p, p.value.len());
                    // Where the pattern's text starts in the file (after any quote).
                    let content = text
                        .get(pspan.offset().min(text.len())..)
                        .and_then(|rest| rest.find(p.value.as_str()))
                        .map(|i| pspan.offset() + i);
                    let span = match (&problem.at, content) {
                        (Some(at), Some(start)) => SourceSpan::new((start + at.start).into(), at.len().max(1)),
                        _ => pspan,
                    };
                    errors.push(err(span, problem.message, &problem.label, problem.help));
                }
            }
        }
        // Reading each regex's syntax tree for the prefilter and compiling it
        // are most of loading: they run in parallel.
        let deferred = self.deferred;
        let failures: Vec<(SourceSpan, String)> = patterns
            .par_iter_mut()
            .filter_map(|(p, pattern)| {
                pattern.literals = crate::prefilter::required_literals(&pattern.regex_source);
                let compiled = if deferred { Ok(()) } else { pattern.compile() };
                compiled.err().map(|e| (span_of(p, p.value.len()), e))
            })
            .collect();
        for (span, reason) in failures {
            errors.push(err(span, "pattern is not a valid regex".into(), "this regex does not compile", Some(reason)));
        }
        let patterns: Vec<Pattern> = patterns.into_iter().map(|(_, pattern)| pattern).collect();
        let mut reject = Vec::new();
        for r in &raw.reject {
            match RegexBuilder::new(&crate::patterns::ascii_boundaries(&format!("(?i){}", r.value))).build() {
                Ok(regex) => reject.push(regex),
                Err(e) => errors.push(err(
                    span_of(r, r.value.len()),
                    "reject pattern is not a valid regex".into(),
                    "this regex does not compile",
                    Some(crate::patterns::last_error_line(&e.to_string())),
                )),
            }
        }
        let mut severity = BTreeMap::new();
        for (code, level) in &raw.severity {
            match Code::from_name(code) {
                Some(c) => {
                    severity.insert(c, level.value);
                }
                None => {
                    let known: Vec<String> = crate::check::CODES.iter().map(|d| d.code.as_str().to_string()).collect();
                    let help = match suggest(code, &known) {
                        Some(s) => format!("did you mean `{s}`? codes: {}", known.join(", ")),
                        None => format!("codes: {}", known.join(", ")),
                    };
                    let at = text.find(&format!("{code}:")).map(|i| SourceSpan::new(i.into(), code.len()));
                    errors.push(err(
                        at.unwrap_or_else(|| span_of(level, 1)),
                        format!("unknown finding code `{code}`"),
                        "not a finding code",
                        Some(help),
                    ));
                }
            }
        }
        let mut examples = Vec::new();
        for ex in &raw.examples {
            let line = ex.text.referenced.line() as usize;
            let date = match &ex.date {
                None => None,
                Some(d) => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                    Ok(d) => Some(d),
                    Err(_) => {
                        errors.push(err(
                            span_of(&ex.text, ex.text.value.len()),
                            format!("example date `{d}` is not YYYY-MM-DD"),
                            "this example",
                            None,
                        ));
                        None
                    }
                },
            };
            let expect = match &ex.expect.value {
                serde_json::Value::String(s) if s == "none" => None,
                serde_json::Value::Object(map) => Some(
                    map.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
                        .collect(),
                ),
                _ => {
                    errors.push(err(
                        span_of(&ex.expect, 4),
                        "`expect` must be `none` or a map".into(),
                        "expected `none` or `{ value: …, slot: … }`",
                        None,
                    ));
                    continue;
                }
            };
            examples.push(Example {
                text: ex.text.value.clone(),
                date,
                expect,
                line,
                span: span_of(&ex.text, ex.text.value.len()),
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let kind_span = span_of(&raw.kind, raw.kind.value.len());
        Ok((
            Schema {
                kind: raw.kind.value.clone(),
                description: raw.description.clone(),
                value: raw.value,
                unit: raw.unit.clone(),
                severity,
                compare: raw.compare,
                reject,
                tolerance,
                window_days,
                scope: raw.scope,
                disputes: raw.disputes,
                revision_markers: raw.revision_markers.iter().map(|w| w.to_lowercase()).collect(),
                slots,
                patterns,
                examples,
                file: name.to_string(),
            },
            kind_span,
        ))
    }

    /// Expands a pattern's placeholders into its regex source (compiled by
    /// the caller, or on first use), with the pattern shown in short (for `schema show`).
    fn expand_pattern(&self, raw: &RawSchema, slots: &[Slot], pattern: &str) -> Result<Pattern, PatternProblem> {
        syntax_check(pattern)?;
        let mut out = String::from("(?i)");
        let mut explained = String::new();
        let mut used: Vec<String> = Vec::new();
        let mut has_value = pattern.contains("(?P<zero>");
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let name = after.find('}').map(|c| &after[..c]).unwrap_or("");
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                // A regex repetition such as {0,3}: copy it as it is.
                out.push_str(&rest[..open + 1]);
                explained.push_str(&rest[..open + 1]);
                rest = after;
                continue;
            }
            out.push_str(&rest[..open]);
            explained.push_str(&rest[..open]);
            let first = !used.iter().any(|u| u == name);
            used.push(name.to_string());
            let group = |g: &str, body: &str| if first { format!("(?P<{g}>{body})") } else { format!("(?:{body})") };
            let value_placeholder = match raw.value {
                ValueType::Count => "count",
                ValueType::Percent => "percent",
                ValueType::Money => "money",
                ValueType::Date => "date",
            };
            let value_body = || match value_placeholder {
                "count" => number::count_pattern(self.lexicon),
                "percent" => PERCENT.to_string(),
                _ => MONEY.to_string(),
            };
            let (expansion, short) = match name {
                "count" | "percent" | "money" if name == value_placeholder => {
                    has_value = true;
                    (group("value", &value_body()), format!("<{name}>"))
                }
                // The earlier value of a change ("from about 5,000 to 2,500"): extracted, never compared.
                "earlier" if raw.value != ValueType::Date => {
                    (group("earlier", &value_body()), format!("<earlier {value_placeholder}>"))
                }
                "date" if raw.value == ValueType::Date => {
                    has_value = true;
                    (group("value", &date::date_pattern()), "<date>".to_string())
                }
                "date" => (group("date", &date::date_pattern()), "<date>".to_string()),
                "gap" => (GAP.to_string(), "<up to 12 words>".to_string()),
                _ => {
                    if let Some(slot) = slots.iter().find(|s| s.name == name) {
                        let size = match slot.gazetteer.len() {
                            0 => "any proper name".to_string(),
                            n => format!("{n} words"),
                        };
                        (group(&slot.group, slot.gazetteer.pattern()), format!("<{name}: {size}>"))
                    } else if let Some(words) = raw.terms.get(name) {
                        (word_alternation(words), format!("({})", words.join("|")))
                    } else {
                        // `{earlier}` is the earlier value of a change of count, percent
                        // or money; a date kind's value placeholder is `{date}` itself.
                        let known_here: &[&str] = match raw.value {
                            ValueType::Date => &["date", "gap"],
                            _ => &[value_placeholder, "earlier", "date", "gap"],
                        };
                        let known: Vec<String> = known_here
                            .iter()
                            .map(|s| s.to_string())
                            .chain(slots.iter().map(|s| s.name.clone()))
                            .chain(raw.terms.keys().cloned())
                            .collect();
                        let start = pattern.len() - rest.len() + open;
                        let mut help = match suggest(name, &known) {
                            Some(s) => format!("did you mean `{{{s}}}`? known here: {}", known.join(", ")),
                            None => format!("known here: {}", known.join(", ")),
                        };
                        if ["count", "percent", "money"].contains(&name) {
                            help = format!("`{{{name}}}` is for schemas with `value: {name}`; this one has `value: {value_placeholder}`");
                        }
                        if name == "earlier" {
                            help = "`{earlier}` is the earlier value of a change of count, percent or money; a date kind has none".to_string();
                        }
                        return Err(PatternProblem {
                            at: Some(start..start + name.len() + 2),
                            message: format!("unknown placeholder `{{{name}}}`"),
                            label: "not a slot, term or value placeholder".into(),
                            help: Some(help),
                        });
                    }
                }
            };
            out.push_str(&expansion);
            explained.push_str(&short);
            rest = &after[name.len() + 1..];
        }
        out.push_str(rest);
        explained.push_str(rest);
        if !has_value {
            let placeholder = match raw.value {
                ValueType::Count => "{count}",
                ValueType::Percent => "{percent}",
                ValueType::Money => "{money}",
                ValueType::Date => "{date}",
            };
            return Err(PatternProblem {
                at: None,
                message: "pattern has no value".into(),
                label: "no value placeholder in this pattern".into(),
                help: Some(format!(
                    "a pattern of this kind needs `{placeholder}` (or a `(?P<zero>…)` group for a stated zero)"
                )),
            });
        }
        let regex_source = crate::patterns::ascii_boundaries(&out);
        Ok(Pattern {
            source: pattern.to_string(),
            regex_source,
            compiled: OnceLock::new(),
            expanded: explained,
            literals: None,
        })
    }
}

/// Checks the regex syntax of a pattern as its author wrote it, with each
/// placeholder standing in as a same-length literal, so an error points at
/// the offending characters of the pattern itself.
fn syntax_check(pattern: &str) -> Result<(), PatternProblem> {
    let mut stand_in = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name = after.find('}').map(|c| &after[..c]).unwrap_or("");
        stand_in.push_str(&rest[..open]);
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            stand_in.push_str(&"x".repeat(name.len() + 2));
            rest = &after[name.len() + 1..];
        } else {
            stand_in.push('{');
            rest = after;
        }
    }
    stand_in.push_str(rest);
    let Err(e) = regex_syntax::ast::parse::Parser::new().parse(&stand_in) else { return Ok(()) };
    let span = e.span();
    Err(PatternProblem {
        at: Some(span.start.offset..span.end.offset.max(span.start.offset + 1)),
        message: "pattern is not a valid regex".into(),
        label: e.kind().to_string(),
        help: Some(
            "patterns are Rust regex syntax (https://docs.rs/regex); placeholders such as `{count}` are expanded first"
                .into(),
        ),
    })
}

struct PatternProblem {
    /// Byte range of the problem within the pattern's text.
    at: Option<std::ops::Range<usize>>,
    message: String,
    label: String,
    help: Option<String>,
}

/// A schema in words: its settings, slots with their sizes, and its patterns
/// with placeholders expanded in short.
pub fn describe(schema: &Schema) -> String {
    let mut out = format!("{} — {}\n  file: {}\n", schema.kind, schema.description, schema.file);
    out.push_str(&format!(
        "  value: {:?}{} · tolerance: {}% · window: {} days · scope: {:?}{}\n",
        schema.value,
        schema.unit.as_deref().map(|u| format!(" ({u})")).unwrap_or_default(),
        schema.tolerance * 100.0,
        schema.window_days,
        schema.scope,
        if schema.disputes { " · attributed estimates may be disputes" } else { "" }
    ));
    for slot in &schema.slots {
        let size = match slot.gazetteer.len() {
            0 => "any proper name".to_string(),
            n => format!("{n} words"),
        };
        out.push_str(&format!(
            "  slot {}: {size}; filled from {:?}{}\n",
            slot.name,
            slot.fill,
            if slot.required { "" } else { " (optional)" }
        ));
    }
    for (i, p) in schema.patterns.iter().enumerate() {
        out.push_str(&format!("  pattern {}: {}\n    expands to: {}\n", i + 1, p.source, p.expanded));
    }
    for (code, severity) in &schema.severity {
        out.push_str(&format!("  severity of {}: {:?}\n", code.as_str(), severity));
    }
    out.push_str(&format!("  examples: {}\n", schema.examples.len()));
    out
}

/// Regex source for a percentage ("41 percent", "54%", "43.6 per cent").
const PERCENT: &str = r"\b\d{1,3}(?:\.\d+)?(?:\s?%|\s(?:percent|per\s+cent)\b)";

/// Regex source for an amount of money ("$40 million", "€3bn", "2,000 dollars").
const MONEY: &str = r"(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|trillion|thousand|bn|mn|m|k)\b)?|\b\d[\d,]*(?:\.\d+)?(?:\s(?:million|billion|trillion|thousand))?\s(?:dollars|euros|pounds|yen|francs|rupees)\b)";

/// Regex source for up to twelve words inside one clause (no digits, no clause punctuation).
const GAP: &str = r"(?:[^\s\d.,;:!?“”][^\s.,;:!?“”]*\s+){0,12}?";

pub(crate) fn parse_tolerance(s: &str) -> Option<f64> {
    let s = s.trim();
    let v = if let Some(p) = s.strip_suffix('%') {
        p.trim().parse::<f64>().ok()? / 100.0
    } else {
        s.parse::<f64>().ok()?
    };
    (0.0..1.0).contains(&v).then_some(v)
}

fn parse_window(s: &str) -> Option<i64> {
    let s = s.trim();
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: i64 = digits.parse().ok()?;
    let days = match unit.trim() {
        "d" => 1,
        "w" => 7,
        "y" => 365,
        _ => return None,
    };
    n.checked_mul(days)
}

/// The known name closest to `name`, if one is close enough to be a typo.
pub fn suggest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_schemas_load() {
        let set = load(&SchemaFiles::shipped()).unwrap_or_else(|errs| {
            for e in errs {
                eprintln!("{e:?}");
            }
            panic!("shipped schemas do not load")
        });
        assert!(set.schemas.iter().any(|s| s.kind == "troop_count"));
        assert!(set.schemas.iter().any(|s| s.kind == "casualties"));
        assert!(set.schemas.iter().any(|s| s.kind == "event_date"));
    }

    #[test]
    fn every_file_under_claims_is_shipped() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("claims");
        let on_disk = SchemaFiles::from_dir(&dir).unwrap();
        let shipped = SchemaFiles::shipped();
        let disk: Vec<&String> = on_disk.files.keys().collect();
        let embedded: Vec<&String> = shipped.files.keys().collect();
        assert_eq!(disk, embedded, "add new files under claims/ to schema::SHIPPED");
    }

    #[test]
    fn windows_and_tolerances() {
        assert_eq!(parse_window("7d"), Some(7));
        assert_eq!(parse_window("2w"), Some(14));
        assert_eq!(parse_window("7"), None);
        assert_eq!(parse_tolerance("10%"), Some(0.1));
        assert_eq!(parse_tolerance("0.05"), Some(0.05));
        assert_eq!(parse_tolerance("150%"), None);
    }

    #[test]
    fn suggestions_catch_typos() {
        let known = vec!["actor".to_string(), "place".to_string(), "count".to_string()];
        assert_eq!(suggest("acter", &known), Some("actor"));
        assert_eq!(suggest("zzzzzz", &known), None);
    }
}

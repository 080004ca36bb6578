//! Configuration: `claimcheck.yaml` and the command line to the settings of a run.
//! In: the config file's text (found by searching upward from the working
//! directory, or named with `--config`) and the flags. Out: [`Settings`],
//! each value with where it came from, in layers: defaults, then the file,
//! then flags.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use miette::SourceSpan;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::check::{Code, Severity, CODES};
use crate::report::Format;
use crate::schema::{self, SchemaError};

/// Names of the config file, looked for in each folder from the working directory up.
pub const FILE_NAMES: &[&str] = &["claimcheck.yaml", ".claimcheck.yaml"];

/// Default path of the baseline file.
pub const DEFAULT_BASELINE: &str = "claimcheck-baseline.yaml";

/// Diagnostic code of problems in the config file.
const CONFIG_CODE: &str = "claimcheck::config";

/// The lowest severity that makes the run fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Every finding fails the run.
    Info,
    /// No finding fails the run.
    Never,
}

impl FailOn {
    /// The lowest failing severity, if any.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// What a code's findings become: a severity, or dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report for information.
    Info,
    /// Do not report.
    Off,
}

impl Level {
    /// The severity findings get at this level; `None` when they are dropped.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

/// The config file as written: every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    include: Option<Spanned<Vec<String>>>,
    exclude: Option<Spanned<Vec<String>>>,
    claims: Option<Spanned<Vec<String>>>,
    severity: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    fail_on: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
    baseline: Option<Spanned<String>>,
    tolerance: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    cache: Option<Spanned<bool>>,
    cache_dir: Option<Spanned<String>>,
    cache_max_bytes: Option<Spanned<u64>>,
    max_bytes: Option<Spanned<u64>>,
    ignore_files: Option<Spanned<bool>>,
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built in.
    Default,
    /// The config file, at this line.
    File {
        /// The file.
        path: PathBuf,
        /// Line of the key (1-based).
        line: usize,
    },
    /// A command-line flag.
    Flag(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File { path, line } => write!(f, "{}:{line}", path.display()),
            Origin::Flag(flag) => f.write_str(flag),
        }
    }
}

/// A setting and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn default(value: T) -> Self {
        Setting { value, origin: Origin::Default }
    }

    fn set(&mut self, value: T, origin: Origin) {
        *self = Setting { value, origin };
    }
}

/// What the command line says about the settings; `None` leaves the file's value.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--isolated`: no config file.
    pub isolated: bool,
    /// `--format`.
    pub format: Option<Format>,
    /// `--fail-on`.
    pub fail_on: Option<FailOn>,
    /// `--baseline FILE`.
    pub baseline: Option<PathBuf>,
    /// `--no-baseline`.
    pub no_baseline: bool,
    /// `--claims DIR`, added after the file's folders.
    pub claims: Vec<PathBuf>,
    /// `--exclude GLOB`, added to the file's.
    pub exclude: Vec<String>,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `--max-bytes`.
    pub max_bytes: Option<u64>,
    /// `--no-ignore`: do not read ignore files.
    pub no_ignore_files: bool,
}

/// The resolved settings of a run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file read, if any.
    pub file: Option<PathBuf>,
    /// Globs a walked file must match (empty: `.txt` and `.md`).
    pub include: Setting<Vec<String>>,
    /// Globs that leave walked files and folders out.
    pub exclude: Setting<Vec<String>>,
    /// Schema folders layered over the shipped schemas.
    pub claims: Setting<Vec<PathBuf>>,
    /// Severity per finding code, where it differs from the default.
    pub severity: Setting<BTreeMap<Code, Level>>,
    /// Lowest failing severity.
    pub fail_on: Setting<FailOn>,
    /// Output format when none is given (`None`: human on a terminal, else concise).
    pub format: Setting<Option<Format>>,
    /// Baseline file of accepted findings (read when it exists, unless named
    /// with `--baseline`, which requires it); `None`: no baseline.
    pub baseline: Setting<Option<PathBuf>>,
    /// Tolerance ("about") per kind, where it differs from the schema's (0.05 = 5 %).
    pub tolerance: Setting<BTreeMap<String, f64>>,
    /// Use the claim cache.
    pub cache: Setting<bool>,
    /// Folder of the claim cache.
    pub cache_dir: Setting<PathBuf>,
    /// Inputs larger than this (in bytes, together) are checked without the
    /// claim cache, whose file takes about 1.7 bytes for each.
    pub cache_max_bytes: Setting<u64>,
    /// Skip documents larger than this.
    pub max_bytes: Setting<u64>,
    /// Read `.gitignore`, `.ignore` and `.claimcheckignore` files.
    pub ignore_files: Setting<bool>,
    /// Where each kind's tolerance override is written (to report an unknown kind there).
    tolerance_spans: BTreeMap<String, SourceSpan>,
    /// The config file's text, for diagnostics.
    text: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            file: None,
            include: Setting::default(vec![]),
            exclude: Setting::default(vec![]),
            claims: Setting::default(vec![]),
            severity: Setting::default(BTreeMap::new()),
            fail_on: Setting::default(FailOn::Error),
            format: Setting::default(None),
            baseline: Setting::default(Some(PathBuf::from(DEFAULT_BASELINE))),
            tolerance: Setting::default(BTreeMap::new()),
            cache: Setting::default(true),
            cache_dir: Setting::default(PathBuf::from(crate::cache::DEFAULT_DIR)),
            cache_max_bytes: Setting::default(crate::cache::DEFAULT_MAX_INPUT_BYTES),
            max_bytes: Setting::default(crate::corpus::DEFAULT_MAX_BYTES),
            ignore_files: Setting::default(true),
            tolerance_spans: BTreeMap::new(),
            text: String::new(),
        }
    }
}

/// The config file for a run started in `cwd`: the first of [`FILE_NAMES`]
/// in `cwd` or a folder above it.
pub fn find(cwd: &Path) -> Option<PathBuf> {
    cwd.ancestors().flat_map(|dir| FILE_NAMES.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

/// Reads the config (unless `--isolated`) and applies the flags over it.
/// Paths in the file are relative to the file's folder.
pub fn resolve(cwd: &Path, flags: &Flags) -> miette::Result<Settings> {
    let mut settings = Settings::default();
    let file = if flags.isolated { None } else { flags.config.clone().or_else(|| find(cwd)) };
    if let Some(path) = file {
        // Shown relative to the working directory when it is inside it.
        let path = path.strip_prefix(cwd).map(Path::to_path_buf).unwrap_or(path);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| miette::miette!("cannot read config file {}: {e}", path.display()))?;
        settings = from_text(&path, &text)?;
    }
    apply_flags(&mut settings, flags);
    Ok(settings)
}

/// Settings from a config file's text (no flags). Every problem is reported
/// with the file, line and column.
pub fn from_text(path: &Path, text: &str) -> miette::Result<Settings> {
    let name = path.display().to_string();
    // An empty file (or only comments) is an empty config.
    let options: Options = if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        Options::default()
    } else {
        schema::parse_yaml_as(&name, text, CONFIG_CODE)?
    };
    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let relative = |p: &str| if base.as_os_str().is_empty() { PathBuf::from(p) } else { base.join(p) };
    let at = |line: usize| Origin::File { path: path.to_path_buf(), line };
    let error = |span: SourceSpan, message: String, label: &str, help: String| -> miette::Report {
        SchemaError::at(&name, text, span, message, label, Some(help)).with_code(CONFIG_CODE).into()
    };
    let mut s = Settings { file: Some(path.to_path_buf()), text: text.to_string(), ..Settings::default() };
    if let Some(v) = options.include {
        let line = line_of(&v);
        check_globs(&v, &error)?;
        s.include.set(v.value, at(line));
    }
    if let Some(v) = options.exclude {
        let line = line_of(&v);
        check_globs(&v, &error)?;
        s.exclude.set(v.value, at(line));
    }
    if let Some(v) = options.claims {
        let line = line_of(&v);
        s.claims.set(v.value.iter().map(|d| relative(d)).collect(), at(line));
    }
    if let Some(v) = options.severity {
        let line = line_of(&v);
        let mut levels = BTreeMap::new();
        let known: Vec<String> = CODES.iter().map(|d| d.code.as_str().to_string()).collect();
        for (code, level) in &v.value {
            let Some(c) = Code::from_name(code) else {
                let hint = schema::suggest(code, &known).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
                return Err(error(
                    key_span(text, &level.referenced, code),
                    format!("unknown finding code `{code}`"),
                    "not a finding code",
                    format!("{hint}the codes are: {}", known.join(", ")),
                ));
            };
            levels.insert(c, parse_choice::<Level>(level, &error, "a level")?);
        }
        s.severity.set(levels, at(line));
    }
    if let Some(v) = options.fail_on {
        let line = line_of(&v);
        s.fail_on.set(parse_choice::<FailOn>(&v, &error, "a severity")?, at(line));
    }
    if let Some(v) = options.format {
        let line = line_of(&v);
        s.format.set(Some(parse_choice::<Format>(&v, &error, "a format")?), at(line));
    }
    if let Some(v) = options.baseline {
        let line = line_of(&v);
        s.baseline.set(Some(relative(&v.value)), at(line));
    }
    if let Some(v) = options.tolerance {
        let line = line_of(&v);
        let mut tolerances = BTreeMap::new();
        for (kind, t) in &v.value {
            let Some(value) = schema::parse_tolerance(&t.value) else {
                return Err(error(
                    schema::span_of(t, t.value.len()),
                    format!("bad tolerance `{}`", t.value),
                    "not a tolerance",
                    "write a share below 100 %: `5%` or `0.05`".into(),
                ));
            };
            tolerances.insert(kind.clone(), value);
            s.tolerance_spans.insert(kind.clone(), key_span(text, &t.referenced, kind));
        }
        s.tolerance.set(tolerances, at(line));
    }
    if let Some(v) = options.cache {
        let line = line_of(&v);
        s.cache.set(v.value, at(line));
    }
    if let Some(v) = options.cache_dir {
        let line = line_of(&v);
        s.cache_dir.set(relative(&v.value), at(line));
    }
    if let Some(v) = options.cache_max_bytes {
        let line = line_of(&v);
        s.cache_max_bytes.set(v.value, at(line));
    }
    if let Some(v) = options.max_bytes {
        let line = line_of(&v);
        s.max_bytes.set(v.value, at(line));
    }
    if let Some(v) = options.ignore_files {
        let line = line_of(&v);
        s.ignore_files.set(v.value, at(line));
    }
    Ok(s)
}

/// Puts the flags over the file's settings.
fn apply_flags(s: &mut Settings, flags: &Flags) {
    if let Some(f) = flags.format {
        s.format.set(Some(f), Origin::Flag("--format"));
    }
    if let Some(f) = flags.fail_on {
        s.fail_on.set(f, Origin::Flag("--fail-on"));
    }
    if let Some(b) = &flags.baseline {
        s.baseline.set(Some(b.clone()), Origin::Flag("--baseline"));
    }
    if flags.no_baseline {
        s.baseline.set(None, Origin::Flag("--no-baseline"));
    }
    if !flags.claims.is_empty() {
        let mut dirs = s.claims.value.clone();
        dirs.extend(flags.claims.iter().cloned());
        s.claims.set(dirs, Origin::Flag("--claims"));
    }
    if !flags.exclude.is_empty() {
        let mut globs = s.exclude.value.clone();
        globs.extend(flags.exclude.iter().cloned());
        s.exclude.set(globs, Origin::Flag("--exclude"));
    }
    if flags.no_cache {
        s.cache.set(false, Origin::Flag("--no-cache"));
    }
    if let Some(m) = flags.max_bytes {
        s.max_bytes.set(m, Origin::Flag("--max-bytes"));
    }
    if flags.no_ignore_files {
        s.ignore_files.set(false, Origin::Flag("--no-ignore"));
    }
}

impl Settings {
    /// Checks the settings that name kinds against the loaded schemas.
    pub fn check_kinds(&self, kinds: &[String]) -> miette::Result<()> {
        for kind in self.tolerance.value.keys() {
            if kinds.contains(kind) {
                continue;
            }
            let hint = schema::suggest(kind, kinds).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
            let message = format!("unknown kind `{kind}` in `tolerance`");
            let help = format!("{hint}the kinds are: {}", kinds.join(", "));
            let name = self.file.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
            return Err(match self.tolerance_spans.get(kind) {
                Some(span) => SchemaError::at(&name, &self.text, *span, message, "not a kind", Some(help))
                    .with_code(CONFIG_CODE)
                    .into(),
                None => miette::miette!("{message}; {help}"),
            });
        }
        Ok(())
    }

    /// The settings as YAML that `claimcheck config` prints: every key, its
    /// value, and where the value came from as a comment.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        match &self.file {
            Some(p) => _ = writeln!(out, "# config file: {}", p.display()),
            None => out.push_str("# config file: none\n"),
        }
        let list = |v: &[String]| format!("[{}]", v.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "));
        let paths = |v: &[PathBuf]| list(&v.iter().map(|p| p.display().to_string()).collect::<Vec<_>>());
        let mut line = |key: &str, value: String, origin: &Origin| {
            let _ = writeln!(out, "{:<40} # {origin}", format!("{key}: {value}"));
        };
        line("include", list(&self.include.value), &self.include.origin);
        line("exclude", list(&self.exclude.value), &self.exclude.origin);
        line("claims", paths(&self.claims.value), &self.claims.origin);
        let severity: Vec<String> =
            self.severity.value.iter().map(|(c, l)| format!("{}: {}", c.as_str(), choice_name(*l))).collect();
        line("severity", format!("{{{}}}", severity.join(", ")), &self.severity.origin);
        line("fail-on", choice_name(self.fail_on.value), &self.fail_on.origin);
        let format = self.format.value.map(choice_name).unwrap_or_else(|| "null".into());
        line("format", format, &self.format.origin);
        let baseline = self.baseline.value.as_ref().map(|p| quote(&p.display().to_string()));
        line("baseline", baseline.unwrap_or_else(|| "null".into()), &self.baseline.origin);
        let tolerance: Vec<String> = self.tolerance.value.iter().map(|(k, v)| format!("{k}: {}%", v * 100.0)).collect();
        line("tolerance", format!("{{{}}}", tolerance.join(", ")), &self.tolerance.origin);
        line("cache", self.cache.value.to_string(), &self.cache.origin);
        line("cache-dir", quote(&self.cache_dir.value.display().to_string()), &self.cache_dir.origin);
        line("cache-max-bytes", self.cache_max_bytes.value.to_string(), &self.cache_max_bytes.origin);
        line("max-bytes", self.max_bytes.value.to_string(), &self.max_bytes.origin);
        line("ignore-files", self.ignore_files.value.to_string(), &self.ignore_files.origin);
        out
    }
}

/// A YAML double-quoted string (JSON strings are valid YAML).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// The name clap gives a value of a choice.
fn choice_name<T: ValueEnum>(v: T) -> String {
    v.to_possible_value().map(|p| p.get_name().to_string()).unwrap_or_default()
}

/// Line (1-based) of a value in its file.
fn line_of<T>(v: &Spanned<T>) -> usize {
    v.referenced.line() as usize
}

/// The span of `key` just before the value at `value` (a map key has no span
/// of its own; it is the last occurrence of the key before the value).
fn key_span(text: &str, value: &serde_saphyr::Location, key: &str) -> SourceSpan {
    let end = value.span().byte_offset().unwrap_or(0) as usize;
    let start = text.get(..end).and_then(|t| t.rfind(key)).unwrap_or(end);
    SourceSpan::new(start.into(), key.len())
}

/// Reads one of the names of a clap choice.
fn parse_choice<T: ValueEnum>(
    v: &Spanned<String>,
    error: &dyn Fn(SourceSpan, String, &str, String) -> miette::Report,
    what: &str,
) -> miette::Result<T> {
    T::from_str(&v.value, true).map_err(|_| {
        let names: Vec<String> = T::value_variants().iter().map(|c| choice_name(c.clone())).collect();
        let hint = schema::suggest(&v.value, &names).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
        error(
            schema::span_of(v, v.value.len()),
            format!("`{}` is not {what}", v.value),
            "not allowed here",
            format!("{hint}one of: {}", names.join(", ")),
        )
    })
}

/// Refuses a glob that does not compile, at the list.
fn check_globs(
    v: &Spanned<Vec<String>>,
    error: &dyn Fn(SourceSpan, String, &str, String) -> miette::Report,
) -> miette::Result<()> {
    for g in &v.value {
        if let Err(e) = globset::Glob::new(g) {
            return Err(error(
                schema::span_of(v, 1),
                format!("bad glob `{g}`: {}", e.kind()),
                "in this list",
                "globs are written like `**/*.txt` or `drafts/**`".into(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(text: &str) -> miette::Result<Settings> {
        from_text(Path::new("cfg/claimcheck.yaml"), text)
    }

    fn error_text(text: &str) -> String {
        let report = settings(text).unwrap_err();
        let mut out = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(80)
            .render_report(&mut out, report.as_ref())
            .unwrap();
        out
    }

    #[test]
    fn every_key_is_read_with_its_line() {
        let s = settings(
            "include: ['**/*.txt']\nexclude: [drafts/**]\nclaims: [mine]\nseverity: { revision: off, dispute: error }\n\
             fail-on: warning\nformat: json\nbaseline: base.yaml\ntolerance: { troop_count: 5% }\ncache: false\n\
             cache-dir: .c\nmax-bytes: 1000\nignore-files: false\ncache-max-bytes: 5000\n",
        )
        .unwrap();
        assert_eq!(s.include.value, ["**/*.txt"]);
        assert_eq!(s.exclude.value, ["drafts/**"]);
        assert_eq!(s.claims.value, [PathBuf::from("cfg/mine")], "relative to the file");
        assert_eq!(s.severity.value[&Code::Revision], Level::Off);
        assert_eq!(s.severity.value[&Code::Dispute], Level::Error);
        assert_eq!(s.fail_on.value, FailOn::Warning);
        assert_eq!(s.fail_on.origin, Origin::File { path: "cfg/claimcheck.yaml".into(), line: 5 });
        assert_eq!(s.format.value, Some(Format::Json));
        assert_eq!(s.baseline.value, Some(PathBuf::from("cfg/base.yaml")));
        assert_eq!(s.tolerance.value["troop_count"], 0.05);
        assert!(!s.cache.value);
        assert_eq!(s.cache_dir.value, PathBuf::from("cfg/.c"));
        assert_eq!(s.max_bytes.value, 1000);
        assert!(!s.ignore_files.value);
        assert_eq!(s.cache_max_bytes.value, 5000);
        assert_eq!(s.cache_max_bytes.origin, Origin::File { path: "cfg/claimcheck.yaml".into(), line: 13 });
    }

    #[test]
    fn flags_win_over_the_file_and_lists_extend() {
        let mut s = settings("fail-on: warning\nexclude: [a/**]\n").unwrap();
        let flags =
            Flags { fail_on: Some(FailOn::Never), exclude: vec!["b/**".into()], no_cache: true, ..Flags::default() };
        apply_flags(&mut s, &flags);
        assert_eq!(s.fail_on.value, FailOn::Never);
        assert_eq!(s.fail_on.origin, Origin::Flag("--fail-on"));
        assert_eq!(s.exclude.value, ["a/**", "b/**"]);
        assert!(!s.cache.value);
        assert!(s.describe().contains("fail-on: never"));
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let s = settings("# nothing yet\n").unwrap();
        assert_eq!(s.fail_on.value, FailOn::Error);
        assert!(s.cache.value);
    }

    #[test]
    fn unknown_keys_are_errors_at_the_key_with_a_suggestion() {
        let text = error_text("fail-on: error\nexlude: [a]\n");
        assert!(text.contains("claimcheck::config"), "{text}");
        assert!(text.contains("unknown key `exlude`"), "{text}");
        assert!(text.contains("did you mean `exclude`?"), "{text}");
        assert!(text.contains("claimcheck.yaml:2:1"), "{text}");
    }

    #[test]
    fn bad_values_point_at_the_value() {
        let text = error_text("format: sariff\n");
        assert!(text.contains("`sariff` is not a format"), "{text}");
        assert!(text.contains("claimcheck.yaml:1:9"), "{text}");
        let text = error_text("severity:\n  revison: off\n");
        assert!(text.contains("unknown finding code `revison`"), "{text}");
        assert!(text.contains("did you mean `revision`?"), "{text}");
        assert!(text.contains("claimcheck.yaml:2:3"), "{text}");
        let text = error_text("tolerance: { troop_count: 150% }\n");
        assert!(text.contains("bad tolerance `150%`"), "{text}");
        let text = error_text("exclude: ['a/{b']\n");
        assert!(text.contains("bad glob"), "{text}");
    }

    #[test]
    fn unknown_kinds_are_reported_once_schemas_are_known() {
        let s = settings("tolerance:\n  troop_cont: 5%\n").unwrap();
        let err = s.check_kinds(&["troop_count".into()]).unwrap_err();
        let mut out = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .render_report(&mut out, err.as_ref())
            .unwrap();
        assert!(out.contains("did you mean `troop_count`?"), "{out}");
        assert!(out.contains("claimcheck.yaml:2:3"), "{out}");
    }

    #[test]
    fn the_config_is_found_upward() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("claimcheck.yaml"), "").unwrap();
        assert_eq!(find(&dir.path().join("a/b")), Some(dir.path().join("claimcheck.yaml")));
    }
}

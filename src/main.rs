//! The `claimcheck` command line: parses arguments, runs the pipeline,
//! prints the report and maps the outcome to an exit code (0 clean,
//! 1 findings at or above the failing severity, 2 the run could not be done).

use std::collections::BTreeSet;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use claimcheck::baseline::Baseline;
use claimcheck::cache::Cache;
use claimcheck::check::{Code, CODES};
use claimcheck::config::{self, FailOn, Settings};
use claimcheck::corpus::Selection;
use claimcheck::report::{self, Format, Style};
use claimcheck::schema::{self, SchemaFiles, SchemaSet};
use claimcheck::{Analysis, Run};

/// Lints a corpus of news articles for quantitative claims that cannot all be true.
#[derive(Debug, Parser)]
#[command(name = "claimcheck", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check documents and report conflicting claims.
    Check(CheckArgs),
    /// Write a fact-check report for editors: `--html FILE` (one self-contained page with
    /// timelines) and/or `--markdown FILE`; takes every option of `check`.
    Report(CheckArgs),
    /// Print every claim found, without checking.
    Extract(ExtractArgs),
    /// Explain a finding code.
    Explain {
        /// The code, e.g. `contradiction`; without one, list the codes.
        code: Option<String>,
    },
    /// Work with claim schemas.
    #[command(subcommand)]
    Schema(SchemaCommand),
    /// Work with baselines of accepted findings.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Print the resolved configuration and where each value comes from.
    Config(ConfigArgs),
}

#[derive(Debug, Subcommand)]
enum SchemaCommand {
    /// Validate the schemas and report every problem with its file, line and column.
    Check(SchemaArgs),
    /// Run every schema's examples; each failure points at the example in its file.
    Test(SchemaArgs),
    /// Print a schema's resolved form: patterns after placeholder expansion, slots and their sizes.
    Show {
        /// The kind, e.g. `troop_count`.
        kind: String,
        #[command(flatten)]
        schemas: SchemaArgs,
    },
    /// Write the shipped schemas to DIR, as a starting point for your own.
    Dump {
        /// Folder to write to (created if needed).
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// Schema folders to load over the shipped schemas (a later folder overrides a kind of an earlier one).
    dirs: Vec<PathBuf>,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColourChoice {
    Auto,
    Always,
    Never,
}

/// Where a run's settings come from, and which files it reads.
#[derive(Debug, Args)]
struct InputArgs {
    /// Files and folders to read (folders are walked for .txt and .md files, respecting
    /// .gitignore, .ignore and .claimcheckignore); `-` reads one document from standard input.
    /// Default: the working directory.
    paths: Vec<PathBuf>,
    /// Schema folder to load over the shipped schemas; repeatable, a later folder overrides a kind of an earlier one.
    #[arg(long, value_name = "DIR")]
    claims: Vec<PathBuf>,
    /// Leave out walked files and folders matching this glob (repeatable; added to the config's `exclude`).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Do not read .gitignore, .ignore and .claimcheckignore files.
    #[arg(long)]
    no_ignore: bool,
    /// Skip (and report) documents larger than this many bytes [default: 67108864].
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<u64>,
    /// Read articles from a JSON Lines file, one object a line with `text`, `date`, `source`,
    /// `id` or `url` (repeatable); documents are named FILE#ID.
    #[arg(long, value_name = "FILE")]
    jsonl: Vec<PathBuf>,
    /// The path to show for the document read from standard input (`-`).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Read this config file instead of searching for claimcheck.yaml upward from the working directory.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    isolated: bool,
    /// Do not read or write the claim cache (.claimcheck-cache/).
    #[arg(long)]
    no_cache: bool,
    /// Number of threads [default: the number of cores].
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
}

impl InputArgs {
    /// True when a path given is `-`, standard input.
    fn reads_stdin(&self) -> bool {
        self.paths.iter().any(|p| is_stdin(p))
    }

    /// The paths to read: those given, or the working directory when neither
    /// a path nor a JSON Lines file is given.
    fn paths_or_here(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() && self.jsonl.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.paths.clone()
        }
    }
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format [default: human on a terminal, else concise; or the config's `format`].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write a SARIF 2.1.0 log to FILE.
    #[arg(long, value_name = "FILE")]
    sarif_output: Option<PathBuf>,
    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    json_output: Option<PathBuf>,
    /// Also write the fact-check report for editors as one self-contained HTML page.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Also write the fact-check report as Markdown (for a ticket or a pull-request comment).
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
    /// Check the PATHs (drafts) against this corpus (repeatable): the corpus is read too,
    /// but only findings that involve a draft are reported.
    #[arg(long, value_name = "PATH")]
    against: Vec<PathBuf>,
    /// Lowest severity that makes the run exit with 1 [default: error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Exit with 0 even when there are findings (2 still means the run could not be done).
    #[arg(long)]
    exit_zero: bool,
    /// Report only findings that this baseline file does not accept
    /// [default: the config's `baseline`, else claimcheck-baseline.yaml when it exists].
    #[arg(long, value_name = "FILE", conflicts_with = "no_baseline")]
    baseline: Option<PathBuf>,
    /// Read no baseline file.
    #[arg(long)]
    no_baseline: bool,
    /// Also list the findings that the baseline accepts, with the editor's note.
    #[arg(long)]
    show_baselined: bool,
    /// Print the number of findings by code and kind.
    #[arg(long)]
    statistics: bool,
    /// List the files that would be checked (and those that would be skipped), and stop.
    #[arg(long)]
    show_files: bool,
    /// Also list the claims that were not compared, and why.
    #[arg(short, long)]
    verbose: bool,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = ColourChoice::Auto)]
    color: ColourChoice,
}

#[derive(Debug, Args)]
struct ExtractArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format (`jsonl` or `json`).
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
}

#[derive(Debug, Subcommand)]
enum BaselineCommand {
    /// Record the current findings as accepted, keeping the reasons of entries already there.
    ///
    /// `claimcheck baseline write [FILE.yaml] [PATH…]`: a first argument ending in `.yaml` or `.yml` is the
    /// baseline file [default: the config's `baseline`, else claimcheck-baseline.yaml]; the others are the
    /// files and folders to check.
    Write {
        #[command(flatten)]
        input: InputArgs,
    },
}

#[derive(Debug, Args)]
struct ConfigArgs {
    /// Read this config file instead of searching for claimcheck.yaml upward from the working directory.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    isolated: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e:?}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> miette::Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check(args, false),
        Command::Report(args) => {
            if args.html.is_none() && args.markdown.is_none() {
                return Err(miette::miette!("say where to write the report: `--html FILE` and/or `--markdown FILE`"));
            }
            check(args, true)
        }
        Command::Extract(args) => {
            let settings = settings(&args.input, None)?;
            let mut prepared = Prepared::new(&args.input, &settings)?;
            let (analysis, _) = prepared.extract(&args.input, &settings, &[])?;
            prepared.save_cache();
            print(&report::render_extract(&analysis, args.format))?;
            report_skipped(&analysis.skipped);
            Ok(missing_exit(&analysis.skipped, &args.input.paths).unwrap_or(ExitCode::SUCCESS))
        }
        Command::Explain { code } => explain(code.as_deref()),
        Command::Schema(command) => schema_command(command),
        Command::Baseline(BaselineCommand::Write { input }) => baseline_write(input),
        Command::Config(args) => {
            let flags = config::Flags { config: args.config, isolated: args.isolated, ..config::Flags::default() };
            let cwd = std::env::current_dir().map_err(|e| miette::miette!("no working directory: {e}"))?;
            print(&config::resolve(&cwd, &flags)?.describe())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Resolves the settings from the config file and the flags.
fn settings(input: &InputArgs, check: Option<&CheckArgs>) -> miette::Result<Settings> {
    let flags = config::Flags {
        config: input.config.clone(),
        isolated: input.isolated,
        format: check.and_then(|c| c.format),
        fail_on: check.and_then(|c| c.fail_on),
        baseline: check.and_then(|c| c.baseline.clone()),
        no_baseline: check.is_some_and(|c| c.no_baseline),
        claims: input.claims.clone(),
        exclude: input.exclude.clone(),
        no_cache: input.no_cache,
        max_bytes: input.max_bytes,
        no_ignore_files: input.no_ignore,
    };
    let cwd = std::env::current_dir().map_err(|e| miette::miette!("no working directory: {e}"))?;
    config::resolve(&cwd, &flags)
}

/// Files to read, documents already read, paths that cannot be read.
type StreamedInputs = (Vec<PathBuf>, Vec<claimcheck::corpus::Document>, Vec<claimcheck::corpus::Skipped>);

/// True for the path `-`, which names standard input.
fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// True when `files` and the JSON Lines files given take more than `limit`
/// bytes together; it stops counting once they do.
fn inputs_exceed(files: &[PathBuf], input: &InputArgs, limit: u64) -> bool {
    let mut total: u64 = 0;
    files.iter().chain(&input.jsonl).any(|path| {
        total = total.saturating_add(std::fs::metadata(path).map_or(0, |m| m.len()));
        total > limit
    })
}

/// What a run needs before it reads documents: schemas, selection, cache,
/// and the files under the paths given (walked once).
struct Prepared {
    set: SchemaSet,
    selection: Selection,
    cache: Option<Cache>,
    /// The files found under the paths given (standard input aside), and the
    /// paths skipped; taken by the run that reads them.
    listed: (Vec<PathBuf>, Vec<claimcheck::corpus::Skipped>),
}

impl Prepared {
    fn new(input: &InputArgs, settings: &Settings) -> miette::Result<Self> {
        if let Some(n) = input.threads {
            // Only the first call can set the global pool; there is one per process.
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build_global()
                .map_err(|e| miette::miette!("cannot start {n} threads: {e}"))?;
        }
        let files = SchemaFiles::layered(&settings.claims.value)?;
        let mut selection = Selection::from_globs(&settings.include.value, &settings.exclude.value)
            .map_err(|e| miette::miette!("bad glob: {e}"))?;
        selection.no_ignore_files = !settings.ignore_files.value;
        let paths: Vec<PathBuf> = input.paths_or_here().into_iter().filter(|p| !is_stdin(p)).collect();
        let listed = claimcheck::corpus::collect_paths(&paths, &selection);
        let limit = settings.cache_max_bytes.value;
        let too_large = settings.cache.value && inputs_exceed(&listed.0, input, limit);
        if too_large {
            let origin = &settings.cache_max_bytes.origin;
            eprintln!(
                "note: the claim cache is not used: the documents take more than {limit} bytes (`cache-max-bytes`, {origin}), and the cache would take about 1.7 bytes on disk for each"
            );
        }
        let use_cache = settings.cache.value && !too_large;
        let cache = use_cache.then(|| {
            let mut key: Vec<String> = files.iter().map(|(rel, f)| format!("{rel}\n{}\n{}", f.layer, f.text)).collect();
            key.extend(settings.tolerance.value.iter().map(|(k, v)| format!("tolerance {k} {v}")));
            let key: Vec<&str> = key.iter().map(String::as_str).collect();
            Cache::open(&settings.cache_dir.value, &key)
        });
        // A cache made with these very schema files (and this version) proves
        // they compile: then each regex is compiled only if a document needs it.
        let deferred = cache.as_ref().is_some_and(|c| !c.is_empty());
        let mut set = compile_schemas(&files, deferred)?;
        let kinds: Vec<String> = set.schemas.iter().map(|s| s.kind.clone()).collect();
        settings.check_kinds(&kinds)?;
        for schema in &mut set.schemas {
            if let Some(t) = settings.tolerance.value.get(&schema.kind) {
                schema.tolerance = *t;
            }
        }
        Ok(Prepared { set, selection, cache, listed })
    }

    fn run<'a>(&'a self, settings: &Settings, progress: Option<&'a (dyn Fn() + Sync)>) -> Run<'a> {
        Run {
            set: &self.set,
            max_bytes: settings.max_bytes.value,
            selection: &self.selection,
            cache: self.cache.as_ref(),
            progress,
        }
    }

    /// Reads and extracts the inputs and the `against` corpus (with a
    /// progress bar on a terminal when the run is long). With a corpus to
    /// check against, also returns the paths of the drafts (the inputs).
    fn extract(
        &mut self,
        input: &InputArgs,
        settings: &Settings,
        against: &[PathBuf],
    ) -> miette::Result<(Analysis, Option<BTreeSet<PathBuf>>)> {
        let mut extra = Vec::new();
        let mut skipped = Vec::new();
        for file in &input.jsonl {
            let (mut docs, mut bad) = claimcheck::corpus::read_jsonl(file, settings.max_bytes.value);
            extra.append(&mut docs);
            skipped.append(&mut bad);
        }
        if input.reads_stdin() {
            read_stdin(input, &mut extra, &mut skipped)?;
        }
        let (mut found, mut files_skipped) = std::mem::take(&mut self.listed);
        let plain = self.run(settings, None);
        skipped.append(&mut files_skipped);
        let drafts = (!against.is_empty()).then(|| {
            let mut drafts: BTreeSet<PathBuf> = found.iter().cloned().collect();
            drafts.extend(extra.iter().map(|d| d.path.clone()));
            drafts
        });
        if !against.is_empty() {
            let (corpus, mut corpus_skipped) = claimcheck::collect(against, &plain);
            let known: BTreeSet<PathBuf> = found.iter().cloned().collect();
            found.extend(corpus.into_iter().filter(|p| !known.contains(p)));
            skipped.append(&mut corpus_skipped);
        }
        let bar = progress_bar(found.len());
        let tick = || bar.inc(1);
        let run = self.run(settings, Some(&tick));
        let analysis = claimcheck::extract_collected(&found, skipped, extra, &run);
        bar.finish_and_clear();
        Ok((analysis, drafts))
    }

    /// The inputs of a streamed check: the files to read, the document of
    /// standard input, and the paths that cannot be read.
    fn streamed_inputs(&mut self, input: &InputArgs) -> miette::Result<StreamedInputs> {
        let mut given = Vec::new();
        let mut skipped = Vec::new();
        if input.reads_stdin() {
            read_stdin(input, &mut given, &mut skipped)?;
        }
        let (found, mut files_skipped) = std::mem::take(&mut self.listed);
        skipped.append(&mut files_skipped);
        Ok((found, given, skipped))
    }

    /// The whole run but the baseline: reads and extracts (saving the cache),
    /// checks, applies the configured severities, and with a corpus to check
    /// against keeps only the findings that involve the drafts.
    fn analyse(&mut self, input: &InputArgs, settings: &Settings, against: &[PathBuf]) -> miette::Result<Analysis> {
        let (mut analysis, drafts) = self.extract(input, settings, against)?;
        self.save_cache();
        claimcheck::check_analysis(&mut analysis, &self.set);
        claimcheck::apply_levels(&mut analysis, &settings.severity.value);
        if let Some(drafts) = &drafts {
            claimcheck::keep_findings_about(&mut analysis, drafts);
        }
        Ok(analysis)
    }

    /// Saves the claims this run extracted in the cache; a failure is only a warning.
    fn save_cache(&self) {
        if let Some(cache) = &self.cache {
            if let Err(e) = cache.save() {
                eprintln!("warning: claim cache not saved: {e}");
            }
        }
    }
}

/// Reads the one document of standard input (`-`) into `docs`, or why it cannot be checked into `skipped`.
fn read_stdin(
    input: &InputArgs,
    docs: &mut Vec<claimcheck::corpus::Document>,
    skipped: &mut Vec<claimcheck::corpus::Skipped>,
) -> miette::Result<()> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).map_err(|e| miette::miette!("cannot read standard input: {e}"))?;
    let name = input.stdin_filename.clone().unwrap_or_else(|| PathBuf::from("<stdin>"));
    match claimcheck::corpus::parse_document(name, bytes) {
        Ok(d) => docs.push(d),
        Err(s) => skipped.push(s),
    }
    Ok(())
}

/// Exit code 2 when an input given on the command line does not exist.
fn missing_exit(skipped: &[claimcheck::corpus::Skipped], given: &[PathBuf]) -> Option<ExitCode> {
    let missing: Vec<String> = skipped
        .iter()
        .filter(|s| s.reason.starts_with("not found") && given.contains(&s.path))
        .map(|s| s.path.display().to_string())
        .collect();
    if missing.is_empty() {
        return None;
    }
    eprintln!("error: not found: {}", missing.join(", "));
    Some(ExitCode::from(2))
}

/// A progress bar on standard error, drawn only when it is a terminal, not
/// in CI, and the run has enough documents to take a while.
fn progress_bar(documents: usize) -> ProgressBar {
    const LONG_RUN_DOCUMENTS: usize = 500;
    let show = documents >= LONG_RUN_DOCUMENTS && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(documents as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} documents ({per_sec}, {eta} left)") {
        bar.set_style(style);
    }
    bar
}

fn schema_command(command: SchemaCommand) -> miette::Result<ExitCode> {
    match command {
        SchemaCommand::Check(args) => {
            let (set, _) = load_schemas(&args.dirs)?;
            let patterns: usize = set.schemas.iter().map(|s| s.patterns.len()).sum();
            let examples: usize = set.schemas.iter().map(|s| s.examples.len()).sum();
            print_overrides(&set);
            print(&format!(
                "{} schemas, {patterns} patterns, {examples} examples: no problems found\n",
                set.schemas.len()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        SchemaCommand::Test(args) => {
            let (set, files) = load_schemas(&args.dirs)?;
            let outcome = claimcheck::examples::run_all(&set);
            for failure in &outcome.failures {
                let text = files.text_of(&failure.file).unwrap_or("");
                eprintln!("{:?}", failure.diagnostic(text));
            }
            print(&format!("schema examples: {} passed, {} failed\n", outcome.passed, outcome.failures.len()))?;
            Ok(if outcome.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        SchemaCommand::Show { kind, schemas } => {
            let (set, _) = load_schemas(&schemas.dirs)?;
            let Some(schema) = set.schemas.iter().find(|s| s.kind == kind) else {
                let known: Vec<String> = set.schemas.iter().map(|s| s.kind.clone()).collect();
                let hint =
                    schema::suggest(&kind, &known).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
                return Err(miette::miette!("no schema of kind `{kind}`{hint}; kinds: {}", known.join(", ")));
            };
            print(&schema::describe(schema))?;
            Ok(ExitCode::SUCCESS)
        }
        SchemaCommand::Dump { dir, force } => {
            let mut written = 0;
            for (rel, file) in SchemaFiles::shipped().iter() {
                let path = dir.join(rel);
                if path.exists() && !force {
                    return Err(miette::miette!("{} exists; use --force to overwrite", path.display()));
                }
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| miette::miette!("cannot create {}: {e}", parent.display()))?;
                }
                std::fs::write(&path, &file.text)
                    .map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))?;
                written += 1;
            }
            print(&format!("wrote {written} files to {}\n", dir.display()))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_overrides(set: &SchemaSet) {
    for o in &set.overrides {
        eprintln!("note: kind `{}` from {} overrides {}", o.kind, o.by, o.replaced);
    }
}

/// `check` (and `report`, which writes only the files it is asked for, and a line on standard error).
fn check(args: CheckArgs, report_only: bool) -> miette::Result<ExitCode> {
    let settings = settings(&args.input, Some(&args))?;
    let mut prepared = Prepared::new(&args.input, &settings)?;
    if args.verbose {
        print_overrides(&prepared.set);
    }
    if args.show_files {
        return show_files(&prepared, &args.input, &settings);
    }
    let baseline = match &settings.baseline.value {
        Some(path) if args.baseline.is_some() || path.exists() => Some(claimcheck::baseline::load(path)?),
        _ => None,
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = settings.format.value.unwrap_or(if to_terminal { Format::Human } else { Format::Concise });
    let colour = match args.color {
        ColourChoice::Always => true,
        ColourChoice::Never => false,
        ColourChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let style = Style { colour, width: 100, verbose: args.verbose, show_baselined: args.show_baselined };
    // Reports of the findings alone need only the claims they cite: then
    // documents are streamed, and memory grows with the claims, not the text.
    // A baseline, `--against`, `-v` and the editor's reports need every claim.
    let streamable = !report_only
        && baseline.is_none()
        && args.against.is_empty()
        && !args.verbose
        && args.html.is_none()
        && args.markdown.is_none();
    if streamable {
        return check_streamed(&mut prepared, &args, &settings, format, style);
    }
    let mut analysis = prepared.analyse(&args.input, &settings, &args.against)?;
    if let Some(baseline) = &baseline {
        baseline.apply(&mut analysis);
    }
    if args.verbose {
        let cached = analysis.documents.iter().filter(|d| d.cached).count();
        eprintln!("note: {cached} of {} documents' claims came from the cache", analysis.documents.len());
    }

    let plain = Style { colour: false, ..style };
    match (&args.output, report_only) {
        (Some(path), _) => write_check_file(path, &analysis, format, plain)?,
        (None, false) => write_stdout(|out| report::write_check(&analysis, format, style, out))?,
        (None, true) => {}
    }
    let title = format!("Fact-check report: {}", report_title(&args));
    if let Some(path) = &args.html {
        write_file(path, &report::html::render_html(&analysis, &title))?;
    }
    if let Some(path) = &args.markdown {
        write_file(path, &report::markdown::render_markdown(&analysis, &title))?;
    }
    if report_only {
        let written: Vec<String> =
            [&args.html, &args.markdown].into_iter().flatten().map(|p| p.display().to_string()).collect();
        eprint!("wrote {}: {}", written.join(" and "), report::human::summary(&analysis));
    }
    if let Some(path) = &args.sarif_output {
        write_check_file(path, &analysis, Format::Sarif, plain)?;
    }
    if let Some(path) = &args.json_output {
        write_check_file(path, &analysis, Format::Json, plain)?;
    }
    let statistics = args.statistics.then(|| report::human::statistics(&analysis));
    finish_check(&args, format, report_only, statistics, &analysis.skipped)?;
    let code = check_exit(&args, &settings, &analysis.skipped, |t| analysis.findings.iter().any(|f| f.severity <= t));
    // The process ends now: freeing a million claims one by one would only cost time.
    std::mem::forget(analysis);
    Ok(code)
}

/// The exit code of `check`: 2 when an input named on the command line does
/// not exist, 1 when a finding is at the failing severity (`fails_at` says)
/// and `--exit-zero` is not given, else 0.
fn check_exit(
    args: &CheckArgs,
    settings: &Settings,
    skipped: &[claimcheck::corpus::Skipped],
    fails_at: impl Fn(claimcheck::check::Severity) -> bool,
) -> ExitCode {
    let given = [&args.input.paths[..], &args.input.jsonl[..], &args.against[..]].concat();
    if let Some(code) = missing_exit(skipped, &given) {
        return code;
    }
    let failing = settings.fail_on.value.threshold().is_some_and(fails_at);
    if failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What `check` prints after its reports: the `--statistics` table (on
/// standard error when standard output carries a machine report), and the
/// skipped paths on standard error unless a report on standard output lists them.
fn finish_check(
    args: &CheckArgs,
    format: Format,
    report_only: bool,
    statistics: Option<String>,
    skipped: &[claimcheck::corpus::Skipped],
) -> miette::Result<()> {
    let machine = args.output.is_none() && !report_only && !matches!(format, Format::Human | Format::Concise);
    if let Some(table) = statistics {
        if machine {
            eprint!("{table}");
        } else {
            print(&table)?;
        }
    }
    if machine || args.output.is_some() {
        report_skipped(skipped);
    }
    Ok(())
}

/// `check` streamed: documents are read and checked holding only the facts
/// of their claims (see `claimcheck::stream`), and each report is written
/// as its findings are put in words.
fn check_streamed(
    prepared: &mut Prepared,
    args: &CheckArgs,
    settings: &Settings,
    format: Format,
    style: Style,
) -> miette::Result<ExitCode> {
    let (found, given, skipped) = prepared.streamed_inputs(&args.input)?;
    let bar = progress_bar(found.len());
    let tick = || bar.inc(1);
    let run = prepared.run(settings, Some(&tick));
    let levels = &settings.severity.value;
    let checked = claimcheck::stream::check_streamed(&found, &args.input.jsonl, given, skipped, &run, levels);
    bar.finish_and_clear();
    // Every document has been read: the reports read again only those they cite, from the saved cache.
    prepared.save_cache();
    let plain = Style { colour: false, ..style };
    let checked = &checked;
    let write = |format: Format, style: Style| {
        move |out: &mut dyn Write| report::write_streamed_check(checked, format, style, out)
    };
    match &args.output {
        Some(path) => write_to_file(path, write(format, plain))?,
        None => write_stdout(write(format, style))?,
    }
    if let Some(path) = &args.sarif_output {
        write_to_file(path, write(Format::Sarif, plain))?;
    }
    if let Some(path) = &args.json_output {
        write_to_file(path, write(Format::Json, plain))?;
    }
    let statistics = args.statistics.then(|| report::human::streamed_statistics(checked));
    finish_check(args, format, false, statistics, &checked.skipped)?;
    if checked.changed() > 0 {
        eprintln!(
            "warning: {} findings left out of the reports (once for each report written): a document they cite changed while it was checked; run again",
            checked.changed()
        );
    }
    Ok(check_exit(args, settings, &checked.skipped, |t| checked.fails_at(t)))
}

/// What a report is about: the paths given (and the corpus checked against).
fn report_title(args: &CheckArgs) -> String {
    let mut paths: Vec<String> = args.input.paths.iter().map(|p| p.display().to_string()).collect();
    paths.extend(args.input.jsonl.iter().map(|p| p.display().to_string()));
    if paths.is_empty() {
        paths.push(".".into());
    }
    let against: Vec<String> = args.against.iter().map(|p| p.display().to_string()).collect();
    if against.is_empty() {
        paths.join(", ")
    } else {
        format!("{} against {}", paths.join(", "), against.join(", "))
    }
}

/// `check --show-files`: what would be checked, and what would be skipped.
fn show_files(prepared: &Prepared, input: &InputArgs, settings: &Settings) -> miette::Result<ExitCode> {
    let (found, skipped) = claimcheck::collect(&input.paths_or_here(), &prepared.run(settings, None));
    let mut out: String = found.iter().map(|p| format!("{}\n", p.display())).collect();
    for s in &skipped {
        out.push_str(&format!("{}: skipped: {}\n", s.path.display(), s.reason));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `baseline write [FILE.yaml] [PATH…]`: the findings of a check, accepted.
fn baseline_write(mut input: InputArgs) -> miette::Result<ExitCode> {
    let is_yaml = |p: &Path| p.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let file = match input.paths.first() {
        Some(first) if is_yaml(first) => Some(input.paths.remove(0)),
        _ => None,
    };
    let settings = settings(&input, None)?;
    let path =
        file.or_else(|| settings.baseline.value.clone()).unwrap_or_else(|| PathBuf::from(config::DEFAULT_BASELINE));
    let previous = if path.exists() { claimcheck::baseline::load(&path)? } else { Baseline::default() };
    let mut prepared = Prepared::new(&input, &settings)?;
    let analysis = prepared.analyse(&input, &settings, &[])?;
    if let Some(code) = missing_exit(&analysis.skipped, &input.paths) {
        return Ok(code);
    }
    let baseline = claimcheck::baseline::from_analysis(&analysis, &previous);
    write_file(&path, &baseline.to_yaml())?;
    let kept = baseline.entries.iter().filter(|e| e.reason.is_some()).count();
    eprintln!("wrote {}: {} findings accepted, {kept} with a reason", path.display(), baseline.entries.len());
    report_skipped(&analysis.skipped);
    Ok(ExitCode::SUCCESS)
}

fn write_file(path: &Path, text: &str) -> miette::Result<()> {
    std::fs::write(path, text).map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))
}

/// Writes a check report to a file as it is built.
fn write_check_file(path: &Path, analysis: &claimcheck::Analysis, format: Format, style: Style) -> miette::Result<()> {
    write_to_file(path, |out| report::write_check(analysis, format, style, out))
}

/// Runs `write` on a buffered file at `path`.
fn write_to_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> miette::Result<()> {
    let written = std::fs::File::create(path).and_then(|file| {
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        out.flush()
    });
    written.map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))
}

/// Runs `write` on buffered standard output.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> miette::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    output_result(write(&mut out).and_then(|_| out.flush()))
}

fn report_skipped(skipped: &[claimcheck::corpus::Skipped]) {
    for s in skipped {
        eprintln!("warning: skipped {}: {}", s.path.display(), s.reason);
    }
}

fn explain(code: Option<&str>) -> miette::Result<ExitCode> {
    let Some(name) = code else {
        let list: String = CODES.iter().map(|d| format!("{:<18} {:?}\n", d.code.as_str(), d.severity)).collect();
        print(&list)?;
        return Ok(ExitCode::SUCCESS);
    };
    let Some(code) = Code::from_name(name) else {
        let known: Vec<String> = CODES.iter().map(|d| d.code.as_str().to_string()).collect();
        let hint = schema::suggest(name, &known).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
        return Err(miette::miette!("unknown code `{name}`{hint}; known codes: {}", known.join(", ")));
    };
    let d = code.doc();
    print(&format!(
        "{} (default severity: {:?})\n\nWhat it means\n  {}\n\nWhy it matters\n  {}\n\nExample\n  {}\n\nHow to resolve it\n  {}\n",
        code.as_str(),
        d.severity,
        d.meaning,
        d.why,
        d.example,
        d.resolve
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn load_schemas(dirs: &[PathBuf]) -> miette::Result<(SchemaSet, SchemaFiles)> {
    let files = SchemaFiles::layered(dirs)?;
    Ok((compile_schemas(&files, false)?, files))
}

/// Loads the schemas (compiling their regexes now, or on first use when `deferred`); every problem is printed.
fn compile_schemas(files: &SchemaFiles, deferred: bool) -> miette::Result<SchemaSet> {
    let loaded = if deferred { schema::load_deferred(files) } else { schema::load(files) };
    loaded.map_err(|errors| {
        let count = errors.len();
        for e in errors {
            eprintln!("{e:?}");
        }
        miette::miette!("{count} problem(s) in the claim schemas")
    })
}

fn print(text: &str) -> miette::Result<()> {
    let mut out = std::io::stdout().lock();
    output_result(out.write_all(text.as_bytes()).and_then(|_| out.flush()))
}

/// What writing to standard output came to.
fn output_result(written: std::io::Result<()>) -> miette::Result<()> {
    match written {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error of the run.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(miette::miette!("cannot write output: {e}")),
    }
}

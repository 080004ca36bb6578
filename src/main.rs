//! The `claimcheck` command line: parses arguments, runs the pipeline,
//! prints the report and maps the outcome to an exit code (0 clean,
//! 1 findings at or above the failing severity, 2 the run could not be done).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use claimcheck::check::{Code, Severity, CODES};
use claimcheck::report::{self, Format, Style};
use claimcheck::schema::{self, SchemaFiles, SchemaSet};

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

/// The lowest severity that makes the run fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Args)]
struct CommonArgs {
    /// Files and folders to read (folders are walked for .txt and .md files).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Schema folder to load over the shipped schemas; repeatable, a later folder overrides a kind of an earlier one.
    #[arg(long, value_name = "DIR")]
    claims: Vec<PathBuf>,
    /// Skip (and report) documents larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = claimcheck::corpus::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lowest severity that makes the run exit with 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
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
    common: CommonArgs,
    /// Output format (`jsonl` or `json`).
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
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
        Command::Check(args) => check(args),
        Command::Extract(args) => {
            let (set, _) = load_schemas(&args.common.claims)?;
            let analysis = claimcheck::extract_all(&args.common.paths, &set, args.common.max_bytes);
            print(&report::render_extract(&analysis, args.format))?;
            report_skipped(&analysis);
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { code } => explain(code.as_deref()),
        Command::Schema(command) => schema_command(command),
    }
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

fn check(args: CheckArgs) -> miette::Result<ExitCode> {
    let (set, _) = load_schemas(&args.common.claims)?;
    if args.verbose {
        print_overrides(&set);
    }
    let analysis = claimcheck::check_all(&args.common.paths, &set, args.common.max_bytes);
    // A path given on the command line that does not exist means the run could not be done.
    let missing: Vec<String> = analysis
        .skipped
        .iter()
        .filter(|s| s.reason.starts_with("not found") && args.common.paths.contains(&s.path))
        .map(|s| s.path.display().to_string())
        .collect();
    let colour = match args.color {
        ColourChoice::Always => true,
        ColourChoice::Never => false,
        ColourChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let style = Style { colour, width: 100, verbose: args.verbose };
    print(&report::render_check(&analysis, args.format, style))?;
    if args.format != Format::Human {
        report_skipped(&analysis);
    }
    if !missing.is_empty() {
        eprintln!("error: not found: {}", missing.join(", "));
        return Ok(ExitCode::from(2));
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| analysis.findings.iter().any(|f| f.severity <= t));
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn report_skipped(analysis: &claimcheck::Analysis) {
    for s in &analysis.skipped {
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
    let set = schema::load(&files).map_err(|errors| {
        let count = errors.len();
        for e in errors {
            eprintln!("{e:?}");
        }
        miette::miette!("{count} problem(s) in the claim schemas")
    })?;
    Ok((set, files))
}

fn print(text: &str) -> miette::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error of the run.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(miette::miette!("cannot write output: {e}")),
    }
}

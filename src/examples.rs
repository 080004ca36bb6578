//! Schema examples as tests: each example text is run through the whole
//! pipeline and its claims are compared with what the example expects.
//! In: a [`SchemaSet`]. Out: an [`Outcome`] with one [`ExampleFailure`] per failed example.

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::corpus::Document;
use crate::normalize::{DateValue, Hedge};
use crate::resolve::{Claim, ClaimValue};
use crate::schema::{Example, Schema, SchemaSet};
use crate::{add_document, Analysis};

/// An example whose claims were not what it expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Schema file.
    pub file: String,
    /// 1-based line of the example's text.
    pub line: usize,
    /// Kind of the schema.
    pub kind: String,
    /// What went wrong.
    pub problem: String,
    /// Byte span of the example's text in its file.
    pub span: miette::SourceSpan,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: example of `{}` failed: {}", self.file, self.line, self.kind, self.problem)
    }
}

/// What running the examples gave.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Examples that passed.
    pub passed: usize,
    /// Examples that failed.
    pub failures: Vec<ExampleFailure>,
}

/// Runs every example of every schema.
pub fn run_all(set: &SchemaSet) -> Outcome {
    let mut outcome = Outcome::default();
    for schema in &set.schemas {
        for example in &schema.examples {
            match run_one(set, schema, example) {
                Ok(()) => outcome.passed += 1,
                Err(problem) => outcome.failures.push(ExampleFailure {
                    file: schema.file.clone(),
                    line: example.line,
                    kind: schema.kind.clone(),
                    problem,
                    span: example.span,
                }),
            }
        }
    }
    outcome
}

impl ExampleFailure {
    /// The failure as a diagnostic pointing at the example in its file.
    pub fn diagnostic(&self, file_text: &str) -> miette::Report {
        crate::schema::SchemaError::at(
            &self.file,
            file_text,
            self.span,
            format!("example of `{}` failed", self.kind),
            "this example",
            Some(self.problem.clone()),
        )
        .into()
    }
}

/// The claims the pipeline finds in an example text.
pub fn claims_of(set: &SchemaSet, text: &str, date: Option<NaiveDate>) -> Vec<Claim> {
    let document = Document {
        path: PathBuf::from("example.txt"),
        date,
        source: None,
        title: None,
        url: None,
        text: text.to_string(),
        body: 0..text.len(),
        header_problem: None,
    };
    let mut analysis = Analysis::default();
    add_document(&mut analysis, document, set);
    analysis.claims
}

fn run_one(set: &SchemaSet, schema: &Schema, example: &Example) -> Result<(), String> {
    let claims: Vec<Claim> =
        claims_of(set, &example.text, example.date).into_iter().filter(|c| c.kind == schema.kind).collect();
    let Some(expect) = &example.expect else {
        return match claims.first() {
            None => Ok(()),
            Some(c) => Err(format!("expected no claim, found “{}” ({})", c.text, c.subject)),
        };
    };
    if claims.is_empty() {
        return Err("expected a claim, found none".into());
    }
    let mut problems = Vec::new();
    for claim in &claims {
        let mut wrong = Vec::new();
        for (key, want) in expect {
            let ok = match key.as_str() {
                "value" => value_matches(&claim.value, want),
                "time" => claim.time.as_ref().is_some_and(|t| date_matches(t, want)),
                slot => claim.slots.iter().any(|s| s.name == slot && s.value == *want),
            };
            if !ok {
                wrong.push(format!("{key}: expected `{want}`, found `{}`", found(claim, key)));
            }
        }
        if wrong.is_empty() {
            return Ok(());
        }
        problems.push(format!("“{}”: {}", claim.text, wrong.join("; ")));
    }
    Err(problems.join(" | "))
}

fn found(claim: &Claim, key: &str) -> String {
    match key {
        "value" => match &claim.value {
            ClaimValue::Quantity { quantity, .. } => {
                format!("{:?} {}–{}", quantity.hedge, quantity.low, quantity.high)
            }
            ClaimValue::Date(d) => crate::check::date_words(d),
        },
        "time" => claim.time.as_ref().map(crate::check::date_words).unwrap_or_else(|| "none".into()),
        slot => {
            claim.slots.iter().find(|s| s.name == slot).map(|s| s.value.clone()).unwrap_or_else(|| "nothing".into())
        }
    }
}

/// Does a value match an expectation: `45`, `>5000`, `>=300`, `~5000`, `<=320`, `<10`, `40-50`, or a date?
fn value_matches(value: &ClaimValue, want: &str) -> bool {
    match value {
        ClaimValue::Date(d) => date_matches(d, want),
        ClaimValue::Quantity { quantity: q, .. } => {
            let num = |s: &str| s.trim().parse::<f64>().ok();
            let (hedges, low, high): (&[Hedge], Option<f64>, Option<f64>) = if let Some(n) = want.strip_prefix(">=") {
                (&[Hedge::AtLeast], num(n), None)
            } else if let Some(n) = want.strip_prefix("<=") {
                (&[Hedge::Nearly, Hedge::UpTo], None, num(n))
            } else if let Some(n) = want.strip_prefix('>') {
                (&[Hedge::MoreThan], num(n), None)
            } else if let Some(n) = want.strip_prefix('<') {
                (&[Hedge::FewerThan], None, num(n))
            } else if let Some(n) = want.strip_prefix('~') {
                (&[Hedge::Approx], num(n), num(n))
            } else if let Some((a, b)) = want.split_once('-') {
                (&[Hedge::Range, Hedge::Vague], num(a), num(b))
            } else {
                (&[Hedge::None], num(want), num(want))
            };
            hedges.contains(&q.hedge) && low.is_none_or(|l| l == q.low) && high.is_none_or(|h| h == q.high)
        }
    }
}

/// Does a date interval match `YYYY-MM-DD` (that day) or `YYYY` (that year)?
fn date_matches(d: &DateValue, want: &str) -> bool {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    if let Some(x) = day(want) {
        return d.start == Some(x) && d.end == Some(x);
    }
    match want.parse::<i32>() {
        Ok(year) => d.start == NaiveDate::from_ymd_opt(year, 1, 1) && d.end == NaiveDate::from_ymd_opt(year, 12, 31),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{Interval, Quantity};

    fn q(hedge: Hedge, low: f64, high: f64) -> ClaimValue {
        ClaimValue::Quantity { quantity: Quantity { hedge, low, high }, interval: Interval::point(low) }
    }

    #[test]
    fn expectations_read_hedges() {
        assert!(value_matches(&q(Hedge::MoreThan, 5000.0, 5000.0), ">5000"));
        assert!(!value_matches(&q(Hedge::Approx, 5000.0, 5000.0), ">5000"));
        assert!(value_matches(&q(Hedge::Range, 40.0, 50.0), "40-50"));
        assert!(value_matches(&q(Hedge::None, 0.0, 0.0), "0"));
        assert!(value_matches(&q(Hedge::Nearly, 50000.0, 50000.0), "<=50000"));
    }

    #[test]
    fn shipped_examples_pass() {
        let set =
            crate::schema::load(&crate::schema::SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas load"));
        let outcome = run_all(&set);
        let report: Vec<String> = outcome.failures.iter().map(|f| f.to_string()).collect();
        assert!(outcome.failures.is_empty(), "{}", report.join("\n"));
        for schema in &set.schemas {
            let positive = schema.examples.iter().filter(|e| e.expect.is_some()).count();
            let negative = schema.examples.len() - positive;
            assert!(
                schema.examples.len() >= 5 && positive >= 1 && negative >= 1,
                "{} needs 5 examples, both kinds",
                schema.kind
            );
        }
    }
}

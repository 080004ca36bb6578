//! GitHub Actions output (`check --format github`): workflow commands that
//! the runner turns into annotations on the files of a pull request.
//! In: an [`Analysis`]. Out: one `::error …::message` line a claim of each
//! finding (one for a document finding), and nothing else.

use crate::check::{Finding, Severity};
use crate::resolve::Claim;
use crate::Analysis;

use super::sarif::{claim_region, utf16_line_col};
use crate::corpus::slash_path;

/// The workflow command of a severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes the message of a workflow command as the runner expects:
/// `%`, carriage return and line feed.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a property value of a workflow command: as [`escape_data`],
/// and also `:` and `,`, which end a value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `path:line:column` of a claim, for "see also".
fn place(analysis: &Analysis, c: &Claim) -> Option<String> {
    let doc = analysis.documents.get(c.doc)?;
    let r = claim_region(analysis, c)?;
    Some(format!("{}:{}:{}", slash_path(&doc.document.path), r.start_line, r.start_column))
}

fn title(f: &Finding) -> String {
    match &f.kind {
        Some(kind) => format!("claimcheck({}): {kind}", f.code.as_str()),
        None => format!("claimcheck({})", f.code.as_str()),
    }
}

fn line(severity: Severity, properties: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = properties.iter().map(|(k, v)| format!("{k}={}", escape_property(v))).collect();
    format!("::{} {}::{}\n", command(severity), props.join(","), escape_data(message))
}

/// The lines of one finding: one a claim, each pointing at the others.
fn finding_lines(analysis: &Analysis, f: &Finding) -> String {
    let claims: Vec<&Claim> = f.claims.iter().filter_map(|&i| analysis.claims.get(i)).collect();
    let title = title(f);
    if claims.is_empty() {
        let Some(doc) = f.doc.and_then(|d| analysis.documents.get(d)) else {
            return String::new();
        };
        let props = [("file", slash_path(&doc.document.path)), ("line", "1".into()), ("title", title)];
        return line(f.severity, &props, &format!("{}\n{}", f.message, f.help));
    }
    let mut out = String::new();
    for (n, c) in claims.iter().enumerate() {
        let (Some(doc), Some(r)) = (analysis.documents.get(c.doc), claim_region(analysis, c)) else {
            continue;
        };
        let others: Vec<String> =
            claims.iter().enumerate().filter(|&(m, _)| m != n).filter_map(|(_, o)| place(analysis, o)).collect();
        let see_also = if others.is_empty() { String::new() } else { format!("; see also {}", others.join(", ")) };
        let mut props = vec![("file", slash_path(&doc.document.path)), ("line", r.start_line.to_string())];
        // The runner takes columns only within one line, and its end column is the last character's.
        if r.start_line == r.end_line {
            let text = &doc.document.text;
            let end = c.span.end.min(text.len());
            let last = text
                .get(c.span.start.min(end)..end)
                .and_then(|t| t.char_indices().next_back())
                .map_or(c.span.start, |(i, _)| c.span.start + i);
            let end_column = utf16_line_col(&doc.lines, text, last).1.max(r.start_column);
            props.push(("col", r.start_column.to_string()));
            props.push(("endLine", r.end_line.to_string()));
            props.push(("endColumn", end_column.to_string()));
        } else {
            props.push(("endLine", r.end_line.to_string()));
        }
        props.push(("title", title.clone()));
        out.push_str(&line(f.severity, &props, &format!("{}{see_also}\n{}", f.message, f.help)));
    }
    out
}

/// `check --format github`: the workflow command lines of every finding.
pub fn render(analysis: &Analysis) -> String {
    analysis.findings.iter().map(|f| finding_lines(analysis, f)).collect()
}

/// [`render`] of a streamed run, written as each finding is put in words.
/// (Skipped paths are not annotations: they go to standard error, as in [`render`]'s run.)
pub fn write_streamed(run: &crate::stream::StreamedCheck, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_lines(run, out, finding_lines).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Code;

    #[test]
    fn escapes_messages_and_properties_like_the_runner() {
        let s = "100% sure, at 10:30\r\nnext";
        assert_eq!(escape_data(s), "100%25 sure, at 10:30%0D%0Anext");
        assert_eq!(escape_property(s), "100%25 sure%2C at 10%3A30%0D%0Anext");
        // `%` first: an escape is never escaped twice.
        assert_eq!(escape_property("%3A"), "%253A");
    }

    #[test]
    fn a_command_line_has_the_runner_shape() {
        let l = line(Severity::Info, &[("file", "a,b:c.txt".into()), ("line", "1".into())], "m: 1%\nx");
        assert_eq!(l, "::notice file=a%2Cb%3Ac.txt,line=1::m: 1%25%0Ax\n");
    }

    /// `check --format github` of in-memory documents (path, text), with the shipped schemas.
    fn github_of(docs: &[(&str, &str)]) -> String {
        let set = crate::schema::load(&crate::schema::SchemaFiles::shipped()).unwrap_or_else(|_| panic!("schemas"));
        let mut analysis = Analysis::default();
        for (path, text) in docs {
            let doc = crate::corpus::parse_document((*path).into(), text.as_bytes().to_vec()).unwrap();
            crate::add_document(&mut analysis, doc, &set);
        }
        crate::check_analysis(&mut analysis, &set);
        render(&analysis)
    }

    #[test]
    fn columns_only_for_a_claim_on_one_line_and_the_end_column_is_the_last_character() {
        let out = github_of(&[
            ("a.txt", " date 2020-01-16 The US has more than\n5,000 troops in Iraq, officials said.\n"),
            ("b.txt", " date 2020-01-17 “Yes” — some 3,000 US troops are in Iraq, officials said on Friday.\n"),
        ]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].starts_with("::error file=a.txt,line=1,endLine=2,title="), "{out}");
        assert!(lines[0].contains("see also b.txt:1:26"), "{out}");
        // “some 3,000” starts 25 UTF-16 units in and its last character is 9 further.
        assert!(lines[1].starts_with("::error file=b.txt,line=1,col=26,endLine=1,endColumn=35,title="), "{out}");
        assert!(lines[1].contains("see also a.txt:1:29"), "{out}");
    }

    #[test]
    fn document_findings_are_one_line_at_line_one() {
        let doc = crate::corpus::parse_document("a b/x.txt".into(), b"No date here: 5 troops.\n".to_vec()).unwrap();
        let mut analysis = Analysis::default();
        analysis.documents.push(crate::CheckedDocument {
            lines: crate::segment::LineIndex::new(&doc.text),
            hash: crate::cache::content_hash(&doc.text),
            document: doc,
            claims: 0,
            anchors: Default::default(),
            cached: false,
        });
        analysis.findings.push(Finding {
            code: Code::UndatedDocument,
            severity: Severity::Warning,
            kind: None,
            subject: None,
            message: "document has no publication date".into(),
            help: "add one, e.g. 2020-01-01".into(),
            claims: vec![],
            doc: Some(0),
        });
        assert_eq!(
            render(&analysis),
            "::warning file=a b/x.txt,line=1,title=claimcheck(undated-document)::document has no publication date%0Aadd one, e.g. 2020-01-01\n"
        );
    }
}

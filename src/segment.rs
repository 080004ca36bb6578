//! Segmentation: a document body to paragraphs and sentences with byte spans.
//! In: a [`crate::corpus::Document`]. Out: [`Sentence`]s.

use std::ops::Range;

/// A sentence: byte span into `Document::text`, and the index of its
/// paragraph (0-based) within the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range of the sentence in the document text, without leading or
    /// trailing whitespace.
    pub span: Range<usize>,
    /// 0-based index of the paragraph within the body.
    pub paragraph: usize,
}

/// Characters that may end a sentence.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Closing quotes and brackets that may follow a sentence's final stop.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '\'' | '»' | ')' | ']' | '}')
}

/// Whether `c` may begin a new sentence: an uppercase letter, a digit or an
/// opening quote.
fn begins_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_numeric() || matches!(c, '“' | '"' | '‘' | '\'' | '«' | '„')
}

/// Clamps `range` to `text`, moving its ends inwards to char boundaries.
/// `None` when nothing is left.
fn clamp_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.min(text.len());
    while start < end && !text.is_char_boundary(start) {
        start += 1;
    }
    while end > start && !text.is_char_boundary(end) {
        end -= 1;
    }
    (start < end).then_some(start..end)
}

/// Shrinks `range` (char-boundary ends) to exclude leading and trailing
/// whitespace. `None` when only whitespace is left.
fn trim_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = text.get(range.clone())?;
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    (start < end).then_some(start..end)
}

/// The paragraphs of `body` in `text`: runs of non-blank lines, separated by
/// one or more blank (empty or whitespace-only) lines. Line ends are `\n`,
/// `\r\n` or a lone `\r`. Each range excludes leading and trailing whitespace.
/// The body range is clamped to the text; this never panics.
pub fn paragraphs(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let Some(body) = clamp_range(text, body) else {
        return Vec::new();
    };
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut line_start = body.start;
    let mut i = body.start;
    while line_start < body.end {
        // Find the end of this line and the start of the next one.
        while i < body.end && bytes[i] != b'\n' && bytes[i] != b'\r' {
            i += 1;
        }
        let line_end = i;
        let next = if i < body.end && bytes[i] == b'\r' && i + 1 < body.end && bytes[i + 1] == b'\n' {
            i + 2
        } else {
            (i + 1).min(body.end)
        };
        let blank = text.get(line_start..line_end).is_none_or(|line| line.trim().is_empty());
        if blank {
            if let Some(para) = current.take().and_then(|p| trim_range(text, p)) {
                out.push(para);
            }
        } else {
            match current.as_mut() {
                Some(para) => para.end = line_end,
                None => current = Some(line_start..line_end),
            }
        }
        line_start = next;
        i = next;
    }
    if let Some(para) = current.and_then(|p| trim_range(text, p)) {
        out.push(para);
    }
    out
}

/// Splits the body of a document into sentences.
///
/// Paragraphs are separated by blank lines (see [`paragraphs`]); a paragraph
/// end always ends a sentence. Within a paragraph, a sentence ends at `.`, `!`,
/// `?` or `…` (a run such as `?!` or `...` counts as one stop), optionally
/// followed by closing quotes (`”` `"` `’` `'` `»`) or brackets, then
/// whitespace, then an uppercase letter, a digit or an opening quote. A single
/// `.` does not end a sentence after:
/// - an abbreviation from `abbreviations` (case-sensitive match of the token
///   ending in the `.`, ignoring opening punctuation before it: "Jan. 3",
///   "(Col. Adrian Pell", "Washington, D.C. The");
/// - a single capital initial ("John F. Kennedy");
/// - a dotted run of single letters ("J.R.R. Tolkien", "U.S.A. Today").
///
/// A decimal number ("2.5") never ends a sentence, since no whitespace follows
/// its point. Spans exclude leading and trailing whitespace. The body range is
/// clamped to the text; this never panics.
pub fn sentences(text: &str, body: Range<usize>, abbreviations: &[String]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (paragraph, para) in paragraphs(text, body).into_iter().enumerate() {
        split_paragraph(text, para, abbreviations, &mut |span| {
            out.push(Sentence { span, paragraph });
        });
    }
    out
}

/// Splits one paragraph (a trimmed, char-boundary range) into sentence spans.
fn split_paragraph(text: &str, para: Range<usize>, abbreviations: &[String], emit: &mut impl FnMut(Range<usize>)) {
    let Some(s) = text.get(para.clone()) else {
        return;
    };
    let base = para.start;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let offset_of = |k: usize| chars.get(k).map_or(s.len(), |&(pos, _)| pos);
    let mut push = |range: Range<usize>| {
        if let Some(span) = trim_range(text, base + range.start..base + range.end) {
            emit(span);
        }
    };
    let mut sentence_start = 0;
    let mut i = 0;
    while i < n {
        if !is_terminator(chars[i].1) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && is_terminator(chars[j].1) {
            j += 1;
        }
        let mut k = j;
        while k < n && is_closer(chars[k].1) {
            k += 1;
        }
        let mut m = k;
        while m < n && chars[m].1.is_whitespace() {
            m += 1;
        }
        let ends = m > k
            && m < n
            && begins_sentence(chars[m].1)
            && !(j == i + 1 && chars[i].1 == '.' && is_abbreviation(token_before(s, chars[i].0), abbreviations));
        if ends {
            push(sentence_start..offset_of(k));
            sentence_start = offset_of(m);
            i = m;
        } else {
            i = j;
        }
    }
    push(sentence_start..s.len());
}

/// The token ending with the `.` at byte `dot` of `s`: back to the previous
/// whitespace, without opening punctuation (quotes, brackets, dashes) at its
/// start.
fn token_before(s: &str, dot: usize) -> &str {
    let end = dot + 1;
    let head = s.get(..dot).unwrap_or("");
    let start = head.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(pos, c)| pos + c.len_utf8());
    let token = s.get(start..end).unwrap_or("");
    token.trim_start_matches(|c: char| !c.is_alphanumeric())
}

/// Whether a token ending in `.` is an abbreviation that does not end a
/// sentence: listed, a single capital initial, or a dotted run of single
/// letters ("U.S.A.").
fn is_abbreviation(token: &str, abbreviations: &[String]) -> bool {
    if abbreviations.iter().any(|a| a == token) {
        return true;
    }
    let mut chars = token.chars();
    if let (Some(c), Some('.'), None) = (chars.next(), chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    dotted_letters(token)
}

/// Whether `token` is two or more single letters each followed by `.`.
fn dotted_letters(token: &str) -> bool {
    let chars: Vec<char> = token.chars().collect();
    chars.len() >= 4
        && chars.len().is_multiple_of(2)
        && chars.chunks(2).all(|pair| pair[0].is_alphabetic() && pair[1] == '.')
}

/// Maps byte offsets to 1-based line and column (column counted in
/// characters, not bytes). Line ends are `\r\n`, `\n` and a lone `\r`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 2;
                }
                b'\r' | b'\n' => {
                    starts.push(i + 1);
                    i += 1;
                }
                _ => i += 1,
            }
        }
        Self { starts }
    }

    /// Number of lines (a text ending in a line end has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based (line, column) of a byte offset in `text` (the text given to
    /// [`LineIndex::new`]). Offsets past the end clamp to the end; an offset
    /// inside a multibyte character counts as that character. A byte order
    /// mark at the start of the file is not counted as a column.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let mut line_start = self.starts.get(line - 1).copied().unwrap_or(0).min(offset);
        if line_start == 0 && text.starts_with('\u{FEFF}') {
            line_start = '\u{FEFF}'.len_utf8().min(offset);
        }
        let column = text.get(line_start..offset).map_or(offset - line_start, |s| s.chars().count());
        (line, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbreviations() -> Vec<String> {
        crate::lexicon::Lexicon::shipped().abbreviations
    }

    /// Sentences of `text` (the whole text as body), as (paragraph, text).
    fn split(text: &str) -> Vec<(usize, &str)> {
        sentences(text, 0..text.len(), &abbreviations()).into_iter().map(|s| (s.paragraph, &text[s.span])).collect()
    }

    /// A table row: name, text, expected (paragraph, sentence) pairs.
    type Row<'a> = (&'a str, &'a str, &'a [(usize, &'a str)]);

    #[test]
    fn sentence_table() {
        let rows: &[Row] = &[
            ("empty", "", &[]),
            ("whitespace only", " \n\n \t\n", &[]),
            ("one sentence", "It rained.", &[(0, "It rained.")]),
            ("no final stop", "It rained", &[(0, "It rained")]),
            ("two sentences", "It rained. Then it stopped.", &[(0, "It rained."), (0, "Then it stopped.")]),
            (
                "month abbreviation",
                "A drone strike on Jan. 3 that killed him. Next one.",
                &[(0, "A drone strike on Jan. 3 that killed him."), (0, "Next one.")],
            ),
            (
                "title abbreviation",
                "It was led by Col. Adrian Pell of the army. He left.",
                &[(0, "It was led by Col. Adrian Pell of the army."), (0, "He left.")],
            ),
            (
                "abbreviation then hyphen",
                "The U.S.-led coalition left. Others stayed.",
                &[(0, "The U.S.-led coalition left."), (0, "Others stayed.")],
            ),
            ("U.S. before noun", "About 2,500 U.S. troops remain.", &[(0, "About 2,500 U.S. troops remain.")]),
            (
                "D.C. mid-sentence",
                "He flew to Washington, D.C. The talks began.",
                &[(0, "He flew to Washington, D.C. The talks began.")],
            ),
            (
                "abbreviation after bracket",
                "The unit (Lt. Ames) left. Next.",
                &[(0, "The unit (Lt. Ames) left."), (0, "Next.")],
            ),
            (
                "abbreviation is case-sensitive",
                "We met in jan. Then we left.",
                &[(0, "We met in jan."), (0, "Then we left.")],
            ),
            ("capital initial", "John F. Kennedy spoke. He left.", &[(0, "John F. Kennedy spoke."), (0, "He left.")]),
            ("dotted initials", "J.R.R. Tolkien wrote it. Then.", &[(0, "J.R.R. Tolkien wrote it."), (0, "Then.")]),
            (
                "decimal",
                "Growth was 2.5 percent. It rose 0.7 points.",
                &[(0, "Growth was 2.5 percent."), (0, "It rose 0.7 points.")],
            ),
            (
                "digit starts next sentence",
                "At its peak in 2007. 170,000 soldiers served.",
                &[(0, "At its peak in 2007."), (0, "170,000 soldiers served.")],
            ),
            ("lowercase does not start a sentence", "It was 5 p.m. and dark.", &[(0, "It was 5 p.m. and dark.")]),
            (
                "curly quote after comma",
                "“We remain ready,” the statement read. Next it said more.",
                &[(0, "“We remain ready,” the statement read."), (0, "Next it said more.")],
            ),
            (
                "stop inside closing quote",
                "He said, “It is over.” Then he left.",
                &[(0, "He said, “It is over.”"), (0, "Then he left.")],
            ),
            (
                "question in quote, lowercase after",
                "“Is it over?” she asked. Yes.",
                &[(0, "“Is it over?” she asked."), (0, "Yes.")],
            ),
            (
                "opening quote starts sentence",
                "He spoke. “We will stay,” he said.",
                &[(0, "He spoke."), (0, "“We will stay,” he said.")],
            ),
            (
                "straight quotes",
                "He said \"no.\" \"Why?\" she asked.",
                &[(0, "He said \"no.\""), (0, "\"Why?\" she asked.")],
            ),
            ("closing bracket", "It ended (in 2011.) Troops left!", &[(0, "It ended (in 2011.)"), (0, "Troops left!")]),
            (
                "exclamation and question runs",
                "Really?! Yes... Maybe.",
                &[(0, "Really?!"), (0, "Yes..."), (0, "Maybe.")],
            ),
            ("no space after stop", "See example.com.Next", &[(0, "See example.com.Next")]),
            (
                "paragraphs",
                "First one.\n\nSecond one. Third\nline goes on.\n \t\n\nLast",
                &[(0, "First one."), (1, "Second one."), (1, "Third\nline goes on."), (2, "Last")],
            ),
            (
                "paragraph end ends sentence",
                "No stop here\n\nNew paragraph",
                &[(0, "No stop here"), (1, "New paragraph")],
            ),
            (
                "single newline does not end a paragraph",
                "One line\ncontinues. Next\n",
                &[(0, "One line\ncontinues."), (0, "Next")],
            ),
            (
                "CRLF paragraphs",
                "First one.\r\n\r\nSecond one. Third.\r\nMore.\r\n",
                &[(0, "First one."), (1, "Second one."), (1, "Third."), (1, "More.")],
            ),
            ("lone CR paragraphs", "First.\r\rSecond.", &[(0, "First."), (1, "Second.")]),
            (
                "leading and trailing whitespace",
                "  \n  Spaced out.   Again.  \n  ",
                &[(0, "Spaced out."), (0, "Again.")],
            ),
            ("non-ASCII uppercase", "Done. Élan followed.", &[(0, "Done."), (0, "Élan followed.")]),
        ];
        for (name, text, expected) in rows {
            assert_eq!(split(text), expected.to_vec(), "row {name:?}");
        }
    }

    #[test]
    fn body_range_is_respected_and_clamped() {
        let text = " date 2020-01-16 First. Second.";
        let abbr = abbreviations();
        let got: Vec<&str> = sentences(text, 17..text.len(), &abbr).into_iter().map(|s| &text[s.span]).collect();
        assert_eq!(got, ["First.", "Second."]);
        let rows: &[(&str, std::ops::Range<usize>)] = &[
            ("past the end", 10..500),
            ("start past end", 500..600),
            ("reversed", Range { start: 20, end: 5 }),
            ("inside a multibyte char", 1..4),
        ];
        let text = "é“ab.” Cd. ÉF";
        for (name, range) in rows {
            for s in sentences(text, range.clone(), &abbr) {
                assert!(text.get(s.span.clone()).is_some(), "row {name:?}");
            }
        }
    }

    #[test]
    fn paragraph_ranges() {
        let text = "\n\nA b.\nC.\n\n\r\n  D  \r\n";
        let got: Vec<&str> = paragraphs(text, 0..text.len()).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["A b.\nC.", "D"]);
    }

    #[test]
    fn line_col_table() {
        let text = "ab\ncé d\r\nx\ry\n";
        let index = LineIndex::new(text);
        let rows: &[(&str, usize, (usize, usize))] = &[
            ("start", 0, (1, 1)),
            ("end of first line", 2, (1, 3)),
            ("second line start", 3, (2, 1)),
            ("multibyte char start", 4, (2, 2)),
            ("inside multibyte char", 5, (2, 2)),
            ("after multibyte char", 6, (2, 3)),
            ("the CR of CRLF", 8, (2, 5)),
            ("the LF of CRLF", 9, (2, 6)),
            ("after CRLF", 10, (3, 1)),
            ("after lone CR", 12, (4, 1)),
            ("end", text.len(), (5, 1)),
            ("past the end", text.len() + 10, (5, 1)),
        ];
        for (name, offset, expected) in rows {
            assert_eq!(index.line_col(text, *offset), *expected, "row {name:?}");
        }
        assert_eq!(index.line_count(), 5);
    }

    #[test]
    fn line_col_skips_bom_and_survives_other_text() {
        let text = "\u{FEFF}ab";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), (1, 1));
        assert_eq!(index.line_col(text, 4), (1, 2));
        // A different, shorter text must not panic.
        let index = LineIndex::new("a\nb\nc\nd");
        assert_eq!(index.line_col("é", 1), (1, 1));
        assert_eq!(LineIndex::new("").line_col("", 0), (1, 1));
    }
}

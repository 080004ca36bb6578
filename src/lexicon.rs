//! The language lexicon: hedge words, vague amounts and abbreviations, read
//! from `claims/lexicon.yaml`. In: YAML text. Out: a [`Lexicon`].

use serde::Deserialize;

use crate::normalize::number::normalise_text;
use crate::normalize::Hedge;

/// Hedge phrases grouped by the bound they express.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HedgeWords {
    /// "about", "approximately": the schema's tolerance either side.
    #[serde(default)]
    pub approx: Vec<String>,
    /// "more than", "over": an open lower bound.
    #[serde(default)]
    pub more_than: Vec<String>,
    /// "at least": a closed lower bound.
    #[serde(default)]
    pub at_least: Vec<String>,
    /// "nearly", "almost": just under the number.
    #[serde(default)]
    pub nearly: Vec<String>,
    /// "up to", "as many as": an upper bound.
    #[serde(default)]
    pub up_to: Vec<String>,
    /// "fewer than", "less than": an open upper bound.
    #[serde(default)]
    pub fewer_than: Vec<String>,
    /// Every phrase with its meaning, longest first, built on first use.
    #[serde(skip)]
    sorted: std::sync::OnceLock<Vec<(String, Hedge)>>,
    /// The same in the number parser's normal form, built on first use.
    #[serde(skip)]
    normalized: std::sync::OnceLock<Vec<(String, Hedge)>>,
}

impl HedgeWords {
    /// Every hedge phrase with its meaning, longest phrase first (sorted once).
    pub fn all(&self) -> &[(String, Hedge)] {
        self.sorted.get_or_init(|| self.sort())
    }

    /// [`HedgeWords::all`] in the number parser's normal form, normalised once
    /// rather than at every parse.
    pub fn normalized(&self) -> &[(String, Hedge)] {
        self.normalized.get_or_init(|| self.all().iter().map(|(w, h)| (normalise_text(w), *h)).collect())
    }

    fn sort(&self) -> Vec<(String, Hedge)> {
        let mut out: Vec<(String, Hedge)> = Vec::new();
        for (words, hedge) in [
            (&self.approx, Hedge::Approx),
            (&self.more_than, Hedge::MoreThan),
            (&self.at_least, Hedge::AtLeast),
            (&self.nearly, Hedge::Nearly),
            (&self.up_to, Hedge::UpTo),
            (&self.fewer_than, Hedge::FewerThan),
        ] {
            out.extend(words.iter().map(|w| (w.clone(), hedge)));
        }
        out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        out
    }
}

/// A vague amount ("dozens of") and the bounds it stands for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VagueAmount {
    /// The phrases, e.g. `["dozens of", "dozens"]`.
    pub words: Vec<String>,
    /// Lowest value the phrase allows.
    pub low: f64,
    /// Highest value the phrase allows.
    pub high: f64,
}

/// Language-level word lists shared by all claim kinds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Hedge phrases.
    #[serde(default)]
    pub hedges: HedgeWords,
    /// Vague amounts with their bounds.
    #[serde(default)]
    pub vague: Vec<VagueAmount>,
    /// Abbreviations ending in "." that do not end a sentence.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Verbs that attribute a statement ("said", "told").
    #[serde(default)]
    pub attribution_verbs: Vec<String>,
    /// Words before a number that make it part of a larger figure ("including").
    #[serde(default)]
    pub subset_markers: Vec<String>,
    /// Capitalized words that are not names ("Monday", "The").
    #[serde(default)]
    pub not_names: Vec<String>,
    /// Words before "from" that make "from 40 to 50" a range ("ranging",
    /// "is"); after any other word it is a change ("rose from 40 to 50").
    #[serde(default)]
    pub range_leads: Vec<String>,
    /// Number words that make a figure round, read as approximate with the
    /// schema's tolerance ("a dozen" is about 12, as "about 12" is).
    #[serde(default)]
    pub round_words: Vec<String>,
    /// Every vague phrase in the number parser's normal form, with the index
    /// of its amount in `vague`, built on first use.
    #[serde(skip)]
    vague_normalized: std::sync::OnceLock<Vec<(String, usize)>>,
}

/// The lexicon shipped in `claims/lexicon.yaml`, embedded at build time.
pub const SHIPPED_LEXICON: &str = include_str!("../claims/lexicon.yaml");

impl Lexicon {
    /// The vague amount a phrase in the number parser's normal form names, if any.
    pub fn vague_amount(&self, phrase: &str) -> Option<&VagueAmount> {
        let phrases = self.vague_normalized.get_or_init(|| {
            let each = self.vague.iter().enumerate().flat_map(|(i, v)| v.words.iter().map(move |w| (w, i)));
            each.map(|(w, i)| (normalise_text(w), i)).collect()
        });
        phrases.iter().find(|(w, _)| w == phrase).and_then(|(_, i)| self.vague.get(*i))
    }

    /// Parses a lexicon from YAML.
    pub fn from_yaml(text: &str) -> Result<Self, serde_saphyr::Error> {
        serde_saphyr::from_str(text)
    }

    /// The shipped lexicon. It is tested to parse, so a failure here is a build bug.
    pub fn shipped() -> Self {
        Self::from_yaml(SHIPPED_LEXICON).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lexicon_parses() {
        let lex = Lexicon::from_yaml(SHIPPED_LEXICON).unwrap();
        assert!(lex.hedges.all().iter().any(|(w, h)| w == "more than" && *h == Hedge::MoreThan));
        assert!(lex.vague.iter().any(|v| v.words.iter().any(|w| w == "dozens of")));
        assert!(lex.abbreviations.iter().any(|a| a == "Jan."));
    }
}

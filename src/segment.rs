//! Segmentation: a document body to paragraphs and sentences with byte spans.
//! In: a [`crate::corpus::Document`]. Out: [`Sentence`]s.

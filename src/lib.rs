//! claimcheck: finds quantitative claims in news articles that cannot all be true.

pub mod corpus;
pub mod lexicon;
pub mod normalize;
pub mod segment;

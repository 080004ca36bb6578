//! Dates. (being written)

//! Numbers. (being written)

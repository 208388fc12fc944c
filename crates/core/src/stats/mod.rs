//! Statistics behind every figure: one published method per file.

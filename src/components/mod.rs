//! Reusable view pieces, one component a file.

pub mod chart;
pub mod header;
pub mod progress;
pub mod series_table;

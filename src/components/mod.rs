//! Reusable view pieces, one component a file.

pub mod badge;
pub mod chart;
pub mod controls;
pub mod data_table;
pub mod definition;
pub mod header;
pub mod nav;
pub mod notices;
pub mod org_picker;
pub mod progress;
pub mod slicing;
pub mod sparkline;
pub mod toolbar;

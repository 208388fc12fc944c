//! Pages: one view of the dashboard per file.

pub mod trend;

//! Queries over decoded values: the slices of a [`crate::bundle::ValuesTable`]
//! that views ask for. Pure functions over tables; no I/O.

mod series;

pub use series::{org_series, SeriesPoint};

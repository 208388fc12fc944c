//! Statistics behind every figure: one published method per file.

pub mod benchmark;
pub mod ci;
pub mod disclosure;
pub mod funnel;
pub mod inequality;
pub mod opportunity;
pub mod peers;
pub mod quantiles;
pub mod rating;
pub mod rollup;
pub mod sampling;
pub mod spc;
mod special;
pub mod trend;

//! The engine's in-memory table: a bundle's manifest plus the decoded values
//! of the partitions loaded so far, indexed by (indicator, period) and
//! (indicator, organisation, period), with the organisation hierarchy, and
//! [`Figure`], the value-with-limits every row becomes. Queries (`crate::query`) read it; nothing
//! here computes a statistic.

mod dataset;
mod figure;
#[cfg(test)]
pub(crate) mod fixture;
mod hierarchy;
mod index;

pub use dataset::Dataset;
pub use figure::Figure;
pub use hierarchy::Orgs;
pub(crate) use index::Entry;
pub use index::Period;

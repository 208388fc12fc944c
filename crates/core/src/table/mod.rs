//! The engine's in-memory table: a bundle's manifest plus the decoded values
//! of the partitions loaded so far, indexed by (indicator, period) and
//! (indicator, organisation, period), with the organisation hierarchy and the
//! list of files each view needs. Queries (`crate::query`) read it; nothing
//! here computes a statistic.

mod dataset;
#[cfg(test)]
pub(crate) mod fixture;
mod hierarchy;
mod index;
mod partition;

pub use dataset::Dataset;
pub use hierarchy::Orgs;
pub(crate) use index::Entry;
pub use index::Period;

//! Queries over a [`crate::table::Dataset`]: the slices and figures views ask
//! for, one query a file. Each reads the dataset's index, calls the
//! statistics in `crate::stats` (never re-implementing one) and returns plain
//! serialisable structs. Missing data comes back as empty values and notes,
//! never as an error.

mod benchmark;
mod crosstab;
mod filter;
mod inequalities;
mod nested;
mod opportunity;
mod org_ref;
mod peers;
mod pyramid;
mod ranking;
mod rating;
mod rollup;
mod trend;

pub use crate::stats::benchmark::Compared;
pub use crate::table::Figure;
pub use benchmark::{benchmark, by_method, Benchmarked};
pub use crosstab::{CrossCell, CrossRow, CrossTab};
pub use filter::{filter, Filter, Record};
pub use inequalities::{inequalities, Core20, GapFigure, GapPoint, GroupValue, Inequalities, InequalitySlice, SliceDimensions, Slope};
pub use nested::{Nested, Panel};
pub use opportunity::{
    member_opportunities, opportunities, IndicatorOpportunity, MemberOpportunity, MemberRollup, OpportunityRow, OpportunityTable, OpportunityTotals,
};
pub use org_ref::OrgRef;
pub use peers::{level_peer_stats, peer_group, peer_stats, OrgPosition, Peer, PeerBasis, PeerGroup, PeerStats};
pub use pyramid::{Pyramid, PyramidCell, PyramidRow};
pub use ranking::{quintiles, ranking, BoxStats, Funnel, FunnelPoint, Ranking};
pub use rating::{domain_ratings, DomainRating};
pub use rollup::{roll_up, Basis, RolledUp, SeriesBasis};
pub use trend::{trend, RecentTrend, SpcSummary, SpecialCause, Trend, TrendPoint};

pub(crate) use benchmark::{comparator, comparator_for, comparator_value, compare_figure, england_comparator, same_type_values, Comparator};
pub(crate) use crosstab::crosstab;
pub(crate) use filter::{headline, of_type, period_ids, period_or_latest, series as org_figures};
pub(crate) use inequalities::{dimension_for, rank_of};
pub(crate) use nested::nested;
pub(crate) use peers::find as find_peers;
pub(crate) use pyramid::pyramid;
pub(crate) use rollup::{default_member_type, members_of_type};
pub(crate) use trend::analyse_series;

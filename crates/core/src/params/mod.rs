//! The URL's vocabulary: the parameters a link may carry (`params.json`, the
//! one definition the app, the CLI and the end-to-end tests all read), the
//! typed choices they name, and percent-encoding.
//!
//! This is the bottom layer of the engine beside [`crate::period`]: it knows no
//! bundle and computes nothing, so statistics, queries and views can all take
//! a [`Target`] or a [`PeerSpec`] from here without depending on one another.
//! Reading a whole link into a view state is [`crate::view`]'s job.

mod choices;
mod spec;
mod urlenc;

pub use choices::{Bench, BenchMethod, Breakdown, Colour, Layout, PeerSpec, Target, TimeRange, View, Within};
pub(crate) use spec::spec;
pub use spec::{Param, PARAMS_JSON};
pub(crate) use urlenc::{decode, encode};

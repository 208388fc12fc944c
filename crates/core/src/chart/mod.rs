//! Chart specifications: view data → `charming::Chart`, as plain data that is
//! tested natively and drawn by ECharts in the browser. No drawing happens here.

mod boxes;
mod common;
mod compare;
mod dimensions;
mod funnel;
mod inequality;
mod map;
mod palette;
mod peers;
mod sparkline;
mod views;
mod xmr;

pub use boxes::cluster_boxes;
pub use compare::compare_bars;
pub use dimensions::{crosstab_chart, pyramid_chart};
pub use funnel::funnel_chart;
pub use inequality::{gap_trend, inequality_bars};
pub use map::{map_chart, MapChart};
pub use palette::*;
pub use peers::{opportunity_bars, peer_position};
pub use sparkline::sparkline_path;
pub use views::{charts_for, view_draws_charts, ViewChart};
pub use xmr::xmr_chart;

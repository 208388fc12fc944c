//! Chart specifications: view data → `charming::Chart`, as plain data that is
//! tested natively and drawn by ECharts in the browser. No drawing happens here.

mod palette;
mod trend;

pub use palette::*;
pub use trend::trend_chart;

//! Colours shared by every chart: NHS identity colours for the series, with
//! the comparison colours chosen to stay distinguishable with colour-vision
//! deficiency (blue/orange rather than red/green; Okabe & Ito 2008), and
//! always paired with a word or shape in the app.

pub const NHS_BLUE: &str = "#005EB8";
pub const NHS_DARK_GREY: &str = "#425563";
pub const NHS_MID_GREY: &str = "#768692";
pub const NHS_PALE_GREY: &str = "#E8EDEE";
/// Better than benchmark.
pub const BETTER: &str = "#0072B2";
/// Worse than benchmark.
pub const WORSE: &str = "#D55E00";
/// Similar to benchmark.
pub const SIMILAR: &str = "#F0E442";
pub const TARGET: &str = "#330072";

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
/// Higher than benchmark, for indicators with no better direction (darker,
/// so it differs from [`LOWER`] by lightness as well as hue).
pub const HIGHER: &str = "#003087";
/// Lower than benchmark, for indicators with no better direction.
pub const LOWER: &str = "#41B6E6";
/// Not compared (no limits, or no benchmark): a pale fill with a grey edge.
pub const NOT_COMPARED: &str = NHS_PALE_GREY;
/// Special cause with no better direction (Making Data Count's purple), the
/// reddish purple of Okabe & Ito.
pub const NEITHER: &str = "#CC79A7";
/// The selected organisation's outline and marker where a fill already
/// carries a comparison colour (NHS black: the strongest contrast on white).
pub const HIGHLIGHT: &str = "#231F20";
/// The comparator's series and reference lines (England, the parent, the
/// peer median): NHS black, drawn with hollow symbols or its own dash so it
/// never relies on colour alone.
pub const COMPARATOR: &str = "#231F20";
/// Categorical colours for breakdown groups, in order: Paul Tol's "muted"
/// scheme, built to stay distinct with colour-vision deficiency and kept
/// apart from the comparison colours above. More groups than colours repeat
/// a colour with another symbol. (Indigo comes last: it is nearest [`TARGET`].)
pub const GROUPS: [&str; 9] = ["#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499", "#332288"];
/// Quintile fills of a map, quintile 1 (the best fifth, or the lowest with no
/// better direction) darkest: one sequential blue ramp (ColorBrewer "Blues"),
/// ordered by lightness so it reads without hue, and always labelled.
pub const QUINTILES: [&str; 5] = ["#08519C", "#3182BD", "#6BAED6", "#BDD7E7", "#EFF3FF"];

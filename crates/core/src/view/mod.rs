//! Views: the URL query parameters defined once (`params.json`), read in two
//! stages like ripgrep's arguments — [`parse_query`] checks syntax only,
//! [`resolve`] resolves against a bundle with a [`Notice`] for whatever it
//! could not use — written back by [`ViewState::to_query`]; and every figure
//! a view shows, computed by [`compute`] and exported by [`view_csv`].
//!
//! The app and `healthdash query` call exactly these functions:
//!
//! ```text
//! let (state, notices) = resolve(parse_query(query), dataset.manifest());
//! for file in files_missing(&dataset, &state) { dataset.add_file(file, bytes)? }
//! let result = compute(&dataset, &state);   // + result.notices
//! ```

mod choices;
pub mod compute;
mod csv;
pub mod display;
mod files;
mod link;
mod notice;
mod parse;
mod recipe;
mod release;
mod resolve;
mod search;
mod slicing;
mod state;

pub use crate::params::{Bench, BenchMethod, Breakdown, Colour, Layout, Param, PeerSpec, Target, TimeRange, View, Within, PARAMS_JSON};
pub use choices::{choices, Chosen, Uses};
pub use compute::{compute, Figures, ViewResult};
pub use csv::{to_csv, view_csv, view_table, Cell, Table};
pub use files::{files_missing, files_needed};
pub use link::{bundle_link, is_landing};
pub use notice::Notice;
pub use parse::{parse_query, RawView};
pub use recipe::{
    caption_lines, csv_with_recipe, image_caption, parse_recipe, recipe_json, svg_with_recipe, wrap_lines, Recipe, RECIPE_FORMAT, RECIPE_LINES, VERSION,
};
pub use release::{choose_release, pin_release, release_missing};
pub use resolve::{default_view, resolve, resolve_periods};
pub use search::search_orgs;
pub use slicing::{slicing, SliceChoice, SliceOption};
pub use state::ViewState;

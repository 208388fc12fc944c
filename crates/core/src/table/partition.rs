//! Which data files a view needs, so the app downloads only those.
//!
//! Views about one indicator (trend, compare, inequalities, table) need the
//! file holding it; views across every indicator (overview, peers &
//! opportunity, report) need every file that holds an indicator of the
//! catalogue. Files are returned in manifest order, each once.

use super::Dataset;
use crate::bundle::DataFile;
use crate::view::{View, ViewState};

impl Dataset {
    /// The manifest files `state`'s view reads, loaded or not.
    pub fn files_needed(&self, state: &ViewState) -> Vec<&DataFile> {
        let m = self.manifest();
        let wanted: Vec<&str> = match state.view {
            View::Trend | View::Compare | View::Inequalities | View::Table => {
                vec![state.ind.as_str()]
            }
            View::Overview | View::Peers | View::Report => m.indicators.iter().map(|i| i.id.as_str()).collect(),
        };
        m.files.iter().filter(|f| f.indicators.iter().any(|i| wanted.contains(&i.as_str()))).collect()
    }

    /// The files `state`'s view reads that have not been added yet.
    pub fn files_missing(&self, state: &ViewState) -> Vec<&DataFile> {
        let loaded = self.loaded_files();
        self.files_needed(state).into_iter().filter(|f| !loaded.contains(&f.path.as_str())).collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::table::{fixture, Dataset};
    use crate::view::{parse_query, resolve};

    fn paths(files: Vec<&crate::bundle::DataFile>) -> Vec<&str> {
        files.into_iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn one_indicator_views_need_one_file() {
        let ds = Dataset::new(fixture::manifest());
        let (s, _) = resolve(parse_query("view=trend&ind=obesity"), ds.manifest());
        assert_eq!(paths(ds.files_needed(&s)), vec!["values/obesity.parquet"]);
        let (s, _) = resolve(parse_query("view=overview"), ds.manifest());
        assert_eq!(paths(ds.files_needed(&s)), vec!["values/ae.parquet", "values/obesity.parquet", "values/beds.parquet"]);
    }

    #[test]
    fn loaded_files_are_not_missing() {
        let ds = fixture::dataset();
        let (s, _) = resolve(parse_query("view=report"), ds.manifest());
        assert_eq!(ds.files_needed(&s).len(), 3);
        assert!(ds.files_missing(&s).is_empty());
    }
}

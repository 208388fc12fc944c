//! Which files under a bundle's `values/` folder `healthdash index` reads, and
//! what a file's place says about it.
//!
//! Another engine writes the values; this module only finds them. Every
//! `.parquet` file anywhere under `values/` is a values file, in path order
//! (so the manifest is the same whatever order the file system lists them
//! in). Names starting with `.` or `_` are skipped, files and folders alike:
//! that is the Hadoop convention Spark and DuckDB follow for their markers and
//! checksums (`_SUCCESS`, `.part-0.parquet.crc`, `_temporary/`). A file in the
//! documented layout, `values/<indicator>/<org_type>.parquet` (or, for the
//! breakdown rows of a partition written apart, format 3.0,
//! `values/<indicator>/<org_type>.breakdowns.parquet`), states the
//! organisation type of every row it holds.

use crate::write::path_safe;
use std::fs;
use std::path::Path;

/// The values files under `dir/values/` (paths relative to `dir`, with `/`,
/// sorted), and how many other files were skipped.
pub fn values_files(dir: &Path) -> Result<(Vec<String>, usize), String> {
    let root = dir.join("values");
    if !root.is_dir() {
        return Err(format!("{}: no values folder: write the values files under {} first", dir.display(), root.display()));
    }
    let (mut found, mut skipped) = (Vec::new(), 0);
    let mut stack = vec![(root, "values".to_string())];
    while let Some((folder, rel)) = stack.pop() {
        let entries = fs::read_dir(&folder).map_err(|e| format!("{}: cannot list: {e}", folder.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: cannot list: {e}", folder.display()))?;
            let path = entry.path();
            let name = entry.file_name().into_string().map_err(|n| format!("{}: a file name that is not UTF-8: {n:?}", folder.display()))?;
            if name.starts_with('.') || name.starts_with('_') {
                skipped += 1;
            } else if path.is_dir() {
                stack.push((path, format!("{rel}/{name}")));
            } else if name.ends_with(".parquet") {
                found.push(format!("{rel}/{name}"));
            } else {
                skipped += 1;
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(format!("{}: no .parquet files under values/", dir.display()));
    }
    Ok((found, skipped))
}

/// The organisation type a file's place states: `t` for
/// `values/<folder>/<t>.parquet` or `values/<folder>/<t>.breakdowns.parquet`
/// when every indicator the file holds is the folder's (its id as
/// `healthdash` names folders); `None` for any other place.
pub fn stated_type(path: &str, indicators: &[String]) -> Option<String> {
    let mut parts = path.split('/');
    let (Some("values"), Some(folder), Some(file), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let stem = file.strip_suffix(".parquet")?;
    let stem = stem.strip_suffix(".breakdowns").unwrap_or(stem);
    let stem = Some(stem).filter(|s| !s.is_empty())?;
    indicators.iter().all(|i| path_safe(i) == folder).then(|| stem.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_parquet_files_outside_hidden_names_in_path_order() {
        let tmp = tempfile::tempdir().unwrap();
        let v = tmp.path().join("values");
        for f in
            ["b/icb.parquet", "a/trust.parquet", "a/_SUCCESS", "a/.trust.parquet.crc", "_temporary/x.parquet", "c/org_type=icb/part-0.parquet", "notes.txt"]
        {
            let p = v.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, b"").unwrap();
        }
        let (found, skipped) = values_files(tmp.path()).unwrap();
        assert_eq!(found, ["values/a/trust.parquet", "values/b/icb.parquet", "values/c/org_type=icb/part-0.parquet"]);
        assert_eq!(skipped, 4);
        let e = values_files(&v.join("a")).unwrap_err();
        assert!(e.contains("no values folder"), "{e}");
    }

    #[test]
    fn the_documented_layout_states_the_type() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(stated_type("values/ae_4_hours/trust.parquet", &ids(&["ae_4_hours"])), Some("trust".into()));
        assert_eq!(stated_type("values/a_b/icb.parquet", &ids(&["a b"])), Some("icb".into()));
        assert_eq!(stated_type("values/a_b/icb.breakdowns.parquet", &ids(&["a b"])), Some("icb".into()));
        assert_eq!(stated_type("values/a_b/.breakdowns.parquet", &ids(&["a b"])), None);
        assert_eq!(stated_type("values/x/icb.parquet", &ids(&["x", "y"])), None);
        assert_eq!(stated_type("values/x.parquet", &ids(&["x"])), None);
        assert_eq!(stated_type("values/x/org_type=icb/part-0.parquet", &ids(&["x"])), None);
    }
}

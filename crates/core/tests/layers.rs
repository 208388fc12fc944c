//! The engine's layers import only downward.
//!
//! `crates/core/src` is layered, bottom first:
//!
//! | layer | may use |
//! | --- | --- |
//! | `period`, `params` | nothing of the engine |
//! | `bundle` | `period`, `params` |
//! | `stats` | `bundle`, `params`, `period` |
//! | `table` | the above |
//! | `query` | the above |
//! | `view` | the above |
//! | `chart` | everything |
//!
//! This test reads every source file and fails on any `crate::X` path (in code,
//! tests included; comments are skipped) where `X` is a layer above the file's
//! own. It is what keeps `query` from depending on `view` again, or `table` on
//! `query`.

use std::path::{Path, PathBuf};

const LAYERS: [&str; 8] = ["period", "params", "bundle", "stats", "table", "query", "view", "chart"];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The engine modules a line of code names through `crate::` (or `$crate::`),
/// including every item of a `crate::{a, b::c}` group.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            out.extend(group[..end].split(',').map(|item| item.trim().split("::").next().unwrap_or("").to_string()));
        } else {
            out.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out
}

/// Every upward import in `src`, as "file:line: layer -> layer".
fn upward_imports(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).expect("under src");
        let top = rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("").trim_end_matches(".rs").to_string();
        let Some(own) = rank(&top) else { continue };
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for target in crate_paths(code) {
                if rank(&target).is_some_and(|r| r > own) {
                    found.push(format!("{}:{}: {top} -> {target}", rel.display(), n + 1));
                }
            }
        }
    }
    found
}

#[test]
fn layers_import_only_downward() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let upward = upward_imports(&src);
    assert!(upward.is_empty(), "imports that run up the layers (see this file's docs):\n{}", upward.join("\n"));
}

#[test]
fn grouped_and_macro_paths_are_seen() {
    assert_eq!(crate_paths("use crate::{view::View, query::Figure};"), vec!["view", "query"]);
    assert_eq!(crate_paths("$crate::params::spec::choice_id(x)"), vec!["params"]);
    assert_eq!(crate_paths("let x = 1; // crate::view"), vec!["view"], "comments are stripped by the caller, not here");
}

#[test]
fn an_upward_import_is_reported() {
    let dir = std::env::temp_dir().join(format!("healthdash-layers-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("table")).unwrap();
    std::fs::write(dir.join("table/x.rs"), "use crate::bundle::Manifest;\n// crate::view in a comment\nuse crate::view::ViewState;\n").unwrap();
    std::fs::write(dir.join("chart.rs"), "use crate::view::ViewState;\n").unwrap();
    let found = upward_imports(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found, vec!["table/x.rs:3: table -> view".to_string()]);
}

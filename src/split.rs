//! The code a page needs only once it shows data, kept out of the first
//! download (issue 18: the `.wasm` a browser fetches before the first screen
//! within 400 KB gzip).
//!
//! Each function below is a split point (`wasm_split_helpers`, the mechanism
//! behind Leptos' `#[lazy]`): the build (`tools/split_wasm.py`, a Trunk
//! post-build hook) moves it, and everything only it reaches, into a module of
//! its own that the browser fetches on first call. Three modules:
//!
//! - **engine**: Parquet decoding with its checks, a column chunk at a time
//!   (`bundle::ValuesReader`, `Dataset::add_decoded`), and every view's
//!   statistics (`view::compute`);
//! - **charts**: the ECharts options of a view (`chart::charts_for`, charming);
//! - **pages**: the page of every view (`pages::ViewBody`, `EmbedBody`), with
//!   its data table, chart components, CSV and recipe downloads and toolbar.
//!
//! What stays in the module every page loads is what the first screen needs:
//! Leptos, the header, navigation, choices and progress, the manifest and
//! catalogue readers and the landing page. A view asks for the engine and the
//! pages as it starts ([`prefetch_view`]), and for the charts once it knows it
//! draws some ([`prefetch_charts`]), alongside its manifest, so their download
//! overlaps the data's.
//!
//! A module that cannot be downloaded is an error the page shows like a failed
//! data file ([`CodeUnavailable`]); nothing is remembered of the failure, so
//! "Try again" fetches it afresh.
//!
//! Called before its module is in, a split function waits for it; but the
//! dataset is borrowed from a `RefCell` shared with newer loads, and a page is
//! built inside Leptos' (synchronous) rendering. So the session awaits the
//! module first ([`engine_ready`], [`pages_ready`]), and the calls are then
//! completed at once, in the same turn, by [`now`].

use crate::components::notices::Notices;
use crate::components::toolbar::Toolbar;
use crate::pages::{EmbedBody, ViewBody};
use crate::session::Shown;
use futures::FutureExt;
use healthdash_core::bundle::{verify_file, verify_file_digest, DataFile, ValuesReader, ValuesTable};
use healthdash_core::chart::{charts_for, ViewChart};
use healthdash_core::table::Dataset;
use healthdash_core::view::{compute, ViewResult, ViewState};
use leptos::prelude::*;
use std::future::Future;
use std::sync::Arc;
use wasm_split_helpers::{wasm_split, SplitLoaderError};

/// A part of the app's code could not be downloaded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CodeUnavailable;

impl From<SplitLoaderError> for CodeUnavailable {
    fn from(_: SplitLoaderError) -> Self {
        CodeUnavailable
    }
}

impl From<CodeUnavailable> for String {
    fn from(e: CodeUnavailable) -> String {
        e.to_string()
    }
}

impl std::fmt::Display for CodeUnavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "Part of healthdash's own code (a .wasm file beside the page) could not be downloaded. \
             Check your connection and try again.",
        )
    }
}

/// Checks a downloaded data file's size and SHA-256 against the manifest
/// (`digest`: the browser's, else the core computes it) and opens it for
/// decoding a column chunk at a time (module **engine**).
#[wasm_split(engine, fallible, preload(open_file_ready))]
pub fn open_file<'a>(file: &'a DataFile, bytes: &'a [u8], digest: Option<&str>) -> Result<Result<ValuesReader<'a>, String>, CodeUnavailable> {
    let verified = match digest {
        Some(d) => verify_file_digest(file, bytes, d),
        None => verify_file(file, bytes),
    };
    Ok(verified.and_then(|()| ValuesReader::new(&file.path, bytes)).map_err(|e| e.to_string()))
}

/// Decodes the next column chunk of an opened file; `true` when all are
/// (module **engine**).
#[wasm_split(engine, fallible, preload(read_step_ready))]
pub fn read_step(reader: &mut ValuesReader<'_>) -> Result<Result<bool, String>, CodeUnavailable> {
    Ok(reader.step().map_err(|e| e.to_string()))
}

/// The table of a file whose column chunks are all decoded (module **engine**).
#[wasm_split(engine, fallible, preload(finish_file_ready))]
pub fn finish_file(reader: ValuesReader<'_>) -> Result<Result<ValuesTable, String>, CodeUnavailable> {
    Ok(reader.finish().map_err(|e| e.to_string()))
}

/// Checks a decoded file's rows and adds them to the dataset, or adds
/// nothing (module **engine**).
#[wasm_split(engine, fallible, preload(add_table_ready))]
pub fn add_table(dataset: &mut Dataset, file: &DataFile, table: ValuesTable) -> Result<Result<(), String>, CodeUnavailable> {
    Ok(dataset.add_decoded(file, table).map_err(|e| e.to_string()))
}

/// Computes a view from the dataset (module **engine**).
#[wasm_split(engine, fallible, preload(compute_ready))]
pub fn compute_view(dataset: &Dataset, state: &ViewState) -> Result<ViewResult, CodeUnavailable> {
    Ok(compute(dataset, state))
}

/// The ECharts options of a computed view (module **charts**).
#[wasm_split(charts, fallible, preload(charts_ready))]
pub fn chart_specs(result: &ViewResult) -> Result<Vec<ViewChart>, CodeUnavailable> {
    Ok(charts_for(result))
}

/// A shown view's page: its notices, the view (figures, charts, data
/// table, definition) and its toolbar (share, CSV, recipe, embed); in an
/// embed, the embedded view (module **pages**).
#[wasm_split(pages, fallible, preload(pages_ready))]
pub fn view_page(shown: Arc<Shown>, embed: bool) -> Result<AnyView, CodeUnavailable> {
    Ok(if embed {
        view! { <EmbedBody shown=shown /> }.into_any()
    } else {
        // The toolbar follows the view, so the view's heading and first
        // chart start the first screen.
        view! {
            <Notices notices=shown.notices.clone() />
            <ViewBody shown=shown.clone() />
            <Toolbar shown=shown />
        }
        .into_any()
    })
}

/// Waits until every engine function can run without waiting.
/// Each split function keeps its own "loaded" flag, so each is asked; the
/// module itself is downloaded once.
pub async fn engine_ready() -> Result<(), CodeUnavailable> {
    let (opened, read, finished, added, computed) =
        futures::join!(open_file_ready(), read_step_ready(), finish_file_ready(), add_table_ready(), compute_ready());
    opened.and(read).and(finished).and(added).and(computed).map_err(CodeUnavailable::from)
}

/// Starts downloading what every view needs, the engine and the pages,
/// without waiting for them (a failure is reported by the call that needs
/// the module).
pub fn prefetch_view() {
    leptos::task::spawn_local(async {
        let _ = engine_ready().await;
    });
    leptos::task::spawn_local(async {
        let _ = pages_ready().await;
    });
}

/// Starts downloading the chart code without waiting for it.
pub fn prefetch_charts() {
    leptos::task::spawn_local(async {
        let _ = charts_ready().await;
    });
}

/// Completes a call to a split function whose module is in (after
/// [`engine_ready`]) in this turn, so that a borrow it holds never lasts
/// across a wait. A call that would still have to wait is reported as
/// [`CodeUnavailable`], never left pending.
pub fn now<T>(call: impl Future<Output = Result<T, CodeUnavailable>>) -> Result<T, CodeUnavailable> {
    call.now_or_never().unwrap_or(Err(CodeUnavailable))
}

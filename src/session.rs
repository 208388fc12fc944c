//! The data behind the page: the bundle the link names (`data=`, else the
//! embedded one) and the view it asks for, loaded in the order the core
//! prescribes (`healthdash_core::view`):
//!
//! ```text
//! parse the link → fetch the manifest and its releases.json (once per
//! bundle) → open the release the link names, if kept → resolve →
//! fetch only the files the view still lacks → check size and SHA-256,
//! decode a column chunk at a time, check the rows → compute → charts (→ a
//! map's boundaries, checked and registered with ECharts) → the page
//! ```
//!
//! Decoding, computing, charting and the page run in code fetched on first
//! use (`split`), asked for as soon as the link is known not to be the
//! landing page; the browser gets a turn between these steps, and within
//! decoding every [`SLICE_MS`].
//!
//! Every load carries a generation number; a load overtaken by a newer link
//! stops at its next step and never shows its (now wrong) numbers.

use crate::components::chart;
use crate::data::{self, Progress};
use crate::split::{self, CodeUnavailable};
use crate::state;
use futures::StreamExt;
use healthdash_core::bundle::{CatalogueEntry, DataFile, Manifest, ReleaseIndex};
use healthdash_core::chart::{view_draws_charts, ViewChart};
use healthdash_core::table::Dataset;
use healthdash_core::view::{
    choose_release, files_missing, is_landing, parse_query, pin_release, release_missing, resolve, Figures, Notice, Recipe, ViewResult, ViewState,
};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

/// Data files asked for at once. The browser opens six connections to a host
/// over HTTP/1.1 and queues the rest, so asking for more than six keeps every
/// connection busy while earlier files are checked; small files are dominated
/// by round trips, so this, not bandwidth, sets how fast a view of many
/// indicators loads (England's overview, 24 files on loopback: about 250 ms
/// from first request to last byte, against about 450 ms at six).
const PARALLEL_DOWNLOADS: usize = 16;

/// Decoding work done between two turns for the browser, at most (plus one
/// column chunk): well under the 50 ms a task may take before it counts as
/// long, so input and the progress bar are never held up.
const SLICE_MS: f64 = 30.0;

/// The shortest time between two redraws of the progress bar while bytes arrive.
const PROGRESS_MS: f64 = 50.0;

/// One bundle, with whatever of its data has been loaded so far.
pub struct Bundle {
    /// The manifest shown: the bundle's own, or a kept release's.
    pub url: String,
    pub manifest: Arc<Manifest>,
    dataset: RefCell<Dataset>,
}

/// A bundle's current release and the releases its host keeps beside it.
#[derive(Clone)]
struct Home {
    url: String,
    manifest: Arc<Manifest>,
    releases: Option<ReleaseIndex>,
}

/// Where the bundle is.
#[derive(Clone)]
pub enum BundleState {
    Loading { url: String },
    Failed { url: String, message: String },
    Ready(Arc<Manifest>),
}

/// A view ready to show: what was asked, what was ignored, every figure,
/// and the chart specs.
pub struct Shown {
    pub state: ViewState,
    pub notices: Vec<Notice>,
    pub result: ViewResult,
    pub charts: Vec<ViewChart>,
    /// Why a map's boundaries could not be used (its chart is then left out).
    pub map_problem: Option<String>,
    /// How to make this view's exports again (bundle, release, link, date).
    pub recipe: Recipe,
}

/// Files of a view being loaded.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FilesProgress {
    pub done: usize,
    pub total: usize,
    pub bytes: Progress,
}

/// The landing page: the site's catalogue of bundles, shown at the bare address.
#[derive(Clone)]
pub enum Landing {
    /// Not the bare address, or the host has no catalogue (the default bundle is shown).
    Off,
    Loading,
    Shown(Arc<Vec<CatalogueEntry>>),
    Failed(String),
}

/// The title of every view that could not be shown (a data file, or a part
/// of the app's code, failed); the message says what and where.
pub const VIEW_FAILED: &str = "This view could not be shown";

/// Where the view is.
#[derive(Clone)]
pub enum ViewLoad {
    Waiting,
    Loading(FilesProgress),
    Failed { title: String, message: String },
    Shown(Arc<Shown>),
}

/// The page's data, shared by every component through context.
#[derive(Clone, Copy)]
pub struct Session {
    /// The link being shown (the query string).
    pub query: RwSignal<String>,
    pub landing: RwSignal<Landing>,
    pub bundle: RwSignal<BundleState>,
    pub view: RwSignal<ViewLoad>,
    /// The view asked for, resolved against the bundle, and the period labels
    /// of its indicator once loaded: navigation and controls follow this, so
    /// they stay usable while a view loads or after it failed.
    pub current: RwSignal<Option<(ViewState, Vec<String>)>>,
    /// Charts drawn of the view shown (the page is ready when all are).
    pub drawn: RwSignal<usize>,
    /// The map's periods are playing (the slider steps on by itself).
    pub playing: RwSignal<bool>,
    loaded: StoredValue<Option<Rc<Bundle>>, LocalStorage>,
    home: StoredValue<Option<Home>, LocalStorage>,
    generation: StoredValue<u64>,
}

impl Session {
    pub fn new() -> Session {
        Session {
            query: RwSignal::new(state::current()),
            landing: RwSignal::new(Landing::Off),
            bundle: RwSignal::new(BundleState::Loading { url: String::new() }),
            view: RwSignal::new(ViewLoad::Waiting),
            current: RwSignal::new(None),
            drawn: RwSignal::new(0),
            playing: RwSignal::new(false),
            loaded: StoredValue::new_local(None),
            home: StoredValue::new_local(None),
            generation: StoredValue::new(0),
        }
    }

    /// Shows `state` and records it as a new history entry (a user's choice,
    /// which also stops the map's periods playing).
    pub fn go(&self, state: &ViewState) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        }
        let q = state.to_query();
        state::push(&q);
        self.query.set(q);
    }

    /// Shows `state` in place of the current history entry (no new entry):
    /// the map's periods playing, one frame after another.
    pub fn show(&self, state: &ViewState) {
        let q = state.to_query();
        state::replace(&q);
        self.query.set(q);
    }

    /// Shows the link `query` (a bundle from the catalogue, or the catalogue
    /// itself with "") and records it as a new history entry.
    pub fn open(&self, query: &str) {
        state::push(query);
        self.query.set(query.to_string());
    }

    /// Loads the current link again (after a failed download).
    pub fn retry(&self) {
        self.query.set(self.query.get_untracked());
    }

    /// Whether the load numbered `generation` is still the newest.
    fn is_latest(&self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    /// Ends the view's load: part of the app's own code could not be downloaded.
    fn code_unavailable(&self, e: CodeUnavailable) {
        self.view.set(ViewLoad::Failed { title: VIEW_FAILED.into(), message: e.to_string() });
    }

    /// Checks a downloaded file, decodes it and adds it to the bundle's
    /// dataset, or adds nothing. Decoding goes a column chunk at a time, and
    /// the browser gets a turn whenever the work since its last has taken
    /// [`SLICE_MS`], so one large file never holds the page (issue 18: no
    /// main-thread task over 100 ms while a view loads). `Ok(false)`: the
    /// load was overtaken by a newer link meanwhile, and the file left out.
    async fn add_file(&self, generation: u64, bundle: &Bundle, file: &DataFile, bytes: &[u8], digest: Option<&str>) -> Result<bool, String> {
        // The engine's code first (usually in already: split::prefetch_view).
        split::engine_ready().await?;
        let mut reader = split::now(split::open_file(file, bytes, digest))??;
        let mut since = js_sys::Date::now();
        while !split::now(split::read_step(&mut reader))?? {
            if !self.turn_after_slice(generation, &mut since).await {
                return Ok(false);
            }
        }
        // Building the table (its breakdown keys) and checking and indexing
        // its rows are a row-by-row pass each: a turn between them too.
        if !self.turn_after_slice(generation, &mut since).await {
            return Ok(false);
        }
        let table = split::now(split::finish_file(reader))??;
        if !self.turn_after_slice(generation, &mut since).await {
            return Ok(false);
        }
        let mut dataset = bundle.dataset.borrow_mut();
        split::now(split::add_table(&mut dataset, file, table))??;
        Ok(true)
    }

    /// Gives the browser a turn if the work since `since` has taken
    /// [`SLICE_MS`] (then `since` is now); false if the load numbered
    /// `generation` was overtaken meanwhile.
    async fn turn_after_slice(&self, generation: u64, since: &mut f64) -> bool {
        if js_sys::Date::now() - *since < SLICE_MS {
            return true;
        }
        crate::browser::yield_now().await;
        *since = js_sys::Date::now();
        self.is_latest(generation)
    }

    /// Loads and computes the view of link `query`.
    pub async fn load(self, query: String) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        if is_landing(&query) {
            self.landing.set(Landing::Loading);
            let catalogue = data::fetch_catalogue().await;
            if !self.is_latest(generation) {
                return;
            }
            match catalogue {
                Ok(Some(entries)) => return self.landing.set(Landing::Shown(Arc::new(entries))),
                Err(message) => return self.landing.set(Landing::Failed(message)),
                // No catalogue on this host: the site opens on its default bundle.
                Ok(None) => {}
            }
        }
        // Every view reads data and shows a page: their code comes alongside the manifest.
        split::prefetch_view();
        // Set only on a change: the page's layout follows this signal.
        if !matches!(self.landing.get_untracked(), Landing::Off) {
            self.landing.set(Landing::Off);
        }
        let raw = parse_query(&query);
        let home_url = raw.data.clone().unwrap_or_else(|| data::DEFAULT_MANIFEST.to_string());
        let home = match self.home.with_value(|h| h.clone()).filter(|h| h.url == home_url) {
            Some(h) => h,
            None => {
                self.bundle.set(BundleState::Loading { url: home_url.clone() });
                self.view.set(ViewLoad::Waiting);
                let (fetched, releases) = futures::join!(data::fetch_manifest(&home_url), data::fetch_releases(&home_url));
                if !self.is_latest(generation) {
                    return;
                }
                match fetched {
                    Ok(m) => {
                        // A broken release list only means the kept releases cannot be offered.
                        let releases = releases.unwrap_or_else(|e| {
                            web_sys::console::warn_1(&e.into());
                            None
                        });
                        let h = Home { url: home_url.clone(), manifest: Arc::new(m), releases };
                        self.home.set_value(Some(h.clone()));
                        h
                    }
                    Err(message) => {
                        self.home.set_value(None);
                        self.loaded.set_value(None);
                        self.bundle.set(BundleState::Failed { url: home_url, message });
                        return;
                    }
                }
            }
        };
        // The release the link names: kept here, or the current one with a notice.
        let (kept, mut release_notice) = choose_release(raw.release.as_deref(), &home.manifest, home.releases.as_ref());
        let url = kept.map(|k| data::kept_release_url(&home.url, k)).unwrap_or_else(|| home.url.clone());
        let bundle = match self.loaded.with_value(|b| b.clone()).filter(|b| b.url == url) {
            Some(b) => b,
            None => {
                let manifest = if url == home.url {
                    Ok((*home.manifest).clone())
                } else {
                    self.view.set(ViewLoad::Waiting);
                    let fetched = data::fetch_manifest(&url).await;
                    if !self.is_latest(generation) {
                        return;
                    }
                    fetched
                };
                let (url, m) = match manifest {
                    Ok(m) => (url, m),
                    // A listed release that cannot be read: the current one, saying so.
                    Err(e) => {
                        web_sys::console::warn_1(&e.into());
                        release_notice = raw.release.as_deref().map(|asked| release_missing(asked, &home.manifest));
                        (home.url.clone(), (*home.manifest).clone())
                    }
                };
                let b = Rc::new(Bundle { url, manifest: Arc::new(m.clone()), dataset: RefCell::new(Dataset::new(m)) });
                self.loaded.set_value(Some(b.clone()));
                self.bundle.set(BundleState::Ready(b.manifest.clone()));
                b
            }
        };
        if !matches!(self.bundle.get_untracked(), BundleState::Ready(ref m) if Arc::ptr_eq(m, &bundle.manifest)) {
            self.bundle.set(BundleState::Ready(bundle.manifest.clone()));
        }
        let (mut state, mut notices) = resolve(raw, &bundle.manifest);
        notices.extend(release_notice);
        pin_release(&mut state, &bundle.manifest, home.releases.as_ref());
        // ECharts and the chart code are fetched only for views that draw
        // charts, alongside their data.
        if view_draws_charts(state.view) {
            chart::load_echarts();
            split::prefetch_charts();
        }
        let known_periods = {
            let d = bundle.dataset.borrow();
            d.periods(&state.ind).iter().map(|p| p.label.clone()).collect::<Vec<_>>()
        };
        self.current.set(Some((state.clone(), known_periods)));
        let missing: Vec<DataFile> = files_missing(&bundle.dataset.borrow(), &state).into_iter().cloned().collect();
        if !missing.is_empty() {
            let total = FilesProgress { done: 0, total: missing.len(), bytes: Progress { loaded: 0, total: Some(missing.iter().map(|f| f.bytes).sum()) } };
            self.view.set(ViewLoad::Loading(total));
            // Bytes received per file and files added, summed into one progress bar.
            let received = RefCell::new(vec![0u64; missing.len()]);
            let added = std::cell::Cell::new(0usize);
            let view = self.view;
            let session = self;
            // Redrawn when a file is added and, as bytes arrive, at most every
            // PROGRESS_MS: a redraw per network chunk of every download cost
            // more than the bar's movement is worth.
            let last_drawn = std::cell::Cell::new(f64::NEG_INFINITY);
            let report = |file_added: bool| {
                let now = js_sys::Date::now();
                if !file_added && now - last_drawn.get() < PROGRESS_MS {
                    return;
                }
                last_drawn.set(now);
                // A load overtaken by a newer link must not touch the page.
                if session.is_latest(generation) {
                    let mut shown = total;
                    shown.done = added.get();
                    shown.bytes.loaded = received.borrow().iter().sum();
                    view.set(ViewLoad::Loading(shown));
                }
            };
            // Up to PARALLEL downloads at once (each waits on the network or the
            // cache, not on this thread), added to the dataset in manifest order
            // as they arrive. Returning drops the stream, which aborts the rest.
            let kept = data::kept(&bundle.url, &missing).await;
            if !self.is_latest(generation) {
                return;
            }
            let downloads = futures::stream::iter(missing.iter().zip(kept).enumerate().map(|(i, (file, kept))| {
                let (received, report) = (&received, &report);
                let on_progress = move |p: Progress| {
                    if let Some(r) = received.borrow_mut().get_mut(i) {
                        *r = p.loaded;
                    }
                    report(false);
                };
                let url = &bundle.url;
                // The SHA-256 is taken as each file arrives, by the browser off this thread.
                async move {
                    let bytes = match data::fetch_file(url, file, kept, &on_progress).await {
                        Ok(b) => {
                            let digest = crate::browser::sha256(&b).await;
                            Ok((b, digest))
                        }
                        Err(e) => Err(e),
                    };
                    (file, bytes)
                }
            }))
            .buffered(PARALLEL_DOWNLOADS);
            futures::pin_mut!(downloads);
            let mut verified = Vec::new();
            while let Some((file, bytes)) = downloads.next().await {
                // A turn for the browser between files: input, the progress
                // bar and painting are never held up by more than one file.
                crate::browser::yield_now().await;
                if !self.is_latest(generation) {
                    return;
                }
                let checked = match bytes {
                    Ok((b, digest)) => self.add_file(generation, &bundle, file, &b, digest.as_deref()).await.map(|added| added.then_some(b)),
                    Err(e) => Err(e),
                };
                match checked {
                    Ok(Some(b)) => verified.push((file.clone(), b)),
                    // Overtaken by a newer link meanwhile.
                    Ok(None) => return,
                    Err(message) => {
                        self.view.set(ViewLoad::Failed { title: VIEW_FAILED.into(), message });
                        return;
                    }
                }
                added.set(added.get() + 1);
                report(true);
            }
            // Stored for the next visit in the background, once every file is in:
            // writing to Cache Storage must not hold up this view's downloads.
            let url = bundle.url.clone();
            leptos::task::spawn_local(async move { data::remember(&url, &verified).await });
            if !self.is_latest(generation) {
                return;
            }
        }
        let engine = split::engine_ready().await;
        if !self.is_latest(generation) {
            return;
        }
        let computed = engine.and_then(|()| {
            let dataset = bundle.dataset.borrow();
            let result = split::now(split::compute_view(&dataset, &state))?;
            let periods: Vec<String> = dataset.periods(&state.ind).iter().map(|p| p.label.clone()).collect();
            Ok((result, periods))
        });
        let (mut result, periods) = match computed {
            Ok(c) => c,
            Err(e) => return self.code_unavailable(e),
        };
        notices.append(&mut result.notices);
        // Computing, building the charts and drawing the page each take a
        // task of their own (no task over 100 ms while a view loads).
        crate::browser::yield_now().await;
        if !self.is_latest(generation) {
            return;
        }
        let charts = if view_draws_charts(state.view) { split::chart_specs(&result).await } else { Ok(Vec::new()) };
        if !self.is_latest(generation) {
            return;
        }
        let mut charts = match charts {
            Ok(c) => c,
            Err(e) => return self.code_unavailable(e),
        };
        crate::browser::yield_now().await;
        if !self.is_latest(generation) {
            return;
        }
        // A map draws shapes ECharts must know first: the level's boundary file, once per page.
        let mut map_problem = None;
        if let Figures::Map(m) = &result.figures {
            if let Some(b) = m.boundary.as_ref().filter(|b| !chart::has_map(&b.map_name())) {
                let registered = match data::fetch_boundary(&bundle.url, b).await {
                    Ok(text) => match chart::echarts_ready().await {
                        Ok(()) => chart::register_map(&b.map_name(), &text),
                        Err(e) => Err(e),
                    },
                    Err(e) => Err(e),
                };
                if !self.is_latest(generation) {
                    return;
                }
                if let Err(e) = registered {
                    map_problem = Some(e);
                    charts.retain(|c| c.key != "map");
                }
            }
        }
        // The page's code, usually in already (split::prefetch_view).
        let pages = split::pages_ready().await;
        if !self.is_latest(generation) {
            return;
        }
        if let Err(e) = pages {
            return self.code_unavailable(e.into());
        }
        // The address bar shows the canonical link of what is on screen.
        state::replace(&result.query);
        self.current.set(Some((state.clone(), periods)));
        self.drawn.set(0);
        let accessed = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
        let recipe = Recipe::of(&result, &state::absolute_url(&home.url), &state::absolute(&result.query), &accessed);
        self.view.set(ViewLoad::Shown(Arc::new(Shown { state, notices, result, charts, map_problem, recipe })));
    }
}

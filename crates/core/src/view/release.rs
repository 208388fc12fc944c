//! Which release of a bundle a link shows (`release=`), and whether the
//! canonical link names it.
//!
//! A link names a release to pin its numbers: a board paper's link shows the
//! same figures after the publisher's next release, as long as the host keeps
//! that release (`bundle::ReleaseIndex`, `releases.json`). A link to a release
//! the host does not keep shows the current one with a [`Notice`] naming both.
//! The canonical link carries `release=` only once the host keeps more than
//! one release, so a bundle with one release keeps its short links.

use super::notice::Notice;
use super::state::ViewState;
use crate::bundle::{KeptRelease, Manifest, ReleaseIndex};
use crate::params::Param;

/// The kept release a link asks for, or the notice that it is not kept
/// (None and no notice: the current release, asked for or by default).
pub fn choose_release<'a>(asked: Option<&str>, current: &Manifest, index: Option<&'a ReleaseIndex>) -> (Option<&'a KeptRelease>, Option<Notice>) {
    let Some(asked) = asked.filter(|a| *a != current.release_id()) else {
        return (None, None);
    };
    match index.and_then(|i| i.kept.iter().find(|k| k.id == asked)) {
        Some(kept) => (Some(kept), None),
        None => (None, Some(release_missing(asked, current))),
    }
}

/// The notice for a link to release `asked` when `shown` is shown instead.
pub fn release_missing(asked: &str, shown: &Manifest) -> Notice {
    Notice::new(Param::Release.name(), asked, format!("release {asked} is not kept on this host; showing release {}, the current one", shown.release_id()))
}

/// Records the release shown in `state`, so the canonical link names it when
/// the host keeps more than one release (`index` lists a kept one).
pub fn pin_release(state: &mut ViewState, shown: &Manifest, index: Option<&ReleaseIndex>) {
    state.release = index.filter(|i| !i.kept.is_empty()).map(|_| shown.release_id().to_string());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::kept_manifest_path;
    use crate::table::fixture;
    use crate::view::{parse_query, resolve};

    fn index() -> ReleaseIndex {
        ReleaseIndex {
            current: "2024-06-01".into(),
            kept: vec![KeptRelease { id: "2023-06-01".into(), manifest: kept_manifest_path("2023-06-01"), published: "2023-06-01".into() }],
        }
    }

    #[test]
    fn a_kept_release_is_opened_and_a_missing_one_named() {
        let m = fixture::manifest();
        let i = index();
        assert_eq!(choose_release(None, &m, Some(&i)), (None, None));
        assert_eq!(choose_release(Some("2024-06-01"), &m, Some(&i)), (None, None), "the current release");
        assert_eq!(choose_release(Some("2023-06-01"), &m, Some(&i)).0.map(|k| k.manifest.as_str()), Some("releases/2023-06-01/manifest.json"));
        let (kept, notice) = choose_release(Some("1999-01-01"), &m, None);
        assert!(kept.is_none());
        assert_eq!(notice.unwrap().to_string(), "release=1999-01-01: release 1999-01-01 is not kept on this host; showing release 2024-06-01, the current one");
    }

    #[test]
    fn the_link_names_the_release_only_when_the_host_keeps_several() {
        let m = fixture::manifest();
        let (mut s, notices) = resolve(parse_query("view=trend&release=1999-01-01"), &m);
        assert!(notices.is_empty(), "resolving leaves the release to choose_release");
        pin_release(&mut s, &m, None);
        assert_eq!(s.to_query(), "view=trend");
        pin_release(&mut s, &m, Some(&ReleaseIndex { current: "2024-06-01".into(), kept: vec![] }));
        assert_eq!(s.to_query(), "view=trend");
        pin_release(&mut s, &m, Some(&index()));
        assert_eq!(s.to_query(), "view=trend&release=2024-06-01");
        assert_eq!(parse_query(&s.to_query()).release.as_deref(), Some("2024-06-01"));
        let bad = parse_query("release=../x");
        assert_eq!((bad.release, bad.notices.len()), (None, 1));
    }
}

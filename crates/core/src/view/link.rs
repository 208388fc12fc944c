//! The two links that are not a view state: the site's landing page (the bare
//! address, no query at all: its catalogue of bundles) and the link that opens
//! a bundle from that catalogue (`data=` its manifest, every other choice at
//! its default).

use crate::params::{encode, Param};

/// True for the landing page's query string: nothing at all (a lone `?` or `&` counts as nothing).
pub fn is_landing(query: &str) -> bool {
    query.split('&').all(|part| part.trim_start_matches('?').is_empty())
}

/// The query string that opens the bundle whose manifest is at `manifest_url` on its default view.
pub fn bundle_link(manifest_url: &str) -> String {
    format!("{}={}", Param::Data.name(), encode(manifest_url, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;
    use crate::view::{parse_query, resolve, View};

    #[test]
    fn only_the_bare_address_is_the_landing_page() {
        assert!(is_landing(""));
        assert!(is_landing("?"));
        assert!(is_landing("&&"));
        assert!(!is_landing("view=overview"));
        assert!(!is_landing("org=E54000008"));
    }

    #[test]
    fn a_bundle_link_opens_that_bundle_on_its_default_view() {
        let q = bundle_link("real/a&e/manifest.json");
        assert_eq!(q, "data=real/a%26e/manifest.json");
        let (s, notices) = resolve(parse_query(&q), &fixture::manifest());
        assert!(notices.is_empty());
        assert_eq!((s.view, s.data.as_deref()), (View::Overview, Some("real/a&e/manifest.json")));
        assert_eq!(s.to_query(), q, "the canonical link keeps naming the bundle");
    }
}

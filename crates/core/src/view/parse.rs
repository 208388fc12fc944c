//! Stage one of reading a link: the query string's syntax only, as ripgrep
//! reads "low-level" arguments before resolving them. Nothing here knows the
//! bundle; values that need it (organisation codes, indicator ids, period
//! labels) are kept as text for [`super::resolve`].
//!
//! [`parse_query`] never fails and never panics, whatever the input: a value
//! that is repeated, empty, longer than `max_value_length`, badly
//! percent-encoded or not one of the allowed values is dropped with a
//! [`Notice`], and the rest of the link still counts.

use super::notice::Notice;
use crate::params::decode;
use crate::params::{spec, Param};
use crate::params::{Bench, BenchMethod, Breakdown, Colour, Layout, PeerSpec, Target, TimeRange, View, Within};
use serde::Serialize;

/// A link's parameters, checked for syntax only.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RawView {
    pub view: Option<View>,
    pub org: Option<String>,
    pub ind: Option<String>,
    pub period: Option<String>,
    pub time: Option<TimeRange>,
    pub breakdown: Option<Breakdown>,
    /// A dimension id (checked against the bundle by `resolve`).
    pub slice: Option<String>,
    pub within: Option<Within>,
    pub layout: Option<Layout>,
    pub peers: Option<PeerSpec>,
    pub target: Option<Target>,
    pub bench: Option<Bench>,
    pub method: Option<BenchMethod>,
    pub level: Option<String>,
    pub colour: Option<Colour>,
    pub data: Option<String>,
    /// A release id, checked for syntax only (`bundle::release_id_problem`).
    pub release: Option<String>,
    pub embed: bool,
    /// What was ignored, in the order met.
    pub notices: Vec<Notice>,
}

/// Parses a query string (with or without the leading `?`; a `#fragment` is
/// ignored). See the module docs for what is dropped.
pub fn parse_query(query: &str) -> RawView {
    let query = query.strip_prefix('?').unwrap_or(query);
    let query = query.split('#').next().unwrap_or("");
    let mut raw = RawView::default();
    let mut seen: Vec<Param> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let max = spec().max_value_length;
        let Some(name) = decode(key).filter(|_| key.len() <= max) else {
            raw.notices.push(Notice::new(key, "", "not a readable parameter name; ignored"));
            continue;
        };
        let Some(param) = Param::from_name(&name) else {
            raw.notices.push(Notice::new(&name, value, "not a healthdash parameter; ignored"));
            continue;
        };
        if seen.contains(&param) {
            raw.notices.push(Notice::new(&name, value, "given more than once; the first value is used"));
            continue;
        }
        seen.push(param);
        // Counted decoded, in characters: the canonical link `ViewState::to_query`
        // writes percent-encodes (`é` is 6 bytes there), and must read back the same.
        if decode(value).map_or(value.len(), |v| v.chars().count()) > max {
            raw.notices.push(Notice::new(&name, value, format!("longer than {max} characters; ignored")));
            continue;
        }
        if let Err(reason) = set(&mut raw, param, value) {
            raw.notices.push(Notice::new(&name, value, reason));
        }
    }
    if raw.notices.len() > MAX_NOTICES {
        let more = raw.notices.len() - MAX_NOTICES;
        raw.notices.truncate(MAX_NOTICES);
        raw.notices.push(Notice::new("", "", format!("{more} more problems in the link were ignored")));
    }
    raw
}

/// The most notices one link produces; the rest are counted in one more.
const MAX_NOTICES: usize = 20;

/// Decodes a whole value, trimmed; refuses empty values and control characters.
fn text(value: &str) -> Result<String, String> {
    let v = decode(value).ok_or("not valid percent-encoded UTF-8; ignored")?;
    let v = v.trim();
    if v.is_empty() {
        return Err("empty; ignored".into());
    }
    if v.chars().any(char::is_control) {
        return Err("contains control characters; ignored".into());
    }
    Ok(v.to_string())
}

fn choice<T>(value: &str, param: Param, from_id: fn(&str) -> Option<T>) -> Result<T, String> {
    let v = text(value)?;
    from_id(&v).ok_or_else(|| format!("not one of {}; ignored", param.def().values.join(", ")))
}

fn set(raw: &mut RawView, param: Param, value: &str) -> Result<(), String> {
    match param {
        Param::View => raw.view = Some(choice(value, param, View::from_id)?),
        Param::Org => raw.org = Some(text(value)?),
        Param::Ind => raw.ind = Some(text(value)?),
        Param::Period => raw.period = Some(text(value)?),
        Param::Time => raw.time = Some(time(value)?),
        Param::Breakdown => raw.breakdown = Some(choice(value, param, Breakdown::from_id)?),
        Param::Slice => raw.slice = Some(text(value)?),
        Param::Within => raw.within = Some(within(value)?),
        Param::Layout => raw.layout = Some(choice(value, param, Layout::from_id)?),
        Param::Peers => raw.peers = Some(peers(value)?),
        Param::Target => raw.target = Some(choice(value, param, Target::from_id)?),
        Param::Bench => raw.bench = Some(choice(value, param, Bench::from_id)?),
        Param::Method => raw.method = Some(choice(value, param, BenchMethod::from_id)?),
        Param::Level => raw.level = Some(text(value)?),
        Param::Colour => raw.colour = Some(choice(value, param, Colour::from_id)?),
        Param::Data => raw.data = Some(data_url(&text(value)?)?),
        Param::Release => {
            let id = text(value)?;
            if let Some(problem) = crate::bundle::release_id_problem(&id) {
                return Err(format!("{problem}; ignored"));
            }
            raw.release = Some(id);
        }
        Param::Embed => {
            choice(value, param, |v| (Param::Embed.def().values.iter().any(|x| x == v)).then_some(()))?;
            raw.embed = true;
        }
    }
    Ok(())
}

/// `DIMENSION` or `DIMENSION:CATEGORY`, split before decoding so that an
/// encoded `:` may appear in a category.
fn within(value: &str) -> Result<Within, String> {
    let sep = Param::Within.def().category_separator.clone().unwrap_or_else(|| ":".into());
    match value.split_once(sep.as_str()) {
        Some((d, "")) => Ok(Within { dimension: text(d)?, category: None }),
        Some((d, c)) => Ok(Within { dimension: text(d)?, category: Some(text(c)?) }),
        None => Ok(Within { dimension: text(value)?, category: None }),
    }
}

/// `START..END`, split before decoding so that an encoded `.` may appear in a label.
fn time(value: &str) -> Result<TimeRange, String> {
    let sep = &spec().range_separator;
    let (a, b) = value.split_once(sep.as_str()).ok_or_else(|| format!("not a range START{sep}END; ignored"))?;
    let end = |s: &str| -> Result<Option<String>, String> {
        if s.is_empty() {
            Ok(None)
        } else {
            text(s).map(Some)
        }
    };
    let range = TimeRange { start: end(a)?, end: end(b)? };
    if range.start.is_none() && range.end.is_none() {
        return Err("a range with neither end; ignored".into());
    }
    Ok(range)
}

fn peers(value: &str) -> Result<PeerSpec, String> {
    let def = Param::Peers.def();
    let whole = text(value)?;
    match def.values.iter().position(|v| *v == whole) {
        Some(0) => return Ok(PeerSpec::Cluster),
        Some(_) => return Ok(PeerSpec::Type),
        None => {}
    }
    let prefix = def.nearest_prefix.as_deref().unwrap_or("nn:");
    let (lo, hi) = (def.nearest_min.unwrap_or(1), def.nearest_max.unwrap_or(50));
    if let Some(k) = whole.strip_prefix(prefix) {
        return match k.parse::<u32>() {
            Ok(k) if (lo..=hi).contains(&k) => Ok(PeerSpec::Nearest(k)),
            _ => Err(format!("{prefix}K needs a whole number K from {lo} to {hi}; ignored")),
        };
    }
    let mut codes: Vec<String> = Vec::new();
    for item in value.split(spec().list_separator.as_str()) {
        let code = text(item).map_err(|e| format!("a peer code is {e}"))?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(PeerSpec::List(codes))
}

/// Accepts an `https:` URL or a relative / same-origin path; anything that
/// could load from another origin without TLS, or run code, is refused.
fn data_url(url: &str) -> Result<String, String> {
    const REFUSED: &str = "only an https: URL or a path on this site is allowed; ignored";
    if url.chars().any(|c| c.is_whitespace() || c == '\\') {
        return Err("contains spaces or backslashes; ignored".into());
    }
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://") {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority.is_empty() || authority.contains('@') {
            return Err("not a usable https: address (no host, or a user name in it); ignored".into());
        }
        return Ok(url.to_string());
    }
    if url.starts_with("//") {
        return Err(REFUSED.into());
    }
    // A colon before the first `/`, `?` or `#` means a scheme (http:, javascript:, data: …).
    let head = url.split(['/', '?', '#']).next().unwrap_or("");
    if head.contains(':') {
        return Err(REFUSED.into());
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reasons(raw: &RawView) -> Vec<(String, String)> {
        raw.notices.iter().map(|n| (n.param.clone(), n.reason.clone())).collect()
    }

    #[test]
    fn reads_every_parameter() {
        let raw = parse_query(
            "?view=compare&org=E54000008&ind=ae_4_hours&period=Apr+2024&time=2022..2024&breakdown=deprivation\
             &peers=nn:5&target=quartile&bench=parent&level=trust&colour=quintile&data=https://x.org/b/manifest.json&embed=1#top",
        );
        assert!(raw.notices.is_empty(), "{:?}", raw.notices);
        assert_eq!(raw.view, Some(View::Compare));
        assert_eq!(raw.org.as_deref(), Some("E54000008"));
        assert_eq!(raw.period.as_deref(), Some("Apr 2024"));
        assert_eq!(raw.time, Some(TimeRange { start: Some("2022".into()), end: Some("2024".into()) }));
        assert_eq!(raw.breakdown, Some(Breakdown::Deprivation));
        assert_eq!(raw.peers, Some(PeerSpec::Nearest(5)));
        assert_eq!(raw.target, Some(Target::Quartile));
        assert_eq!(raw.bench, Some(Bench::Parent));
        assert_eq!(raw.level.as_deref(), Some("trust"));
        assert_eq!(raw.colour, Some(Colour::Quintile));
        assert_eq!(raw.data.as_deref(), Some("https://x.org/b/manifest.json"));
        assert!(raw.embed);
    }

    #[test]
    fn slices_within_a_category_and_layouts() {
        let raw = parse_query("view=inequalities&slice=ethnicity&within=deprivation_quintile:1&layout=crosstab");
        assert!(raw.notices.is_empty(), "{:?}", raw.notices);
        assert_eq!(raw.slice.as_deref(), Some("ethnicity"));
        assert_eq!(raw.within, Some(Within { dimension: "deprivation_quintile".into(), category: Some("1".into()) }));
        assert_eq!(raw.layout, Some(Layout::Crosstab));
        // Every category, and a category holding the separator (encoded).
        assert_eq!(parse_query("within=deprivation_decile").within, Some(Within { dimension: "deprivation_decile".into(), category: None }));
        let w = parse_query("within=disability:Yes%3A+limited+a+lot").within.unwrap();
        assert_eq!(w.category.as_deref(), Some("Yes: limited a lot"));
        // Written back, the category's colon needs no escape: the first one separates.
        assert_eq!(w.encoded(), "disability:Yes:+limited+a+lot");
        assert_eq!(parse_query(&format!("within={}", w.encoded())).within, Some(w));
        assert_eq!(reasons(&parse_query("layout=donut")), vec![("layout".into(), "not one of bars, pyramid, crosstab; ignored".into())]);
        assert_eq!(reasons(&parse_query("within=:1")), vec![("within".into(), "empty; ignored".into())]);
    }

    #[test]
    fn peer_lists_and_open_ranges() {
        let raw = parse_query("peers=RXH~RYR~RXH&time=..Mar+2024");
        assert_eq!(raw.peers, Some(PeerSpec::List(vec!["RXH".into(), "RYR".into()])));
        assert_eq!(raw.time, Some(TimeRange { start: None, end: Some("Mar 2024".into()) }));
        let raw = parse_query("time=2019%2E5..");
        assert_eq!(raw.time, Some(TimeRange { start: Some("2019.5".into()), end: None }));
    }

    #[test]
    fn repeated_parameters_keep_the_first() {
        let raw = parse_query("org=A&org=B");
        assert_eq!(raw.org.as_deref(), Some("A"));
        assert_eq!(reasons(&raw), vec![("org".into(), "given more than once; the first value is used".into())]);
    }

    #[test]
    fn empty_huge_malformed_and_unknown_values_are_dropped_with_a_notice() {
        let huge = format!("org={}", "A".repeat(2001));
        for (q, param) in [
            ("org=", "org"),
            ("org=+++", "org"),
            ("embed", "embed"),
            (huge.as_str(), "org"),
            ("ind=%E0%A4", "ind"),
            ("period=%zz", "period"),
            ("colour=red", "colour"),
            ("view=atlas", "view"),
            ("breakdown=income", "breakdown"),
            ("target=best", "target"),
            ("bench=world", "bench"),
            ("embed=0", "embed"),
            ("time=2022", "time"),
            ("time=..", "time"),
            ("peers=nn:0", "peers"),
            ("peers=nn:51", "peers"),
            ("peers=nn:five", "peers"),
            ("peers=A~~B", "peers"),
            ("org=a%00b", "org"),
            ("%zz=1", "%zz"),
        ] {
            let raw = parse_query(q);
            assert_eq!(raw.notices.len(), 1, "{q}: {:?}", raw.notices);
            assert_eq!(raw.notices[0].param, param, "{q}");
            assert_eq!(RawView { notices: vec![], ..raw }, RawView::default(), "{q} left a value behind");
        }
        // A 2000-character value is still accepted.
        assert_eq!(parse_query(&format!("org={}", "A".repeat(2000))).org.map(|o| o.len()), Some(2000));
    }

    #[test]
    fn data_accepts_https_and_same_origin_paths_only() {
        for ok in [
            "https://example.org/b/manifest.json",
            "HTTPS://Example.org/m.json",
            "/bundles/x/manifest.json",
            "other/manifest.json",
            "../b/manifest.json",
            "./m.json?v=2",
        ] {
            assert_eq!(parse_query(&format!("data={ok}")).data.as_deref(), Some(ok), "{ok}");
        }
        for bad in [
            "http://example.org/manifest.json",
            "javascript:alert(1)",
            "JavaScript%3Aalert(1)",
            "data:application/json,{}",
            "//evil.example/manifest.json",
            "/%5Cevil.example/m.json",
            "https://user@evil.example/m.json",
            "https:///m.json",
            "file:///etc/passwd",
            "ftp://x/m.json",
        ] {
            let raw = parse_query(&format!("data={bad}"));
            assert_eq!(raw.data, None, "{bad} was accepted");
            assert_eq!(raw.notices.len(), 1, "{bad}");
        }
    }

    #[test]
    fn a_flood_of_bad_parameters_gives_a_bounded_list() {
        let q: Vec<String> = (0..5000).map(|i| format!("x{i}=1")).collect();
        let raw = parse_query(&q.join("&"));
        assert_eq!(raw.notices.len(), MAX_NOTICES + 1);
        assert_eq!(raw.notices[MAX_NOTICES].reason, "4980 more problems in the link were ignored");
    }

    proptest! {
        #[test]
        fn never_panics_on_any_input(s in ".{0,300}") {
            let _ = parse_query(&s);
        }

        #[test]
        fn never_panics_on_query_shaped_input(pairs in prop::collection::vec(("(view|org|ind|period|time|breakdown|peers|target|bench|level|colour|data|embed|x|%[0-9a-fA-F]{0,2})", "[a-zA-Z0-9%~.:/+=&#?-]{0,40}"), 0..12)) {
            let q: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let raw = parse_query(&q.join("&"));
            // Every notice names a parameter (possibly empty) and gives a reason.
            prop_assert!(raw.notices.iter().all(|n| !n.reason.is_empty()));
        }
    }
}

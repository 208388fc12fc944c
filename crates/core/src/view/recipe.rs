//! Every export carries its recipe: where the numbers came from, under what
//! licence, from which bundle and release, by which link, on what day — so a
//! figure pasted into a board paper can be traced and made again.
//!
//! A [`Recipe`] is what the app's "Download recipe" gives (JSON, see
//! [`recipe_json`]); `healthdash query DIR --recipe FILE` replays it to the
//! same bytes as the app's CSV download ([`csv_with_recipe`]). Images carry
//! the same lines as a caption ([`caption_lines`]): drawn under a PNG by the
//! app, and added to an SVG by [`svg_with_recipe`], which also puts them in
//! the SVG's `<desc>`.
//!
//! The CSV's recipe block is always [`RECIPE_LINES`] lines, each one quoted
//! field starting `# `, before the table's header, so every reader skips it
//! the same way: pandas `read_csv(f, skiprows=7)`, DuckDB
//! `read_csv('f', skip=7)`, R `read.csv(f, skip=7)`; Excel shows the lines in
//! column A above the table. Documented in `docs/bundle-format.md` ("Exports").

use super::compute::ViewResult;
use super::csv::{to_csv, view_csv, Table};
use crate::period::parse_iso_date;
use serde::{Deserialize, Serialize};

/// The version of healthdash that wrote a recipe (the workspace version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The recipe format this build writes and reads.
pub const RECIPE_FORMAT: u32 = 1;

/// Lines of the CSV's recipe block, before the table's header.
pub const RECIPE_LINES: usize = 7;

/// How to make an export again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipe {
    /// [`RECIPE_FORMAT`].
    pub healthdash_recipe: u32,
    /// The bundle's (current) `manifest.json`, as an absolute URL.
    pub bundle: String,
    /// The release shown (`Manifest::release_id`).
    pub release: String,
    /// The view's canonical query string.
    pub query: String,
    /// The page's address for the view.
    pub link: String,
    /// The day the data was read, `YYYY-MM-DD`.
    pub accessed: String,
    /// The healthdash version that made the export.
    pub healthdash: String,
}

impl Recipe {
    /// The recipe of `result`, read from the bundle at `bundle` on `accessed`
    /// (a date, or an ISO 8601 timestamp whose date is taken), shown at `link`.
    pub fn of(result: &ViewResult, bundle: &str, link: &str, accessed: &str) -> Recipe {
        Recipe {
            healthdash_recipe: RECIPE_FORMAT,
            bundle: bundle.to_string(),
            release: result.bundle.release.clone(),
            query: result.query.clone(),
            link: link.to_string(),
            accessed: accessed.get(..10).unwrap_or(accessed).to_string(),
            healthdash: VERSION.to_string(),
        }
    }
}

/// The recipe as the "Download recipe" file: pretty JSON with a final newline.
pub fn recipe_json(recipe: &Recipe) -> String {
    let mut s = serde_json::to_string_pretty(recipe).unwrap_or_default();
    s.push('\n');
    s
}

/// Reads a recipe file; errors name the file and the field.
pub fn parse_recipe(file: &str, text: &str) -> Result<Recipe, String> {
    let r: Recipe = serde_json::from_str(text).map_err(|e| format!("{file}: not a healthdash recipe: {e}"))?;
    if r.healthdash_recipe != RECIPE_FORMAT {
        return Err(format!("{file}: recipe format {} is not one this healthdash reads ({RECIPE_FORMAT})", r.healthdash_recipe));
    }
    if parse_iso_date(&r.accessed).is_none() {
        return Err(format!("{file}: \"accessed\": \"{}\" is not a date (expected YYYY-MM-DD)", r.accessed));
    }
    if r.release.trim().is_empty() {
        return Err(format!("{file}: \"release\" is empty"));
    }
    Ok(r)
}

/// One line: CR and LF become spaces, so every line of the block is one line of the file.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// The recipe in words, one line each: source, licence, bundle, release,
/// link, date accessed, and how the export was made.
pub fn caption_lines(result: &ViewResult, recipe: &Recipe) -> Vec<String> {
    let b = &result.bundle;
    let source =
        if b.attribution.trim().is_empty() || b.attribution == b.publisher { b.publisher.clone() } else { format!("{} ({})", b.attribution, b.publisher) };
    [
        format!("Source: {source}"),
        format!("Licence: {}", b.licence),
        format!("Bundle: {}, {}", b.title, recipe.bundle),
        format!("Release: {}", recipe.release),
        format!("Link: {}", recipe.link),
        format!("Accessed: {}", recipe.accessed),
        format!("Made with healthdash {}; the table starts on line {}", recipe.healthdash, RECIPE_LINES + 1),
    ]
    .iter()
    .map(|l| one_line(l))
    .collect()
}

/// The caption under a downloaded image: the recipe's first six lines and
/// the healthdash version (the CSV's note on where its table starts has no
/// place under a picture).
pub fn image_caption(result: &ViewResult, recipe: &Recipe) -> Vec<String> {
    let mut lines = caption_lines(result, recipe);
    lines.truncate(RECIPE_LINES - 1);
    lines.push(format!("Made with healthdash {}", recipe.healthdash));
    lines
}

/// `lines` wrapped at spaces to at most `max_chars` characters each (a word
/// longer than that, such as a long link, keeps a line to itself), for a
/// caption under an image of limited width.
pub fn wrap_lines(lines: &[String], max_chars: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > max_chars {
                out.push(std::mem::take(&mut current));
                current.push_str("  ");
            } else if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    out
}

/// The CSV download: the recipe block ([`RECIPE_LINES`] lines, each `# ` and
/// a caption line, one quoted field when it needs quoting) then the view's table.
pub fn csv_with_recipe(result: &ViewResult, recipe: &Recipe) -> String {
    let mut out: String = caption_lines(result, recipe).iter().map(|l| to_csv(&Table { columns: vec![format!("# {l}")], rows: Vec::new() })).collect();
    out.push_str(&view_csv(result));
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Height of one caption line in an SVG, in its user units (pixels).
const SVG_LINE: f64 = 15.0;

/// The value of attribute `name` in the tag text `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<(usize, &'a str)> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag.get(start..)?.find('"')?;
    Some((start, tag.get(start..start + len)?))
}

/// `svg` (one ECharts drew) with the caption below the chart: the image is
/// made taller by the caption's lines, which are drawn on white, and put in a
/// `<desc>` too. Refuses an SVG whose root has no numeric width and height.
pub fn svg_with_recipe(svg: &str, lines: &[String]) -> Result<String, String> {
    let open = svg.find("<svg").ok_or("not an SVG image: no <svg> element")?;
    let close = open + svg.get(open..).and_then(|s| s.find('>')).ok_or("not an SVG image: the <svg> tag is not closed")?;
    let tag = svg.get(open..close).unwrap_or("");
    let number = |name: &str| attribute(tag, name).and_then(|(_, v)| v.trim_end_matches("px").parse::<f64>().ok());
    let (width, height) = number("width").zip(number("height")).ok_or("the SVG has no numeric width and height")?;
    let extra = SVG_LINE * lines.len() as f64 + 10.0;
    let new_height = height + extra;
    let mut new_tag = tag.to_string();
    if let Some((at, old)) = attribute(tag, "viewBox") {
        new_tag.replace_range(at..at + old.len(), &format!("0 0 {width} {new_height}"));
    }
    if let Some((at, old)) = attribute(&new_tag.clone(), "height") {
        new_tag.replace_range(at..at + old.len(), &format!("{new_height}"));
    }
    let end = svg.rfind("</svg>").ok_or("not an SVG image: no </svg>")?;
    let desc = format!("<desc>{}</desc>", xml_escape(&lines.join("\n")));
    let mut caption = format!("<g class=\"healthdash-recipe\"><rect x=\"0\" y=\"{height}\" width=\"{width}\" height=\"{extra}\" fill=\"#ffffff\"/>");
    for (i, line) in lines.iter().enumerate() {
        let y = height + SVG_LINE * (i as f64 + 1.0);
        caption.push_str(&format!("<text x=\"8\" y=\"{y}\" font-family=\"Arial, sans-serif\" font-size=\"11\" fill=\"#425563\">{}</text>", xml_escape(line)));
    }
    caption.push_str("</g>");
    let (head, rest) = (svg.get(..open).unwrap_or(""), svg.get(close..end).unwrap_or(""));
    let inner = rest.get(1..).unwrap_or("");
    Ok(format!("{head}{new_tag}>{desc}{inner}{caption}</svg>{}", svg.get(end + "</svg>".len()..).unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;
    use crate::view::{compute, parse_query, resolve};

    fn result(q: &str) -> ViewResult {
        let ds = fixture::dataset();
        let (s, _) = resolve(parse_query(q), ds.manifest());
        compute(&ds, &s)
    }

    fn recipe(r: &ViewResult) -> Recipe {
        Recipe::of(r, "https://example.org/b/manifest.json", &format!("https://example.org/?{}", r.query), "2026-11-30T09:01:02.000Z")
    }

    #[test]
    fn the_recipe_reads_back_and_bad_ones_are_named() {
        let r = result("view=trend&org=P1");
        let rec = recipe(&r);
        assert_eq!((rec.accessed.as_str(), rec.release.as_str(), rec.query.as_str()), ("2026-11-30", "2024-06-01", "view=trend&org=P1"));
        assert_eq!(parse_recipe("r.json", &recipe_json(&rec)), Ok(rec.clone()));
        let mut bad = rec.clone();
        bad.accessed = "30/11/2026".into();
        assert_eq!(parse_recipe("r.json", &recipe_json(&bad)).unwrap_err(), "r.json: \"accessed\": \"30/11/2026\" is not a date (expected YYYY-MM-DD)");
        bad = rec;
        bad.healthdash_recipe = 9;
        assert!(parse_recipe("r.json", &recipe_json(&bad)).unwrap_err().contains("recipe format 9"));
        assert!(parse_recipe("r.json", "{}").unwrap_err().starts_with("r.json: not a healthdash recipe"));
    }

    // What a reader checks: seven lines naming source, licence, bundle, release, link and date,
    // then the table exactly as `view_csv` writes it; a comma in a line is quoted, not split.
    #[test]
    fn the_csv_starts_with_seven_recipe_lines_then_the_table() {
        let r = result("view=trend&org=P1");
        let rec = recipe(&r);
        let csv = csv_with_recipe(&r, &rec);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        let image = image_caption(&r, &rec);
        assert_eq!(image.len(), RECIPE_LINES);
        assert_eq!(image.last().map(String::as_str), Some(format!("Made with healthdash {VERSION}").as_str()));
        assert!(image.iter().zip(&lines).take(RECIPE_LINES - 1).all(|(i, l)| l.trim_matches('"') == format!("# {i}")));
        assert!(lines.iter().take(RECIPE_LINES).all(|l| l.starts_with("# ") || l.starts_with("\"# ")));
        assert!(lines[2].contains("Bundle: ") && lines[2].contains("https://example.org/b/manifest.json") && lines[2].starts_with('"'), "{}", lines[2]);
        assert_eq!(lines[3], "# Release: 2024-06-01");
        assert_eq!(lines[4], "# Link: https://example.org/?view=trend&org=P1");
        assert_eq!(lines[5], "# Accessed: 2026-11-30");
        assert!(lines[1].starts_with("# Licence: "));
        assert_eq!(csv.split_once(&format!("{}\r\n", lines[6])).map(|(_, t)| t.to_string()), Some(view_csv(&r)));
    }

    #[test]
    fn long_caption_lines_wrap_at_spaces_and_continue_indented() {
        let lines = vec!["Source: one two three four".to_string(), "Link: https://example.org/?a=1".to_string()];
        assert_eq!(wrap_lines(&lines, 14), ["Source: one", "  two three", "  four", "Link:", "  https://example.org/?a=1"]);
        assert_eq!(wrap_lines(&lines, 100), lines);
    }

    #[test]
    fn an_svg_gets_its_caption_below_the_chart() {
        let svg = r#"<svg width="600" height="400" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 400"><text>Chart</text></svg>"#;
        let lines = vec!["Source: A & B".to_string(), "Link: https://x/?a=1&b=<2>".to_string()];
        let out = svg_with_recipe(svg, &lines).unwrap();
        assert!(out.starts_with(r#"<svg width="600" height="440" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 440"><desc>Source: A &amp; B"#), "{out}");
        assert!(out.contains("<text>Chart</text>") && out.ends_with("</g></svg>"));
        assert!(
            out.contains(r##"<text x="8" y="430" font-family="Arial, sans-serif" font-size="11" fill="#425563">Link: https://x/?a=1&amp;b=&lt;2&gt;</text>"##),
            "{out}"
        );
        assert!(svg_with_recipe("<svg><g/></svg>", &lines).is_err());
        assert!(svg_with_recipe("not svg", &lines).is_err());
    }
}

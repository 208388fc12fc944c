//! English Indices of Deprivation 2025 summaries by ICB and by local
//! authority (`imd2025_england_icb24.csv`, `imd2025_england_ltla24.csv`) as
//! context for nearest-neighbour peers: each organisation of the bundle with
//! that code gets `imd_average_score` (population-weighted average of its
//! neighbourhoods' IMD scores; higher = more deprived). Codes the bundle does
//! not hold are ignored, so the same file serves any bundle. Its names (with
//! current codes) name organisations other inputs left unnamed.

use super::csvin::CsvInput;
use super::import::Import;
use healthdash_core::bundle::ContextVariable;

pub const IMD_SCORE: &str = "imd_average_score";

pub fn detect(header: &[String]) -> bool {
    let has = |n: &str| header.iter().any(|h| h == n);
    has(IMD_SCORE) && (has("icb24_code") || has("ltla24_code"))
}

pub fn read(input: &mut CsvInput) -> Result<Import, Vec<String>> {
    const FORMAT: &str = "IMD 2025 summary";
    let code = input.require("icb24_code", FORMAT).or_else(|_| input.require("ltla24_code", FORMAT)).map_err(|e| vec![e])?;
    let score = input.require(IMD_SCORE, FORMAT).map_err(|e| vec![e])?;
    let name = input.optional("icb24_name");
    let name = if input.require("icb24_name", FORMAT).is_ok() { name } else { input.optional("ltla24_name") };
    let mut import = Import::new(&input.file, "", "");
    import.context_variables.push(ContextVariable { id: IMD_SCORE.into(), name: "IMD 2025 average score".into(), unit: "score".into() });
    let (context, names) = (&mut import.context, &mut import.names);
    input.for_each(|row| {
        let c = row.required_text(code, "an area code")?;
        if !row.text(name).is_empty() {
            names.push((c.to_string(), row.text(name).to_string()));
        }
        if let Some(x) = row.number(score)? {
            context.push((c.to_string(), IMD_SCORE.into(), x));
        }
        Ok(())
    })?;
    Ok(import)
}

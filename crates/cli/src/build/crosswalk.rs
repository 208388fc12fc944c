//! The code crosswalk (`boundaries/code_crosswalk.csv`): older organisation
//! codes some files still use → the current codes the boundary files and the
//! IMD 2025 tables use (ICB22 → ICB23 for Surrey Heartlands and Sussex; NHS
//! regions renumbered in 2024). Given as an input, it renames every
//! organisation of every input (see `assemble::rename_codes`), so a bundle
//! carries current codes wherever they exist.

use super::csvin::CsvInput;
use super::import::Import;

pub fn detect(header: &[String]) -> bool {
    let has = |n: &str| header.iter().any(|h| h == n);
    has("code_in_shared_data") && has("code_in_boundary_file")
}

pub fn read(input: &mut CsvInput) -> Result<Import, Vec<String>> {
    const FORMAT: &str = "code crosswalk";
    let old = input.require("code_in_shared_data", FORMAT).map_err(|e| vec![e])?;
    let new = input.require("code_in_boundary_file", FORMAT).map_err(|e| vec![e])?;
    let mut import = Import::new(&input.file, "", "");
    let renames = &mut import.renames;
    input.for_each(|row| {
        let (o, n) = (row.required_text(old, "an old code")?, row.required_text(new, "a current code")?);
        if let Some((_, earlier)) = renames.iter().find(|(x, _)| x == o).filter(|(_, y)| y != n) {
            return Err(row.error(new, format!("{o} is already mapped to {earlier}")));
        }
        renames.push((o.to_string(), n.to_string()));
        Ok(())
    })?;
    Ok(import)
}

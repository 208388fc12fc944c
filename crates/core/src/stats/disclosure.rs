//! Small-number suppression: which counts of a table a public bundle must
//! withhold so that no count from 1 to N−1 can be read or worked out.
//!
//! A table here is a set of published cells keyed by a crossed breakdown (one
//! optional category per dimension; `None` is "all" of that dimension, so the
//! all-`None` cell is the whole-population total), with the *lines* (additive
//! constraints) a reader knows they satisfy. [`suppress`] takes the lines of
//! the breakdown itself ([`lines`]); [`suppress_lines`] takes any set, so a
//! caller can put several organisations in one table (the organisation as a
//! key dimension) and add the lines of a hierarchy: a parent's cell as the
//! margin of its children's cells of the same key, where they partition it.
//!
//! Method (cell suppression, as in NHS Digital's pre-2018 rule for HES and
//! ECDS outputs, "Disclosure control methodology for Hospital Episode
//! Statistics (HES) and Emergency Care Data Set (ECDS)", NHS Digital 2018:
//! small values replaced by `*`, then secondary suppression "checking that
//! other values within the data cannot be used to recalculate the original
//! small numbers"; and ONS, *Review of the Dissemination of Health
//! Statistics: Confidentiality Guidance* (2006), which names suppression of
//! small cells with further cells suppressed to stop them being derived by
//! differencing):
//!
//! 1. **Primary**: every count from 1 to N−1 is withheld. Zero is shown.
//! 2. **Complementary**: a *line* is a set of members that add up to a
//!    margin: in a breakdown, the cells that vary along one dimension with
//!    every other dimension fixed, with the cell that is `None` in that
//!    dimension; across a hierarchy, the children of one type with their
//!    parent. Repeated to a fixed point over every line:
//!    - a line with exactly one withheld cell (a member, or the margin) gives
//!      it away by subtraction: withhold the smallest other published non-zero
//!      cell of the line;
//!    - a line whose margin is published and whose withheld members are all 1
//!      gives them away too (their sum is known, and a withheld count is never
//!      0): withhold the next smallest;
//!    - across lines, a withheld cell can still be recovered by adding and
//!      subtracting several lines (two groups of withheld cells joined by a
//!      single cell). The audit step finds every withheld cell the published
//!      counts determine — its unit vector lies in the row space of the line
//!      equations over the withheld cells (the linear-programming "audit" of
//!      a suppression pattern, Hundepool et al. (2012), *Statistical
//!      Disclosure Control*, Wiley, §5.3) — and withholds the smallest
//!      published non-zero cell sharing a line with it.
//!
//! Each step withholds one more cell, so the loop ends; with every non-zero
//! cell withheld no count is determined (the equations are then homogeneous
//! and a withheld count is at least 1), so it always ends protected.
//!
//! The audit's row reduction is exact arithmetic modulo the prime 2⁶¹ − 1:
//! over the integer line equations a cell determined over the rationals is
//! determined modulo p unless p divides a minor of a 0/±1 matrix, which
//! Hadamard's bound rules out below about 30 withheld cells in one table and
//! makes vanishingly unlikely above. A wrong answer there only withholds more.
//!
//! Hierarchy lines make a set of *linked tables* in Hundepool et al.'s (2012)
//! sense (tables sharing cells, here a parent's count as the margin of its
//! children's) protected together: a child is only safe when the whole
//! system of equations does not determine it, which the audit checks.
//!
//! What it does not do: protect against constraints it is not given (other
//! tables, other releases), against bounds narrower than exact recovery, or
//! against values (rates) published with their denominators — the caller
//! withholds a withheld count's value and limits with it.

use std::collections::BTreeMap;

/// One cell of a table: its crossed-breakdown key (one entry per dimension,
/// `None` for all of that dimension) and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub key: Vec<Option<String>>,
    pub count: u64,
}

/// Whether a cell is published, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    Shown,
    /// A count from 1 to N−1.
    Primary,
    /// Withheld so that a primary cell cannot be worked out.
    Complementary,
}

/// A table that cannot be suppressed as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SuppressError {
    #[error("cell {index} has {found} breakdown dimensions, the first cell {expected}")]
    Dimensions { index: usize, found: usize, expected: usize },
    #[error("cells {first} and {second} have the same breakdown key")]
    Duplicate { first: usize, second: usize },
    #[error("line {line} names cell {cell}, but there are {cells} cells")]
    Line { line: usize, cell: usize, cells: usize },
}

/// One line: its members (one dimension varies) and its margin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub members: Vec<usize>,
    pub margin: usize,
}

impl Line {
    fn cells(&self) -> impl Iterator<Item = usize> + '_ {
        self.members.iter().copied().chain(std::iter::once(self.margin))
    }
}

/// A line being gathered: its margin, if seen, and its members.
type Group = (Option<usize>, Vec<usize>);

/// Every line of `cells` that has a margin and at least one member, in a
/// fixed order (dimension, then key). Cells must share one number of dimensions.
pub fn lines(cells: &[Cell]) -> Vec<Line> {
    let dims = cells.first().map_or(0, |c| c.key.len());
    let mut out = Vec::new();
    for d in 0..dims {
        // (the key with dimension d blanked) → (margin, members)
        let mut groups: BTreeMap<Vec<Option<&str>>, Group> = BTreeMap::new();
        for (i, c) in cells.iter().enumerate() {
            let mut k: Vec<Option<&str>> = c.key.iter().map(|v| v.as_deref()).collect();
            let Some(slot) = k.get_mut(d) else { continue };
            let is_margin = slot.is_none();
            *slot = None;
            let g = groups.entry(k).or_default();
            if is_margin {
                g.0 = Some(i);
            } else {
                g.1.push(i);
            }
        }
        out.extend(groups.into_values().filter_map(|(margin, members)| Some(Line { margin: margin?, members }).filter(|l| !l.members.is_empty())));
    }
    out
}

/// Which cells of `cells` to withhold so that no count from 1 to `below` − 1
/// can be read or worked out by subtraction (see the module docs for the
/// method and its sources). `below` of 0 or 1 withholds nothing.
pub fn suppress(cells: &[Cell], below: u64) -> Result<Vec<Withheld>, SuppressError> {
    check(cells)?;
    suppress_lines(cells, &lines(cells), below)
}

/// [`suppress`] over explicit lines: any additive constraints the published
/// cells satisfy (each line's members add up to its margin), such as a
/// table's own breakdown lines together with those of an organisation
/// hierarchy (a parent's cell as the margin of its children's). Every cell
/// index in `lines` must be one of `cells`.
pub fn suppress_lines(cells: &[Cell], lines: &[Line], below: u64) -> Result<Vec<Withheld>, SuppressError> {
    check(cells)?;
    if let Some((line, cell)) = lines.iter().enumerate().find_map(|(n, l)| l.cells().find(|&i| i >= cells.len()).map(|i| (n, i))) {
        return Err(SuppressError::Line { line, cell, cells: cells.len() });
    }
    let mut out: Vec<Withheld> = cells.iter().map(|c| if c.count >= 1 && c.count < below { Withheld::Primary } else { Withheld::Shown }).collect();
    if !out.contains(&Withheld::Primary) {
        return Ok(out);
    }
    let withheld = |out: &[Withheld], i: usize| out.get(i).is_some_and(|w| *w != Withheld::Shown);
    let count = |i: usize| cells.get(i).map_or(0, |c| c.count);
    loop {
        // Line rules first: cheap and they pick the complement in the line that leaks.
        let leaking = lines.iter().find(|l| {
            let n = l.cells().filter(|&i| withheld(&out, i)).count();
            let hidden: Vec<usize> = l.members.iter().copied().filter(|&i| withheld(&out, i)).collect();
            n == 1 || (!withheld(&out, l.margin) && !hidden.is_empty() && hidden.iter().all(|&i| count(i) == 1))
        });
        let candidates: Vec<usize> = match leaking {
            Some(l) => l.cells().collect(),
            None => match determined(cells.len(), lines, |i| withheld(&out, i)) {
                Some(cell) => lines.iter().filter(|l| l.cells().any(|i| i == cell)).flat_map(Line::cells).collect(),
                None => return Ok(out),
            },
        };
        let pick = candidates.into_iter().filter(|&i| !withheld(&out, i) && count(i) > 0).min_by_key(|&i| (count(i), i));
        // Fall back to any published non-zero cell: the loop must withhold something to progress.
        let pick = pick.or_else(|| (0..cells.len()).filter(|&i| !withheld(&out, i) && count(i) > 0).min_by_key(|&i| (count(i), i)));
        match pick.and_then(|i| out.get_mut(i)) {
            Some(w) => *w = Withheld::Complementary,
            None => return Ok(out),
        }
    }
}

fn check(cells: &[Cell]) -> Result<(), SuppressError> {
    let expected = cells.first().map_or(0, |c| c.key.len());
    let mut seen: BTreeMap<&[Option<String>], usize> = BTreeMap::new();
    for (index, c) in cells.iter().enumerate() {
        if c.key.len() != expected {
            return Err(SuppressError::Dimensions { index, found: c.key.len(), expected });
        }
        if let Some(&first) = seen.get(c.key.as_slice()) {
            return Err(SuppressError::Duplicate { first, second: index });
        }
        seen.insert(&c.key, index);
    }
    Ok(())
}

const P: u64 = (1 << 61) - 1;

fn mul(a: u64, b: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) % u128::from(P)) as u64
}

fn inverse(a: u64) -> u64 {
    // Fermat: a^(p−2) mod p.
    let (mut base, mut e, mut r) = (a, P - 2, 1u64);
    while e > 0 {
        if e & 1 == 1 {
            r = mul(r, base);
        }
        base = mul(base, base);
        e >>= 1;
    }
    r
}

/// The first withheld cell whose count the published cells and the line
/// equations determine, if any: reduced row echelon form of the equations
/// restricted to the withheld cells (mod p); a cell is determined when its
/// column holds a pivot whose row has no other non-zero entry.
fn determined(n: usize, lines: &[Line], withheld: impl Fn(usize) -> bool) -> Option<usize> {
    let unknowns: Vec<usize> = (0..n).filter(|&i| withheld(i)).collect();
    let column: BTreeMap<usize, usize> = unknowns.iter().enumerate().map(|(c, &i)| (i, c)).collect();
    let width = unknowns.len();
    let mut rows: Vec<Vec<u64>> = lines
        .iter()
        .filter_map(|l| {
            let mut row = vec![0u64; width];
            for (&i, sign) in l.members.iter().map(|i| (i, 1)).chain(std::iter::once((&l.margin, -1))) {
                if let Some(slot) = column.get(&i).and_then(|&c| row.get_mut(c)) {
                    *slot = if sign > 0 { (*slot + 1) % P } else { (*slot + P - 1) % P };
                }
            }
            row.iter().any(|&v| v != 0).then_some(row)
        })
        .collect();
    let mut pivots: Vec<(usize, usize)> = Vec::new(); // (row, column)
    let mut r = 0;
    for c in 0..width {
        let Some(p) = (r..rows.len()).find(|&i| rows.get(i).and_then(|row| row.get(c)).is_some_and(|&v| v != 0)) else { continue };
        rows.swap(r, p);
        let pivot_row = rows.get(r).cloned().unwrap_or_default();
        let inv = inverse(pivot_row.get(c).copied().unwrap_or(1));
        let pivot_row: Vec<u64> = pivot_row.iter().map(|&v| mul(v, inv)).collect();
        for (i, row) in rows.iter_mut().enumerate() {
            let f = row.get(c).copied().unwrap_or(0);
            if i == r || f == 0 {
                continue;
            }
            for (v, &pv) in row.iter_mut().zip(&pivot_row) {
                *v = (*v + P - mul(f, pv)) % P;
            }
        }
        if let Some(slot) = rows.get_mut(r) {
            *slot = pivot_row;
        }
        pivots.push((r, c));
        r += 1;
    }
    pivots
        .into_iter()
        .find(|&(row, c)| rows.get(row).is_some_and(|v| v.iter().enumerate().all(|(j, &x)| j == c || x == 0)))
        .and_then(|(_, c)| unknowns.get(c).copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::sampling::SplitMix64;

    fn one_way(counts: &[u64], total: u64) -> Vec<Cell> {
        let mut cells: Vec<Cell> = counts.iter().enumerate().map(|(i, &count)| Cell { key: vec![Some(format!("c{i}"))], count }).collect();
        cells.push(Cell { key: vec![None], count: total });
        cells
    }

    fn shown(w: &[Withheld]) -> Vec<bool> {
        w.iter().map(|w| *w == Withheld::Shown).collect()
    }

    /// A two-way table r × c with its margins; `grid` row-major without margins.
    fn two_way(grid: &[Vec<u64>]) -> Vec<Cell> {
        let mut cells = Vec::new();
        let cols = grid.first().map_or(0, Vec::len);
        for (r, row) in grid.iter().enumerate() {
            for (c, &count) in row.iter().enumerate() {
                cells.push(Cell { key: vec![Some(format!("r{r}")), Some(format!("c{c}"))], count });
            }
            cells.push(Cell { key: vec![Some(format!("r{r}")), None], count: row.iter().sum() });
        }
        for c in 0..cols {
            cells.push(Cell { key: vec![None, Some(format!("c{c}"))], count: grid.iter().map(|row| row[c]).sum() });
        }
        cells.push(Cell { key: vec![None, None], count: grid.iter().flatten().sum() });
        cells
    }

    // One way, N = 10: the 3 is withheld, then the 12 (the smallest other non-zero cell) so that
    // total − published no longer gives the 3. The zero is shown and is never a complement.
    #[test]
    fn one_way_table_withholds_the_next_smallest() {
        let w = suppress(&one_way(&[3, 0, 12, 40], 55), 10).unwrap();
        assert_eq!(w, vec![Withheld::Primary, Withheld::Shown, Withheld::Complementary, Withheld::Shown, Withheld::Shown]);
        // Two small cells already protect each other; nothing more is withheld.
        let w = suppress(&one_way(&[3, 4, 12, 40], 59), 10).unwrap();
        assert_eq!(shown(&w), vec![false, false, true, true, true]);
        // Below 1 (or 0) means no rule: everything shown.
        assert!(suppress(&one_way(&[3, 4], 7), 1).unwrap().iter().all(|w| *w == Withheld::Shown));
    }

    // Two withheld ones: the total less the published cells is 2, and a withheld count is never
    // 0, so both must be 1. A third cell (the 20) is withheld.
    #[test]
    fn withheld_ones_whose_sum_is_known_take_a_third_cell() {
        let w = suppress(&one_way(&[1, 1, 20, 50], 72), 10).unwrap();
        assert_eq!(shown(&w), vec![false, false, false, true, true]);
    }

    // Beside zeros the only non-zero cell is the total, itself small: both are withheld, the
    // zeros shown, and nothing else is needed (the 5 is not total − 0 while the total is hidden).
    #[test]
    fn a_small_total_is_withheld_with_its_only_member() {
        let cells = one_way(&[5, 0, 0], 5);
        let w = suppress(&cells, 10).unwrap();
        assert_eq!(w, vec![Withheld::Primary, Withheld::Shown, Withheld::Shown, Withheld::Primary]);
        assert!(recoverable(&cells, &w).is_empty());
    }

    // Two way, N = 5:
    //        c0  c1  c2 | all
    //   r0    2  10  20 |  32
    //   r1   30  40  50 | 120
    //   all  32  50  70 | 152
    // The 2 is withheld; its row takes the 10, its column the 30; then column c1 (10 withheld)
    // and row r1 (30 withheld) each have one withheld cell, so they take the 40: a 2 × 2 block.
    #[test]
    fn two_way_table_withholds_a_rectangle() {
        let cells = two_way(&[vec![2, 10, 20], vec![30, 40, 50]]);
        let w = suppress(&cells, 5).unwrap();
        let hidden: Vec<&[Option<String>]> = cells.iter().zip(&w).filter(|(_, w)| **w != Withheld::Shown).map(|(c, _)| c.key.as_slice()).collect();
        let key = |r: &str, c: &str| vec![Some(r.to_string()), Some(c.to_string())];
        assert_eq!(hidden, vec![key("r0", "c0").as_slice(), key("r0", "c1").as_slice(), key("r1", "c0").as_slice(), key("r1", "c1").as_slice()]);
        assert_eq!(w.first(), Some(&Withheld::Primary));
        assert!(recoverable(&cells, &w).is_empty());
    }

    // Two 2 × 2 blocks of small cells joined by one more small cell (r0, c2): every line has two
    // or more withheld cells, yet rows r0 + r1 less columns c0 + c1 give (r0, c2) away. The audit
    // step finds it and withholds more.
    #[test]
    fn cells_joined_by_a_bridge_are_caught_by_the_audit() {
        let grid = vec![vec![1, 2, 3, 90, 90], vec![2, 1, 90, 90, 90], vec![90, 90, 2, 1, 90], vec![90, 90, 1, 2, 90]];
        let cells = two_way(&grid);
        let primary: Vec<Withheld> = cells.iter().map(|c| if (1..5).contains(&c.count) { Withheld::Primary } else { Withheld::Shown }).collect();
        let bridge = cells.iter().position(|c| c.key == vec![Some("r0".to_string()), Some("c2".to_string())]).unwrap();
        assert!(recoverable(&cells, &primary).contains(&bridge), "primary suppression alone leaks the bridge");
        let w = suppress(&cells, 5).unwrap();
        assert!(recoverable(&cells, &w).is_empty());
        assert!(w.iter().filter(|w| **w == Withheld::Complementary).count() >= 1);
    }

    #[test]
    fn bad_tables_are_refused_with_the_cell_named() {
        let mut cells = one_way(&[3], 3);
        cells.push(Cell { key: vec![None, None], count: 1 });
        assert_eq!(suppress(&cells, 10), Err(SuppressError::Dimensions { index: 2, found: 2, expected: 1 }));
        let cells = vec![Cell { key: vec![None], count: 1 }, Cell { key: vec![None], count: 2 }];
        assert_eq!(suppress(&cells, 10), Err(SuppressError::Duplicate { first: 0, second: 1 }));
        assert_eq!(suppress(&[], 10), Ok(vec![]));
    }

    // ---- The independent checker ----------------------------------------------------------
    // Written apart from `suppress`: its own lines (from the keys, by string matching), its own
    // linear algebra (floating-point Gram–Schmidt projection instead of exact row reduction).
    // A withheld cell k is recoverable when the unit vector e_k lies in the span of the line
    // equations over the withheld cells (then some sum and difference of published lines gives
    // it); also when a line with a published margin has exactly one withheld cell, or withheld
    // cells all equal to 1 (their sum is known and each is at least 1).

    fn checker_lines(cells: &[Cell]) -> Vec<(usize, Vec<usize>)> {
        let mut out = Vec::new();
        for (m, margin) in cells.iter().enumerate() {
            for d in 0..margin.key.len() {
                if margin.key[d].is_some() {
                    continue;
                }
                let members: Vec<usize> = (0..cells.len())
                    .filter(|&i| cells[i].key[d].is_some() && (0..margin.key.len()).all(|e| e == d || cells[i].key[e] == margin.key[e]))
                    .collect();
                if !members.is_empty() {
                    out.push((m, members));
                }
            }
        }
        out
    }

    fn recoverable(cells: &[Cell], w: &[Withheld]) -> Vec<usize> {
        recoverable_with(cells, w, &[])
    }

    /// `recoverable` with further lines (margin, members) besides the breakdown's own.
    fn recoverable_with(cells: &[Cell], w: &[Withheld], extra: &[(usize, Vec<usize>)]) -> Vec<usize> {
        let hidden: Vec<usize> = (0..cells.len()).filter(|&i| w[i] != Withheld::Shown).collect();
        let mut lines = checker_lines(cells);
        lines.extend(extra.iter().cloned());
        let mut found = Vec::new();
        for (margin, members) in &lines {
            let in_line: Vec<usize> = members.iter().chain(std::iter::once(margin)).copied().filter(|i| hidden.contains(i)).collect();
            if in_line.len() == 1 {
                found.push(in_line[0]);
            }
            let hidden_members: Vec<usize> = members.iter().copied().filter(|i| hidden.contains(i)).collect();
            if !hidden.contains(margin) && !hidden_members.is_empty() && hidden_members.iter().all(|&i| cells[i].count == 1) {
                found.extend(hidden_members);
            }
        }
        // Orthonormal basis of the row space of the equations over the hidden cells.
        let mut basis: Vec<Vec<f64>> = Vec::new();
        for (margin, members) in &lines {
            let mut v: Vec<f64> = hidden
                .iter()
                .map(|i| {
                    if members.contains(i) {
                        1.0
                    } else if i == margin {
                        -1.0
                    } else {
                        0.0
                    }
                })
                .collect();
            for b in &basis {
                let dot: f64 = v.iter().zip(b).map(|(x, y)| x * y).sum();
                v.iter_mut().zip(b).for_each(|(x, y)| *x -= dot * y);
            }
            let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 1e-9 {
                basis.push(v.into_iter().map(|x| x / norm).collect());
            }
        }
        for (k, &cell) in hidden.iter().enumerate() {
            // |e_k − projection|² = 1 − Σ b_k²: zero when e_k is in the span.
            let residual = 1.0 - basis.iter().map(|b| b[k] * b[k]).sum::<f64>();
            if residual < 1e-7 {
                found.push(cell);
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// A random table of `dims` dimensions with 2..=4 categories each and its margins; small
    /// counts are common so that suppression has work to do.
    fn random_table(rng: &mut SplitMix64, dims: usize) -> Vec<Cell> {
        let sizes: Vec<usize> = (0..dims).map(|_| 2 + (rng.next_u64() % 3) as usize).collect();
        let mut inner: Vec<(Vec<usize>, u64)> = vec![(Vec::new(), 0)];
        for &s in &sizes {
            inner = inner.into_iter().flat_map(|(k, _)| (0..s).map(move |c| ([k.clone(), vec![c]].concat(), 0))).collect();
        }
        for cell in &mut inner {
            cell.1 = match rng.next_u64() % 4 {
                0 => 0,
                1 => 1 + rng.next_u64() % 9,
                _ => rng.next_u64() % 60,
            };
        }
        // Every key with each dimension either a category or "all", summed over the inner cells.
        let mut out: BTreeMap<Vec<Option<String>>, u64> = BTreeMap::new();
        for (k, count) in &inner {
            for mask in 0..(1u32 << dims) {
                let key: Vec<Option<String>> = (0..dims).map(|d| if mask & (1 << d) != 0 { None } else { Some(format!("d{d}c{}", k[d])) }).collect();
                *out.entry(key).or_default() += count;
            }
        }
        out.into_iter().map(|(key, count)| Cell { key, count }).collect()
    }

    // 600 seeded random tables of one, two and three crossed dimensions: after suppression the
    // independent checker finds no withheld count it can work out, every primary cell is
    // withheld, and no zero is withheld.
    #[test]
    fn no_withheld_count_can_be_recovered_in_random_tables() {
        let mut rng = SplitMix64::new(16);
        let mut withheld_total = 0;
        for t in 0..600 {
            let dims = 1 + t % 3;
            let cells = random_table(&mut rng, dims);
            let w = suppress(&cells, 10).unwrap();
            for (c, w) in cells.iter().zip(&w) {
                assert_eq!(*w == Withheld::Primary, (1..10).contains(&c.count), "table {t}");
                assert!(c.count > 0 || *w == Withheld::Shown, "table {t}: a zero was withheld");
            }
            assert_eq!(recoverable(&cells, &w), Vec::<usize>::new(), "table {t}: {cells:?} {w:?}");
            withheld_total += w.iter().filter(|w| **w == Withheld::Complementary).count();
        }
        assert!(withheld_total > 600, "the tables exercised complementary suppression ({withheld_total})");
    }

    // The checker is not blind: on primary suppression alone it finds leaks in random tables.
    #[test]
    fn the_checker_finds_leaks_in_primary_suppression_alone() {
        let mut rng = SplitMix64::new(7);
        let leaky = (0..100)
            .filter(|t| {
                let cells = random_table(&mut rng, 1 + t % 3);
                let w: Vec<Withheld> = cells.iter().map(|c| if (1..10).contains(&c.count) { Withheld::Primary } else { Withheld::Shown }).collect();
                !recoverable(&cells, &w).is_empty()
            })
            .count();
        assert!(leaky > 50, "{leaky} of 100");
    }

    // ---- Hierarchies ----------------------------------------------------------------------
    // Organisations as the first key dimension: each child organisation's cells by category,
    // with its total (category None), and the parent "P" whose cells are the children's sums.
    // A table's own lines (`lines`) then give each organisation's breakdown line; the hierarchy
    // lines, one per category and one for the totals, have the parent's cell as margin.
    fn hierarchy(grid: &[Vec<u64>]) -> (Vec<Cell>, Vec<Line>) {
        let key = |org: &str, cat: Option<usize>| vec![Some(org.to_string()), cat.map(|c| format!("c{c}"))];
        let cols = grid.first().map_or(0, Vec::len);
        let mut cells = Vec::new();
        for (r, row) in grid.iter().enumerate() {
            for (c, &count) in row.iter().enumerate() {
                cells.push(Cell { key: key(&format!("r{r}"), Some(c)), count });
            }
            cells.push(Cell { key: key(&format!("r{r}"), None), count: row.iter().sum() });
        }
        for c in 0..cols {
            cells.push(Cell { key: key("P", Some(c)), count: grid.iter().map(|row| row[c]).sum() });
        }
        cells.push(Cell { key: key("P", None), count: grid.iter().flatten().sum() });
        let at = |k: &[Option<String>]| cells.iter().position(|c| c.key == k).unwrap();
        let mut across = Vec::new();
        for c in (0..cols).map(Some).chain([None]) {
            let members = (0..grid.len()).map(|r| at(&key(&format!("r{r}"), c))).collect();
            across.push(Line { members, margin: at(&key("P", c)) });
        }
        (cells, across)
    }

    fn as_pairs(lines: &[Line]) -> Vec<(usize, Vec<usize>)> {
        lines.iter().map(|l| (l.margin, l.members.clone())).collect()
    }

    /// Each organisation suppressed on its own, as if no hierarchy were published.
    fn one_organisation_at_a_time(cells: &[Cell], below: u64) -> Vec<Withheld> {
        let mut out = vec![Withheld::Shown; cells.len()];
        let mut orgs: Vec<&Option<String>> = cells.iter().map(|c| &c.key[0]).collect();
        orgs.dedup();
        for org in orgs {
            let idx: Vec<usize> = (0..cells.len()).filter(|&i| &cells[i].key[0] == org).collect();
            let table: Vec<Cell> = idx.iter().map(|&i| cells[i].clone()).collect();
            for (&i, w) in idx.iter().zip(suppress(&table, below).unwrap()) {
                out[i] = w;
            }
        }
        out
    }

    // A parent P with two children by sex (c0, c1), N = 10:
    //          c0  c1 | all
    //   r0      3  20 |  23
    //   r1     15  25 |  40
    //   P      18  45 |  63
    // Each child on its own: r0's 3 is withheld with its 20; r1 and P show everything, so
    // P's 18 less r1's 15 gives the 3 away (and 45 − 25 the 20). With the hierarchy lines, r0's
    // own line still takes the 20; then the c0 and c1 lines each have one withheld child and
    // take the sibling's 15 and 25 (smaller than the parent's 18 and 45): a 2 × 2 block of
    // children, every parent cell shown.
    #[test]
    fn a_small_child_takes_a_sibling_across_the_hierarchy() {
        let (cells, across) = hierarchy(&[vec![3, 20], vec![15, 25]]);
        let mut all = lines(&cells);
        all.extend(across.iter().cloned());
        let alone = one_organisation_at_a_time(&cells, 10);
        let small = cells.iter().position(|c| c.count == 3).unwrap();
        assert_eq!(recoverable(&cells, &alone), Vec::<usize>::new(), "each organisation's own table is protected");
        assert_eq!(recoverable_with(&cells, &alone, &as_pairs(&across)), vec![small, small + 1], "but the parent less the sibling gives the 3 and the 20");
        let w = suppress_lines(&cells, &all, 10).unwrap();
        let hidden: Vec<u64> = cells.iter().zip(&w).filter(|(_, w)| **w != Withheld::Shown).map(|(c, _)| c.count).collect();
        assert_eq!(hidden, vec![3, 20, 15, 25]);
        assert_eq!(w.iter().filter(|w| **w == Withheld::Primary).count(), 1);
        assert!(recoverable_with(&cells, &w, &as_pairs(&across)).is_empty());
        // The breakdown's own lines alone are `suppress`'s.
        assert_eq!(suppress_lines(&cells, &lines(&cells), 10), suppress(&cells, 10));
    }

    // The bridge of `cells_joined_by_a_bridge_are_caught_by_the_audit` as four children of a
    // parent (the column margins are the parent's cells): each child's own table is protected,
    // yet across the hierarchy the bridge (r0, c2) is determined; only the audit sees it, since
    // every line has two or more withheld cells. Over the hierarchy lines nothing is recoverable.
    #[test]
    fn the_audit_finds_recoveries_across_the_hierarchy() {
        let grid = vec![vec![1, 2, 3, 90, 90], vec![2, 1, 90, 90, 90], vec![90, 90, 2, 1, 90], vec![90, 90, 1, 2, 90]];
        let (cells, across) = hierarchy(&grid);
        let bridge = cells.iter().position(|c| c.key == vec![Some("r0".to_string()), Some("c2".to_string())]).unwrap();
        let primary: Vec<Withheld> = cells.iter().map(|c| if (1..5).contains(&c.count) { Withheld::Primary } else { Withheld::Shown }).collect();
        assert!(recoverable_with(&cells, &primary, &as_pairs(&across)).contains(&bridge));
        let mut all = lines(&cells);
        all.extend(across.iter().cloned());
        let w = suppress_lines(&cells, &all, 5).unwrap();
        assert!(recoverable_with(&cells, &w, &as_pairs(&across)).is_empty(), "{w:?}");
        assert!(w.contains(&Withheld::Complementary));
        // A line naming a cell that is not there is refused.
        let bad = [Line { members: vec![0], margin: cells.len() }];
        assert_eq!(suppress_lines(&cells, &bad, 5), Err(SuppressError::Line { line: 0, cell: cells.len(), cells: cells.len() }));
    }
}

//! Douglas–Peucker line simplification and coordinate quantisation for map
//! shapes: a boundary drawn a few hundred pixels wide needs neither the
//! survey's metre-level detail nor fourteen decimals per coordinate.
//!
//! Douglas & Peucker (1973), "Algorithms for the reduction of the number of
//! points required to represent a digitized line or its caricature": keep the
//! ends, find the point farthest from the chord between them, keep it and
//! recurse on both halves if it lies farther than the tolerance, else drop
//! everything between. Distances are measured with longitude scaled by the
//! cosine of the latitude, so a tolerance means the same ground distance east
//! and north. A closed ring is split at the point farthest from its start, so
//! both halves have a real chord.

/// A point (longitude, latitude) in degrees.
pub type Point = [f64; 2];

/// Simplifies and quantises a closed ring (first point = last point) with
/// `tolerance` degrees of latitude, rounding to `decimals`. None when too
/// little is left to enclose an area (fewer than four points with the closing
/// one, or all on a line).
pub fn ring(points: &[Point], tolerance: f64, decimals: u32) -> Option<Vec<Point>> {
    let open = match points {
        [first @ .., last] if first.first() == Some(last) => first,
        all => all,
    };
    if open.len() < 3 {
        return None;
    }
    let scale = open.iter().map(|p| p[1]).sum::<f64>() / open.len() as f64;
    let kx = scale.to_radians().cos();
    let start = open[0];
    let far = (1..open.len()).max_by(|&a, &b| dist2(open[a], start, kx).total_cmp(&dist2(open[b], start, kx))).unwrap_or(1);
    let mut closed: Vec<Point> = open.to_vec();
    closed.push(start);
    let mut keep = vec![false; closed.len()];
    keep[0] = true;
    keep[far] = true;
    keep[closed.len() - 1] = true;
    mark(&closed[..=far], tolerance, kx, &mut keep[..=far]);
    mark(&closed[far..], tolerance, kx, &mut keep[far..]);
    let factor = 10f64.powi(decimals as i32);
    let q = |v: f64| (v * factor).round() / factor + 0.0;
    let mut out: Vec<Point> = Vec::new();
    for (p, k) in closed.iter().zip(&keep) {
        let p = [q(p[0]), q(p[1])];
        if *k && out.last() != Some(&p) {
            out.push(p);
        }
    }
    // Quantising can make the ring cross itself at a spike back and forth: drop A-B-A.
    let mut i = 1;
    while i + 1 < out.len() {
        if out[i - 1] == out[i + 1] {
            out.drain(i..i + 2);
            i = i.saturating_sub(1).max(1);
        } else {
            i += 1;
        }
    }
    if out.first() != out.last() {
        let first = out[0];
        out.push(first);
    }
    (out.len() >= 4 && area(&out).abs() > 0.0).then_some(out)
}

/// Squared distance between two points, longitude scaled by `kx`.
fn dist2(a: Point, b: Point, kx: f64) -> f64 {
    let (dx, dy) = ((a[0] - b[0]) * kx, a[1] - b[1]);
    dx * dx + dy * dy
}

/// Squared distance from `p` to the segment `a`–`b`.
fn seg_dist2(p: Point, a: Point, b: Point, kx: f64) -> f64 {
    let (ax, ay, bx, by, px, py) = (a[0] * kx, a[1], b[0] * kx, b[1], p[0] * kx, p[1]);
    let (dx, dy) = (bx - ax, by - ay);
    let len = dx * dx + dy * dy;
    let t = if len == 0.0 { 0.0 } else { (((px - ax) * dx + (py - ay) * dy) / len).clamp(0.0, 1.0) };
    let (cx, cy) = (ax + t * dx, ay + t * dy);
    (px - cx) * (px - cx) + (py - cy) * (py - cy)
}

/// Marks the points of the open line `line` to keep (its ends are kept by the caller).
fn mark(line: &[Point], tolerance: f64, kx: f64, keep: &mut [bool]) {
    let tol2 = tolerance * tolerance;
    let mut stack = vec![(0usize, line.len().saturating_sub(1))];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (i, d) = (a + 1..b).map(|i| (i, seg_dist2(line[i], line[a], line[b], kx))).max_by(|x, y| x.1.total_cmp(&y.1)).unwrap_or((a, 0.0));
        if d > tol2 {
            keep[i] = true;
            stack.push((a, i));
            stack.push((i, b));
        }
    }
}

/// Signed area (shoelace), in square degrees.
pub fn area(ring: &[Point]) -> f64 {
    ring.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum::<f64>() / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_within_the_tolerance_of_a_chord_go() {
        // A square with wobbles of 0.0001° on each side and a spike of 0.01°.
        let mut pts = vec![[0.0, 0.0], [0.5, 0.0001], [1.0, 0.0], [1.0001, 0.5], [1.0, 1.0], [0.5, 1.01], [0.0, 1.0], [0.0001, 0.5], [0.0, 0.0]];
        let out = ring(&pts, 0.001, 3).unwrap();
        assert_eq!(out, vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.5, 1.01], [0.0, 1.0], [0.0, 0.0]]);
        // A larger tolerance takes the spike too.
        assert_eq!(ring(&pts, 0.02, 3).unwrap().len(), 5);
        // Tolerance 0 keeps every point (to the decimals asked for).
        pts.pop();
        assert_eq!(ring(&pts, 0.0, 4).unwrap().len(), 9, "an open ring is closed");
    }

    #[test]
    fn rings_too_small_to_keep_are_dropped() {
        assert_eq!(ring(&[[0.0, 0.0], [0.0004, 0.0], [0.0, 0.0004], [0.0, 0.0]], 0.0, 3), None, "rounds to one point");
        assert_eq!(ring(&[[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]], 0.0, 3), None);
        assert!(area(&[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]) > 0.0);
    }

    #[test]
    fn east_west_distances_shrink_with_latitude() {
        // At 60° N a degree of longitude is half a degree of latitude: a bump of
        // 0.0015° east is 0.00075° on the ground, under a 0.001° tolerance.
        let r = [[0.0, 60.0], [0.0015, 60.5], [0.0, 61.0], [-1.0, 60.5], [0.0, 60.0]];
        assert_eq!(ring(&r, 0.001, 4).unwrap().len(), 4);
        let r = [[0.0, 0.0], [0.0015, 0.5], [0.0, 1.0], [-1.0, 0.5], [0.0, 0.0]];
        assert_eq!(ring(&r, 0.001, 4).unwrap().len(), 5, "at the equator it stays");
    }
}

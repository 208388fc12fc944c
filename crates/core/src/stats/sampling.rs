//! A small seeded random generator for simulation-based confidence limits
//! (the SII's): SplitMix64 (Steele, Lea & Flood (2014), "Fast splittable
//! pseudorandom number generators", OOPSLA) for uniforms, and the Box–Muller
//! transform (Box & Muller (1958), Ann Math Stat 29:610–611) for standard
//! normals. Written here so a result never changes because a dependency
//! changed its algorithm, and seeded so every run gives the same limits.

/// SplitMix64 state.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform on (0, 1): the top 53 bits, offset by half a step so 0 never occurs.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// A pair of independent standard normals (Box–Muller).
    pub fn normal_pair(&mut self) -> (f64, f64) {
        let (u1, u2) = (self.uniform(), self.uniform());
        let r = (-2.0 * libm::log(u1)).sqrt();
        let t = 2.0 * std::f64::consts::PI * u2;
        (r * libm::cos(t), r * libm::sin(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // SplitMix64 seeded with 0: the reference C implementation (Vigna, prng.di.unimi.it/splitmix64.c)
    // gives 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F first.
    #[test]
    fn splitmix_matches_the_reference_sequence() {
        let mut r = SplitMix64::new(0);
        assert_eq!([r.next_u64(), r.next_u64(), r.next_u64()], [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]);
    }

    // 200 000 normals: mean within 0.01 of 0, variance within 0.01 of 1, 2.5% beyond ±1.96 each side within 0.15 points.
    #[test]
    fn normals_have_the_standard_moments_and_tails() {
        let mut r = SplitMix64::new(42);
        let x: Vec<f64> = (0..100_000)
            .flat_map(|_| {
                let (a, b) = r.normal_pair();
                [a, b]
            })
            .collect();
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        assert!(mean.abs() < 0.01 && (var - 1.0).abs() < 0.01, "{mean} {var}");
        let above = x.iter().filter(|&&v| v > 1.959964).count() as f64 / n;
        assert!((above - 0.025).abs() < 0.0015, "{above}");
    }
}

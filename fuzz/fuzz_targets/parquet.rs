//! Values Parquet decoding: `decode_values` (the core's own Parquet reader,
//! `crates/core/src/bundle/parquet/read/`) on arbitrary bytes never panics
//! (an error is fine), and a table it returns is rectangular with every
//! dictionary code in range. Run with `-rss_limit_mb`/`-malloc_limit_mb`
//! (`make fuzz` does) so that a small hostile footer or page header making
//! the reader allocate gigabytes shows up as a finding too.
#![no_main]

use healthdash_core::bundle::decode_values;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(t) = decode_values("values/x.parquet", bytes) else {
        return;
    };
    let n = t.len();
    for col in [&t.indicator, &t.org, &t.period_label] {
        assert_eq!(col.codes.len(), n);
        assert!(col.codes.iter().all(|&c| (c as usize) < col.values.len()));
    }
    for col in [&t.numerator, &t.denominator, &t.value, &t.lower_95, &t.upper_95, &t.lower_998, &t.upper_998] {
        assert_eq!(col.len(), n);
    }
    assert_eq!((t.period_start.len(), t.period_end.len(), t.breakdown.codes.len(), t.suppressed.len()), (n, n, n, n));
    assert!(t.breakdown.codes.iter().all(|&c| (c as usize) < t.breakdown.values.len()));
    // Every row can be read back as an owned row.
    assert_eq!(t.rows().count(), n);
});

//! `manifest.json` decoding: `Manifest::from_json` on arbitrary UTF-8 never
//! panics, and a manifest it accepts survives `to_json` and parses again to
//! the same manifest.
#![no_main]

use healthdash_core::bundle::Manifest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(m) = Manifest::from_json("manifest.json", text) else {
        return;
    };
    let json = m.to_json();
    let back = Manifest::from_json("manifest.json", &json).unwrap_or_else(|e| panic!("to_json wrote a manifest from_json refuses: {e}\n{json}"));
    // Floats are written as the shortest text that reads back the same, so the
    // round trip is exact; NaN cannot come out of JSON, so `==` is fair.
    assert_eq!(back, m, "to_json → from_json changed the manifest");
});

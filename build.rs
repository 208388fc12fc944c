//! Links the browser app (`healthdash-web`, wasm32 only) with `--emit-relocs`:
//! wasm-split (tools/split_wasm.py) reads the linker's relocations to move
//! the split points of src/split.rs into modules of their own. Set here, not
//! in .cargo/config.toml, so that no other wasm32 build (the benchmark's
//! engine, crates/bench-wasm) carries relocations it has no use for; the
//! shipped modules do not carry them either.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=healthdash-web=--emit-relocs");
    }
}

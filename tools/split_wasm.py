#!/usr/bin/env python3
"""Splits the app's WebAssembly into the module every page loads and the
modules fetched on first use (src/split.rs), as Trunk's post-build hook
(Trunk.toml).

Why: issue 18 asks for the `.wasm` a browser fetches before the first screen
to be within 400 KB gzip. Trunk 0.21 cannot split a module, so this runs after
it, on Cargo's own output (linked with `--emit-relocs`, build.rs):

    wasm-split-cli      cargo's .wasm -> main module + split_*.wasm, chunk_*.wasm
                        + the loader __wasm_split.js (wasm_split_cli_support)
    wasm-bindgen        the main module, as Trunk would, keeping the exports the
                        split modules link against (--keep-lld-exports)
    wasm-opt -Oz        every module (release only)

Then, in Trunk's staging directory:
- the main module and its JavaScript replace Trunk's, under Trunk's names;
- every split module and the loader get a content-hashed name, so a long-cached
  old file is never used with a new main module;
- the Subresource Integrity hashes Trunk wrote in index.html are recomputed.

Run by Trunk with TRUNK_STAGING_DIR, TRUNK_PROFILE and TRUNK_SOURCE_DIR set.
Any failure stops the build: a site whose modules do not match is never written.
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = "healthdash-web"
WASM_OPT = ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--strip-debug", "--strip-producers"]


def fail(message):
    sys.exit(f"split_wasm: {message}")


def run(*args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"{args[0]} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def one(stage, pattern):
    found = sorted(stage.glob(pattern))
    if len(found) != 1:
        fail(f"expected one {pattern} in {stage}, found {[p.name for p in found]}")
    return found[0]


def short_hash(data):
    return hashlib.sha256(data).hexdigest()[:16]


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def replace_present(text, old, new, where):
    """Replaces every `old` in `text`, which must hold at least one."""
    if old not in text:
        fail(f"{where}: {old!r} not found")
    return text.replace(old, new)


def main():
    stage = Path(os.environ["TRUNK_STAGING_DIR"])
    source = Path(os.environ.get("TRUNK_SOURCE_DIR", "."))
    release = os.environ.get("TRUNK_PROFILE", "release") == "release"
    target = Path(os.environ.get("CARGO_TARGET_DIR") or source / "target")
    cargo_wasm = target / "wasm32-unknown-unknown" / ("release" if release else "debug") / f"{BIN}.wasm"
    if not cargo_wasm.is_file():
        fail(f"Cargo's output {cargo_wasm} is missing")

    main_js = one(stage, f"{BIN}-*.js")
    main_wasm = one(stage, f"{BIN}-*_bg.wasm")

    with tempfile.TemporaryDirectory() as tmp:
        split_dir, bindgen_dir = Path(tmp) / "split", Path(tmp) / "bindgen"
        run("wasm-split-cli", str(cargo_wasm), str(split_dir), "--out-name", BIN)
        run("wasm-bindgen", "--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript",
            "--out-dir", str(bindgen_dir), str(split_dir / f"{BIN}.wasm"))

        def optimised(src, dst):
            if release:
                run("wasm-opt", *WASM_OPT, str(src), "-o", str(dst))
            else:
                shutil.copyfile(src, dst)

        # The split modules, named by content; the loader points at those names.
        loader = (split_dir / "__wasm_split.js").read_text()
        loader = replace_present(loader, f'"./{BIN}.js"', f'"./{main_js.name}"', "__wasm_split.js")
        parts = []
        for module in sorted(split_dir.glob("*.wasm")):
            if module.name == f"{BIN}.wasm":
                continue
            tmp_out = Path(tmp) / f"opt-{module.name}"
            optimised(module, tmp_out)
            data = tmp_out.read_bytes()
            name = f"{module.stem}-{short_hash(data)}.wasm"
            (stage / name).write_bytes(data)
            loader = replace_present(loader, f'"./{module.name}"', f'"./{name}"', "__wasm_split.js")
            parts.append(name)
        loader_name = f"{BIN}-split-{short_hash(loader.encode())}.js"
        (stage / loader_name).write_text(loader)

        # The main module and its JavaScript, under Trunk's names.
        optimised(bindgen_dir / f"{BIN}_bg.wasm", main_wasm)
        js = (bindgen_dir / f"{BIN}.js").read_text()
        # Only the import statements: the keys of the wasm's import object stay
        # the module name the wasm itself names.
        js = replace_present(js, 'from "./__wasm_split.js"', f'from "./{loader_name}"', f"{BIN}.js")
        main_js.write_text(js)

    # Subresource Integrity of the two files Trunk's index.html names.
    index = stage / "index.html"
    html = index.read_text()
    for path in (main_js, main_wasm):
        pattern = re.compile(r'(href="\./' + re.escape(path.name) + r'"[^>]*?integrity=")[^"]*(")')
        html, count = pattern.subn(lambda m: m.group(1) + sri(path.read_bytes()) + m.group(2), html)
        if count != 1:
            fail(f"index.html: expected one integrity attribute for {path.name}, found {count}")
    index.write_text(html)

    sizes = ", ".join(f"{p}: {(stage / p).stat().st_size} B" for p in [main_wasm.name, *parts])
    print(f"split_wasm: {sizes}")


if __name__ == "__main__":
    main()

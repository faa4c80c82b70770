//! Embeds the built-in rule files (`rules/<pack>/<id>.toml`) in the binary.
//!
//! The rules stay ordinary files: the generated table only holds their paths and
//! contents, and they are loaded by the same code as a user's rule files.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=rules");
    // Read when the script runs, not when it is compiled: a build script reused from another
    // checkout (a copied target directory) must still embed this checkout's rules.
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir);
    let mut files = Vec::new();
    collect(&root.join("rules"), &mut files);
    files.sort();
    let mut table = String::from("&[\n");
    for file in &files {
        let rel = file
            .strip_prefix(root)
            .expect("rule files lie under the manifest directory")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(table, "    ({rel:?}, include_str!({:?})),", file.display()).expect("writing to a String");
    }
    table.push_str("]\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    fs::write(out, table).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo::rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

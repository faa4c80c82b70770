//! Embeds the built-in rule files (`rules/<pack>/<id>.toml`) in the binary, with the
//! syntax trees of their expressions.
//!
//! The rules stay ordinary files: the generated table only holds their paths and
//! contents, and they are loaded by the same code as a user's rule files. Their token
//! patterns, queries and `emit`s are parsed here, by the rule language's own modules compiled
//! into this script, and written by `lang::parsed`; factlint takes a tree from there when it
//! reads exactly the text it was parsed from, and parses anything else.

// The rule language and the modules it uses, as factlint compiles them. Only part of them is
// used here.
#[allow(dead_code, unused_imports, unused_macros)]
#[macro_use]
#[path = "src/value.rs"]
mod value;
#[allow(dead_code)]
#[path = "src/lang/mod.rs"]
mod lang;
#[allow(dead_code)]
#[path = "src/schema.rs"]
mod schema;
#[allow(dead_code)]
#[path = "src/span.rs"]
mod span;

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
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("builtin_rules.rs"), table).expect("OUT_DIR is writable");
    let texts: Vec<String> = files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap_or_default())
        .collect();
    let mut expressions = Vec::new();
    for text in &texts {
        // A file that is not valid TOML is reported when factlint loads it.
        let Ok(rule) = toml::from_str::<toml::Table>(text) else {
            continue;
        };
        let strings = |key: &str| -> Vec<String> {
            match rule.get(key) {
                Some(toml::Value::String(s)) => vec![s.clone()],
                Some(toml::Value::Array(items)) => {
                    items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect()
                }
                _ => Vec::new(),
            }
        };
        expressions.extend(
            strings("patterns")
                .into_iter()
                .map(|p| (lang::parsed::Entry::TokenPattern, p)),
        );
        expressions.extend(strings("when").into_iter().map(|q| (lang::parsed::Entry::Query, q)));
        expressions.extend(strings("emit").into_iter().map(|q| (lang::parsed::Entry::Query, q)));
    }
    let trees = lang::parsed::write(expressions.iter().map(|(entry, text)| (*entry, text.as_str())));
    fs::write(Path::new(&out_dir).join("parsed_rules.bin"), trees).expect("OUT_DIR is writable");
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

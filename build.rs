//! Embeds every file under `templates/`, and the example profiles under
//! `examples/`, into the binary, so the installed tool works from any
//! folder. Generates `builtin_files.rs` and `builtin_examples.rs`: sorted
//! tables of (path relative to the folder, contents).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Writes `name` into OUT_DIR: a sorted table `table` of (path relative to
/// `dir`, contents) for the files under `dir` that `keep` accepts.
fn embed(dir: &str, keep: fn(&Path) -> bool, table: &str, name: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.retain(|p| keep(p));
    files.sort();
    let mut code = format!("pub(super) static {table}: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path.strip_prefix(&root).expect("under the folder");
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR set by cargo")).join(name);
    std::fs::write(out, code).expect("write the table");
}

fn main() {
    embed("templates", |_| true, "FILES", "builtin_files.rs");
    // The example profiles, for `jianghua examples` and `init --example`.
    embed(
        "examples",
        |p| p.extension().is_some_and(|e| e == "toml"),
        "EXAMPLES",
        "builtin_examples.rs",
    );
}

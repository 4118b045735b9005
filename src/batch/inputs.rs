//! The profiles a batch's command line names: files, folders, globs.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

/// Expands command-line inputs: files as they are, folders to the `*.toml`
/// files in them, anything else as a glob pattern. Sorted, without repeats.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|source| Error::Read {
                path: input.clone(),
                source,
            })?;
            // The entry's type comes with the listing; following a symbolic
            // link costs one more call, only for links.
            let mut files: Vec<std::ffi::OsString> = entries
                .flatten()
                .filter(|e| match e.file_type() {
                    Ok(t) if t.is_symlink() => e.path().is_file(),
                    Ok(t) => t.is_file(),
                    Err(_) => false,
                })
                .map(|e| e.file_name())
                .filter(|name| Path::new(name).extension().is_some_and(|e| e == "toml"))
                .collect();
            // By name: the same order as sorting the paths (they share the
            // folder), without comparing them component by component.
            files.sort_unstable();
            out.extend(files.into_iter().map(|name| input.join(name)));
        } else if input.exists() {
            out.push(input.clone());
        } else {
            let pattern = input.to_string_lossy();
            let matches: Vec<PathBuf> = glob::glob(&pattern)
                .map_err(|e| {
                    Error::Batch(vec![Diagnostic::new(format!(
                        "无效的通配符 `{pattern}`：{e}"
                    ))])
                })?
                .flatten()
                .filter(|p| p.is_file())
                .collect();
            if matches.is_empty() {
                return Err(Error::Read {
                    path: input.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "没有这个文件，也没有匹配的文件",
                    ),
                });
            }
            out.extend(matches);
        }
    }
    // The same file named twice (a folder and a glob over it) runs once. One
    // folder or one glob cannot name a file twice.
    if inputs.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        out.retain(|p| seen.insert(p.components().collect::<PathBuf>()));
    }
    Ok(out)
}

/// Paths relative to `base` (a plan file's folder), absolute ones as they are.
pub fn relative_to(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_owned()
    } else {
        base.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_sorted_and_named_once() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.toml", "a.toml", "a0.toml", "c.txt", "B.toml"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub.toml")).unwrap();
        let folder = dir.path().to_owned();
        let names = |paths: Vec<PathBuf>| -> Vec<String> {
            paths
                .iter()
                .map(|p| p.strip_prefix(&folder).unwrap().display().to_string())
                .collect()
        };
        let listed = expand_inputs(std::slice::from_ref(&folder)).unwrap();
        assert_eq!(names(listed), ["B.toml", "a.toml", "a0.toml", "b.toml"]);
        // The folder, a glob over it and one file of it, written another way.
        let inputs = [
            folder.join("a.toml"),
            folder.clone(),
            folder.join("*.toml"),
            folder.join(".").join("b.toml"),
        ];
        let all = expand_inputs(&inputs).unwrap();
        assert_eq!(names(all), ["a.toml", "B.toml", "a0.toml", "b.toml"]);
    }
}

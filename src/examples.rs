//! The bundled example profiles, embedded in the binary: `jianghua
//! examples` lists them, `jianghua init --example NAME` writes one (with
//! the shared profile it extends), so a new user needs no copy of the
//! repository.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

include!(concat!(env!("OUT_DIR"), "/builtin_examples.rs"));

/// One example profile.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// The file name without `.toml`: `qingshan-jiedao`.
    pub name: &'static str,
    pub text: &'static str,
}

impl Example {
    /// The pack it names (`template = "…"`), itself or in the file it extends.
    pub fn pack(&self) -> Option<String> {
        self.value("template").or_else(|| {
            let base = self.extends()?;
            let (_, text) = EXAMPLES.iter().find(|(r, _)| *r == base)?;
            let table: toml::Table = toml::from_str(text).ok()?;
            table.get("template")?.as_str().map(str::to_owned)
        })
    }

    /// Its first comment line: what it is.
    pub fn summary(&self) -> &'static str {
        self.text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix('#'))
            .map_or("", str::trim)
    }

    /// The file it extends, relative to itself, if any.
    pub fn extends(&self) -> Option<String> {
        self.value("extends")
    }

    /// A top-level string value.
    fn value(&self, key: &str) -> Option<String> {
        let table: toml::Table = toml::from_str(self.text).ok()?;
        table.get(key)?.as_str().map(str::to_owned)
    }
}

/// The examples, sorted by name; shared files (`common/…`) are not listed.
pub fn list() -> Vec<Example> {
    EXAMPLES
        .iter()
        .filter(|(rel, _)| !rel.contains('/'))
        .map(|(rel, text)| Example {
            name: rel.trim_end_matches(".toml"),
            text,
        })
        .collect()
}

/// The example called `name` (with or without `.toml`).
pub fn get(name: &str) -> Result<Example> {
    let name = name.trim_end_matches(".toml");
    list().into_iter().find(|e| e.name == name).ok_or_else(|| {
        let names: Vec<&str> = list().iter().map(|e| e.name).collect();
        let mut d = Diagnostic::new(format!("没有名为 `{name}` 的示例配置"));
        if let Some(near) = crate::suggest::nearest(name, names.iter().copied()) {
            d = d.hint(format!("是不是 `{near}`？"));
        }
        Error::Profile(vec![d.hint("用 `jianghua examples` 查看全部示例")])
    })
}

/// Writes `example` to `path`, and the file it extends at the same place
/// relative to `path` (`common/qingshan-qu.toml`). Returns the files written.
pub fn write(example: &Example, path: &Path, overwrite: bool) -> Result<Vec<PathBuf>> {
    let mut files = vec![(path.to_owned(), example.text)];
    if let Some(rel) = example.extends() {
        let text = EXAMPLES
            .iter()
            .find(|(r, _)| *r == rel)
            .map(|(_, t)| *t)
            .ok_or_else(|| {
                Error::Profile(vec![Diagnostic::new(format!(
                    "示例 {} 继承的 {rel} 没有打包进程序",
                    example.name
                ))])
            })?;
        let dir = path.parent().unwrap_or_else(|| Path::new(""));
        files.push((dir.join(rel), text));
    }
    // Nothing is written when any of them is in the way.
    if !overwrite {
        if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
            return Err(Error::OutputExists(p.clone()));
        }
    }
    for (p, text) in &files {
        crate::output::create_parent(p)?;
        crate::output::write_atomic(p, text.as_bytes(), true)?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_listed_with_its_pack_and_summary() {
        let all = list();
        assert!(all.len() >= 30, "{}", all.len());
        for e in &all {
            assert!(e.pack().is_some(), "{}", e.name);
            assert!(!e.summary().is_empty(), "{}", e.name);
        }
        assert!(all.iter().all(|e| !e.name.contains('/')));
    }

    #[test]
    fn an_example_that_extends_brings_its_base() {
        let e = get("qingshan-jiedao.toml").unwrap();
        assert_eq!(e.extends().as_deref(), Some("common/qingshan-qu.toml"));
        let dir = tempfile::tempdir().unwrap();
        let files = write(&e, &dir.path().join("我的/街道.toml"), false).unwrap();
        assert_eq!(files.len(), 2);
        assert!(dir.path().join("我的/common/qingshan-qu.toml").exists());
        let doc = crate::ProfileDoc::load(&dir.path().join("我的/街道.toml")).unwrap();
        assert_eq!(doc.string_at("unit.name"), Some("青山街道"));
        assert!(matches!(
            write(&e, &dir.path().join("我的/街道.toml"), false),
            Err(Error::OutputExists(_))
        ));
    }

    #[test]
    fn a_misspelt_name_gets_the_nearest() {
        let Err(Error::Profile(ds)) = get("qingshan-jiedo") else {
            panic!("found");
        };
        assert!(
            ds[0].hints[0].contains("qingshan-jiedao"),
            "{:?}",
            ds[0].hints
        );
    }
}

//! Project settings: a `jianghua.toml` in the current folder or a parent
//! says where the office's own packs are, which pack to use when a profile
//! names none, and where batches write what, so a custom pack does not need
//! `--templates` on every command.
//!
//! ```toml
//! templates = ["我的模板"]      # folders of packs, relative to this file
//! template = "mine"             # the pack init uses, and profiles without one
//! output = "讲话稿"             # batch's output folder
//! formats = ["txt", "docx"]     # batch's formats
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};
use crate::source::Source;
use crate::writer::Format;

/// The file's name.
pub const FILE: &str = "jianghua.toml";

/// Settings read from a `jianghua.toml`; paths are made relative to the
/// folder that holds it.
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// The file the settings came from.
    pub path: PathBuf,
    pub templates: Vec<PathBuf>,
    pub template: Option<String>,
    pub output: Option<PathBuf>,
    pub formats: Option<Vec<Format>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    templates: Vec<String>,
    template: Option<String>,
    output: Option<String>,
    formats: Option<Vec<String>>,
}

impl Project {
    /// The settings of the nearest `jianghua.toml` at `start` or above it.
    pub fn find(start: &Path) -> Result<Option<Self>> {
        for dir in start.ancestors() {
            let path = dir.join(FILE);
            if path.is_file() {
                return Self::load(&path).map(Some);
            }
        }
        Ok(None)
    }

    /// Reads one settings file.
    pub fn load(path: &Path) -> Result<Self> {
        let source = Source::read(path)?;
        let raw: Raw = toml::from_str(&source.text).map_err(|e| {
            let mut d = Diagnostic::new(format!("{} 有误：{}", path.display(), e.message()));
            if let Some(span) = e.span() {
                d = d.at(source.location(span));
            }
            Error::Syntax(Box::new(d.hint(
                "可以写的设置：templates（模板目录列表）、template（默认模板包）、output（批量输出文件夹）、formats（批量输出格式列表）",
            )))
        })?;
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        let formats = match raw.formats {
            None => None,
            Some(names) => Some(
                names
                    .iter()
                    .map(|n| {
                        n.parse::<Format>().map_err(|_| {
                            Error::Syntax(Box::new(
                                Diagnostic::new(format!(
                                    "{} 的 formats 里有不认识的格式 `{n}`",
                                    path.display()
                                ))
                                .hint("可用：txt、md、html、docx"),
                            ))
                        })
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
        };
        Ok(Self {
            path: path.to_owned(),
            templates: raw.templates.iter().map(|t| dir.join(t)).collect(),
            template: raw.template,
            output: raw.output.map(|o| dir.join(o)),
            formats,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_file_above_is_found_and_its_paths_are_its_own() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            "templates = [\"我的模板\"]\ntemplate = \"mine\"\noutput = \"稿\"\nformats = [\"txt\", \"docx\"]\n",
        )
        .unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        let p = Project::find(&deep).unwrap().unwrap();
        assert_eq!(p.templates, [dir.path().join("我的模板")]);
        assert_eq!(p.template.as_deref(), Some("mine"));
        assert_eq!(p.output, Some(dir.path().join("稿")));
        assert_eq!(p.formats, Some(vec![Format::Txt, Format::Docx]));
    }

    #[test]
    fn a_misspelt_setting_or_format_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), "templete = \"mine\"\n").unwrap();
        let Err(e) = Project::find(dir.path()) else {
            panic!("accepted");
        };
        assert!(e.to_string().contains("templete"), "{e}");
        std::fs::write(dir.path().join(FILE), "formats = [\"pdf\"]\n").unwrap();
        let Err(e) = Project::find(dir.path()) else {
            panic!("accepted");
        };
        assert!(e.to_string().contains("pdf"), "{e}");
    }
}

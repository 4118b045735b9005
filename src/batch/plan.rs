//! `--plan plan.toml`: a batch written down, so it can be run again exactly.
//! Paths in the plan are relative to the plan file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{JobSpec, expand_inputs, relative_to};
use crate::error::{Diagnostic, Error, Result};
use crate::source::Source;
use crate::writer::Format;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    #[serde(default)]
    profiles: Vec<String>,
    template: Option<String>,
    formats: Option<Vec<String>>,
    output: Option<String>,
    name: Option<String>,
    variants: Option<u32>,
    seed: Option<u64>,
    max_similarity: Option<f64>,
    #[serde(default)]
    jobs: Vec<PlanJob>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanJob {
    profile: String,
    template: Option<String>,
}

/// A plan, with paths resolved; the command line may override any setting.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub specs: Vec<JobSpec>,
    pub template: Option<String>,
    pub formats: Option<Vec<Format>>,
    pub out_dir: Option<PathBuf>,
    pub name: Option<String>,
    pub variants: Option<u32>,
    pub seed: Option<u64>,
    pub max_similarity: Option<f64>,
}

/// Reads a plan file.
pub fn load(path: &Path) -> Result<Plan> {
    let source = Source::read(path)?;
    let raw: PlanFile = toml::from_str(&source.text).map_err(|e| {
        let mut d = Diagnostic::new(format!("批量计划文件无法解析：{}", e.message().trim()))
            .hint("可用的键：profiles、template、formats、output、name、variants、seed、max_similarity、[[jobs]]");
        if let Some(span) = e.span() {
            d = d.at(source.location(span));
        }
        Error::Syntax(Box::new(d))
    })?;
    let base = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let inputs: Vec<PathBuf> = raw
        .profiles
        .iter()
        .map(|p| relative_to(&base, Path::new(p)))
        .collect();
    let mut specs: Vec<JobSpec> = expand_inputs(&inputs)?
        .into_iter()
        .map(JobSpec::file)
        .collect();
    specs.extend(raw.jobs.into_iter().map(|j| JobSpec {
        template: j.template,
        ..JobSpec::file(relative_to(&base, Path::new(&j.profile)))
    }));
    if specs.is_empty() {
        return Err(Error::Batch(vec![
            Diagnostic::new(format!("{}：计划里没有任何配置文件", path.display()))
                .hint("写 profiles = [\"街道/*.toml\"]，或加 [[jobs]] profile = \"…\""),
        ]));
    }
    let formats = raw
        .formats
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    f.parse::<Format>().map_err(|m| {
                        Error::Batch(vec![Diagnostic::new(format!("{}：{m}", path.display()))])
                    })
                })
                .collect::<Result<Vec<_>>>()
        })
        .transpose()?;
    Ok(Plan {
        specs,
        template: raw.template,
        formats,
        out_dir: raw.output.map(|o| relative_to(&base, Path::new(&o))),
        name: raw.name,
        variants: raw.variants,
        seed: raw.seed,
        max_similarity: raw.max_similarity,
    })
}

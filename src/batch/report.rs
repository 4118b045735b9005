//! What a batch reports: each job's outcome, the too-similar pairs and the
//! totals, written as `manifest.json`.

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::check::Finding;
use crate::error::{Error, Result};

/// The name of the manifest in the output folder.
pub const MANIFEST: &str = "manifest.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
    /// Not run: an earlier job failed under `fail_fast`, or its outputs
    /// exist and `skip_existing` leaves them.
    Skipped,
}

/// Why a job failed; written into the manifest as one line of text.
#[derive(Debug, Clone)]
pub enum JobError {
    /// The profile could not be read, its pack chosen or built, or it does
    /// not fit its pack.
    Profile(Arc<Error>),
    /// The `--name` pattern could not be filled from this profile.
    Name(String),
    Render(Arc<Error>),
    /// The checks found errors, so nothing was written.
    Findings(usize),
    Write(Arc<Error>),
    /// The thread that writes files stopped.
    WriterStopped,
}

impl From<Error> for JobError {
    fn from(e: Error) -> Self {
        Self::Profile(Arc::new(e))
    }
}

impl From<Arc<Error>> for JobError {
    fn from(e: Arc<Error>) -> Self {
        Self::Profile(e)
    }
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Profile(e) | Self::Render(e) | Self::Write(e) => f.write_str(&error_text(e)),
            Self::Name(why) => write!(f, "输出文件名模式 `--name` 无法填充：{why}"),
            Self::Findings(n) => write!(f, "检查发现 {n} 个错误，未写出"),
            Self::WriterStopped => f.write_str("写文件的线程已停止"),
        }
    }
}

impl Serialize for JobError {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An error as one line of text: its diagnostics joined.
pub fn error_text(e: &Error) -> String {
    let ds = e.diagnostics();
    if ds.is_empty() {
        return e.to_string();
    }
    ds.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("；")
}

/// What happened to one job; one entry of the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct JobReport {
    pub profile: String,
    pub pack: Option<String>,
    pub seed: u64,
    /// 1-based, when the batch makes several variants.
    pub variant: Option<u32>,
    /// Output file stem (without extension).
    pub name: Option<String>,
    pub outputs: Vec<String>,
    pub chars: usize,
    pub minutes: f64,
    pub findings: Vec<Finding>,
    pub status: Status,
    pub error: Option<JobError>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SimilarPair {
    pub a: String,
    pub b: String,
    pub similarity: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub jobs: usize,
    pub ok: usize,
    pub failed: usize,
    pub skipped: usize,
    pub files: usize,
    pub seconds: f64,
    pub max_similarity: f64,
    /// Processor seconds (summed over threads) of the cross-unit name check:
    /// building the index of names and searching every output.
    pub contamination_seconds: f64,
    /// Processor seconds of the similarity report: signatures (with the
    /// character count, taken in the same walk) and comparisons.
    pub similarity_seconds: f64,
    /// Speeches the compiled render path handed to handlebars (the slower,
    /// general one): see `JIANGHUA_LOG=debug` for where.
    pub fallbacks: usize,
}

/// `manifest.json`: every job, the too-similar pairs, and totals.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub generator: String,
    pub jobs: Vec<JobReport>,
    pub similar: Vec<SimilarPair>,
    pub summary: Summary,
    /// Why manifest.json could not be written (a full disk, a folder
    /// removed): the batch's results are still told on the terminal.
    #[serde(skip)]
    pub write_error: Option<String>,
}

impl Manifest {
    /// Writes `manifest.json` into `dir`, atomically; a failure is kept in
    /// [`Manifest::write_error`].
    pub(super) fn write_into(&mut self, dir: &Path) {
        let written: Result<()> =
            crate::output::write_file_with(&dir.join(MANIFEST), true, false, |w| {
                let mut w = std::io::BufWriter::new(w);
                serde_json::to_writer_pretty(&mut w, &*self)?;
                w.write_all(b"\n")?;
                w.flush()
            });
        self.write_error = written.err().map(|e| error_text(&e));
    }
}

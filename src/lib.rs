//! jianghua (讲话): drafts Chinese official speeches from template packs and
//! TOML profiles.
//!
//! The flow for one profile is [`pipeline`]: a [`ProfileDoc`] (read,
//! `extends` merged) → its [`Pack`] chosen and `--set` applied → validated
//! against the pack's schema ([`Validated`]) → rendered by an [`Engine`] into a
//! [`Speech`] → checked ([`check`]) → written in a [`Format`]. [`batch`] runs
//! it for many profiles in parallel. The command line lives in the binary;
//! nothing here depends on clap.

pub mod batch;
pub mod check;
pub mod draft;
mod error;
pub mod examples;
pub mod extract;
pub mod init;
pub mod output;
pub mod pack;
pub mod pack_check;
pub mod pipeline;
pub mod profile;
pub mod project;
mod register;
pub mod render;
pub mod source;
mod speech;
pub mod stats;
mod suggest;
pub mod table;
pub mod value;
pub mod workbench;
pub mod writer;
pub mod zh;

pub use error::{Diagnostic, Error, LISTED_PROBLEMS, Location, Result};
pub use pack::{Catalog, Pack};
pub use profile::{ProfileDoc, Validated};
pub use render::Engine;
pub use speech::{Block, Heading, Speech};
pub use writer::Format;

/// Whether `JIANGHUA_LOG=debug` asks for the engine's debugging lines on
/// standard error (where a speech left the compiled render path).
pub fn debug_log() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var("JIANGHUA_LOG").is_ok_and(|v| v.eq_ignore_ascii_case("debug")))
}

/// The pack used when neither `-t` nor the profile names one (`init`).
pub const DEFAULT_PACK: &str = "dongyuan";

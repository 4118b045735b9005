//! CLI tests: the real binary, real files, real exit codes. One integration
//! binary, one module per command.

mod batch;
mod docs;
mod extract;
mod generate;
mod init;
mod lint;
mod profile_errors;
mod support;
mod table;
mod templates;

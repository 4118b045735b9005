//! Writing results safely: to a temporary file beside the target, then renamed,
//! so a failed or interrupted run never leaves a half-written file and never
//! destroys an existing one.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically and durably (synced to disk before
/// the rename). Without `overwrite`, an existing file is an error (checked
/// again at the rename, so a race cannot clobber it).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    if path.is_dir() {
        let source = std::io::Error::other("这是一个文件夹");
        return Err(Error::Write {
            path: path.to_owned(),
            source,
        });
    }
    if !overwrite && path.symlink_metadata().is_ok() {
        return Err(Error::OutputExists(path.to_owned()));
    }
    write_file(path, bytes, overwrite, true)
}

/// As [`write_atomic`]; `durable: false` skips the sync, for batches of
/// thousands of files where one sync per file would cost seconds. The rename
/// still guarantees that a killed run leaves whole files or none.
pub fn write_file(path: &Path, bytes: &[u8], overwrite: bool, durable: bool) -> Result<()> {
    write_file_with(path, overwrite, durable, |w| w.write_all(bytes))
}

/// As [`write_file`], with the content streamed by `fill` (a manifest of
/// thousands of jobs need not be built in memory first).
pub fn write_file_with(
    path: &Path,
    overwrite: bool,
    durable: bool,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let werr = |source: std::io::Error| Error::Write {
        path: path.to_owned(),
        source,
    };
    // No existence checks here: the rename refuses to clobber (without
    // `overwrite`) and fails on a folder, and each check costs a system call
    // per file in a batch of thousands.
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".tmp");
    // Temporary files are private (0600) by default; the speech is an
    // ordinary document, so it gets the permissions any new file would.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(werr)?;
    fill(&mut tmp).map_err(werr)?;
    if durable {
        tmp.as_file().sync_all().map_err(werr)?;
    }
    if overwrite {
        tmp.persist(path).map_err(|e| werr(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::OutputExists(path.to_owned())
            } else {
                werr(e.error)
            }
        })?;
    }
    Ok(())
}

const TEMP_PREFIX: &str = ".jianghua-";

/// Removes temporary files an interrupted run left in `dir` (a kill skips the
/// clean-up that normally deletes them). Best effort.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"one", false).unwrap();
        assert!(matches!(
            write_atomic(&path, b"two", false),
            Err(Error::OutputExists(_))
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_atomic(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }
    #[cfg(unix)]
    #[test]
    fn written_files_have_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        write_atomic(&dir.path().join("a.txt"), b"x", false).unwrap();
        std::fs::write(dir.path().join("b.txt"), b"x").unwrap();
        let mode = |n: &str| {
            std::fs::metadata(dir.path().join(n))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("a.txt"), mode("b.txt"));
    }
    #[test]
    fn leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(&dir.path().join("a.txt"), b"x", false).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
    #[test]
    fn directory_target_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            write_atomic(dir.path(), b"x", true),
            Err(Error::Write { .. })
        ));
    }
}

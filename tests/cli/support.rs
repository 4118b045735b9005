//! Running the binary in a scratch folder with a clean environment.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub(crate) fn success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub(crate) fn failure(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub(crate) fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub(crate) fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout
        );
        self
    }
}

/// The repository root (for `examples/`).
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn example(name: &str) -> String {
    repo().join("examples").join(name).display().to_string()
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jianghua"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("JIANGHUA_TEMPLATES");
    cmd
}

pub(crate) fn run(dir: &Path, args: &[&str]) -> Run {
    run_with_stdin(dir, args, b"")
}

pub(crate) fn run_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    let mut child = command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    if out.stdout.starts_with(b"PK") {
        assert_valid_docx(&out.stdout, "standard output");
    }
    // Every Word file a test makes must open: each is checked where it lies.
    if dir.starts_with(std::env::temp_dir()) {
        docx_under(dir, 3);
    }
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn docx_under(dir: &Path, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && depth > 0 {
            docx_under(&path, depth - 1);
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "docx") {
            if let Ok(bytes) = std::fs::read(&path) {
                // A file the test made on purpose to be broken says so in its name.
                if bytes.starts_with(b"PK") {
                    assert_valid_docx(&bytes, &path.display().to_string());
                }
            }
        }
    }
}

/// Every XML part of a Word file parses, and holds no character XML 1.0
/// forbids, raw or as a reference (Word refuses such a file).
#[track_caller]
pub(crate) fn assert_valid_docx(bytes: &[u8], name: &str) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .unwrap_or_else(|e| panic!("{name}: not a zip: {e}"));
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let part_name = part.name().to_owned();
        if !(part_name.ends_with(".xml") || part_name.ends_with(".rels")) {
            continue;
        }
        let mut text = String::new();
        part.read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{name} {part_name}: {e}"));
        let forbidden = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
        assert!(
            !text.chars().any(forbidden),
            "{name} {part_name}: a character XML forbids"
        );
        // Character references: &#12; or &#xC;.
        for (at, _) in text.match_indices("&#") {
            let rest = &text[at + 2..];
            let Some(end) = rest.find(';') else { continue };
            let code = match rest[..end].strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => rest[..end].parse().ok(),
            };
            let c = code.and_then(char::from_u32);
            assert!(
                !c.is_some_and(forbidden),
                "{name} {part_name}: a reference to a character XML forbids"
            );
        }
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} {part_name}: {e}"),
            }
        }
    }
}

pub(crate) fn run_env(dir: &Path, args: &[&str], key: &str, value: &str) -> Run {
    let out = command(dir, args).env(key, value).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A scratch folder with files.
pub(crate) fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// A complete, valid profile for the `dongyuan` pack, written by `init`.
/// A profile that generates: init's stub, taken as filled in (without the
/// line that marks an unfilled stub, which generate would warn about).
pub(crate) fn valid_profile() -> String {
    let dir = tempfile::tempdir().unwrap();
    let stub = run(dir.path(), &["init"]).success().stdout.clone();
    stub.lines()
        .filter(|l| !l.contains("由 jianghua init 生成"))
        .map(|l| format!("{l}\n"))
        .collect()
}

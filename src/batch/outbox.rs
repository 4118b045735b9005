//! Outputs on their way from the rendering threads to the one thread that
//! writes files: creating files in one folder from several threads only
//! makes them wait on its lock.

use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender};

use crate::error::Error;

/// A file for the writer thread.
pub(super) struct Output {
    pub(super) job: usize,
    /// A name in the output folder.
    pub(super) file: String,
    pub(super) bytes: Vec<u8>,
}

/// A worker's outputs on their way to the writer thread, sent in bundles:
/// a send that wakes a sleeping writer costs more than writing a small file,
/// so one wake-up serves many files. What is left is sent when the worker's
/// share of the batch ends (on drop).
pub(super) struct Outbox<'a> {
    tx: &'a SyncSender<Vec<Output>>,
    files: Vec<Output>,
    bytes: usize,
}

impl<'a> Outbox<'a> {
    /// A bundle is sent at this many files or bytes, whichever comes first:
    /// small enough that a few bundles in flight stay a few megabytes.
    const FILES: usize = 32;
    const BYTES: usize = 1 << 20;

    pub(super) fn new(tx: &'a SyncSender<Vec<Output>>) -> Self {
        Self {
            tx,
            files: Vec::new(),
            bytes: 0,
        }
    }

    /// Queues a file; `false` when the writer thread has stopped.
    pub(super) fn push(&mut self, out: Output) -> bool {
        self.bytes += out.bytes.len();
        self.files.push(out);
        if self.files.len() >= Self::FILES || self.bytes >= Self::BYTES {
            return self.flush();
        }
        true
    }

    fn flush(&mut self) -> bool {
        self.bytes = 0;
        let files = std::mem::take(&mut self.files);
        files.is_empty() || self.tx.send(files).is_ok()
    }
}

impl Drop for Outbox<'_> {
    fn drop(&mut self) {
        // A writer that stopped has already failed the batch; nothing to add.
        self.flush();
    }
}

/// A failed write: the job, the file and why.
pub(super) type WriteError = (usize, String, Error);

/// The writer thread's loop: writes every file that arrives into `dir`
/// until the senders are gone; failures are collected, not fatal.
pub(super) fn write_all(
    rx: Receiver<Vec<Output>>,
    dir: &Path,
    force: bool,
    errors: &Mutex<Vec<WriteError>>,
) {
    let folder = crate::output::Folder::open(dir);
    for out in rx.into_iter().flatten() {
        if let Err(e) = folder.write(&out.file, &out.bytes, force) {
            let mut errors = errors
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            errors.push((out.job, out.file, e));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_reach_the_writer_in_bundles_and_none_is_left_behind() {
        let output = |job: usize, size: usize| Output {
            job,
            file: format!("{job}.txt"),
            bytes: vec![b'x'; size],
        };
        let (tx, rx) = std::sync::mpsc::sync_channel(16);
        {
            let mut outbox = Outbox::new(&tx);
            for job in 0..70 {
                assert!(outbox.push(output(job, 10)));
            }
            // Large files go sooner: two of 600 KB pass 1 MB.
            for job in 70..73 {
                assert!(outbox.push(output(job, 600 << 10)));
            }
        }
        let bundles: Vec<Vec<Output>> = rx.try_iter().collect();
        let sizes: Vec<usize> = bundles.iter().map(Vec::len).collect();
        assert_eq!(sizes, [32, 32, 8, 1]);
        let jobs: Vec<usize> = bundles.iter().flatten().map(|o| o.job).collect();
        assert_eq!(jobs, (0..73).collect::<Vec<_>>());
        // A writer that is gone is reported at the next bundle.
        drop(rx);
        let mut outbox = Outbox::new(&tx);
        assert!((0..31).all(|job| outbox.push(output(job, 1))));
        assert!(!outbox.push(output(31, 1)));
    }
}

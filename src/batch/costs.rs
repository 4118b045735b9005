//! Processor time spent on the batch-wide checks, summed over threads, for
//! the manifest's summary.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

#[derive(Default)]
pub(super) struct Costs {
    pub(super) contamination: AtomicU64,
    pub(super) similarity: AtomicU64,
}

impl Costs {
    pub(super) fn time<T>(counter: &AtomicU64, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        counter.fetch_add(nanos_since(start), Ordering::Relaxed);
        result
    }

    /// A job's tally, added once the job ends: adding to the shared
    /// counters at every paragraph made the cores pass their cache line
    /// back and forth.
    pub(super) fn add(&self, tally: &Tally) {
        self.contamination
            .fetch_add(tally.contamination.get(), Ordering::Relaxed);
        self.similarity
            .fetch_add(tally.similarity.get(), Ordering::Relaxed);
    }

    pub(super) fn seconds(counter: &AtomicU64) -> f64 {
        (counter.load(Ordering::Relaxed) as f64 / 1e9 * 1000.0).round() / 1000.0
    }
}

/// [`Costs`] of one job, kept by the thread that runs it.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) contamination: Cell<u64>,
    pub(super) similarity: Cell<u64>,
}

impl Tally {
    pub(super) fn time<T>(counter: &Cell<u64>, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        counter.set(counter.get().saturating_add(nanos_since(start)));
        result
    }
}

fn nanos_since(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

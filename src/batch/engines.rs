//! Each pack's engine, built once per batch and shared by the threads.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::Error;
use crate::pack::Catalog;
use crate::render::Engine;

/// A pack's engine, or why it could not be built.
pub(crate) type Built = Result<Arc<Engine>, Arc<Error>>;

/// A pack's engine, built at most once.
#[derive(Default)]
struct EngineCell {
    engine: OnceLock<Built>,
    /// Some thread has started building it.
    claimed: AtomicBool,
}

/// Engines by pack name.
#[derive(Default)]
pub(crate) struct Engines {
    map: Mutex<HashMap<String, Arc<EngineCell>>>,
}

impl Engines {
    fn cell(&self, name: &str) -> Arc<EngineCell> {
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(map.entry(name.to_owned()).or_default())
    }

    /// The engine of pack `name`, built by this thread or waited for.
    pub(crate) fn get(&self, catalog: &Catalog, name: &str) -> Built {
        let cell = self.cell(name);
        cell.claimed.store(true, Ordering::Relaxed);
        Self::build(&cell, catalog, name)
    }

    /// [`Engines::get`], or `None` while another thread builds that engine:
    /// the first pass then goes on with the next profile and asks again at
    /// its end, instead of every thread waiting for the one building.
    pub(super) fn try_get(&self, catalog: &Catalog, name: &str) -> Option<Built> {
        let cell = self.cell(name);
        if let Some(built) = cell.engine.get() {
            return Some(built.clone());
        }
        (!cell.claimed.swap(true, Ordering::Relaxed)).then(|| Self::build(&cell, catalog, name))
    }

    /// Speeches all engines handed to handlebars.
    pub(super) fn fallbacks(&self) -> usize {
        let map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.values()
            .filter_map(|cell| cell.engine.get()?.as_ref().ok().map(|e| e.fallbacks()))
            .sum()
    }

    fn build(cell: &EngineCell, catalog: &Catalog, name: &str) -> Built {
        cell.engine
            .get_or_init(|| {
                let pack = catalog.load(name)?;
                Ok(Arc::new(Engine::new(&pack)?))
            })
            .clone()
    }

    /// Marks pack `name` as being built by another thread (for tests).
    #[cfg(test)]
    pub(super) fn claim(&self, name: &str) {
        self.cell(name).claimed.store(true, Ordering::Relaxed);
    }
}

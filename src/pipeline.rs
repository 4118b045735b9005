//! One profile to one checked draft, the same way for every caller
//! (`generate`, `check`, `lint --profile`, `batch`, a web page):
//! read → choose the pack → apply `--set` → validate → render → check.
//!
//! The steps are separate functions because callers stop at different ones
//! (`lint --profile` needs only the validated profile) and a batch shares
//! engines between profiles and renders one profile with several seeds.

use std::sync::Arc;

use crate::check::{self, Finding};
use crate::error::{Error, Result};
use crate::pack::Catalog;
use crate::profile::{ProfileDoc, Validated};
use crate::render::Engine;
use crate::speech::Speech;

/// How a profile's pack is chosen.
#[derive(Debug, Clone, Copy, Default)]
pub struct PackChoice<'a> {
    /// Chosen outright (`generate -t`, a batch plan's entry).
    pub explicit: Option<&'a str>,
    /// `--set` overrides; `template=…` among them chooses the pack.
    pub sets: &'a [(String, String)],
    /// For a profile that names no pack (`batch -t`).
    pub fallback: Option<&'a str>,
}

impl PackChoice<'_> {
    /// The pack name for `doc`: explicit, else `--set template=`, else the
    /// profile's own `template`, else the fallback.
    pub fn pack_for(&self, doc: &ProfileDoc) -> Result<String> {
        crate::profile::choose_pack(self.explicit, self.sets, || doc.template())
            .or_else(|| self.fallback.map(str::to_owned))
            .ok_or(Error::NoPack)
    }
}

/// A pack as a caller has it: loaded for this profile alone (its engine is
/// built when first needed, after validation, so that a profile's mistakes
/// are told before a template's), or a shared engine (a batch's cache).
pub enum Packed {
    Pack(Box<crate::pack::Pack>),
    Engine(Arc<Engine>),
}

impl Packed {
    pub fn pack(&self) -> &crate::pack::Pack {
        match self {
            Self::Pack(pack) => pack,
            Self::Engine(engine) => engine.pack(),
        }
    }

    /// The engine, built now from a loaded pack.
    fn engine(&mut self) -> Result<&Arc<Engine>> {
        if let Self::Pack(pack) = self {
            *self = Self::Engine(Arc::new(Engine::new(pack)?));
        }
        match self {
            Self::Engine(engine) => Ok(engine),
            Self::Pack(_) => unreachable!("built above"),
        }
    }
}

/// A profile with its pack chosen and its `--set` overrides applied, not
/// yet validated.
pub struct Selected {
    pub doc: ProfileDoc,
    pub pack: String,
    pub packed: Packed,
}

/// Chooses the pack of `doc`, gets it from `pack_of` (loaded, or an engine
/// from a cache) and applies the `--set` overrides.
pub fn select<E: From<Error>>(
    doc: ProfileDoc,
    choice: &PackChoice<'_>,
    pack_of: impl FnOnce(&str) -> std::result::Result<Packed, E>,
) -> std::result::Result<Selected, E> {
    let pack = choice.pack_for(&doc)?;
    let packed = pack_of(&pack)?;
    Ok(with_pack(doc, pack, packed, choice.sets)?)
}

/// [`select`] for a profile whose pack (`pack`, as `packed`) is chosen
/// already: applies the `--set` overrides.
pub fn with_pack(
    mut doc: ProfileDoc,
    pack: String,
    packed: Packed,
    sets: &[(String, String)],
) -> Result<Selected> {
    doc.apply_sets(sets, packed.pack())?;
    Ok(Selected { doc, pack, packed })
}

/// The catalog's pack `name`, loaded for one profile.
pub fn from_catalog(catalog: &Catalog) -> impl FnOnce(&str) -> Result<Packed> + '_ {
    move |name| Ok(Packed::Pack(Box::new(catalog.load(name)?)))
}

impl Selected {
    /// Validates the profile against its pack.
    pub fn validate(self) -> Result<Prepared> {
        let validated = self.doc.validate(self.packed.pack())?;
        Ok(Prepared {
            pack: self.pack,
            packed: self.packed,
            validated,
        })
    }
}

/// A profile ready to render.
pub struct Prepared {
    pub pack: String,
    pub packed: Packed,
    pub validated: Validated,
}

impl Prepared {
    /// Renders with `seed`'s choice of wording.
    pub fn render(&mut self, seed: u64) -> Result<Speech> {
        let engine = Arc::clone(self.packed.engine()?);
        engine.render_seeded_mut(&mut self.validated, seed)
    }

    /// Every check on a speech rendered from this profile; `name` is how the
    /// findings name the draft.
    pub fn check(&self, name: &str, speech: &Speech, rate: u32) -> Vec<Finding> {
        check::check_draft(name, speech, &self.validated, self.packed.pack(), rate)
    }
}

/// Reads (`doc`), selects, validates and renders one profile with the
/// catalog's pack: what `generate` and `check` do before their findings.
pub fn render(
    doc: ProfileDoc,
    catalog: &Catalog,
    choice: &PackChoice<'_>,
    seed: u64,
) -> Result<(Prepared, Speech)> {
    let mut prepared = select(doc, choice, from_catalog(catalog))?.validate()?;
    let speech = prepared.render(seed)?;
    Ok((prepared, speech))
}

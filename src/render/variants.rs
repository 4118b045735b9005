//! Seeded variety: `{{pick "甲" "乙" "丙"}}`, the block form
//! `{{#pick}}甲{{or}}乙{{/pick}}`, and named phrase banks `{{phrase "推进"}}`.
//!
//! A choice depends on the seed, the profile and the place in the template
//! only: the same inputs give the same text on every run and every machine,
//! another seed or another unit gives other wording. The place is the template
//! being rendered, the options offered, and how many times those options were
//! already offered in that template during this render. Renders of one speech
//! run on one thread, so the state lives in a thread-local set up per render.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

use handlebars::template::{Template, TemplateElement};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, Renderable, ScopedJson,
};
use serde_json::Value as Json;

#[derive(Default)]
struct State {
    /// Seed and profile, mixed.
    base: u64,
    /// Occurrences so far of each (template, options) place.
    seen: HashMap<(u64, u64), u64, BuildHasherDefault<Mixed>>,
}

/// The keys are FNV hashes already; hashing them again with SipHash would
/// cost more than the lookup. Only counts live in the map: its order and
/// its hash never reach the text.
#[derive(Default)]
struct Mixed(u64);

impl std::hash::Hasher for Mixed {
    fn finish(&self) -> u64 {
        mix(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = StableHasher(self.0);
        h.add(bytes);
        self.0 = h.0;
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(29) ^ n;
    }
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Starts a render: choices from now on depend on `seed` and `profile_key`.
pub(crate) fn begin(seed: u64, profile_key: u64) {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.base = mix(seed ^ mix(profile_key));
        s.seen.clear();
    });
}

/// FNV-1a: a hash that is the same on every machine and every run.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h = StableHasher::default();
    h.add(bytes);
    h.0
}

/// [`stable_hash`] fed piece by piece (or by `serde_json::to_writer`), without
/// first joining the pieces into one buffer.
#[derive(Debug, Clone, Copy)]
pub struct StableHasher(pub u64);

impl Default for StableHasher {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl StableHasher {
    pub fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl std::io::Write for StableHasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.add(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// SplitMix64's finalizer: spreads nearby inputs (seed 1, 2, 3) far apart.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Which of `n` options to use at this place.
pub(super) fn choose<S: AsRef<str>>(template: &str, options: &[S]) -> usize {
    if options.len() <= 1 {
        return 0;
    }
    choose_keyed(template, options_key(options), options.len())
}

/// The hash of the options joined by U+001F, as choices have always been
/// keyed; the compiled path computes it once for options written in the
/// template.
pub(super) fn options_key<S: AsRef<str>>(options: &[S]) -> u64 {
    let mut joined = StableHasher::default();
    for (i, option) in options.iter().enumerate() {
        if i > 0 {
            joined.add("\u{1F}".as_bytes());
        }
        joined.add(option.as_ref().as_bytes());
    }
    joined.0
}

/// [`choose`] with the options' key already computed.
pub(super) fn choose_keyed(template: &str, key: u64, n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    let place = stable_hash(template.as_bytes());
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let occurrence = {
            let n = s.seen.entry((place, key)).or_insert(0);
            *n += 1;
            *n
        };
        let h = mix(s.base ^ mix(place ^ mix(key ^ occurrence)));
        (h % n as u64) as usize
    })
}

fn template_of<'a>(rc: &'a RenderContext<'_, '_>) -> &'a str {
    rc.get_current_template_name().map_or("", String::as_str)
}

/// How a `{{pick}}` argument that is not text is offered: as JSON.
pub(super) fn text(v: &Json) -> Cow<'_, str> {
    match v {
        Json::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// `{{pick "甲" "乙"}}` and `{{#pick}}甲{{or}}乙{{/pick}}`.
pub(super) struct Pick;

impl HelperDef for Pick {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        if let Some(t) = h.template() {
            // Only the chosen option is rendered: a speech's blocks offer
            // whole paragraphs, and rendering every one cost several times
            // the speech. The choice depends on how many options there are.
            let options = block_options(t);
            let i = choose_block(template_of(rc), options.len());
            let (from, to) = options[i];
            // As `Template::render` does for the whole block.
            rc.set_current_template_name(t.name.as_ref());
            // An error inside takes the block's own line (from the template
            // around it): handlebars keeps the lines of a block's elements
            // to itself.
            for e in &t.elements[from..to] {
                e.render(r, ctx, rc, out).map_err(|mut err| {
                    if err.template_name.is_none() {
                        err.template_name.clone_from(&t.name);
                    }
                    err
                })?;
            }
            return Ok(());
        }
        let options: Vec<Cow<'_, str>> = {
            {
                let mut opts = Vec::new();
                for p in h.params() {
                    if p.is_value_missing() {
                        return Err(
                            RenderErrorReason::MissingVariable(p.relative_path().cloned()).into(),
                        );
                    }
                    opts.push(text(p.value()));
                }
                opts
            }
        };
        if options.is_empty() {
            return Err(RenderErrorReason::Other("助手 `pick` 至少需要一个选项".to_owned()).into());
        }
        let i = choose(template_of(rc), &options);
        out.write(&options[i])?;
        Ok(())
    }
}

/// `{{or}}`: the separator between the options of a block `{{#pick}}`, read
/// where the block is cut into options; anywhere else it stands for nothing.
pub(super) struct Or;

impl HelperDef for Or {
    fn call<'reg: 'rc, 'rc>(
        &self,
        _: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        _: &mut dyn Output,
    ) -> HelperResult {
        Ok(())
    }
}

/// Whether a template element is the `{{or}}` that separates options.
pub(super) fn is_or(e: &TemplateElement) -> bool {
    match e {
        TemplateElement::Expression(ht) => {
            ht.params.is_empty() && ht.hash.is_empty() && ht.name.as_name() == Some("or")
        }
        _ => false,
    }
}

/// The options of a block `{{#pick}}`: ranges of its elements between the
/// `{{or}}`s at its top level.
pub(super) fn block_options(t: &Template) -> Vec<(usize, usize)> {
    let mut options = Vec::new();
    let mut from = 0;
    for (i, e) in t.elements.iter().enumerate() {
        if is_or(e) {
            options.push((from, i));
            from = i + 1;
        }
    }
    options.push((from, t.elements.len()));
    options
}

/// Which of a block's `n` options to render at this place: the place and
/// the number of options key the choice, the options' text does not (it is
/// not rendered before the choice).
pub(super) fn choose_block(template: &str, n: usize) -> usize {
    const BLOCK: u64 = 0x626c_6f63_6b70_6963;
    choose_keyed(template, BLOCK ^ n as u64, n)
}

/// `{{phrase "推进"}}`: one phrasing from a bank declared in `pack.toml`.
pub(super) struct Phrase {
    pub banks: BTreeMap<String, Vec<String>>,
}

impl HelperDef for Phrase {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let name = h.param(0).map(|p| p.value());
        phrase(&self.banks, name, template_of(rc))
            .map(|s| ScopedJson::Derived(Json::String(s)))
            .map_err(|msg| RenderErrorReason::Other(msg).into())
    }
}

/// `{{phrase name}}` in template `template`: one phrasing of the bank.
pub(super) fn phrase(
    banks: &BTreeMap<String, Vec<String>>,
    name: Option<&Json>,
    template: &str,
) -> Result<String, String> {
    let Some(Json::String(name)) = name else {
        return Err("助手 `phrase` 需要一个词库名，例如 {{phrase \"推进\"}}".to_owned());
    };
    let Some(options) = banks.get(name) else {
        let hint = match crate::suggest::nearest(name, banks.keys().map(String::as_str)) {
            Some(s) => format!("是不是 `{s}`？"),
            None => format!(
                "pack.toml 的 [phrases] 中有：{}",
                banks.keys().cloned().collect::<Vec<_>>().join("、")
            ),
        };
        return Err(format!("没有名为 `{name}` 的词库；{hint}"));
    };
    let i = choose(&format!("{template}#phrase:{name}"), options);
    Ok(options.get(i).cloned().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        // Fixed values: a change here changes every user's output.
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(
            stable_hash("讲话".as_bytes()),
            stable_hash("讲话".as_bytes())
        );
        assert_ne!(stable_hash(b"a"), stable_hash(b"b"));
    }
    #[test]
    fn same_state_same_choices() {
        let opts: Vec<String> = ["甲", "乙", "丙", "丁"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let run = |seed| {
            begin(seed, 42);
            (0..8).map(|_| choose("t", &opts)).collect::<Vec<_>>()
        };
        assert_eq!(run(1), run(1));
        assert_ne!(run(1), run(2));
    }
    #[test]
    fn single_option_is_always_chosen() {
        begin(9, 9);
        assert_eq!(choose("t", &["唯一".to_owned()]), 0);
    }
}

//! The packs compiled into the binary from `templates/` (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// Names of the built-in packs, sorted.
pub(crate) fn names() -> Vec<&'static str> {
    let mut names: Vec<&str> = FILES
        .iter()
        .filter_map(|(path, _)| path.split_once('/').map(|(n, _)| n))
        .collect();
    names.dedup();
    names
}

/// The files of one built-in pack, as (path inside the pack, text).
pub(crate) fn files(pack: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    FILES.iter().filter_map(move |(path, text)| {
        let (name, rel) = path.split_once('/')?;
        (name == pack).then_some((rel, *text))
    })
}

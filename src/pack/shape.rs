//! The render context a pack's profiles start from, worked out once per
//! pack from its variables.

use serde_json::{Map, Value as Json};

use super::Variable;
use crate::value::{Entry, Pos, from_toml, to_json};

/// The context every profile of a pack starts from: each variable in its
/// place, holding its default or null, and where that place is. A copy with
/// a profile's values put in is the map that inserting them key by key, in
/// the pack's order, makes (the same keys in the same order), without a
/// SipHash per key and level, nor the maps' regrowing, for every profile
/// of a batch.
#[derive(Debug, Clone)]
pub struct Shape {
    base: Map<String, Json>,
    /// Per variable, in the pack's order: the position of each table on
    /// the way, and its own. `None` if some variable had no place of its
    /// own, which a checked pack rules out (a name both a value and a table).
    places: Option<Vec<Vec<usize>>>,
}

impl Shape {
    pub fn new(variables: &[Variable]) -> Self {
        let mut base = Map::new();
        for var in variables {
            insert_path(&mut base, &var.name, default_json(var));
        }
        let places = variables
            .iter()
            .map(|var| place(&base, &var.name))
            .collect();
        Self { base, places }
    }

    /// The context of a profile whose variables were `found` (in the order
    /// of `variables`, the pack's).
    pub fn fill(&self, variables: &[Variable], found: &[Option<&Entry>]) -> Map<String, Json> {
        let Some(places) = &self.places else {
            let mut context = Map::new();
            for (var, entry) in variables.iter().zip(found) {
                let value = entry.map_or_else(|| default_json(var), |e| to_json(&e.node));
                insert_path(&mut context, &var.name, value);
            }
            return context;
        };
        let mut context = self.base.clone();
        for (entry, place) in found.iter().zip(places) {
            if let Some(entry) = entry {
                if let Some(slot) = slot_at(&mut context, place) {
                    *slot = to_json(&entry.node);
                }
            }
        }
        context
    }
}

fn default_json(var: &Variable) -> Json {
    var.default.as_ref().map_or(Json::Null, |d| {
        to_json(&from_toml(d, &Pos::Set(String::new())))
    })
}

/// Where the dotted `name` sits in `map`, as positions.
fn place(map: &Map<String, Json>, name: &str) -> Option<Vec<usize>> {
    let mut at = Vec::new();
    let mut map = map;
    let mut segments = name.split('.').peekable();
    while let Some(segment) = segments.next() {
        let i = map.keys().position(|k| k == segment)?;
        at.push(i);
        if segments.peek().is_some() {
            match map.values().nth(i) {
                Some(Json::Object(child)) => map = child,
                _ => return None,
            }
        }
    }
    Some(at)
}

fn slot_at<'m>(map: &'m mut Map<String, Json>, place: &[usize]) -> Option<&'m mut Json> {
    let (&last, tables) = place.split_last()?;
    let mut map = map;
    for &i in tables {
        match map.values_mut().nth(i) {
            Some(Json::Object(child)) => map = child,
            _ => return None,
        }
    }
    map.values_mut().nth(last)
}

/// Puts `value` at the dotted `name` in `map`, making the tables on the way.
fn insert_path(map: &mut Map<String, Json>, name: &str, value: Json) {
    let Some((first, rest)) = name.split_once('.') else {
        map.insert(name.to_owned(), value);
        return;
    };
    // Most tables exist already: look before making a key to insert.
    match map.get_mut(first) {
        Some(Json::Object(child)) => insert_path(child, rest, value),
        Some(_) => {}
        None => {
            let mut child = Map::new();
            insert_path(&mut child, rest, value);
            map.insert(first.to_owned(), Json::Object(child));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Catalog;
    use crate::profile::ProfileDoc;
    use crate::source::Source;

    /// The shape's copy against the key-by-key building it replaces, as JSON
    /// text: map equality would not see the order of keys, which the
    /// variant key (and so every phrasing choice) depends on.
    #[test]
    fn every_example_context_is_built_as_key_by_key() {
        let catalog = Catalog::new(Vec::new()).unwrap();
        let mut compared = 0;
        for (path, text) in crate::profile::example_profiles() {
            let source = Source::new(path.display().to_string(), text);
            let Ok(doc) = ProfileDoc::from_source(source, None) else {
                continue; // `extends` a file the example folder holds
            };
            let pack = catalog
                .load(doc.template().as_deref().unwrap_or("dongyuan"))
                .unwrap();
            let found: Vec<Option<&Entry>> = pack
                .variables()
                .iter()
                .map(|v| doc.table.lookup_dotted(&v.name))
                .collect();
            let by_key = Shape {
                base: Map::new(),
                places: None,
            };
            assert!(pack.context_shape().places.is_some(), "{}", pack.name);
            let shaped = pack.context_shape().fill(pack.variables(), &found);
            let slow = by_key.fill(pack.variables(), &found);
            assert_eq!(
                serde_json::to_string(&shaped).unwrap(),
                serde_json::to_string(&slow).unwrap(),
                "{}",
                path.display()
            );
            compared += 1;
        }
        assert!(compared >= 5, "{compared}");
    }

    #[test]
    fn missing_variables_keep_their_default_or_null() {
        let catalog = Catalog::new(Vec::new()).unwrap();
        let pack = catalog.load("dongyuan").unwrap();
        let none = vec![None; pack.variables().len()];
        let context = Json::Object(pack.context_shape().fill(pack.variables(), &none));
        for var in pack.variables() {
            let pointer = format!("/{}", var.name.replace('.', "/"));
            assert_eq!(
                context.pointer(&pointer),
                Some(&default_json(var)),
                "{}",
                var.name
            );
        }
    }
}

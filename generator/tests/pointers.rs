//! Every diagnostic points at a node of the document as written, so that an editor (or a
//! person) can go to it: for each fixture, each pointer must resolve in the text read as a
//! tree. `#`, the document itself, always does.

use generator::{Diagnostics, Settings, Spec, SpecFiles, generate, generate_spec};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::path::{Path, PathBuf};

fn settings() -> Settings {
    Settings {
        spec_name: "fixture.yaml".to_owned(),
        standalone_crate: None,
        runtime_path: None,
        doc_crate: None,
    }
}

/// Whether `pointer` (`#/a/b~1c`, perhaps percent-encoded as a `$ref` writes it) names a node
/// of the document `text`, read as JSON if it is JSON (a key may be longer than YAML allows),
/// else as YAML. The text is read only as far as the node: aliases are followed (a pointer may
/// lead through one), but an alias bomb is never expanded in full.
fn resolves(text: &str, pointer: &str) -> bool {
    let Some(path) = pointer.strip_prefix('#') else {
        return false;
    };
    let found = |path: &str| {
        let segments: Vec<String> = path.split('/').skip(1).map(unescape).collect();
        find(text, &segments)
    };
    found(path) || percent_decoded(path).is_some_and(|path| found(&path))
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn percent_decoded(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let [first, tail @ ..] = rest {
        if let (b'%', [high, low, after @ ..]) = (first, tail) {
            let hex = std::str::from_utf8(&[*high, *low]).ok()?.to_owned();
            bytes.push(u8::from_str_radix(&hex, 16).ok()?);
            rest = after;
        } else {
            bytes.push(*first);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

/// The message of the error that stops reading once the node is reached (which the readers
/// wrap in a location).
const FOUND: &str = "\u{0}found";

fn find(text: &str, segments: &[String]) -> bool {
    let seed = Find { segments };
    let json = text.trim_start_matches('\u{FEFF}');
    if json.trim_start().starts_with('{') {
        let mut reader = serde_json::Deserializer::from_str(json);
        match seed.deserialize(&mut reader) {
            Err(error) if error.to_string().contains(FOUND) => return true,
            Ok(()) => return false,
            // Not JSON after all: read as YAML, as the generator does.
            Err(_) => {}
        }
    }
    // The generator reads control characters, which YAML refuses, as U+FFFD.
    let text: String = text
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{85}' => c,
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect();
    let seed = Find { segments };
    matches!(
        seed.deserialize(yaml_serde::Deserializer::from_str(&text)),
        Err(error) if error.to_string().contains(FOUND)
    )
}

/// Reads a node, descending only along `segments`; reaching their end stops the reading with
/// the error [`FOUND`]. `Ok` means the node is not there.
struct Find<'s> {
    segments: &'s [String],
}

impl<'de> DeserializeSeed<'de> for Find<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.segments.is_empty() {
            return Err(de::Error::custom(FOUND));
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Find<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (first, rest) = (&self.segments[0], &self.segments[1..]);
        let mut index = 0;
        loop {
            if first.parse() == Ok(index) {
                return seq.next_element_seed(Find { segments: rest }).map(|_| ());
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (first, rest) = (&self.segments[0], &self.segments[1..]);
        while let Some(key) = map.next_key::<Key>()? {
            if key.0 == *first {
                return map.next_value_seed(Find { segments: rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    /// A tagged node (`!custom`) is read as its value, as the generator reads it.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use de::VariantAccess;
        let (_, variant) = data.variant::<IgnoredAny>()?;
        variant.newtype_variant_seed(self)
    }
}

/// A mapping key as a pointer names it: its text, whatever its YAML type.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(Key(match value {
            serde_json::Value::String(text) => text,
            other => other.to_string(),
        }))
    }
}

/// The diagnostics generating from `text` gives, whether it generates or not.
fn diagnostics(text: &str) -> Diagnostics {
    match generate(text, &settings()) {
        Ok(generated) => generated.diagnostics,
        Err(diagnostics) => diagnostics,
    }
}

/// Each diagnostic of the spec at `path` whose pointer names no node of its text, as
/// `file: pointer: message`.
fn dangling(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    diagnostics(&text)
        .0
        .into_iter()
        .filter(|d| d.pointer != "#" && !resolves(&text, &d.pointer))
        .map(|d| {
            format!(
                "{}: {}: {}",
                name.clone().unwrap_or_default(),
                d.pointer,
                d.message
            )
        })
        .collect()
}

/// The specs in a fixture folder (relative to this crate), sorted.
fn specs_in(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    specs
}

fn assert_none_dangle(specs: &[PathBuf]) {
    let found: Vec<String> = specs.iter().flat_map(|spec| dangling(spec)).collect();
    assert!(
        found.is_empty(),
        "pointers to no node:\n{}",
        found.join("\n")
    );
}

#[test]
fn feature_fixtures_point_at_nodes() {
    assert_none_dangle(&specs_in("tests/fixtures/ok"));
}

#[test]
fn error_fixtures_point_at_nodes() {
    assert_none_dangle(&specs_in("tests/fixtures/err"));
}

#[test]
fn the_enkash_spec_points_at_nodes() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml");
    assert_none_dangle(&[spec]);
}

#[test]
fn a_pointer_past_a_list_or_to_a_missing_key_dangles() {
    let text = "a: {b: [x, y]}\n'c/d': 1\n";
    assert!(resolves(text, "#/a/b/1"));
    assert!(resolves(text, "#/c~1d"));
    assert!(!resolves(text, "#/a/b/2"));
    assert!(!resolves(text, "#/a/c"));
}

#[test]
fn a_pointer_through_an_alias_resolves() {
    let text = "a: &x {b: [1]}\nc: *x\n";
    assert!(resolves(text, "#/c/b/0"));
    assert!(!resolves(text, "#/c/b/1"));
}

/// The files of a split fixture, read from its folder.
struct Folder(PathBuf);

impl SpecFiles for Folder {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(self.0.join(path)).map_err(|e| e.to_string())
    }
}

/// Each diagnostic of the split spec rooted at `root` whose pointer names no node: a pointer
/// `file#/…` must resolve in that file, and a plain `#/…` in the root document.
fn dangling_in_split(root: &Path) -> Vec<String> {
    let dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
    let text = std::fs::read_to_string(root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    let folder = Folder(dir.clone());
    let spec = Spec {
        text: &text,
        path: "openapi.yaml",
        files: Some(&folder),
    };
    let found = match generate_spec(spec, &settings()) {
        Ok(generated) => generated.diagnostics,
        Err(diagnostics) => diagnostics,
    };
    found
        .0
        .into_iter()
        .filter(|d| {
            let (file, pointer) = match d.pointer.split_once('#') {
                Some(("", _)) | None => (None, d.pointer.clone()),
                Some((file, rest)) => (Some(file.to_owned()), format!("#{rest}")),
            };
            let text = match &file {
                Some(file) => std::fs::read_to_string(dir.join(file)).unwrap_or_default(),
                None => text.clone(),
            };
            pointer != "#" && !resolves(&text, &pointer)
        })
        .map(|d| format!("{}: {}: {}", root.display(), d.pointer, d.message))
        .collect()
}

#[test]
fn split_fixtures_point_at_nodes_of_their_files() {
    let mut found = Vec::new();
    for folder in ["tests/fixtures/split", "tests/fixtures/split_err"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let mut roots: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|entry| entry.path().join("openapi.yaml")))
            .collect();
        roots.sort();
        assert!(!roots.is_empty());
        for root in roots {
            found.extend(dangling_in_split(&root));
        }
    }
    assert!(
        found.is_empty(),
        "pointers to no node:\n{}",
        found.join("\n")
    );
}

//! The change report, on fixture pairs: `fixtures/changes/before.yaml` and one changed copy of
//! it per kind of change (`fixtures/changes/<case>.yaml`). Each case is compared both ways:
//! forward (the change as named) and reversed (undoing it), which must give the mirror verdicts.
//! The snapshot holds one line per change (id, level, wire, Rust, subject) for both directions,
//! then the forward report as Markdown.

use generator::{Report, Surface, compare, surface};
use std::path::Path;

fn surface_of(path: &Path) -> Surface {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    surface(&text).unwrap_or_else(|diagnostics| panic!("{}: {diagnostics}", path.display()))
}

fn lines(report: &Report) -> String {
    let mut text = String::new();
    for change in &report.changes {
        text.push_str(&format!(
            "{} | {:?} | wire {:?} | Rust {:?} | {}: {}\n",
            change.id,
            change.level(),
            change.wire,
            change.rust,
            change.subject,
            change.message
        ));
    }
    text.push_str(&format!("documentation-only: {}\n", report.doc_only));
    text
}

fn before() -> Surface {
    surface_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/changes/before.yaml"))
}

#[test]
fn each_kind_of_change() {
    let before = before();
    insta::glob!("fixtures/changes/*.yaml", |path| {
        case("each_kind_of_change", &before, path);
    });
}

/// The facts of a second API (a `oneOf` with a discriminator, parameter defaults, success
/// statuses, annotations), each changed in one copy of `fixtures/changes/more/before.yaml`.
#[test]
fn each_kind_of_change_to_annotations_and_unions() {
    let before = surface_of(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/changes/more/before.yaml"),
    );
    insta::glob!("fixtures/changes/more/*.yaml", |path| {
        case("more_kinds_of_change", &before, path);
    });
}

/// One changed copy compared with its base both ways, as the snapshot `snapshot`.
fn case(snapshot_name: &str, before: &Surface, path: &Path) {
    if path.ends_with("before.yaml") {
        return;
    }
    let after = surface_of(path);
    let forward = compare(before, &after);
    let reversed = compare(&after, before);
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with("same_") {
        // Reordered keys and edited descriptions change nothing a caller can see.
        assert!(forward.changes.is_empty(), "{name}: {:#?}", forward.changes);
        assert!(
            reversed.changes.is_empty(),
            "{name}: {:#?}",
            reversed.changes
        );
    } else {
        assert!(!forward.changes.is_empty(), "{name}: no change found");
        assert!(
            !reversed.changes.is_empty(),
            "{name}: no change found reversed"
        );
    }
    let snapshot = format!(
        "forward:\n{}\nreversed:\n{}\n{}",
        lines(&forward),
        lines(&reversed),
        forward.to_markdown(&format!("`{name}`"))
    );
    insta::assert_snapshot!(snapshot_name, snapshot);
}

/// The same document gives no change at all, documentation included.
#[test]
fn a_document_against_itself_reports_nothing() {
    let before = before();
    let report = compare(&before, &before);
    assert!(report.is_empty(), "{report:#?}");
    assert_eq!(report.worst(), None);
    assert_eq!(report.to_markdown("x"), "API changes: x: no change.\n");
}

/// The report is the same bytes on every run.
#[test]
fn the_report_is_deterministic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/changes");
    let render = || {
        let after = surface_of(&dir.join("operations_and_parameters.yaml"));
        compare(&before(), &after).to_markdown("x")
    };
    assert_eq!(render(), render());
}

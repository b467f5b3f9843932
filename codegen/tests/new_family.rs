//! Adding a family is adding a schema: a copy of `schemas/` plus one new file with an
//! `x-detect` rule generates the new module, its `mod.rs` line, its `AnyEvent` variant, its
//! `AnyEventKind`, its rule (in order) and its row of the detection table, and changes no other
//! file.

use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

const WIDGET: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Widget events",
  "description": "Events of a made-up service, to show that a family is a schema.",
  "$defs": {
    "WidgetEvent": {
      "type": "object",
      "description": "A widget changed.",
      "required": ["widgetSource", "widgetId"],
      "properties": {
        "widgetSource": {"type": "string", "description": "Always `aws:widget`."},
        "widgetId": {"type": "string", "description": "ID of the widget."}
      },
      "x-detect": {"order": 3005, "when": {"/widgetSource": "aws:widget", "/widgetId": true}}
    }
  }
}
"#;

fn text<'a>(files: &'a [(PathBuf, String)], rel: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p == Path::new(rel))
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("{rel} is not generated"))
}

#[test]
fn adding_a_family_is_adding_a_schema() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = std::env::temp_dir().join(format!(
        "typed-lambda-codegen-new-family-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(&repo.join("schemas"), &root.join("schemas"));
    let before = typed_lambda_codegen::generate(&root.join("schemas")).unwrap();
    std::fs::write(root.join("schemas/widget.json"), WIDGET).unwrap();
    let after = typed_lambda_codegen::generate(&root.join("schemas")).unwrap();
    let _ = std::fs::remove_dir_all(&root);

    let module = text(&after, "events/src/generated/widget.rs");
    assert!(module.contains("pub struct WidgetEvent {"), "{module}");
    assert!(text(&after, "events/src/generated/mod.rs")
        .contains("#[cfg(feature = \"widget\")]\n#[doc = \"Widget events\"]\npub mod widget;"));
    let detection = text(&after, "events/src/generated/detection.rs");
    for expected in [
        "#[cfg(feature = \"widget\")]\n    /// [`crate::widget::WidgetEvent`] (feature `widget`).\n    WidgetEvent(crate::widget::WidgetEvent),",
        "AnyEventKind::WidgetEvent => input.decode().map(AnyEvent::WidgetEvent),",
        "Self::WidgetEvent => \"widget\",",
        "(AnyEventKind::WidgetEvent, |v| present(v, \"/widgetId\") && matches!(text(v, \"/widgetSource\"), Some(\"aws:widget\"))),",
        "| 3005 | [`WidgetEvent`](crate::widget::WidgetEvent) | `widget` | `/widgetId` is set, `/widgetSource` is `aws:widget` |",
    ] {
        assert!(detection.contains(expected), "missing in detection.rs: {expected}");
    }
    // tried between the rules of order 3000 and 3010
    let at = |needle: &str| detection.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("(AnyEventKind::ActiveMqEvent,") < at("(AnyEventKind::WidgetEvent,"));
    assert!(at("(AnyEventKind::WidgetEvent,") < at("(AnyEventKind::RabbitMqEvent,"));
    // nothing else changes
    let changed: Vec<&Path> = after
        .iter()
        .filter(|(p, t)| before.iter().find(|(q, _)| q == p).map(|(_, u)| u) != Some(t))
        .map(|(p, _)| p.as_path())
        .collect();
    assert_eq!(
        changed,
        [
            Path::new("events/src/generated/detection.rs"),
            Path::new("events/src/generated/mod.rs"),
            Path::new("events/src/generated/widget.rs"),
        ]
    );
}

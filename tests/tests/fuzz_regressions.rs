//! Inputs the fuzzers (`fuzz/`) turned up, kept as regression tests, and the committed fuzz
//! inputs (seeds and regressions) replayed through what the `any_event` target checks.

use std::path::PathBuf;

use typed_lambda_events::AnyEvent;
use typed_lambda_tests::repo_root;

/// Found by `any_event`: a Config-like event with invalid UTF-8 bytes inside a string. serde's
/// `IgnoredAny` skips such strings without checking them, so the fuzz target's own oracle called
/// it JSON; `AnyEvent` (and the runtime's decode step) rightly refuse it.
#[test]
fn invalid_utf8_inside_a_string_is_not_json() {
    let path = repo_root().join("fuzz/regressions/any_event-invalid-utf8-in-string.json");
    let bytes = std::fs::read(&path).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    assert!(AnyEvent::from_slice(&bytes).is_err());
    let error = typed_lambda::decode_event::<serde_json::Value>(&bytes).unwrap_err();
    assert_eq!(error.error_type(), "Runtime.UnmarshalError");
    // Even where the bytes sit in a field the type ignores, the event is refused.
    #[derive(serde::Deserialize)]
    struct Nothing {}
    assert!(typed_lambda::decode_event::<Nothing>(&bytes).is_err());
}

/// Found by `any_event`: a Control Tower event whose `serviceEventDetails` key is mangled used to
/// be placed as Control Tower (any `...Status` key counted), but its re-serialized form (the
/// unknown key dropped) placed as plain CloudTrail. Detection now asks for a status key the model
/// keeps, so the event is CloudTrail (which keeps `serviceEventDetails` whole) both times.
#[test]
fn mangled_control_tower_detail_places_the_same_after_reserialization() {
    let path = repo_root().join("fuzz/regressions/any_event-controltower-mangled-detail.json");
    let bytes = std::fs::read(&path).unwrap();
    let event = AnyEvent::from_slice(&bytes).unwrap();
    assert_eq!(event.type_name(), "CloudTrailEvent");
    let again = serde_json::to_vec(&event).unwrap();
    assert!(
        String::from_utf8_lossy(&again).contains("registuserIdnizationalUnitStatus"),
        "the unknown operation is kept"
    );
    let back = AnyEvent::from_slice(&again).unwrap();
    assert_eq!(back.type_name(), event.type_name());
    assert_eq!(back, event);
}

/// The committed inputs of fuzz target `target`: its seeds (`fuzz/seeds/<target>/`) and its
/// regressions (`fuzz/regressions/<target>-*`), sorted. The evolved corpus (`fuzz/corpus/`) is
/// not committed and not read here.
fn committed_inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = repo_root().join("fuzz");
    let seeds = fuzz.join("seeds").join(target);
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap_or_else(|e| panic!("{}: {e}", seeds.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    for entry in std::fs::read_dir(fuzz.join("regressions")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with(&format!("{target}-")) {
            inputs.push(path);
        }
    }
    inputs.sort();
    inputs
}

/// Every fuzz target has a seed set (`scripts/fuzz.sh` refuses a target without one), of tens
/// of files: the evolved corpus stays out of the repository.
#[test]
fn every_fuzz_target_has_a_small_seed_set() {
    let fuzz = repo_root().join("fuzz");
    let mut targets = Vec::new();
    for entry in std::fs::read_dir(fuzz.join("fuzz_targets")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            targets.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    targets.sort();
    assert!(targets.len() >= 5, "{targets:?}");
    for target in &targets {
        let seeds = fuzz.join("seeds").join(target);
        let count = std::fs::read_dir(&seeds)
            .unwrap_or_else(|e| {
                panic!(
                    "fuzz target {target} has no seeds: {}: {e}",
                    seeds.display()
                )
            })
            .count();
        assert!(
            (3..=100).contains(&count),
            "{}: {count} files (a seed set is tens of minimised files)",
            seeds.display()
        );
    }
    let mut seed_dirs: Vec<String> = std::fs::read_dir(fuzz.join("seeds"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    seed_dirs.sort();
    assert_eq!(
        seed_dirs, targets,
        "fuzz/seeds/ has a folder per target, no other"
    );
}

/// The `any_event` target's round-trip contract over its committed inputs (seeds and
/// regressions), in the normal test run: every input `AnyEvent` accepts places as the same type
/// after serialization.
#[test]
fn any_event_inputs_place_the_same_after_reserialization() {
    let inputs = committed_inputs("any_event");
    let mut checked = 0;
    let mut differ = Vec::new();
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap();
        let Ok(event) = AnyEvent::from_slice(&bytes) else {
            continue;
        };
        checked += 1;
        let again = serde_json::to_vec(&event).unwrap();
        let back = AnyEvent::from_slice(&again).unwrap();
        if back.type_name() != event.type_name() {
            differ.push(format!(
                "{}: {} then {}",
                path.display(),
                event.type_name(),
                back.type_name()
            ));
        }
    }
    assert!(
        checked >= 10,
        "only {checked} JSON inputs of {} in fuzz/seeds/any_event and fuzz/regressions",
        inputs.len()
    );
    assert!(
        differ.is_empty(),
        "{} of {checked} placed differently after re-serialization:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// The `open_enums` fuzz target checks every generated open enum: its list (between the
/// `// open enums: begin` and `end` markers) is exactly the enums of `events/src/generated/`
/// that have an `Unknown(String)` variant, so a schema that adds an open enum fails here until
/// the target covers it.
#[test]
fn open_enums_fuzz_target_lists_every_generated_open_enum() {
    let root = repo_root();
    let mut generated = Vec::new();
    // families, and the shared modules (`shared::<file>`) whose types the families re-export
    let generated_dir = root.join("events/src/generated");
    let files = std::fs::read_dir(&generated_dir)
        .unwrap()
        .chain(std::fs::read_dir(generated_dir.join("shared")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file());
    for path in files {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if stem == "mod" {
            continue;
        }
        let module = if path.parent().unwrap().ends_with("shared") {
            format!("shared::{stem}")
        } else {
            stem
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let before = generated.len();
        let mut current: Option<&str> = None;
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("pub enum ") {
                current = rest.split([' ', '<', '{']).next();
            } else if line.starts_with('}') {
                current = None;
            } else if let Some(name) = current {
                if line.trim() == "Unknown(::std::string::String)," {
                    generated.push(format!("{module}::{name}"));
                    current = None;
                }
            }
        }
        // Every open enum also lists its known values: a second count the parse above must meet.
        assert_eq!(
            generated.len() - before,
            text.matches("pub const KNOWN: &'static [&'static str]")
                .count(),
            "open enums found in {}",
            path.display()
        );
    }
    generated.sort();
    // 69 before the shared types were generated once (10 of them were copies)
    assert!(generated.len() >= 59, "{generated:?}");

    let target = std::fs::read_to_string(root.join("fuzz/fuzz_targets/open_enums.rs")).unwrap();
    let listed = target
        .split("// open enums: begin")
        .nth(1)
        .and_then(|rest| rest.split("// open enums: end").next())
        .expect("fuzz/fuzz_targets/open_enums.rs has the `// open enums: begin` and `end` markers");
    let mut listed: Vec<String> = listed
        .lines()
        .map(|l| l.trim().trim_end_matches(',').to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    listed.sort();
    let missing: Vec<&String> = generated.iter().filter(|e| !listed.contains(e)).collect();
    let extra: Vec<&String> = listed.iter().filter(|e| !generated.contains(e)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "fuzz/fuzz_targets/open_enums.rs: add {missing:?}, remove {extra:?} (and any module to its `use`)"
    );
    assert_eq!(listed, generated, "listed twice?");
}

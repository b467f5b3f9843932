//! The three published crates are ready for crates.io and docs.rs: complete metadata, packages
//! that `cargo package` builds with what they need inside them, a changelog, and docs that build
//! without broken links with default features (`RUSTDOCFLAGS="-D warnings" cargo doc`).

use std::path::Path;
use std::process::Command;

use typed_lambda_tests::repo_root;

const CRATES: [&str; 3] = [
    "typed-lambda",
    "typed-lambda-events",
    "typed-lambda-codegen",
];

fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(repo_root()).args(args);
    cmd
}

fn output(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn metadata_is_complete_and_docs_rs_shows_features() {
    let text = output(&mut cargo(&[
        "metadata",
        "--format-version",
        "1",
        "--no-deps",
    ]));
    let metadata: serde_json::Value = serde_json::from_str(&text).unwrap();
    for name in CRATES {
        let package = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("no package {name}"));
        for field in [
            "description",
            "documentation",
            "readme",
            "license",
            "repository",
        ] {
            let value = package[field].as_str().unwrap_or_default();
            assert!(!value.is_empty(), "{name}: `{field}` is missing");
        }
        assert_eq!(
            package["documentation"],
            format!("https://docs.rs/{name}"),
            "{name}"
        );
        for field in ["keywords", "categories"] {
            let n = package[field].as_array().map_or(0, Vec::len);
            assert!(
                (1..=5).contains(&n),
                "{name}: {n} {field} (crates.io takes 1 to 5)"
            );
        }
        assert!(
            package["publish"].is_null(),
            "{name} must be publishable: {}",
            package["publish"]
        );
        let readme = Path::new(package["manifest_path"].as_str().unwrap())
            .parent()
            .unwrap()
            .join(package["readme"].as_str().unwrap());
        assert!(
            readme.is_file(),
            "{name}: readme {} missing",
            readme.display()
        );
        // docs.rs builds every feature with `--cfg docsrs`, and the crate then turns on
        // `doc(cfg)` so that each feature-gated item says which feature it needs
        let docs_rs = &package["metadata"]["docs"]["rs"];
        assert_eq!(docs_rs["all-features"], true, "{name}");
        assert_eq!(
            docs_rs["rustdoc-args"],
            serde_json::json!(["--cfg", "docsrs"]),
            "{name}"
        );
        let lib = Path::new(package["manifest_path"].as_str().unwrap())
            .parent()
            .unwrap()
            .join("src/lib.rs");
        let lib = std::fs::read_to_string(lib).unwrap();
        assert!(
            lib.contains("#![cfg_attr(docsrs, feature(doc_cfg))]"),
            "{name}: lib.rs lacks doc_cfg under docsrs"
        );
    }
    let changelog = std::fs::read_to_string(repo_root().join("CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains("## Unreleased"),
        "CHANGELOG.md has no Unreleased section"
    );
}

#[test]
fn cargo_package_builds_each_crate_with_what_it_needs() {
    for name in CRATES {
        let list = output(&mut cargo(&[
            "package",
            "--allow-dirty",
            "--list",
            "-p",
            name,
        ]));
        let files: Vec<&str> = list.lines().collect();
        for needed in ["Cargo.toml", "Cargo.toml.orig", "src/lib.rs", "README.md"] {
            assert!(
                files.contains(&needed),
                "{name} ships no {needed}: {files:?}"
            );
        }
        if name == "typed-lambda-codegen" {
            // the EventBridge envelope it adds to registry exports, bundled (no ../schemas)
            assert!(files.contains(&"src/eventbridge.json"), "{files:?}");
        }
    }
    // The packages themselves (no compile: `cargo package` verifies by building, which the
    // rest of the suite does with the same sources).
    let mut cmd = cargo(&["package", "--no-verify", "--allow-dirty"]);
    for name in CRATES {
        cmd.args(["-p", name]);
    }
    output(&mut cmd);
}

#[test]
fn docs_build_without_broken_links_with_default_features() {
    let mut cmd = cargo(&["doc", "--no-deps"]);
    for name in CRATES {
        cmd.args(["-p", name]);
    }
    cmd.env("RUSTDOCFLAGS", "-D warnings");
    output(&mut cmd);
}

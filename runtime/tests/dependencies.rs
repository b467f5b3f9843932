//! The sync path stays free of an async runtime: with default features, `typed-lambda`'s normal
//! dependency tree has no tokio, hyper, mio or async-std. With `--features tokio` tokio does
//! appear, which shows the check can see it.

use std::process::Command;

const ASYNC_CRATES: [&str; 4] = ["tokio", "hyper", "mio", "async-std"];

/// The crate names in `cargo tree -p typed-lambda -e normal` with `extra` arguments.
fn normal_dependencies(extra: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    let out = Command::new(cargo)
        .current_dir(workspace)
        .args([
            "tree",
            "-p",
            "typed-lambda",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .args(["--format", "{p}", "--offline"])
        .args(extra)
        .output()
        .expect("run cargo tree");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = stdout
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    assert!(
        names.iter().any(|n| n == "typed-lambda") && names.iter().any(|n| n == "serde_json"),
        "unexpected cargo tree output: {stdout}"
    );
    names
}

#[test]
fn default_features_pull_in_no_async_runtime() {
    let names = normal_dependencies(&[]);
    let found: Vec<&String> = names
        .iter()
        .filter(|n| ASYNC_CRATES.contains(&n.as_str()))
        .collect();
    assert!(
        found.is_empty(),
        "async crates in the default build: {found:?}"
    );
}

#[test]
fn the_tokio_feature_does_pull_in_tokio() {
    let names = normal_dependencies(&["--features", "tokio"]);
    assert!(names.iter().any(|n| n == "tokio"), "{names:?}");
}

/// The `http` and `tower` features add their crates only when asked for, and no async
/// runtime: `http` alone has `http`, `http-body` and `tower-service` but no tokio or hyper.
#[test]
fn http_and_tower_crates_come_only_with_their_features() {
    const HTTP_CRATES: [&str; 4] = ["http", "http-body", "tower-service", "tower"];
    let default = normal_dependencies(&[]);
    let found: Vec<&String> = default
        .iter()
        .filter(|n| HTTP_CRATES.contains(&n.as_str()) || n.as_str() == "axum")
        .collect();
    assert!(
        found.is_empty(),
        "http/tower crates in the default build: {found:?}"
    );

    let http = normal_dependencies(&["--features", "http"]);
    for name in ["http", "http-body", "tower-service"] {
        assert!(
            http.iter().any(|n| n == name),
            "{name} missing with `http`: {http:?}"
        );
    }
    let async_found: Vec<&String> = http
        .iter()
        .filter(|n| ASYNC_CRATES.contains(&n.as_str()) || n.as_str() == "axum")
        .collect();
    assert!(
        async_found.is_empty(),
        "`http` alone pulls in {async_found:?}"
    );

    let tower = normal_dependencies(&["--features", "tower"]);
    assert!(tower.iter().any(|n| n == "tower-service"), "{tower:?}");
    assert!(
        !tower.iter().any(|n| n == "http" || n == "tokio"),
        "{tower:?}"
    );
}

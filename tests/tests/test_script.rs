//! `scripts/test.sh`, the test command of README and CI: when a step fails, the very end of its
//! output says what failed (the command, its last lines, the free disk) above the step timings,
//! so a CI log shown only by its tail still names the cause; and the script exits with the
//! failing command's status.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use typed_lambda_tests::repo_root;

/// Runs the `fmt` step with a fake `cargo` first on PATH: `cargo fmt --version` answers, `cargo
/// fmt --all --check` prints 30 numbered lines on stdout, one on stderr, and exits 4.
#[test]
fn a_failed_step_ends_with_its_command_and_last_lines() {
    let bin = std::env::temp_dir().join(format!("typed-lambda-test-script-{}", std::process::id()));
    std::fs::create_dir_all(&bin).unwrap();
    let cargo = bin.join("cargo");
    std::fs::write(
        &cargo,
        "#!/bin/sh\n\
         if [ \"$2\" = --version ]; then echo 'rustfmt 1.0'; exit 0; fi\n\
         i=1; while [ $i -le 30 ]; do echo \"diff line $i\"; i=$((i + 1)); done\n\
         echo 'the last word, on stderr' >&2\n\
         exit 4\n",
    )
    .unwrap();
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());

    let out = Command::new("bash")
        .arg(repo_root().join("scripts/test.sh"))
        .arg("fmt")
        .env("PATH", path)
        .env_remove("CI")
        .output()
        .expect("run scripts/test.sh");
    let _ = std::fs::remove_dir_all(&bin);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stdout}\n{stderr}");

    // the command's own output, live (stdout and stderr as one stream)
    assert!(stdout.contains("diff line 1\n"), "{stdout}");
    assert!(
        stdout.contains("diff line 30\nthe last word, on stderr\n"),
        "{stdout}"
    );
    // then, at the end, the summary: command, last 25 lines, free disk, step, timings
    let summary = stderr
        .split("==> the last command run: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no failure summary in:\n{stderr}"));
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines[0], "cargo fmt --all --check");
    assert_eq!(lines[1], "    its last lines:");
    let quoted: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("    | "))
        .collect();
    let want: Vec<String> = (7..=30)
        .map(|i| format!("diff line {i}"))
        .chain(["the last word, on stderr".to_owned()])
        .collect();
    assert_eq!(quoted, want);
    assert!(
        lines[27].starts_with("    free disk: ") && lines[27].contains(" of "),
        "{summary}"
    );
    assert!(summary.contains("==> step fmt failed after"), "{summary}");
    assert!(
        lines.last().unwrap().contains("fmt") && lines.last().unwrap().ends_with("FAILED"),
        "{summary}"
    );
}

//! Scenario 5, codegen: time to regenerate every event model from `schemas/` (the generator's
//! pure `generate`, including rustfmt) and write the files, into a scratch directory so the
//! shared tree is never touched.

use std::time::Instant;

use crate::procs::workspace_root;
use crate::report::{median, Table};
use crate::Options;

/// Runs the scenario.
pub fn run(opts: &Options) -> Result<Vec<Table>, String> {
    let root = workspace_root();
    let schemas = root.join("schemas");
    let scratch =
        std::env::temp_dir().join(format!("typed-lambda-bench-codegen-{}", std::process::id()));
    let reps = if opts.smoke { 1 } else { 5 };
    let mut times = Vec::new();
    let mut files = 0;
    let mut bytes = 0;
    let mut fresh = true;
    for _ in 0..reps {
        let start = Instant::now();
        let generated =
            typed_lambda_codegen::generate(&schemas).map_err(|e| format!("codegen: {e}"))?;
        for (rel, contents) in &generated {
            let path = scratch.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        times.push(start.elapsed().as_secs_f64());
        files = generated.len();
        bytes = generated.iter().map(|(_, c)| c.len()).sum::<usize>();
        fresh = generated.iter().all(|(rel, contents)| {
            std::fs::read_to_string(root.join(rel)).is_ok_and(|c| &c == contents)
        });
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let schema_count = std::fs::read_dir(&schemas)
        .map_err(|e| format!("{}: {e}", schemas.display()))?
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
        })
        .count();
    let took = median(&mut times);
    let mut table = Table::new(
        &format!("5. Codegen (median of {reps} regenerations, generator already built)"),
        &[
            "schemas",
            "modules written",
            "bytes",
            "median s",
            "output = committed",
        ],
    );
    table.row(vec![
        schema_count.to_string(),
        files.to_string(),
        bytes.to_string(),
        format!("{took:.2}"),
        if fresh {
            "yes"
        } else {
            "no (schemas changed since the last regeneration)"
        }
        .into(),
    ]);
    table.target(
        "regenerate all models < 10 s",
        format!("{took:.2} s"),
        Some(took < 10.0),
    );
    Ok(vec![table])
}

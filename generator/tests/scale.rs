//! Documents far larger than any fixture: the generator stays near-linear in their size (a
//! chain of schemas once took time cubic in its length, and an alias chain longer than 32 was
//! resolved wrongly). Timing belongs in benchmarks; these check that the output is complete.

use generator::{Settings, generate};

fn settings() -> Settings {
    Settings {
        spec_name: "scale.yaml".to_owned(),
        standalone_crate: None,
        runtime_path: None,
        doc_crate: None,
    }
}

/// `S0 → S1 → … → S(n-1)`, each holding the next, and `A0 → A1 → … → string`.
fn chains(n: usize) -> String {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: Chains, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..n {
        spec.push_str(&format!(
            "    S{i}:\n      type: object\n      properties:\n"
        ));
        spec.push_str("        alias: {$ref: '#/components/schemas/A0'}\n");
        if i + 1 < n {
            spec.push_str(&format!(
                "        next: {{$ref: '#/components/schemas/S{}'}}\n",
                i + 1
            ));
        }
        let target = if i + 1 < n {
            format!("{{$ref: '#/components/schemas/A{}'}}", i + 1)
        } else {
            "{type: string, enum: [a, b]}".to_owned()
        };
        spec.push_str(&format!("    A{i}: {target}\n"));
    }
    spec
}

#[test]
fn long_chains_of_schemas_generate_completely() {
    let n = 2000;
    let generated = generate(&chains(n), &settings()).unwrap_or_else(|d| panic!("{d}"));
    let types = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("types.rs"))
        .map(|f| f.contents.as_str())
        .unwrap_or_default();
    assert_eq!(types.matches("pub struct S").count(), n);
    // The end of a 2,000-long alias chain is an enum, which refuses unknown values in requests, so every struct validates
    // the field that reaches it.
    assert_eq!(
        types
            .matches("let field_path = path.field(\"alias\");")
            .count(),
        n
    );
}

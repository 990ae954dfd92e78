//! `claimls data`: every table claimls uses — built in or loaded from the
//! configuration — with its source, release, period and size, so a coder can
//! tell which release a finding rests on.

use claimls_core::Config;
use claimls_core::knowledge::inventory::TableInfo;
use std::io::Write;
use std::path::Path;

/// Lists the tables for `config` (else the nearest `claimls.toml` above the
/// current folder, else the built-in tables alone). Exit status 1 when the
/// configuration or one of its files has problems (printed, located, on
/// `err`), 0 otherwise.
pub fn data(config: Option<&Path>, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let path = config.map(Path::to_path_buf).or_else(|| {
        let here = std::env::current_dir().ok()?;
        Config::discover(&here)
    });
    let (config, errors) = match &path {
        Some(path) => Config::load_file(path),
        None => (Config::default(), Vec::new()),
    };
    for e in &errors {
        let _ = writeln!(
            err,
            "{}:{}:{}: error[config]: {}",
            e.origin,
            e.line.max(1),
            e.column.max(1),
            e.message
        );
    }
    let tables = config.knowledge.tables();
    let written = if json {
        write_json(&tables, out)
    } else {
        write_text(&tables, path.as_deref(), out)
    };
    if written.is_err() {
        return 2;
    }
    u8::from(!errors.is_empty())
}

fn write_text(
    tables: &[TableInfo],
    config: Option<&Path>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (built_in, loaded): (Vec<_>, Vec<_>) = tables.iter().partition(|t| t.built_in);
    writeln!(out, "Built-in tables (compiled into claimls):")?;
    for t in &built_in {
        write_table(t, out)?;
    }
    match config {
        Some(path) if !loaded.is_empty() => {
            writeln!(
                out,
                "\nYour files (from {}), used before the built-in ones:",
                path.display()
            )?;
            for t in &loaded {
                write_table(t, out)?;
            }
        }
        Some(path) => writeln!(out, "\n{} loads no data files.", path.display())?,
        None => writeln!(
            out,
            "\nNo claimls.toml here or above: built-in tables only (add CMS files under [data] to use your own)."
        )?,
    }
    Ok(())
}

fn write_table(t: &TableInfo, out: &mut dyn Write) -> std::io::Result<()> {
    let provenance = match t.confirmed {
        Some((read, 0)) if read > 0 => ", every one read from the source".to_string(),
        Some((0, inferred)) if inferred > 0 => ", every one inferred by claimls".to_string(),
        Some((read, inferred)) => format!(
            " ({} read from the source, {} inferred by claimls)",
            group_thousands(read),
            group_thousands(inferred)
        ),
        None => String::new(),
    };
    // Catalogs and folders hold entries; tables hold rows.
    let unit =
        if t.origin.ends_with(".tsv") || t.origin.ends_with(".txt") || t.origin.ends_with(".csv") {
            "rows"
        } else {
            "entries"
        };
    writeln!(
        out,
        "\n  {} — {}, {} {unit}{provenance}",
        t.origin,
        t.what,
        group_thousands(t.rows)
    )?;
    writeln!(out, "    source:    {}", t.source)?;
    writeln!(out, "    effective: {}", t.effective)
}

fn write_json(tables: &[TableInfo], out: &mut dyn Write) -> std::io::Result<()> {
    let list: Vec<serde_json::Value> = tables
        .iter()
        .map(|t| {
            serde_json::json!({
                "what": t.what,
                "origin": t.origin,
                "builtIn": t.built_in,
                "rows": t.rows,
                "source": t.source,
                "effective": t.effective,
                "readFromSource": t.confirmed.map(|(read, _)| read),
                "inferred": t.confirmed.map(|(_, inferred)| inferred),
            })
        })
        .collect();
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&list).expect("JSON")
    )
}

/// 19356 → "19,356".
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(7), "7");
        assert_eq!(group_thousands(19_356), "19,356");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }
}

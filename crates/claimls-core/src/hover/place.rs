//! Hover on a place of service code.

use crate::knowledge::Knowledge;

pub fn describe(code: &str, procedure: Option<&str>, kb: &Knowledge) -> String {
    let Some(pos) = kb.place_of_service(code) else {
        return format!(
            "**POS {code}** is not a CMS place of service code.\n\n_Source: {}_",
            kb.places_of_service_source()
        );
    };
    let mut out = format!(
        "**POS {}** · {}\n\n{}\n",
        pos.code, pos.name, pos.description
    );
    // A fact of the code; whether this place is unusual for it is the
    // `pos-atypical` rule's verdict, listed under "On this claim".
    if let Some(p) = procedure.and_then(|c| kb.procedure(c)) {
        if !p.typical_pos.is_empty() {
            out.push_str(&format!(
                "\n{} is usually furnished at POS {}.\n",
                p.code,
                p.typical_pos.join(", ")
            ));
        }
    }
    out.push_str(&format!("\n_Source: {}_", kb.places_of_service_source()));
    out
}

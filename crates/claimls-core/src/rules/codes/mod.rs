//! Rules about procedure codes: their shape, whether claimls knows them and
//! whether they are in effect, and the edits between lines (NCCI PTP, MUE,
//! duplicates, add-on codes without their primary).

pub mod add_on_without_primary;
pub mod code_malformed;
pub mod code_not_in_effect;
pub mod code_unknown;
pub mod duplicate_line;
pub mod medicare_code_invalid;
pub mod medicare_code_not_paid;
pub mod mue_exceeded;
pub mod ncci_ptp;

//! Rules about the modifiers of a service line: whether each applies to its
//! code (`policy`), whether they agree with each other, their number and
//! their order.

pub mod modifier_conflict;
pub mod modifier_not_applicable;
pub mod modifier_order;
pub mod modifier_repeated;
pub mod modifier_unknown;
pub mod pctc_indicator;
pub mod too_many_modifiers;

//! The overview (`#/`): totals over every session read, the charts, the breakdowns by model
//! and by drawing, and the objects that are not sessions or could not be read.

pub mod by_drawing;
pub mod by_model;
pub mod charts;
pub mod object_issues;
pub mod page;

//! Translations between model formats, so that one lowering into the IR serves them all.

pub mod smithy;

//! Files on disk: every write is atomic, so a crash or a full disk never leaves half a file.

pub mod atomic;
pub mod files;

pub use files::{LoadProblem, Loaded, Store};

//! Integration tests: the real binary end to end, its output checked by independent parsers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure report

mod check_id;
mod common;
mod compose;
mod detect;
mod eml;

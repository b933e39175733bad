//! Integration tests: the real binary end to end, its output checked by independent parsers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)] // test code: a panic is a failure report

mod capture;
mod cert;
mod check_id;
mod common;
mod compose;
mod deadlines;
mod detect;
mod eml;
mod gui;
mod resources;
mod smtp;
mod ui;
mod ui_mail;
mod ui_shots;

//! The `sk-support` binary: all of it lives in the library.

fn main() -> std::process::ExitCode {
    sk_support::cli::run(std::env::args_os())
}

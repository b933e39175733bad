//! The `sk-support` binary: all of it lives in the library. Without arguments it opens the
//! window; with a subcommand it is the command line.

// No console window behind the app on Windows; subcommands attach to the console they were
// started from (see `cli::attach_console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    let started = std::time::Instant::now();
    #[cfg(feature = "gui")]
    if std::env::args_os().len() <= 1 {
        return sk_support::ui::start(started);
    }
    let _ = started;
    sk_support::cli::attach_console();
    sk_support::cli::run(std::env::args_os())
}

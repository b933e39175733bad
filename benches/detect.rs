//! Detection wall time against the slowest single probe.
//!
//! Target: all probes together (in parallel) take at most 1.1 × the slowest probe alone.
//! `cargo bench --bench detect` (add `-- N` for N rounds; default 15).

#![allow(clippy::print_stdout, clippy::cast_precision_loss)] // a report for people

use std::time::{Duration, Instant};

use sk_support::environment::{self, Config, ProbeName};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(15);
    let config = Config::from_env();
    // Warm the file cache and the dynamic loader once.
    let _ = environment::detect(&config);

    // The cost of the threads themselves: start and join as many empty ones as detection does.
    let threads = median(
        (0..rounds)
            .map(|_| {
                let start = Instant::now();
                let handles: Vec<_> = (0..=ProbeName::ALL.len()).map(|_| std::thread::spawn(|| {})).collect();
                for h in handles {
                    h.join().unwrap_or(());
                }
                start.elapsed()
            })
            .collect(),
    );
    let mut singles: Vec<(ProbeName, Vec<Duration>)> = ProbeName::ALL.iter().map(|&n| (n, Vec::new())).collect();
    let mut totals = Vec::new();
    for _ in 0..rounds {
        for (name, times) in &mut singles {
            let start = Instant::now();
            let _ = environment::run_probe(*name, &config, start + config.deadline(*name));
            times.push(start.elapsed());
        }
        let start = Instant::now();
        let env = environment::detect(&config);
        totals.push(start.elapsed());
        assert_eq!(env.probes.len(), ProbeName::ALL.len());
    }
    println!("detection, {rounds} rounds (median):");
    let mut slowest = Duration::ZERO;
    for (name, times) in singles {
        let m = median(times);
        slowest = slowest.max(m);
        println!("  {:<10} alone    {:>9.2} ms", name.as_str(), m.as_secs_f64() * 1e3);
    }
    let total = median(totals);
    let ratio = total.as_secs_f64() / slowest.as_secs_f64().max(1e-9);
    println!("  all probes together {:>9.2} ms", total.as_secs_f64() * 1e3);
    println!("  slowest single probe {:>8.2} ms", slowest.as_secs_f64() * 1e3);
    println!("  ratio {ratio:.3} (target ≤ 1.10): {}", if ratio <= 1.10 { "met" } else { "NOT met" });
    println!(
        "  ({} empty threads started and joined: {:.2} ms)",
        ProbeName::ALL.len() + 1,
        threads.as_secs_f64() * 1e3
    );
}

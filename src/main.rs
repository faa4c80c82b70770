//! The `factlint` command; everything it does lives in the library's `cli` module.

/// factlint makes and frees millions of small values (facts, rows, diagnostics) from
/// several threads; glibc's allocator spent a sixth of a run's instructions on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    factlint::cli::main()
}

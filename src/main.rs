//! The `jianghua` binary: parses the command line and hands over to `cli`.

mod cli;

// A batch makes and frees many small strings on every core; mimalloc takes
// about an eighth off its processor time against the system allocator, and
// builds from one C file (jemalloc's build was too slow for CI). Without
// transparent huge pages, its resident memory stays near the system's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}

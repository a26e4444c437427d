fn main() -> std::process::ExitCode {
    errcat_codegen::cli::run()
}

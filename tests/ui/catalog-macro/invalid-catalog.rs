// `errcat::catalog!` on a catalog with problems: every problem, located, at the path.
errcat::catalog!("../../../../tests/ui/invalid.yaml");

fn main() {}

// `errcat::catalog!` takes the catalog's path as a string literal.
errcat::catalog!(errors.yaml);

fn main() {}

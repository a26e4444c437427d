use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError<T: std::fmt::Display> {
    #[api_error(code = "data/table-not-found")]
    TableNotFound { table: T },
}

fn main() {}

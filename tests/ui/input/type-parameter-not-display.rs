use errcat::ApiError;

// A type parameter is bound by its use: `T: Display` for a `string` field. The derive
// compiles; a use with a type that cannot be displayed is the error.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError<T> {
    #[api_error(code = "data/table-not-found")]
    TableNotFound { table: T },
}

fn main() {
    let error = AppError::TableNotFound { table: vec![1u8] };
    let _ = error.to_string();
}

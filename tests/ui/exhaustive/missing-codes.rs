use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", exhaustive)]
pub enum AppError {
    #[api_error(code = "auth/invalid-credentials")]
    InvalidCredentials,

    #[api_error(code = "data/table-not-found")]
    TableNotFound { table: String },
}

fn main() {}

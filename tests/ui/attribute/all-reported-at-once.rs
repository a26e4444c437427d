use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error(cod = "auth/invalid-credentials")]
    InvalidCredentials,

    #[api_error(code = 404)]
    TableNotFound { table: String },

    #[api_error(code = "data/too-many-rows", mesage = "x")]
    TooManyRows { rows: u64 },
}

fn main() {}

use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error(code = "data/table-not-found", message = "No {type} called '{table}'")]
    TableNotFound { table: String },
}

fn main() {}

use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error(code = "data/table-not-found", message = "Table {0} is gone")]
    TableNotFound(String),
}

fn main() {}

use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error(code = "data/tabel-not-found")]
    TableNotFound { table: String },

    #[api_error(code = "auth/invalid-credentials")]
    Io(#[from] std::io::Error),
}

// Every use below needs an impl the failed derive did not really generate; the stubs keep
// them from adding errors of their own.
fn read() -> Result<Vec<u8>, AppError> {
    Ok(std::fs::read("config.toml")?)
}

fn respond(error: &AppError) -> (u16, String, String) {
    (error.status().as_u16(), error.to_string(), error.to_json())
}

fn boxed(error: AppError) -> Box<dyn std::error::Error> {
    Box::new(error)
}

fn main() {
    let _ = read().map_err(|e| respond(&e)).map_err(|_| boxed(AppError::TableNotFound { table: String::new() }));
}

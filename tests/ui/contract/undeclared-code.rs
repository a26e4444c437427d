// A handler's error type is the list of codes its operation documents. `get_table` declares
// one code, data/table-not-found; the store it calls can also answer data/rate-limited, so
// passing that error on with `?` does not compile until the handler's type declares it.
use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum StoreError {
    #[api_error(code = "data/table-not-found")]
    TableNotFound { table: String },
    #[api_error(code = "data/rate-limited")]
    RateLimited { seconds: u32 },
}

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum GetTableError {
    #[api_error(code = "data/table-not-found")]
    TableNotFound { table: String },
}

fn load(table: &str) -> Result<String, StoreError> {
    Err(StoreError::TableNotFound {
        table: table.to_owned(),
    })
}

pub fn get_table(table: &str) -> Result<String, GetTableError> {
    let rows = load(table)?;
    Ok(rows)
}

fn main() {}

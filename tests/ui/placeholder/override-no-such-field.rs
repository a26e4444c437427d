use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error(code = "auth/invalid-credentials", message = "User {user} may not log in")]
    InvalidCredentials { username: String },
}

fn main() {}

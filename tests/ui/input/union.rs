use errcat::ApiError;

#[derive(ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", code = "auth/invalid-credentials")]
pub union Bits {
    a: u32,
    b: f32,
}

fn main() {}

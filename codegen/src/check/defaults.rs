//! The defaults the spec gives keys an entry leaves out, and `grpc`.

use crate::load::Node;
use crate::model::{self, GrpcCode};

use super::report::{suggest, with_help, At};
use super::Checker;

pub(super) fn default_title(status: u16) -> String {
    model::reason_phrase(status)
        .unwrap_or(if status < 500 {
            "Client Error"
        } else {
            "Server Error"
        })
        .to_owned()
}

impl<'s> Checker<'_, 's> {
    /// Rule: `grpc` is a canonical gRPC code name.
    pub(super) fn grpc(&self, at: At<'_, 's>, node: &Node) -> Option<GrpcCode> {
        let name = self.string(at, "grpc", node)?;
        let code = GrpcCode::from_name(&name);
        if code.is_none() {
            self.push(with_help(
                at.error(node.pos, "grpc", format!("unknown gRPC code `{name}`")),
                suggest(&name, GrpcCode::ALL.iter().map(|g| g.as_str())),
            ));
        }
        code
    }
}

//! One module a page. Pages read the connection from context and talk to AWS through `crate::aws`.

pub mod clusters;
pub mod fleet;
pub mod onboarding;
pub mod settings;
pub mod task_definitions;

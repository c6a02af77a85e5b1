//! One module a page. Pages read the connection from context and talk to AWS through `crate::aws`.
//! The self-service build (without the `admin` feature) has onboarding only.

pub mod clusters;
#[cfg(feature = "admin")]
pub mod fleet;
pub mod onboarding;
#[cfg(feature = "admin")]
pub mod settings;
#[cfg(feature = "admin")]
pub mod task_definitions;

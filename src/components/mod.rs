//! Small components shared by the pages. One file each; props documented on the component.

mod copy_button;
mod error_message;

pub use copy_button::CopyButton;
pub use error_message::ErrorMessage;

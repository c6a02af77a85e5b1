//! Small components shared by the pages. One file each; props documented on the component.

mod aws_text;
mod checkbox;
mod confirm_dialog;
mod copy_button;
mod error_message;
mod live_region;
mod radio_group;

pub use aws_text::AwsText;
pub use checkbox::Checkbox;
pub use confirm_dialog::ConfirmDialog;
pub use copy_button::CopyButton;
pub use error_message::ErrorMessage;
pub use live_region::LiveRegion;
pub use radio_group::RadioGroup;

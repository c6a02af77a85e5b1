//! Install-command generation for registering external instances (Linux and Windows).

//! The EXTERNAL compatibility rules for task definitions, RunTask and CreateService.

//! Integration tests for the generated client live in `tests/`.

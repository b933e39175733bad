//! Detected facts → the request's environment lines. Stub until written.

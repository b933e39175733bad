//! Finding the user's keystore files. (Stub: to be implemented.)

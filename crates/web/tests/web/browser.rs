//! Placeholder replaced by the browser test below.

//! PDF export (feature `pdf`): to be written.

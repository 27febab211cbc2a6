//! Deterministic synthetic demo data (written by a helper; placeholder until then).

"""Release stage: versioned releases of the published build, their Data Package descriptor, and verify."""

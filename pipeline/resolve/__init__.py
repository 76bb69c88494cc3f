"""Pure functions that merge mentions across articles into real-world meetings, people and restrictions."""

// Placeholder until this target's first source file lands.

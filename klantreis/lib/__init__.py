"""The shared kernel: helpers every app may use. Imports no project app, so it can sit on the ground floor."""

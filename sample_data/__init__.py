"""The bundled sample data (`newsdash.sample_data`): package data, so that `newsdash demo` and a
newsdash with no config at all run on it, from a checkout or from an installed wheel."""

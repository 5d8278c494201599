"""Every query and the schema of newsdash, and the one module that runs them (store)."""

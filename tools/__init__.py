"""Developer tools, not installed for readers: the benchmark, the browser check, scratch workspaces, the notebook-output stripper.

They need the `dev` and `book` extras (Playwright, nbclient). Any package may be imported here; nothing in `analysis` imports this.
"""

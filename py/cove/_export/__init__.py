"""`cove export`: dependencies (PEP 723 header, wheel resolution, pyodide-lock.json) and the site."""

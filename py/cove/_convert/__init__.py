"""Import notebooks from elsewhere (Jupyter `.ipynb`, marimo `.py`) as Cove notebook files."""

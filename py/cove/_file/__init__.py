"""The notebook file format: parse a `.py` notebook into plain data and write it back."""

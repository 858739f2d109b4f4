"""The page around a notebook, rendered in Python: prerendered cells and the HTML document that
`cove edit` serves and `cove export` writes (the browser side is web/src/)."""

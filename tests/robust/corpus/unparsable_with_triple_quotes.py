import cove

__generated_with = "0.1.0"
app = cove.App()


app._unparsable_cell(
    r"""
    x = = 1
    s = \"\"\"oops\"\"\"
    """,
    name="_"
)


@app.cell
def _():
    y = 2
    return




if __name__ == "__main__":
    app.run()

import cove

__generated_with = "0.1.0"
app = cove.App()


@app.cell
def _():
    a = 1
    a
    return


@app.
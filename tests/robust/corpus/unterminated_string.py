import cove

__generated_with = "0.1.0"
app = cove.App()


@app.cell
def _():
    s = """never closed
    x = 1
    return


@app.cell
def _():
    y = 2
    return




if __name__ == "__main__":
    app.run()

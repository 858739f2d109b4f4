import cove

__generated_with = "0.1.0"
app = cove.App()


@app.cell
def _():
    p = "C:\\new\\table"
    r = r"\d+\\"
    p
    return


@app.cell
def _():
    x = 1 + \
        2
    return




if __name__ == "__main__":
    app.run()

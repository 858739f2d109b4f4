import cove

__generated_with = "0.1.0"
app = cove.App()


@app.cell


@app.cell
def _():
    a = 1
    return




if __name__ == "__main__":
    app.run()

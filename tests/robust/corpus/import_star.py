import cove

__generated_with = "0.1.0"
app = cove.App()


@app.cell
def _():
    from math import *
    return


@app.cell
def _():
    x = pi
    return




if __name__ == "__main__":
    app.run()

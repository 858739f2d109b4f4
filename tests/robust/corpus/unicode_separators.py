import cove

__generated_with = "0.1.0"
app = cove.App()


@app.cell
def _():
    s = 'a b cdef'
    s
    return


@app.cell
def _():
    t = '‮evil‬'
    return




if __name__ == "__main__":
    app.run()

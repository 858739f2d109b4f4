import cove

__generated_with = "0.1.0"
app = cove.App()


with app.setup:
    import = 1


@app.cell
def _():
    a = 1
    return




if __name__ == "__main__":
    app.run()

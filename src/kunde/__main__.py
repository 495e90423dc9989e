from kunde.cli.main import app

app(prog_name="kunde")

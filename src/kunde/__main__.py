from kunde.cli.main import run

run()

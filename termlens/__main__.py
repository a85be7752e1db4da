from termlens.cli import app

app()

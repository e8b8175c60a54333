from taskrank.cli import app

app()

"""The benchmark's ceiling: a bare Flask hello, served by the same gunicorn settings as the app.

    gunicorn --pythonpath bench --workers 2 --threads 4 hello:app
"""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"

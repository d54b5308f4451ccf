"""Full-text search over notes, used by the API's search endpoint."""
import os
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)
DB_PATH = os.environ.get("SEARCH_DB", "search.db")


@app.get("/search")
def search():
    term = request.args.get("q", "")
    with sqlite3.connect(DB_PATH) as conn:
        rows = conn.execute(
            "SELECT id, title FROM notes_fts WHERE notes_fts MATCH ? LIMIT 20", (term,)
        ).fetchall()
    return jsonify([{"id": r[0], "title": r[1]} for r in rows])


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5001)

"""The web app (issue 14): FastAPI and Jinja2 pages, a JSON API under /api, users, roles and grants, over the
store (store/) and the Python API (interfaces.api). Loaded only by `exequatur serve`: importing the command line
loads none of it. See docs/web.md."""

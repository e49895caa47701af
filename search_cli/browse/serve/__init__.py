"""`gia serve`: a small local web app over the archive — search pages, report pages, archived
originals, a JSON API and CSV downloads (stdlib http.server, Jinja2 templates, no JavaScript).

    app.py       routes, responses, HTTP errors         api.py      /api/search, .csv, /api/report
    pages.py     what each HTML page shows              params.py   query string -> search() arguments
    site.py      the record directory, search, WARC     tables.py   a report's tables as printed
    chart.py     the bar chart of a measure by year     measures.py Chinese names of numeric fields
    templates/   the HTML, autoescaped

Search results (page, API, CSV) all come from `search_cli.search`, the function behind
`gia-search --json`, so every count agrees with the command line. Scraped text is escaped by
the template engine; every page carries a CSP that allows no script; archived originals are
served under `Content-Security-Policy: sandbox`.
"""

from __future__ import annotations

import sys
from http.server import ThreadingHTTPServer

from gia.config import add_archive_argument, archive_dir


def configure(parser) -> None:
    add_archive_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")


def make_server(root, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    from search_cli.browse.serve.app import make_handler
    from search_cli.browse.serve.site import Site

    site = Site(root)
    site.refresh()
    server = ThreadingHTTPServer((host, port), make_handler(site))
    server.daemon_threads = True
    return server


def run(args) -> int:
    from gia.archive import Archive
    from gia.errors import GiaError
    from indexer import store

    root = archive_dir(args.archive)
    Archive(root).require()
    try:
        server = make_server(root, args.host, args.port)
    except OSError as exc:
        raise GiaError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    host, port = server.server_address[:2]
    print(f"gia serve: http://{host}:{port}/ (archive {root}); Ctrl-C stops", file=sys.stderr)
    if not store.exists(store.index_dir(root)):
        print(f"gia serve: no search index yet: run `gia index --archive {root}` (report pages work without it)",
              file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0

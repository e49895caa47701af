"""`gia index [--archive DIR] [--rebuild]`: bring the search index up to date with the archive."""

from __future__ import annotations


from gia.config import add_archive_argument, archive_dir


def configure(parser) -> None:
    add_archive_argument(parser)
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild the whole index from the archive (into index.new/, swapped in when done)")
    parser.add_argument("--procs", type=int, default=1, metavar="N",
                        help="indexing processes (default 1)")
    parser.add_argument("--quiet", action="store_true", help="no progress display (a bar on a terminal, plain lines when piped)")
    parser.add_argument("--verify", action="store_true",
                        help="check every index file against the sha256 hashes gia index wrote (an index "
                             "folder is trusted like code: Whoosh's files are pickles); changes nothing")


def run(args) -> int:
    from indexer import update_index

    archive = archive_dir(args.archive)
    if args.verify:
        return verify(archive)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if args.quiet:
            return
        if bar is None:
            from gia.progress import Progress

            bar = Progress("indexing", total)  # a bar on a terminal, plain lines when piped
        bar.advance(done - bar.done)

    stats = update_index(archive, rebuild=args.rebuild, progress=progress, procs=max(1, args.procs))
    if bar is not None:
        bar.finish()
    rate = (stats["added"] + stats["updated"]) / stats["seconds"] if stats["seconds"] else 0.0
    print(f"index {'rebuilt' if stats['rebuilt'] else 'updated'}: {stats['added']} added, "
          f"{stats['updated']} updated, {stats['removed']} removed, {stats['unchanged']} unchanged, "
          f"{stats['skipped']} unreadable skipped; {stats['total']} reports in the index "
          f"({stats['seconds']:.1f} s, {rate:.0f} reports/s, segmenter {stats['segmenter']})")
    return 0


def verify(archive) -> int:
    from indexer import store

    checked, problems = store.verify(archive)
    for problem in problems:
        print(f"{store.index_dir(archive)}/{problem}")
    if problems:
        print(f"index NOT verified: {len(problems)} problem(s) in {checked} file(s); "
              f"run `gia index --rebuild --archive {archive}` before searching it")
        return 1
    print(f"index verified: {checked} file(s) match the hashes gia index wrote")
    return 0

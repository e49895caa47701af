"""The search index of the archive (Whoosh + jieba-compatible segmentation).

Python API (the `gia index` command mirrors it):
    update_index(archive_root, rebuild=False, progress=None) -> stats dict
"""

from indexer import lazy_imports

lazy_imports.defer()  # before anything imports whoosh (see indexer/lazy_imports.py)


def update_index(archive_root, rebuild=False, progress=None, **options):
    from indexer.update import update_index as _update

    return _update(archive_root, rebuild=rebuild, progress=progress, **options)


__all__ = ["update_index"]

"""The search index of the archive (Whoosh + character bigrams + jieba-compatible segmentation).

Python API (the `gia index` command mirrors it):
    update_index(archive_root, rebuild=False, progress=None) -> stats dict
"""


def update_index(archive_root, rebuild=False, progress=None, **options):
    from indexer.update import update_index as _update

    return _update(archive_root, rebuild=rebuild, progress=progress, **options)


__all__ = ["update_index"]

"""`python -m simsites serve [--profile P] [--scale N] [--registry FILE] [--manifest FILE]`: run by hand."""

from __future__ import annotations

import argparse
import json
import time

from simsites.farm import LocalFarm


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simsites")
    sub = parser.add_subparsers(dest="cmd", required=True)
    serve = sub.add_parser("serve", help="serve the simulated sites until interrupted")
    serve.add_argument("--profile", default="hostile", choices=["clean", "default", "hostile", "faults", "challenges"])
    serve.add_argument("--scale", type=int, default=1, help="multiply the agencies per site")
    serve.add_argument("--per-page", type=int, default=8)
    serve.add_argument("--any-ports", action="store_true", help="do not try the fixed 81xx ports")
    serve.add_argument("--registry", help="write a site registry (TOML) for these sites here")
    serve.add_argument("--manifest", help="write the manifest (JSON) here")
    args = parser.parse_args(argv)
    farm = LocalFarm(args.profile, scale=args.scale, per_page=args.per_page, fixed_ports=not args.any_ports).start()
    for name in farm.sites:
        print(f"{name:10s} {farm.start_url(name)}")
    if args.registry:
        farm.write_registry(args.registry)
        print(f"registry: {args.registry}")
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as fh:
            json.dump(farm.manifest(), fh, ensure_ascii=False, indent=1)
    print(f"{len(farm.world.reports)} reports; Ctrl-C to stop")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        farm.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

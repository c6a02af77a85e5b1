"""python -m anywhere_sandbox --port 0 --seed demo|none|hosts:N --port-file FILE"""

import argparse
import signal
import sys

from .server import parse_seed, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="anywhere_sandbox", description="Local AWS sandbox for the ECS Anywhere console.")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--seed", default="demo", help="demo (default), none, or hosts:N")
    parser.add_argument("--port-file", help="write the chosen port here once the server accepts connections")
    args = parser.parse_args(argv)
    try:
        parse_seed(args.seed)
    except ValueError as error:
        parser.error(str(error))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    serve(args.seed, args.port, args.port_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())

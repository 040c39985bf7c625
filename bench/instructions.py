"""Instructions the app's Python process spends on a page, counted, not timed: a change's
effect told apart from a shared machine's noise.

    python bench/instructions.py --claims 1000000 --against main

On the machines this benchmark runs on, two timings of the same code minutes apart differed
by a third, more than most changes move a page. Valgrind's callgrind counts the instructions
a process executes, which neighbours move far less (bench/README.md says how far). Each page
is requested in-process through the WSGI handler (the same middleware and views gunicorn
runs, without its own share), a few times to warm up and then `--requests` times; the process
is counted twice, warm-up alone and warm-up with the requests, and the difference divided by
the requests. The database's own work is not counted (it runs in another process): a change
that moves work between the two is measured by `bench/paired.py`.

With `--against REV`, the same pages are counted for that revision too, checked out beside
this one, against the same database and URLs. Needs valgrind. It prints its table; it writes
nothing to BENCHMARKS.md, being a tool for comparing two versions of the code rather than a
measure of one.
"""

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import paired  # bench/paired.py, beside this file
import run  # bench/run.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 20


def page_paths(facts, page, count):
    """`count` paths of the page: random published claims, or the same small event."""
    if page == "claim":
        return [f"/claims/{pk}/" for pk in facts["claim_ids"][:count]]
    if page == "event":
        return [f"/events/{facts['small_event']}/"] * count
    return ["/healthz"] * count


def request_in_process(paths):
    """The child's part: every path through the app's WSGI handler, one after another."""
    from claimtracker.wsgi import application

    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    for path in paths:
        path_info, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path_info,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
        }
        b"".join(application(environ, start_response))
        if not statuses[-1].startswith("200"):
            raise SystemExit(f"{path}: {statuses[-1]}")


def counted_instructions(tree, url, paths):
    """Instructions of a process of `tree`'s code requesting `paths`, as callgrind counts."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths))
    try:
        output = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
             sys.executable, __file__, "--child", listing.name],
            cwd=tree, env=environment(url, tree), capture_output=True, text=True, check=True,
        ).stderr  # fmt: skip
    finally:
        os.unlink(listing.name)
    return int(re.search(r"Collected : (\d+)", output).group(1))


def environment(url, tree):
    # The tree's own code before the installed copy of the project's.
    return run.environment(url, PAGE_CACHE_MEGABYTES="0", PYTHONPATH=str(tree))


def per_request(tree, url, facts, page, requests):
    paths = page_paths(facts, page, WARM_UP + requests)
    warm_up = counted_instructions(tree, url, paths[:WARM_UP])
    with_requests = counted_instructions(tree, url, paths)
    return (with_requests - warm_up) / requests


def checked_out(revision):
    """A directory holding `revision`'s files (a git worktree, removed by the caller)."""
    directory = tempfile.mkdtemp(prefix="instructions-")
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--force", directory, revision],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return directory


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--pages", nargs="+", default=["claim", "event", "healthz"])
    parser.add_argument("--against", help="a git revision to count the same pages for")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        # The tree's code before this script's directory, whose bench/desk.py would otherwise
        # stand in for the project's desk package.
        sys.path.insert(0, os.getcwd())
        request_in_process(Path(arguments.child).read_text().split("\n"))
        return

    url = run.database_url(arguments.database, arguments.claims)
    facts = paired.facts_of(url)
    trees = {"this checkout": str(ROOT)}
    if arguments.against:
        trees[arguments.against] = checked_out(arguments.against)
    jobs = [(name, page) for name in trees for page in arguments.pages]

    def count(job):
        name, page = job
        return per_request(trees[name], url, facts, page, arguments.requests)

    try:
        # Counts do not depend on what else runs: two at a time, one per core.
        with ThreadPoolExecutor(max_workers=2) as pool:
            counted = dict(zip(jobs, pool.map(count, jobs), strict=True))
    finally:
        for name, tree in trees.items():
            if name != "this checkout":
                subprocess.run(["git", "worktree", "remove", "--force", tree], cwd=ROOT)
    print(f"Millions of instructions per request, {arguments.requests} requests a page:")
    print(f"| page | {' | '.join(trees)} |")
    print(f"|---|{'---|' * len(trees)}")
    for page in arguments.pages:
        cells = " | ".join(f"{counted[name, page] / 1e6:.2f}" for name in trees)
        print(f"| {page} | {cells} |")


if __name__ == "__main__":
    main()

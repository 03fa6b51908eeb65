#!/usr/bin/env python3
"""CPU cost of each interaction with the real window under software OpenGL (issue 19).

Starts the release binary under Xvfb with Mesa's software renderer (what a 云桌面 or a remote
desktop without a GPU offers) on a 10,000-problem demo database, drives it with xdotool, and
prints, for each interaction, the CPU seconds the process used from the input until it was idle
again (median and range of 5 runs), then the CPU it uses while nothing happens.

    cargo build --release
    python3 scripts/bench_software_gl.py [--bin target/release/zhenggai] [--problems 10000]

Needs Xvfb and xdotool (Debian: `apt-get install xvfb xdotool`). Prints figures only: timing
targets are checked by people reading them, never by `cargo test`.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

WIDTH, HEIGHT = 1280, 800
# Where things are at 1280×800 with the default text size: the nav column on the left, and
# with a problem open, the table's first rows and the first measure card's 打开 in the editor.
NAV_OVERVIEW = (68, 55)
NAV_PROBLEMS = (68, 90)
FIRST_ROW = (350, 213)
SECOND_ROW = (350, 240)
FIRST_MEASURE_OPEN = (790, 516)
TABLE_MIDDLE = (350, 480)
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User plus system CPU of the process (all its threads) so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def wait_idle(pid, quiet=0.5, limit=30.0):
    """Waits until the process used no CPU for `quiet` seconds; returns its CPU then."""
    started = time.monotonic()
    last = cpu_seconds(pid)
    still_since = time.monotonic()
    while time.monotonic() - started < limit:
        time.sleep(0.05)
        now = cpu_seconds(pid)
        if now != last:
            last = now
            still_since = time.monotonic()
        elif time.monotonic() - still_since >= quiet:
            return now
    return last


def xdotool(*args):
    subprocess.run(["xdotool", *map(str, args)], check=True)


def click(point):
    xdotool("mousemove", *point, "click", 1)


def measure(pid, action):
    """CPU seconds `action` cost until the process was idle again."""
    before = wait_idle(pid)
    action()
    return wait_idle(pid) - before


def interactions():
    """The interactions of issue 19 in the order they run, each as (name, runs of (set-up,
    action)); every action is measured on its own. The order matters: the first problem's
    measure is opened while the table is still at its top."""

    def move_across():
        # As a hand moves a mouse: 41 positions from corner to corner in about 0.6 s.
        steps = []
        for step in range(41):
            steps += ["mousemove", 40 + step * (WIDTH - 80) // 40, 60 + step * (HEIGHT - 120) // 40,
                      "sleep", "0.015"]
        xdotool(*steps)

    def clear_search():
        xdotool("key", "ctrl+f", "ctrl+a", "BackSpace")

    def nothing():
        pass

    def typed(letter):
        return lambda: xdotool("key", letter)

    return [
        ("打开问题清单", [(lambda: click(NAV_OVERVIEW), lambda: click(NAV_PROBLEMS))] * 5),
        # The first set-up click opens a problem, which brings the editor the positions assume.
        ("选中另一行", [(lambda: click(SECOND_ROW), lambda: click(FIRST_ROW))] * 5),
        ("打开一条措施", [(lambda: click(FIRST_ROW), lambda: click(FIRST_MEASURE_OPEN))] * 5),
        ("滚动一格（共 10 格）",
         [(lambda: xdotool("mousemove", *TABLE_MIDDLE), lambda: xdotool("click", 5))] * 10),
        ("鼠标划过窗口", [(lambda: xdotool("mousemove", 20, 20), move_across)] * 5),
        ("搜索框输入一个字母（共 10 个）",
         [(clear_search, typed("c"))] + [(nothing, typed(letter)) for letter in "huangkouq"]),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default="target/release/zhenggai")
    parser.add_argument("--problems", type=int, default=10_000)
    parser.add_argument("--display", default=":97")
    parser.add_argument("--keep", action="store_true", help="leave the window open at the end")
    args = parser.parse_args()
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install xvfb xdotool")

    work = tempfile.mkdtemp(prefix="zg-bench-")
    db = os.path.join(work, "bench.db")
    env = dict(os.environ, HOME=work, XDG_DATA_HOME=work, XDG_CONFIG_HOME=work, LANG="zh_CN.UTF-8")
    print(f"building a {args.problems}-problem demo database in {work} …", flush=True)
    subprocess.run([args.bin, "--db", db, "init", "--unit", "某市行政审批服务管理局"], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([args.bin, "--db", db, "demo", "--problems", str(args.problems)], env=env,
                   check=True, stdout=subprocess.DEVNULL)

    xvfb = subprocess.Popen(["Xvfb", args.display, "-screen", "0", f"{WIDTH}x{HEIGHT}x24"],
                            stderr=subprocess.DEVNULL)
    time.sleep(1)
    env.update(DISPLAY=args.display, LIBGL_ALWAYS_SOFTWARE="1")
    os.environ["DISPLAY"] = args.display
    log = open(os.path.join(work, "app.log"), "w", encoding="utf-8")
    app = subprocess.Popen([args.bin, "--db", db], env=env, stdout=log, stderr=log)
    try:
        found = subprocess.run(["xdotool", "search", "--sync", "--class", "zhenggai"], check=True,
                               capture_output=True, text=True, timeout=60)
        time.sleep(1)
        # Without a window manager nothing gives the window the keyboard: give it by hand.
        xdotool("windowfocus", "--sync", found.stdout.split()[0])
        started = wait_idle(app.pid, quiet=1.0, limit=60)
        print(f"start-up until idle: {started:.2f} s CPU")
        print(f"{'interaction':<24}{'median':>10}{'min':>10}{'max':>10}   (CPU seconds)")
        for name, runs in interactions():
            costs = []
            for set_up, action in runs:
                set_up()
                costs.append(measure(app.pid, action))
            print(f"{name:<24}{statistics.median(costs):>10.3f}{min(costs):>10.3f}{max(costs):>10.3f}",
                  flush=True)
        before = cpu_seconds(app.pid)
        time.sleep(5)
        idle = (cpu_seconds(app.pid) - before) / 5 * 100
        print(f"idle: {idle:.1f} % CPU over 5 s")
        if args.keep:
            input("window left open on DISPLAY " + args.display + "; press Enter to close ")
    finally:
        app.terminate()
        app.wait(timeout=10)
        xvfb.terminate()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

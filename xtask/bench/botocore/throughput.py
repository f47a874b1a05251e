"""`throughput.py URL SECONDS`: sequential CreateDeployment calls against a server at URL
for SECONDS (after 100 warm-up calls). Prints `calls=N seconds=S max_rss_kib=K`."""

import resource
import sys
import time

import common


def main():
    url, seconds = sys.argv[1], float(sys.argv[2])
    client = common.client(endpoint_url=url)
    for _ in range(100):
        common.create_deployment(client)
    calls = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        common.create_deployment(client)
        calls += 1
    elapsed = time.perf_counter() - start
    # ru_maxrss is in KiB on Linux.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"calls={calls} seconds={elapsed} max_rss_kib={peak}")


main()

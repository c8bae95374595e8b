#!/usr/bin/env python3
"""Resident memory per NMT category of a running JVM.

  nmt-resident.py <pid>            (the JVM runs with -XX:NativeMemoryTracking=detail)

NMT's summary gives memory the JVM has *committed*, which for mmap'd areas (G1's mark stack,
task queues, bitmaps; the code cache; metaspace) can be far more than is resident: pages only
count in RSS once touched. This reads the virtual memory map of `jcmd <pid> VM.native_memory
detail` and asks /proc/<pid>/pagemap which pages of each committed range are present, so
every mmap'd category gets its resident size next to its committed size. Malloc'd memory is
printed as NMT counts it (malloc arenas cannot be told apart per category), and the rest of
VmRSS (malloc arenas' slack, libraries, the JVM's text) as "other". Needs root (pagemap).
"""
import re
import subprocess
import sys

PAGE = 4096


def present_pages(pid, start, end):
    n = 0
    with open(f"/proc/{pid}/pagemap", "rb") as f:
        f.seek(start // PAGE * 8)
        data = f.read((end - start) // PAGE * 8)
    for i in range(0, len(data), 8):
        if data[i + 7] & 0x80:  # bit 63: page present
            n += 1
    return n


def main():
    pid = int(sys.argv[1])
    out = subprocess.run(["jcmd", str(pid), "VM.native_memory", "detail"], capture_output=True,
                         text=True, check=True).stdout
    reserved_re = re.compile(r"^\[(0x[0-9a-f]+) - (0x[0-9a-f]+)\] reserved (\d+)KB for (.+?)(?: from)?$")
    both_re = re.compile(r"^\[(0x[0-9a-f]+) - (0x[0-9a-f]+)\] reserved and committed (\d+)KB for (.+?)(?: from)?$")
    committed_re = re.compile(r"^\s+\[(0x[0-9a-f]+) - (0x[0-9a-f]+)\] committed (\d+)KB")
    malloc_re = re.compile(r"^-\s+(.+?) \(reserved=\d+KB, committed=\d+KB\)")
    malloc_line = re.compile(r"^\s+\((?:malloc|arena)=(\d+)KB")
    committed, resident, malloc = {}, {}, {}
    category = None
    pending = None
    in_map = False

    def add(cat, s, e):
        committed[cat] = committed.get(cat, 0) + (e - s)
        resident[cat] = resident.get(cat, 0) + present_pages(pid, s, e) * PAGE

    summary_cat = None
    for line in out.splitlines():
        if line.startswith("Virtual memory map:"):
            in_map = True
            continue
        if not in_map:
            m = malloc_re.match(line)
            if m:
                summary_cat = m.group(1)
                continue
            m = malloc_line.match(line)
            if m and summary_cat:
                malloc[summary_cat] = malloc.get(summary_cat, 0) + int(m.group(1)) * 1024
            continue
        m = both_re.match(line) or reserved_re.match(line)
        if m:
            if pending:
                add(*pending)
            category = m.group(4)
            # Reserved and committed at once (G1's mark stack): counted whole unless committed
            # ranges follow, as they mostly do.
            pending = (category, int(m.group(1), 16), int(m.group(2), 16)) if " and committed " in line else None
            continue
        m = committed_re.match(line)
        if m and category:
            pending = None
            add(category, int(m.group(1), 16), int(m.group(2), 16))
    if pending:
        add(*pending)
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmRSS:"))
    mib = 1024 * 1024
    print(f"{'category':<28} {'mmap committed':>14} {'mmap resident':>14} {'malloc':>8}  (MiB)")
    cats = sorted(set(committed) | set(malloc), key=lambda c: -(resident.get(c, 0) + malloc.get(c, 0)))
    tr = tm = tc = 0
    for c in cats:
        tc += committed.get(c, 0); tr += resident.get(c, 0); tm += malloc.get(c, 0)
        print(f"{c:<28} {committed.get(c, 0) / mib:14.1f} {resident.get(c, 0) / mib:14.1f} {malloc.get(c, 0) / mib:8.1f}")
    print(f"{'total':<28} {tc / mib:14.1f} {tr / mib:14.1f} {tm / mib:8.1f}")
    # Of VmRSS, what mapped files hold (libjvm's text and data, other libraries, jars; the CDS
    # archive is counted above), and the anonymous rest NMT does not account for (glibc
    # arenas' free space, NMT's own headers).
    file_rss = 0
    path = None
    with open(f"/proc/{pid}/smaps") as f:
        for l in f:
            parts = l.split()
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", l):
                path = parts[5] if len(parts) > 5 and parts[5].startswith("/") else None
            elif parts[0] == "Rss:" and path and not path.endswith(".jsa"):
                file_rss += int(parts[1]) * 1024
    other = rss - tr - tm
    print(f"VmRSS {rss / mib:.1f}; not in NMT {other / mib:.1f}: mapped files {file_rss / mib:.1f}, "
          f"anonymous (malloc arenas' free space, NMT headers) {(other - file_rss) / mib:.1f}")


if __name__ == "__main__":
    main()

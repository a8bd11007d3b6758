#!/usr/bin/env python3
"""Cut the test fixtures of tests/data/ from the full CFPB extracts.

    python3 tests/data/cut.py ../shared/data tests/data

Deterministic: the same inputs give the same fixtures. Each fixture keeps
the records' original order and its first records, every "Submitted via"
and "Company response to consumer" value, every product, narratives that
span several lines, and fills up to about 300 records with an even spread
of the rest. In cfpb-sample.csv every fourth record after the first two
has its dates rewritten as M/D/YYYY, as some CFPB exports write them, so
the one file holds both date forms. Lines end with CRLF, as in the
originals.
"""
import csv
import sys

TARGET = 300


def read(path):
    with open(path, newline='', encoding='utf-8') as f:
        r = csv.reader(f)
        header = next(r)
        return header, list(r)


def pick(header, rows, keep_first, quotas, extra=()):
    col = {name: i for i, name in enumerate(header)}
    chosen = set(range(keep_first))
    for name, cap in quotas:
        seen = {}
        for i, row in enumerate(rows):
            v = row[col[name]]
            if seen.get(v, 0) < cap:
                seen[v] = seen.get(v, 0) + 1
                chosen.add(i)
    for test, cap in extra:
        n = 0
        for i, row in enumerate(rows):
            if n < cap and test(row, col):
                n += 1
                chosen.add(i)
    step = max(1, len(rows) // TARGET)
    i = 0
    while len(chosen) < TARGET and i < len(rows):
        chosen.add(i)
        i += step
    return [rows[i] for i in sorted(chosen)]


def mdy(s):
    y, m, d = s.split('-')
    return '%d/%d/%s' % (int(m), int(d), y)


def write(path, header, rows):
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\r\n')
        w.writerow(header)
        w.writerows(rows)


def main(src, dst):
    header, rows = read(src + '/cfpb-sample-2015-2020.csv')
    narr = header.index('Consumer complaint narrative')
    out = pick(header, rows, 2,
               [('Submitted via', 12), ('Company response to consumer', 12),
                ('Product', 4)],
               [(lambda r, c: '\n' in r[narr], 40),
                (lambda r, c: r[narr] and '\n' not in r[narr], 20)])
    for k, row in enumerate(out):
        if k >= 2 and k % 4 == 3:
            for name in ('Date received', 'Date sent to company'):
                i = header.index(name)
                row[i] = mdy(row[i])
    write(dst + '/cfpb-sample.csv', header, out)

    header, rows = read(src + '/cfpb-bofa-2017-2023.csv')
    out = pick(header, rows, 1,
               [('Submitted via', 15), ('Company response to consumer', 15),
                ('Product', 4)])
    write(dst + '/cfpb-bofa.csv', header, out)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])

#!/bin/bash
# search ignores case and accents, and splits words at punctuation, on
# either engine: a word finds its accented and capitalised forms and a
# part of a file name; the snippet shows the text as written.
. "$(dirname "$0")/lib.sh"

complaint log --customer "Zoë Brontë" --channel email --summary "Café au lait spilled" \
    --details "The crème brûlée was cold; see RÉSUMÉ-2026.pdf" >/dev/null
complaint log --customer "Al" --channel phone --summary "Late cafeteria order" >/dev/null

expect 0 "no accent finds the accented word" complaint search cafe --format tsv
out_is 'ref	status	received_at	customer	owner	summary	snippet
CMP-000001	new	2026-11-19T10:00:00Z	Zoë Brontë	alice	Café au lait spilled	[Café] au lait spilled'
expect 0 "capitals and accents in the query" complaint search "CRÈME BRULEE" --format tsv
out_has "CMP-000001"
expect 0 "a phrase across accents" complaint search '"creme brulee"' --format tsv
out_has "CMP-000001"
expect 0 "a prefix without its accent" complaint search "resum*" --format tsv
out_has "CMP-000001"
out_lacks "CMP-000002"
expect 0 "part of a file name" complaint search 2026 --format tsv
out_has "CMP-000001"
expect 0 "a whole word, not a part" complaint search caf --format tsv
assert "nothing printed" [ ! -s "$T/out" ]

search_index_ok
done_testing

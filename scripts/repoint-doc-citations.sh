#!/usr/bin/env bash
# Re-points every citation of a document that lives outside the repo (the design, the Okta fact sheet, the product
# catalogue, the peer research) to the repo's own docs/, where that content now is, in our words:
#
#   API-FACTS §n.m, API-FACTS.md §n.m, okta/API-FACTS.md   → docs/okta.md §n.m (same section numbers)
#   DESIGN.md, "<section>"                                 → docs/architecture.md, "<section>" (same section names;
#                                                            "Layout" is "The layer map" there)
#   CATALOG.md, (CATALOG, "Connections"), the CATALOG key  → docs/catalog.md
#   research/PEERS.md §n, PEERS.md                         → docs/peers.md §n
#   STYLE.md, ADAPTERS.md                                  → docs/architecture.md
#
# Idempotent: what it writes matches none of its patterns, so a second run changes nothing. It rewrites tracked text
# files only (git ls-files), never node_modules, lib/data or this script, and leaves scripts/derive-okta-data.ts and
# scripts/derive-operation-index.ts alone: they name ../shared/okta as their input folder (a path they read, not a
# citation; their headers give the public source of each file).
# The generated manifest carries two schema descriptions with a citation; they are rewritten in place here exactly as
# in their source, so `npm run manifest:check` stays green.
#
# Usage: bash scripts/repoint-doc-citations.sh [--check]
#   --check: rewrite nothing; list the citations left and exit 1 if there are any.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

# Tracked text files that may cite, minus those that must keep their text.
files() {
  git ls-files -z -- . ':!:node_modules' ':!:lib/data' ':!:package-lock.json' ':!:bench-results.json' \
    ':!:scripts/repoint-doc-citations.sh' ':!:scripts/derive-okta-data.ts' ':!:scripts/derive-operation-index.ts' |
    xargs -0 grep -lIZE 'API-FACTS|DESIGN\.md|CATALOG\.md|CATALOG, "|the CATALOG key|PEERS\.md|STYLE(-ANCHORS)?\.md|ADAPTERS\.md' --
}

# A citation of a file outside the repo, as the check counts them.
LEFT='API-FACTS|DESIGN\.md|CATALOG\.md|\(CATALOG, "|the CATALOG key|PEERS\.md|STYLE(-ANCHORS)?\.md|ADAPTERS\.md|\.\./shared/(okta|research|[A-Z-]+\.md)'

if [[ "${1:-}" == "--check" ]]; then
  status=0
  if git ls-files -z -- . ':!:scripts/repoint-doc-citations.sh' ':!:scripts/derive-okta-data.ts' ':!:scripts/derive-operation-index.ts' |
    xargs -0 grep -nIE "$LEFT" --; then
    status=1
  else
    echo "no citation of a file outside the repo"
  fi
  # Every section cited must exist: an anchor of docs/okta.md, a heading of docs/architecture.md.
  while read -r n; do
    grep -q "id=\"s$n\"" docs/okta.md || { echo "docs/okta.md has no §$n"; status=1; }
  done < <(git grep -hoP 'docs/okta\.md[^)\n]*' -- ':!:scripts/repoint-doc-citations.sh' | grep -oP '§ ?\K[0-9]+(\.[0-9]+)*' | sort -u)
  while read -r name; do
    grep -E '^#+ ' docs/architecture.md | grep -qF -- "$name" || { echo "docs/architecture.md has no \"$name\""; status=1; }
  done < <(git grep -hoP 'docs/architecture\.md, "\K[^"]+' -- ':!:scripts/repoint-doc-citations.sh' | sort -u)
  exit "$status"
fi

changed=$(mktemp)
trap 'rm -f "$changed"' EXIT
files >"$changed" || true
xargs -0 -r perl -0pi -e '
  s{(?:\.\./)*(?:shared/)?okta/API-FACTS\.md}{docs/okta.md}g;
  s{\bAPI-FACTS(?:\.md)?}{docs/okta.md}g;
  s{(?:\.\./)*(?:shared/)?(?:research/)?PEERS\.md}{docs/peers.md}g;
  s{(?:\.\./)*(?:shared/)?CATALOG\.md}{docs/catalog.md}g;
  s{\(CATALOG, "}{(docs/catalog.md, "}g;
  s{equal to the CATALOG key}{equal to its key in docs/catalog.md}g;
  s{DESIGN\.md, "Layout"}{docs/architecture.md, "The layer map"}g;
  s{DESIGN\.md, "Adapters[^"]*"}{docs/architecture.md, "Adapters"}g;
  s{(?:\.\./)*(?:shared/)?(?:research/)?(?:DESIGN|STYLE|STYLE-ANCHORS|ADAPTERS)\.md}{docs/architecture.md}g;
' <"$changed"

# A longer name can widen a Markdown table or push a string past the line width: let Biome lay them out again.
xargs -0 -r npx biome format --write --files-ignore-unknown=true --no-errors-on-unmatched <"$changed" >/dev/null 2>&1

echo "re-pointed; left (should be none):"
"$0" --check

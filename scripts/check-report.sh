#!/usr/bin/env bash
# Opens an experiment's report.html in headless Chromium and checks that it renders: every
# image decodes (naturalWidth > 0), the page shows as many pictures as the experiment wrote
# PNG files, and each summary table has the expected number of run rows.
#
# Usage: scripts/check-report.sh EXPERIMENT_DIR EXPECTED_RUNS_PER_PROTOCOL [SCREENSHOT.png]
#
# The report is loaded by a small checker page (written next to it, removed afterwards) in an
# iframe; `--allow-file-access-from-files` lets the checker read the report's DOM. Chromium is
# the Debian package (installed by `make demo` through scripts/deps.sh). Exit 0 when the report
# renders as expected, 1 with the reason otherwise, 2 on a usage error.
set -euo pipefail

if (( $# < 2 )); then
    echo "usage: $0 EXPERIMENT_DIR EXPECTED_RUNS_PER_PROTOCOL [SCREENSHOT.png]" >&2
    exit 2
fi
dir=$(cd "$1" && pwd)
expected_rows=$2
screenshot=${3:-}
report="$dir/report.html"
[[ -f "$report" ]] || { echo "check-report: no report at $report" >&2; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$browser" ]] || { echo "check-report: chromium not found (scripts/deps.sh chromium installs it)" >&2; exit 1; }

pngs=$(find "$dir/runs" -name '*.png' | wc -l)
checker="$dir/.check-report.html"
profile=$(mktemp -d)
trap 'rm -rf "$checker" "$profile"' EXIT

cat >"$checker" <<'HTML'
<!doctype html><html><body><pre id="result">pending</pre>
<iframe id="report" src="report.html" style="width:1280px;height:800px"></iframe>
<script>
document.getElementById('report').addEventListener('load', function () {
  var out = {};
  try {
    var doc = this.contentDocument;
    var images = Array.prototype.slice.call(doc.images);
    out.images = images.length;
    out.broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                       .map(function (i) { return i.alt; });
    out.tables = {};
    Array.prototype.forEach.call(doc.querySelectorAll('table[id^="summary-"]'), function (t) {
      out.tables[t.id] = t.querySelectorAll('tr.run').length;
    });
    out.title = doc.title;
  } catch (e) { out.error = String(e); }
  document.getElementById('result').textContent = 'RESULT ' + JSON.stringify(out);
});
</script></body></html>
HTML

flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
       --user-data-dir="$profile" --allow-file-access-from-files --virtual-time-budget=15000)
dom=$(timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$checker" 2>/dev/null) || {
    echo "check-report: chromium failed to load $checker" >&2; exit 1; }
result=$(grep -o 'RESULT {.*}' <<<"$dom" | head -n 1 | sed 's/^RESULT //; s/&quot;/"/g; s/&amp;/\&/g')
[[ -n "$result" ]] || { echo "check-report: the checker page produced no result" >&2; exit 1; }

# The verdict, from the JSON the page wrote (python-free: the fields are simple).
field() { grep -o "\"$1\":[^,}]*" <<<"$result" | head -n 1 | cut -d: -f2; }
images=$(field images)
broken=$(grep -o '"broken":\[[^]]*\]' <<<"$result" | sed 's/"broken"://')
failures=()
[[ "$result" != *'"error"'* ]] || failures+=("checker error: $result")
[[ "$broken" == "[]" ]] || failures+=("images that did not load: $broken")
[[ "${images:-0}" == "$pngs" ]] || failures+=("report shows ${images:-0} images, the experiment wrote $pngs PNG files")
tables=$(grep -o '"summary-[a-z]*":[0-9]*' <<<"$result" || true)
[[ -n "$tables" ]] || failures+=("no summary table in the report")
while read -r entry; do
    [[ -z "$entry" ]] && continue
    name=${entry%%:*}; rows=${entry##*:}
    [[ "$rows" == "$expected_rows" ]] || failures+=("table ${name//\"/} has $rows run rows, expected $expected_rows")
done <<<"$tables"

if (( ${#failures[@]} )); then
    printf 'check-report: FAILED — %s\n' "${failures[@]}" >&2
    exit 1
fi
echo "check-report: report.html renders in headless Chromium: $images/$pngs images loaded;" \
     "summary tables $(tr '\n' ' ' <<<"${tables//\"/}")(expected $expected_rows rows each)"

if [[ -n "$screenshot" ]]; then
    "$(dirname "${BASH_SOURCE[0]}")/screenshot.sh" "file://$report" "$screenshot" 1280,2000 \
        && echo "check-report: screenshot $screenshot"
fi

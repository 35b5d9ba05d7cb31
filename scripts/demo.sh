#!/usr/bin/env bash
# The demo: the main job on the bundled real CICIoT2023 sample and real captures.
# Usage: scripts/demo.sh BIN OUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. ingest the bundled real CICIoT2023 rows (data/ciciot2023/) into a column store"
"$bin" ingest data/ciciot2023 --out "$out/sample.iotc"

step "2. inspect the store"
"$bin" inspect "$out/sample.iotc" | sed -n '1,25p'  # sed reads all input: no SIGPIPE under pipefail

step "3. the study: 3 tasks × 6 models, honest protocol vs the reference study's leaky one"
echo "(demo-sized: balanced to 2,000 rows per class, 50 trees/rounds, 5 DNN epochs; interrupted runs resume)"
"$bin" experiment --data "$out/sample.iotc" --out "$out/experiment" --protocol both \
    --balance 2000 --estimators 50 --epochs 5
echo
sed -n '/## What the leaky protocol inflates/,$p' "$out/experiment/summary.md"

step "3b. open report.html in headless Chromium: every picture loads, both summary tables complete"
# 3 tasks × 6 models per protocol, as the experiment above runs them.
scripts/check-report.sh "$out/experiment" 18 "$out/report.png"

step "4. train the sensor's model: random forest, 8 families, honest split (test metrics stored in the model)"
"$bin" train --data "$out/sample.iotc" --task family --model rf --balance 5000 --out "$out/family-rf.iotm" | sed -n '1,6p'

step "5. replay real captures through the sensor (host windows of 10 packets)"
rm -f "$out/alerts.jsonl" "$out/alerts.sqlite"*
for capture in testbed_bruteforce_ref03 testbed_dos_flood_ref04 sv_dhcp-request-flood sv_telnet testbed_benign_ref04; do
    echo "-- $capture"
    "$bin" detect --model "$out/family-rf.iotm" --pcap "data/pcap/$capture.pcap" \
        --alerts "$out/alerts.jsonl" --db "$out/alerts.sqlite" | sed -n '3,9p'
done

step "6. the first alerts (Suricata EVE JSON lines)"
head -n 3 "$out/alerts.jsonl" | cut -c1-400

step "7. the detection service: replays a capture through its own sensor, takes flow records over HTTP"
rm -f "$out/service.sqlite"*
"$bin" serve --no-auth --port 0 --db "$out/service.sqlite" --model "$out/family-rf.iotm" \
    --pcap data/pcap/sv_dhcp-request-flood.pcap --pcap data/pcap/testbed_bruteforce_ref03.pcap >"$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 100); do
    url=$(grep -o 'http://[0-9.]*:[0-9]*' "$out/serve.log" | head -n 1 || true)
    [[ -n "$url" ]] && break
    sleep 0.1
done
[[ -n "$url" ]] || { echo "serve did not start:"; cat "$out/serve.log"; exit 1; }
sed -n 1p "$out/serve.log"
# Real DDoS rows from the bundled sample, sent as a remote collector would (CSV body).
{ head -n 1 data/ciciot2023/cic-v2-robotumbel-sample.csv | sed 's/$/,src_ip,dest_ip,sensor/'
  grep -m 30 ',DDoS-SYN_Flood$' data/ciciot2023/cic-v2-robotumbel-sample.csv | sed 's/$/,192.168.1.66,192.168.1.5,collector-1/'
} >"$out/flows.csv"
curl -sS -H 'Content-Type: text/csv' --data-binary @"$out/flows.csv" "$url/v1/flows" | cut -c1-160; echo
sleep 2  # the replays finish; the dashboard polls every 5 s
curl -sS "$url/v1/stats" | cut -c1-300; echo
scripts/screenshot.sh "$url/" "$out/dashboard.png" && echo "dashboard screenshot: $out/dashboard.png"
kill $server; wait $server 2>/dev/null || true
trap - EXIT

cat <<DONE

Demo outputs in $out/:
  report      $out/experiment/report.html   (open in a browser; no network needed)
              $out/report.png               (its first screen, rendered by headless Chromium)
  summary     $out/experiment/summary.md
  model       $out/family-rf.iotm
  alerts      $out/alerts.jsonl  and  $out/alerts.sqlite
  dashboard   $out/dashboard.png  (iotshield serve; see README "Detection service")
DONE

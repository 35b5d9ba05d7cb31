#!/usr/bin/env bash
# Replays every bundled capture through `iotshield detect` and prints a Markdown table:
# capture, packets, windows, incidents and alerting windows per family.
# Usage: scripts/detection-table.sh BIN MODEL [MODE] [WINDOW]
set -euo pipefail
bin=$1; model=$2; mode=${3:-host}; window=${4:-10}
echo "| capture | ground truth | packets | windows | alerting windows by family | incidents |"
echo "|---|---|---:|---:|---|---:|"
truth() {
    case $1 in
        testbed_bruteforce_ref03) echo "brute force (HTTP login)";;
        testbed_dos_flood_ref04) echo "HTTP request flood (DoS)";;
        testbed_slow_dos_ref01) echo "slow-rate DoS";;
        testbed_mqtt_abuse_ref02) echo "MQTT PUBLISH flood";;
        testbed_c2_ref01) echo "C2 beaconing";;
        sv_dhcp-request-flood) echo "DHCP request flood";;
        anc15791_mirai) echo "Mirai loader (wget of binaries)";;
        sv_icmpv4-ping) echo "ICMP echo (benign)";;
        sv_mqtt-limit-2|sv_mqtt5_pub_jpeg) echo "MQTT over IPv6 only (no rows)";;
        *) echo "benign";;
    esac
}
for pcap in data/pcap/*.pcap; do
    name=$(basename "$pcap" .pcap)
    json=$("$bin" detect --model "$model" --pcap "$pcap" --mode "$mode" --window "$window" --json)
    python3 - "$name" "$(truth "$name")" "$json" <<'PY'
import json, sys
name, truth, s = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
fam = s.get("window_alerts_per_family", {})
alerts = ", ".join(f"{k} {v}" for k, v in sorted(fam.items(), key=lambda kv: -kv[1])) or "none"
print(f"| {name} | {truth} | {s['capture']['frames']} | {s['windows_scored']} | {alerts} | {s['incidents']} |")
PY
done

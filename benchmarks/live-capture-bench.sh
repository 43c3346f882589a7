#!/usr/bin/env bash
# Live capture benchmark: the highest replay rate each capture engine takes without a kernel drop.
#
#   sudo benchmarks/live-capture-bench.sh                      # defaults below
#   sudo benchmarks/live-capture-bench.sh --rates "100000 200000 400000" --seconds 5 --consumers "afpacket tcpdump"
#
# It generates a mixed SIP + RTP capture with the project's generator (benchmarks/generate), makes two network
# namespaces joined by a veth pair, and for each rate (ascending) replays the capture from one side with
# tcpreplay --pps while one consumer captures on the other side:
#   afpacket  the agent, AF_PACKET TPACKET_V3 ring engine   (./sipsensor -i ... --capture-engine afpacket)
#   pcap      the agent, libpcap engine                     (./sipsensor -i ... --capture-engine pcap)
#   tcpdump   tcpdump -w /dev/null (libpcap, no decoding: the reference)
# Each consumer gets the same kernel buffer (--ringbuffer MB). A rate of "top" replays with --topspeed. The agent is warmed up with one replay before the
# measured one; its drops are the kernel's count (kernel_drops in 'sipsensor status') over the measured replay.
# tcpdump's are the "dropped by kernel" it prints. The report gives, per consumer, the highest rate with zero drops,
# and for every run the consumer's CPU time (user + system, from /proc) per packet offered.
# Needs root, iproute2, tcpreplay, tcpdump, a JDK 25. Everything it creates is removed on exit.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

calls=3000
call_rate=300
rtp=100
rates="50000 100000 200000 300000 400000 600000 800000"
seconds=4
consumers="afpacket pcap tcpdump"
ringbuffer_mb=50
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --calls) calls="$2"; shift 2 ;;
        --call-rate) call_rate="$2"; shift 2 ;;
        --rtp) rtp="$2"; shift 2 ;;
        --rates) rates="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --consumers) consumers="$2"; shift 2 ;;
        --ringbuffer) ringbuffer_mb="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "live-capture-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

[ "$(id -u)" -eq 0 ] || { echo "live-capture-bench: needs root (network namespaces, AF_PACKET)" >&2; exit 2; }
for tool in ip tcpreplay tcpdump; do
    command -v "$tool" >/dev/null || { echo "live-capture-bench: needs $tool (Debian: iproute2 tcpreplay tcpdump)" >&2; exit 2; }
done

work="$(mktemp -d /tmp/sipsensor-bench.XXXXXX)"
tag="$$"
ns_send="slb${tag}s"
ns_capture="slb${tag}c"
veth_send="lb${tag}s"
veth_capture="lb${tag}c"
consumer_pid=""

cleanup() {
    [ -n "$consumer_pid" ] && kill -KILL "$consumer_pid" 2>/dev/null || true
    ip netns del "$ns_send" 2>/dev/null || true
    ip netns del "$ns_capture" 2>/dev/null || true
    if [ -z "$keep" ]; then rm -rf "$work"; else echo "live-capture-bench: kept $work" >&2; fi
}
trap cleanup EXIT

log() { echo "live-capture-bench: $*" >&2; }

# 1. The capture to replay, and the agent, built once.
capture="$work/mixed.pcap"
log "generating $calls calls at $call_rate/s with $rtp RTP packets per answered call..."
"$root/benchmarks/generate" --calls "$calls" --rate "$call_rate" --rtp "$rtp" --hold-mean 8 --out "$capture" >/dev/null
frames="$(tcpdump -r "$capture" -n -q 2>/dev/null | wc -l)"
bytes="$(stat -c %s "$capture")"
log "capture: $frames frames, $bytes bytes"
"$root/sipsensor" --version >/dev/null

# 2. Two namespaces joined by a veth pair.
ip netns add "$ns_send"
ip netns add "$ns_capture"
ip link add "$veth_send" type veth peer name "$veth_capture"
ip link set "$veth_send" netns "$ns_send"
ip link set "$veth_capture" netns "$ns_capture"
ip -n "$ns_send" link set "$veth_send" up
ip -n "$ns_capture" link set "$veth_capture" up
ip -n "$ns_capture" link set lo up

replay() { # rate|top loops [extra tcpreplay options] -> prints the achieved pps
    local out rate="$1" loops="$2" speed
    shift 2
    if [ "$rate" = top ]; then speed="--topspeed"; else speed="--pps=$rate"; fi
    out="$(ip netns exec "$ns_send" tcpreplay -i "$veth_send" "$speed" --loop="$loops" "$@" "$capture" 2>&1)"
    sed -n 's/.*Rated: .*, \([0-9.]*\) pps.*/\1/p' <<<"$out" | head -1 | cut -d. -f1
}

cpu_ticks() { # pid -> user + system CPU time in clock ticks
    awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}
hz="$(getconf CLK_TCK)"

cpu_per_packet() { # ticks packets -> microseconds of consumer CPU per packet
    awk -v t="$1" -v p="$2" -v hz="$hz" 'BEGIN { if (p > 0) printf "%.2f", t * 1000000 / hz / p; else print "?" }'
}

counter() { # spool key -> value from 'sipsensor status --json' (the agent's counters file)
    local value
    value="$(SIPSENSOR_NO_BUILD=1 "$root/sipsensor" status --spool "$1" --json 2>>"$work/status.err" |
        sed -n "s/.*\"$2\": \([0-9]*\).*/\1/p" | head -1)"
    if [ -z "$value" ]; then
        log "cannot read $2 from $1 (see $work/status.err; were the sources changed during the run?)"
        echo 0
        return
    fi
    echo "$value"
}

run_agent() { # engine rate loops -> "achieved drops offered"
    local engine="$1" rate="$2" loops="$3" spool="$work/spool-$1-$2" before after achieved offered cpu
    echo "ringbuffer = $ringbuffer_mb" >"$work/bench.conf"
    SIPSENSOR_NO_BUILD=1 ip netns exec "$ns_capture" "$root/sipsensor" -i "$veth_capture" --spool "$spool" \
        --capture-engine "$engine" --config-file "$work/bench.conf" >"$work/agent-$engine-$rate.log" 2>&1 &
    consumer_pid=$!
    for _ in $(seq 1 300); do
        SIPSENSOR_NO_BUILD=1 "$root/sipsensor" status --spool "$spool" >/dev/null 2>&1 && break
        sleep 0.1
    done
    replay 50000 1 --limit=100000 >/dev/null   # warm-up: let the JIT compile the packet path
    sleep 1
    before="$(counter "$spool" kernel_drops)"
    offered="$(counter "$spool" kernel_packets)"
    cpu="$(cpu_ticks "$consumer_pid")"
    achieved="$(replay "$rate" "$loops")"
    sleep 1
    cpu=$(( $(cpu_ticks "$consumer_pid") - cpu ))
    after="$(counter "$spool" kernel_drops)"
    offered=$(( $(counter "$spool" kernel_packets) - offered ))
    kill -TERM "$consumer_pid"; wait "$consumer_pid" || true; consumer_pid=""
    echo "$achieved $(( after - before )) $offered $(cpu_per_packet "$cpu" "$offered")"
}

run_tcpdump() { # rate loops -> "achieved drops offered"
    local rate="$1" loops="$2" err="$work/tcpdump-$1.err" achieved drops received cpu
    ip netns exec "$ns_capture" tcpdump -i "$veth_capture" -n -s 0 -B $(( ringbuffer_mb * 1024 )) -w /dev/null \
        2>"$err" &
    consumer_pid=$!
    for _ in $(seq 1 100); do grep -q "listening on" "$err" 2>/dev/null && break; sleep 0.05; done
    cpu="$(cpu_ticks "$consumer_pid")"
    achieved="$(replay "$rate" "$loops")"
    sleep 1
    cpu=$(( $(cpu_ticks "$consumer_pid") - cpu ))
    kill -INT "$consumer_pid"; wait "$consumer_pid" || true; consumer_pid=""
    drops="$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$err")"
    received="$(sed -n 's/^\([0-9]*\) packets received by filter.*/\1/p' "$err")"
    echo "$achieved ${drops:-?} ${received:-?} $(cpu_per_packet "$cpu" "${received:-0}")"
}

# 3. Ascending rates; a consumer that dropped at one rate is not tried at higher ones.
results="$work/results.txt"
: >"$results"
declare -A best failed
for consumer in $consumers; do best[$consumer]="none"; failed[$consumer]=""; done
printf '%-9s %10s %12s %10s %12s %12s\n' consumer "target pps" "achieved pps" drops "offered" "CPU us/pkt" |
    tee -a "$results"
for rate in $rates; do
    if [ "$rate" = top ]; then pps=1000000; else pps="$rate"; fi
    loops=$(( (pps * seconds + frames - 1) / frames ))
    for consumer in $consumers; do
        [ -n "${failed[$consumer]}" ] && continue
        case "$consumer" in
            afpacket|pcap) read -r achieved drops offered cpu < <(run_agent "$consumer" "$rate" "$loops") ;;
            tcpdump) read -r achieved drops offered cpu < <(run_tcpdump "$rate" "$loops") ;;
            *) log "unknown consumer $consumer"; exit 2 ;;
        esac
        printf '%-9s %10s %12s %10s %12s %12s\n' "$consumer" "$rate" "${achieved:-?}" "$drops" "$offered" "$cpu" |
            tee -a "$results"
        if [ "$drops" = "0" ]; then best[$consumer]="$rate (achieved ${achieved:-?} pps)"; else failed[$consumer]=1; fi
    done
done

echo
echo "highest replay rate with zero kernel drops ($frames-frame SIP+RTP capture, ${ringbuffer_mb} MB buffer, $(nproc) cores):"
for consumer in $consumers; do
    printf '  %-9s %s\n' "$consumer" "${best[$consumer]}"
done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The ippp benchmark, run inside the test VM by "make bench".
#
# Usage: bench.sh OUTPUT [PHASE...]
#
# Writes one JSON object per line to OUTPUT, the VM's second serial port,
# which run.sh saves on the host. tools/vmtest/bench/report.py turns the
# samples into BENCHMARKS.md and BENCHMARKS.json. PHASE is any of
# datapath, filter, control and memory; the default is all four.
#
# Every case is measured several times and the repetitions are
# interleaved, so that drift in the host's load spreads over all cases
# instead of biasing the last ones.

BENCH=$(cd "$(dirname "$0")" && pwd)
PATH=$BENCH:$PATH
OUT=${1:?usage: bench.sh OUTPUT [PHASE...]}
shift
PHASES=${*:-datapath filter control memory}

# Data path: milliseconds per run, repetitions, UDP payload sizes, sender
# CPU. Short runs and many repetitions, because the host's load changes
# over seconds and only runs close in time compare well.
DP_MS=1000
DP_REPS=9
DP_PAYLOADS="64 1400"
DP_CPU=1
DP_PORT=9
# Filter cost: milliseconds per run and repetitions.
FC_MS=300
FC_REPS=5
# Control plane: unit counts and repetitions of each timed command.
CP_SIZES="1 100 1000 10000"
CP_REPS=3
DUMP_REPS=5
# Memory: ippp units, and veth pairs for the same number of devices.
MEM_UNITS=10000

# The pppd-style filters of the "realistic" cases.
PASS_EXPR='not (tcp port 137 or udp port 137 or tcp port 138 or udp port 138 or tcp port 139 or udp port 139)'
ACTIVE_EXPR='outbound and not (icmp or udp port 123 or udp port 53)'
PASS="expr:$PASS_EXPR"
ACTIVE="expr:$ACTIVE_EXPR"

NS_A=bench-a
NS_B=bench-b
NS_CTL=bench-ctl
NS_MEM=bench-mem

log()
{
	printf 'bench: [%ss] %s\n' "$(cut -d' ' -f1 /proc/uptime)" "$*"
}

# Append one JSON object, given as jq arguments and a filter, to OUTPUT.
# OUTPUT is a terminal, so -M keeps jq from colouring it.
emit()
{
	jq -ncM "$@" >> "$OUT"
}

fail()
{
	log "error: $*"
	emit --arg msg "$*" '{kind: "error", message: $msg}'
	exit 1
}

set_jit()
{
	sysctl -qw net.core.bpf_jit_enable="$1" || fail "cannot set net.core.bpf_jit_enable=$1"
}

# Print a field of "key=value ..." output: $1 key, $2 the output.
field()
{
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# --- data path -------------------------------------------------------------

dp_setup()
{
	ip netns add "$NS_A" && ip netns add "$NS_B" || return 1
	ip -n "$NS_A" link set lo up && ip -n "$NS_B" link set lo up || return 1

	ip link add va netns "$NS_A" type veth peer name vb netns "$NS_B" &&
	ip -n "$NS_A" addr add 10.201.0.1/24 dev va &&
	ip -n "$NS_B" addr add 10.201.0.2/24 dev vb &&
	ip -n "$NS_A" link set va up && ip -n "$NS_B" link set vb up || return 1

	ip link add pa type ippp && ip link add pb type ippp &&
	nl_bench wire pa pb &&
	ip link set pa netns "$NS_A" && ip link set pb netns "$NS_B" &&
	ip -n "$NS_A" addr add 10.202.0.1 peer 10.202.0.2 dev pa &&
	ip -n "$NS_B" addr add 10.202.0.2 peer 10.202.0.1 dev pb &&
	ip -n "$NS_A" link set pa up && ip -n "$NS_B" link set pb up &&
	ip netns exec "$NS_A" nl_bench dial pa || return 1

	ip netns exec "$NS_B" udp_flood sink "$DP_PORT" > /tmp/bench-sink &
	sink_pid=$!
	sleep 0.5
	grep -q ready /tmp/bench-sink || return 1

	log "veth: $(ip -n "$NS_A" -o link show va | sed 's/\\//')"
	log "ippp: $(ip -n "$NS_A" -o link show pa | sed 's/\\//')"
}

dp_teardown()
{
	kill "$sink_pid" 2>/dev/null
	wait "$sink_pid" 2>/dev/null
	ip netns del "$NS_A"
	ip netns del "$NS_B"
}

# Set the filters of case $1 on both ends of the line, or only on the
# sending unit pa for realistic-tx. Whether a program is JIT-compiled
# depends on the JIT setting when it is created.
dp_filters()
{
	local unit ns

	for unit in pa pb; do
		ns=$NS_A
		[ "$unit" = pb ] && ns=$NS_B
		case "$1" in
		veth | line) ip netns exec "$ns" nl_bench clear "$unit" ;;
		realistic-tx*) if [ "$unit" = pa ]; then
				ip netns exec "$ns" nl_bench set -p "$PASS" -a "$ACTIVE" "$unit" >/dev/null
			else
				ip netns exec "$ns" nl_bench clear "$unit"
			fi ;;
		realistic*) ip netns exec "$ns" nl_bench set -p "$PASS" -a "$ACTIVE" "$unit" >/dev/null ;;
		one*) ip netns exec "$ns" nl_bench set -p one -a one "$unit" >/dev/null ;;
		worst*) ip netns exec "$ns" nl_bench clear "$unit" &&
			ip netns exec "$ns" nl_bench set -p worst "$unit" >/dev/null ;;
		esac || fail "setting the filters of case $1 on $unit failed"
	done
}

rx_packets()
{
	ip netns exec "$NS_B" cat "/sys/class/net/$1/statistics/rx_packets"
}

# Run case $1 (veth, line, one-jit, realistic-tx-jit, realistic-jit,
# realistic-nojit, worst-jit, worst-nojit) with payload $2 for $3
# milliseconds; emit it as repetition $4 unless $4 is "warmup".
dp_run()
{
	local name=$1 payload=$2 ms=$3 rep=$4 jit=1 dev=pb addr=10.202.0.2
	local before after out

	case "$name" in
	veth) dev=vb addr=10.201.0.2 ;;
	*-nojit) jit=0 ;;
	esac
	set_jit "$jit"
	dp_filters "$name"

	before=$(rx_packets "$dev")
	out=$(ip netns exec "$NS_A" udp_flood send -c "$DP_CPU" -t "$ms" \
		-s "$payload" "$addr" "$DP_PORT") || fail "udp_flood for case $name failed"
	after=$(rx_packets "$dev")
	[ "$rep" = warmup ] && return 0

	emit --arg case "$name" --argjson payload "$payload" --argjson jit "$jit" \
		--argjson rep "$rep" --argjson sent "$(field sent "$out")" \
		--argjson received "$((after - before))" --argjson ns "$(field ns "$out")" \
		'{kind: "datapath", case: $case, payload: $payload, jit: $jit,
		  rep: $rep, sent: $sent, received: $received, ns: $ns}'
}

phase_datapath()
{
	local cases="veth line one-jit realistic-tx-jit realistic-jit realistic-nojit worst-jit worst-nojit"
	local rep payload name order

	log "data path: ${DP_REPS} x ${DP_MS} ms per case, sender on CPU $DP_CPU"
	dp_setup || fail "data path set-up failed"
	emit --arg pass "$PASS_EXPR" --arg active "$ACTIVE_EXPR" \
		--argjson pass_len "$(nl_bench len "$PASS")" \
		--argjson active_len "$(nl_bench len "$ACTIVE")" \
		--argjson worst_len "$(nl_bench len worst)" \
		--argjson ms "$DP_MS" --argjson reps "$DP_REPS" --argjson cpu "$DP_CPU" \
		'{kind: "programs", pass: $pass, active: $active,
		  pass_len: $pass_len, active_len: $active_len,
		  worst_len: $worst_len, dp_ms: $ms, dp_reps: $reps, dp_cpu: $cpu}'

	for name in $cases; do
		dp_run "$name" 64 500 warmup
	done
	# Every other repetition runs the cases in reverse, so that a steady
	# drift in host load favours no case.
	for rep in $(seq 1 "$DP_REPS"); do
		order=$cases
		if [ $((rep % 2)) -eq 0 ]; then
			order=$(echo "$cases" | tr ' ' '\n' | tac | tr '\n' ' ')
		fi
		for payload in $DP_PAYLOADS; do
			for name in $order; do
				dp_run "$name" "$payload" "$DP_MS" "$rep"
			done
		done
		log "data path: repetition $rep of $DP_REPS done"
	done
	set_jit 1
	dp_teardown
}

# --- filter cost -----------------------------------------------------------

FILTER_RUN=/sys/kernel/debug/ippp/filter_run

# Install program set $1 on unit cost0: none, one, pass, active, pair or
# worst. Single programs go into the pass slot, so each runs alone.
fc_filters()
{
	nl_bench clear cost0 || return 1
	case "$1" in
	none) ;;
	one) nl_bench set -p one cost0 ;;
	pass) nl_bench set -p "$PASS" cost0 ;;
	active) nl_bench set -p "$ACTIVE" cost0 ;;
	pair) nl_bench set -p "$PASS" -a "$ACTIVE" cost0 ;;
	worst) nl_bench set -p worst cost0 ;;
	esac >/dev/null
}

phase_filter()
{
	local progs="none one pass active pair worst" rep jit prog out

	log "filter cost: ${FC_REPS} x ${FC_MS} ms per program"
	[ -w "$FILTER_RUN" ] || fail "$FILTER_RUN missing; the module was not built with IPPP_BENCH=1"
	ip link add cost0 type ippp || fail "cannot create unit cost0"

	for rep in $(seq 1 "$FC_REPS"); do
		for jit in 1 0; do
			set_jit "$jit"
			for prog in $progs; do
				fc_filters "$prog" || fail "setting program $prog failed"
				echo "cost0 $FC_MS 64" > "$FILTER_RUN" ||
					fail "timing program $prog failed"
				out=$(cat "$FILTER_RUN")
				emit --arg prog "$prog" --argjson jit "$jit" \
					--argjson rep "$rep" \
					--argjson runs "$(field runs "$out")" \
					--argjson total_ns "$(field total_ns "$out")" \
					--arg verdict "$(field verdict "$out")" \
					'{kind: "filter", prog: $prog, jit: $jit, rep: $rep,
					  runs: $runs, total_ns: $total_ns, verdict: $verdict}'
			done
		done
	done
	set_jit 1
	ip link del cost0
}

# --- control plane ---------------------------------------------------------

# Create units c<first> to c<last> in NS_CTL with one ip -batch process;
# print the nanoseconds it took.
cp_create()
{
	local first=$1 last=$2 batch=/tmp/bench-create i start

	for ((i = first; i <= last; i++)); do
		echo "link add c$i type ippp"
	done > "$batch"
	start=${EPOCHREALTIME/./}
	ip -n "$NS_CTL" -batch "$batch" || return 1
	echo $(( (${EPOCHREALTIME/./} - start) * 1000 ))
}

# Time command "$@" with its output discarded; print nanoseconds.
time_cmd()
{
	local start

	start=${EPOCHREALTIME/./}
	"$@" > /dev/null || return 1
	echo $(( (${EPOCHREALTIME/./} - start) * 1000 ))
}

cp_emit()
{
	emit --arg op "$1" --argjson units "$2" --argjson rep "$3" \
		--argjson ns "$4" --argjson count "${5:-null}" \
		--argjson bytes "${6:-null}" \
		'{kind: "control", op: $op, units: $units, rep: $rep, ns: $ns,
		  count: $count, bytes: $bytes}'
}

phase_control()
{
	local size have=0 rep ns out dev_unit ipppctl_ok=0

	log "control plane: sizes $CP_SIZES"
	ip netns add "$NS_CTL" || fail "cannot create namespace $NS_CTL"
	set_jit 1
	if command -v ipppctl >/dev/null && ipppctl help >/dev/null 2>&1; then
		ipppctl_ok=1
	fi
	for size in $CP_SIZES; do
		ns=$(cp_create "$have" $((size - 1))) || fail "creating units up to $size failed"
		cp_emit create "$size" 1 "$ns" "$((size - have))"
		have=$size
		for rep in $(seq 1 "$CP_REPS"); do
			out=$(ip netns exec "$NS_CTL" nl_bench set -p "$PASS" -a "$ACTIVE" -n "$size" c) ||
				fail "filter set on $size units failed"
			cp_emit set "$size" "$rep" "$(field ns "$out")"
		done
		dev_unit=$(ip netns exec "$NS_CTL" nl_bench ioctl-set -p one -n 1 c 2>/dev/null)
		if [ -n "$dev_unit" ]; then
			for rep in $(seq 1 "$CP_REPS"); do
				out=$(ip netns exec "$NS_CTL" nl_bench ioctl-set -p "$PASS" -a "$ACTIVE" -n "$size" c) ||
					fail "ioctl filter set on $size units failed"
				cp_emit ioctl-set "$size" "$rep" "$(field ns "$out")"
			done
		fi
		for rep in $(seq 1 "$DUMP_REPS"); do
			out=$(ip netns exec "$NS_CTL" nl_bench dump) || fail "filter dump failed"
			cp_emit dump "$size" "$rep" "$(field ns "$out")" \
				"$(field units "$out")" "$(field bytes "$out")"
			out=$(ip netns exec "$NS_CTL" nl_bench linkdump) || fail "link dump failed"
			cp_emit linkdump "$size" "$rep" "$(field ns "$out")" \
				"$(field units "$out")" "$(field bytes "$out")"
		done
		if [ "$ipppctl_ok" = 1 ]; then
			for rep in $(seq 1 "$CP_REPS"); do
				ns=$(time_cmd ipppctl -n "$NS_CTL" filter show) ||
					fail "ipppctl filter show failed"
				cp_emit cli-filter-show "$size" "$rep" "$ns"
				ns=$(time_cmd ip -n "$NS_CTL" link show) ||
					fail "ip link show failed"
				cp_emit cli-link-show "$size" "$rep" "$ns"
			done
		fi
		log "control plane: $size units done"
	done
	ip netns del "$NS_CTL"
}

# --- memory ----------------------------------------------------------------

# Wait until the kernel has freed what a deleted namespace held: slab and
# vmalloc use stop falling for three seconds in a row (at most 300 s).
settle()
{
	local prev=-1 cur stable=0 i

	for ((i = 0; i < 300 && stable < 3; i++)); do
		sync
		echo 3 > /proc/sys/vm/drop_caches
		cur=$(awk '/^(Slab|VmallocUsed):/ { s += $2 } END { print s }' /proc/meminfo)
		if [ "$prev" -ge 0 ] && [ $((prev - cur)) -lt 256 ]; then
			stable=$((stable + 1))
		else
			stable=0
		fi
		prev=$cur
		sleep 1
	done
}

# Emit a snapshot of kernel memory labelled $1: /proc/meminfo fields in
# KiB, vmalloc pages by caller, and slab bytes by cache.
mem_snapshot()
{
	local vmalloc slab

	vmalloc=$(awk '{
			pages = 0
			for (i = 4; i <= NF; i++)
				if ($i ~ /^pages=/)
					pages = substr($i, 7)
			caller = $3
			sub(/\+.*/, "", caller)
			if (pages > 0)
				sum[caller] += pages
		} END { for (c in sum) printf "%s %d\n", c, sum[c] }' /proc/vmallocinfo |
		jq -Rn '[inputs | split(" ") | {key: .[0], value: (.[1] | tonumber)}] | from_entries')
	slab=$(awk 'NR > 2 { printf "%s %d\n", $1, $3 * $4 }' /proc/slabinfo |
		jq -Rn '[inputs | split(" ") | {key: .[0], value: (.[1] | tonumber)}] | from_entries')
	emit --arg snapshot "$1" --argjson devices "$2" \
		--argjson meminfo "$(awk '{ sub(":", "", $1); printf "%s %d\n", $1, $2 }' /proc/meminfo |
			jq -Rn '[inputs | split(" ") | {key: .[0], value: (.[1] | tonumber)}] | from_entries')" \
		--argjson vmalloc "$vmalloc" --argjson slab "$slab" \
		'{kind: "memory", label: $snapshot, devices: $devices,
		  meminfo: $meminfo, vmalloc_pages: $vmalloc, slab_bytes: $slab}'
}

phase_memory()
{
	local batch=/tmp/bench-mem i pairs=$((MEM_UNITS / 2))

	log "memory: $MEM_UNITS ippp units, then $pairs veth pairs"
	set_jit 1
	settle
	mem_snapshot ippp-base 0
	ip netns add "$NS_MEM" || fail "cannot create namespace $NS_MEM"
	for ((i = 0; i < MEM_UNITS; i++)); do
		echo "link add m$i type ippp"
	done > "$batch"
	ip -n "$NS_MEM" -batch "$batch" || fail "creating $MEM_UNITS units failed"
	settle
	mem_snapshot ippp-units "$MEM_UNITS"
	ip netns exec "$NS_MEM" nl_bench set -p "$PASS" -a "$ACTIVE" -n "$MEM_UNITS" m >/dev/null ||
		fail "setting filters on $MEM_UNITS units failed"
	settle
	mem_snapshot ippp-filters "$MEM_UNITS"
	ip netns del "$NS_MEM"
	settle
	log "memory: units freed"

	mem_snapshot veth-base 0
	ip netns add "$NS_MEM" || fail "cannot create namespace $NS_MEM"
	for ((i = 0; i < pairs; i++)); do
		echo "link add va$i type veth peer name vb$i"
	done > "$batch"
	ip -n "$NS_MEM" -batch "$batch" || fail "creating $pairs veth pairs failed"
	settle
	mem_snapshot veth "$((2 * pairs))"
	ip netns del "$NS_MEM"
	settle
}

# --- main ------------------------------------------------------------------

# The result port must not turn "\n" into "\r\n" or echo anything back.
if [ -c "$OUT" ]; then
	stty -F "$OUT" raw -echo 2>/dev/null
fi
modprobe veth || fail "cannot load veth"
[ -d /sys/module/ippp ] || fail "the ippp module is not loaded"

emit --arg kernel "$(uname -r)" --argjson cpus "$(nproc)" \
	--argjson mem_kb "$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" \
	--arg phases "$PHASES" \
	'{kind: "vm", kernel: $kernel, cpus: $cpus, mem_kb: $mem_kb,
	  phases: ($phases | split(" "))}'
for phase in $PHASES; do
	case "$phase" in
	datapath | filter | control | memory) "phase_$phase" ;;
	*) fail "unknown phase \"$phase\"; expected datapath, filter, control or memory" ;;
	esac
done
emit '{kind: "end"}'
log "done"

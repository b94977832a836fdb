#!/usr/bin/env bash
# Makes dumpcap-two-interfaces.pcapng (see README.md): one host with two NICs, captured on
# both at once by dumpcap, so that the pcapng names its two interfaces (if_name). Needs
# root, iproute2, dumpcap (tshark's), python3. The host H has vethHa (10.50.1.5, to a
# namespace holding 10.50.1.9 and 10.50.1.10) and vethHb (192.168.60.5, to one holding
# 192.168.60.9 and 192.168.60.10); H sends UDP to all four and opens a TCP connection to
# each (refused: a SYN, then the peer's RST).
set -euo pipefail
cd "$(dirname "$0")"
H=flH$$; P=flP$$; Q=flQ$$
cleanup() { for n in $H $P $Q; do ip netns del $n 2>/dev/null || true; done; }
trap cleanup EXIT
for n in $H $P $Q; do ip netns add $n; ip -n $n link set lo up; done
ip link add vethHa netns $H type veth peer name vethP netns $P
ip link add vethHb netns $H type veth peer name vethQ netns $Q
ip -n $H addr add 10.50.1.5/24 dev vethHa; ip -n $P addr add 10.50.1.9/24 dev vethP; ip -n $P addr add 10.50.1.10/24 dev vethP
ip -n $H addr add 192.168.60.5/24 dev vethHb; ip -n $Q addr add 192.168.60.9/24 dev vethQ; ip -n $Q addr add 192.168.60.10/24 dev vethQ
for pair in "$H vethHa" "$H vethHb" "$P vethP" "$Q vethQ"; do set -- $pair; ip -n $1 link set $2 up; ip netns exec $1 sysctl -qw net.ipv6.conf.$2.disable_ipv6=1; done
sleep 1
ip netns exec $H dumpcap -q -i vethHa -i vethHb -w dumpcap-two-interfaces.pcapng >/dev/null 2>&1 &
DUMP=$!
sleep 2
for peer in 10.50.1.9 10.50.1.10 192.168.60.9 192.168.60.10; do
  ip netns exec $H python3 - "$peer" <<'PY'
import socket, sys
peer = sys.argv[1]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(2): u.sendto(b"x" * 100, (peer, 9999))
t = socket.socket(); t.settimeout(2)
try: t.connect((peer, 8080))
except OSError: pass
PY
done
sleep 1
kill -INT $DUMP; wait $DUMP || true
chmod 644 dumpcap-two-interfaces.pcapng
capinfos -I dumpcap-two-interfaces.pcapng | grep -E "Name|Number of packets"

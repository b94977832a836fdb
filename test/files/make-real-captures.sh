#!/usr/bin/env bash
# Makes the real-tool fixtures in this folder (see README.md). Needs root, iproute2,
# tcpdump, tshark's editcap/mergecap, python3. Traffic stays between two network
# namespaces this script creates on a veth pair (10.77.0.1 <-> 10.77.0.2, fd77::1 <-> fd77::2).
set -euo pipefail
cd "$(dirname "$0")"
A=flA$$; B=flB$$
cleanup() { ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; }
trap cleanup EXIT
ip netns add $A; ip netns add $B
ip link add vethA netns $A type veth peer name vethB netns $B
ip -n $A addr add 10.77.0.1/24 dev vethA; ip -n $B addr add 10.77.0.2/24 dev vethB
ip -n $A -6 addr add fd77::1/64 dev vethA nodad; ip -n $B -6 addr add fd77::2/64 dev vethB nodad
ip -n $A link set vethA up; ip -n $B link set vethB up; ip -n $A link set lo up; ip -n $B link set lo up
# Offloads off, so that tcpdump sees wire-sized frames (one segment, one record).
ip netns exec $A ethtool -K vethA tso off gso off gro off tx off rx off >/dev/null 2>&1 || true

ip netns exec $A tcpdump -i vethA -w tcpdump-veth.pcap -U -s 262144 >/dev/null 2>&1 &
DUMP=$!
sleep 1
# A TCP server in B; A connects, sends, receives; UDP both ways; ICMP echo v4 and v6;
# a ping larger than the MTU, so that it is fragmented.
ip netns exec $B python3 - <<'PY' &
import socket, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 8080)); s.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", 5353))
def udp():
    data, peer = u.recvfrom(2048); u.sendto(data.upper(), peer)
t = threading.Thread(target=udp); t.start()
c, _ = s.accept(); data = c.recv(65536); c.sendall(b"HTTP/1.0 200 OK\r\n\r\n" + b"x" * 3000); c.close()
t.join()
PY
SERVER=$!
sleep 0.5
ip netns exec $A python3 - <<'PY'
import socket
c = socket.create_connection(("10.77.0.2", 8080)); c.sendall(b"GET / HTTP/1.0\r\n\r\n")
while c.recv(65536): pass
c.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(2); u.sendto(b"hello", ("10.77.0.2", 5353)); u.recvfrom(2048)
PY
ip netns exec $A ping -c 2 -i 0.2 10.77.0.2 >/dev/null
ip netns exec $A ping -6 -c 2 -i 0.2 fd77::2 >/dev/null
ip netns exec $A ping -c 1 -s 3000 10.77.0.2 >/dev/null
wait $SERVER || true
sleep 1
kill $DUMP; wait $DUMP 2>/dev/null || true

# The same packets in other containers, made by Wireshark's own tools.
editcap -F pcapng tcpdump-veth.pcap editcap-veth.pcapng
editcap -F pcap --set-resolution 9 tcpdump-veth.pcap editcap-veth-nsec.pcap 2>/dev/null || editcap -F nsecpcap tcpdump-veth.pcap editcap-veth-nsec.pcap
gzip -9 -k -n -c editcap-veth.pcapng > editcap-veth.pcapng.gz
echo "made: tcpdump-veth.pcap editcap-veth.pcapng editcap-veth-nsec.pcap editcap-veth.pcapng.gz"

#!/usr/bin/python3
"""Stands in for systemd's NOTIFY_SOCKET: prints each sd_notify message as one line
(newlines inside a message become spaces) until STOPPING=1 arrives or the timeout passes.
usage: notify_listener.py SOCKET_PATH [TIMEOUT_SECONDS]"""
import os
import socket
import sys

path = sys.argv[1]
timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 600
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
os.chmod(path, 0o666)  # the daemon runs as the enp user
sock.settimeout(timeout)
try:
    while True:
        message = sock.recv(4096).decode(errors="replace")
        print(message.replace("\n", " "), flush=True)
        if "STOPPING=1" in message:
            break
except socket.timeout:
    pass
finally:
    os.unlink(path)

#!/usr/bin/env python3
"""Prints a value from a sevvm launch log (--launch-log): KEY of the first
event whose type is TYPE; exits 1 when there is none.

usage: log_field.py LOG TYPE KEY
"""
import json
import sys


def main():
    log, kind, key = sys.argv[1:4]
    for ev in json.load(open(log))["events"]:
        if ev["type"] == kind and key in ev:
            print(ev[key])
            return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())

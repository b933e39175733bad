#!/usr/bin/env python3
"""Parses an .eml file with Python's own e-mail parser (policy=default) and prints what it
found as JSON: an independent check of the messages sk-support writes."""
import email
import email.policy
import json
import sys


def defects(part):
    return [type(d).__name__ + ": " + str(d) for d in part.defects]


def main(path):
    with open(path, "rb") as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    found = {
        "defects": defects(msg),
        "headers": {},
        "subject": str(msg["Subject"]) if msg["Subject"] is not None else None,
        "body": None,
        "body_content_type": None,
        "body_charset": None,
        "attachments": [],
        "raw_is_ascii": all(b < 128 for b in raw),
        "raw_has_bare_lf": b"\n" in raw.replace(b"\r\n", b""),
    }
    for name, value in msg.items():
        found["headers"].setdefault(name.lower(), []).append(str(value))
    for part in msg.walk():
        found["defects"] += defects(part)
        if part.is_multipart():
            continue
        if part.get_content_disposition() == "attachment":
            found["attachments"].append({
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "bytes_hex": part.get_payload(decode=True).hex(),
            })
        elif found["body"] is None and part.get_content_type() == "text/plain":
            found["body"] = part.get_content()
            found["body_content_type"] = part.get_content_type()
            found["body_charset"] = part.get_content_charset()
    json.dump(found, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])

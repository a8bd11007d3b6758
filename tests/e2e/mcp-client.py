"""A small MCP client for t1700: speaks JSON-RPC 2.0 over the pipes of
`complaint mcp`, one message a line, and checks what it is told.

Usage: python3 mcp-client.py COMPLAINT_BIN. Prints "ok - ..." or
"not ok - ..." lines for the harness to count."""
import json
import subprocess
import sys

BIN = sys.argv[1]
results = []


def check(desc, cond, detail=""):
    results.append(cond)
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond and detail:
        for line in str(detail).splitlines()[:5]:
            print("#   " + line)


proc = subprocess.Popen([BIN, "mcp"], stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE, text=True)
next_id = 0


def request(method, params=None, notify=False):
    global next_id
    msg = {"jsonrpc": "2.0", "method": method}
    if params is not None:
        msg["params"] = params
    if not notify:
        next_id += 1
        msg["id"] = next_id
    proc.stdin.write(json.dumps(msg) + "\n")
    proc.stdin.flush()
    if notify:
        return None
    line = proc.stdout.readline()
    answer = json.loads(line)
    check("answer to %s has id %d" % (method, next_id),
          answer.get("id") == next_id and answer.get("jsonrpc") == "2.0",
          line)
    return answer


def call(name, arguments):
    return request("tools/call", {"name": name, "arguments": arguments})


init = request("initialize", {"protocolVersion": "2025-06-18",
                              "capabilities": {},
                              "clientInfo": {"name": "t1700", "version": "1"}})
r = init.get("result", {})
check("initialize: protocol version agreed",
      r.get("protocolVersion") == "2025-06-18", init)
check("initialize: the server offers tools", "tools" in r.get("capabilities", {}))
check("initialize: server name", r.get("serverInfo", {}).get("name") == "complaint")
request("notifications/initialized", notify=True)

tools = request("tools/list")["result"]["tools"]
names = sorted(t["name"] for t in tools)
commands = subprocess.run([BIN, "--list-cmds"], capture_output=True,
                          text=True).stdout.split()
# mail reads its message on standard input, which a tool call has not.
check("every command is a tool, but mcp itself and mail",
      names == sorted(c for c in commands if c not in ("mcp", "mail")),
      names)

# The commands that write (complaint(1)): their tools, and only theirs,
# take idempotency_key, passed as the global --idempotency-key.
WRITES = {"log", "ack", "assess", "escalate", "resolve", "followup",
          "assign", "amend", "void", "merge",
          "review", "reopen", "note", "import", "erase",
          "attach", "letter"}

try:
    from jsonschema import Draft202012Validator as validator
except ImportError:
    validator = None
for t in tools:
    schema = t["inputSchema"]
    ok = schema.get("type") == "object" and all(
        p.get("type") in ("string", "boolean", "array")
        for p in schema["properties"].values())
    if validator is not None:
        try:
            validator.check_schema(schema)
        except Exception as e:  # SchemaError
            ok = False
    # One source of truth: the schema's properties are the options that
    # --list-options gives the completions, and the operands.
    opts = subprocess.run([BIN, t["name"], "--list-options"],
                          capture_output=True, text=True).stdout.split()
    want = {"args": "array"}
    if t["name"] in WRITES:
        want["idempotency_key"] = "string"
    for o in opts:
        want[o[2:].rstrip("=")] = "string" if o.endswith("=") else "boolean"
    got = {k: v["type"] for k, v in schema["properties"].items()}
    check("tool %s: schema valid and equal to --list-options" % t["name"],
          ok and got == want, "%s\n%s" % (got, want))

a = call("log", {"customer": "Ann Smith", "channel": "phone",
                 "summary": "Parcel damaged"})["result"]
check("log: not an error", a["isError"] is False, a)
check("log: prints the reference", a["content"][0]["text"] == "CMP-000001", a)
check("log: exit status 0", a["structuredContent"]["exit_status"] == 0, a)

a = call("show", {"args": ["1"]})["result"]
shown = json.loads(a["content"][0]["text"])
check("show: JSON of the complaint", shown["ref"] == "CMP-000001" and
      shown["customer"] == "Ann Smith", a)
check("show: structured content is the same JSON",
      a["structuredContent"]["output"] == shown)

a = call("list", {"status": "new"})["result"]
rows = json.loads(a["content"][0]["text"])
check("list: JSON array with the complaint",
      [x["ref"] for x in rows] == ["CMP-000001"], a)

a = call("note", {"args": ["1", "--not an option"]})["result"]
check("an operand after -- is never an option", a["isError"] is False, a)

a = call("reopen", {"args": ["1"], "reason": "appeal"})["result"]
check("a forbidden step is an error result", a["isError"] is True, a)
check("... carrying status 65", a["structuredContent"]["exit_status"] == 65, a)
check("... and the command's message",
      "only resolved or closed complaints can be reopened"
      in a["content"][0]["text"], a)

a = call("list", {"overdue": True, "status": "new"})
check("a call with a flag runs", "result" in a, a)

e = call("list", {"bogus": True})
check("an unknown argument is invalid params",
      e.get("error", {}).get("code") == -32602, e)
e = call("list", {"open": "yes"})
check("a flag given a string is invalid params",
      e.get("error", {}).get("code") == -32602, e)
e = call("nosuch", {})
check("an unknown tool is invalid params",
      e.get("error", {}).get("code") == -32602, e)
e = request("no/such/method")
check("an unknown method is method not found",
      e.get("error", {}).get("code") == -32601, e)
proc.stdin.write("this is not json\n")
proc.stdin.flush()
e = json.loads(proc.stdout.readline())
check("garbage is a parse error answered with id null",
      e.get("id") is None and e["error"]["code"] == -32700, e)

# Exactly-once writes: the same key and arguments twice write once and
# answer alike; the key with other arguments is an error result of 65.
k = {"customer": "Cy Keyed", "channel": "email", "summary": "Twice sent",
     "idempotency_key": "mcp-retry-1"}
a1 = call("log", k)["result"]
a2 = call("log", k)["result"]
check("a keyed log: not an error", a1["isError"] is False, a1)
check("... retried with its key: the same answer",
      a2["isError"] is False and
      a2["content"][0]["text"] == a1["content"][0]["text"], (a1, a2))
a = call("list", {"customer": "Cy Keyed"})["result"]
check("... and one complaint", len(json.loads(a["content"][0]["text"])) == 1,
      a)
a = call("log", dict(k, summary="Other"))["result"]
check("the key with other arguments: an error result of 65",
      a["isError"] is True and a["structuredContent"]["exit_status"] == 65, a)
e = call("list", {"idempotency_key": "x"})
check("a read tool has no idempotency_key",
      e.get("error", {}).get("code") == -32602, e)
e = call("log", {"customer": "D", "channel": "email", "idempotency_key": 5})
check("a key that is not a string is invalid params",
      e.get("error", {}).get("code") == -32602, e)

proc.stdin.close()
rc = proc.wait()
check("end of input ends the server with status 0", rc == 0, rc)
sys.exit(0 if all(results) else 1)

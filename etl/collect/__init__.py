"""`newsdash collect`: the site's events over HTTP, durably into the inbox as JSON Lines.

The pieces, one module each: `settings` (the [collect] config), `validate` (a request body to
contract records, or a refusal with its reason), `spool` (the append-only inbox file: `.part`
while open, fsync, rotation, crash recovery), `commit` (group commit: requests wait for their
batch's fsync), `session` (the daily salt and the session hash), `ratelimit` (token buckets),
`health` (counters, /healthz and the state file), `app` (the Starlette routes), `server`
(uvicorn, no access log), `command` (the CLI entry) and `demo` (the collector beside
`newsdash demo`).
"""

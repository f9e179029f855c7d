-- wrk script for one page: wrk -t1 -c16 -d5s -s bench/get.lua URL -- COOKIE [ACCEPT-ENCODING]
-- Sends the session cookie (and Accept-Encoding, as a browser does), counts the answers per status
-- and prints one line "BENCH {json}" for bench/pages.py.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  if args[1] and args[1] ~= "" then wrk.headers["Cookie"] = args[1] end
  if args[2] and args[2] ~= "" then wrk.headers["Accept-Encoding"] = args[2] end
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function statuses_json()
  local merged = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses") or {}) do
      merged[code] = (merged[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(merged) do
    table.insert(parts, string.format('"%d": %d', code, count))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "mean_us": %.1f, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "statuses": %s}\n',
    summary.requests, summary.duration, summary.bytes, latency.mean, latency:percentile(50),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout, statuses_json()))
end
